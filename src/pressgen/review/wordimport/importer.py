"""The import: identify the release and version of a returned DOCX, take each tracked change and comment back to its
field, merge three-way with the spec as it is now, and write the spec and the comments as one step (or nothing)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import PressgenError, Problem
from ...output import write_atomic
from ...render.page import render_page
from ...spec.content import content_hash, short_hash
from ...spec.loader import LoadedRelease, load_release, release_ids
from ...spec.project import find_project
from ...spec.sources import cached_doc
from ...spec.yamledit import keeping_line_endings, replace_strings
from ...spec.yamlsource import Loc, display_path, dotted
from ...writers.docx.writer import write as write_docx
from ..approval_log import WordComment, open_log
from ..approval_settings import load_approve_settings, store_path
from ..comments import nearest
from ..versions import loaded_with, record_version
from ..diff import past_version
from .mapping import Alignment, Located, Source, escaped, formatted, markdown_field, normalized, sources_for
from .marked import Change, Comment, Marked, Paragraph, Revision, read_marked, tracked_in
from .package import Package, open_package, read_package


_OBJECT = ("inserted a picture, a chart or a text box: not imported: pictures are placed in the spec (its pictures "
           "and {{ }} lines), and text is written into its fields")
_TEMPLATES_MARGIN = ("the template writes the page headers and footers (from the date, the issuers' names, the "
                     "version); change those in the spec or registry")
_NO_NOTES = "a release has no footnotes; write it into the text in the spec"
_MARGINS = {"header": ("the page header", _TEMPLATES_MARGIN), "footer": ("the page footer", _TEMPLATES_MARGIN),
            "footnotes": ("a footnote", _NO_NOTES), "endnotes": ("an endnote", _NO_NOTES)}


@dataclass(frozen=True)
class Edit:
    """value[start:end] of one field becomes `text`, by a reviewer (author empty for an edit made without tracking)."""

    source: Source
    start: int
    end: int
    text: str
    by: Revision

    @property
    def old(self) -> str:
        return self.source.value[self.start:self.end]

    def shown(self, around: int = 8) -> tuple[str, str]:
        """The field's text before and after the edit, with a little of the text around it, each on one line."""
        value = self.source.value
        before, after = value[max(self.start - around, 0):self.start], value[self.end:self.end + around]
        return one_line(f"…{before}{self.old}{after}…"), one_line(f"…{before}{self.text}{after}…")


@dataclass
class ImportResult:
    spec: Path
    release: str
    version: str  # the short hash the DOCX was made from
    base: str  # where the version read was found when it is not the spec as it is: a git commit, or the approval record
    changed: dict[str, list[Edit]] = field(default_factory=dict)  # field of the spec → its edits
    registry: list[str] = field(default_factory=list)  # located reports of edits to registry text
    not_imported: list[str] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)  # open
    resolved: list[WordComment] = field(default_factory=list)  # resolved in Word: they resolve the same ones recorded
    new_comments: int = 0
    approvals: list[str] = field(default_factory=list)  # approvals that no longer match
    patch: str = ""
    written: bool = False


