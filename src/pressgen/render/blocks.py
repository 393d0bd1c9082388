"""The release page as a flat list of blocks — style, field, place in a list — for DOCX and redlines."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..spec.model import Line, Strict
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamlsource import SourceDoc

CONTAINERS = {"article", "header", "footer", "section", "figure", "blockquote", "address", "div", "ul", "ol", "li"}
BLOCK_TAGS = CONTAINERS | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "img", "table"}
# HTML collapses ASCII white space only; an ideographic space (U+3000) is text.
_SPACE = re.compile(r"[ \t\n\r\f]+")

Selector = tuple[tuple[str, frozenset[str], bool], ...]  # (tag, classes, must be the child of the part before)


@dataclass(frozen=True)
class StyleMap:
    """templates/docx-styles.yaml: selector → Word style rules, the sans styles, the page furniture."""

    rules: tuple[tuple[Selector, str], ...]
    sans: frozenset[str]
    furniture: dict[str, str]  # role (header, footer, draft) → class of the element that provides it
    keep_together: tuple[Selector, ...] = ()  # containers whose blocks a page break never separates
    keep_with_previous: tuple[Selector, ...] = ()  # blocks that never start a page after the block before them

    def style_for(self, element: Any) -> str:
        chain = [element, *element.iterancestors()]
        return next((style for selector, style in self.rules if _matches(selector, chain)), "Normal")

    def keeps_with_next(self, block: Block, following: Block) -> bool:
        """Whether a page may not end between `block` and `following`, the block after it."""
        if any(_matches(selector, [following.element, *following.element.iterancestors()]) for selector in self.keep_with_previous):
            return True
        for selector in self.keep_together:
            container = _container(block.element, selector)
            if container is not None and container is _container(following.element, selector):
                return True
        return False

    def furniture_text(self, tree: Any, role: str) -> str:
        found = tree.find_class(self.furniture[role]) if role in self.furniture else []
        return collapse(found[0].text_content()).strip() if found else ""


@dataclass(frozen=True)
class Block:
    """One paragraph-to-be: its element, Word style, release field and position in a list.

    A list item's first paragraph carries the item's number (`list_id`, `ordered`, `level`); its further
    paragraphs are `continued`: unnumbered, indented to the item's text, in the same list.
    """

    element: Any
    style: str
    field: str
    text: str
    list_id: int | None = None
    ordered: bool = False
    level: int = 0
    continued: bool = False

    @property
    def picture(self) -> bool:
        return self.element.tag == "img"

    @property
    def table(self) -> bool:
        return self.element.tag == "table"


def table_rows(table: Any) -> list[tuple[Any, list[Any]]]:
    """The rows of a table element, header rows first as HTML places them: (tr, its th/td cells)."""
    return [(tr, [c for c in tr if c.tag in ("th", "td")]) for tr in table.iter("tr")]


def row_blocks(block: Block, styles: StyleMap) -> list[Block]:
    """A table block as one block per row (cells joined by ' | '), for comparing versions row by row."""
    return [
        Block(tr, styles.style_for(cells[0]) if cells else block.style, block.field, _row_text(cells))
        for tr, cells in table_rows(block.element)
    ]


def _row_text(cells: list[Any]) -> str:
    return " | ".join(inline_text(c) for c in cells)


class _StyleMapFile(Strict):
    """The shape of templates/docx-styles.yaml."""

    rules: list[tuple[Line, Line]] = Field(min_length=1, description="[selector, Word style], first match wins")
    sans: list[Line] = []
    furniture: dict[Literal["header", "footer", "draft"], Line] = {}
    keep_together: list[Line] = Field([], description="selectors of containers whose blocks stay on one page")
    keep_with_previous: list[Line] = Field([], description="selectors of blocks that never begin a page")


_maps: dict[Path, tuple[SourceDoc, StyleMap]] = {}


def style_map(path: Path) -> StyleMap:
    """The style map of `path`, read again when the file changed (the preview keeps running)."""
    doc = cached_doc(path)
    known = _maps.get(path)
    if known is None or known[0] is not doc:
        data = validate(doc, _StyleMapFile)
        rules = tuple((_parse_selector(selector), style) for selector, style in data.rules)
        keep = tuple(_parse_selector(selector) for selector in data.keep_together)
        after = tuple(_parse_selector(selector) for selector in data.keep_with_previous)
        known = (doc, StyleMap(rules, frozenset(data.sans), dict(data.furniture), keep, after))
        _maps[path] = known
    return known[1]


def page_blocks(article: Any, styles: StyleMap) -> list[Block]:
    """Every visible block of the article, in reading order."""
    furniture = set(styles.furniture.values())
    blocks: list[Block] = []
    numbers = itertools.count(1)  # lists by number: the id() of an lxml element is reused once it is freed

    def walk(element: Any, lists: tuple[Any, ...], pending: Any) -> Any:
        """Blocks of `element`'s children; `pending` is a list item whose number waits for its first paragraph."""
        for child in element:
            if not isinstance(child.tag, str) or child.get("hidden") is not None:
                continue
            if furniture & set(child.get("class", "").split()):
                continue  # headers, footers and marks belong to the page, not the text
            if child.tag in ("ul", "ol"):
                walk(child, lists + ((child, next(numbers)),), None)
            elif child.tag == "li":
                walk(child, lists, None if add(child, lists, child) else child)
            elif child.tag == "table":
                add(child, lists, None)
            elif child.tag in CONTAINERS:
                pending = walk(child, lists, pending)
            elif child.tag in BLOCK_TAGS:
                if add(child, lists, pending):
                    pending = None
        return pending

    def add(element: Any, lists: tuple[Any, ...], item: Any) -> bool:
        text = inline_text(element) if element.tag != "table" else "\n".join(_row_text(c) for _, c in table_rows(element))
        if not text and element.tag != "img":
            return False
        field = next((a.get("data-field") for a in [element, *element.iterancestors()] if a.get("data-field")), "")
        innermost, number = lists[-1] if lists else (None, None)
        blocks.append(
            Block(
                element, styles.style_for(item if item is not None else element), field, text,
                list_id=number,
                ordered=innermost is not None and innermost.tag == "ol",
                level=max(len(lists) - 1, 0),
                continued=innermost is not None and item is None,
            )
        )
        return True

    walk(article, (), None)
    return blocks


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text)


