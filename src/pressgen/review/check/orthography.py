"""Orthography rules (表記ゆれ): one word written two ways, the house style's dictionaries, US and UK spellings, AP style."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...errors import PressgenError
from .dictionaries import DEFAULT, StyleRule, load_dictionary
from .engine import Report, rule
from .forms import covered, spelling_key
from .review import Review
from .scripts import is_kanji
from .texts import Text

US_UK = "us-uk.yml"  # the default dictionary's import whose rules make one convention
BOTH_STANDARD = "both-standard.yml"  # its import of the words both of whose ways are standard
_READ = ("headline", "subheadline", "highlight", "body", "lead_in", "quote", "about", "caption")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[\"“(]\s*)$")


@dataclass(frozen=True)
class Written:
    """One place a dictionary rule meets: the other way (`right` is the correction) or the expected way (`right` None)."""

    text: Text
    start: int
    end: int
    rule: StyleRule
    right: str | None

    @property
    def written(self) -> str:
        return self.text.text[self.start : self.end]


def house_rules(review: Review) -> list[StyleRule]:
    """The project's dictionaries, then each issuer's: a house's rules, applied to every word they name."""

    def load() -> list[StyleRule]:
        project = review.loaded.project
        rules: list[StyleRule] = []
        for name in review.settings.dictionaries:
            rules += load_dictionary(project.root / name, name)
        for org_id in review.release.issuers:
            org, doc = review.loaded.org(org_id), review.loaded.registry.docs[org_id]
            if org.style:
                path = (project.root / doc.path).parent / org.style
                if not path.is_file():
                    raise PressgenError([doc.problem(("style",), f"no style dictionary at {org.style}")])
                rules += load_dictionary(path, str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path))
        return rules

    return review.memo("house-rules", load)


def default_rules(review: Review) -> list[StyleRule]:
    """The default dictionary, less every rule a house rule decides otherwise (子供 where the house writes 子供)."""

    def load() -> list[StyleRule]:
        if not review.settings.default_dictionary:
            return []
        house = house_rules(review)
        return [d for d in load_dictionary(DEFAULT, DEFAULT.name) if not any(_decided(h, d) for h in house)]

    return review.memo("default-rules", load)


def _decided(house: StyleRule, default: StyleRule) -> bool:
    plain = [re.sub(r"\$\d", "", r.expected) for r in (house, default)]
    return house.expected == default.expected or bool(default.corrections(plain[0])) or bool(house.corrections(plain[1]))


def _written(review: Review, rules: list[StyleRule], expected_too: bool) -> list[Written]:
    found: list[Written] = []
    for text in review.printed:
        if text.role not in _READ:
            continue
        names = review.names_in(text)
        for style_rule in rules:
            wrong = [Written(text, s, e, style_rule, right) for s, e, right in style_rule.corrections(text.text)]
            right = []
            if expected_too:
                right = [
                    Written(text, start, end, style_rule, None)
                    for start, end in style_rule.expected_spans(text.text)
                    if not any(w.start <= start < w.end for w in wrong)
                ]
            found += [w for w in wrong + right if not covered(names, w.start, w.end) and not _proper_noun(review, w)]
    return sorted(found, key=lambda w: (w.text.field, w.start))


def _proper_noun(review: Review, written: Written) -> bool:
    """Barbican Centre, Programme for International Student Assessment: a capital inside an English sentence is a name."""
    if review.language != "en" or not written.written[:1].isupper():
        return False
    return _SENTENCE_START.search(written.text.text[: written.start]) is None


@rule("orthography.house-style", "warning", "a word the house style writes otherwise (the project's or an issuer's prh dictionary)")
def house_style(review: Review) -> Iterator[Report]:
    for w in _written(review, house_rules(review), expected_too=False):
        why = f" ({w.rule.note})" if w.rule.note else ""
        yield w.text.spot(w.start), f"'{w.written}': the house style ({w.rule.source}) writes '{w.right}'{why}"


@rule(
    "orthography.inconsistent", "warning",
    "one word written two ways in one release (私たち/私達, 1.5℃/1.5度, ユーザー/ユーザ, start-up/startup, \"/“ quotes)",
)
def inconsistent(review: Review) -> Iterator[Report]:
    rules = [r for r in default_rules(review) if r.source != US_UK]
    every = _written(review, rules, expected_too=True)
    order = {id(text): n for n, text in enumerate(review.printed)}

    def describe(w: Written, other: str, agree: int, against: int) -> str:
        if agree == against:
            return f"'{w.written}' where this release first wrote '{other}' ({agree} to {against}): both are standard, keep one"
        return f"'{w.written}' is written '{other}' elsewhere in this release ({agree} to {against}): keep one"

    for style_rule in rules:
        uses = [w for w in every if w.rule is style_rule]
        first = (lambda w: (order[id(w.text)], w.start)) if style_rule.source == BOTH_STANDARD else None
        for verb in (False, True):  # 申込み (the noun) and お申し込みください (the verb) are two words
            yield from _minority([w for w in uses if _verb(w) is verb], describe, first)
    yield from _loanword_variants(review)
    yield from _quote_styles(review)


