"""Per-language labels from templates/i18n/<language>.yaml, and dates formatted by Babel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, PrivateAttr

from ..errors import PressgenError
from ..spec.project import Project
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamlsource import SourceDoc

_T = TypeVar("_T")


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
    contact_unit: str
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
    draft_header: str
    header_separator: str
    draft_note: str
    statuses: dict[str, str]
    stamp: str
    stamp_commit: str

    _source: SourceDoc | None = PrivateAttr(None)

    def fill(self, key: str, **values: object) -> Markup:
        """The label `key` with its {fields} filled; plain-text values are escaped."""
        return self._format(key, lambda: escape(getattr(self, key)).format(**values), values)

    def text(self, key: str, **values: object) -> str:
        return self._format(key, lambda: str(getattr(self, key)).format(**values), values)

    def _format(self, key: str, fill: Callable[[], _T], values: dict[str, object]) -> _T:
        try:
            return fill()
        except (KeyError, IndexError, ValueError) as exc:
            known = ", ".join("{" + name + "}" for name in values) or "none"
            message = f"cannot fill this label ({type(exc).__name__}: {exc}); the fields it may use: {known}"
            if self._source is None:
                raise
            raise PressgenError([self._source.problem((key,), message)]) from None

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
    doc = cached_doc(project.templates / "i18n" / f"{language}.yaml")
    catalogue = validate(doc, Catalogue)
    catalogue._source = doc
    return catalogue
