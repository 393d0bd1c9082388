"""Abbreviation rules: 以下「X」 / (hereinafter "X") defined once, before use, and used after it.

Only the body and the quotes are read in order: the headline and highlights summarize the release
before its lead paragraph defines anything, and each about section stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .engine import Report, rule
from .forms import covered, word_bounded
from .names import near_names
from .review import Review
from .texts import Text

_LANGUAGES = ("ja", "en")  # the languages whose definition phrases we know
_DEFINITIONS = {
    "ja": re.compile(r"以下[、,]?\s*[「『“\"](?P<short>[^」』”\"\n]{1,40})[」』”\"]"),
    "en": re.compile(r"\((?:[^()]*;\s*)?(?:hereinafter(?:,| referred to as)?\s*)?[\"“](?P<short>[^\"”\n]{1,40})[\"”]\)"),
}
_DEFINITION_EXAMPLES = {"ja": "{formal}（…、以下「{short}」）", "en": '{formal} (…; "{short}")'}
# 国家生技研究園區（NBRP）, Industrial & Infrastructure Fund (IIF), and the other way round, MOU（覚書）.
_GLOSSES = re.compile(
    r"(?<=[^\s(（])\s?[（(](?P<short>[A-Z][A-Za-z0-9&\-]*[A-Z0-9])[）)]"
    r"|(?<![A-Za-z])(?P<glossed>[A-Z][A-Z0-9&\-]*[A-Z0-9])[（(][^）)A-Za-z]+[）)]"
    r"|(?<![A-Za-z])(?P<spelled>[A-Z][A-Z0-9&\-]*[A-Z0-9])\s[（(](?:the\s)?(?:[A-Za-z][\w-]*,?\s)+(?:and\s)?[A-Za-z][\w-]*[）)]"
)


@dataclass(frozen=True)
class Definition:
    short: str
    order: int  # position of the text among the texts read in order
    start: int
    end: int
    text: Text


class Reading:
    """The body, then each quote's lead-in and words: where each short form is defined and used."""

    def __init__(self, review: Review):
        self.review = review
        self.texts = [t for t in review.printed if t.role in ("body", "lead_in", "quote")]

    @cached_property
    def definitions(self) -> list[Definition]:
        found = []
        pattern = _DEFINITIONS[self.review.language]
        for order, text in enumerate(self.texts):
            for match in pattern.finditer(text.text):
                found.append(Definition(match["short"], order, match.start(), match.end(), text))
            for match in _GLOSSES.finditer(text.text):
                short = match["short"] or match["glossed"] or match["spelled"]  # CMC (chemistry, manufacturing and controls)
                if sum(c.isupper() for c in short) >= 2:
                    found.append(Definition(short, order, match.start(), match.end(), text))
        return sorted(found, key=lambda d: (d.order, d.start))

    def first_definitions(self) -> dict[str, Definition]:
        first: dict[str, Definition] = {}
        for definition in self.definitions:
            first.setdefault(definition.short, definition)
        return first

    def uses(self, short: str) -> Iterator[tuple[int, int, Text]]:
        """Occurrences of `short` on its own: not in a definition, a longer registry name, a misspelling or a longer word."""
        spans = [(d.order, d.start, d.end) for d in self.definitions]
        misspellings = [m for org in self.review.loaded.registry.orgs.values() for m in org.misspellings if short in m]
        for order, text in enumerate(self.texts):
            names = [o for o in self.review.names_in(text) if o.form.text != short]
            spans += [(order, m.start(), m.end()) for w in misspellings for m in re.finditer(re.escape(w), text.text)]
            for match in re.finditer(re.escape(short), text.text):
                start, end = match.span()
                inside = any(o == order and s <= start and end <= e for o, s, e in spans)
                if not inside and not covered(names, start, end) and word_bounded(text.text, start, end):
                    yield order, start, text


@rule("abbreviations.before-definition", "warning", "a short form used before its 以下「X」 / (\"X\") definition", _LANGUAGES)
def before_definition(review: Review) -> Iterator[Report]:
    reading = Reading(review)
    first = reading.first_definitions()
    for short, definition in first.items():
        for order, start, text in reading.uses(short):
            if (order, start) < (definition.order, definition.start) and not _defined_here(text, start + len(short), order, definition):
                yield text.spot(start), f"'{short}' is used before it is defined ({definition.text.field})"


