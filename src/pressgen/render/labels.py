"""Per-language labels from templates/i18n/<language>.yaml under the house styles in force, and dates by Babel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar

from typing import Annotated

from babel import Locale
from babel.dates import format_time, get_timezone_name
from markupsafe import Markup, escape
from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr

from ..errors import PressgenError
from ..spec.datestyle import Calendar, check_pattern
from ..spec.loader import LoadedRelease
from ..spec.model import ContactOrder, HouseStyle, LabelStyle
from ..spec.project import Project
from ..spec.settings import TABLE, settings_doc
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamlsource import Loc, SourceDoc
from .dates import DateOutOfCalendar, format_day

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
    contacts_heading: str | None
    contact_unit: str
    contact_person: str
    contact_titled: str
    contact_group: str
    contact_phone: str
    contact_extension: str
    contact_direct: str
    contact_mobile: str
    contact_fax: str
    contact_website: str
    contact_email: str
    contact_order: ContactOrder
    website_line: str
    social_line: str
    links: str
    lead_in: str
    quote_open: str
    quote_close: str
    quote_reopen: str  # opens each further paragraph of a quotation ("“" in English; "" where one pair encloses all)
    said: str  # names the speaker after the quoted words: {name}, {title}
    said_name: str  # the same for a speaker without a title
    title_at: str  # a title with its organization: {title}, {org}
    said_comma: str  # what the quotation's closing full stop becomes before the speaker is named
    full_stop: str
    photo_credit: str
    page_number: str
    dateline: str | None
    credit: str | None = None
    date_format: Annotated[str, AfterValidator(check_pattern)] = "long"
    calendar: Calendar = "gregorian"
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
    # Where each entry a house style replaced was written: its problems are reported there.
    _overridden: dict[str, tuple[SourceDoc, Loc]] = PrivateAttr(default_factory=dict)

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
            raise self.problem(key, message) from None

    def problem(self, key: str, message: str) -> PressgenError:
        """An error located where the entry `key` in force was written: a house style or the catalogue."""
        doc, loc = self._overridden.get(key) or (self._source, (key,))
        if doc is None:
            return PressgenError([])
        return PressgenError([doc.problem(loc, message)])

    def styled(self, styles: list[tuple[LabelStyle, SourceDoc, Loc]]) -> Catalogue:
        """This catalogue under house styles, the most general first; each entry remembers who set it."""
        catalogue = self
        overridden = dict(self._overridden)
        for style, doc, loc in styles:
            changes = style.overrides()
            catalogue = catalogue.model_copy(update=changes)
            overridden.update({key: (doc, (*loc, key)) for key in changes})
        catalogue._source, catalogue._overridden = self._source, overridden
        return catalogue

    def overridden(self, key: str) -> bool:
        """Whether a house style set this entry."""
        return key in self._overridden

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    def date(self, day: dt.date) -> str:
        """`day` in the date format and calendar in force."""
        try:
            return format_day(day, self.date_format, self.calendar, self.babel_locale)
        except DateOutOfCalendar as exc:
            raise self.problem("calendar", str(exc)) from None

    def moment(self, when: dt.datetime) -> str:
        """Date, time and zone, unambiguous for a reader anywhere."""
        offset = when.utcoffset() or dt.timedelta()
        hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
        zone = get_timezone_name(when, "long", locale=self.babel_locale)
        return f"{self.date(when.date())} {format_time(when, 'short', locale=self.babel_locale)} {zone} (UTC{hours:+03d}:{minutes:02d})"


def load_catalogue(project: Project, language: str) -> Catalogue:
    doc = cached_doc(project.template(f"i18n/{language}.yaml"))
    catalogue = validate(doc, Catalogue)
    catalogue._source = doc
    return catalogue


def release_labels(loaded: LoadedRelease) -> Catalogue:
    """The catalogue of the release's language under the project's house style, then the first issuer's, then
    the release's own (its house_style: and salutation:)."""
    release, lang = loaded.release, loaded.release.language
    styles: list[tuple[LabelStyle, SourceDoc, Loc]] = []
    project_style = loaded.project.section("house_style").get(lang)
    if project_style:
        pyproject = loaded.project.root / "pyproject.toml"
        doc = settings_doc(pyproject, loaded.project.settings)
        styles.append((HouseStyle.model_validate(project_style), doc, (*TABLE, "house_style", lang)))
    lead = release.issuers[0]
    org_style = loaded.org(lead).house_style.get(lang)  # type: ignore[call-overload]
    if org_style is not None:
        styles.append((org_style, loaded.registry.docs[lead], ("house_style", lang)))
    if release.house_style is not None:
        styles.append((release.house_style, loaded.doc, ("house_style",)))
    if "salutation" in release.model_fields_set and release.salutation is not None:
        styles.append((HouseStyle(salutation=release.salutation), loaded.doc, ()))
    return load_catalogue(loaded.project, lang).styled(styles)
