"""Markdown of bodies and boilerplate rendered to safe, typeset HTML."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..spec.markdown import ALLOWED_SCHEMES, dialect
from .typography import SHORT_CELL, display_width, typeset


def render(text: str, language: str, lead: Markup | None = None) -> Markup:
    """HTML for Markdown `text`; `lead` (already safe) opens the first paragraph."""
    md = _renderer(language)
    tokens = md.parse(text)
    _mark_short_cells(tokens)
    if lead is not None:
        for token in tokens:
            if token.type == "inline":
                token.children = [Token("html_inline", "", 0, content=str(lead)), *(token.children or [])]
                break
    return Markup(md.renderer.render(tokens, md.options, {}))


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
