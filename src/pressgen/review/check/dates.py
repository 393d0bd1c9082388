"""Date rules: weekdays, relative dates and tense against the release date, the embargo, stale boilerplate."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise

from .datetext import ERAS, Mention, gregorian, mentions
from .engine import Report, rule
from .morphology import tokenize
from .review import Review

_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
# English: the verb that governs a date is in its own clause, else the nearest main clause (relative clauses skipped).
_EN_PLAN = re.compile(
    r"\b(?:will|shall|(?<!\bto )plans?|planned|planning|schedul(?:e|es|ed|ing)|expects? to|expected to|(?:is|are) to|(?:is|are) set to"
    r"|intends? to|upcoming|going to|aims? to|to be (?:held|opened|launched|released|signed)|(?:is|are) due)\b",
    re.IGNORECASE,
)
_EN_PAST = re.compile(
    r"\b(?:signed|held|was|were|announced|opened|launched|began|begun|took place|completed|agreed|started|hosted"
    r"|concluded|ended|closed|released|unveiled|celebrated|welcomed|joined|received|met|visited|presented)\b"
)
# will be held, is signed: a participle after be is no past tense.
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are)\s+$")
_EN_CLAUSE = re.compile(r"[,;:—–]|\s-\s")
_EN_SUBORDINATE = re.compile(r"\s*(?:which|who|whom|whose|where|originally|first|previously|initially|as)\b", re.IGNORECASE)
# Japanese: the first predicate after the date, with its auxiliaries.
_JA_PLAN_NOUNS = {"予定", "見込み", "計画", "方針", "見通し"}
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
_D = "[0-9０-９]"
_ERA_NAMES = "|".join(ERAS)
_ERA_PAIR = re.compile(
    rf"(?P<gengo>{_ERA_NAMES})(?P<era_year>元|{_D}{{1,2}})年\s?[（(](?:西暦)?(?P<year>{_D}{{4}})年?[）)]"
    rf"|(?P<year2>{_D}{{4}})年\s?[（(](?P<gengo2>{_ERA_NAMES})(?P<era_year2>元|{_D}{{1,2}})年?[）)]"
)


def _all_mentions(review: Review) -> tuple[Mention, ...]:
    return review.memo("dates", lambda: tuple(m for t in review.printed for m in mentions(t, review.language, review.release.date)))


@rule("dates.invalid", "error", "a date that does not exist (4月31日), or 同月/同日 with nothing to refer to", ("ja", "en"))
def invalid(review: Review) -> Iterator[Report]:
    for mention in _all_mentions(review):
        if mention.problem:
            yield mention.text.spot(mention.start), f"'{mention.written}': {mention.problem}"


@rule("dates.weekday", "error", "a written weekday that does not match its date (a warning: an English weekday without its comma)", ("ja", "en"))
def weekday(review: Review) -> Iterator[Report]:
    for mention in _all_mentions(review):
        if mention.day and mention.weekday is not None and mention.day.weekday() != mention.weekday:
            right = f" ({_WEEKDAYS_JA[mention.day.weekday()]})" if review.language == "ja" else ""
            yield mention.text.spot(mention.start), f"'{mention.written}': {mention.day.isoformat()} is a {mention.day:%A}{right}"
        elif mention.weekday is not None and review.language == "en" and (bare := _WEEKDAY_WITHOUT_COMMA.match(mention.written)):
            right = f"{bare[1]}, {mention.written[bare.end():]}"
            yield mention.text.spot(mention.start), f"'{mention.written}': AP style sets a comma after the weekday ('{right}')", "warning"


_WEEKDAY_WITHOUT_COMMA = re.compile(r"([A-Z][a-z]+day)\s+")


@rule("dates.era", "error", "a Japanese era year that is not its Gregorian year (令和6年（2025年）), or a date before its era began", ("ja",))
def era(review: Review) -> Iterator[Report]:
    for text in review.printed:
        for match in _ERA_PAIR.finditer(text.text):
            era_name = match["gengo"] or match["gengo2"]
            number = match["era_year"] or match["era_year2"]
            year = gregorian(era_name, 1 if number == "元" else int(unicodedata.normalize("NFKC", number)))
            written = int(unicodedata.normalize("NFKC", match["year"] or match["year2"]))
            if year != written:
                yield text.spot(match.start()), f"'{match.group()}': {era_name}{number}年 is {year}, not {written}"
    for mention in _all_mentions(review):
        if mention.era and mention.month and not mention.problem:
            first = ERAS[mention.era[0]]
            if (mention.day or dt.date(*mention.month, 28)) < first:
                yield mention.text.spot(mention.start), f"'{mention.written}' is before {mention.era[0]} began ({first.isoformat()})"


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


@rule("dates.tense", "warning", "a date after the release date told in the past tense", ("ja", "en"))
def tense(review: Review) -> Iterator[Report]:
    released = review.release.date
    for mention in _all_mentions(review):
        if mention.day and not mention.problem and mention.day > released and _telling(review, mention) == "past":
            yield mention.text.spot(mention.start), f"'{mention.written}' ({mention.day.isoformat()}) is after the release date {released.isoformat()} but told as past"


@rule("dates.past-plan", "error", "a date before the release date announced as still to come", ("ja", "en"))
def past_plan(review: Review) -> Iterator[Report]:
    released = review.release.date
    for mention in _all_mentions(review):
        if mention.day and not mention.problem and mention.day < released and _telling(review, mention) == "plan":
            yield mention.text.spot(mention.start), (
                f"'{mention.written}' ({mention.day.isoformat()}) is before the release date {released.isoformat()} but told as a plan"
            )


def _telling(review: Review, mention: Mention) -> str | None:
    """How the sentence tells the date: "past", "plan", or None (ongoing, a period, or no verb to go by)."""
    text = mention.text.text
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, mention.start)), default=0)
    end_match = _SENTENCE_END.search(text, mention.end)
    end = end_match.end() if end_match else len(text)
    if review.language == "ja":
        return _telling_ja(text[mention.end : end])
    return _telling_en(text[start:mention.start], text[mention.end : end])


def _telling_en(before: str, after: str) -> str | None:
    """The nearest clause before the date that has a verb we know, skipping relative clauses; else the clause after it."""
    clauses = _EN_CLAUSE.split(before)
    for n, clause in enumerate(reversed(clauses)):
        if n and _EN_SUBORDINATE.match(clause):
            continue
        found = _last_marker(clause)
        if found:
            return found
    for clause in _EN_CLAUSE.split(after):
        found = _last_marker(clause)
        if found:
            return found
    return None


def _last_marker(clause: str) -> str | None:
    plans = [m.start() for m in _EN_PLAN.finditer(clause)]
    pasts = [m.start() for m in _EN_PAST.finditer(clause) if not _PASSIVE.search(clause, 0, m.start())]
    if not plans and not pasts:
        return None
    return "plan" if max(plans, default=-1) > max(pasts, default=-1) else "past"


def _telling_ja(after: str) -> str | None:
    """The first predicate after a Japanese date: 締結しました (past), 開催します / 開催する予定 (plan), 募集しています (ongoing)."""
    tokens = tokenize(_without_asides(after))
    for n, token in enumerate(tokens):
        if token.surface in _JA_PLAN_NOUNS:
            return "plan"
        if token.pos != "動詞" or token.detail != "自立":
            continue
        following = tokens[n + 1 : n + 6]
        if any(t.base in ("いる", "おる") and t.detail == "非自立" for t in following[:3]):
            return None  # 募集しています: going on at the release date
        if following and following[0].surface in ("、", "て", "で"):
            continue  # 締結し、… / 締結して…: the sentence goes on to its predicate
        if any(t.surface in _JA_PLAN_NOUNS for t in following):
            return "plan"
        if any(t.base in ("た", "だ") and t.pos == "助動詞" for t in following[:4]):
            return "past"
        return "plan"
    return None


def _without_asides(text: str) -> str:
    """（本社：…、代表…）: parenthetical asides have verbs of their own."""
    return re.sub(r"[（(][^（()）]*[）)]", "", text)


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
