"""PDF writer: WeasyPrint lays out the HTML page with its print styles."""

from __future__ import annotations

import gc

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..errors import PressgenError, Problem
from ..fetcher import ProjectFetcher, RefusedResource
from ..glyphs import missing_glyphs
from ..render import Page

_font_config: FontConfiguration | None = None


def write(page: Page) -> bytes:
    loaded = page.loaded
    fonts = loaded.project.fonts(loaded.release.language)
    missing = missing_glyphs(loaded, [*fonts["serif"], *fonts["sans"]])
    if missing:
        raise PressgenError(missing)
    settings = loaded.project.section("pdf")
    fetcher = ProjectFetcher([loaded.project.templates, loaded.project.releases])
    base_url = loaded.project.templates.as_uri() + "/"
    try:
        html = HTML(string=page.html, base_url=base_url, url_fetcher=fetcher)
        paged = CSS(string=page.paged_css, base_url=base_url, url_fetcher=fetcher)
        pdf = html.write_pdf(
            stylesheets=[paged],
            font_config=_shared_font_config(),
            pdf_variant=settings.get("variant", "pdf/ua-1"),
            pdf_tags=True,
            pdf_identifier=loaded.release.id.encode(),
        )
    except RefusedResource as exc:
        raise PressgenError([Problem(loaded.doc.path, 1, 1, "", str(exc))]) from None
    # Layout leaves reference cycles behind; collecting now keeps a long-lived process flat.
    gc.collect()
    return pdf


def _shared_font_config() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config
