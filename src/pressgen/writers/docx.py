"""DOCX writer: walks the rendered page and maps each block onto a Word style of reference.docx."""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from .. import docx_xml
from ..errors import PressgenError, Problem
from ..render import Page
from ..sources import cached_doc

_CONTAINERS = {"article", "header", "section", "figure", "blockquote", "address", "div", "ul", "ol", "li"}
_BLOCKS = _CONTAINERS | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "img"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class StyleMap:
    """templates/docx-styles.yaml: selector → style rules, the sans styles and the header element."""

    rules: tuple[tuple[tuple[tuple[str, frozenset[str]], ...], str], ...]
    sans: frozenset[str]
    header: str

    def style_for(self, element) -> str:  # type: ignore[no-untyped-def]
        chain = [element, *element.iterancestors()]
        for selector, style in self.rules:
            if _matches(selector, chain):
                return style
        return "Normal"


def write(page: Page) -> bytes:
    project = page.loaded.project
    styles = style_map(project.templates / "docx-styles.yaml")
    reference = project.templates / project.section("docx").get("reference", "reference.docx")
    document = docx.Document(str(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != docx_xml.qn("w:sectPr"):
            body.remove(child)
    tree = lxml_html.document_fromstring(page.html)
    language = tree.get("lang", "en")
    text_styles = docx_xml.text_styles(document)
    _apply_fonts(document, text_styles, styles, page.loaded.project.fonts(language), language)
    missing = sorted({style for _, style in styles.rules} - set(text_styles))
    if missing:
        raise PressgenError([Problem(str(reference), 1, 1, "", f"style '{name}' is missing (named in docx-styles.yaml)") for name in missing])
    article = tree.find(".//article")
    _Walker(document, styles, text_styles).container(article, depth=-1, num_id=None)
    _header_footer(document, tree, styles, str(page.context["labels"].page_number))  # type: ignore[attr-defined]
    _properties(document, tree, page)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def style_map(path: Path) -> StyleMap:
    data = cached_doc(path).data
    rules = tuple((_parse_selector(selector), style) for selector, style in data["rules"])
    return StyleMap(rules, frozenset(data.get("sans", [])), data.get("header", ""))


def _parse_selector(selector: str) -> tuple[tuple[str, frozenset[str]], ...]:
    parts = []
    for simple in selector.split():
        tag, *classes = simple.split(".")
        parts.append((tag, frozenset(classes)))
    return tuple(parts)


def _simple_match(part: tuple[str, frozenset[str]], element) -> bool:  # type: ignore[no-untyped-def]
    tag, classes = part
    return (not tag or element.tag == tag) and classes <= set(element.get("class", "").split())


def _matches(selector, chain) -> bool:  # type: ignore[no-untyped-def]
    if not _simple_match(selector[-1], chain[0]):
        return False
    remaining = list(selector[:-1])
    for ancestor in chain[1:]:
        if remaining and _simple_match(remaining[-1], ancestor):
            remaining.pop()
    return not remaining


class _Walker:
    """Emits one Word paragraph per HTML block, in document order."""

    def __init__(self, document: Document, styles: StyleMap, text_styles: dict[str, tuple[str, object]]):
        self.document = document
        self.styles = styles
        self.text_styles = text_styles

    def add_paragraph(self, element) -> Paragraph:  # type: ignore[no-untyped-def]
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.text_styles[self.styles.style_for(element)][0]
        return paragraph

    def container(self, element, depth: int, num_id: int | None) -> None:  # type: ignore[no-untyped-def]
        for child in element:
            if not isinstance(child.tag, str) or child.get("hidden") is not None:
                continue
            if child.tag in ("ul", "ol"):
                self.list(child, depth + 1)
            elif child.tag == "li":
                self.item(child, depth, num_id)
            elif child.tag == "img":
                self.picture(child)
            elif child.tag in _CONTAINERS:
                self.container(child, depth, num_id)
            else:
                self.paragraph(child)

    def list(self, element, depth: int) -> None:  # type: ignore[no-untyped-def]
        first = next((li for li in element if li.tag == "li"), None)
        if first is None:
            return
        num_id = docx_xml.style_num_id(self.text_styles[self.styles.style_for(first)][1])
        if num_id is not None and element.tag == "ol":
            num_id = docx_xml.restarted_num_id(self.document, num_id)
        self.container(element, depth, num_id)

    def item(self, li, depth: int, num_id: int | None) -> None:  # type: ignore[no-untyped-def]
        paragraph = self.paragraph(li, stop_at_blocks=True)
        if num_id is not None and paragraph is not None:
            docx_xml.set_numbering(paragraph, num_id, max(depth, 0))
        nested = [c for c in li if isinstance(c.tag, str) and c.tag in _BLOCKS]
        if nested:
            holder = lxml_html.Element("div")
            holder.extend(nested)
            li.append(holder)
            self.container(holder, depth, num_id)

    def paragraph(self, element, stop_at_blocks: bool = False) -> Paragraph | None:  # type: ignore[no-untyped-def]
        paragraph = self.add_paragraph(element)
        _Inline(paragraph, self.text_styles["Hyperlink"][0]).children(element, stop_at_blocks)
        if not paragraph.text.strip() and stop_at_blocks:
            paragraph._p.getparent().remove(paragraph._p)
            return None
        return paragraph

    def picture(self, img) -> None:  # type: ignore[no-untyped-def]
        src = img.get("src", "")
        header, _, payload = src.partition(",")
        if not header.startswith("data:image/") or ";base64" not in header:
            return  # pictures are embedded as data: URIs by the template; nothing else is fetched
        paragraph = self.add_paragraph(img)
        width = Mm(40) if "pg-logo" in img.get("class", "") else Mm(150)
        paragraph.add_run().add_picture(BytesIO(base64.b64decode(payload)), width=width)


class _Inline:
    """Runs for the inline content of one block, with bold, italic and hyperlinks."""

    def __init__(self, paragraph: Paragraph, link_style_id: str):
        self.paragraph = paragraph
        self.container = paragraph._p
        self.link_style_id = link_style_id

    def children(self, element, stop_at_blocks: bool, bold: bool = False, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
        self.text(element.text, bold, italic)
        for child in element:
            if not isinstance(child.tag, str):
                self.text(child.tail, bold, italic)
                continue
            if stop_at_blocks and child.tag in _BLOCKS:
                break  # handled by the caller as a nested block
            if child.tag == "br":
                self.run("", bold, italic).add_break()
            elif child.tag == "a" and child.get("href"):
                outer = self.container
                self.container = docx_xml.add_hyperlink(self.paragraph, child.get("href"))
                self.children(child, False, bold, italic)
                self.container = outer
            else:
                self.children(child, False, bold or child.tag in ("strong", "b"), italic or child.tag in ("em", "i"))
            self.text(child.tail, bold, italic)

    def text(self, text: str | None, bold: bool, italic: bool) -> None:
        if text:
            self.run(_SPACE.sub(" ", text), bold, italic)

    def run(self, text: str, bold: bool, italic: bool):  # type: ignore[no-untyped-def]
        if not self.paragraph._p.xpath("./w:r|./w:hyperlink"):
            text = text.lstrip()
        run = docx_xml.add_run(self.container, self.paragraph)
        run.text = text
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if self.container is not self.paragraph._p:
            run._r.style = self.link_style_id
        return run


def _apply_fonts(
    document: Document, text_styles: dict[str, tuple[str, object]], styles: StyleMap, fonts: dict[str, list[str]], language: str
) -> None:
    def pair(stack: list[str]) -> tuple[str, str]:
        east_asian = next((f for f in stack if "CJK" in f), stack[-1])
        return stack[0], east_asian

    serif, sans = pair(fonts["serif"]), pair(fonts["sans"])
    defaults = docx_xml.defaults_rpr(document)
    docx_xml.set_fonts(defaults, *serif)
    docx_xml.set_language(defaults, language)
    for name, (_, element) in text_styles.items():
        docx_xml.set_fonts(docx_xml.style_rpr(element), *(sans if name in styles.sans else serif))
    docx_xml.strip_theme_fonts(document)


def _header_footer(document: Document, tree, styles: StyleMap, page_pattern: str) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    section.different_first_page_header_footer = True
    running = tree.find_class(styles.header.lstrip(".")) if styles.header else []
    header = section.header.paragraphs[0]
    header.text = running[0].text_content().strip() if running else ""
    header.style = document.styles["Header"]
    header.alignment = 2  # right, as in the PDF
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        paragraph.alignment = 1
        for piece in re.split(r"(\{page\}|\{pages\})", page_pattern):
            if piece == "{page}":
                docx_xml.add_field(paragraph, "PAGE")
            elif piece == "{pages}":
                docx_xml.add_field(paragraph, "NUMPAGES")
            elif piece:
                paragraph.add_run(piece)


def _properties(document: Document, tree, page: Page) -> None:  # type: ignore[no-untyped-def]
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
