"""The source-marked paragraphs of a DOCX with their tracked changes (w:ins, w:del, w:moveFrom/To, w:rPrChange) and the
comments on them, each as offsets into the paragraph's text as pressgen wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...writers.docx import sourcemarks
from .package import W

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}
_SKIPPED = {W + "instrText", W + "delInstrText", W + "pPr", W + "rPr", W + "txbxContent", W + "p"}
_OBJECTS = (W + "drawing", W + "pict", W + "object", "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent")
_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "\u2011"}


@dataclass(frozen=True)
class Revision:
    """Who made a tracked change, and when (as Word wrote it)."""

    author: str
    date: str
    moved: bool = False


@dataclass(frozen=True)
class Change:
    """Text `before[start:end]` became `text` (an insertion when start == end)."""

    start: int
    end: int
    text: str
    by: Revision


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str
    text: str
    done: bool  # Word's "resolve" (w15:done)
    start: int = 0  # the text the comment marks, as offsets into the paragraph's text before the changes
    end: int = 0
    block: int | None = None  # None: the comment marks no pressgen paragraph


@dataclass
class Paragraph:
    """One block of the page as the DOCX has it now: its text before and after the reviewer's tracked changes."""

    block: int  # its number in the page, from the source mark
    prefix: str  # the content hash prefix its mark names
    before: str = ""
    after: str = ""
    changes: list[Change] = field(default_factory=list)
    formatting: list[tuple[Revision, str]] = field(default_factory=list)  # w:rPrChange: who, on which text
    joined: Revision | None = None  # who deleted its end, joining it with the next block
    objects: list[Revision] = field(default_factory=list)  # who inserted a picture, a chart or a text box in it


@dataclass
class Marked:
    paragraphs: list[Paragraph]
    comments: list[Comment]
    unmarked: list[tuple[int | None, str, Revision | None]]  # text the reviewer added outside any block: (after block, text, by)


def read_marked(document: Any, comments_part: Any | None = None, extended: Any | None = None) -> Marked:
    """Every source-marked block of `document` (a parsed word/document.xml). A table is one block (its first cell
    carries the mark), its cells' paragraphs joined by line breaks. Paragraphs without a mark after a marked one are
    its continuation — a reviewer pressed Enter inside it or after it — joined by a paragraph break ("\n\n"), itself
    a tracked insertion when Word or LibreOffice tracked the new paragraph mark."""
    body = document.find(f"{W}body")
    units: list[tuple[bool, list[Any]]] = []  # (a table, its paragraphs)
    for child in (body if body is not None else []):
        paragraphs_of = [child] if child.tag == W + "p" else list(child.iter(W + "p")) if child.tag == W + "sdt" else []
        if child.tag == W + "tbl":
            units.append((True, list(child.iter(W + "p"))))
        for p in paragraphs_of:
            if units and not units[-1][0] and not _has_mark(p) and _has_mark(units[-1][1][0]):
                units[-1][1].append(p)
            else:
                units.append((False, [p]))
    paragraphs, unmarked = [], []
    ranges: dict[str, tuple[int, int, int]] = {}  # comment id → (block, start, end)
    for table, unit in units:
        walk = _Walk()
        for n, p in enumerate(unit):
            if n and table:
                walk.add("\n", None, False)
            elif n:
                walk.add("\n\n", *_mark_revision(unit[n - 1]))
            walk.paragraph(p)
        if walk.mark is None:
            added = "".join(t for t, state, _ in walk.segments if state == "ins").strip()
            if added or walk.objects:
                unmarked.append((paragraphs[-1].block if paragraphs else None, added, walk.first_revision()))
            continue
        paragraph = walk.result()
        paragraph.joined = _mark_revision(unit[-1])[0] if not table and _mark_revision(unit[-1])[1] else None
        paragraphs.append(paragraph)
        for cid, (start, end) in walk.ranges.items():
            ranges.setdefault(cid, (paragraph.block, start, paragraph.before.__len__() if end is None else end))
    return Marked(paragraphs, _comments(comments_part, extended, ranges), unmarked)


def _has_mark(p: Any) -> bool:
    return any(sourcemarks.parse_bookmark(b.get(W + "name", "")) for b in p.iter(W + "bookmarkStart"))


def _mark_revision(p: Any) -> tuple[Revision | None, bool]:
    """The tracked change of a paragraph's own mark (its end): (who, whether deleted), or (None, False)."""
    for tag, deleted in ((W + "ins", False), (W + "del", True)):
        found = p.find(f"{W}pPr/{W}rPr/{tag}")
        if found is not None:
            return Revision(found.get(W + "author", ""), found.get(W + "date", "")), deleted
    return None, False


