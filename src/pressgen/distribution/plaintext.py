"""The text/plain form of a rendered release page: the blocks of the HTML, in the same order, as plain text."""

from __future__ import annotations

import re

from lxml import html as lxml_html

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
_LISTS = {"ul", "ol"}
_SKIPPED = {"style", "script", "img", "title", "meta"}
_SPACE = re.compile(r"\s+")


def page_text(html: str, bullet: str) -> str:
    """The article of `html` as paragraphs separated by blank lines; list items on their own lines."""
    root = lxml_html.document_fromstring(html)
    article = root.find(".//article")
    blocks: list[str] = []
    _walk(root.find("body") if article is None else article, blocks, bullet)
    return "\n\n".join(blocks) + "\n"


def _visible(element) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(element.tag, str) and element.tag not in _SKIPPED and element.get("hidden") is None


def _walk(element, blocks: list[str], bullet: str) -> None:  # type: ignore[no-untyped-def]
    for child in element:
        if not _visible(child):
            continue
        if child.tag in _LISTS:
            blocks.append("\n".join(_list_lines(child, bullet, "")))
        elif child.tag == "table":
            rows = [[_inline(cell) for cell in tr if cell.tag in ("th", "td")] for tr in child.iter("tr")]
            blocks.append("\n".join(" | ".join(cells) for cells in rows if cells))
        elif child.tag in _BLOCKS:
            text = _inline(child)
            if text:
                blocks.append(text)
        else:
            _walk(child, blocks, bullet)  # header, section, figure, blockquote, address, div


def _list_lines(element, bullet: str, indent: str) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    items = [item for item in element if _visible(item) and item.tag == "li"]
    for number, item in enumerate(items, 1):
        marker = f"{number}. " if element.tag == "ol" else bullet
        lines.append(indent + marker + _inline(item))
        for nested in item:
            if _visible(nested) and nested.tag in _LISTS:
                lines += _list_lines(nested, bullet, indent + "  ")
    return lines


def _inline(element) -> str:  # type: ignore[no-untyped-def]
    """The text of one block, each of its lines trimmed."""
    return "\n".join(line.strip() for line in _runs(element).split("\n")).strip()


def _runs(element) -> str:  # type: ignore[no-untyped-def]
    """Inline text with white space collapsed; a link shows its address after its text unless they are the same."""
    parts = [_SPACE.sub(" ", element.text or "")]
    for child in element:
        if _visible(child) and child.tag not in _LISTS:
            if child.tag == "br":
                parts.append("\n")
            else:
                parts.append(_runs(child))
                href = child.get("href") if child.tag == "a" else None
                if href and href.strip() not in (parts[-1].strip(), f"mailto:{parts[-1].strip()}"):
                    parts.append(f" <{href}>")
        parts.append(_SPACE.sub(" ", child.tail or ""))
    return "".join(parts)