def import_review(docx: Path, spec: Path | None = None, dry_run: bool = False) -> ImportResult:
    """Bring the tracked changes and comments of `docx` into the release's spec (found from the DOCX's marks when
    `spec` is None); with `dry_run` nothing is written and the result's patch says what would be."""
    package = open_package(docx)
    release_id, content = _identity(package)
    spec = _spec_of(package, release_id, spec)
    current = load_release(spec)
    if current.release.id != release_id:
        other = release_ids(current.project).get(release_id)
        where = f"; its spec is {display_path(other)}, which the import finds without RELEASE" if other else ""
        raise PressgenError([current.doc.problem(("id",), f"{package.path} is a DOCX of release '{release_id}', not of this one "
                                                  f"('{current.release.id}'){where}; nothing was imported")])
    marked = read_marked(package.document, package.comments, package.comments_extended)
    _check_marks(package, marked, content)
    with ExitStack() as stack:
        if content_hash(current) == content:
            base, revision = current, ""
        else:
            commit = package.manifest.commit.rstrip("+") if package.manifest else ""
            found = stack.enter_context(past_version(spec, content, first=commit))
            if found is None:
                raise PressgenError([current.doc.problem(("id",), (
                    f"{package.path} was made from version {content[:12]}, which is neither the spec now "
                    f"({short_hash(current)}), nor kept in the approval record, nor in its git history; commit a spec "
                    "(or send it with pressgen approve request) before it goes out for review"))])
            revision, base = found
        result = ImportResult(spec, release_id, content[:12], revision)
        edits, comments = _edits(package, marked, base, current, result)
        values = _merged(current, base, edits, result)
        stored = [_stored(c, release_id, content[:12]) for c in comments]
        result.comments = [c for c in stored if not c.resolved_at]
        result.resolved = [c for c in stored if c.resolved_at]
        original = spec.read_bytes().decode("utf-8")
        text = keeping_line_endings(original, lambda lf: replace_strings(lf, current.doc.path, values)) if values else original
        new = stack.enter_context(loaded_with(current, text)) if text != original else None  # a spec that loads
        name = display_path(spec)
        result.patch = "".join(difflib.unified_diff(original.splitlines(True), text.splitlines(True), name, name))
        if text != original:
            result.approvals = [f"{a.org}/{a.person} approved version {a.content} on {a.date}: it no longer matches "
                                f"(the content changed); ask for approval again" for a in current.release.approvals]
        if not dry_run:
            _write(current, base, new, spec, original, text, result)
    return result


def _identity(package: Package) -> tuple[str, str]:
    manifest = package.manifest
    release = manifest.release if manifest else package.properties.get("pressgen release", "")
    content = manifest.content if manifest else package.properties.get("pressgen content", "")
    if not release or len(content) != 64:
        raise PressgenError([package.problem("not a DOCX that pressgen built: it has no source marks (release and "
                                             "version); import reads only the DOCX pressgen sent for review")])
    return release, content


def _spec_of(package: Package, release_id: str, spec: Path | None) -> Path:
    if spec is not None:
        return spec
    project = find_project(Path.cwd())
    found = release_ids(project).get(release_id)
    if found is None:
        raise PressgenError([package.problem(f"it is a DOCX of release '{release_id}', which is not in {display_path(project.releases)}; "
                                             "name the spec: pressgen review import REVIEWED.docx RELEASE")])
    return found


def _check_marks(package: Package, marked: Marked, content: str) -> None:
    if not marked.paragraphs:
        raise PressgenError([package.problem(
            "its source marks were deleted (no paragraph carries one): import cannot tell which field a change "
            "belongs to; have the reviewer edit the DOCX pressgen sent, with Track Changes on", "word/document.xml")])
    foreign = {p.prefix for p in marked.paragraphs if p.prefix != content[:8]}
    if foreign:
        raise PressgenError([package.problem(
            f"it holds paragraphs of other versions or releases (marks {', '.join(sorted(foreign))}, "
            f"this version is {content[:8]}): copied from another DOCX; nothing was imported", "word/document.xml")])


