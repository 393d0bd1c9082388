"""HTML writer: the rendered page itself, one self-contained file."""

from __future__ import annotations

from ..render.page import Page


def write(page: Page) -> bytes:
    return page.html.encode("utf-8")
