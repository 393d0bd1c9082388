"""Markdown of bodies and boilerplate rendered to safe, typeset HTML."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..spec.markdown import ALLOWED_SCHEMES, dialect
from ..spec.structures import mark_rows
from .typography import SHORT_CELL, display_width, typeset


def render(text: str, language: str, lead: Markup | None = None, top_heading: int = 3) -> Markup:
    """HTML for Markdown `text`; `lead` (already safe) opens the first paragraph; its headings start at h`top_heading`."""
    parts = render_parts(text, language, lead, top_heading)
    return Markup("").join(html for html in parts if isinstance(html, Markup))


def render_parts(
    text: str, language: str, lead: Markup | None = None, top_heading: int = 2
) -> list[Markup | tuple[str, int]]:
    """The HTML of `text` cut where a {{ quotes[N] }} or {{ images[N] }} line places something: HTML pieces,
    and (kind, index) for each placement between them (the loader has checked them). Headings (# or ##)
    start at h`top_heading`: the body's are subheadings under the headline, a boilerplate's under its own."""
    md = _renderer(language)
    tokens = md.parse(text)
    _mark_short_cells(tokens)
    mark_rows(tokens)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(max(int(token.tag[1]), top_heading), 6)}"
    if lead is not None:
        for token in tokens:
            if token.type == "inline":
                token.children = [Token("html_inline", "", 0, content=str(lead)), *(token.children or [])]
                break
    parts: list[Markup | tuple[str, int]] = []
    piece: list[Token] = []
    for token in [*tokens, None]:
        if token is None or (token.type == "placement" and token.level == 0 and "kind" in token.meta):
            if piece:
                parts.append(Markup(md.renderer.render(piece, md.options, {})))
            if token is not None:
                parts.append((token.meta["kind"], token.meta["index"]))
            piece = []
        elif token.type != "placement":
            piece.append(token)
    return parts


def _mark_short_cells(tokens: list[Token]) -> None:
    """Short cells (項目, 定員, 120名) keep to one line: CJK text may break after any character, so a table laid
    out automatically would squeeze a label column to one character per line beside a long cell."""
    for n, token in enumerate(tokens[:-1]):
        if token.type in ("th_open", "td_open") and display_width(tokens[n + 1].content) <= SHORT_CELL:
            token.attrJoin("class", "pg-short")


@cache
def _renderer(language: str) -> MarkdownIt:
    md = dialect(html=False).disable("image")
    md.validateLink = lambda url: url.lower().startswith(ALLOWED_SCHEMES)

    def text(renderer: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
        return str(typeset(tokens[idx].content, language))

    md.add_render_rule("text", text)
    return md
