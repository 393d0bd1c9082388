"""Dates written in a release's text, resolved against the release date: 本年4月1日, 令和8年5月1日, 同月21日, ～18日, April 1, today."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .texts import Text

_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_D = "[0-9０-９]"

# The first Gregorian day of each era: 令和元年 is 2019, and 令和元年4月 does not exist (it was 平成31年4月).
ERAS = {"令和": dt.date(2019, 5, 1), "平成": dt.date(1989, 1, 8), "昭和": dt.date(1926, 12, 25)}
_ERA_YEAR = rf"(?P<gengo>{'|'.join(ERAS)})(?P<era_year>元|{_D}{{1,2}})年"
# 5月13日（水）～18日（月）, 5月13日、14日: a day after a separator continues the month of the date before it.
_CONTINUED = r"(?:(?<=[~〜～－–、・,])|(?<=[~〜～－–、・,][ 　])|(?<=から)|(?<=および)|(?<=及び))"

_JA = re.compile(
    rf"(?:(?P<year>{_D}{{4}})年|{_ERA_YEAR}|(?P<era>本年|今年|昨年|来年|同年))?(?:[（(][^）)\n]{{2,12}}年[）)])?"
    rf"(?P<month>{_D}{{1,2}})月(?:(?P<day>{_D}{{1,2}})日)?"
    rf"|(?P<same_month>同月)(?P<same_month_day>{_D}{{1,2}})日"
    rf"|(?P<this_month>本月|今月)(?P<this_month_day>{_D}{{1,2}})日"
    rf"|{_CONTINUED}(?P<continued_day>{_D}{{1,2}})日(?!間|目|付)"
    r"|(?P<same_day>同日)|(?P<today>本日|今日)"
)
_WEEKDAY_JA = re.compile(rf"\s?[（(](?P<weekday>[{_WEEKDAYS_JA}])(?:曜日?)?[）)]")
_MONTH_NAMES = "|".join([m.capitalize() for m in _MONTHS_EN] + ["Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"])
_EN = re.compile(
    rf"(?:(?P<weekday>{'|'.join(w.capitalize() for w in _WEEKDAYS_EN)}),?\s)?"
    rf"(?P<month>{_MONTH_NAMES})\.?\s(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s(?P<year>\d{{4}}))?|(?P<month_year>\d{{4}}))\b"
    r"|\b(?P<today>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b|\b(?P<this_month>[Tt]his month)\b"
)
_RELATIVE_DAYS = {"today": 0, "本日": 0, "今日": 0, "yesterday": -1, "tomorrow": 1}


@dataclass(frozen=True)
class Mention:
    """A date in a text: `day` if it names one, else `month` (year, month); `problem` if it cannot be resolved."""

    text: Text
    start: int
    end: int
    written: str
    day: dt.date | None = None
    month: tuple[int, int] | None = None
    weekday: int | None = None  # 0 = Monday, as written next to the date
    relative: str | None = None  # today / this month / 同月 … when the words are relative
    problem: str | None = None
    era: tuple[str, int] | None = None  # (令和, 6) when the year is written in the Japanese era

def mentions(text: Text, language: str, released: dt.date) -> Iterator[Mention]:
    """Every date of a Japanese or English text, in order; 同月, 同日 and ～18日 refer to the mention before them."""
    context: Mention | None = None
    pattern = _JA if language == "ja" else _EN
    for match in pattern.finditer(text.text):
        if match["continued_day"] if language == "ja" else False:
            if context is None or context.day is None or match.start() - context.end > 3:
                continue  # 、18日 with no date just before it: a count of days or another list
        mention = _resolve(text, match, language, released, context)
        if mention.month is not None:
            context = mention
        yield mention


def _resolve(text: Text, m: re.Match[str], language: str, released: dt.date, context: Mention | None) -> Mention:
    found = {key: value for key, value in m.groupdict().items() if value}
    base = Mention(text, m.start(), m.end(), m.group())
    if "today" in found:
        day = released + dt.timedelta(days=_RELATIVE_DAYS[found["today"].lower()])
        return replace(base, day=day, month=(day.year, day.month), relative=found["today"])
    if "this_month" in found:
        return _dated(replace(base, relative=found["this_month"]), released.year, released.month, found.get("this_month_day"))
    if "same_day" in found:
        if context is None or context.day is None:
            return replace(base, relative="同日", problem="同日 has no earlier date to refer to")
        return replace(base, day=context.day, month=context.month, relative="同日")
    if "same_month" in found:
        if context is None or context.month is None:
            return replace(base, relative="同月", problem="同月 has no earlier month to refer to")
        return _dated(replace(base, relative="同月"), *context.month, found["same_month_day"])
    if "continued_day" in found and context is not None and context.month is not None:
        weekday, end = _weekday(text.text, m, language, "continued_day")
        base = replace(base, end=end, written=text.text[m.start() : end], weekday=weekday)
        return _dated(base, *context.month, found["continued_day"])
    weekday, end = _weekday(text.text, m, language)
    base = replace(base, end=end, written=text.text[m.start() : end], weekday=weekday)
    month = _number(found["month"]) if language == "ja" else _MONTHS_EN.index(_month_name(found["month"])) + 1
    year, relative = _year(found, released, context)
    era = (found["gengo"], 1 if found["era_year"] == "元" else _number(found["era_year"])) if "gengo" in found else None
    base = replace(base, relative=relative, era=era)
    if year is None:
        return replace(base, problem="同年 has no earlier year to refer to")
    return _dated(base, year, month, found.get("day"))


def gregorian(era: str, year: int) -> int:
    return ERAS[era].year + year - 1


def _year(found: dict[str, str], released: dt.date, context: Mention | None) -> tuple[int | None, str | None]:
    """The year a date is in, and the word that made it relative (本年, 同年), if any."""
    explicit = found.get("year") or found.get("month_year")
    if explicit:
        return _number(explicit), None
    if "gengo" in found:
        return gregorian(found["gengo"], 1 if found["era_year"] == "元" else _number(found["era_year"])), None
    era = found.get("era")
    if era in ("本年", "今年"):
        return released.year, era
    if era == "昨年":
        return released.year - 1, era
    if era == "来年":
        return released.year + 1, era
    if era == "同年":
        return (context.month[0] if context and context.month else None), era
    return released.year, None  # 4月1日 with no year: the release's year


def _dated(mention: Mention, year: int, month: int, day: str | None) -> Mention:
    if not 1 <= month <= 12:
        return replace(mention, problem=f"there is no month {month}")
    if day is None:
        return replace(mention, month=(year, month))
    try:
        when = dt.date(year, month, _number(day))
    except ValueError:
        return replace(mention, month=(year, month), problem=f"{year}-{month:02d}-{_number(day):02d} does not exist")
    return replace(mention, day=when, month=(year, month))


def _weekday(s: str, m: re.Match[str], language: str, day: str = "day") -> tuple[int | None, int]:
    """The weekday written with a date (4月21日（火）, Tuesday, April 21) and where the mention ends."""
    if language != "ja":
        return (_WEEKDAYS_EN.index(m["weekday"].lower()) if m["weekday"] else None), m.end()
    after = _WEEKDAY_JA.match(s, m.end())
    if after and m[day]:
        return _WEEKDAYS_JA.index(after["weekday"]), after.end()
    return None, m.end()


def _month_name(name: str) -> str:
    return next(full for full in _MONTHS_EN if full.startswith(name.lower()[:3]))


def _number(value: str) -> int:
    return int(unicodedata.normalize("NFKC", value))
