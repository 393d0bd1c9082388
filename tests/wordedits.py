"""A reviewer's edits written into a pressgen DOCX with python-docx, as Word writes them: w:del runs with w:delText, a
w:ins run after them, comments anchored by commentRangeStart/End (the test's stand-in for a person in Word)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from pressgen.writers.docx import sourcemarks

DATE = "2026-04-23T10:15:00Z"


class Reviewer:
    """Opens a DOCX; `replace`, `insert`, `delete` and `comment` act on the text of one block's paragraph."""

    def __init__(self, path: Path, author: str = "田中 一郎"):
        self.document = docx.Document(str(path))
        self.author = author
        self.next_id = 9000

    def paragraph(self, block: int) -> Any:
        for p in self.document.element.body.iter(qn("w:p")):
            for mark in p.iter(qn("w:bookmarkStart")):
                found = sourcemarks.parse_bookmark(mark.get(qn("w:name")))
                if found and found[1] == block:
                    return p
        raise LookupError(f"no paragraph of block {block}")

    def holding(self, block: int, text: str) -> Any:
        """The paragraph of the block that holds `text`: its own, or for a table (marked on its first cell) a cell's."""
        p = self.paragraph(block)
        table = next((a for a in p.iterancestors(qn("w:tbl"))), None)
        for candidate in [p, *(table.iter(qn("w:p")) if table is not None else [])]:
            try:
                self._find(candidate, text)
                return candidate
            except ValueError:
                continue
        raise LookupError(f"no {text!r} in block {block}")

    def _runs(self, p: Any, start: int, end: int) -> list[Any]:
        """The runs covering text[start:end] of paragraph p, splitting runs at the two ends."""
        covered, offset = [], 0
        for r in list(p.iter(qn("w:r"))):
            t = r.find(qn("w:t"))
            if t is None or r.getparent().tag in (qn("w:del"), qn("w:ins")):
                continue
            text = t.text or ""
            lo, hi = offset, offset + len(text)
            offset = hi
            if hi <= start or lo >= end:
                continue
            cut_start, cut_end = max(start - lo, 0), min(end - lo, len(text))
            if cut_end < len(text):
                tail = copy.deepcopy(r)
                tail.find(qn("w:t")).text = text[cut_end:]
                r.addnext(tail)
            if cut_start > 0:
                head = copy.deepcopy(r)
                head.find(qn("w:t")).text = text[:cut_start]
                r.addprevious(head)
            t.text = text[cut_start:cut_end]
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            covered.append(r)
        return covered

    def _find(self, p: Any, text: str) -> tuple[int, int]:
        """Offsets of `text` in the paragraph as a person sees it (the word joiners pressgen sets between the
        characters of a phrase or a date are invisible: a person selects across them)."""
        full = "".join(t.text or "" for r in p.iter(qn("w:r")) if r.getparent().tag not in (qn("w:del"), qn("w:ins"))
                       for t in r.iter(qn("w:t")))
        seen = [(n, c) for n, c in enumerate(full) if c != "\u2060"]
        start = "".join(c for _, c in seen).index(text)
        return seen[start][0], seen[start + len(text) - 1][0] + 1

    def _mark(self, tag: str) -> Any:
        self.next_id += 1
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), DATE)
        return element

    def replace(self, block: int, old: str, new: str) -> None:
        self._replace(self.holding(block, old), old, new)

    def replace_in_header(self, old: str, new: str) -> None:
        """A tracked change in the first page header that holds `old` (the template's: date and issuers)."""
        for section in self.document.sections:
            for header in (section.header, section.first_page_header):
                for p in header._element.iter(qn("w:p")):
                    try:
                        self._find(p, old)
                    except ValueError:
                        continue
                    return self._replace(p, old, new)
        raise LookupError(f"no {old!r} in a header")

    def _replace(self, p: Any, old: str, new: str) -> None:
        runs = self._runs(p, *self._find(p, old))
        deletion = self._struck(runs, "w:del")
        if new:
            deletion.addnext(self._added(runs[0], "w:ins", new))

    def _struck(self, runs: list[Any], tag: str) -> Any:
        """`runs` taken into a new `tag` mark (w:del, w:moveFrom) as struck text, the mark where they stood."""
        mark = self._mark(tag)
        runs[0].addprevious(mark)
        for r in runs:
            r.find(qn("w:t")).tag = qn("w:delText")
            mark.append(r)
        return mark

    def _added(self, struck_run: Any, tag: str, text: str) -> Any:
        """A `tag` mark (w:ins, w:moveTo) holding a copy of a struck run, formatting and all, that reads `text`."""
        mark = self._mark(tag)
        added = copy.deepcopy(struck_run)
        added.find(qn("w:delText")).tag = qn("w:t")
        added.find(qn("w:t")).text = text
        mark.append(added)
        return mark

    def delete(self, block: int, old: str) -> None:
        self.replace(block, old, "")

    def insert(self, block: int, after: str, new: str) -> None:
        p = self.holding(block, after)
        runs = self._runs(p, *self._find(p, after))
        insertion = self._mark("w:ins")
        added = copy.deepcopy(runs[-1])
        added.find(qn("w:t")).text = new
        insertion.append(added)
        runs[-1].addnext(insertion)

    def move(self, block: int, text: str, to_block: int, after: str) -> None:
        """Cut `text` and paste it after `after` in another block, as Word records a move."""
        target = self.paragraph(to_block)
        anchor = self._runs(target, *self._find(target, after))[-1]
        p = self.paragraph(block)
        runs = self._runs(p, *self._find(p, text))
        name = f"move{self.next_id}"
        gone = self._struck(runs, "w:moveFrom")
        came = self._added(runs[0], "w:moveTo", text)
        anchor.addnext(came)
        for element, kind in ((gone, "moveFrom"), (came, "moveTo")):
            start, end = self._mark(f"w:{kind}RangeStart"), OxmlElement(f"w:{kind}RangeEnd")
            start.set(qn("w:name"), name)
            end.set(qn("w:id"), start.get(qn("w:id")))
            element.addprevious(start)
            element.addnext(end)

    def split(self, block: int, after: str) -> None:
        """Press Enter after `after`, with Track Changes on: the paragraph's new end is the inserted mark, the rest of
        its text (and its bookmark's end) move into a new paragraph that keeps the old mark."""
        p = self.paragraph(block)
        last = self._runs(p, *self._find(p, after))[-1]
        rest = self._new_paragraph(p)
        for sibling in list(last.itersiblings()):
            rest.append(sibling)

    def add_paragraph(self, block: int, text: str) -> None:
        """Press Enter at the end of the block's paragraph and type `text`, with Track Changes on."""
        p = self.paragraph(block)
        added = self._new_paragraph(p)
        run = copy.deepcopy(p.find(qn("w:r")))
        run.find(qn("w:t")).text = text
        insertion = self._mark("w:ins")
        insertion.append(run)
        added.append(insertion)

    def _new_paragraph(self, p: Any) -> Any:
        added = OxmlElement("w:p")
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            added.append(copy.deepcopy(ppr))
        else:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._mark("w:ins"))
        p.addnext(added)
        return added

    def embolden(self, block: int, text: str) -> None:
        """Make `text` bold with the change tracked (w:rPrChange keeps the formatting before)."""
        p = self.paragraph(block)
        for r in self._runs(p, *self._find(p, text)):
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                r.insert(0, rpr)
            change = self._mark("w:rPrChange")
            change.append(copy.deepcopy(rpr))
            rpr.insert(0, OxmlElement("w:b"))
            rpr.append(change)

    def insert_picture(self, block: int, after: str) -> None:
        """A picture pasted after `after` with Track Changes on: a run holding a w:drawing inside a w:ins."""
        p = self.paragraph(block)
        anchor = self._runs(p, *self._find(p, after))[-1]
        insertion = self._mark("w:ins")
        run = OxmlElement("w:r")
        run.append(OxmlElement("w:drawing"))
        insertion.append(run)
        anchor.addnext(insertion)

    def withdraw(self, block: int, text: str) -> None:
        """Delete text another reviewer inserted, as Word records it: a w:del inside their w:ins."""
        p = self.paragraph(block)
        for insertion in p.iter(qn("w:ins")):
            for r in insertion.iter(qn("w:r")):
                t = r.find(qn("w:t"))
                if t is not None and t.text == text:
                    deletion = self._mark("w:del")
                    r.addprevious(deletion)
                    deletion.append(r)
                    t.tag = qn("w:delText")
                    return
        raise LookupError(f"no insertion {text!r} in block {block}")

    def untracked(self, block: int, old: str, new: str) -> None:
        """Overwrite `old` with Track Changes off: no revision, only other text."""
        p = self.paragraph(block)
        runs = self._runs(p, *self._find(p, old))
        runs[0].find(qn("w:t")).text = new
        for r in runs[1:]:
            r.getparent().remove(r)

    def resolve_comments(self) -> None:
        """Mark every comment done, as Word's "Resolve" writes it (word/commentsExtended.xml)."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
        w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
        comments = self.document.part._comments_part
        entries = []
        for n, p in enumerate(comments.element.iter(qn("w:p"))):
            para_id = f"{0x10000000 + n:08X}"
            p.set(f"{{{w14}}}paraId", para_id)
            entries.append(f'<w15:commentEx w15:paraId="{para_id}" w15:done="1"/>')
        xml = f'<w15:commentsEx xmlns:w15="{w15}">{"".join(entries)}</w15:commentsEx>'.encode()
        part = Part(PackURI("/word/commentsExtended.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml", xml,
                    self.document.part.package)
        self.document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")

    def comment(self, block: int, text: str, comment: str) -> None:
        p = self.holding(block, text)
        runs = self._runs(p, *self._find(p, text))
        paragraph = docx.text.paragraph.Paragraph(p, self.document.part)
        self.document.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], text=comment, author=self.author,
                                  initials="TI")

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path
