"""Consistency rules: where a release writes one thing two ways, its own majority decides which is the slip."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .engine import Report, rule
from .review import Review
from .scripts import SPACES, is_japanese, is_kanji, is_katakana, is_latin
from .texts import Text


@dataclass(frozen=True)
class Usage:
    """One place where the release chose one `way` (e.g. "full" or "half") of writing something."""

    text: Text
    index: int
    way: str
    sample: str


def _majority(usages: list[Usage], preferred: str) -> str:
    counts: dict[str, int] = {}
    for usage in usages:
        counts[usage.way] = counts.get(usage.way, 0) + 1
    return max(counts, key=lambda way: (counts[way], way == preferred)) if counts else preferred


def _minority(usages: list[Usage], preferred: str, describe: Callable[[Usage, str, int, int], str]) -> Iterator[Report]:
    """Report each usage that goes against the majority, on printed text only."""
    way = _majority(usages, preferred)
    agree = sum(u.way == way for u in usages)
    for usage in usages:
        if usage.way != way and usage.text.printed:
            yield usage.text.spot(usage.index), describe(usage, way, agree, len(usages) - agree)


# ── full-width and half-width ───────────────────────────────────────────────

_WIDTHS = {
    # rule id: (what, full-width pattern, half-width pattern, the CJK convention on a tie)
    "characters.paren-width": ("parenthesis", r"（", r"\(", "full"),
    "characters.digit-width": ("digits", r"[０-９]+", r"[0-9]+", "half"),
    "characters.latin-width": ("Latin letters", r"[Ａ-Ｚａ-ｚ]+", r"[A-Za-z]+", "half"),
    # A colon between digits is a time (10:00), not punctuation.
    "characters.colon-width": ("colon", r"：", r"(?<![0-9]):|:(?![0-9])", "full"),
}


def _width_rule(rule_id: str, what: str, full: str, half: str, tie: str) -> None:
    pattern = re.compile(f"(?P<full>{full})|(?P<half>{half})")

    @rule(rule_id, "warning", f"full-width and half-width {what} mixed in one release (English: half-width only)")
    def check(review: Review) -> Iterator[Report]:
        usages = [
            Usage(t, m.start(), str(m.lastgroup), m.group())
            for t in review.printed
            for m in pattern.finditer(t.text)
        ]
        if review.language == "en":
            for usage in usages:
                if usage.way == "full":
                    yield usage.text.spot(usage.index), f"full-width {what} '{usage.sample}' in English text"
            return

        def describe(usage: Usage, way: str, agree: int, against: int) -> str:
            return f"{usage.way}-width {what} '{usage.sample}' where this release writes {way}-width ({agree} to {against})"

        yield from _minority(usages, tie, describe)


for _id, (_what, _full, _half, _tie) in _WIDTHS.items():
    _width_rule(_id, _what, _full, _half, _tie)


@rule("characters.paren-pair", "error", "a parenthesis closed with the other width: (ITRI）")
def paren_pair(review: Review) -> Iterator[Report]:
    for text in review.printed:
        open_widths: list[str] = []
        for index, char in enumerate(text.text):
            if char in "(（":
                open_widths.append(char)
            elif char in ")）" and open_widths:
                opened = open_widths.pop()
                if (opened == "(") != (char == ")"):
                    yield text.spot(index), f"'{opened}' is closed by '{char}'"


# ── spaces between Japanese and Latin words ─────────────────────────────────

_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’.\-]*(?: [A-Za-z0-9&'’.\-]+)*")
# A number and its unit (120mm, 920MHz帯, 約1.2kg) is a figure, not a Latin word: writers who space Latin words
# still write it tight, so it says nothing of the release's habit.
_QUANTITY = re.compile(
    r"\d[\d,.]*(?:[kMGTmμn]?(?:m|g|t|L|l|W|Wh|V|A|Ah|Hz|B|bps|Pa|J|N|lm|lx)|mm|cm|km|mL|ml|cc|ha|dB|ppm|ppb|"
    r"fps|dpi|rpm|kcal|cal|min|sec|ms|h|s|K)[23]?"
)
# A model number (AD-100, RX-7) after the noun that labels it (型番 AD-100): the space sets the value apart from
# its label, as a colon would, and is no habit of spacing Latin words either.
_MODEL_NUMBER = re.compile(r"[A-Z][A-Z0-9]*(?:[-/.]?[A-Z0-9]+)*")


@rule("characters.latin-spacing", "warning", "a space between Japanese and Latin words where the release has none, or the reverse", ("ja",))
def latin_spacing(review: Review) -> Iterator[Report]:
    usages = []
    for text in review.printed:
        for match in _LATIN_RUN.finditer(text.text):
            if not any(is_latin(c) for c in match.group()) or _QUANTITY.fullmatch(match.group()):
                continue
            usages += _boundaries(text, match.start(), match.end(), match.group())

    def describe(usage: Usage, way: str, agree: int, against: int) -> str:
        if usage.way == "spaced":
            return f"space between Japanese and '{usage.sample}'; this release writes them together ({agree} to {against})"
        return f"no space between Japanese and '{usage.sample}'; this release puts a space ({agree} to {against})"

    yield from _minority(usages, "spaced", describe)


def _boundaries(text: Text, start: int, end: int, word: str) -> list[Usage]:
    found = []
    s = text.text
    if start >= 1 and is_japanese(s[start - 1]):
        found.append(Usage(text, start, "together", word))
    elif start >= 2 and s[start - 1] in SPACES and is_japanese(s[start - 2]) and not _labelled_model_number(s, start, word):
        found.append(Usage(text, start - 1, "spaced", word))
    if end < len(s) and is_japanese(s[end]):
        found.append(Usage(text, end, "together", word))
    elif end + 1 < len(s) and s[end] in SPACES and is_japanese(s[end + 1]):
        found.append(Usage(text, end, "spaced", word))
    return found


def _labelled_model_number(s: str, start: int, word: str) -> bool:
    return (is_kanji(s[start - 2]) or is_katakana(s[start - 2])) and any(c.isdigit() for c in word) and _MODEL_NUMBER.fullmatch(word) is not None


# ── thousands separators ────────────────────────────────────────────────────

# A number before 万 or 億 is never more than four digits and follows its own habits (1000万円): left out.
_NUMBER = r"(?<![\d,.])(?P<number>\d{1,3}(?:,\d{3})+|\d{4,})(?![\d,]|万|億|兆)"
_COUNTED = {
    "ja": re.compile(
        _NUMBER + r"(?=(?:人|名|社|件|団体|円|ドル|点|台|回|拠点|カ国|か国|ヶ国|か所|カ所|ヶ所|メートル|種|校|店|機関|施設))"
    ),
    "en": re.compile(
        _NUMBER + r"(?= (?:people|employees|members|tenants|organizations|companies|visitors|participants|researchers"
        r"|start-ups|startups|square|yen|dollars))"
    ),
}


@rule("characters.digit-grouping", "warning", "counts of 1,000 or more with and without thousands separators")
def digit_grouping(review: Review) -> Iterator[Report]:
    # The registry entries of the release's organizations count as evidence of the house style.
    pattern = _COUNTED.get(review.language)
    if pattern is None:
        return
    usages = []
    for text in review.texts:
        if text.language == review.language:
            for match in pattern.finditer(text.text):
                number = match["number"]
                usages.append(Usage(text, match.start(), "grouped" if "," in number else "plain", number))

    def describe(usage: Usage, way: str, agree: int, against: int) -> str:
        if way == "grouped":
            return f"'{usage.sample}' has no thousands separator; this release and its organizations write 3,500 ({agree} to {against})"
        return f"'{usage.sample}' has a thousands separator; this release and its organizations write 3500 ({agree} to {against})"

    yield from _minority(usages, "grouped", describe)
