"""The writers: each turns a rendered page into the bytes of one format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI checks --format before it forks the PDF worker: keep this import light
    from ..render.page import Page


@dataclass(frozen=True)
class Writer:
    """A format name, the suffix of its files, and a module with write(page) -> bytes.

    A writer that works `elsewhere` (another process) also offers start(page), which sends the work
    off and returns a function that waits for the bytes: the build starts those first.
    """

    name: str
    suffix: str
    module: str  # under pressgen.writers
    elsewhere: bool = False  # works in another process: start it first

    def write(self, page: Page) -> bytes:
        return self._module().write(page)

    def start(self, page: Page) -> Callable[[], bytes]:
        if self.elsewhere:
            return self._module().start(page)
        data = self.write(page)
        return lambda: data

    def _module(self):  # type: ignore[no-untyped-def]
        # Imported on first use: an HTML-only build never pays for python-docx.
        return import_module(f"{__name__}.{self.module}")


WRITERS = {
    w.name: w
    for w in (Writer("html", ".html", "html"), Writer("pdf", ".pdf", "pdf.writer", elsewhere=True), Writer("docx", ".docx", "docx.writer"))
}
