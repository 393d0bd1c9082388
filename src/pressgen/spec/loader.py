"""Load a release spec: parse, validate, resolve its references against the registry."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PressgenError, Problem
from . import datelines, images, markdown
from .model import LANGUAGES, Organization, Release, localize
from .project import Project, find_project
from .registry import Registry, load_registry
from .sources import cached_doc, file_stamp, yaml_files
from .validation import validate
from .yamlsource import Loc, SourceDoc


# The seed releases are 3-4 KB and a long release under 20 KB; parsing stays well under a second here,
# where a file of 900 KB took 9.5 s to refuse.
MAX_SPEC_BYTES = 128_000


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
    doc = cached_doc(path, MAX_SPEC_BYTES, "a release spec")
    release = None
    try:
        release = validate(doc, Release)
    except PressgenError as exc:
        problems += exc.problems
    # The content checks read the raw data, so that a schema error does not hide them.
    data = doc.data if isinstance(doc.data, dict) else {}
    problems += _markdown_problems(doc, data)
    problems += _placement_problems(doc, data)
    problems += _attribution_problems(doc, data)
    problems += _dateline_problems(doc, data)
    problems += images.problems(doc, data, path.parent, project)
    if registry is not None:
        problems += _reference_problems(doc, data, registry)
        problems += _translation_problems(doc, data, project, path)
        problems += _duplicate_id_problems(doc, data, project, path)
    if problems or registry is None or release is None:
        raise PressgenError(problems)
    return LoadedRelease(release, doc, registry, project, path)


def _strings(data: dict[str, Any], key: str) -> Iterator[tuple[Loc, str]]:
    """(location, text) of each string in the list `data[key]`."""
    values = data.get(key)
    for n, value in enumerate(values if isinstance(values, list) else []):
        if isinstance(value, str):
            yield (key, n), value


def _markdown_problems(doc: SourceDoc, data: dict[str, Any]) -> list[Problem]:
    fields: list[Loc] = [("body",)]
    about = data.get("about")
    for n, entry in enumerate(about if isinstance(about, list) else []):
        if isinstance(entry, dict):
            fields += [("about", n, "text"), ("about", n, "append")]
    sections = data.get("sections")
    fields += [("sections", n, "text") for n in range(len(sections) if isinstance(sections, list) else 0)]
    problems = []
    for loc in fields:
        text = doc.lookup(loc)
        if isinstance(text, str):
            problems += [doc.problem(loc, issue.message, issue.offset) for issue in markdown.issues(text)]
            if loc != ("body",):
                problems += [
                    doc.problem(loc, f"{{{{ {p.written} }}}} places nothing here: only the body places quotes and pictures", p.offset)
                    for p in markdown.placements(text)
                ]
    return problems


def _placement_problems(doc: SourceDoc, data: dict[str, Any]) -> list[Problem]:
    """Each {{ … }} line of the body names a quote or a photo of the release, once, between paragraphs."""
    body = data.get("body")
    if not isinstance(body, str):
        return []
    problems: list[Problem] = []
    seen: set[tuple[str, int]] = set()
    for placed in markdown.placements(body):
        def problem(message: str) -> None:
            problems.append(doc.problem(("body",), message, placed.offset))

        entries = data.get(placed.kind or "")
        count = len(entries) if isinstance(entries, list) else 0
        if placed.kind is None:
            problem(f"{{{{ {placed.written} }}}} places nothing: only {{{{ quotes[N] }}}} and {{{{ images[N] }}}} can stand in the body")
        elif placed.nested:
            problem(f"{{{{ {placed.written} }}}} must stand on a line of its own between paragraphs, not inside a list or a block quote")
        elif placed.index >= count:
            have = f"{placed.kind}[0] to {placed.kind}[{count - 1}]" if count else f"no {placed.kind}"
            problem(f"{placed.written} does not exist: the release has {have}")
        elif (placed.kind, placed.index) in seen:
            problem(f"{placed.written} is placed twice")
        elif placed.kind == "images" and isinstance(entries[placed.index], dict) and entries[placed.index].get("kind") == "logo":
            problem(f"{placed.written} is a logo: logos stand in the masthead; give the picture kind: photo to place it")
        seen.add((placed.kind or "", placed.index))
    return problems


def _attribution_problems(doc: SourceDoc, data: dict[str, Any]) -> list[Problem]:
    """A lead-in goes with a speaker named before the quote, the said words with one named after or inside it."""
    quotes = data.get("quotes")
    problems = []
    for n, quote in enumerate(quotes if isinstance(quotes, list) else []):
        if not isinstance(quote, dict):
            continue
        attribution = quote.get("attribution", "before")
        if attribution == "before" and "said" in quote:
            message = "said: names the speaker after the quotation; with attribution: before, write a lead_in: instead"
            problems.append(doc.problem(("quotes", n, "said"), message))
        elif attribution in ("after", "inside") and "lead_in" in quote:
            message = f"lead_in: introduces a quote named before it; with attribution: {attribution}, write said: instead"
            problems.append(doc.problem(("quotes", n, "lead_in"), message))
    return problems


def _dateline_problems(doc: SourceDoc, data: dict[str, Any]) -> list[Problem]:
    """A pasted dateline must be one of the known forms, and its date the release's: never two dates that differ."""
    value = data.get("dateline")
    if not isinstance(value, str):
        return []
    try:
        parsed = datelines.parse(value)
    except datelines.DatelineError as exc:
        return [doc.problem(("dateline",), str(exc), exc.offset)]
    try:
        release_date = dt.date.fromisoformat(str(data.get("date")))
    except ValueError:
        return []  # the schema reports the date itself
    if parsed.date is not None and parsed.date != release_date:
        message = f"the dateline says {parsed.date.isoformat()} but the release's date: is {release_date.isoformat()}"
        return [doc.problem(("dateline",), message, parsed.date_offset)]
    return []


