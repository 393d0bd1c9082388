"""A field's text as the reader sees it: Markdown markup taken out, every character traced to its source offset."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...spec.structures import ROW_MARK

# Stands for a URL: neither Japanese nor Latin nor space, so no character rule reads into it.
OBJECT = "\ufffc"

_MARKUP = re.compile(
    r"(?P<delimiter_row>^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*\n?)"
    r"|(?P<cell_edge>^[ \t]*\|[ \t]*|[ \t]*(?<!\\)\|[ \t]*$)"
    r"|(?P<cell_rule>[ \t]*(?<!\\)\|[ \t]*)"
    r"|(?P<link>\[(?P<label>[^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<url><(?:https?://|mailto:)[^>\s]+>|https?://[^\s<>）」』、。]+)"
    r"|(?P<marker>^[ \t]*(?:[-*+]|\d+[.)])[ \t]+|^#{1,6}[ \t]+|^" + ROW_MARK + ")"
    r"|(?P<emphasis>\*{1,2}|\\(?=[^\w\s]))",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Prose:
    """`text` is what a reader sees; `offsets[i]` is where text[i] is in the source string (None: the same place)."""

    text: str
    offsets: tuple[int, ...] | None = None

    def source_offset(self, index: int) -> int:
        if self.offsets is None:
            return index
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else 0


def plain(value: str) -> Prose:
    return Prose(value)


def from_markdown(value: str) -> Prose:
    """Links keep their text, URLs become one OBJECT character, list markers and emphasis go; in a table the
    delimiter row and the outer pipes go, and the rule between two cells reads as a line break."""
    tables = _table_lines(value)
    text: list[str] = []
    offsets: list[int] = []
    last = 0

    def keep(start: int, end: int) -> None:
        text.append(value[start:end])
        offsets.extend(range(start, end))

    for match in _MARKUP.finditer(value):
        if (match["delimiter_row"] or match["cell_edge"] or match["cell_rule"]) and not _in(tables, match.start()):
            continue
        keep(last, match.start())
        if match["cell_rule"]:
            text.append("\n")
            offsets.append(match.start())
        elif match["link"]:
            keep(match.start("label"), match.end("label"))
        elif match["url"]:
            text.append(OBJECT)
            offsets.append(match.start())
        last = match.end()
    keep(last, len(value))
    return Prose("".join(text), tuple(offsets))


def _table_lines(value: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines of each GFM table: its header line, the delimiter row, and the rows
    up to a blank line."""
    spans: list[tuple[int, int]] = []
    lines = value.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    n = 1
    while n < len(lines):
        if _DELIMITER_ROW.match(lines[n]) and "|" in lines[n - 1]:
            end = n + 1
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            spans.append((starts[n - 1], starts[end]))
            n = end
        n += 1
    return spans


_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")


def _in(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
