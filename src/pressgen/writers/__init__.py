"""The writers: each turns a rendered page into the bytes of one format."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from ..render import Page


@dataclass(frozen=True)
class Writer:
    """A format name, the suffix of its files, and a module with write(page) -> bytes."""

    name: str
    suffix: str

    def write(self, page: Page) -> bytes:
        # Imported on first use: an HTML-only build never pays for WeasyPrint or python-docx.
        return import_module(f"{__name__}.{self.name}").write(page)


WRITERS = {w.name: w for w in (Writer("html", ".html"), Writer("pdf", ".pdf"), Writer("docx", ".docx"))}
