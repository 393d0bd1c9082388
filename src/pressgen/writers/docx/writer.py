"""DOCX writer: each block of the rendered page becomes a paragraph in its Word style from reference.docx."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from ...render.blocks import BLOCK_TAGS, Block, collapse, page_blocks
from ...render.page import Page
from ...render.typography import unbreakable
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
        else:
            paragraph = word.add_block(block)
            _Inline(paragraph, word.text_styles["Hyperlink"][0], word.half_em(block.style)).children(block.element, stop_at_blocks=True)
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


class _Inline:
    """Runs for the inline content of one block, with bold, italic and hyperlinks."""

    def __init__(self, paragraph: Paragraph, link_style_id: str, half_em: int):
        self.paragraph = paragraph
        self.container = paragraph._p
        self.link_style_id = link_style_id
        self.half_em = half_em

    def children(self, element: Any, stop_at_blocks: bool, bold: bool = False, italic: bool = False) -> None:
        self.text(element.text, bold, italic)
        for child in element:
            if not isinstance(child.tag, str):
                self.text(child.tail, bold, italic)
                continue
            if stop_at_blocks and child.tag in BLOCK_TAGS:
                break  # a nested block: it is a block of its own
            if child.tag == "br":
                self.run("", bold, italic).add_break()
            elif child.tag == "a" and child.get("href"):
                outer = self.container
                self.container = wordml.add_hyperlink(self.paragraph, child.get("href"))
                self.children(child, False, bold, italic)
                self.container = outer
            elif "nobr" in child.get("class", "").split():
                # Word has no white-space: nowrap: joiners and no-break spaces keep the group on one line.
                wordml.keep_whole(self.run(unbreakable(collapse(child.text_content())), bold, italic))
            elif "pg-halt" in child.get("class", "").split():
                # No "halt" feature either: the mark's blank half goes as condensed character spacing.
                wordml.condense(self.run(child.text_content(), bold, italic), self.half_em)
            else:
                self.children(child, False, bold or child.tag in ("strong", "b"), italic or child.tag in ("em", "i"))
            self.text(child.tail, bold, italic)

    def text(self, text: str | None, bold: bool, italic: bool) -> None:
        if text:
            self.run(collapse(text), bold, italic)

    def run(self, text: str, bold: bool, italic: bool):  # type: ignore[no-untyped-def]
        if not self.paragraph._p.xpath("./w:r|./w:hyperlink"):
            text = text.lstrip()
        run = wordml.add_run(self.container, self.paragraph)
        run.text = text
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if self.container is not self.paragraph._p:
            run._r.style = self.link_style_id
        return run