def _defined_here(text: Text, end: int, order: int, definition: Definition) -> bool:
    """株式会社アイパークインスティテュート（以下「アイパークインスティテュート」）: the name the definition follows is
    the one defined, not a use before it (however the name around it is spelt)."""
    return order == definition.order and _OPENS_DEFINITION.fullmatch(text.text, end, definition.start) is not None


_OPENS_DEFINITION = re.compile(r"\s?(?:[（(][^（）()]*)?")


@rule("abbreviations.undefined", "warning", "an issuer's short form never defined (以下「X」), or in English any acronym never spelled out", _LANGUAGES)
def undefined(review: Review) -> Iterator[Report]:
    # The lead paragraph names each issuer in full with 以下「略称」; other organizations may go by their usual name.
    # English needs no (hereinafter "iPark Institute"): only an acronym must be spelled out once.
    reading = Reading(review)
    first = reading.first_definitions()
    reported: set[str] = set()
    for org_id in review.release.issuers:
        names = review.loaded.org(org_id).names.get(review.language)  # type: ignore[call-overload]
        if not names or not names.abbreviation or names.abbreviation == names.formal or names.abbreviation in first:
            continue
        common = _PUBLIC_CORPORATION.sub("", names.formal, count=1)
        if common != names.formal and common == names.abbreviation:
            continue  # 国立大学法人青嵐大学 is 青嵐大学 to everyone: its common name needs no 以下「」
        if review.language == "en" and (not _acronym(names.abbreviation) or any(names.formal in t.text for t in reading.texts)):
            continue
        pattern = _DEFINITION_EXAMPLES[review.language]
        for _, start, text in reading.uses(names.abbreviation):
            example = pattern.format(formal=names.formal, short=names.abbreviation)
            yield text.spot(start), f"'{names.abbreviation}' is never defined: write '{example}' at its first use"
            reported.add(names.abbreviation)
            break
    if review.language == "en":
        yield from _acronyms_never_spelled_out(review, reading, set(first) | reported)


# The legal forms of public and non-profit bodies, which their common name leaves out (a company's 株式会社 is not one).
_PUBLIC_CORPORATION = re.compile(
    r"^(?:国立大学法人|公立大学法人|学校法人|独立行政法人|国立研究開発法人|地方独立行政法人|一般社団法人|一般財団法人|"
    r"公益社団法人|公益財団法人|社会福祉法人|医療法人(?:社団|財団)?|特定非営利活動法人|NPO法人)"
)


# What AP lets a general reader meet without spelling out, and the abbreviations of company names and titles.
_KNOWN_ACRONYMS = frozenset(
    "CEO CFO COO CTO CIO CMO CSO CHRO EVP SVP VP US USA UK EU UN UAE AI IT ICT IoT DNA RNA HIV AIDS COVID SARS PDF URL USB "
    "GPS LED LCD TV PC OK NASA NATO FBI WHO IPO GDP CO2 ESG SDG SDGs R&D M&A B2B B2C FAQ PR HR IR VR AR XR API JST UTC GMT "
    "AM PM ID NPO NGO LLC LLP PLC ISO JIS QR SMS MBA PhD CV AD BC II III IV VI VII VIII IX XI XII NE NW SE SW".split()
)
_ACRONYM = re.compile(r"(?<![\w&-])[A-Z][A-Z0-9&-]*[A-Z](?:s)?(?![\w&-])")
# the RIKEN institute: the word after it tells the reader what it is
_EXPLAINED = re.compile(r"\s+(?:institute|university|laboratory|laboratories|center|centre|group|foundation|hospital|"
                        r"company|agency|program|programme|project|network|consortium)\b")
_ACRONYM_DEFINITION = '{formal} ({short})'


