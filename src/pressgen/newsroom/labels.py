"""The newsroom's own words in its language, from templates/site/i18n/<language>.yaml."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..errors import fail
from ..spec.project import Project
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamlsource import display_path


class SiteLabels(BaseModel):
    """Every label a newsroom template prints; {name}-style fields are filled in by the views."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site_title: str
    skip_to_content: str
    releases: str
    all_releases: str
    by_language: str
    by_organization: str
    releases_in: str
    releases_from: str
    no_releases: str
    date: str
    headline: str
    language: str
    issuers: str
    organizations: str
    download: str
    file_size: str
    other_languages: str
    in_history: str
    history: str
    press_release: str
    names: str
    formal_name: str
    short_name: str
    abbreviation: str
    about: str
    contacts: str
    email: str
    phone: str
    links: str
    website: str
    period: str
    data_table: str
    chart_summary: str
    no_value: str
    feeds: str
    feed_title: str
    language_names: dict[str, str]


def load_site_labels(project: Project, language: str) -> SiteLabels:
    path = project.templates / "site" / "i18n" / f"{language}.yaml"
    if not path.is_file():
        raise fail(display_path(path), f"no newsroom labels for '{language}': write this file (see i18n/en.yaml beside it)")
    return validate(cached_doc(path), SiteLabels)
