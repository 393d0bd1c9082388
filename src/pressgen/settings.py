"""The [tool.pressgen] tables of pyproject.toml: validated, each problem located at its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from .model import Language, Line, Strict
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
    """The core tables; check, send and site are validated by the commands that read them."""

    releases: Line = "releases"
    templates: Line = "templates"
    out: Line = "out"
    fonts: dict[Language, FontStacks] = {}
    pdf: PdfSettings = PdfSettings()
    docx: DocxSettings = DocxSettings()
    check: dict[str, Any] = {}
    send: dict[str, Any] = {}
    site: dict[str, Any] = {}


def validate_settings(pyproject: Path, settings: dict[str, Any]) -> None:
    """Raise PressgenError, located in pyproject.toml, if the [tool.pressgen] tables are wrong."""
    validate(settings_doc(pyproject, settings), Settings, base=TABLE)


def settings_doc(pyproject: Path, settings: dict[str, Any]) -> SourceDoc:
    """The [tool.pressgen] tables as a located document (tomllib keeps no positions: the text is searched)."""
    doc = SourceDoc(display_path(pyproject), {"tool": {"pressgen": settings}})
    text = pyproject.read_text("utf-8") if pyproject.is_file() else ""
    table: Loc = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            table = tuple(part.strip('"') for part in header[1].split("."))
            doc.values.setdefault(table, Pos(number, 1))
            continue
        key = re.match(r'(\s*)("[^"]+"|[A-Za-z0-9_-]+)\s*=\s*', line)
        if key and table[: len(TABLE)] == TABLE:
            name = key[2].strip('"')
            doc.keys[(*table, name)] = Pos(number, len(key[1]) + 1)
            doc.values[(*table, name)] = Pos(number, key.end() + 1)
    return doc
