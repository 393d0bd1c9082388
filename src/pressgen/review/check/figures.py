"""Figures rules: a count the release gives (入居企業は120社, 115 tenants) against the registry's figures for it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...spec.model import FigureSeries, localize
from .engine import Report, rule
from .review import Review
from .texts import Text, used_orgs

_READ = ("headline", "subheadline", "highlight", "body", "lead_in", "quote", "about", "caption")
# A count: digits (full-width too, with separators), maybe approximate; Japanese needs a counter after it.
_APPROXIMATE_JA = "約|およそ|概ね|おおむね"
_COUNT = {
    "ja": re.compile(rf"(?P<about>{_APPROXIMATE_JA})?(?P<number>[0-9０-９][0-9０-９,，]*)(?:社|団体|機関|人|名|件|者)(?P<more>以上|超|余り|強|弱)?"),
    "en": re.compile(
        r"(?:(?P<about>about|approximately|around|nearly|almost|some|roughly|more than|over|some)\s+)?"
        r"(?<![\w.,$€¥£-])(?P<number>\d[\d,]*)(?![\d.,]*\d)(?!\s*(?:%|percent|per cent|years?|months?|days?|weeks?))\b"
    ),
}
# As of when: （2026年4月現在）, as of April 2026.
_AS_OF = {
    "ja": re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?:\d{1,2}日)?(?:時点|現在)"),
    "en": re.compile(
        r"as of (?P<month_name>January|February|March|April|May|June|July|August|September|October|November|December)"
        r"(?: \d{1,2},)? (?P<year>\d{4})"
    ),
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]|\.(?=\s|$)|$)")
_NOT_COUNTED = {"in", "as", "by", "at", "on", "and", "this", "last", "since", "from", "to", "or", "so", "now", "today"}
# A sentence that tells its own time: a year, or the words for back then.
_TIME_REFERENCE = {
    "ja": re.compile(r"\d{4}年|(?:平成|令和)\S{1,2}年|当初|開所時|設立時|発足時|開業時|創業時|当時|かつて|以前|前年|昨年"),
    "en": re.compile(r"\b(?:19|20)\d{2}\b|\b(?:when|initially|originally|at first|at the time|last year|previously|once)\b", re.IGNORECASE),
}
_TOLERANCE = 0.1  # 約120社 for 115: an approximate count within a tenth of the value


@dataclass(frozen=True)
class Series:
    org: str
    figure: str
    label: str
    series: FigureSeries


def _series(review: Review) -> list[Series]:
    def collect() -> list[Series]:
        orgs = dict.fromkeys(used_orgs(review.loaded))
        for text in review.printed:
            orgs.update(dict.fromkeys(o.form.org for o in review.names_in(text) if o.form.kind == "org"))
        found = []
        for org_id in orgs:
            for figure in review.loaded.org(org_id).figures:
                for series in figure.series:
                    label = localize(series.label, review.language)
                    if label and len(label) >= 2:
                        found.append(Series(org_id, figure.id, label, series))
        return found

    return review.memo("figure series", collect)


def _label_near(language: str, sentence: str, start: int, end: int, candidates: list[Series]) -> Series | None:
    """The one series whose label names this count: before it in Japanese (入居企業は115社), after it or before it in
    English (115 tenants, tenants grew to 115), with no other number in between; two labels at once (入居・メンバー企業
    は計180社) name a sum, not one series."""
    if language == "ja":
        windows = [(sentence[max(0, start - 20) : start], True)]
    else:
        words = sentence[end:].split()
        windows = [(" ".join(words[:3]), False)]
        # tenants grew to 125 / tenants: 125; but in '115 tenants employ 3,000 people' the people are counted
        if not words or not words[0][:1].isalpha() or words[0].lower() in _NOT_COUNTED:
            windows.append((" ".join(sentence[:start].split()[-6:]), True))
    for window, before in windows:
        named = []
        for series in candidates:
            pattern = re.escape(series.label) if language == "ja" else rf"\b{re.escape(series.label.rstrip('s'))}s?\b"
            hits = list(re.finditer(pattern, window, 0 if language == "ja" else re.IGNORECASE))
            if hits:
                gap = window[hits[-1].end() :] if before else window[: hits[0].start()]
                if not re.search(r"[0-9０-９]", gap):
                    named.append(series)
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None


def _value_at(series: FigureSeries, month: tuple[int, int]) -> tuple[int, str] | None:
    """The series' last value counted up to the given month, and its period."""
    best = None
    for point in series.points:
        period = point.period if isinstance(point.period, str) else str(point.period)
        year, mon = int(period[:4]), int(period[5:7])
        if (year, mon) <= month and point.value is not None:
            best = (point.value, period[:7])
    return best


def _as_of(language: str, sentence: str, released: dt.date) -> tuple[tuple[int, int], bool]:
    match = _AS_OF[language].search(sentence)
    if not match:
        return (released.year, released.month), False
    month = int(match["month"]) if language == "ja" else _MONTHS.index(match["month_name"].lower()) + 1
    return (int(match["year"]), month), True


@rule("figures.registry", "warning", "a count the release gives (入居企業は120社) that differs from the registry's figures for it", ("ja", "en"))
def registry_figure(review: Review) -> Iterator[Report]:
    candidates = _series(review)
    if not candidates or review.language not in _COUNT:
        return
    for text in review.printed:
        if text.role not in _READ:
            continue
        for sentence in _SENTENCE.finditer(text.text):
            yield from _sentence_figures(review, text, sentence.start(), sentence.group(), candidates)


def _sentence_figures(review: Review, text: Text, offset: int, sentence: str, candidates: list[Series]) -> Iterator[Report]:
    language = review.language
    month, explicit = _as_of(language, sentence, review.release.date)
    for match in _COUNT[language].finditer(sentence):
        series = _label_near(language, sentence, match.start(), match.end(), candidates)
        if series is None:
            continue
        number = int(re.sub(r"[,，]", "", match["number"]).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        known = _value_at(series.series, month)
        if known is None:
            continue
        value, period = known
        approximate = bool(match["about"] or (match.groupdict().get("more")))
        if number == value or (approximate and abs(number - value) <= _TOLERANCE * value):
            continue
        earlier = next((p for p in series.series.points if p.value == number), None)
        if not explicit and earlier is not None:
            if _TIME_REFERENCE[language].search(sentence):
                continue  # an earlier count, told of its own time (2018年の開所時は20社)
            yield text.spot(offset + match.start("number")), (
                f"'{match.group().strip()}' is the registry's figure '{series.label}' ({series.org}: {series.figure}) as "
                f"of {earlier.period}; as of {period} it is {value:,}: update the count, or date it"
            )
            continue
        yield text.spot(offset + match.start("number")), (
            f"'{match.group().strip()}': the registry's figure '{series.label}' ({series.org}: {series.figure}) is "
            f"{value:,} as of {period}: correct the count, or the registry"
        )