class _Walk:
    """Text segments of one block's paragraphs in document order: same, inserted or deleted, with their revision."""

    def __init__(self) -> None:
        self.segments: list[tuple[str, str, Revision | None]] = []
        self.formatting: list[tuple[Revision, str]] = []
        self.objects: list[Revision] = []
        self.ranges: dict[str, tuple[int, int | None]] = {}
        self.before = 0
        self.mark: tuple[str, int] | None = None

    def add(self, text: str, state: Revision | None, deleted: bool) -> None:
        kind = "same" if state is None else ("del" if deleted else "ins")
        self.segments.append((text, kind, state))
        if kind != "ins":
            self.before += len(text)

    def paragraph(self, p: Any) -> None:
        self.element(p, None, False)

    def element(self, element: Any, state: Revision | None, deleted: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag in _DELETED and state is not None and not deleted:
                continue  # text one reviewer inserted and another deleted: never in the document pressgen wrote
            if tag in _INSERTED or tag in _DELETED:
                by = Revision(child.get(W + "author", ""), child.get(W + "date", ""), tag in (W + "moveTo", W + "moveFrom"))
                self.element(child, by, tag in _DELETED)
            elif tag == W + "bookmarkStart":
                mark = sourcemarks.parse_bookmark(child.get(W + "name", ""))
                self.mark = self.mark or mark
            elif tag == W + "commentRangeStart":
                self.ranges.setdefault(child.get(W + "id", ""), (self.before, None))
            elif tag == W + "commentRangeEnd":
                cid = child.get(W + "id", "")
                start = self.ranges.get(cid, (0, None))[0]
                self.ranges[cid] = (start, self.before)
            elif tag == W + "r":
                self.run(child, state, deleted)
            else:  # hyperlinks, smart tags, simple fields, content controls inside the paragraph: their runs count
                self.element(child, state, deleted)

    def run(self, run: Any, state: Revision | None, deleted: bool) -> None:
        text = []
        for child in run:
            if child.tag in (W + "t", W + "delText"):
                text.append(child.text or "")
            elif child.tag in _CHARS:
                text.append(_CHARS[child.tag])
        joined = "".join(text)
        if joined:
            self.add(joined, state, deleted)
        if state is not None and not deleted and any(child.tag in _OBJECTS for child in run):
            self.objects.append(state)
        change = run.find(f"{W}rPr/{W}rPrChange")
        if change is not None and joined:
            self.formatting.append((Revision(change.get(W + "author", ""), change.get(W + "date", "")), joined))

    def first_revision(self) -> Revision | None:
        return next((by for _, kind, by in self.segments if by is not None), None)

    def result(self) -> Paragraph:
        assert self.mark is not None
        paragraph = Paragraph(self.mark[1], self.mark[0], formatting=self.formatting, objects=self.objects)
        paragraph.changes, paragraph.before, paragraph.after = self.changes()
        return paragraph

    def changes(self) -> tuple[list[Change], str, str]:
        """The tracked changes as offsets into the text before them; that text, and the text after."""
        changes: list[Change] = []
        before: list[str] = []
        after: list[str] = []
        pending: tuple[int, list[str], list[str], Revision] | None = None  # start, deleted, inserted, by
        for text, kind, by in [*self.segments, ("", "same", None)]:
            if kind == "same":
                if pending is not None:
                    start, gone, added = pending[0], "".join(pending[1]), "".join(pending[2])
                    changes.append(Change(start, start + len(gone), added, pending[3]))
                    pending = None
                before.append(text)
                after.append(text)
                continue
            assert by is not None
            if pending is None:
                pending = (sum(map(len, before)), [], [], by)
            (pending[1] if kind == "del" else pending[2]).append(text)
            (before if kind == "del" else after).append(text)
        return changes, "".join(before), "".join(after)


def tracked_in(part: Any) -> list[tuple[str, str, Revision]]:
    """(old text, new text, by) of every tracked change in a part of the document pressgen marks no paragraph of
    (a header, a footer, the footnotes)."""
    found = []
    for p in part.iter(W + "p"):
        walk = _Walk()
        walk.paragraph(p)
        changes, before, _ = walk.changes()
        found += [(before[c.start:c.end], c.text, c.by) for c in changes]
    return found


def _comments(part: Any | None, extended: Any | None, ranges: dict[str, tuple[int, int, int]]) -> list[Comment]:
    if part is None:
        return []
    done: dict[str, bool] = {}
    parents: dict[str, str] = {}
    if extended is not None:
        for entry in extended.iter(W15 + "commentEx"):
            done[entry.get(W15 + "paraId", "")] = entry.get(W15 + "done") == "1"
            if entry.get(W15 + "paraIdParent"):
                parents[entry.get(W15 + "paraId", "")] = entry.get(W15 + "paraIdParent", "")
    by_para: dict[str, str] = {}  # a comment's last paragraph id → its comment id
    found = []
    for comment in part.iter(W + "comment"):
        cid = comment.get(W + "id", "")
        paras = list(comment.iter(W + "p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in paras).strip()
        para_id = paras[-1].get(W14 + "paraId", "") if paras else ""
        by_para[para_id] = cid
        found.append((cid, para_id, comment.get(W + "author", ""), comment.get(W + "date", ""), text))
    comments = []
    for cid, para_id, author, date, text in found:
        where = ranges.get(cid)
        parent = by_para.get(parents.get(para_id, ""))
        if where is None and parent is not None:
            where = ranges.get(parent)  # a reply marks the text its thread marks
        resolved = done.get(para_id, False) or done.get(parents.get(para_id, ""), False)
        block, start, end = where if where else (None, 0, 0)
        comments.append(Comment(cid, author, date, text, resolved, start, end, block))
    return comments
