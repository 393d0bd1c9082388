"""A field's text as the reader sees it: Markdown markup taken out, every character traced to its source offset."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Stands for a URL: neither Japanese nor Latin nor space, so no character rule reads into it.
OBJECT = "\ufffc"

_MARKUP = re.compile(
    r"(?P<link>\[(?P<label>[^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<url><(?:https?://|mailto:)[^>\s]+>|https?://[^\s<>）」』、。]+)"
    r"|(?P<marker>^[ \t]*(?:[-*+]|\d+[.)])[ \t]+|^#{1,6}[ \t]+)"
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
    """Links keep their text, URLs become one OBJECT character, list markers and emphasis go."""
    text: list[str] = []
    offsets: list[int] = []
    last = 0

    def keep(start: int, end: int) -> None:
        text.append(value[start:end])
        offsets.extend(range(start, end))

    for match in _MARKUP.finditer(value):
        keep(last, match.start())
        if match["link"]:
            keep(match.start("label"), match.end("label"))
        elif match["url"]:
            text.append(OBJECT)
            offsets.append(match.start())
        last = match.end()
    keep(last, len(value))
    return Prose("".join(text), tuple(offsets))
