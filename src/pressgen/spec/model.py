"""The release spec and the organization registry as Pydantic models, free of any output format."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo, WithJsonSchema, field_validator, model_validator,
)

from .datestyle import Calendar, check_pattern
from .keys import parse_signing_key

Language = Literal["ja", "en", "zh-Hant"]
LANGUAGES: tuple[str, ...] = ("ja", "en", "zh-Hant")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# Names Windows keeps for devices, with or without an extension: out/con/con.pdf cannot be written there.
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))})


def _file_name(value: str) -> str:
    if value in _WINDOWS_DEVICES:
        raise ValueError(f"'{value}' cannot name a file on Windows (CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are devices there); choose another id")
    return value


FileSlug = Annotated[Slug, AfterValidator(_file_name)]  # an id that names files and folders of the outputs
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=r"^[^\r\n]*$")]
Ref = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")]
Localized = Union[Line, dict[Language, Line]]
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+[^\s]*$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value) or ".." in value:
        raise ValueError(f"'{value}' is not an email address")
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not a time zone name such as Asia/Tokyo or America/New_York") from None
    return value


def _year_month(value: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match:
        raise ValueError("must be YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    dt.date(year, month, day)  # raises ValueError on an impossible date
    return value


def _website_line(value: Any) -> Any:
    if value is True or (isinstance(value, str) and re.match(r"^https?://[^\s/?#]+[^\s]*$", value)):
        return value
    raise ValueError("must be true (the organization's website) or an http:// or https:// address")


def _signing_key(value: str) -> str:
    parse_signing_key(value)
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]
Email = Annotated[str, AfterValidator(_email)]
YearMonth = Annotated[str, AfterValidator(_year_month)]
SigningKeyLine = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_signing_key)]


def localize(value: Localized | None, language: str) -> str | None:
    """The text for a language; a plain string serves every language."""
    if value is None or isinstance(value, str):
        return value
    return value.get(language)  # type: ignore[call-overload]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ── house styles: the labels, dates and datelines an organization or project prints ─────────

# Dateline forms by name: AP's and the wire services' (the credit is the service's mark).
DATELINE_FORMS = {
    "ap": "{city}, {date} —",
    "business-wire": "{city}--({credit})--",
    "pr-newswire": "{city}, {date} /{credit}/ --",
    "globe-newswire": "{city}, {date} ({credit}) --",
}
WIRE_CREDITS = {"business-wire": "BUSINESS WIRE", "pr-newswire": "PRNewswire", "globe-newswire": "GLOBE NEWSWIRE"}
# The fields each templated label may use, and the one it must.
LABEL_FIELDS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "contact_unit": (("organization", "department"), "department"),
    "contact_person": (("name",), "name"),
    "contact_phone": (("phone",), "phone"),
    "contact_direct": (("phone",), "phone"),
    "contact_mobile": (("phone",), "phone"),
    "contact_fax": (("fax",), "fax"),
    "contact_extension": (("extension",), "extension"),
    "contact_website": (("url",), "url"),
    "contact_email": (("email",), "email"),
    "website_line": (("url",), "url"),
    "social_line": (("links",), "links"),
    "dateline": (("city", "date", "credit"), "city"),
}


def _label_fields(key: str, value: str) -> None:
    allowed, required = LABEL_FIELDS[key]
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a label pattern ({exc}); write {{{{ and }}}} for literal braces") from None
    for name in names:
        if name not in allowed:
            raise ValueError(f"unknown field {{{name}}} in '{value}'; this label may use {', '.join('{' + a + '}' for a in allowed)}")
    if required and required not in names:
        raise ValueError(f"'{value}' must contain {{{required}}}")


def _text_or_false(value: Any) -> Any:
    if value is False or isinstance(value, str):
        return value
    raise ValueError("must be the text to print, or false to print none")


# The lines of a contact, in the order the catalogue prints them by default (Japanese releases put 担当 last).
ContactPart = Literal["unit", "person", "address", "email", "phone", "fax", "website", "note"]
CONTACT_PARTS: tuple[str, ...] = ("unit", "person", "address", "email", "phone", "fax", "website", "note")


def _each_part_once(value: tuple[str, ...]) -> tuple[str, ...]:
    twice = sorted({part for part in value if value.count(part) > 1})
    missing = [part for part in CONTACT_PARTS if part not in value]
    if twice or missing:
        problem = f"{', '.join(twice)} named twice" if twice else f"{', '.join(missing)} missing"
        raise ValueError(f"must name {', '.join(CONTACT_PARTS)}, each once, in the order to print them ({problem})")
    return value


ContactOrder = Annotated[tuple[ContactPart, ...], AfterValidator(_each_part_once)]

# A label a house style may also turn off: false prints nothing where the catalogue would print it.
TextOrFalse = Annotated[Union[Line, Literal[False]], BeforeValidator(_text_or_false)]


class LabelStyle(Strict):
    """Labels and formats a release prints, each replacing the catalogue's entry of the same name.

    false prints nothing where the catalogue would print a label; an unset field keeps the default.
    """

    kind: TextOrFalse | None = Field(None, description="The document label: プレスリリース, お知らせ, 取材のご案内, News Release, Media Advisory; false for none")
    release_line: TextOrFalse | None = Field(None, description="The line above the headline when there is no embargo: FOR IMMEDIATE RELEASE; false for none")
    end_mark: TextOrFalse | None = Field(None, description="The end mark: ###; false for none")
    contacts_heading: TextOrFalse | None = Field(None, description="Heading of the contacts: 本件に関するお問い合わせ先, 〔問合せ先〕, Media contact; false for none")
    contact_unit: Line | None = Field(None, description="How a contact's unit line is printed when it has a department, with "
                                      "{department} and {organization}: {organization} {department}, 担当課：{department}")
    contact_person: Line | None = Field(None, description="How a contact's person is printed, with {name}: 担当：{name}")
    contact_phone: Line | None = Field(None, description="How a phone number is printed, with {phone}: TEL：{phone}, 電話 {phone}")
    contact_direct: Line | None = Field(None, description="How a direct line is printed, with {phone}: 直通 {phone}, Direct: {phone}")
    contact_mobile: Line | None = Field(None, description="How a mobile number is printed, with {phone}: 携帯：{phone}, Mobile: {phone}")
    contact_fax: Line | None = Field(None, description="How a fax number is printed, with {fax}: FAX：{fax}")
    contact_extension: Line | None = Field(None, description="How an extension follows the phone number, with {extension}: （内線{extension}）, (内線:{extension})")
    contact_website: Line | None = Field(None, description="How a contact's website line is printed, with {url}: URL：{url}")
    contact_email: Line | None = Field(None, description="How a contact's email address is printed, with {email}: E-mail：{email}")
    website_line: Line | None = Field(None, description="The organization's website line after its boilerplate, with {url}: 公式HP：{url}, 公式 HP : {url}")
    social_line: Line | None = Field(None, description="Its social links line after its boilerplate, with {links}: 公式SNS：{links}")
    contact_order: ContactOrder | None = Field(
        None,
        description="The order of a contact's lines: unit (organization and department), person, address, email, "
        "phone, fax, website, note, each once; English prints the person first, Japanese 担当 after the numbers",
    )
    date_format: Annotated[str, AfterValidator(check_pattern)] | None = Field(
        None,
        description="How dates are printed: full, long, medium, short (the language's, by Babel), ap (Nov. 1, 2010) "
        "or a CLDR pattern: y年MM月dd日, M月d日(E), Gy年(r年)M月d日 with calendar: japanese",
    )
    calendar: Calendar | None = Field(None, description="gregorian, japanese (令和6年) or roc (民國113年): what G, y and r of date_format count")
    dateline: Line | None = Field(
        None,
        description="The dateline form: ap, business-wire, pr-newswire, globe-newswire, or a pattern with {city}, {date} and {credit}",
    )
    credit: TextOrFalse | None = Field(
        None, validate_default=True, description="The wire service's mark in the dateline: BUSINESS WIRE, PRNewswire-Asia; false for none"
    )

    @field_validator(*LABEL_FIELDS)
    @classmethod
    def _pattern(cls, value: str | None, info: ValidationInfo) -> str | None:
        if isinstance(value, str) and not (info.field_name == "dateline" and value in DATELINE_FORMS):
            _label_fields(str(info.field_name), value)
        return value

    @field_validator("credit")
    @classmethod
    def _credit(cls, value: str | bool | None, info: ValidationInfo) -> str | bool | None:
        dateline = info.data.get("dateline")
        if isinstance(dateline, str) and "{credit}" in DATELINE_FORMS.get(dateline, dateline):
            if value is False or (value is None and dateline not in WIRE_CREDITS):
                raise ValueError(f"the dateline '{dateline}' prints {{credit}}: give the wire service's mark here")
        return value

    def overrides(self) -> dict[str, Any]:
        """The catalogue entries this style sets (false: none), by catalogue key."""
        return {key: (None if value is False else value) for key in self.model_fields_set if (value := getattr(self, key)) is not None}


class HouseStyle(LabelStyle):
    """An organization's or a project's house style, in one language."""

    salutation: TextOrFalse | None = Field(None, description="The salutation: 報道関係者各位, 報道関係各位, 〈報道関係各位〉; false for none")


# ── the organization registry ───────────────────────────────────────────────


class OrgNames(Strict):
    formal: Line = Field(description="Full legal or official name, e.g. アイパークインスティテュート株式会社")
    short: Line | None = Field(None, description="Common short name")
    abbreviation: Line | None = Field(None, description="The form defined in 以下「…」 / (hereinafter \"…\")")
    masthead: Line | None = Field(None, description="As printed among the issuers; defaults to the formal name")


class Person(Strict):
    name: Localized = Field(description="As printed, per language: {ja: 久世真理子, en: Mariko Kuze}")
    title: Localized | None = Field(None, description="The title, per language: {ja: 代表取締役社長, en: President and CEO}")
    email: Email | None = Field(None, description="Where this person's approval requests go (pressgen approve request)")
    signing_keys: list[SigningKeyLine] = Field(
        [],
        description='SSH keys whose signatures prove this person\'s approvals, as in allowed_signers: '
        '[valid-after="YYYYMMDD",valid-before="YYYYMMDD"] ssh-ed25519 AAAA… [comment]',
    )


Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{6,24}$")]


class Contact(Strict):
    heading: Localized | None = Field(
        None,
        description="Printed above the contact where contacts of several kinds are listed: Investors, Media, "
        "一般の方からのお問い合わせ先",
    )
    department: Localized | None = Field(None, description="Department or section, printed after the organization")
    person: Localized | None = Field(None, description="The person to ask, e.g. 山田太郎")
    title: Localized | None = Field(None, description="The person's title, printed before the name, e.g. 課長")
    group: Localized | None = Field(
        None, description="The group the person speaks for, printed after the name: 堺大輔（Fridays For Future Saitama）"
    )
    address: Localized | None = Field(None, description="A postal address, as printed: 〒251-0012 神奈川県藤沢市村岡東2-26-1")
    email: Email | None = Field(None, description="The address journalists write to, e.g. pr@example.jp")
    phone: Phone | None = Field(None, description="Digits, spaces, hyphens and parentheses; the extension goes in extension:")
    extension: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,8}$")] | None = Field(
        None, description="The extension (内線) of the phone number, e.g. 3071"
    )
    direct: Phone | None = Field(None, description="A direct line beside the main number (直通), printed after it")
    mobile: Phone | None = Field(None, description="A mobile number (携帯), printed after the other numbers")
    fax: Phone | None = Field(None, description="The fax number, as a phone number")
    website: Annotated[Union[bool, str], AfterValidator(_website_line), WithJsonSchema(
        {"anyOf": [{"const": True}, {"type": "string", "format": "uri"}]}
    )] | None = Field(None, description="A website line: true for the organization's website, or an address")
    note: Localized | None = Field(None, description="A last line, such as the hours: 受付時間：平日9時～17時, Mon-Fri, 9 a.m.-5 p.m. ET")


class Product(Strict):
    """A product or service the organization names in its releases; the proofreader knows its spelling."""

    name: Localized = Field(description="As the organization writes it, per language where it differs")


class SocialLink(Strict):
    label: Localized = Field(description="The network's name as printed: X, Facebook, LinkedIn")
    url: WebUrl = Field(description="The organization's page there, http:// or https://")


LINK_LINES = ("website", "social")  # words that stand for the registry's links among a boilerplate's lines


class Boilerplate(Strict):
    as_of: YearMonth = Field(description="When the facts in the text were last true, YYYY-MM")
    name: Line | None = Field(None, description="Name used in the heading; defaults to the formal name")
    text: Text = Field(description="Markdown")
    lines: list[Line] = Field(
        [], description="Lines after the text, in order: Markdown, or 'website' / 'social' for the registry's links"
    )


class HistoryEvent(Strict):
    date: YearMonth = Field(description="When it happened, YYYY-MM or YYYY-MM-DD")
    category: Line = Field(description="The kind of event, grouping the organization's history on the newsroom")
    title: Line = Field(description="What happened, in a line")
    description: Text | None = Field(None, description="More about it")
    release: Slug | None = Field(None, description="Id of the release that announced it")


class FigurePoint(Strict):
    period: YearMonth = Field(description="The month (YYYY-MM) or day the value counts up to")
    value: int | None = Field(description="null where there was nothing to count yet")


class FigureSeries(Strict):
    id: Slug = Field(description="The series' id within its figure")
    label: Localized = Field(description="The series' name in the chart's legend, per language")
    points: list[FigurePoint] = Field(description="Its values over time, in order")


class Figure(Strict):
    id: Slug = Field(description="The figure's id, e.g. members")
    title: Localized = Field(description="The chart's title, per language")
    series: list[FigureSeries] = Field(min_length=1, description="One or more series drawn in the chart")


class Organization(Strict):
    id: FileSlug = Field(description="The registry file's name without .yaml; releases name the organization by it")
    names: dict[Language, OrgNames] = Field(min_length=1, description="The organization's names, per language (ja, en, zh-Hant)")
    misspellings: list[Line] = Field(
        [], description="Wrong spellings met in the wild; near misses of the names are found without listing them"
    )
    people: dict[Slug, Person] = Field({}, description="People quoted or approving, by id: quotes name them ORG/ID")
    approvers: list[Slug] = Field(
        [], description="People who sign off releases for the organization, the first asked by default; empty: any person here"
    )
    products: dict[Slug, Product] = Field({}, description="Product and service names, spelled as the organization does")
    style: Line | None = Field(None, description="The organization's style dictionary (prh YAML), relative to this file")
    contacts: dict[Slug, Contact] = Field({}, description="Media contacts, by id: releases name them ORG/ID")
    website: WebUrl | None = Field(None, description="The organization's website, printed by a boilerplate's website line")
    social: list[SocialLink] = Field([], description="Social media pages, printed by a boilerplate's social line")
    boilerplate: dict[Language, Boilerplate] = Field({}, description="The about section per language")
    history: list[HistoryEvent] = Field([], description="Dated events, shown on the organization's newsroom page")
    figures: list[Figure] = Field([], description="Figures over time, charted on the organization's newsroom page")
    house_style: dict[Language, HouseStyle] = Field(
        {}, description="House style per language: labels, date format, dateline; used when the organization is the first issuer"
    )


# ── the release spec ────────────────────────────────────────────────────────


class Embargo(Strict):
    date: dt.date = Field(description="The day the embargo lifts, YYYY-MM-DD")
    time: dt.time = Field(description='The time it lifts, "HH:MM" (quoted)')
    timezone: Annotated[str, AfterValidator(_zone)] = Field(description="An IANA time zone: Asia/Tokyo, America/New_York")

    def moment(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.time, ZoneInfo(self.timezone))


class Speaker(Strict):
    """Someone quoted who is not in the registry (a minister, a customer), as the release names them."""

    name: Line = Field(description="The speaker's name as printed, e.g. Hanako Sato or 佐藤花子")
    title: Line | None = Field(None, description="Their title, e.g. Minister of Health or 大臣")
    organization: Line | None = Field(None, description="Their organization, e.g. Ministry of Health, Labour and Welfare")


class Quote(Strict):
    speaker: Ref | Speaker = Field(
        description="organization/person in the registry, or {name, title, organization} for someone outside it"
    )
    text: Text = Field(
        description="The words; blank lines separate paragraphs. Quotation marks come from the language, "
        "and marks the text already carries are not doubled"
    )
    attribution: Literal["before", "after", "inside"] = Field(
        "before",
        description="Where the speaker is named: before (a lead-in sentence above the quote), after the first "
        "paragraph (“…,” said Jane Roe, CEO of X.) or inside it, after its first sentence",
    )
    lead_in: Line | None = Field(
        None, description="Sentence introducing the quote (attribution: before); a default is made from the speaker"
    )
    said: Line | None = Field(
        None,
        description="The words naming the speaker after or inside the quotation, e.g. said Jane Roe, CEO of "
        "Example Corp.; a default is made from the speaker",
    )


class AboutEntry(Strict):
    org: Slug = Field(description="The organization the section is about, by registry id")
    text: Text | None = Field(None, description="Markdown replacing the registry boilerplate in this release")
    append: Text | None = Field(None, description="Markdown added after the registry boilerplate")


class Section(Strict):
    """A section of its own after the about sections: forward-looking statements, 【参考資料】, a note to editors,
    or without a heading a closing note (※記載の会社名、製品名は各社の商標または登録商標です。)."""

    heading: Line | None = Field(None, description="The section's heading: Forward-Looking Statements, 参考資料, Notes to editors; none for a closing note")
    text: Text = Field(description="Markdown, printed in the small type of the about sections")


class Link(Strict):
    title: Line = Field(description="The link's text as printed")
    url: WebUrl = Field(description="An http:// or https:// address")


class Image(Strict):
    src: Annotated[str, StringConstraints(pattern=r"^[^:]+$", min_length=1)] = Field(
        description="Path relative to the spec file"
    )
    alt: Line = Field(description="What the picture shows, for readers who cannot see it")
    kind: Literal["logo", "photo"] = Field("photo", description="logo: printed in the masthead; photo: after the quotes, or where a {{ images[N] }} line of the body places it")
    caption: Line | None = Field(None, description="Printed under the photo")
    credit: Line | None = Field(None, description="Who took or owns the photo, printed after the caption")


@dataclass(frozen=True)
class References:
    """Registry entries a release uses, as ids and organization/id references."""

    orgs: frozenset[str]
    about: frozenset[str]
    boilerplate: frozenset[str]  # about sections whose text comes from the registry
    people: frozenset[str]
    contacts: frozenset[str]


class Suppression(Strict):
    """A check rule silenced for one field of this release, with the reason on record."""

    rule: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*$")] = Field(
        description="The rule's id as check messages name it, e.g. names.variant (pressgen check --rules lists them)"
    )
    field: Line = Field(description="Field path as in check messages, e.g. body or quotes[0].text")
    reason: Line = Field(description="Why the finding does not apply here, kept on record")


Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{16,4000}$")]
SshSignature = Annotated[
    str,
    StringConstraints(
        pattern=r"^-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]+\n-----END SSH SIGNATURE-----\n?$", max_length=20_000
    ),
]


class LinkEvidence(Strict):
    """An approval made on the page of an approval link: the link's token and the approval server's receipt."""

    token: Token = Field(description="The signed token of the link the approver opened")
    receipt: Token = Field(description="The server's signed record of the token's one use, with its time")


class Approval(Strict):
    """One issuer's sign-off: who, when, the content hash of the version they approved, and what proves it."""

    org: Slug = Field(description="The approving issuer, by registry id")
    person: Slug = Field(description="The approver, a person of that organization")
    date: dt.date = Field(description="The day of the approval")
    content: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="The first 12 hex digits of the content hash (pressgen approve writes it)"
    )
    signature: SshSignature | None = Field(None, description="The approver's SSH signature (ssh-keygen -Y sign -n pressgen-approval)")
    link: LinkEvidence | None = Field(None, description="Written by the approval page when the approver clicks Approve")

    @model_validator(mode="after")
    def _one_kind_of_evidence(self) -> Approval:
        if self.signature is not None and self.link is not None:
            raise ValueError("an approval carries a signature or a link, not both")
        return self


