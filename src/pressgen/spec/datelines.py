"""A release's dateline as written: a city, or a whole dateline pasted from a wire service, taken apart."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import Locale

# "April 21, 2026", "Apr. 21, 2026", "Sept. 1, 2026": the dates an English dateline carries.
_DATE = re.compile(r"(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})")
_WHOLE = re.compile(rf"^(?P<city>.+?),\s*(?P<date>{_DATE.pattern})\s*(?P<rest>.*)$")
_BUSINESS_WIRE = re.compile(r"^(?P<city>.+?)\s*-{2}\s*\((?P<credit>[^()]+)\)\s*-{2}$")
_AFTER_DATE = {
    "pr-newswire": re.compile(r"^/(?P<credit>[^/]+)/\s*-{2}$"),
    "globe-newswire": re.compile(r"^\((?P<credit>[^()]+)\)\s*-{2}$"),
    "ap": re.compile(r"^(?P<credit>)(?:—|–|-{1,2})$"),
}


@dataclass(frozen=True)
class Dateline:
    """The parts of a `dateline:` value; `form` is set when the value is a whole dateline."""

    city: str
    form: str | None = None
    credit: str | None = None
    date: dt.date | None = None
    date_offset: int = 0  # where the date starts in the value, for messages


class DatelineError(ValueError):
    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


def parse(value: str) -> Dateline:
    """A city, or one of the dateline forms of AP and the wire services (DATELINE_FORMS), with its parts."""
    text = value.strip()
    wire = _BUSINESS_WIRE.match(text)
    if wire:
        return Dateline(wire["city"], "business-wire", wire["credit"].strip())
    whole = _WHOLE.match(text)
    if not whole:
        if re.search(r"(?:—|–|--)\s*$", text):
            raise DatelineError("this ends like a dateline but has no date such as April 21, 2026 before its dash", len(text) - 1)
        return Dateline(text)
    offset = value.index(whole["date"])
    day = _english_date(whole, offset)
    for form, shape in _AFTER_DATE.items():
        rest = shape.match(whole["rest"])
        if rest:
            return Dateline(whole["city"], form, rest["credit"].strip() or None, day, offset)
    raise DatelineError(
        f"'{whole['rest']}' after the date is not a dateline form pressgen knows (—, /PRNewswire/ --, (GLOBE NEWSWIRE) --); "
        "write the city alone and set the form in house_style: dateline:",
        value.index(whole["rest"], offset),
    )


def _english_date(match: re.Match[str], offset: int) -> dt.date:
    month = _months().get(match["month"].lower())
    if month is None:
        raise DatelineError(f"'{match['month']}' is not an English month", offset)
    try:
        return dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError as exc:
        raise DatelineError(f"'{match['date']}' is not a date: {exc}", offset) from None


def _months() -> dict[str, int]:
    """English month names, CLDR's abbreviations and AP's (Sept)."""
    months = Locale.parse("en").months["format"]
    found = {name.lower(): number for width in ("wide", "abbreviated") for number, name in months[width].items()}
    return found | {"sept": 9}
