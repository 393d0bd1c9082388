"""The release page as a flat list of blocks — style, field, place in a list — for DOCX and redlines."""

from __future__ import annotations

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
BLOCK_TAGS = CONTAINERS | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "img"}
# HTML collapses ASCII white space only; an ideographic space (U+3000) is text.
_SPACE = re.compile(r"[ \t\n\r\f]+")

Selector = tuple[tuple[str, frozenset[str]], ...]


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
    """One paragraph-to-be: its element, Word style, release field and position in a list."""

    element: Any
    style: str
    field: str
    text: str
    list_id: int | None = None
    ordered: bool = False
    level: int = 0

    @property
    def picture(self) -> bool:
        return self.element.tag == "img"


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

    def walk(element: Any, lists: tuple[Any, ...]) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.get("hidden") is not None:
                continue
            if furniture & set(child.get("class", "").split()):
                continue  # headers, footers and marks belong to the page, not the text
            if child.tag in ("ul", "ol"):
                walk(child, lists + (child,))
            elif child.tag == "li":
                add(child, lists)
                walk(child, lists)
            elif child.tag in CONTAINERS:
                walk(child, lists)
            elif child.tag in BLOCK_TAGS:
                add(child, lists)

    def add(element: Any, lists: tuple[Any, ...]) -> None:
        text = inline_text(element)
        if not text and element.tag != "img":
            return
        field = next((a.get("data-field") for a in [element, *element.iterancestors()] if a.get("data-field")), "")
        innermost = lists[-1] if lists and element.tag == "li" else None
        blocks.append(
            Block(
                element, styles.style_for(element), field, text,
                list_id=id(innermost) if innermost is not None else None,
                ordered=innermost is not None and innermost.tag == "ol",
                level=max(len(lists) - 1, 0),
            )
        )

    walk(article, ())
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
    parts = []
    for simple in selector.split():
        tag, *classes = simple.split(".")
        parts.append((tag, frozenset(classes)))
    return tuple(parts)


def _simple_match(part: tuple[str, frozenset[str]], element: Any) -> bool:
    tag, classes = part
    return (not tag or element.tag == tag) and classes <= set(element.get("class", "").split())


def _container(element: Any, selector: Selector) -> Any:
    """`element` or its nearest ancestor that `selector` matches, if any."""
    chain = [element, *element.iterancestors()]
    return next((e for i, e in enumerate(chain) if _matches(selector, chain[i:])), None)


def _matches(selector: Selector, chain: list[Any]) -> bool:
    if not _simple_match(selector[-1], chain[0]):
        return False
    remaining = list(selector[:-1])
    for ancestor in chain[1:]:
        if remaining and _simple_match(remaining[-1], ancestor):
            remaining.pop()
    return not remaining
