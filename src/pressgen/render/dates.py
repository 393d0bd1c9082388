"""Dates in a house style: Babel formats every field, pressgen adds AP's months and the eras of a calendar."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date

from ..spec.datestyle import ERA_FIELDS, PRESETS, era, quote, tokens

# AP style abbreviates the months longer than five letters, and writes September as Sept.
_AP_MONTHS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}


class DateOutOfCalendar(ValueError):
    """A date before the first era of the calendar asked for."""


def format_day(day: dt.date, style: str, calendar: str, locale: Locale) -> str:
    """`day` in the date format `style` (a preset or a CLDR pattern) of `calendar`."""
    if style == "ap":
        month = _AP_MONTHS.get(day.month)
        pattern = join([(False, month), (True, " d, y")]) if month else "MMMM d, y"
    elif style in PRESETS:
        pattern = locale.date_formats[style].pattern
        if calendar != "gregorian" and "G" not in pattern:
            pattern = "G" + pattern  # the era stands before its year: 令和6年7月19日
    else:
        pattern = style
    return format_date(day, _era_fields(pattern, day, calendar), locale=locale)


def _era_fields(pattern: str, day: dt.date, calendar: str) -> str:
    """The pattern with its era fields written out: G the era, y its year (元 for the first), r the Gregorian year.

    Babel knows only the Gregorian calendar, where G and y keep their meaning and r is the year itself."""
    found = era(calendar, day) if calendar != "gregorian" else ("", day.year)
    if found is None:
        raise DateOutOfCalendar(f"{day.isoformat()} is before the first era of the {calendar} calendar")
    name, year = found
    pieces: list[tuple[bool, str]] = []
    for is_field, text in tokens(pattern):
        if not is_field or text[0] not in ERA_FIELDS or (calendar == "gregorian" and text[0] != "r"):
            pieces.append((is_field, text))
        elif text[0] == "G":
            pieces.append((False, name))
        elif text[0] == "y":
            pieces.append((False, "元" if year == 1 and calendar == "japanese" else str(year).zfill(len(text) if len(text) > 1 else 1)))
        else:
            pieces.append((False, str(day.year)))
    return join(pieces)


def join(pieces: list[tuple[bool, str]]) -> str:
    """A CLDR pattern from (is_field, text) pieces: each run of literal text quoted once (Babel reads '' as ')."""
    out, literal = [], ""
    for is_field, text in pieces:
        if is_field:
            out += [quote(literal), text]
            literal = ""
        else:
            literal += text
    return "".join(out) + quote(literal)
