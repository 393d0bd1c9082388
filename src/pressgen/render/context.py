"""The render context: everything a template prints, resolved, localized and escaped, for one release."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from ..spec import datelines, images
from ..spec.content import git_commit, short_hash
from ..spec.loader import LoadedRelease
from ..spec.model import DATELINE_FORMS, LINK_LINES, WIRE_CREDITS, AboutEntry, Organization, OrgNames, Speaker, localize
from . import markdown
from .labels import Catalogue, release_labels
from .typography import CJK_LANGUAGES, longest_piece, phrases, typeset


@dataclass(frozen=True)
class QuoteView:
    """A quote as printed: a lead-in above it, or (lead_in None) the speaker named within its paragraphs."""

    field: str
    lead_in: Markup | None
    paragraphs: list[Markup]


@dataclass(frozen=True)
class AboutView:
    org: str
    heading: Markup
    text: Markup
    lines: list[Markup] = field(default_factory=list)


@dataclass(frozen=True)
class ContactView:
    unit: Markup  # the organization and the department, in the order the language writes them
    person: Markup | None  # with the title and the group, as the language writes them
    email: str | None
    phone: list[Markup]  # a line each: the number with its extension, a direct line, a mobile
    fax: Markup | None
    website: Markup | None
    address: str | None = None
    note: str | None = None
    email_line: Markup | None = None  # the email as the label prints it, linked
    heading: str | None = None  # above the contact, where contacts of several kinds are listed


@dataclass(frozen=True)
class DatelineView:
    text: Markup
    has_date: bool  # the masthead then prints no date of its own: never two dates


@dataclass(frozen=True)
class ImageView:
    src: str
    alt: str
    kind: str
    caption: Markup | None
    credit: Markup | None
    field: str = "images"


@dataclass(frozen=True)
class BodyPart:
    """A stretch of the body: its Markdown's HTML, or a quote or a picture placed there."""

    html: Markup | None = None
    quote: QuoteView | None = None
    image: ImageView | None = None


def build_context(loaded: LoadedRelease) -> dict[str, object]:
    """The variables of templates/release.html.j2 for this release."""
    release, lang = loaded.release, loaded.release.language
    labels = release_labels(loaded)
    issuers = [_names(loaded.org(i), lang).masthead or _names(loaded.org(i), lang).formal for i in release.issuers]
    date_text = labels.date(release.date)
    dateline = _dateline(loaded, labels, date_text)
    quotes = [_quote(loaded, labels, n) for n in range(len(release.quotes))]
    pictures = [_image(loaded, n, labels) for n in range(len(release.images))]
    body: list[BodyPart] = []
    placed: set[tuple[str, int]] = set()
    for part in markdown.render_parts(release.body, lang, lead=dateline.text if dateline else None):
        if isinstance(part, Markup):
            body.append(BodyPart(html=part))
        else:
            placed.add(part)
            kind, n = part
            body.append(BodyPart(quote=quotes[n]) if kind == "quotes" else BodyPart(image=pictures[n]))
    commit = git_commit(loaded)
    stamp_key = "stamp_commit" if commit else "stamp"
    return {
        "lang": lang,
        "draft": release.status != "approved",
        "draft_note": labels.text("draft_note", status=labels.statuses[release.status]),
        "stamp": labels.text(stamp_key, hash=short_hash(loaded), commit=commit),
        "commit": commit or "",
        "labels": labels,
        "release": release,
        "title": release.headline,
        "date_text": date_text,
        "show_date": dateline is None or not dateline.has_date,
        "issuers": issuers,
        "running_header": labels.header_separator.join([date_text, " / ".join(issuers)]),
        "embargo": labels.text("embargo", datetime=labels.moment(release.embargo.moment())) if release.embargo else None,
        "salutation": labels.salutation,
        "kicker": typeset(release.kicker, lang) if release.kicker else None,
        "headline": phrases(release.headline, lang),
        "headline_measure": longest_piece(release.headline, lang),
        "subheadline": typeset(release.subheadline, lang) if release.subheadline else None,
        "highlights": [typeset(h, lang) for h in release.highlights],
        "body": body,
        "quotes": [q for n, q in enumerate(quotes) if ("quotes", n) not in placed],
        "images": [i for n, i in enumerate(pictures) if ("images", n) not in placed],
        "abouts": [_about(loaded, labels, entry) for entry in release.about_entries()],
        "sections": [(typeset(s.heading, lang) if s.heading else None, markdown.render(s.text, lang)) for s in release.sections],
        "masthead_contacts": [_contact(loaded, labels, ref) for ref in release.masthead_contacts],
        "contacts": _headed([_contact(loaded, labels, ref) for ref in release.contacts]),
        "fonts": loaded.project.fonts(lang),
    }