def _acronyms_never_spelled_out(review: Review, reading: Reading, defined: set[str]) -> Iterator[Report]:
    """In English, any acronym the release never spells out (AP): the registry's, with its formal name, or a term's."""
    formal = {
        n.abbreviation: n.formal
        for org in review.loaded.registry.orgs.values()
        if (n := org.names.get("en")) is not None and n.abbreviation and n.abbreviation != n.formal
    }
    seen: set[str] = set()
    for order, text in enumerate(reading.texts):
        for match in _ACRONYM.finditer(text.text):
            short = match.group()
            singular = short[:-1] if short.endswith("s") else short
            if {short, singular} & (defined | _KNOWN_ACRONYMS | seen) or _EXPLAINED.match(text.text, match.end()):
                continue
            if _set_in_capitals(text.text, match.start()):
                continue  # WHAT: in a media advisory, a heading in capitals: words set in capitals, not acronyms
            if any(n.start <= match.start() and match.end() <= n.end for n in near_names(review, text)):
                continue  # IPARK Institute: a registry name written otherwise is names.variant's
            if order == 0 and text.role == "body" and not text.text[: match.start()].strip() and text.text[match.end() :].startswith(","):
                continue  # BOSTON, May 19 — the body's own dateline
            seen.add(short)
            if not any(o == order and s == match.start() for o, s, _ in reading.uses(short)):
                continue  # inside a longer name, a misspelling or a definition
            if short in formal:
                if any(formal[short] in t.text for t in reading.texts):
                    continue  # the full name is written: abbreviations.before-definition or long-form tells the rest
                spelled = _ACRONYM_DEFINITION.format(formal=formal[short], short=short)
                yield text.spot(match.start()), f"'{short}' is never spelled out: write '{spelled}' at its first use"
            else:
                yield text.spot(match.start()), f"'{short}' is never spelled out: write the full term and ({short}) at its first use (AP)"


# A label at the start of a line or list item, in capitals and closed by a colon (WHAT:, NOTE TO EDITORS:, EDITOR'S
# NOTE:), and a line written in capitals of two words or more (MEDIA ADVISORY, FOR IMMEDIATE RELEASE, a heading):
# the capitals are the typography of the line, not an abbreviation. The prose has no list markers or emphasis left.
_CAPITAL_WORD = r"[A-Z][A-Z'’&-]*"
_CAPITALS_LABEL = re.compile(rf"[ \t]*{_CAPITAL_WORD}(?:[ \t]+{_CAPITAL_WORD})*[ \t]*[:：]")
_CAPITALS_LINE = re.compile(rf"[ \t]*{_CAPITAL_WORD}(?:[^a-z\n]*?[ \t]{_CAPITAL_WORD})+[^a-z\n]*")


def _set_in_capitals(text: str, at: int) -> bool:
    """Whether the capitals at `at` are those of a label or of a line set wholly in capitals."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else len(text)]
    label = _CAPITALS_LABEL.match(line)
    return label is not None and at - start < label.end() or _CAPITALS_LINE.fullmatch(line) is not None


def _acronym(short: str) -> bool:
    return re.fullmatch(r"[A-Z][A-Z0-9&-]+s?", short) is not None


@rule("abbreviations.redefined", "warning", "a short form defined twice", _LANGUAGES)
def redefined(review: Review) -> Iterator[Report]:
    reading = Reading(review)
    first = reading.first_definitions()
    for definition in reading.definitions:
        earlier = first[definition.short]
        if definition is not earlier:
            yield definition.text.spot(definition.start), f"'{definition.short}' is defined again (first in {earlier.text.field})"


@rule("abbreviations.long-form", "warning", "the full name written again after its short form was defined", _LANGUAGES)
def long_form(review: Review) -> Iterator[Report]:
    reading = Reading(review)
    first = reading.first_definitions()
    for org_id in _org_ids(review):
        names = review.loaded.org(org_id).names.get(review.language)  # type: ignore[call-overload]
        defined = next((first[s] for s in (names.abbreviation, names.short) if s in first), None) if names else None
        if defined is None or names.formal == defined.short:
            continue
        # A speaker may use the full name: quotes are left alone. So is a full name that a (re)definition follows.
        defining = {(d.order, d.start) for d in reading.definitions}
        for order, text in enumerate(reading.texts):
            for match in re.finditer(re.escape(names.formal), text.text):
                redefined = any((order, match.end() + gap) in defining for gap in (0, 1))
                if text.role != "quote" and not redefined and (order, match.start()) > (defined.order, defined.end):
                    yield text.spot(match.start()), f"'{names.formal}' after '{defined.short}' was defined: write '{defined.short}'"


def _org_ids(review: Review) -> list[str]:
    return list(dict.fromkeys([*review.release.issuers, *review.loaded.registry.orgs]))
