"""Date styles a house style may name: Babel's formats, AP months, CLDR patterns, and calendars with eras."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from babel.dates import PATTERN_CHARS

Calendar = Literal["gregorian", "japanese", "roc"]
PRESETS = ("full", "long", "medium", "short", "ap")
# In a calendar with eras, CLDR's G is the era, y the year of the era and r the related Gregorian year (UTS #35).
ERA_FIELDS = frozenset("Gyr")
# The eras since each calendar met the Gregorian one, with their first days, as CLDR's supplemental calendarData
# gives them. Babel carries only the Gregorian calendar, so this table is the one piece of calendar data here.
ERAS: dict[str, tuple[tuple[dt.date, str], ...]] = {
    "japanese": (
        (dt.date(1868, 9, 8), "明治"),
        (dt.date(1912, 7, 30), "大正"),
        (dt.date(1926, 12, 25), "昭和"),
        (dt.date(1989, 1, 8), "平成"),
        (dt.date(2019, 5, 1), "令和"),
    ),
    "roc": ((dt.date(1912, 1, 1), "民國"),),
}

_TOKEN = re.compile(r"'(?:[^']|'')*'|''|([A-Za-z])\1*|[^A-Za-z']+")


def tokens(pattern: str) -> list[tuple[bool, str]]:
    """(is_field, text) pieces of a CLDR pattern: a field is a run of one letter, the rest is literal text."""
    out = []
    for match in _TOKEN.finditer(pattern):
        piece = match[0]
        if piece == "''":
            out.append((False, "'"))
        elif piece.startswith("'"):
            out.append((False, piece[1:-1].replace("''", "'")))
        else:
            out.append((piece[0].isascii() and piece[0].isalpha(), piece))
    return out


def quote(text: str) -> str:
    """Literal text inside a CLDR pattern."""
    return "'" + text.replace("'", "''") + "'" if text else ""


def check_pattern(value: str) -> str:
    """A date format: a preset name or a CLDR pattern whose every field is a date field."""
    if value in PRESETS:
        return value
    if value.count("'") % 2:
        raise ValueError(f"'{value}' has an unclosed quote (write '' for an apostrophe)")
    fields = [text for is_field, text in tokens(value) if is_field]
    if not fields:
        raise ValueError(f"'{value}' is neither a preset ({', '.join(PRESETS)}) nor a CLDR date pattern such as y年M月d日")
    for field in fields:
        letter = field[0]
        if letter == "r":
            continue  # the related Gregorian year, meaningful with a calendar of eras
        widths = PATTERN_CHARS.get(letter)
        if letter not in PATTERN_CHARS or letter in "aBbhHKkmsSAzZOvVxX":
            raise ValueError(f"'{field}' in '{value}' is not a date field (y, M, d, E, G …; quote literal letters: 'at')")
        if widths is not None and len(field) not in widths:
            raise ValueError(f"'{field}' in '{value}': the field {letter} takes {', '.join(map(str, widths))} letters")
    return value


def era(calendar: str, day: dt.date) -> tuple[str, int] | None:
    """(era name, year of the era) of `day`, or None before the calendar's first era."""
    found = None
    for start, name in ERAS.get(calendar, ()):
        if day >= start:
            found = (name, day.year - start.year + 1)
    return found