class Release(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"title": "pressgen release"})

    id: FileSlug = Field(description="The file name without .yaml, e.g. 2026-04-21-itri-mou; names the output folder")
    language: Language = Field(description="ja, en or zh-Hant: the labels, quotation marks, dates and fonts follow it")
    date: dt.date = Field(description="The release date, YYYY-MM-DD")
    status: Literal["draft", "review", "approved"] = Field("draft", description="draft and review print a draft mark; approved may go out once signed off")
    embargo: Embargo | None = Field(None, description="Not for publication before this moment: {date, time, timezone}")
    salutation: TextOrFalse | None = Field(None, description="Defaults to the house style's or the language's (報道関係者各位); false for none")
    dateline: Line | None = Field(
        None,
        description="The dateline's city (FUJISAWA, Japan), or a whole dateline as the wire service gives it: "
        "SAN FRANCISCO--(BUSINESS WIRE)--, NEW YORK, April 21, 2026 /PRNewswire/ --",
    )
    house_style: LabelStyle | None = Field(None, description="This release's own labels, date format and dateline form, over the house style")
    masthead_contacts: list[Ref] = Field(
        [], description="organization/contact printed at the top, as municipal releases print the officer in charge"
    )
    issuers: list[Slug] = Field(min_length=1, description="The issuing organizations by registry id; the first one's house style applies")
    kicker: Line | None = Field(None, description="A short line above the headline")
    headline: Line = Field(description="Plain text, one line")
    subheadline: Line | None = Field(None, description="A line under the headline, plain text")
    highlights: list[Line] = Field([], description="Bullet points under the headline, plain text")
    body: Text = Field(description="Markdown: paragraphs, lists, emphasis, links")
    quotes: list[Quote] = Field([], description="Quotations, after the body unless a {{ quotes[N] }} line of the body places one")
    about: list[Slug | AboutEntry] | None = Field(None, description="Defaults to the issuers, in order")
    contacts: list[Ref] = Field([], description="organization/contact in the registry")
    sections: list[Section] = Field(
        [], description="Sections after the about sections, {heading, text}: forward-looking statements, 参考資料"
    )
    links: list[Link] = Field([], description="Related links, {title, url}, after the about sections")
    images: list[Image] = Field([], description="Logos for the masthead and photos, PNG or JPEG under releases/")
    translation_of: Slug | None = Field(None, description="The id of the original release this one translates")
    suppress: list[Suppression] = Field([], description="Check rules silenced for a field, each with a reason")
    approvals: list[Approval] = Field([], description="Sign-offs by the issuers; written by pressgen approve")

    def references(self) -> References:
        """What the release takes from the registry: organizations it names, people, contacts, boilerplates."""
        about = self.about_entries()
        people = frozenset(q.speaker for q in self.quotes if isinstance(q.speaker, str))
        contacts = frozenset((*self.masthead_contacts, *self.contacts))
        named = {*self.issuers, *(e.org for e in about)} | {ref.partition("/")[0] for ref in people | contacts}
        return References(
            orgs=frozenset(named),
            about=frozenset(e.org for e in about),
            boilerplate=frozenset(e.org for e in about if e.text is None),
            people=people,
            contacts=contacts,
        )

    def about_entries(self) -> list[AboutEntry]:
        entries = self.about if self.about is not None else list(self.issuers)
        return [AboutEntry(org=e) if isinstance(e, str) else e for e in entries]
