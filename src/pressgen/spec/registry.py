"""The organization registry: one YAML file per organization under releases/orgs/."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressgenError, Problem
from . import markdown
from .model import LINK_LINES, Organization, Person
from .project import Project
from .sources import cached_doc, file_stamp, yaml_files
from .validation import validate
from .yamlsource import Loc, SourceDoc

# The largest organization file here, Shonan iPark's with its complete history and figures, is 22 KB.
MAX_REGISTRY_BYTES = 512_000


@dataclass(frozen=True)
class Registry:
    """Every organization of a project, with the documents they came from (for positions)."""

    orgs: dict[str, Organization]
    docs: dict[str, SourceDoc]

    def person(self, ref: object) -> Person | None:
        """The registry person an organization/person reference names; None for anyone else (an outside speaker)."""
        if not isinstance(ref, str):
            return None
        org_id, _, person_id = ref.partition("/")
        org = self.orgs.get(org_id)
        return org.people.get(person_id) if org else None


_lock = threading.Lock()
_loaded: dict[tuple[Path, tuple[tuple[str, int, int], ...]], Registry] = {}


def load_registry(project: Project) -> Registry:
    """Load and validate every organization; all problems in one error. Unchanged files are not reread."""
    paths = yaml_files(project.orgs)
    stamp = tuple((p.name, *file_stamp(p)) for p in paths)
    key = (project.orgs, stamp)
    with _lock:  # the preview and the newsroom load from several threads
        registry = _loaded.get(key)
        if registry is None:
            registry = _load(paths)
            _loaded.clear()
            _loaded[key] = registry
    return registry



def _load(paths: list[Path]) -> Registry:
    problems: list[Problem] = []
    orgs: dict[str, Organization] = {}
    docs: dict[str, SourceDoc] = {}
    for path in paths:
        try:
            org, doc = _load_org(path)
        except PressgenError as exc:
            problems += exc.problems
            continue
        if org.id != path.stem:
            problems.append(doc.problem(("id",), f"'{org.id}' must match the file name '{path.stem}'"))
        problems += _markdown_problems(doc, org)
        problems += [
            doc.problem(("approvers", n), f"'{person}' is not a person of '{org.id}'; known: {', '.join(sorted(org.people)) or 'none'}")
            for n, person in enumerate(org.approvers)
            if person not in org.people
        ]
        orgs[org.id], docs[org.id] = org, doc
    if problems:
        raise PressgenError(problems)
    return Registry(orgs, docs)


def _markdown_problems(doc: SourceDoc, org: Organization) -> list[Problem]:
    """Boilerplate is Markdown printed in every release that names the organization: the same rules apply."""
    found = []
    for lang, boilerplate in org.boilerplate.items():
        texts: list[tuple[Loc, str]] = [(("boilerplate", lang, "text"), boilerplate.text)]
        texts += [(("boilerplate", lang, "lines", n), line) for n, line in enumerate(boilerplate.lines) if line not in LINK_LINES]
        for loc, text in texts:
            found += [doc.problem(loc, issue.message, issue.offset) for issue in markdown.issues(text)]
    return found


def _load_org(path: Path) -> tuple[Organization, SourceDoc]:
    doc = cached_doc(path, MAX_REGISTRY_BYTES, "a registry file")
    return validate(doc, Organization), doc