def _headed(contacts: list[ContactView]) -> list[ContactView]:
    """The contacts with their headings where contacts of two kinds or more are listed (Investors and Media); a
    release listing one kind (a media contact alone, the media contacts of a joint release) prints none."""
    if len({c.heading for c in contacts if c.heading}) > 1:
        return contacts
    return [replace(c, heading=None) for c in contacts]


def _dateline(loaded: LoadedRelease, labels: Catalogue, date_text: str) -> DatelineView | None:
    """The dateline opening the body: the release's city (or pasted dateline) in the form in force."""
    release = loaded.release
    if not release.dateline:
        return None
    parsed = datelines.parse(release.dateline)  # the loader reported any problem
    form = parsed.form or labels.dateline
    if form is None:
        return None
    pattern = DATELINE_FORMS.get(form, form)
    credit = parsed.credit if parsed.form else labels.credit or WIRE_CREDITS.get(form)
    if "{credit}" in pattern and not credit:
        raise labels.problem("dateline", f"the dateline form '{form}' prints {{credit}}, and no credit is set")
    when = Markup('<time datetime="%s">%s</time>') % (release.date.isoformat(), date_text)
    text = escape(pattern).format(city=parsed.city, date=when, credit=credit or "")
    # A dash glued to the text ("--(BUSINESS WIRE)--Acme") runs into the sentence; a spaced one ("2026 —") is spaced.
    space = "" if re.search(r"\S(?:--|—)$", pattern) else " "
    return DatelineView(Markup('<span class="pg-dateline">%s</span>%s') % (text, space), "{date}" in pattern)


def _names(org: Organization, lang: str) -> OrgNames:
    return org.names[lang]  # type: ignore[index]  # the loader checked the language


def _quote(loaded: LoadedRelease, labels: Catalogue, n: int) -> QuoteView:
    quote, lang = loaded.release.quotes[n], loaded.release.language
    name, title, org_name = _speaker(loaded, quote.speaker, lang)
    paragraphs = _unquoted([p.strip() for p in quote.text.split("\n\n") if p.strip()], labels)
    field = f"quotes[{n}]"
    if quote.attribution == "before":
        lead_in = quote.lead_in or labels.text("lead_in", org=org_name or "", title=title or "", name=name)
        return QuoteView(field, typeset(lead_in, lang), [typeset(p, lang) for p in _marked(paragraphs, labels)])
    role = labels.text("title_at", title=title, org=org_name) if title and org_name else title
    said = quote.said or (labels.text("said", name=name, title=role) if role else labels.text("said_name", name=name))
    first, rest = paragraphs[0], paragraphs[1:]
    head, tail = (first, "") if quote.attribution == "after" else _first_sentence(first, lang)
    spoken = labels.quote_open + _before_said(head, labels) + labels.quote_close
    separator = "" if lang in CJK_LANGUAGES else " "
    if tail:  # the attribution inside the first paragraph; the quotation goes on after it
        continued = _marked([tail, *rest], labels)
        return QuoteView(
            field, None,
            [typeset(spoken + separator + said + separator + continued[0], lang), *(typeset(p, lang) for p in continued[1:])],
        )
    return QuoteView(field, None, [typeset(spoken + separator + said, lang), *(typeset(p, lang) for p in _marked(rest, labels))])


def _speaker(loaded: LoadedRelease, speaker: str | Speaker, lang: str) -> tuple[str, str | None, str | None]:
    """Name, title and organization of a registry person or of a speaker the release names itself."""
    if isinstance(speaker, Speaker):
        return speaker.name, speaker.title, speaker.organization
    org_id, _, person_id = speaker.partition("/")
    org = loaded.org(org_id)
    person = org.people[person_id]
    return str(localize(person.name, lang)), localize(person.title, lang), _names(org, lang).short or _names(org, lang).formal


def _marked(paragraphs: list[str], labels: Catalogue) -> list[str]:
    """A quotation's paragraphs in the language's marks: the first opens, each further one reopens where the
    language does so (English “ on every paragraph), and only the last closes."""
    last = len(paragraphs) - 1
    return [
        (labels.quote_open if i == 0 else labels.quote_reopen) + p + (labels.quote_close if i == last else "")
        for i, p in enumerate(paragraphs)
    ]


def _unquoted(paragraphs: list[str], labels: Catalogue) -> list[str]:
    """The paragraphs without the quotation marks the author already wrote, so that none is doubled: when the
    first paragraph opens with a mark, that mark at the start of any paragraph and the closing one answering it."""
    pairs = {labels.quote_open: labels.quote_close, '"': '"', "“": "”", "「": "」"}
    opening = next((o for o in pairs if paragraphs[0].startswith(o)), None)
    if opening is None:
        return paragraphs
    closing = pairs[opening]
    out = []
    for paragraph in paragraphs:
        paragraph = paragraph.removeprefix(opening)
        unanswered = paragraph.count(closing) % 2 if opening == closing else paragraph.count(closing) > paragraph.count(opening)
        out.append(paragraph.removesuffix(closing) if paragraph.endswith(closing) and unanswered else paragraph)
    return out


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)|[。！？](?=.)")
# Words that end in a full stop without ending a sentence: "Mr. Roe", "Example Co. and", "U.S. market".
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|Prof|Inc|Co|Corp|Ltd|Jr|Sr|St|No|vs|etc)|\b[A-Z]|\.[A-Za-z])$")


