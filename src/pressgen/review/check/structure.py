"""Structure rules: headline, an about section and a contact per issuer, attributed quotes, dateline and end mark."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...render.labels import release_labels
from ...spec.model import localize
from ...spec.scaffold import PLACEHOLDERS
from ...spec.sources import cached_doc
from .engine import Report, rule
from .review import Review

_END_MARK = re.compile(r"^[ \t]*(?P<mark>###|-30-|# # #)\s*\Z", re.MULTILINE)


@rule("structure.headline-length", "warning", "a Japanese headline longer than headline-max-length (65) characters", ("ja",))
def headline_length(review: Review) -> Iterator[Report]:
    limit = review.settings.headline_max_length
    headline = next(t for t in review.printed if t.role == "headline")
    if len(headline.text) > limit:
        yield headline.spot(limit), f"the headline has {len(headline.text)} characters; keep it to {limit} (this is character {limit + 1})"


@rule("structure.headline-style", "warning", "an English headline in capitals, with a word in capitals for emphasis, or with an exclamation mark", ("en",))
def headline_style(review: Review) -> Iterator[Report]:
    for text in review.printed:
        if text.role not in ("headline", "subheadline"):
            continue
        bang = re.search("[!！]", text.text)
        if bang:
            yield text.spot(bang.start()), f"no exclamation marks in a {text.role}"
        acronyms = {f.text for f in review.forms}
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", text.text) if w not in acronyms]
        if text.role == "headline" and len(words) >= 2 and sum(w.isupper() for w in words) * 2 > len(words):
            yield text.spot(0), "the headline is in capitals: write it in sentence case"
            continue
        for match in _SHOUTED.finditer(text.text):
            word = match.group()
            if word not in acronyms and (word in _EMPHASIS or _lowercase_elsewhere(review, word.lower())):
                yield text.spot(match.start()), f"'{word}' in capitals for emphasis: write '{word.lower()}'"


# A word in capitals inside a sentence-case headline: an acronym (ITRI, CMC) unless the release writes the word in
# lowercase too, or it is one of the words a headline shouts.
_SHOUTED = re.compile(r"(?<![\w&-])[A-Z]{3,}(?![\w&-])")
_EMPHASIS = frozenset("NEW FREE NOW ONLY FIRST BEST BIG HUGE GREAT LAUNCH LAUNCHES OPEN OPENS LIVE SOON TODAY WORLD".split())


def _lowercase_elsewhere(review: Review, word: str) -> bool:
    pattern = re.compile(rf"\b{word}\b")
    return any(pattern.search(t.text) for t in review.printed if t.role in ("body", "subheadline", "highlight", "lead_in"))


@rule("structure.issuer-about", "warning", "an issuer without an about section where the release has about sections")
def issuer_about(review: Review) -> Iterator[Report]:
    about = [entry.org for entry in review.release.about_entries()]
    if not about:
        return  # `about: []`: a short notice or an excerpt gives no boilerplate at all, by choice
    for n, org_id in enumerate(review.release.issuers):
        if org_id not in about:
            yield review.spot(("issuers", n)), f"issuer '{org_id}' has no about section (add it to about:)"


@rule("structure.issuer-contact", "warning", "an issuer without a media contact")
def issuer_contact(review: Review) -> Iterator[Report]:
    contacts = {ref.partition("/")[0] for ref in review.release.contacts}
    for n, org_id in enumerate(review.release.issuers):
        if org_id not in contacts:
            yield review.spot(("issuers", n)), f"issuer '{org_id}' has no media contact (add one to contacts:)"


@rule("structure.issuer-order", "warning", "about sections and contacts not in the order of the issuers")
def issuer_order(review: Review) -> Iterator[Report]:
    release = review.release
    listed = {
        "about": [e.org for e in release.about_entries()] if release.about is not None else [],
        "contacts": [ref.partition("/")[0] for ref in release.contacts],
    }
    for key, orgs in listed.items():
        issuers_listed = list(dict.fromkeys(org for org in orgs if org in release.issuers))  # two contacts of one org: once
        expected = [org for org in release.issuers if org in issuers_listed]
        for found, wanted in zip(issuers_listed, expected, strict=True):
            if found != wanted:
                yield review.spot((key, orgs.index(found))), f"{key} lists '{found}' where the issuer order puts '{wanted}'"
                break


@rule("structure.quote-title", "warning", "a quote whose speaker has no title in the registry")
def quote_title(review: Review) -> Iterator[Report]:
    for n, quote in enumerate(review.release.quotes):
        person = review.loaded.registry.person(quote.speaker)
        if person is not None and not localize(person.title, review.language):
            yield review.spot(("quotes", n, "speaker")), f"'{quote.speaker}' has no title in {review.language} in the registry"


# FUJISAWA, Japan, May 12, 2026 — / TOKYO, May 12 (PRNewswire) - : a city in capitals, then a dash;
# FUJISAWA, Japan--(BUSINESS WIRE)--: a credit between glued double dashes.
# Fujisawa, Japan – : the same in title case, the place's words capitalized.
_BODY_DATELINE = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z .'-]+,[^\n—–]{0,60}?"
    r"|[A-Z][a-z.'-]+(?: [A-Z][a-z.'-]+)?, (?:[A-Z][A-Za-z.'-]+ ?){1,3}(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?)"
    r"(?:\s*(?:—|–|--|-)\s|--\([^()\n]+\)--)"
)


@rule("structure.dateline", "warning", "an English release without a dateline, or with two (the field and the body's own)", ("en",))
def dateline(review: Review) -> Iterator[Report]:
    body = next(t for t in review.printed if t.role == "body")
    own = _BODY_DATELINE.match(body.text)
    if review.release.dateline and own:
        yield body.spot(own.start("city")), f"the body opens with its own dateline '{own['city'].rstrip()}', and the template prints dateline: too"
    elif not review.release.dateline and not own:
        yield review.spot(("dateline",)), "English releases open with a dateline: add dateline: CITY, Country"


@rule("structure.end-mark", "warning", "an English release without the ### end mark, or with two", ("en",))
def end_mark(review: Review) -> Iterator[Report]:
    labels = release_labels(review.loaded)
    if not labels.end_mark:
        if labels.overridden("end_mark"):
            return  # a house style without an end mark, chosen in so many words
        catalogue = cached_doc(review.loaded.project.template(f"i18n/{review.language}.yaml"))
        yield review.spot(("end_mark",), catalogue, "end_mark"), "no end mark for English releases: set end_mark: \"###\""
        return
    body = next(t for t in review.printed if t.role == "body")
    own = _END_MARK.search(body.text)
    if own:
        yield body.spot(own.start("mark")), "the body ends with its own end mark; the template prints one"


@rule("structure.contact-details", "error", "a media contact with no way to reach it: neither an email nor a phone")
def contact_details(review: Review) -> Iterator[Report]:
    """A journalist who cannot reach the issuer drops the story; a department or a phone number alone is enough."""
    release = review.release
    listed = [("masthead_contacts", n, ref) for n, ref in enumerate(release.masthead_contacts)]
    for key, n, ref in listed + [("contacts", n, ref) for n, ref in enumerate(release.contacts)]:
        org_id, _, contact_id = ref.partition("/")
        contact = review.loaded.org(org_id).contacts[contact_id]
        if not (contact.email or contact.phone or contact.direct or contact.mobile):
            spot = review.spot(("contacts", contact_id), review.loaded.registry.docs[org_id], f"{key}[{n}]")
            yield spot, f"contact '{ref}' has neither an email nor a phone number"


_PLACEHOLDER_TEXTS = {text: what for texts in PLACEHOLDERS.values() for what, text in texts.items()}
_WHAT = {
    "headline": "the headline", "body": "the body", "about": "the boilerplate", "formal": "the formal name", "dateline": "the dateline's city",
}


@rule("structure.placeholder", "error", "a placeholder that pressgen new or pressgen org new left for the author to write")
def placeholder(review: Review) -> Iterator[Report]:
    for text in review.texts:
        for words, what in _PLACEHOLDER_TEXTS.items():
            at = text.text.find(words)
            if at >= 0:
                yield text.spot(at), f"'{words}' is still the placeholder: write {_WHAT[what]} here"
