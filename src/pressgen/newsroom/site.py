"""What every newsroom page shares: the published releases, the registry, the words, the addresses of pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..render.labels import Catalogue
from ..spec.model import Localized
from ..spec.project import Project
from ..spec.registry import Registry
from .labels import SiteLabels
from .records import ReleaseRecord, family_roots


@dataclass(frozen=True)
class SitePage:
    """One file of the site: its path, its template and the plain data it shows.

    The digest of `view` decides whether the page is rendered again; `extra` is read only when it is.
    """

    path: str
    template: str
    view: dict[str, Any]
    extra: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Site:
    project: Project
    registry: Registry
    records: list[ReleaseRecord]  # the public releases, newest first
    labels: SiteLabels
    catalogue: Catalogue  # dates and boilerplate lines in the newsroom's language
    language: str
    base_url: str

    # ── addresses, relative to the site root ──

    @staticmethod
    def release_url(release_id: str) -> str:
        return f"release/{release_id}/index.html"

    @staticmethod
    def org_url(org_id: str) -> str:
        return f"organization/{org_id}/index.html"

    @staticmethod
    def org_releases_url(org_id: str) -> str:
        return f"organization/{org_id}/releases/index.html"

    @staticmethod
    def language_url(language: str) -> str:
        return f"language/{language}/index.html"

    @staticmethod
    def feed_url(language: str) -> str:
        return f"feeds/{language}.atom"

    def absolute(self, path: str) -> str:
        """The public address of a site path; index.html is left to the web server."""
        return self.base_url + path.removesuffix("index.html")

    # ── words ──

    def language_name(self, language: str) -> str:
        return self.labels.language_names.get(language, language)

    def org_name(self, org_id: str, language: str | None = None, formal: bool = False) -> str:
        """The organization's name in `language`, else in the newsroom's, else in any it has."""
        org = self.registry.orgs[org_id]
        names = org.names.get(language or self.language) or org.names.get(self.language) or next(iter(org.names.values()))  # type: ignore[call-overload]
        return names.formal if formal else names.short or names.formal

    def text(self, value: Localized | None) -> str | None:
        """A registry text in the newsroom's language, else in any language it has."""
        if value is None or isinstance(value, str):
            return value
        return value.get(self.language) or next(iter(value.values()), None)  # type: ignore[call-overload]

    def date(self, iso: str) -> str:
        return self.catalogue.date(dt.date.fromisoformat(iso))

    # ── what pages list ──

    @cached_property
    def languages(self) -> list[str]:
        return sorted({r.language for r in self.records})

    @cached_property
    def issuing_orgs(self) -> list[str]:
        return [o for o in self.registry.orgs if any(o in r.issuers for r in self.records)]

    def versions(self, record: ReleaseRecord) -> list[ReleaseRecord]:
        """The public language versions of the same news, this one included, by language."""
        family = self._families[self._roots[record.id]]
        return sorted(family, key=lambda r: r.language)

    @cached_property
    def _roots(self) -> dict[str, str]:
        return family_roots(self.records)

    @cached_property
    def _families(self) -> dict[str, list[ReleaseRecord]]:
        families: dict[str, list[ReleaseRecord]] = {}
        for record in self.records:
            families.setdefault(self._roots[record.id], []).append(record)
        return families

    def entry(self, record: ReleaseRecord) -> dict[str, Any]:
        """A release as lists and feeds show it."""
        return {
            "id": record.id,
            "url": self.release_url(record.id),
            "date": record.date,
            "date_text": self.date(record.date),
            "headline": record.headline,
            "summary": record.subheadline,
            "language": record.language,
            "language_name": self.language_name(record.language),
            "issuers": [self.org_name(i, record.language) for i in record.issuers],
        }

    def page(self, path: str, template: str, view: dict[str, Any], extra: Callable[[], dict[str, Any]] | None = None) -> SitePage:
        """A page with what every page shows around its own content: the organizations and the feeds."""
        common = {
            "site_language": self.language,
            "nav_orgs": [{"url": self.org_url(o), "name": self.org_name(o)} for o in self.registry.orgs],
            "feeds": [{"url": self.feed_url(lang), "language": lang, "name": self.language_name(lang)} for lang in self.languages],
        }
        return SitePage(path, template, {**common, **view}, extra)