def _first_sentence(paragraph: str, lang: str) -> tuple[str, str]:
    """The paragraph cut after its first sentence (the speaker is named there); no cut in a one-sentence one."""
    for match in _SENTENCE_END.finditer(paragraph):
        if match.group() == "." and _ABBREVIATION.search(paragraph[: match.start()]):
            continue
        return paragraph[: match.end()], paragraph[match.end() :].strip()
    return paragraph, ""


def _before_said(words: str, labels: Catalogue) -> str:
    """The quoted words as they stand before "said …": a closing full stop becomes the language's comma
    (“We are delighted,” said …; 「…」と …), a question or exclamation mark stays."""
    if words.endswith(labels.full_stop):
        return words[: -len(labels.full_stop)] + labels.said_comma
    if words[-1:] in "?!？！":
        return words
    return words + labels.said_comma


def _about(loaded: LoadedRelease, labels: Catalogue, entry: AboutEntry) -> AboutView:
    lang = loaded.release.language
    org = loaded.org(entry.org)
    boilerplate = org.boilerplate.get(lang)  # type: ignore[call-overload]
    name = (boilerplate.name if boilerplate else None) or _names(org, lang).formal
    text = entry.text or boilerplate.text  # the loader guarantees one of them
    if entry.append:
        text += "\n\n" + entry.append
    lines = []
    for line in boilerplate.lines if boilerplate and entry.text is None else []:
        lines.append(link_line(org, labels, lang, line))
    return AboutView(entry.org, labels.fill("about", name=name), markdown.render(text, lang), [x for x in lines if x])


def link_line(org: Organization, labels: Catalogue, lang: str, line: str) -> Markup | None:
    """One line after a boilerplate: the website, the social links, or a line of Markdown."""
    if line == LINK_LINES[0]:
        return labels.fill("website_line", url=_anchor(org.website, org.website)) if org.website else None
    if line == LINK_LINES[1]:
        links = [_anchor(s.url, localize(s.label, lang) or s.url) for s in org.social]
        return labels.fill("social_line", links=Markup(" / ").join(links)) if links else None
    return markdown.render(line, lang).removeprefix(Markup("<p>")).removesuffix(Markup("</p>\n"))  # type: ignore[return-value]


def _anchor(url: str, text: str) -> Markup:
    return Markup('<a href="%s">%s</a>') % (url, text)


def _contact(loaded: LoadedRelease, labels: Catalogue, ref: str) -> ContactView:
    lang = loaded.release.language
    org_id, _, contact_id = ref.partition("/")
    org = loaded.org(org_id)
    contact = org.contacts[contact_id]
    department = localize(contact.department, lang)
    organization = _names(org, lang).formal
    name: Markup | None = None
    if person := localize(contact.person, lang):
        name = escape(person)
        if title := localize(contact.title, lang):
            name = labels.fill("contact_titled", title=title, name=name)
        if group := localize(contact.group, lang):
            name = labels.fill("contact_group", name=name, group=group)
    phones = []
    if contact.phone:
        phones.append(labels.fill("contact_phone", phone=contact.phone))
        if contact.extension:
            phones[0] += labels.fill("contact_extension", extension=contact.extension)
    phones += [labels.fill(f"contact_{kind}", phone=number) for kind in ("direct", "mobile") if (number := getattr(contact, kind))]
    website = org.website if contact.website is True else contact.website or None
    return ContactView(
        unit=labels.fill("contact_unit", organization=organization, department=department) if department else escape(organization),
        person=labels.fill("contact_person", name=name) if name else None,
        email=contact.email,
        phone=phones,
        fax=labels.fill("contact_fax", fax=contact.fax) if contact.fax else None,
        website=labels.fill("contact_website", url=_anchor(website, website)) if isinstance(website, str) else None,
        heading=localize(contact.heading, lang),
        address=localize(contact.address, lang),
        note=localize(contact.note, lang),
        email_line=labels.fill("contact_email", email=Markup('<a href="mailto:%s">%s</a>') % (contact.email, contact.email)) if contact.email else None,
    )


def _image(loaded: LoadedRelease, n: int, labels: Catalogue) -> ImageView:
    image, lang = loaded.release.images[n], loaded.release.language
    return ImageView(
        src=images.data_uri(images.resolve(loaded.path.parent, image.src)),
        alt=image.alt,
        kind=image.kind,
        caption=typeset(image.caption, lang) if image.caption else None,
        credit=labels.fill("photo_credit", credit=image.credit) if image.credit else None,
        field=f"images[{n}]",
    )
