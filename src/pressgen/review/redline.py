"""Compare two rendered releases block by block, and inside a changed block word by word (or by character in CJK)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from lxml import html as lxml_html

from ..errors import PressgenError, Problem
from ..render.blocks import Block, page_blocks, row_blocks, style_map
from ..render.page import Page
from ..render.typography import CJK_LANGUAGES

Kind = Literal["equal", "insert", "delete"]
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


@dataclass(frozen=True)
class BlockChange:
    """One block of the redline: unchanged, changed (with segments), inserted or deleted."""

    kind: Literal["equal", "changed", "inserted", "deleted"]
    old: Block | None
    new: Block | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def block(self) -> Block:
        return self.new or self.old  # type: ignore[return-value]


@dataclass(frozen=True)
class Redline:
    old: Page
    new: Page
    changes: list[BlockChange]

    def changed_fields(self) -> dict[str, list[str]]:
        """Field → what happened to its blocks, in reading order; unchanged fields are left out."""
        summary: dict[str, list[str]] = {}
        for change in self.changes:
            if change.kind != "equal":
                summary.setdefault(change.block.field or "(untitled)", []).append(change.kind)
        return summary


def compare(old: Page, new: Page) -> Redline:
    """The redline from `old` to `new`: two versions of one release, in one language."""
    _comparable(old, new)
    styles = style_map(new.loaded.project.template("docx-styles.yaml"))
    old_blocks = _blocks(old, styles)
    new_blocks = _blocks(new, styles)
    tokens = _characters if new.loaded.release.language in CJK_LANGUAGES else _words
    changes: list[BlockChange] = []
    matcher = difflib.SequenceMatcher(None, [(b.field, b.text) for b in old_blocks], [(b.field, b.text) for b in new_blocks], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [BlockChange("equal", o, n, [Segment("equal", n.text)]) for o, n in zip(old_blocks[i1:i2], new_blocks[j1:j2])]
            continue
        changes += _pair(old_blocks[i1:i2], new_blocks[j1:j2], tokens)
    return Redline(old, new, changes)


def _comparable(old: Page, new: Page) -> None:
    a, b = old.loaded.release, new.loaded.release
    if a.language != b.language:
        message = f"the releases are in different languages ({a.language}, {b.language}); compare versions of one language"
        raise PressgenError([Problem(new.loaded.doc.path, 1, 1, "language", message)])
    if a.id != b.id:
        message = f"unrelated releases: '{a.id}' and '{b.id}'; a redline compares two versions of one release"
        raise PressgenError([Problem(new.loaded.doc.path, 1, 1, "id", message)])


def _blocks(page: Page, styles) -> list[Block]:  # type: ignore[no-untyped-def]
    article = lxml_html.document_fromstring(page.html).find(".//article")
    blocks: list[Block] = []
    for block in page_blocks(article, styles):
        if block.table:
            blocks += row_blocks(block, styles)  # a table changes row by row
        elif not block.picture:
            blocks.append(block)
    return blocks


def _pair(old: list[Block], new: list[Block], tokens) -> list[BlockChange]:  # type: ignore[no-untyped-def]
    """Match the blocks of a replaced stretch: same field and similar text make a change, the rest come and go."""
    changes: list[BlockChange] = []
    remaining = list(old)
    for block in new:
        scored = [(difflib.SequenceMatcher(None, o.text, block.text).ratio(), n) for n, o in enumerate(remaining) if o.field == block.field]
        best = max(scored, default=None)
        if best is not None and best[0] >= 0.3:
            partner = remaining[best[1]]
            # Blocks of the old stretch before the partner were deleted there.
            while remaining[0] is not partner:
                gone = remaining.pop(0)
                changes.append(BlockChange("deleted", gone, None, [Segment("delete", gone.text)]))
            remaining.pop(0)
            changes.append(BlockChange("changed", partner, block, _segments(partner.text, block.text, tokens)))
        else:
            changes.append(BlockChange("inserted", None, block, [Segment("insert", block.text)]))
    changes += [BlockChange("deleted", o, None, [Segment("delete", o.text)]) for o in remaining]
    return changes


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def _characters(text: str) -> list[str]:
    return list(text)


def _segments(old: str, new: str, tokens) -> list[Segment]:  # type: ignore[no-untyped-def]
    a, b = tokens(old), tokens(new)
    raw: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append(Segment("delete", "".join(a[i1:i2])))
            if j2 > j1:
                raw.append(Segment("insert", "".join(b[j1:j2])))
    return _readable(raw)


def _readable(segments: list[Segment]) -> list[Segment]:
    """Fold a one-character or blank stretch left unchanged between two edits into them.

    "A|b|C" diffs read badly: a reviewer wants whole words or phrases struck and inserted.
    """
    out: list[Segment] = []
    for n, segment in enumerate(segments):
        between = 0 < n < len(segments) - 1 and segments[n - 1].kind != "equal" and segments[n + 1].kind != "equal"
        if segment.kind == "equal" and between and (len(segment.text) <= 1 or not segment.text.strip()):
            out += [Segment("delete", segment.text), Segment("insert", segment.text)]
        else:
            out.append(segment)
    merged: list[Segment] = []
    deletes = inserts = ""
    for segment in out + [Segment("equal", "")]:
        if segment.kind == "delete":
            deletes += segment.text
        elif segment.kind == "insert":
            inserts += segment.text
        else:
            merged += [Segment("delete", deletes)] if deletes else []
            merged += [Segment("insert", inserts)] if inserts else []
            deletes = inserts = ""
            merged += [segment] if segment.text else []
    return merged
