"""The project's inputs as digests: which release specs must be loaded again and which the last build still answers for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressgenError
from ..spec.project import Project
from ..spec.sources import cached_doc, yaml_files
from .fingerprint import code_digest, digest, file_digest, json_digest, tree_digest
from .records import ReleaseRecord


@dataclass(frozen=True)
class Spec:
    """A release spec file and the digest of its bytes."""

    path: Path
    name: str  # relative to the project: the key of its record
    digest: str


@dataclass(frozen=True)
class Inputs:
    specs: list[Spec]
    common: str  # digest of what every release is rendered from: code, settings, release templates, registry
    index: str  # digest of every spec's id and language: what each spec is validated against


def read_inputs(project: Project, previous: dict[str, ReleaseRecord]) -> Inputs:
    specs = []
    for path in yaml_files(project.releases):
        name = path.relative_to(project.root).as_posix()
        specs.append(Spec(path, name, file_digest(path)))
    common = digest(
        code_digest(),
        json.dumps(project.settings, sort_keys=True, default=str),
        tree_digest(project.templates, skip=project.templates / "site"),
        tree_digest(project.orgs) if project.orgs.is_dir() else "",
    )
    return Inputs(specs, common, _index_digest(specs, previous))


def release_key(project: Project, common: str, spec: Spec, images: tuple[str, ...]) -> str:
    """The digest a release's outputs are rendered from; `images` are the picture files it embeds."""
    return digest(common, spec.name, spec.digest, *(part for name in images for part in (name, file_digest(project.root / name))))


def reusable(project: Project, inputs: Inputs, spec: Spec, previous: ReleaseRecord) -> bool:
    """Whether the last build's record of `spec` still holds: rendered from the same inputs, checked against the same index."""
    return previous.index == inputs.index and previous.key == release_key(project, inputs.common, spec, previous.images)


def _index_digest(specs: list[Spec], previous: dict[str, ReleaseRecord]) -> str:
    """Each spec's id and language: ids must be unique and a translation's original must exist in another
    language, so a spec added, removed or renamed means every spec is checked again (not rendered again).

    An unchanged spec's come from its record; only edited specs are parsed here.
    """
    index = []
    for spec in specs:
        record = previous.get(spec.name)
        if record is not None and record.spec_digest == spec.digest:
            index.append((spec.name, record.id, record.language))
            continue
        try:
            data = cached_doc(spec.path).data
        except PressgenError:
            data = None  # its load will say what is wrong
        if isinstance(data, dict):
            index.append((spec.name, str(data.get("id")), str(data.get("language"))))
        else:
            index.append((spec.name, "", ""))
    return json_digest(index)