# What follows a verb, not a noun: its 連用形 before ます/ください/たい, and a stem's endings (申込む, 申込んで).
_AFTER_CONTINUATIVE = re.compile(r"ください|下さい|くださ|いただ|頂|ます|ませ|まし|たい|たく|ながら|にな[らりるれっ]")
_AFTER_STEM = re.compile(r"む|め[るばたてま]|ま[なれせずぬ]|ん[でだ]")


def _verb(w: Written) -> bool:
    """Whether a use is a verb's (お申し込みください, 締め切ります), not the noun's (申込みは, 申込期間)."""
    s = w.text.text
    return _AFTER_CONTINUATIVE.match(s, w.end) is not None or is_kanji(s[w.end - 1]) and _AFTER_STEM.match(s, w.end) is not None


# A katakana word: its long vowels (ユーザー/ユーザ, インターフェース/インタフェース), small kana and ヴ/ブ, ティ/チ are
# one word's spellings; the fold is the one names use (forms.spelling_key).
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]{2,}")


def _loanword_variants(review: Review) -> Iterator[Report]:
    words: dict[str, list[tuple[Text, int, str]]] = {}
    for text in review.printed:
        if text.role not in _READ:
            continue
        names = review.names_in(text)
        for match in _KATAKANA_WORD.finditer(text.text):
            word = match.group()
            key = spelling_key(word)[0]
            if not covered(names, *match.span()):
                words.setdefault(key, []).append((text, match.start(), word))
    for key, uses in words.items():
        counts: dict[str, int] = {}
        for _, _, word in uses:
            counts[word] = counts.get(word, 0) + 1
        if len(counts) < 2 or (len(key) < 3 and max(map(len, counts)) < 4):
            continue  # ビル/ビール, カラ/カラー are two words: the fold must leave three sounds, or the longer one four kana
        majority = max(counts, key=lambda w: (counts[w], w.count("ー"), len(w)))  # a tie goes to the long vowel
        for text, start, word in uses:
            if word != majority:
                yield text.spot(start), (
                    f"'{word}' is written '{majority}' elsewhere in this release ({counts[majority]} to {counts[word]}): keep one"
                )


