"""The language versions of a release (translation_of), each rendered once for mailing: HTML, plain text, PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build import load_all
from ..errors import PressgenError
from ..render.page import render_page
from ..render.typography import CJK_LANGUAGES
from ..spec.content import content_hash
from ..spec.loader import LoadedRelease, release_ids
from ..spec.project import Project
from ..spec.sources import cached_doc
from ..writers import WRITERS
from .plaintext import page_text


@dataclass(frozen=True)
class Edition:
    """One language version rendered once; every message in that language is made from it."""

    loaded: LoadedRelease
    html: str
    text: str
    pdf: bytes | None
    content_hash: str

    @property
    def release_id(self) -> str:
        return self.loaded.release.id


def family(project: Project, release_id: str) -> dict[str, Path]:
    """Id → spec of the original release and of every translation of it, from the specs as written."""
    ids = release_ids(project)

    def original_of(some_id: str) -> str | None:
        data = cached_doc(ids[some_id]).data if some_id in ids else None
        value = data.get("translation_of") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    root = original_of(release_id) or release_id
    return {some_id: path for some_id, path in ids.items() if some_id == root or original_of(some_id) == root}


def language_versions(loaded: LoadedRelease) -> dict[str, LoadedRelease]:
    """Language → version of this release; the original is under its own language. All must validate."""
    others = [path for some_id, path in family(loaded.project, loaded.release.id).items() if some_id != loaded.release.id]
    versions = [loaded, *(load_all(others, loaded.project) if others else [])]
    by_language: dict[str, LoadedRelease] = {}
    problems = []
    for version in versions:
        first = by_language.setdefault(version.release.language, version)
        if first is not version:
            message = f"'{first.release.id}' is in {version.release.language} too; keep one version per language"
            problems.append(version.doc.problem(("language",), message))
    if problems:
        raise PressgenError(problems)
    return by_language


def original(versions: dict[str, LoadedRelease]) -> LoadedRelease:
    return next(v for v in versions.values() if v.release.translation_of is None)


def start_edition(loaded: LoadedRelease, attach_pdf: bool) -> Callable[[], Edition]:
    """Render the page now and send its PDF off to the PDF worker; the returned function waits for it."""
    page = render_page(loaded)
    pdf = WRITERS["pdf"].start(page) if attach_pdf else lambda: None
    bullet = "・" if loaded.release.language in CJK_LANGUAGES else "- "
    text, digest = page_text(page.html, bullet), content_hash(loaded)
    return lambda: Edition(loaded, page.html, text, pdf(), digest)
