"""One personal message: headers checked and encoded by the email package, the release as text and HTML, the PDF."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime

from markupsafe import Markup, escape

from ..errors import PressgenError, Problem
from ..render.labels import Catalogue, release_labels
from ..spec.loader import LoadedRelease
from ..spec.sources import cached_doc
from ..tokens import Tokens
from . import unsubscribe
from .addresses import line_break, parse_address
from .editions import Edition
from .medialist import Recipient
from .settings import SendSettings

# CRLF line ends, lines folded at 78, non-ASCII header text as RFC 2047 encoded words.
POLICY = policy.SMTP
# Boundaries that cannot occur in base64 text (no '_', and no line of it starts with '--').
_MIXED = b"=_pressgen_mixed"
_ALTERNATIVE = b"=_pressgen_alternative"
_BODY_TAG = "<body>"
_BODY_END = "</body>"


@dataclass(frozen=True)
class Letterhead:
    """Subject and sender of one language version, known before anything is rendered."""

    loaded: LoadedRelease
    labels: Catalogue
    subject: str
    sender: Address


@dataclass(frozen=True)
class Stationery:
    """What every message of one language version shares, serialized once: most of the bytes of each message."""

    letterhead: Letterhead
    edition: Edition
    shared_headers: bytes
    html_head: str  # the page up to and including <body>
    html_body: str  # the rest of the page up to </body>
    html_tail: str
    attachment: bytes | None
    tokens: Tokens  # the unsubscribe tokens each message carries


def letterhead(loaded: LoadedRelease, draft: bool) -> Letterhead:
    """Subject and From of a version, refusing any text that could break a header line, located at its source."""
    release, lang = loaded.release, loaded.release.language
    labels = release_labels(loaded)  # the house style's dates in the subject, as in the release
    catalogue = cached_doc(loaded.project.templates / "i18n" / f"{lang}.yaml")
    problems = _line_problems(loaded.doc.problem, ("headline",), release.headline)
    for key in ("mail_subject", "mail_subject_embargoed", "mail_draft"):
        problems += _line_problems(catalogue.problem, (key,), getattr(labels, key))
    contact = next((ref for ref in release.contacts if _contact(loaded, ref).email), None)
    if contact is None:
        problems.append(loaded.doc.problem(("contacts",), "no contact with an email address; From and Reply-To need one"))
    else:
        org_id = contact.partition("/")[0]
        name = loaded.org(org_id).names[lang].formal  # type: ignore[index]
        problems += _line_problems(loaded.registry.docs[org_id].problem, ("names", lang, "formal"), name)
    if problems:
        raise PressgenError(problems)
    if release.embargo:
        moment = labels.moment(release.embargo.moment())
        subject = labels.text("mail_subject_embargoed", headline=release.headline, datetime=moment)
    else:
        subject = labels.text("mail_subject", headline=release.headline)
    address = parse_address(_contact(loaded, contact).email or "")  # type: ignore[arg-type]
    local, _, domain = address.rpartition("@")
    sender = Address(display_name=name, username=local, domain=domain)
    return Letterhead(loaded, labels, labels.mail_draft + subject if draft else subject, sender)


def stationery(head: Letterhead, edition: Edition, tokens: Tokens) -> Stationery:
    """Serialize once what every message of this version shares: its headers, the page around the greeting, the PDF."""
    html = edition.html
    start = html.find(_BODY_TAG)
    end = html.rfind(_BODY_END)
    if start < 0 or end < start:
        raise PressgenError([Problem(str(head.loaded.project.templates / "release.html.j2"), 1, 1, "", "the page has no <body>…</body>")])
    start += len(_BODY_TAG)
    shared = [
        ("From", head.sender),
        ("Reply-To", head.sender),
        ("Content-Language", head.loaded.release.language),
        ("MIME-Version", "1.0"),
    ]
    attachment = None
    if edition.pdf is not None:
        part = MIMEPart(policy=POLICY)
        part.set_content(edition.pdf, "application", "pdf", disposition="attachment", filename=f"{edition.release_id}.pdf")
        attachment = part.as_bytes()
    headers = _header_block(shared) + _subject_line(head.subject)
    return Stationery(head, edition, headers, html[:start], html[start:end], html[end:], attachment, tokens)


def message_id(paper: Stationery, recipient: Recipient) -> str:
    """Stable per (content of the version, recipient): a re-send is recognisable as the same message."""
    digest = hashlib.sha256(f"{paper.edition.content_hash}\n{recipient.key}".encode()).hexdigest()[:32]
    return f"<{paper.edition.release_id}.{digest}@{paper.letterhead.sender.domain}>"


def compose(paper: Stationery, recipient: Recipient, settings: SendSettings, date: dt.datetime) -> bytes:
    """The whole message for one recipient, ready for SMTP DATA or an .eml file.

    The email package writes the headers; the parts shared by every recipient were serialized once,
    because its generator takes ~30 ms to write a 400 KB PDF attachment line by line, per message.
    """
    labels = paper.letterhead.labels
    token = unsubscribe.issue(paper.tokens, settings, recipient.email, paper.edition.release_id, date)
    link = unsubscribe.url(settings, token, recipient.email)
    mailto = unsubscribe.mailto(settings, token)
    targets = [f"<{link}>"] + ([f"<{mailto}>"] if mailto else [])
    local, _, domain = recipient.email.rpartition("@")
    headers = paper.shared_headers + _header_block(
        [
            ("To", Address(display_name=recipient.name, username=local, domain=domain)),
            ("Date", format_datetime(date)),
            ("Message-ID", message_id(paper, recipient)),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
    ) + _url_list_line("List-Unsubscribe", targets)
    greeting = labels.text("mail_greeting", name=recipient.name)
    text = f"{greeting}\n\n{paper.edition.text}\n-- \n{labels.text('mail_unsubscribe', link=link)}\n"
    anchor = Markup('<a href="%s">%s</a>') % (link, link)
    html = (
        f'{paper.html_head}\n<p class="pg-mail-greeting">{escape(greeting)}</p>{paper.html_body}'
        f'<p class="pg-mail-unsubscribe">{labels.fill("mail_unsubscribe", link=anchor)}</p>\n{paper.html_tail}'
    )
    body = _multipart(b"alternative", _ALTERNATIVE, [_text_part("plain", text), _text_part("html", html)])
    if paper.attachment is not None:
        body = _multipart(b"mixed", _MIXED, [body, paper.attachment])
    return headers + body


def _header_block(headers: list[tuple[str, object]]) -> bytes:
    """Header lines as the email package folds and encodes them; refuses a value that could end a line."""
    block = EmailMessage(policy=POLICY)
    for name, value in headers:
        bad = line_break(str(value))
        if bad:
            raise ValueError(f"{name} header contains {bad}")  # a bug: every input was checked before sending began
        block[name] = value
    return block.as_bytes().removesuffix(b"\r\n")  # the blank line that would end an empty message


def _url_list_line(name: str, targets: list[str]) -> bytes:
    """An RFC 2369 list of <URL>s as plain ASCII, folded only after its commas.

    The email package would fold a URL longer than its 78 columns by encoding it as RFC 2047 words,
    which mail providers do not decode in this header: they would offer no one-click unsubscribe.
    A URL is never cut; a line stays under SMTP's 998 characters because each token is short.
    """
    for target in targets:
        if not target.isascii() or line_break(target) or len(target) > 990:
            raise ValueError(f"{name} header cannot carry {target[:60]!r}")  # a bug: URLs are built from checked settings
    return f"{name}: ".encode() + ",\r\n ".join(targets).encode("ascii") + b"\r\n"


def _subject_line(subject: str) -> bytes:
    """The Subject as whole RFC 2047 encoded words when it is not ASCII, folded only between them.

    Python 3.11's policy folder leaves a space before a fold that precedes an encoded word, which
    readers show as a double space in a subject mixing English and other text ("Japan–Taiwan").
    """
    if line_break(subject):
        raise ValueError(f"Subject header contains {line_break(subject)}")  # a bug: the headline was checked
    encoded = Header(subject, "us-ascii" if subject.isascii() else "utf-8", header_name="Subject").encode(linesep="\r\n")
    return b"Subject: " + encoded.encode("ascii") + b"\r\n"


def _text_part(subtype: str, text: str) -> bytes:
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    return head.encode("ascii") + base64.encodebytes(text.encode("utf-8")).replace(b"\n", b"\r\n")


def _multipart(subtype: bytes, boundary: bytes, parts: list[bytes]) -> bytes:
    """A multipart entity (RFC 2046): its Content-Type header, then each part between boundary lines."""
    head = b'Content-Type: multipart/' + subtype + b'; boundary="' + boundary + b'"\r\n\r\n'
    body = b"".join(b"--" + boundary + b"\r\n" + part.removesuffix(b"\r\n") + b"\r\n" for part in parts)
    return head + body + b"--" + boundary + b"--\r\n"


def _contact(loaded: LoadedRelease, ref: str):  # type: ignore[no-untyped-def]
    org_id, _, contact_id = ref.partition("/")
    return loaded.org(org_id).contacts[contact_id]


def _line_problems(locate, loc: tuple[str | int, ...], value: str) -> list[Problem]:  # type: ignore[no-untyped-def]
    bad = line_break(value)
    return [locate(loc, f"contains {bad}; it would go into a mail header, where it could forge other headers")] if bad else []
