"""Per-language labels from templates/i18n/<language>.yaml, and dates formatted by Babel."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict

from .project import Project
from .sources import cached_doc
from .validation import validate


class Catalogue(BaseModel):
    """Every label a release template may print, for one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    locale: str
    kind: str
    salutation: str | None
    release_line: str | None
    embargo: str
    highlights: str
    about: str
    contacts: str
    contact_person: str
    contact_phone: str
    website_line: str
    social_line: str
    links: str
    lead_in: str
    quote_open: str
    quote_close: str
    photo_credit: str
    page_number: str
    dateline: str | None
    end_mark: str | None
    list_separator: str
    mail_subject: str
    mail_subject_embargoed: str
    mail_draft: str
    mail_greeting: str
    mail_unsubscribe: str

    redline_title: str
    redline_old: str
    redline_new: str
    redline_none: str
    redline_kinds: dict[str, str]

    draft_mark: str
    draft_note: str
    statuses: dict[str, str]
    stamp: str
    stamp_commit: str

    def fill(self, key: str, **values: object) -> Markup:
        """The label `key` with its {fields} filled; plain-text values are escaped."""
        return escape(getattr(self, key)).format(**values)

    def text(self, key: str, **values: object) -> str:
        return str(getattr(self, key)).format(**values)

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.babel_locale)

    def moment(self, when: dt.datetime) -> str:
        """Date, time and zone, unambiguous for a reader anywhere."""
        offset = when.utcoffset() or dt.timedelta()
        hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
        zone = get_timezone_name(when, "long", locale=self.babel_locale)
        return f"{self.date(when.date())} {format_time(when, 'short', locale=self.babel_locale)} {zone} (UTC{hours:+03d}:{minutes:02d})"


def load_catalogue(project: Project, language: str) -> Catalogue:
    return validate(cached_doc(project.templates / "i18n" / f"{language}.yaml"), Catalogue)
