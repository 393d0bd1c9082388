"""WeasyPrint's side of the PDF writer, run in worker processes: one warm font configuration each."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from ...errors import PressgenError, Problem

_font_config = None


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs, as plain data: the page, its paged CSS and where it may read from."""

    html: str
    paged_css: str
    base_url: str
    roots: tuple[str, ...]
    variant: str
    identifier: bytes
    spec_path: str


def render(job: PdfJob) -> bytes:
    from weasyprint import CSS, HTML

    from .fetcher import ProjectFetcher, RefusedResource

    fetcher = ProjectFetcher([Path(root) for root in job.roots])
    try:
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        paged = CSS(string=job.paged_css, base_url=job.base_url, url_fetcher=fetcher)
        pdf = html.write_pdf(
            stylesheets=[paged],
            font_config=_shared_font_config(),
            pdf_variant=job.variant,
            pdf_tags=True,
            pdf_identifier=job.identifier,
        )
    except RefusedResource as exc:
        raise PressgenError([Problem(job.spec_path, 1, 1, "", str(exc))]) from None
    # Layout leaves reference cycles behind; collecting now keeps a long-lived worker flat.
    gc.collect()
    return pdf


def warm_up() -> None:
    """Load WeasyPrint and its font configuration before the first page arrives.

    No sample page is laid out here: the worker is the longer path of a cold build, and a sample
    would only delay the real page by what it costs.
    """
    _shared_font_config()
    # What is loaded now lives as long as the worker: keep it out of every later collection.
    gc.freeze()


def _shared_font_config():  # type: ignore[no-untyped-def]
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        from .fonts import install

        install()
        _font_config = FontConfiguration()
    return _font_config
