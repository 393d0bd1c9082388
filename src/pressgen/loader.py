"""Load a release spec: parse, validate, resolve its references against the registry."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import images, markdown
from .errors import PressgenError, Problem
from .model import Organization, Release, localize
from .project import Project, find_project
from .registry import Registry, load_registry
from .sources import cached_doc
from .validation import validate
from .yamlsource import Loc, SourceDoc


@dataclass(frozen=True)
class LoadedRelease:
    """A valid release with everything needed to render it."""

    release: Release
    doc: SourceDoc
    registry: Registry
    project: Project
    path: Path

    def org(self, org_id: str) -> Organization:
        return self.registry.orgs[org_id]


def load_release(path: Path | str, project: Project | None = None, registry: Registry | None = None) -> LoadedRelease:
    """Everything wrong with the spec (and the registry it uses) in one PressgenError."""
    path = Path(path)
    project = project or find_project(path.parent)
    problems: list[Problem] = []
    try:
        registry = registry or load_registry(project)
    except PressgenError as exc:
        problems += exc.problems
        registry = None
    doc = cached_doc(path)
    try:
        release = validate(doc, Release)
    except PressgenError as exc:
        raise PressgenError(problems + exc.problems) from None
    problems += _markdown_problems(doc, release)
    problems += images.problems(doc, release, path.parent, project)
    if registry is not None:
        problems += _reference_problems(doc, release, registry)
        problems += _translation_problems(doc, release, project, path)
    if problems or registry is None:
        raise PressgenError(problems)
    return LoadedRelease(release, doc, registry, project, path)


def _markdown_problems(doc: SourceDoc, release: Release) -> list[Problem]:
    fields: list[Loc] = [("body",)]
    for n, entry in enumerate(release.about or []):
        if not isinstance(entry, str):
            fields += [("about", n, "text"), ("about", n, "append")]
    problems = []
    for loc in fields:
        text = doc.lookup(loc)
        if isinstance(text, str):
            problems += [doc.problem(loc, issue.message, issue.offset) for issue in markdown.issues(text)]
    return problems


def _reference_problems(doc: SourceDoc, release: Release, registry: Registry) -> list[Problem]:
    lang = release.language
    problems: list[Problem] = []

    def org_ok(loc: Loc, org_id: str) -> Organization | None:
        org = registry.orgs.get(org_id)
        if org is None:
            problems.append(doc.problem(loc, _unknown("organization", org_id, registry.orgs)))
        elif lang not in org.names:
            problems.append(doc.problem(loc, f"organization '{org_id}' has no name in {lang} in the registry"))
        return org

    for n, org_id in enumerate(release.issuers):
        org_ok(("issuers", n), org_id)
    for n, entry in enumerate(release.about_entries()):
        if release.about is None:
            loc: Loc = ("issuers", n)
        else:
            loc = ("about", n) if isinstance(release.about[n], str) else ("about", n, "org")
        org = org_ok(loc, entry.org)
        if org and entry.text is None and lang not in org.boilerplate:
            problems.append(doc.problem(loc, f"organization '{entry.org}' has no boilerplate in {lang}; add it to the registry or give text:"))
    for n, ref in enumerate(release.contacts):
        org_id, _, contact_id = ref.partition("/")
        org = org_ok(("contacts", n), org_id)
        if org and contact_id not in org.contacts:
            problems.append(doc.problem(("contacts", n), _unknown(f"contact of '{org_id}'", contact_id, org.contacts)))
    for n, quote in enumerate(release.quotes):
        loc = ("quotes", n, "speaker")
        org_id, _, person_id = quote.speaker.partition("/")
        org = org_ok(loc, org_id)
        if org is None:
            continue
        person = org.people.get(person_id)
        if person is None:
            problems.append(doc.problem(loc, _unknown(f"person of '{org_id}'", person_id, org.people)))
        elif localize(person.name, lang) is None:
            problems.append(doc.problem(loc, f"person '{quote.speaker}' has no name in {lang} in the registry"))
    return problems


def _translation_problems(doc: SourceDoc, release: Release, project: Project, path: Path) -> list[Problem]:
    if release.translation_of is None:
        return []
    loc: Loc = ("translation_of",)
    ids = release_ids(project)
    original = ids.get(release.translation_of)
    if original is None or original == path.resolve():
        return [doc.problem(loc, _unknown("release", release.translation_of, ids))]
    other = cached_doc(original).data
    if isinstance(other, dict) and other.get("language") == release.language:
        return [doc.problem(loc, f"'{release.translation_of}' is in the same language ({release.language})")]
    return []


def release_ids(project: Project) -> dict[str, Path]:
    """Release id → spec path for every spec directly under releases/."""
    found: dict[str, Path] = {}
    for spec in sorted(project.releases.glob("*.yaml")):
        try:
            data = cached_doc(spec).data
        except PressgenError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], spec.resolve())
    return found


def _unknown(kind: str, name: str, known: dict[str, object]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = ", ".join(sorted(known)) or "none"
    return f"unknown {kind} '{name}'{hint}; known: {listing}"
