"""Names rules: organizations, people and titles written as the registry writes them."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator

from ...spec.model import localize
from .engine import Report, rule
from .forms import Form, covered, word_bounded
from .review import Review

# Differences that make a variant rather than another name: spacing, middle dots, hyphens, width and case.
_IGNORED = set(" \u3000・･-‐‑–—_.,'’")
_ABBREVIATED_COMPANY = re.compile(r"[（(]株[）)]|㈱")
_COMPANY = "株式会社"
_LEGAL_SUFFIX = re.compile(r"株式会社|有限会社|\b(?:Inc|Co|Ltd|Corp|Corporation|Limited|LLC|GmbH)\b\.?")


@rule("names.misspelling", "error", "a misspelling the registry records, with the right spelling")
def misspelling(review: Review) -> Iterator[Report]:
    orgs = review.loaded.registry.orgs
    wrong = sorted(((m, org.id) for org in orgs.values() for m in org.misspellings), key=lambda w: -len(w[0]))
    for text in review.texts:
        right = review.names_in(text)
        taken: list[tuple[int, int]] = []
        for misspelt, org_id in wrong:
            for match in re.finditer(re.escape(misspelt), text.text):
                start, end = match.span()
                if word_bounded(text.text, start, end) and not covered(right, start, end) and not any(
                    s <= start and end <= e for s, e in taken
                ):
                    taken.append((start, end))
                    yield text.spot(start), f"'{misspelt}' is a misspelling: write '{_canonical(review, org_id, misspelt)}'"


def _canonical(review: Review, org_id: str, misspelt: str) -> str:
    """The registry name meant: the formal name if the slip is in the company suffix, else the closest one."""
    forms = [f for f in review.forms if f.org == org_id and f.kind == "org"]
    if _LEGAL_SUFFIX.search(misspelt):
        formal = [f.text for f in forms if _LEGAL_SUFFIX.search(f.text)]
        forms = [f for f in forms if f.text in formal] or forms
    return max((f.text for f in forms), key=lambda f: difflib.SequenceMatcher(None, f, misspelt).ratio())


@rule("names.variant", "error", "a registry name, person or title written with other spacing, dots, width or case")
def variant(review: Review) -> Iterator[Report]:
    # English titles are ordinary words ("the company's president"): only their Japanese forms are names.
    forms = [f for f in review.forms if f.kind != "title" or not f.text.isascii()]
    ignored = "".join(_IGNORED)
    # A match starts and ends on a kept character, so compare with the forms' own ends trimmed alike.
    known = {f.text.strip(ignored) for f in forms}
    misspelt = [m for org in review.loaded.registry.orgs.values() for m in org.misspellings]
    keys = {_fold(f.text)[0]: f for f in sorted(forms, key=lambda f: len(f.text))}
    for text in review.printed:
        folded, index = _fold(text.text)
        taken: list[tuple[int, int]] = []
        for key, form in sorted(keys.items(), key=lambda kv: -len(kv[0])):
            at = folded.find(key) if len(key) > 1 else -1
            while at >= 0:
                start, end = index[at], index[at + len(key) - 1] + 1
                raw = text.text[start:end]
                if (
                    raw not in known
                    and not any(m in raw or raw in m for m in misspelt)  # names.misspelling reports those
                    and not any(s < end and start < e for s, e in taken)
                    and word_bounded(text.text, start, end)
                ):
                    taken.append((start, end))
                    yield text.spot(start), f"'{raw}' is written '{form.text}' in the registry ({_whose(form)})"
                at = folded.find(key, at + 1)


def _fold(text: str) -> tuple[str, list[int]]:
    """The text without the ignored differences, and for each kept character its index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if folded not in _IGNORED:
                out.append(folded)
                index.append(i)
    return "".join(out), index


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
        for what, expected in (("name", localize(person.name, review.language)), ("title", localize(person.title, review.language))):
            if expected and expected not in text.text:
                yield text.spot(0), f"the lead-in does not give the speaker's {what} as the registry does: '{expected}' ({quote.speaker})"
