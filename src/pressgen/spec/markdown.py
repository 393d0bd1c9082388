"""Markdown as users write it in bodies and boilerplate: the dialect, and located complaints about what it may not hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

DIALECT = "commonmark"
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class MarkdownIssue:
    """A problem at a 0-based character offset of the Markdown source."""

    offset: int
    message: str


def issues(text: str) -> list[MarkdownIssue]:
    """Raw HTML, images and links that are not http(s) or mailto."""
    found: list[MarkdownIssue] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for token in _checker().parse(text):
        start = line_starts[token.map[0]] if token.map else 0
        if token.type == "html_block":
            found.append(MarkdownIssue(start, "raw HTML is not allowed in Markdown"))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(MarkdownIssue(_find(text, child.content, start), f"raw HTML {child.content} is not allowed"))
            elif child.type == "image":
                src = child.attrGet("src") or ""
                found.append(
                    MarkdownIssue(
                        _find(text, src, start),
                        f"image {src} is not embedded: Markdown images are not allowed; list pictures under images:",
                    )
                )
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not href.lower().startswith(ALLOWED_SCHEMES):
                    found.append(
                        MarkdownIssue(_find(text, href, start), f"link '{href}' must start with http://, https:// or mailto:")
                    )
    return found


def _find(text: str, needle: str, start: int) -> int:
    at = text.find(needle, start) if needle else -1
    return at if at >= 0 else start


@cache
def _checker() -> MarkdownIt:
    # Parse with HTML on and no link filtering, so that what we refuse can be reported.
    md = MarkdownIt(DIALECT, {"html": True})
    md.validateLink = lambda url: True
    return md