def _edits(package: Package, marked: Marked, base: LoadedRelease, current: LoadedRelease,
           result: ImportResult) -> tuple[list[Edit], list[tuple[Located | None, Comment]]]:
    """Each change of the DOCX as an edit of the text it came from; registry text and what cannot be placed reported."""
    fresh = read_package(write_docx(render_page(base)), package.path)
    originals = {p.block: p for p in read_marked(fresh.document).paragraphs}
    blocks = {b.n: b for b in fresh.manifest.blocks} if fresh.manifest else {}
    fields = {n: b.field for n, b in blocks.items()}
    alignments: dict[int, Alignment] = {}
    edits: list[Edit] = []

    def alignment(block: int) -> Alignment:
        if block not in alignments:
            mark = blocks.get(block)
            sources = sources_for(base, mark.field, mark.part) if mark else []
            alignments[block] = Alignment(normalized(originals[block].after)[0], sources)
        return alignments[block]

    for paragraph in marked.paragraphs:
        where = f"{fields.get(paragraph.block, '?')} (paragraph {paragraph.block + 1} of the DOCX)"
        if paragraph.block not in originals:
            result.not_imported.append(f"{where}: this version has no such paragraph")
            continue
        page_field = fields.get(paragraph.block, "")
        for change in _changes(paragraph, originals[paragraph.block]):
            place = (f"the template writes this line from the spec's {page_field}: change {page_field}: in the spec"
                     if formatted(page_field) else alignment(paragraph.block).locate(change.start, change.end))
            old = alignment(paragraph.block).text[change.start:change.end]
            said = _said(old, change.text, change.by)
            if isinstance(place, str):
                result.not_imported.append(f"{where}: {said}: not imported: {place}")
            elif place.source.registry:
                result.registry.append(f"{_registry_place(current, place)}: {said}: registry text, not written into "
                                       f"the release; the owner of {place.source.registry}'s entry decides")
            elif "\n\n" in change.text and not _takes_paragraphs(place):
                result.not_imported.append(f"{where}: {said}: not imported: a new paragraph goes only into Markdown "
                                           "text (the body, a quote, an About text), outside lists and tables")
            elif not change.text and change.start == 0 and change.end == len(alignment(paragraph.block).text):
                result.not_imported.append(f"{where}: {said}: not imported: the whole paragraph is deleted; remove it "
                                           "in the spec")
            else:
                edits.append(Edit(place.source, place.start, place.end, escaped(change.text, place.source.loc), change.by))
        if paragraph.joined is not None:
            result.not_imported.append(f"{where}: {paragraph.joined.author or 'someone'} joined it with the next "
                                       "paragraph: not imported: paragraphs are joined in the spec")
        for by in paragraph.objects:
            result.not_imported.append(f"{where}: {by.author or 'someone'} {_OBJECT}")
        for by, text in paragraph.formatting:
            result.not_imported.append(f"{where}: {by.author or 'someone'} changed the formatting of 「{text}」: not imported "
                                       "(emphasis is written in the spec's Markdown)")
    for member, root in package.margins.items():
        kind = re.sub(r"\d+$", "", member.split("/")[-1].removesuffix(".xml"))
        name, why = _MARGINS[kind]
        result.not_imported += [f"{name} ({member}): {_said(old, new, by)}: not imported: {why}"
                                for old, new, by in tracked_in(root)]
    for after, text, by in marked.unmarked:
        at = f"after {fields.get(after, '?')} (paragraph {after + 1} of the DOCX)" if after is not None else "before the first paragraph"
        who = (by.author if by else '') or 'someone'
        result.not_imported.append(f"{at}: {who} added a paragraph 「{_short(text)}」: not imported: a new paragraph is "
                                   "written in the spec" if text else f"{at}: {who} {_OBJECT}")
    comments: list[tuple[Located | None, Comment]] = []
    for comment in marked.comments:
        place: Located | str | None = None
        if comment.block is not None and formatted(fields.get(comment.block, "")):
            place = Located(Source(base.doc, (fields[comment.block],), ""), 0, 0)  # the date line: at date:
        elif comment.block is not None and comment.block in originals:
            a = alignment(comment.block)
            start, end = _normalized_span(marked, comment.block, comment.start, comment.end)
            place = a.locate(start, end) if end > start else a.locate(start, start)
            if isinstance(place, str):  # it marks template text too: the field it is in, as a whole
                source = a.source_at(start)
                place = Located(source, 0, 0) if source else None
        comments.append((place if isinstance(place, Located) else None, comment))
    return edits, comments