def _reference_problems(doc: SourceDoc, data: dict[str, Any], registry: Registry) -> list[Problem]:
    # Language-dependent checks wait until the language itself is valid (reported by the schema).
    lang = data.get("language") if data.get("language") in LANGUAGES else None
    problems: list[Problem] = []

    def org_ok(loc: Loc, org_id: str) -> Organization | None:
        org = registry.orgs.get(org_id)
        if org is None:
            problems.append(doc.problem(loc, _unknown("organization", org_id, registry.orgs)))
        elif lang and lang not in org.names:
            problems.append(doc.problem(loc, f"organization '{org_id}' has no name in {lang} in the registry"))
        return org

    seen: set[str] = set()
    for loc, org_id in _strings(data, "issuers"):
        if org_id in seen:
            problems.append(doc.problem(loc, f"issuer '{org_id}' is listed twice"))
        seen.add(org_id)
        org_ok(loc, org_id)
    for loc, org_id, has_text in _about_entries(data):
        org = org_ok(loc, org_id)
        if org and lang and not has_text and lang not in org.boilerplate:
            message = f"organization '{org_id}' has no boilerplate in {lang}; add it to the registry or give text:"
            problems.append(doc.problem(loc, message))
    for loc, ref in [*_strings(data, "masthead_contacts"), *_strings(data, "contacts")]:
        org_id, _, contact_id = ref.partition("/")
        org = org_ok(loc, org_id)
        if org and contact_id not in org.contacts:
            problems.append(doc.problem(loc, _unknown(f"contact of '{org_id}'", contact_id, org.contacts)))
    quotes = data.get("quotes")
    for n, quote in enumerate(quotes if isinstance(quotes, list) else []):
        speaker = quote.get("speaker") if isinstance(quote, dict) else None
        if not isinstance(speaker, str):
            continue
        loc = ("quotes", n, "speaker")
        org_id, _, person_id = speaker.partition("/")
        org = org_ok(loc, org_id)
        person = org.people.get(person_id) if org else None
        if org and person is None:
            problems.append(doc.problem(loc, _unknown(f"person of '{org_id}'", person_id, org.people)))
        elif person and lang and localize(person.name, lang) is None:
            problems.append(doc.problem(loc, f"person '{speaker}' has no name in {lang} in the registry"))
    return problems


def _about_entries(data: dict[str, Any]) -> Iterator[tuple[Loc, str, bool]]:
    """(location, organization id, whether the release gives its own text) of each about section."""
    about = data.get("about")
    if about is None:
        for loc, org_id in _strings(data, "issuers"):
            yield loc, org_id, False
        return
    for n, entry in enumerate(about if isinstance(about, list) else []):
        if isinstance(entry, str):
            yield ("about", n), entry, False
        elif isinstance(entry, dict) and isinstance(entry.get("org"), str):
            yield ("about", n, "org"), entry["org"], isinstance(entry.get("text"), str)


def _translation_problems(doc: SourceDoc, data: dict[str, Any], project: Project, path: Path) -> list[Problem]:
    original_id = data.get("translation_of")
    if not isinstance(original_id, str):
        return []
    loc: Loc = ("translation_of",)
    ids = {i: p for i, p in release_ids(project).items() if p != path.resolve()}
    original = ids.get(original_id)
    if original is None:
        return [doc.problem(loc, _unknown("release", original_id, ids))]
    other = cached_doc(original).data
    if isinstance(other, dict) and isinstance(other.get("translation_of"), str):
        # Every language version names the one original: no chains, and so no cycles.
        root = other["translation_of"]
        return [doc.problem(loc, f"'{original_id}' is itself a translation (of '{root}'); name the original, '{root}'")]
    if isinstance(other, dict) and other.get("language") == data.get("language"):
        return [doc.problem(loc, f"'{original_id}' is in the same language ({data.get('language')})")]
    return []


def _duplicate_id_problems(doc: SourceDoc, data: dict[str, Any], project: Project, path: Path) -> list[Problem]:
    """Two specs in releases/ with one id would overwrite each other's outputs."""
    release_id = data.get("id")
    if not isinstance(release_id, str) or path.resolve().parent != project.releases.resolve():
        return []
    others = [spec for spec, other in _spec_ids(project).items() if other == release_id and spec != path.resolve()]
    return [doc.problem(("id",), f"'{release_id}' is also the id of {others[0].name}")] if others else []


def release_ids(project: Project) -> dict[str, Path]:
    """Release id → spec path for every spec directly under releases/."""
    found: dict[str, Path] = {}
    for spec, release_id in _spec_ids(project).items():
        if release_id is not None:
            found.setdefault(release_id, spec)
    return found


_id_index: dict[Path, tuple[tuple[tuple[str, int, int], ...], dict[Path, str | None]]] = {}


def _spec_ids(project: Project) -> dict[Path, str | None]:
    """Spec path → its id, for the specs under releases/; reread only when a file there changed.

    Every load asks (translations, duplicate ids): without the index a newsroom of N releases reads N² files.
    """
    specs = yaml_files(project.releases)
    stamp = tuple((p.name, *file_stamp(p)) for p in specs)
    cached = _id_index.get(project.releases)
    if cached is None or cached[0] != stamp:
        cached = (stamp, {spec.resolve(): _spec_id(spec) for spec in specs})
        _id_index[project.releases] = cached
    return cached[1]



def _spec_id(spec: Path) -> str | None:
    try:
        data = cached_doc(spec).data
    except PressgenError:
        return None
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def _unknown(kind: str, name: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = ", ".join(sorted(known)) or "none"
    return f"unknown {kind} '{name}'{hint}; known: {listing}"
