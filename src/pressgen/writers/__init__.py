"""The writers: each turns a rendered page into the bytes of one format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..render import Page


@dataclass(frozen=True)
class Writer:
    """A format name, the suffix of its files, and a module with write(page) -> bytes.

    A module may also offer start(page), which begins the work elsewhere and returns a function
    that waits for the bytes: the build starts those first and writes the others meanwhile.
    """

    name: str
    suffix: str
    elsewhere: bool = False  # works in another process: start it first

    def write(self, page: Page) -> bytes:
        return self._module().write(page)

    def start(self, page: Page) -> Callable[[], bytes]:
        module = self._module()
        if hasattr(module, "start"):
            return module.start(page)
        data = module.write(page)
        return lambda: data

    def _module(self):  # type: ignore[no-untyped-def]
        # Imported on first use: an HTML-only build never pays for python-docx.
        return import_module(f"{__name__}.{self.name}")


WRITERS = {w.name: w for w in (Writer("html", ".html"), Writer("pdf", ".pdf", elsewhere=True), Writer("docx", ".docx"))}
