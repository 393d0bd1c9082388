"""A page per public release: its own HTML, its PDF and DOCX, its other language versions, its place in a history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.dates import format_skeleton

from .embed import embedded
from .history import event_anchors, event_month
from .records import ReleaseRecord
from .site import Site, SitePage

TEMPLATE = "site/release.html.j2"
_FORMATS = {".pdf": "PDF", ".docx": "DOCX (Word)", ".html": "HTML"}


def release_pages(site: Site, staging: Path) -> list[SitePage]:
    return [_page(site, record, staging) for record in site.records]


def _page(site: Site, record: ReleaseRecord, staging: Path) -> SitePage:
    output = staging / f"release/{record.id}/{record.id}.html"
    view: dict[str, Any] = {
        "title": record.headline,
        "release": site.entry(record),
        "key": record.key,  # stands for the embedded HTML, which is read only if the page is rebuilt
        "versions": [
            {"url": site.release_url(r.id), "language": r.language, "name": site.language_name(r.language), "current": r is record}
            for r in site.versions(record)
        ],
        "downloads": [
            {"url": path, "format": _FORMATS[Path(path).suffix], "size": site.labels.file_size.format(size=max(1, round(size / 1024)))}
            for path, size in sorted(record.outputs.items(), key=lambda item: list(_FORMATS).index(Path(item[0]).suffix))
        ],
        "history": _history_links(site, record),
    }
    template = site.project.templates / "release.html.j2"
    return site.page(site.release_url(record.id), TEMPLATE, view, extra=lambda: embedded(output, template))


def _history_links(site: Site, record: ReleaseRecord) -> list[dict[str, str]]:
    """The history events that are this news, in any of its language versions."""
    ids = {r.id for r in site.versions(record)}
    links = []
    for org_id, org in site.registry.orgs.items():
        for anchor, event in zip(event_anchors(org), org.history):
            if event.release in ids:
                links.append({
                    "url": f"{site.org_url(org_id)}#{anchor}",
                    "history": site.labels.in_history.format(organization=site.org_name(org_id)),
                    "when": format_skeleton("yMMMM", event_month(event), locale=site.catalogue.babel_locale),
                    "title": event.title,
                })
    return links
