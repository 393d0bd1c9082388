"""The starter reference document: the Word styles a release DOCX is built with."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from ...output import write_atomic
from .wordml import defaults_ppr, multilevel_list, set_switch, strip_theme_fonts, table_style

ACCENT = RGBColor(0x0B, 0x5F, 0x7A)
MUTED = RGBColor(0x5B, 0x60, 0x66)

# name: (based on, size pt, bold, alignment, space after pt, colour)
_PARAGRAPH_STYLES = {
    "Release Kind": ("Normal", 9, True, None, 12, ACCENT),
    "Release Line": ("Normal", 9.5, True, None, 4, None),
    "Release Date": ("Normal", 10.5, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
    "Salutation": ("Normal", 10.5, False, None, 4, None),
    "Issuer": ("Normal", 10.5, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
    "Masthead Contact": ("Normal", 9.5, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
    "Kicker": ("Normal", 10, True, None, 3, ACCENT),
    "Highlight": ("List Bullet", 10, False, None, 4, None),
    "Quote Lead-in": ("Body Text", 10.5, False, None, 3, None),
    "Figure": ("Normal", 10.5, False, WD_ALIGN_PARAGRAPH.CENTER, 3, None),
    "Logo": ("Normal", 10.5, False, WD_ALIGN_PARAGRAPH.RIGHT, 6, None),
    "Boilerplate": ("Body Text", 9.5, False, None, 6, None),
    "Link Line": ("Body Text", 9, False, None, 2, None),
    "Contact": ("Normal", 9.5, False, None, 0, None),
    "End Mark": ("Normal", 10.5, False, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Table Text": ("Normal", 9.5, False, None, 0, None),
    "Marked Item": ("Body Text", 10.5, False, None, 3, None),
    "Notice Heading": ("Body Text", 10.5, False, WD_ALIGN_PARAGRAPH.CENTER, 8, None),
    "Notice End": ("Body Text", 10.5, False, WD_ALIGN_PARAGRAPH.RIGHT, 8, None),
    "Table Heading": ("Table Text", 9.5, True, None, 0, None),
}
# Built-in styles, restyled: (size pt, bold, italic, space before pt, space after pt, colour)
_BUILT_IN = {
    "Normal": (10.5, False, False, 0, 0, None),
    "Body Text": (10.5, False, False, 0, 8, None),
    "Title": (16, True, False, 6, 8, None),
    "Subtitle": (11, False, False, 0, 10, MUTED),
    "Heading 1": (11, True, False, 16, 6, None),
    "Heading 2": (10.5, True, False, 12, 4, None),
    "Heading 3": (10.5, True, False, 8, 3, None),
    "Quote": (10.5, False, False, 0, 8, None),
    "Caption": (8.5, False, False, 2, 10, MUTED),
    "List Bullet": (10.5, False, False, 0, 3, None),
    "List Number": (10.5, False, False, 0, 3, None),
    "List Continue": (10.5, False, False, 0, 3, None),
    "Header": (8, False, False, 0, 0, MUTED),
    "Footer": (8, False, False, 0, 0, MUTED),
}

# Line breaking, set on every paragraph rather than left to each application's defaults: kinsoku on; a Latin
# word never broken inside (w:wordWrap on); no hanging punctuation and no extra space between Japanese and Latin
# text or digits, so that lines measure as in the PDF and the spaces are the author's; widow and orphan control.
_LINE_BREAKING = {
    "w:widowControl": True,
    "w:kinsoku": True,
    "w:wordWrap": True,
    "w:overflowPunct": False,
    "w:topLinePunct": False,
    "w:autoSpaceDE": False,
    "w:autoSpaceDN": False,
}
# Styles that end no page: headings, the masthead's parts and a quote's lead-in stay with what follows.
_KEEP_WITH_NEXT = (
    "Release Kind", "Release Line", "Salutation", "Kicker", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
    "Notice Heading", "Quote Lead-in",
)
# Styles whose paragraphs a page break never splits.
_KEEP_LINES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote Lead-in", "Contact", "Masthead Contact", "Issuer", "End Mark", "Caption")


def make_reference(path: Path) -> Path:
    """Write a reference.docx: A4, named styles, no theme fonts (fonts are set per language at build)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    styles = document.styles
    for name, (size, bold, italic, before, after, colour) in _BUILT_IN.items():
        _shape(styles[name], size, bold, after, colour, before=before, italic=italic)
    title = styles["Title"].element.pPr
    if title is not None:  # the default Title has a coloured bottom border we do not want
        for border in title.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
            title.remove(border)
    styles["Quote"].paragraph_format.left_indent = Mm(8)
    for name, ordered in (("List Bullet", False), ("List Number", True)):
        multilevel_list(document, styles[name].element, ordered)
    for name, (base, size, bold, align, after, colour) in _PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        _shape(style, size, bold, after, colour)
        if align is not None:
            style.paragraph_format.alignment = align
    table = styles.add_style("Release Table", WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table_style(table.element, "C9D3D8", "F1F6F8")
    for name in _KEEP_WITH_NEXT:
        styles[name].paragraph_format.keep_with_next = True
    for name in _KEEP_LINES:
        styles[name].paragraph_format.keep_together = True
    # In the defaults for Word, and in Normal, which every paragraph style is based on, for LibreOffice (it
    # reads no paragraph defaults but spacing from a .docx).
    for ppr in (defaults_ppr(document), styles["Normal"].element.get_or_add_pPr()):
        for tag, on in _LINE_BREAKING.items():
            set_switch(ppr, tag, on)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = ACCENT
    link.font.underline = True
    strip_theme_fonts(document)

    buffer = BytesIO()
    document.save(buffer)
    write_atomic(path, buffer.getvalue())
    return path


def _shape(style, size: float, bold: bool, after: float, colour, before: float = 0, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = colour
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.5 if style.name not in ("Header", "Footer", "Title", "Table Text", "Table Heading") else 1.2