def inline_text(element: Any) -> str:
    """The text of a block as a reader sees it, without the blocks nested in it (a list inside an item)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            break
        parts.append(child.text_content() if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return collapse("".join(parts)).strip()


def _parse_selector(selector: str) -> Selector:
    parts: list[tuple[str, frozenset[str], bool]] = []
    child = False
    for simple in selector.split():
        if simple == ">":
            child = True
            continue
        tag, *classes = simple.split(".")
        parts.append((tag, frozenset(classes), child))
        child = False
    return tuple(parts)


def _simple_match(part: tuple[str, frozenset[str], bool], element: Any) -> bool:
    tag, classes, _ = part
    return (not tag or element.tag == tag) and classes <= set(element.get("class", "").split())


def _container(element: Any, selector: Selector) -> Any:
    """`element` or its nearest ancestor that `selector` matches, if any."""
    chain = [element, *element.iterancestors()]
    return next((e for i, e in enumerate(chain) if _matches(selector, chain[i:])), None)


def _matches(selector: Selector, chain: list[Any]) -> bool:
    """CSS matching from the right: descendant parts anywhere above, child parts (after >) on the parent itself."""

    def match(part_index: int, chain_index: int) -> bool:
        if part_index < 0:
            return True
        part, below = selector[part_index], selector[part_index + 1]
        for ancestor in range(chain_index, len(chain)):
            if _simple_match(part, chain[ancestor]) and match(part_index - 1, ancestor + 1):
                return True
            if below[2]:
                return False  # a child part must match the parent itself
        return False

    return _simple_match(selector[-1], chain[0]) and match(len(selector) - 2, 1)