def _registry_place(current: LoadedRelease, place: Located) -> str:
    """file:line:col: field of registry text in the registry as it is now (the version read may be an older one's):
    at the text the change was made on where it still is, else at the field."""
    source = place.source
    doc = current.registry.docs.get(source.registry, source.doc)
    value = doc.lookup(source.loc)
    marked = source.value[place.start:place.end] or source.value[place.start:place.start + 10]
    offset = place.start if value == source.value else nearest(value, marked, place.start)
    line, col = doc.where(source.loc, offset)
    return f"{doc.path}:{line}:{col}: {source.field}"


def _changes(paragraph: Paragraph, original: Paragraph) -> list[Change]:
    """The paragraph's changes in normalized offsets of the text pressgen wrote: its tracked changes when the text
    before them is that text, else the differences from it (edits made with Track Changes off)."""
    before, offsets = normalized(paragraph.before)
    written = normalized(original.after)[0]
    if before == written:
        return [Change(offsets[c.start], offsets[c.end], text, c.by) for c in paragraph.changes
                if (text := normalized(c.text, keep_breaks=True)[0]) != before[offsets[c.start]:offsets[c.end]]]
    written, after = normalized(original.after, keep_breaks=True)[0], normalized(paragraph.after, keep_breaks=True)[0]
    untracked = Revision("", "")
    matcher = difflib.SequenceMatcher(None, written, after, autojunk=False)
    return [Change(i1, i2, after[j1:j2], untracked) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _normalized_span(marked: Marked, block: int, start: int, end: int) -> tuple[int, int]:
    paragraph = next(p for p in marked.paragraphs if p.block == block)
    offsets = normalized(paragraph.before)[1]
    clip = len(offsets) - 1
    return offsets[min(start, clip)], offsets[min(end, clip)]


def _said(old: str, new: str, by: Revision) -> str:
    who = by.author or "an edit made without Track Changes"
    if by.moved:
        return f"{who} moved 「{_short(new)}」 here" if new else f"{who} moved 「{_short(old)}」 away"
    if not old:
        return f"{who} inserted 「{_short(new)}」"
    if not new:
        return f"{who} deleted 「{_short(old)}」"
    return f"{who} replaced 「{_short(old)}」 with 「{_short(new)}」"


def one_line(text: str) -> str:
    """`text` with its paragraph breaks (¶) and line breaks (⏎) shown as marks."""
    return text.replace("\n\n", " ¶ ").replace("\n", " ⏎ ")


def _short(text: str, limit: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _takes_paragraphs(place: Located) -> bool:
    """Whether a paragraph break may go at `place`: Markdown text, on a line that is no list item or table row."""
    value = place.source.value
    line = value[value.rfind("\n", 0, place.start) + 1:]
    return bool(markdown_field(place.source.loc) and not re.match(r"\s*(?:[-*+]|\d+[.)]|\|)\s", line))


def _merged(current: LoadedRelease, base: LoadedRelease, edits: list[Edit], result: ImportResult) -> dict[Loc, str]:
    """New values of the spec's fields: the reviewer's edits applied to the version they read, carried over to the spec
    as it is now where the fields (or the stretches of a field) changed since do not overlap them; else refused."""
    by_loc: dict[Loc, list[Edit]] = {}
    for edit in edits:
        by_loc.setdefault(edit.source.loc, []).append(edit)
    values: dict[Loc, str] = {}
    conflicts = []
    for loc, group in by_loc.items():
        group.sort(key=lambda e: (e.start, e.end))
        kept: list[Edit] = []
        for edit in group:
            if kept and edit.start < kept[-1].end:
                result.not_imported.append(f"{dotted(loc)}: {_said(edit.old, edit.text, edit.by)}: not imported: it "
                                           "overlaps another change of the same text")
                continue
            kept.append(edit)
        base_value = base.doc.lookup(loc)
        now = current.doc.lookup(loc)
        if not isinstance(now, str):
            conflicts.append(current.doc.problem(loc[:1], f"the review changes {dotted(loc)}, which the spec no longer has"))
            continue
        if isinstance(base_value, str) and _apply(base_value, [(e.start, e.end, e.text) for e in kept]) == now:
            continue  # the field reads as the reviewer left it: this copy was imported before
        shifted = _rebased(base_value, now, kept)
        if shifted is None:
            conflicts.append(current.doc.problem(loc, f"changed in the spec since version {result.version} (found in "
                                                      f"{result.base}) and by the review at the same place: merge by hand"))
            continue
        value = _apply(now, shifted)
        if value != now:
            values[loc] = value
            result.changed[dotted(loc)] = kept
    if conflicts:
        raise PressgenError(conflicts)
    return values


def _apply(value: str, spans: list[tuple[int, int, str]]) -> str:
    """`value` with each value[start:end] (apart from each other) replaced by its text."""
    for start, end, text in sorted(spans, reverse=True):
        value = value[:start] + text + value[end:]
    return value


def _rebased(base: str, now: str, edits: list[Edit]) -> list[tuple[int, int, str]] | None:
    """The edits (offsets in `base`) as offsets in `now`; None when one touches a stretch that changed since."""
    if base == now:
        return [(e.start, e.end, e.text) for e in edits]
    changes = [op for op in difflib.SequenceMatcher(None, base, now, autojunk=False).get_opcodes() if op[0] != "equal"]
    out = []
    for edit in edits:
        delta, done = 0, False
        for _, i1, i2, j1, j2 in changes:
            if i2 < edit.start:
                delta += (j2 - j1) - (i2 - i1)
            elif i1 > edit.end:
                break
            elif now[j1:j2] == edit.text and (i1, i2) == (edit.start, edit.end) or _applied(base, now, edit):
                done = True  # the spec made this very change already (this copy was imported before)
            else:
                return None  # the same stretch (or a point at its edge) changed on both sides
        if not done:
            out.append((edit.start + delta, edit.end + delta, edit.text))
    return out


def _applied(base: str, now: str, edit: Edit) -> bool:
    """Whether `now` reads as `base` with this edit made, around it (differences elsewhere aside)."""
    before, after = base[max(edit.start - 20, 0):edit.start], base[edit.end:edit.end + 20]
    return before + edit.text + after in now


def _stored(item: tuple[Located | None, Comment], release: str, version: str) -> WordComment:
    place, comment = item
    source = place.source if place else None
    quote = source.value[place.start:place.end] if place and source else ""
    dated = re.match(r"(\d{4})-\d\d-\d\d", comment.date)
    day = comment.date if dated and int(dated[1]) > 1900 else ""  # a suite's 0000-00-00: undated, the same each import
    resolved = dt.datetime.now(dt.timezone.utc).isoformat() if comment.done else ""
    return WordComment(
        release, version, comment.author or "reviewer", day,
        source.registry if source else "", source.field if source else "", quote, place.start if place else 0,
        comment.text, resolved,
    )


def _write(current: LoadedRelease, base: LoadedRelease, new: LoadedRelease | None, spec: Path, original: str, text: str,
           result: ImportResult) -> None:
    """The spec, the comments and the versions before and after as one step: the record's transaction commits only
    once the spec is written. Keeping both versions lets the next reviewer's copy of either merge without git."""
    log = open_log(store_path(current.project, load_approve_settings(current.project)), must_exist=True)
    assert log is not None

    def spec_write() -> None:
        record_version(base, log)
        if text != original:
            if spec.read_bytes().decode("utf-8") != original:
                raise PressgenError([Problem(display_path(spec), 1, 1, "", "the spec changed while importing; run the import again")])
            write_atomic(spec, text.encode("utf-8"))
            cached_doc(spec)
            result.written = True
        if new is not None:
            record_version(new, log)

    try:
        result.new_comments = log.add_comments(result.comments + result.resolved, spec_write)
    finally:
        log.close()
