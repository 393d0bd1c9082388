"""A page per organization of the registry: its names, boilerplate, contacts, links, history and figures."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..render import markdown
from ..render.context import link_line
from ..render.labels import load_catalogue
from ..spec.model import Organization
from .chart import chart
from .history import Link, history
from .site import Site, SitePage

TEMPLATE = "site/organization.html.j2"


def org_pages(site: Site) -> list[SitePage]:
    releases_of = _release_links(site)
    return [_page(site, org_id, org, releases_of) for org_id, org in site.registry.orgs.items()]


def _page(site: Site, org_id: str, org: Organization, releases_of: dict[str, list[Link]]) -> SitePage:
    view = {
        "title": site.org_name(org_id, formal=True),
        "names": [
            {"lang": lang, "language": site.language_name(lang), "formal": n.formal, "short": n.short, "abbreviation": n.abbreviation}
            for lang, n in org.names.items()
        ],
        "about": [_about(site, org, lang) for lang in org.boilerplate],
        "contacts": [
            {
                "department": site.text(c.department),
                "person": site.text(c.person),
                "email": c.email,
                "phone": c.phone,
            }
            for c in org.contacts.values()
        ],
        "links": ([{"text": site.labels.website, "url": org.website}] if org.website else [])
        + [{"text": site.text(s.label), "url": s.url} for s in org.social],
        "releases_url": site.org_releases_url(org_id) if org_id in site.issuing_orgs else None,
        "history": history(org, site.catalogue.babel_locale, releases_of),
        "charts": [chart(figure, site.language, site.labels) for figure in org.figures],
    }
    return site.page(site.org_url(org_id), TEMPLATE, view)


def _about(site: Site, org: Organization, lang: str) -> dict[str, Any]:
    boilerplate = org.boilerplate[lang]  # type: ignore[index]
    labels = load_catalogue(site.project, lang)
    return {
        "lang": lang,
        "language": site.language_name(lang),
        "heading": boilerplate.name or (org.names[lang].formal if lang in org.names else org.id),  # type: ignore[index]
        "as_of": boilerplate.as_of,
        "text": markdown.render(boilerplate.text, lang),
        "lines": [Markup(line) for line in (link_line(org, labels, lang, x) for x in boilerplate.lines) if line],
    }


def _release_links(site: Site) -> dict[str, list[Link]]:
    """Release id → links to each public language version of that news."""
    links: dict[str, list[Link]] = {}
    for record in site.records:
        links[record.id] = [Link(site.release_url(v.id), site.language_name(v.language), v.language) for v in site.versions(record)]
    return links
