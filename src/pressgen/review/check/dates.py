"""Date rules: weekdays, relative dates and tense against the release date, the embargo, stale boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from .datetext import Mention, mentions
from .engine import Report, rule
from .review import Review

_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
_PAST = {
    "ja": re.compile(r"(?:ました|でした|った|した|だった)[」』）)]*[。]?\s*$"),
    "en": re.compile(r"\b(?:signed|held|was|were|announced|opened|launched|began|took place|completed|agreed)\b"),
}
_FUTURE = {
    "ja": re.compile(r"予定|見込み"),
    "en": re.compile(r"\b(?:will|plans? to|(?:is|are) (?:scheduled|expected) to)\b"),
}
_FIGURES = {
    "ja": re.compile(
        r"[0-9０-９]{4}年[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?(?:時点|現在)"
        r"|(?:約|およそ|計|のべ|延べ)?[0-9０-９][0-9０-９,，.]*(?:万|億|千)?(?:人|名|社|件|団体|拠点|カ国|か国|ヶ国|%|％|施設|店|校|億円|万円|円)"
    ),
    "en": re.compile(
        r"as of [A-Z][a-z]+ \d{4}|(?:(?:[Ss]ome|about|around|over|more than|nearly) )?\d[\d,]*(?:\.\d+)? "
        r"(?:people|organizations|companies|employees|members|tenants|countries|offices|locations|percent)"
    ),
}
_WEEKDAYS_JA = "月火水木金土日"


def _all_mentions(review: Review) -> tuple[Mention, ...]:
    return review.memo("dates", lambda: tuple(m for t in review.printed for m in mentions(t, review.language, review.release.date)))


@rule("dates.invalid", "error", "a date that does not exist (4月31日), or 同月/同日 with nothing to refer to", ("ja", "en"))
def invalid(review: Review) -> Iterator[Report]:
    for mention in _all_mentions(review):
        if mention.problem:
            yield mention.text.spot(mention.start), f"'{mention.written}': {mention.problem}"


@rule("dates.weekday", "error", "a written weekday that does not match its date", ("ja", "en"))
def weekday(review: Review) -> Iterator[Report]:
    for mention in _all_mentions(review):
        if mention.day and mention.weekday is not None and mention.day.weekday() != mention.weekday:
            right = f" ({_WEEKDAYS_JA[mention.day.weekday()]})" if review.language == "ja" else ""
            yield mention.text.spot(mention.start), f"'{mention.written}': {mention.day.isoformat()} is a {mention.day:%A}{right}"


@rule("dates.relative", "error", "本日 / today next to a date that is not the release date", ("ja", "en"))
def relative(review: Review) -> Iterator[Report]:
    found = _all_mentions(review)
    for mention, following in pairwise(found):
        near = mention.text is following.text and following.start - mention.end <= 2
        if mention.relative and near and following.day and following.day != mention.day:
            yield following.text.spot(following.start), (
                f"'{mention.written}' is {mention.day.isoformat() if mention.day else '?'} by the release date, but the text says "
                f"'{following.written}' ({following.day.isoformat()})"
            )


@rule("dates.tense", "warning", "a date after the release date told in the past tense, or before it as a plan", ("ja", "en"))
def tense(review: Review) -> Iterator[Report]:
    released = review.release.date
    for mention in _all_mentions(review):
        if mention.day is None or mention.problem:
            continue
        sentence = _sentence(mention.text.text, mention.start)
        planned = _FUTURE[review.language].search(sentence)  # "will be held" is not past for all its "held"
        if mention.day > released and not planned and _PAST[review.language].search(sentence):
            yield mention.text.spot(mention.start), f"'{mention.written}' ({mention.day.isoformat()}) is after the release date {released.isoformat()} but told as past"
        elif mention.day < released and planned:
            yield mention.text.spot(mention.start), f"'{mention.written}' ({mention.day.isoformat()}) is before the release date {released.isoformat()} but told as a plan"


def _sentence(text: str, at: int) -> str:
    """The sentence around a date: its predicate comes after it in Japanese, before it in English."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    end = _SENTENCE_END.search(text, at)
    return text[start : end.end() if end else len(text)]


@rule("dates.embargo", "error", "an embargo that lifts on another day than the release date")
def embargo(review: Review) -> Iterator[Report]:
    release = review.release
    if release.embargo is None:
        return
    lifts = release.embargo.moment()
    if lifts.date() != release.date:
        when = "after" if lifts.date() > release.date else "before"
        yield review.spot(("embargo", "date")), (
            f"the embargo lifts {lifts.isoformat(timespec='minutes')}, {when} the release date {release.date.isoformat()}"
        )


@rule("dates.stale-boilerplate", "warning", "a boilerplate last checked (as_of) too long before the release date")
def stale_boilerplate(review: Review) -> Iterator[Report]:
    release, limit = review.release, review.settings.boilerplate_max_age_months
    for n, entry in enumerate(release.about_entries()):
        boilerplate = review.loaded.org(entry.org).boilerplate.get(release.language)  # type: ignore[call-overload]
        if boilerplate is None or entry.text is not None:
            continue
        year, month = (int(part) for part in boilerplate.as_of.split("-")[:2])
        age = (release.date.year - year) * 12 + release.date.month - month
        if age <= limit:
            continue
        doc = review.loaded.registry.docs[entry.org]
        yield review.spot(("boilerplate", release.language, "as_of"), doc, f"about[{n}]"), (
            f"the {entry.org} boilerplate is as of {boilerplate.as_of}, {age} months before the release (limit {limit}); check it"
        )
        for text in review.printed:
            if text.doc is doc and text.loc == ("boilerplate", release.language, "text"):
                for match in _FIGURES[release.language].finditer(text.text) if release.language in _FIGURES else []:
                    yield text.spot(match.start()), f"'{match.group()}' is as of {boilerplate.as_of}: is it still true?"
