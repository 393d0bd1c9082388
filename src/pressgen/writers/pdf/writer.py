"""PDF writer: WeasyPrint lays out the HTML page with its paged styles, in warm worker processes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from ...errors import PressgenError, Problem
from ...render.glyphs import missing_glyphs
from ...render.page import Page
from . import engine
from .pool import pdf_pool


def start(page: Page) -> Callable[[], bytes]:
    """Send the page to a worker now; the returned function waits for the PDF."""
    loaded = page.loaded
    fonts = loaded.project.fonts(loaded.release.language)
    missing = missing_glyphs(loaded, [*fonts["serif"], *fonts["sans"]])
    if missing:
        raise PressgenError(missing)
    job = engine.PdfJob(
        html=page.html,
        paged_css=page.paged_css,
        base_url=loaded.project.templates.as_uri() + "/",
        roots=(str(loaded.project.templates), str(loaded.project.releases)),
        variant=loaded.project.section("pdf").get("variant", "pdf/ua-1"),
        identifier=loaded.release.id.encode(),
        spec_path=loaded.doc.path,
    )
    broken = "the PDF worker stopped (it could not start WeasyPrint, or it was killed); run: pressgen doctor"
    try:
        future = pdf_pool().submit(engine.render, job)
    except BrokenProcessPool:
        raise PressgenError([Problem(loaded.doc.path, 1, 1, "", broken)]) from None

    def result() -> bytes:
        try:
            return future.result()
        except BrokenProcessPool:
            raise PressgenError([Problem(loaded.doc.path, 1, 1, "", broken)]) from None

    return result


def write(page: Page) -> bytes:
    return start(page)()
