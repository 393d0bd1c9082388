"""DOCX writer: each block of the rendered page becomes a paragraph in its Word style from reference.docx."""

from __future__ import annotations

import base64
import re
from io import BytesIO
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from ...render.blocks import BLOCK_TAGS, Block, collapse, inline_text, page_blocks, table_rows
from ...render.page import Page
from ...render.typography import SHORT_CELL, display_width, measure, unbreakable
from ...spec.content import content_hash
from . import document, wordml
from .document import WordDocument
from .sourcemarks import SourceMarks


def write(page: Page) -> bytes:
    tree = lxml_html.document_fromstring(page.html)
    word = document.start(page, tree)
    loaded = page.loaded
    marks = SourceMarks(loaded.release.id, content_hash(loaded), str(page.context["commit"]), loaded.path.name)
    blocks = page_blocks(tree.find(".//article"), word.styles)
    for block, following in zip(blocks, [*blocks[1:], None]):
        if block.picture:
            paragraph = _picture(word, block)
        elif block.table:
            paragraph = _table(word, block)
        else:
            paragraph = word.add_block(block)
            _hang_mark(paragraph, block)
            _Inline(paragraph, word.text_styles["Hyperlink"][0], word.half_em(block.style), word.text_width).block(block.element)
        if paragraph is not None:
            marks.attach(paragraph, block.field)  # where each paragraph came from, for review import
            if following is not None and word.styles.keeps_with_next(block, following):
                paragraph.paragraph_format.keep_with_next = True
    marks.record(word.document)
    return document.finish(word, page, tree)


def _picture(word: WordDocument, block: Block) -> Paragraph | None:
    header, _, payload = block.element.get("src", "").partition(",")
    if not header.startswith("data:image/") or ";base64" not in header:
        return None  # the template embeds pictures as data: URIs; nothing else is fetched
    paragraph = word.add_paragraph(block.style)
    width = Mm(40) if "pg-logo" in block.element.get("class", "") else Mm(150)
    paragraph.add_run().add_picture(BytesIO(base64.b64decode(payload)), width=width)
    return paragraph


_HALF_WIDTH = 95  # twips of a half-width character of the 9.5 pt table text (a wide one counts twice)
_CELL_MARGINS = 240  # the table style's left and right cell margins, and a little air

_EM = 210  # twips of 1 em of the 10.5 pt body text
_MARK_WIDTH = re.compile(r"\bpg-mark-(\d)\b")


def _hang_mark(paragraph: Paragraph, block: Block) -> None:
    """A row led by the author's mark (⑴, ※ …) hangs it as the page does: each list of rows indents by the
    width of its widest mark (pg-mark-N: N half-width characters), and the row's text starts after it."""
    widths = []
    for ancestor in block.element.iterancestors("ol", "ul"):
        found = _MARK_WIDTH.search(ancestor.get("class", ""))
        if found is None:
            break
        widths.append(int((int(found[1]) / 2 + 0.5) * _EM))
    if widths and block.element.tag == "li":
        wordml.set_hanging(paragraph, sum(widths), widths[0])


_ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _table(word: WordDocument, block: Block) -> Paragraph | None:
    """A Word table in the reference's table style: header rows repeated on each page, cells aligned as the
    Markdown says, columns as wide as their text asks, within the text width."""
    rows = table_rows(block.element)
    columns = max((len(cells) for _, cells in rows), default=0)
    if not columns:
        return None
    body = word.document.element.body
    if len(body) > 1 and body[-2].tag == wordml.qn("w:tbl"):
        word.add_paragraph("Normal")  # two tables side by side would join into one
    table = word.document.add_table(rows=len(rows), cols=columns)
    wordml.lay_out_table(table, word.text_styles[block.style][0], _column_widths(word, rows, columns))
    link_style = word.text_styles["Hyperlink"][0]
    first: Paragraph | None = None
    for (tr, cells), row in zip(rows, table.rows):
        if tr.getparent().tag == "thead":
            wordml.repeat_as_header(row)
        for cell, word_cell in zip(cells, row.cells):
            paragraph = word_cell.paragraphs[0]
            style = word.styles.style_for(cell)
            paragraph._p.style = word.text_styles[style][0]
            align = re.search(r"text-align:\s*(left|center|right)", cell.get("style", ""))
            if align:
                paragraph.alignment = _ALIGNMENTS[align[1]]
            _Inline(paragraph, link_style, word.half_em(style), word.text_width).block(cell)
            first = first or paragraph
    return first  # the table's source mark goes on its first cell


