"""The [tool.pressgen] tables of pyproject.toml: validated, each problem located at its line."""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from .model import HouseStyle, Language, Line, Strict
from .validation import validate
from .yamlsource import Loc, Pos, SourceDoc, display_path

TABLE: Loc = ("tool", "pressgen")
PDF_VARIANTS = Literal["pdf/ua-1", "pdf/ua-2", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u"]


class FontStacks(Strict):
    serif: list[Line] = Field(min_length=1, description="Families for text, first choice first")
    sans: list[Line] = Field(min_length=1, description="Families for headings")


class PdfSettings(Strict):
    variant: PDF_VARIANTS = "pdf/ua-1"


class DocxSettings(Strict):
    reference: Line = Field("reference.docx", description="The reference document, under templates/")


class Settings(Strict):
    """The core tables; check, send, site and approve are validated by the commands that read them."""

    releases: Line = "releases"
    templates: Line = "templates"
    out: Line = "out"
    fonts: dict[Language, FontStacks] = {}
    pdf: PdfSettings = PdfSettings()
    docx: DocxSettings = DocxSettings()
    house_style: dict[Language, HouseStyle] = Field({}, description="The project's house style per language")
    check: dict[str, Any] = {}
    send: dict[str, Any] = {}
    site: dict[str, Any] = {}
    approve: dict[str, Any] = {}


def validate_settings(pyproject: Path, settings: dict[str, Any]) -> None:
    """Raise PressgenError, located in pyproject.toml, if the [tool.pressgen] tables are wrong."""
    validate(settings_doc(pyproject, settings), Settings, base=TABLE)


def settings_doc(pyproject: Path, settings: dict[str, Any]) -> SourceDoc:
    """The [tool.pressgen] tables as a located document: every table, key, array item and inline-table
    key has its position (tomllib keeps none, so the text is scanned)."""
    doc = SourceDoc(display_path(pyproject), {"tool": {"pressgen": settings}})
    text = pyproject.read_text("utf-8") if pyproject.is_file() else ""
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    tokens = [(m.start(), m[0]) for m in _TOKEN.finditer(text)]
    token_starts = [offset for offset, _ in tokens]
    table: Loc = ()
    consumed = 0  # the text up to here belongs to a value already located (a multi-line array)
    for number, (start, line) in enumerate(zip(starts, lines), 1):
        if start < consumed:
            continue
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            table = tuple(part.strip('"') for part in header[1].split("."))
            doc.values.setdefault(table, Pos(number, 1))
            continue
        key = re.match(r'(\s*)("[^"]+"|[A-Za-z0-9_-]+)\s*=\s*', line)
        if key and table[: len(TABLE)] == TABLE:
            loc = (*table, key[2].strip('"'))
            doc.keys[loc] = Pos(number, len(key[1]) + 1)
            first = bisect.bisect_left(token_starts, start + key.end())
            if first < len(tokens):
                offset, token = tokens[_locate(doc, loc, tokens, first, starts) - 1]
                consumed = offset + len(token)
    return doc


# Enough of TOML to find values: strings, brackets and braces, separators, bare words, comments.
_TOKEN = re.compile(
    r"\s+|#[^\n]*"
    r'|"""[\s\S]*?"""' r"|'''[\s\S]*?'''"  # multi-line strings
    r'|"(?:[^"\\\n]|\\.)*"' r"|'[^'\n]*'"
    r"|[\[\]{},=]|[^\s\[\]{},=#]+"
)


def _locate(doc: SourceDoc, loc: Loc, tokens: list[tuple[int, str]], index: int, starts: list[int]) -> int:
    """Record the position of the value starting at tokens[index] (and of its items); the index after it."""
    offset, token = tokens[index]
    doc.values[loc] = _pos(offset, starts)
    if token not in ("[", "{"):
        return index + 1
    closing, item, index = {"[": "]", "{": "}"}[token], 0, index + 1
    while index < len(tokens):
        offset, token = tokens[index]
        if token == closing:
            return index + 1
        if token == "," or token.isspace() or token.startswith("#"):
            index += 1
        elif closing == "]":
            index, item = _locate(doc, (*loc, item), tokens, index, starts), item + 1
        else:  # an inline table: key = value
            name = token.strip("\"'")
            doc.keys[(*loc, name)] = _pos(offset, starts)
            index = next(i for i in range(index + 1, len(tokens)) if tokens[i][1] == "=") + 1
            while tokens[index][1].isspace():
                index += 1
            index = _locate(doc, (*loc, name), tokens, index, starts)
    return index


def _pos(offset: int, starts: list[int]) -> Pos:
    line = bisect.bisect_right(starts, offset)
    return Pos(line, offset - starts[line - 1] + 1)
