"""What machines read: an Atom feed of releases per language, and a sitemap of every page."""

from __future__ import annotations

import datetime as dt

from .records import ReleaseRecord
from .site import Site, SitePage


def feed_pages(site: Site) -> list[SitePage]:
    return [_feed(site, language) for language in site.languages]


def sitemap_page(site: Site, pages: list[SitePage]) -> SitePage:
    """Every HTML page by its public address; a release page with the date of its release."""
    dates = {site.release_url(r.id): r.date for r in site.records}
    urls = [{"loc": site.absolute(p.path), "lastmod": dates.get(p.path)} for p in pages if p.path.endswith(".html")]
    return SitePage("sitemap.xml", "site/sitemap.xml.j2", {"urls": urls})


def _feed(site: Site, language: str) -> SitePage:
    records = [r for r in site.records if r.language == language]
    entries = [{**site.entry(r), "link": site.absolute(site.release_url(r.id)), "updated": _moment(r), "pdf": _pdf(site, r)} for r in records]
    view = {
        "title": site.labels.feed_title.format(site=site.labels.site_title, language=site.language_name(language)),
        "language": language,
        "id": site.absolute(site.feed_url(language)),
        "alternate": site.absolute(site.language_url(language)),
        "updated": max(e["updated"] for e in entries),
        "entries": entries,
    }
    return SitePage(site.feed_url(language), "site/feed.atom.j2", view)


def _moment(record: ReleaseRecord) -> str:
    """When the release became public: its embargo, else the start of its day (UTC, for want of a time)."""
    return record.embargo or dt.datetime.fromisoformat(record.date).replace(tzinfo=dt.timezone.utc).isoformat()


def _pdf(site: Site, record: ReleaseRecord) -> str | None:
    return next((site.absolute(path) for path in record.outputs if path.endswith(".pdf")), None)
