"""Names rules: organizations, people and titles written as the registry writes them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from ...spec.model import localize
from .engine import Report, rule
from .forms import Form, covered, local_institution, word_bounded
from .nearnames import Near, near_spellings
from .review import Review
from .texts import Text

_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s)）」>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[a-z]{2,})+(?:/[^\s)）」>]*)?")
_ABBREVIATED_COMPANY = re.compile(r"[（(]株[）)]|㈱")
_COMPANY = "株式会社"
_LEGAL_SUFFIX = re.compile(r"株式会社|有限会社|\b(?:Inc|Co|Ltd|Corp|Corporation|Limited|LLC|GmbH)\b\.?")


@rule("names.misspelling", "error", "a misspelling the registry records (with its spacing, commas and dots loosened), with the right spelling")
def misspelling(review: Review) -> Iterator[Report]:
    for text in review.texts:
        right = review.names_in(text)
        for start, end, (org_id, listed) in _misspellings(review, text):
            if not covered(right, start, end):
                misspelt = text.text[start:end]
                yield text.spot(start), f"'{misspelt}' is a misspelling: write '{_canonical(review, org_id, listed)}'"


def _misspelt_spans(review: Review, text: Text) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _ in _misspellings(review, text)]


def _misspellings(review: Review, text: Text) -> list[tuple[int, int, tuple[str, str]]]:
    """The registered misspellings in a text, longest first where they overlap, as whole words, each with its org and
    the listed spelling. 'iPark Institute Inc.' is also 'iPark Institute, Inc.' and 'iPark Institute Inc': where the
    listed spelling has a space, comma or dot, the text may have any of them; a middle dot stays (its absence is the
    right name)."""

    def compile_all() -> tuple[re.Pattern[str] | None, tuple[tuple[str, str], ...]]:
        listed = sorted({(m, o.id) for o in review.loaded.registry.orgs.values() for m in o.misspellings}, key=lambda x: (-len(x[0]), x))
        parts = [_LOOSE.sub(lambda m: r"[\s,.]*" if m.end() < len(m.string) else r"\.?", re.escape(w)) for w, _ in listed]
        pattern = re.compile("|".join(f"(?P<m{n}>{part})" for n, part in enumerate(parts))) if parts else None
        return pattern, tuple((org_id, w) for w, org_id in listed)

    pattern, owners = review.memo("misspellings", compile_all)
    if pattern is None:
        return []
    return review.memo(("misspellings", id(text)), lambda: list(_find_misspellings(pattern, owners, text.text)))


@lru_cache(maxsize=4096)  # the registry's texts come back unchanged in every check of the live preview
def _find_misspellings(
    pattern: re.Pattern[str], owners: tuple[tuple[str, str], ...], text: str
) -> tuple[tuple[int, int, tuple[str, str]], ...]:
    return tuple(
        (*m.span(), owners[int(m.lastgroup[1:])])  # type: ignore[index,misc]
        for m in pattern.finditer(text)
        if word_bounded(text, *m.span()) and not local_institution(text, m.start())
    )


_LOOSE = re.compile(r"(?:\\[ ,.]|,)+")  # an escaped space or dot, or a comma, in re.escape's output


def _canonical(review: Review, org_id: str, misspelt: str) -> str:
    """The registry name meant: the formal name if the slip is in the company suffix, else the closest one."""
    forms = [f for f in review.forms if f.org == org_id and f.kind == "org"]
    if _LEGAL_SUFFIX.search(misspelt):
        formal = [f.text for f in forms if _LEGAL_SUFFIX.search(f.text)]
        forms = [f for f in forms if f.text in formal] or forms
    return max((f.text for f in forms), key=lambda f: difflib.SequenceMatcher(None, f, misspelt).ratio())


@rule("names.variant", "error", "a registry name written with other spacing, dots, long vowels, small kana, ティ/チ, ヴ/ブ, width or case")
def variant(review: Review) -> Iterator[Report]:
    for text, near in _spelled_otherwise(review):
        raw = text.text[near.start : near.end]
        if near.distance == 0 and not (raw.isupper() and raw.casefold() == near.form.text.casefold()):  # IPARK INSTITUTE: capitals set
            yield text.spot(near.start), f"'{raw}' is written '{near.form.text}' in the registry ({_whose(near.form)})"


@rule("names.near-miss", "error", "a registry name misspelt by a letter or two (edit distance scaled to its length)")
def near_miss(review: Review) -> Iterator[Report]:
    for text, near in _spelled_otherwise(review):
        if near.distance > 0:
            raw = text.text[near.start : near.end]
            yield text.spot(near.start), (
                f"'{raw}' looks like a misspelling of '{near.form.text}' ({_whose(near.form)}): write the registry's spelling"
            )


def _spelled_otherwise(review: Review) -> list[tuple[Text, Near]]:
    """Each text's near spellings of registry names, in every text (the registry's own history included)."""

    def compute() -> list[tuple[Text, Near]]:
        # English titles are ordinary words ("the company's president"): only their Japanese forms are names.
        forms = [f for f in review.forms if f.kind != "title" or not f.text.isascii()]
        found = []
        for text in review.texts:
            usable = tuple(f for f in forms if f.language in ("", text.language) or f.text.isascii())
            names = tuple((o.start, o.end) for o in review.names_in(text))
            # names.misspelling reports those; an address is spelt as its owner registered it (shonan-ipark.com)
            taken = tuple(_misspelt_spans(review, text) + [m.span() for m in _ADDRESS.finditer(text.text)])
            found += [(text, near) for near in near_spellings(text.text, usable, taken, names)]
        return found

    return review.memo("near-spellings", compute)


def near_names(review: Review, text: Text) -> list[Near]:
    """The near spellings of registry names in one text (names.variant and names.near-miss report them)."""
    return [near for t, near in _spelled_otherwise(review) if t is text]


def _whose(form: Form) -> str:
    return form.org if form.kind == "org" else f"{form.kind} of {form.org}"


@rule("names.company-form", "warning", "株式会社 written (株) where the release spells it out, or on the wrong side", ("ja",))
def company_form(review: Review) -> Iterator[Report]:
    printed = [t for t in review.printed if t.role != "registry"]
    spelled_out = any(_COMPANY in t.text for t in printed)
    for text in printed:
        if spelled_out:
            for match in _ABBREVIATED_COMPANY.finditer(text.text):
                yield text.spot(match.start()), f"'{match.group()}' abbreviates {_COMPANY}, which this release spells out"
        for form in review.forms:
            if form.kind == "org" and form.text.endswith(_COMPANY) and form.text != _COMPANY:
                swapped = _COMPANY + form.text.removesuffix(_COMPANY)
            elif form.kind == "org" and form.text.startswith(_COMPANY) and form.text != _COMPANY:
                swapped = form.text.removeprefix(_COMPANY) + _COMPANY
            else:
                continue
            for match in re.finditer(re.escape(swapped), text.text):
                yield text.spot(match.start()), f"'{swapped}' puts {_COMPANY} on the wrong side: '{form.text}'"


@rule("names.speaker", "error", "a quote's lead-in names the speaker and title as the registry does")
def speaker(review: Review) -> Iterator[Report]:
    lead_ins = {t.field: t for t in review.printed if t.role == "lead_in"}
    for n, quote in enumerate(review.release.quotes):
        text = lead_ins.get(f"quotes[{n}].lead_in")
        person = review.loaded.registry.person(quote.speaker)
        if text is None or person is None:
            continue
        # a name or title misspelt in the lead-in is names.near-miss's (or names.variant's) finding
        near = {n.form.text for n in near_names(review, text)}
        for what, expected in (("name", localize(person.name, review.language)), ("title", localize(person.title, review.language))):
            # AP lowercases a title after the name: 'Toshio Fujimoto, president and CEO, said' gives the title too
            written = text.text.casefold() if what == "title" and review.language == "en" else text.text
            if expected and (expected.casefold() if written is not text.text else expected) not in written and expected not in near:
                yield text.spot(0), f"the lead-in does not give the speaker's {what} as the registry does: '{expected}' ({quote.speaker})"


@rule("names.external-speaker", "note", "a quote from someone outside the registry: their name and title are the release's own")
def external_speaker(review: Review) -> Iterator[Report]:
    for n, quote in enumerate(review.release.quotes):
        if not isinstance(quote.speaker, str):
            who = ", ".join(x for x in (quote.speaker.name, quote.speaker.title, quote.speaker.organization) if x)
            yield review.spot(("quotes", n, "speaker")), (
                f"'{who}' is not in the registry: check the name and title against a source "
                "(add them to the registry if they will be quoted again)"
            )
