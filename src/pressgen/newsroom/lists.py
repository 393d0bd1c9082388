"""The release lists: every public release newest first, and the same list for each language and each issuer."""

from __future__ import annotations

from .records import ReleaseRecord
from .site import Site, SitePage

TEMPLATE = "site/list.html.j2"


def list_pages(site: Site) -> list[SitePage]:
    pages = [_list(site, "index.html", site.labels.releases, "all", site.records)]
    for language in site.languages:
        heading = site.labels.releases_in.format(language=site.language_name(language))
        chosen = [r for r in site.records if r.language == language]
        pages.append(_list(site, site.language_url(language), heading, f"language:{language}", chosen))
    for org_id in site.issuing_orgs:
        heading = site.labels.releases_from.format(organization=site.org_name(org_id))
        chosen = [r for r in site.records if org_id in r.issuers]
        pages.append(_list(site, site.org_releases_url(org_id), heading, f"organization:{org_id}", chosen))
    return pages


def _list(site: Site, path: str, heading: str, current: str, records: list[ReleaseRecord]) -> SitePage:
    filters = {
        "all": {"url": "index.html", "current": current == "all"},
        "languages": [
            {"url": site.language_url(lang), "name": site.language_name(lang), "current": current == f"language:{lang}"}
            for lang in site.languages
        ],
        "organizations": [
            {"url": site.org_releases_url(o), "name": site.org_name(o), "current": current == f"organization:{o}"}
            for o in site.issuing_orgs
        ],
    }
    return site.page(path, TEMPLATE, {"heading": heading, "filters": filters, "entries": [site.entry(r) for r in records]})