_QUOTES = {"straight": re.compile('"'), "curly": re.compile("[“”]")}
_APOSTROPHES = {"straight": re.compile(r"(?<=[A-Za-z])'(?=[A-Za-z])"), "curly": re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")}


def _quote_styles(review: Review) -> Iterator[Report]:
    """Straight and curly quotation marks (and apostrophes) mixed in what the release prints: each opening mark, or
    apostrophe, of the less used style."""
    texts = [t for t in review.printed if t.role in _READ]
    for what, styles in (("quotation marks", _QUOTES), ("apostrophes", _APOSTROPHES)):
        marks: dict[str, list[tuple[Text, int]]] = {style: [] for style in styles}
        for text in texts:
            for style, pattern in styles.items():
                found = [m.start() for m in pattern.finditer(text.text)]
                if what == "quotation marks":  # a pair opens with every other straight mark, and with “
                    found = found[::2] if style == "straight" else [at for at in found if text.text[at] == "“"]
                marks[style] += [(text, at) for at in found]
        if not all(marks.values()):
            continue
        majority = max(marks, key=lambda style: (len(marks[style]), style == "curly"))
        minority = "straight" if majority == "curly" else "curly"
        for text, at in marks[minority]:
            yield text.spot(at), (
                f"{minority} {what} where this release uses {majority} ones ({len(marks[majority])} to {len(marks[minority])}): keep one"
            )


@rule("orthography.us-uk", "warning", "US and UK spellings mixed in one release (center/centre, organization/organisation)", ("en",))
def us_uk(review: Review) -> Iterator[Report]:
    uses = _written(review, [r for r in default_rules(review) if r.source == US_UK], expected_too=True)

    def describe(w: Written, other: str, agree: int, against: int) -> str:
        way, majority = ("UK", "US") if w.right is not None else ("US", "UK")
        return f"{way} spelling '{w.written}' in a release that spells the {majority} way ({agree} to {against})"

    yield from _minority(uses, describe)


def _minority(uses: list[Written], describe, first: Callable[[Written], Any] | None = None) -> Iterator[Report]:  # type: ignore[no-untyped-def]
    """Where both ways occur, each use of the less frequent way; a tie goes to the expected way, or with `first`
    (a reading-order key) to the way written first, where both ways are standard."""
    wrong = [w for w in uses if w.right is not None]
    right = [w for w in uses if w.right is None]
    if not wrong or not right:
        return
    if len(right) == len(wrong) and first is not None:
        flagged, kept = (right, wrong) if min(wrong, key=first) == min(uses, key=first) else (wrong, right)
    else:
        flagged, kept = (wrong, right) if len(right) >= len(wrong) else (right, wrong)
    for w in flagged:
        other = w.right if w.right is not None else kept[0].written
        yield w.text.spot(w.start), describe(w, other, len(kept), len(flagged))


# AP style: no courtesy titles (Mr., Ms., Mrs., Dr. for a non-physician is a separate question), except in quotations.
_COURTESY = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Messrs)\.?\s+(?P<name>[A-Z][\w'’-]+)")


@rule("orthography.courtesy-title", "warning", "Mr., Ms. or Mrs. before a name, which AP style leaves out (quotes excepted)", ("en",))
def courtesy_title(review: Review) -> Iterator[Report]:
    for text in review.printed:
        if text.role in _READ and text.role != "quote":
            for match in _COURTESY.finditer(text.text):
                if not _inside_quotation(text.text, match.start()):
                    yield text.spot(match.start()), f"'{match['title']}. {match['name']}': AP style writes the family name alone ('{match['name']}')"


def _inside_quotation(text: str, at: int) -> bool:
    before = text[:at]
    return (before.count("“") > before.count("”")) or before.count('"') % 2 == 1


@lru_cache(maxsize=64)
def _titles_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    """The registry's titles, longest first (President is inside President and CEO), then the generic heads."""
    return re.compile("|".join([*(rf"\b{re.escape(t)}\b" for t in titles), _TITLE_HEAD.pattern]), re.IGNORECASE)


# A name set off by a comma (Toshio Fujimoto, …), and the heads of titles a release gives people outside the registry.
_AFTER_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)+,\s+$")
_TITLE_HEAD = re.compile(
    r"(?:(?:Senior|Executive|Deputy|Vice|Associate|Assistant|General|Managing|Chief|Founding)\s+)*"
    r"(?:President|Chairman|Chairwoman|Chairperson|Director|Manager|Officer|Professor|Dean|Founder|Co-founder|Secretary|"
    r"Minister|Mayor|Governor)\b"
)


@rule(
    "orthography.title-case", "warning",
    "a job title capitalized after the name (AP lowercases it), or capitalized two ways in the same position", ("en",),
)
def title_case(review: Review) -> Iterator[Report]:
    titles = {f.text.casefold() for f in review.forms if f.kind == "title" and f.text.isascii()}
    pattern = _titles_pattern(tuple(sorted(titles, key=lambda t: (-len(t), t))))
    uses: dict[tuple[str, bool], list[tuple[Text, int, str]]] = {}
    after_name: set[tuple[str, int]] = set()
    for text in review.printed:
        if text.role not in _READ:
            continue
        for match in pattern.finditer(text.text):  # President is inside President and CEO: the longest title first
            written = match.group()
            if written[0].isupper() and text.role != "quote" and _AFTER_NAME.search(text.text[: match.start()]):
                after_name.add((text.field, match.start()))
                lowered = " ".join(w if w.isupper() else w.lower() for w in written.split(" "))
                yield text.spot(match.start()), f"'{written}' after a name: AP style lowercases a title that follows the name ('{lowered}')"
            if written.casefold() not in titles:
                continue
            before_name = re.match(r"\s+[A-Z][a-z]+ [A-Z]", text.text[match.end() :]) is not None
            if match.start() and not _SENTENCE_START.search(text.text[: match.start()]):  # a sentence's capital says nothing
                uses.setdefault((written.casefold(), before_name), []).append((text, match.start(), written))
    for found in uses.values():
        counts: dict[str, int] = {}
        for _, _, written in found:
            counts[written] = counts.get(written, 0) + 1
        if len(counts) < 2 or any((text.field, start) in after_name for text, start, _ in found):
            continue  # a title after a name is AP's case, reported above
        majority = max(counts, key=lambda w: counts[w])
        for text, start, written in found:
            if written != majority:
                yield text.spot(start), f"'{written}' where this release writes '{majority}' ({counts[majority]} to {counts[written]})"
