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
        p = self.paragraph(block)
        runs = self._runs(p, *self._find(p, old))
        deletion = self._mark("w:del")
        runs[0].addprevious(deletion)
        for r in runs:
            t = r.find(qn("w:t"))
            t.tag = qn("w:delText")
            deletion.append(r)
        if new:
            insertion = self._mark("w:ins")
            added = copy.deepcopy(runs[0])
            added.find(qn("w:delText")).tag = qn("w:t")
            added.find(qn("w:t")).text = new
            insertion.append(added)
            deletion.addnext(insertion)

    def delete(self, block: int, old: str) -> None:
        self.replace(block, old, "")

    def insert(self, block: int, after: str, new: str) -> None:
        p = self.paragraph(block)
        runs = self._runs(p, *self._find(p, after))
        insertion = self._mark("w:ins")
        added = copy.deepcopy(runs[-1])
        added.find(qn("w:t")).text = new
        insertion.append(added)
        runs[-1].addnext(insertion)

    def comment(self, block: int, text: str, comment: str) -> None:
        p = self.paragraph(block)
        runs = self._runs(p, *self._find(p, text))
        paragraph = docx.text.paragraph.Paragraph(p, self.document.part)
        self.document.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], text=comment, author=self.author,
                                  initials="TI")

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path
