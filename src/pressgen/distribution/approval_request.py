"""pressgen approve request: mail an issuer's approver, at the registry's address, a personal approval link.

The message carries the release as HTML and PDF, the redline since the version that organization last
approved, and a link with a signed, expiring, single-use token bound to the release id, its content
hash, the organization and the person; the request is recorded for `pressgen approve status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import PressgenError, Problem
from ..render.labels import load_catalogue
from ..render.page import render_page
from ..review.approval_labels import load_approval_labels
from ..review.approval_log import ApprovalLog, Sent
from ..review.approval_settings import TABLE, approve_settings_doc, load_approve_settings, store_path
from ..review.diff import redline_since_version
from ..review.evidence import REQUEST, link_tokens, proof, request_claims
from ..review.signoff import approver_problem
from ..review.versions import record_version
from ..spec.content import short_hash
from ..spec.loader import LoadedRelease, load_release
from ..spec.model import localize
from ..tokens import expiry
from ..writers import WRITERS
from ..writers.pdf.pool import start_pdf_workers
from .addresses import parse_address
from .message import POLICY, letterhead
from .plaintext import page_text
from .settings import load_settings, smtp_credentials, smtp_server
from .smtp import Mailer, NotDelivered, Unconfirmed, Unreachable


@dataclass(frozen=True)
class RequestSent:
    sent: Sent
    link: str
    redline: str  # what the mail says about the redline


def request_approval(spec: Path, org: str, person: str | None = None, smtp: str | None = None) -> RequestSent:
    """Mail ORG's approver (the registry's first approver, or PERSON among them) an approval link; record it."""
    start_pdf_workers()
    loaded = load_release(spec)
    project, doc = loaded.project, loaded.doc
    settings = load_approve_settings(project)
    problems: list[Problem] = []
    if settings.link_base is None:
        message = "no address for approval links: set link_base to where `pressgen webapp` serves the approval pages"
        problems.append(approve_settings_doc(project).problem(TABLE, message))
    if org not in loaded.release.issuers:
        raise PressgenError([doc.problem(("issuers",), f"'{org}' is not an issuer of this release ({', '.join(loaded.release.issuers)})")])
    organization, registry_doc = loaded.org(org), loaded.registry.docs[org]
    chosen = person or (organization.approvers[0] if organization.approvers else None)
    if chosen is None:
        raise PressgenError([registry_doc.problem(("id",), f"'{org}' names no approvers: add `approvers: [PERSON]`, or give --person")])
    wrong = approver_problem(loaded, org, chosen)
    if wrong:
        raise PressgenError([wrong])
    approver = organization.people[chosen]
    if approver.email is None:
        problems.append(registry_doc.problem(("people", chosen), f"'{chosen}' has no email: approval requests go to the registry's address"))
    current = next((a for a in loaded.release.approvals if a.org == org and a.content == short_hash(loaded)), None)
    if current is not None and proof(loaded, current, settings.trust_unsigned).missing is None:
        message = f"{org}/{current.person} already approved this version ({current.content}) on {current.date}"
        problems.append(doc.problem(("approvals", loaded.release.approvals.index(current)), message))
    if problems:
        raise PressgenError(problems)
    send_settings = load_settings(project)
    server = smtp_server(project, send_settings, smtp)
    credentials = smtp_credentials(project, send_settings, server)
    now = dt.datetime.now(dt.timezone.utc)
    token = link_tokens(REQUEST).issue(request_claims(loaded, org, chosen), dt.timedelta(days=settings.link_days), now)
    claims = link_tokens(REQUEST).read(token, now)
    link = f"{settings.link_base}approve/{token}"
    email = parse_address(approver.email or "")
    redline, note = _redline(loaded, org, spec)
    message = _compose(loaded, org, chosen, email, link, expiry(claims), redline, note, now)
    mailer = Mailer(server, credentials)
    try:
        reply = mailer.send(message["From"].addresses[0].addr_spec, email, message.as_bytes(policy=POLICY))
    except (Unreachable, NotDelivered, Unconfirmed) as exc:
        raise PressgenError([Problem(str(server), 1, 1, "", f"the approval request was not sent: {exc}")]) from None
    finally:
        mailer.close()
    if not reply.accepted:
        raise PressgenError([Problem(str(server), 1, 1, "", f"the server refused the approval request to {email}: {reply}")])
    sent = Sent(claims["n"], loaded.release.id, short_hash(loaded), org, chosen, email, now, expiry(claims))
    log = ApprovalLog(store_path(project, settings))
    try:
        log.record_request(sent)
        record_version(loaded, log)  # the version mailed: its redline and a returned DOCX of it need no git
    finally:
        log.close()
    return RequestSent(sent, link, note)


def _redline(loaded: LoadedRelease, org: str, spec: Path) -> tuple[str | None, str]:
    """The redline HTML since ORG's last approved version (from git), and the sentence the mail says about it."""
    labels = load_approval_labels(loaded.project, loaded.release.language)
    name = loaded.org(org).names[loaded.release.language].formal  # type: ignore[index]
    previous = next((a for a in loaded.release.approvals if a.org == org), None)
    if previous is None:
        return None, labels.text("mail_first", organization=name)
    found = redline_since_version(spec, previous.content)
    if found is None:
        return None, labels.text("mail_no_redline", organization=name, version=previous.content)
    return found[1], labels.text("mail_redline", organization=name, version=previous.content)


def _compose(
    loaded: LoadedRelease, org: str, person: str, email: str, link: str, expires: dt.datetime, redline: str | None,
    note: str, now: dt.datetime,
) -> EmailMessage:
    release, lang = loaded.release, loaded.release.language
    labels = load_approval_labels(loaded.project, lang)
    catalogue = load_catalogue(loaded.project, lang)
    head = letterhead(loaded, draft=False)
    approver = loaded.org(org).people[person]
    name = localize(approver.name, lang) or person
    organization = loaded.org(org).names[lang].formal  # type: ignore[index]
    version = short_hash(loaded)
    page = render_page(loaded)
    pdf = WRITERS["pdf"].start(page)()
    paragraphs = [
        labels.text("mail_intro", sender=head.sender.display_name, organization=organization, version=version),
        labels.text("mail_link", link=link),
        labels.text("mail_expiry", date=catalogue.moment(expires)),
        note,
        labels.mail_attachments,
    ]
    greeting = labels.text("mail_greeting", name=name)
    text = "\n\n".join([greeting, *paragraphs]) + "\n\n" + "-" * 40 + "\n\n" + page_text(page.html, "・" if lang != "en" else "- ")
    anchor = Markup('<a href="%s">%s</a>') % (link, labels.page_title.format(headline=release.headline))
    intro = [escape(greeting), *(escape(p) for p in paragraphs)]
    intro[2] = labels.fill("mail_link", link=anchor)
    body = page.html.find("<body>") + len("<body>")
    block = '<div class="pg-approval-request">' + "".join(f"<p>{p}</p>" for p in intro) + "<hr></div>"
    html = page.html[:body] + block + page.html[body:]
    message = EmailMessage(policy=POLICY)
    message["From"] = head.sender
    message["To"] = Address(display_name=name, addr_spec=email)
    message["Subject"] = labels.text("mail_subject", headline=release.headline)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("approval", head.sender.domain)
    message["Content-Language"] = lang
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{release.id}.pdf")
    if redline is not None:
        message.add_attachment(redline, subtype="html", filename=f"{release.id}.redline.html")
    return message
