"""A Word document made from the reference: the release's fonts and language, header, footer, properties."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph

from ...errors import PressgenError, Problem
from ...render.blocks import Block, StyleMap, style_map
from ...render.labels import Catalogue
from ...render.page import Page
from ...spec.yamlsource import display_path
from . import wordml


@dataclass
class WordDocument:
    """A document being written: python-docx's object, the style map and the styles by name."""

    document: Document
    styles: StyleMap
    text_styles: dict[str, tuple[str, Any]]
    lists: dict[int, int | None] = field(default_factory=dict)
    half_ems: dict[str, int] = field(default_factory=dict)

    def half_em(self, style: str) -> int:
        """Half the font size of `style`, in twips: what a squeezed Japanese mark gives up."""
        if style not in self.half_ems:
            by_id = {style_id: element for style_id, element in self.text_styles.values()}
            size = wordml.style_size(self.text_styles[style][1], by_id, wordml.defaults_rpr(self.document))
            self.half_ems[style] = round(size * 10)
        return self.half_ems[style]

    @property
    def text_width(self) -> int:
        """The width of the text column, in twips."""
        section = self.document.sections[0]
        return int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips

    def add_paragraph(self, style: str) -> Paragraph:
        # The style id is set directly: python-docx would search the styles part by name each time.
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.text_styles[style][0]
        return paragraph

    def add_block(self, block: Block) -> Paragraph:
        """A paragraph for `block`: numbered as an item of its list, or indented to the item's text."""
        paragraph = self.add_paragraph(block.style)
        if block.list_id is None:
            return paragraph
        if block.list_id not in self.lists:
            num_id = wordml.style_num_id(self.text_styles[block.style][1])
            if num_id is not None and block.ordered:  # each ordered list counts from 1 again
                num_id = wordml.restarted_num_id(self.document, num_id)
            self.lists[block.list_id] = num_id
        num_id = self.lists[block.list_id]
        if num_id is None:
            return paragraph
        if block.continued:
            indent = wordml.level_indent(self.document, num_id, block.level)
            if indent is not None:
                wordml.set_indent(paragraph, indent)
        else:
            wordml.set_numbering(paragraph, num_id, block.level)
        return paragraph


def start(page: Page, tree: Any) -> WordDocument:
    """An empty document from reference.docx, set up for the release of `page`."""
    project = page.loaded.project
    styles = style_map(project.template("docx-styles.yaml"))
    reference = project.templates / project.section("docx").get("reference", "reference.docx")
    try:
        document = docx.Document(str(reference))
    except (OSError, ValueError, KeyError, PackageNotFoundError) as exc:
        message = f"cannot open the reference document: {exc}"
        raise PressgenError([Problem(display_path(reference), 1, 1, "tool.pressgen.docx.reference", message)]) from None
    body = document.element.body
    for child in list(body):
        if child.tag != wordml.qn("w:sectPr"):
            body.remove(child)
    language = tree.get("lang", "en")
    text_styles = wordml.text_styles(document)
    # The styles of the rules, and those the page furniture and links are written in.
    missing = sorted({style for _, style in styles.rules} - set(text_styles) | ({"Header", "Footer", "Hyperlink"} - set(text_styles)))
    if missing:
        message = "style '{}' is missing (named in docx-styles.yaml)"
        raise PressgenError([Problem(str(reference), 1, 1, "", message.format(name)) for name in missing])
    _apply_fonts(document, text_styles, styles, project.fonts(language), language)
    return WordDocument(document, styles, text_styles)


def finish(word: WordDocument, page: Page, tree: Any) -> bytes:
    """Header, footer and properties, then the bytes of the .docx."""
    _header_footer(word, tree, page.context["labels"])  # type: ignore[arg-type]
    _properties(word.document, tree, page)
    buffer = BytesIO()
    word.document.save(buffer)
    return _dated(buffer.getvalue(), page.loaded.release.date)


def _dated(package: bytes, date: dt.date) -> bytes:
    """The package with every entry dated by the release, as its core properties are: the same bytes from every build.

    python-docx stamps each ZIP entry with the local time of the build; the order of the entries and
    the XML are already the same from build to build. ZIP dates run from 1980 to 2107.
    """
    moment = (min(max(date.year, 1980), 2107), date.month, date.day, 0, 0, 0)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, moment)
            dated.compress_type, dated.external_attr = entry.compress_type, entry.external_attr
            target.writestr(dated, source.read(entry))
    return out.getvalue()


def _apply_fonts(
    document: Document, text_styles: dict[str, tuple[str, Any]], styles: StyleMap, fonts: dict[str, list[str]], language: str
) -> None:
    def pair(stack: list[str]) -> tuple[str, str]:
        east_asian = next((f for f in stack if "CJK" in f), stack[-1])
        return stack[0], east_asian

    serif, sans = pair(fonts["serif"]), pair(fonts["sans"])
    defaults = wordml.defaults_rpr(document)
    wordml.set_fonts(defaults, *serif)
    wordml.set_language(defaults, language)
    for name, (_, element) in text_styles.items():
        wordml.set_fonts(wordml.style_rpr(element), *(sans if name in styles.sans else serif))
    wordml.strip_theme_fonts(document)


def _header_footer(word: WordDocument, tree: Any, labels: Catalogue) -> None:
    document, styles = word.document, word.styles
    section = document.sections[0]
    section.different_first_page_header_footer = True
    draft = styles.furniture_text(tree, "draft")
    mark = labels.text("draft_header", mark=draft) if draft else ""
    page_pattern = labels.page_number
    # Page 1 carries the masthead, so its header holds only the draft mark, if any.
    for header, text in ((section.header, styles.furniture_text(tree, "header")), (section.first_page_header, "")):
        paragraph = header.paragraphs[0]
        paragraph.text = labels.header_separator.join(t for t in (mark, text) if t)
        paragraph._p.style = word.text_styles["Header"][0]
        paragraph.alignment = 2  # right, as in the PDF
    stamp = styles.furniture_text(tree, "footer")
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph._p.style = word.text_styles["Footer"][0]
        paragraph.alignment = 1
        for piece in re.split(r"(\{page\}|\{pages\})", page_pattern):
            if piece == "{page}":
                wordml.add_field(paragraph, "PAGE")
            elif piece == "{pages}":
                wordml.add_field(paragraph, "NUMPAGES")
            elif piece:
                paragraph.add_run(piece)
        if stamp:
            footer.add_paragraph(stamp)._p.style = word.text_styles["Footer"][0]


def _properties(document: Document, tree: Any, page: Page) -> None:
    def meta(name: str) -> str:
        found = tree.xpath(f"//meta[@name='{name}']/@content")
        return str(found[0]) if found else ""

    props = document.core_properties
    release = page.loaded.release
    props.title = tree.findtext(".//title", "")[:255]
    props.author = meta("author")[:255]
    props.subject = (release.subheadline or "")[:255]
    props.language = tree.get("lang", "")
    props.keywords = release.id[:255]
    props.category = "press release"
    props.comments = f"Built by pressgen from {page.loaded.path.name}"[:255]
    props.last_modified_by = "pressgen"
    props.created = props.modified = dt.datetime.combine(release.date, dt.time(0, 0))
    props.revision = 1