def _column_widths(word: WordDocument, rows: list[tuple[Any, list[Any]]], columns: int) -> list[int]:
    """Twips per column: a column of short texts (labels, figures) exactly as wide as its longest text, the
    rest of the text width shared by the other columns in proportion to their longest texts."""
    total = word.text_width
    wanted = [1] * columns
    for _, cells in rows:
        for n, cell in enumerate(cells):
            wanted[n] = max(wanted[n], display_width(inline_text(cell)))
    needs = [w * _HALF_WIDTH + _CELL_MARGINS for w in wanted]
    fixed = {n for n, w in enumerate(wanted) if w <= SHORT_CELL} if sum(wanted) > SHORT_CELL * columns else set()
    rest = total - sum(needs[n] for n in fixed)
    flexible = [n for n in range(columns) if n not in fixed]
    if not flexible or rest <= 0:
        return [int(need * total / sum(needs)) for need in needs]
    weight = sum(min(wanted[n], 60) for n in flexible)
    return [needs[n] if n in fixed else int(rest * min(wanted[n], 60) / weight) for n in range(columns)]


class _Inline:
    """Runs for the inline content of one block, with bold, italic and hyperlinks."""

    def __init__(self, paragraph: Paragraph, link_style_id: str, half_em: int, width: int):
        self.paragraph = paragraph
        self.width = width  # twips of the column the text is set in
        self.container = paragraph._p
        self.link_style_id = link_style_id
        self.half_em = half_em
        self.line_start = True  # white space at the start of a line is not shown (HTML collapses it too)
        self.phrase: str | None = None  # inside a headline phrase: the last character written in it
        self.last: Any = None  # the run with the line's last text so far

    def block(self, element: Any) -> None:
        """The runs of one block (a paragraph or a table cell), up to a nested block, which is a block of its own."""
        self.children(element, stop_at_blocks=True)
        self.end_line()

    def children(self, element: Any, stop_at_blocks: bool, bold: bool = False, italic: bool = False) -> None:
        self.text(element.text, bold, italic)
        for child in element:
            if not isinstance(child.tag, str):
                self.text(child.tail, bold, italic)
                continue
            if stop_at_blocks and child.tag in BLOCK_TAGS:
                break  # a nested block: it is a block of its own
            if child.tag == "br":
                self.end_line()
                self.run("", bold, italic).add_break()
                self.line_start = True
            elif "pg-marker" in child.get("class", ""):
                self.run(child.text_content(), bold, italic).add_tab()  # to the hanging indent, where the text starts
                self.line_start = True
            elif child.tag == "a" and child.get("href"):
                outer = self.container
                self.container = wordml.add_hyperlink(self.paragraph, child.get("href"))
                self.children(child, False, bold, italic)
                self.container = outer
            elif "nobr" in child.get("class", "").split():
                # Word has no white-space: nowrap: joiners and no-break spaces keep the group on one line.
                self.run(collapse(child.text_content()), bold, italic, whole=True)
            elif "phrase" in child.get("class", "").split():
                # A headline phrase: Word and LibreOffice would break Japanese at any character, so its characters
                # are joined as a date group's are, and the headline breaks only between phrases, as on the page.
                # One wider than the column must break inside, as on the page (joined, LibreOffice would set its
                # first character alone on a line and break the rest anywhere).
                fits = measure(collapse(child.text_content())) * 2 * self.half_em <= self.width
                self.phrase = "" if fits else None
                self.children(child, False, bold, italic)
                self.phrase = None
            elif "pg-halt" in child.get("class", "").split():
                # No "halt" feature either: the mark's blank half goes as condensed character spacing.
                wordml.condense(self.run(child.text_content(), bold, italic), self.half_em)
            else:
                self.children(child, False, bold or child.tag in ("strong", "b"), italic or child.tag in ("em", "i"))
            self.text(child.tail, bold, italic)

    def text(self, text: str | None, bold: bool, italic: bool) -> None:
        text = collapse(text or "")
        if self.line_start:
            text = text.lstrip(" ")
        if text:
            self.run(text, bold, italic)

    def end_line(self) -> None:
        """White space at the end of a line is not shown either: it goes from the line's last run."""
        if self.last is not None and self.last.text.endswith(" "):
            self.last.text = self.last.text.rstrip(" ")

    def run(self, text: str, bold: bool, italic: bool, whole: bool = False):  # type: ignore[no-untyped-def]
        """A run of `text`; `whole`: joined so that no line breaks inside it (and so, within a phrase, all are)."""
        if self.phrase is not None and text:
            before, self.phrase = self.phrase[-1:], text
            text, whole = unbreakable(before + text)[len(before) :], True  # joined to the phrase's last run, too
        elif whole:
            text = unbreakable(text)
        run = wordml.add_run(self.container, self.paragraph)
        run.text = text
        if text:  # any text, a kept group's too, starts the line: a space after it is shown
            self.line_start = False
            self.last = run
        if whole:
            wordml.keep_whole(run)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if self.container is not self.paragraph._p:
            run._r.style = self.link_style_id
        return run
