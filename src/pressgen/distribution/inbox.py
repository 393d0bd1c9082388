"""pressgen inbox: each message of the mailbox read once and classified: bounce, complaint, unsubscribe, or left alone.

- A bounce (RFC 3464 DSN, or the non-standard bounces real servers send, by Mailman's flufl.bounce)
  of an address this project mailed: a permanent failure suppresses it; a temporary one (Action:
  delayed, or a 4.x.x status) is counted, and suppresses once it came back for `soft_bounce_releases`
  releases.
- An ARF feedback report (RFC 5965) suppresses the complainant, found by the unsubscribe token in
  the reported message's headers, by its Message-ID in the ledger, or by an address it names that
  this project mailed.
- A mail to `unsubscribe_mailto` (or naming the token in its subject, as RFC 2369 clients send it):
  a genuine token unsubscribes the address it was signed for; without one, only a From that this
  project mailed and that the receiving server authenticated (DMARC pass in its own
  Authentication-Results) is unsubscribed. A From alone is never believed: anyone can write one.
- Everything else is left as it is (and never marked read).

Each message's events and the note that it was read are one transaction in the ledger file; the
suppression list and the delivery reports are brought up to the record at the end of every run, so a
run cut off anywhere loses nothing and running again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.errors
import email.header
import fcntl
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from pathlib import Path

from flufl.bounce import all_failures

from ..errors import PressgenError, Problem
from ..output import write_atomic
from ..spec.project import Project
from ..spec.yamlsource import display_path
from ..tokens import TokenError, Tokens
from . import unsubscribe
from .feedback import Event, FeedbackRecord
from .mailboxes import MAX_MESSAGE, Item, Mailbox, MailboxGone
from .medialist import add_to_suppression, load_suppression, safe_cell
from .settings import SendSettings, load_settings, suppression_path

_BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailer|mdaemon|bounce[s]?|mail-delivery-subsystem)@", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status|failure|has failed|incomplete|delayed)|returned mail|mail delivery failed|failure notice"
    r"|could not be delivered|delivery notification|non.?delivery|配信不能|配信エラー|送信エラー",
    re.I,
)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_LINE = re.compile(r"\b[45]\d\d[ -]|\b[45]\.\d{1,3}\.\d{1,3}\b")
_MESSAGE_ID = re.compile(rb"^(?:message-id|original-message-id|x-original-message-id):\s*(<[^>\s]{3,250}>)", re.I | re.M)
_UNSUBSCRIBE_WORDS = re.compile(r"^\s*(unsubscribe|remove|stop|配信停止|登録解除|購読解除)\b", re.I)
_FIELD = re.compile(r"^[A-Za-z][A-Za-z-]*:\s")  # a header line quoted in a report's text
_RECIPIENT_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to")


@dataclass(frozen=True)
class Verdict:
    outcome: str  # bounced, deferred, complained, unsubscribed, refused, unreadable, gone, left
    events: tuple[Event, ...] = ()
    note: str = ""  # why a message was left for a person to look at

    @property
    def final(self) -> bool:
        """Whether a later run has nothing more to learn from the message (a refused one is looked at again)."""
        return self.outcome not in ("refused", "unreadable", "gone")


@dataclass
class InboxRun:
    """What one run of `pressgen inbox` did."""

    mailbox: str
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[Problem] = field(default_factory=list)
    recorded: int = 0  # new rows in the feedback record
    ledger: Path | None = None
    added: list[str] = field(default_factory=list)  # addresses added to the suppression list
    suppression: Path | None = None
    reports: dict[Path, Counter[str]] = field(default_factory=dict)  # delivery reports brought up to date: their feedback
    stopped: str | None = None


@dataclass(frozen=True)
class Context:
    record: FeedbackRecord
    tokens: Tokens
    settings: SendSettings
    now: dt.datetime


def read_mailbox(project: Project, box: Mailbox, progress: Callable[[], None] = lambda: None) -> InboxRun:
    """Classify every message of `box` not read before, record what it says, then update the list and the reports."""
    settings = load_settings(project)
    tokens = unsubscribe.unsubscribe_tokens()
    load_suppression(*suppression_path(project, settings))  # a configured list that is missing or bad stops the run first
    ledger = project.root / settings.ledger
    run = InboxRun(box.name, ledger=ledger)
    with _one_run(ledger), FeedbackRecord(ledger) as record:
        context = Context(record, tokens, settings, dt.datetime.now(dt.timezone.utc))
        seen = record.seen_places(box.prefix)
        try:
            for item in box.items():
                progress()
                if item.place in seen:
                    run.counts["read before"] += 1
                    continue
                verdict = _verdict(item, context)
                run.counts[verdict.outcome] += 1
                if verdict.note:
                    run.notes.append(Problem(item.label, 1, 1, "", verdict.note))
                if verdict.events or verdict.final:
                    run.recorded += record.record(verdict.events, item.place if verdict.final else None, verdict.outcome)
        except MailboxGone as exc:
            run.stopped = str(exc)
        _bring_up_to_date(project, settings, record, run)
    return run


def _verdict(item: Item, context: Context) -> Verdict:
    if item.size > MAX_MESSAGE:
        return Verdict("unreadable", note=f"{item.size:,} bytes, more than the {MAX_MESSAGE:,} a bounce, complaint or request can be; left in the mailbox, unread")
    raw = item.read()
    if len(raw) > MAX_MESSAGE:
        return Verdict("unreadable", note=f"more than {MAX_MESSAGE:,} bytes, which no bounce, complaint or request is; left in the mailbox, unread")
    if not raw:
        return Verdict("gone")  # removed by another mail program while this run read the folder
    return classify(raw, context)


def classify(raw: bytes, context: Context) -> Verdict:
    """What one message says, and the events it yields (nothing is recorded here)."""
    message = email.message_from_bytes(raw, policy=policy.compat32)
    source = _header(message, "message-id").strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    reported = _date(message, context.now)
    content_type = message.get_content_type()
    report_type = (message.get_param("report-type") or "").lower() if content_type == "multipart/report" else ""
    if report_type == "feedback-report":
        return _complaint(message, raw, source, reported, context)
    if report_type == "delivery-status" or _looks_like_bounce(message):
        return _bounce(message, raw, source, reported, context, dsn=report_type == "delivery-status")
    if _is_unsubscribe(message, context):
        return _unsubscribe(message, source, reported, context)
    return Verdict("left")


# ── bounces ──


def _looks_like_bounce(message: Message) -> bool:
    sender = parseaddr(_header(message, "from"))[1]
    # RFC 3834 has auto-replies (out of office, challenge-response) come from the null sender too:
    # for them the null Return-Path says nothing of a failure.
    auto_reply = _header(message, "auto-submitted").strip().lower().startswith("auto-replied")
    return bool(
        _BOUNCE_SENDERS.match(sender)
        or (_header(message, "return-path").strip() == "<>" and not auto_reply)
        or message.get("x-failed-recipients")
        or (_header(message, "auto-submitted").lower().startswith("auto-") and _BOUNCE_SUBJECT.search(_header(message, "subject")))
        or (_BOUNCE_SUBJECT.search(_header(message, "subject")) and _BOUNCE_SENDERS.match(parseaddr(_header(message, "sender"))[1] or sender))
    )


def _bounce(message: Message, raw: bytes, source: str, reported: str, context: Context, dsn: bool) -> Verdict:
    blocks = _status_blocks(message)
    if dsn and not blocks:
        return Verdict("unreadable", note="a delivery status notification (RFC 3464) with no readable per-recipient block"
                       " (Final-Recipient, Action, Status): left in the mailbox")
    try:
        temporary, permanent = all_failures(message)
    except Exception as exc:  # noqa: BLE001 - heuristics of many detectors over mail from anywhere
        return Verdict("unreadable", note=f"the bounce detectors cannot read it ({type(exc).__name__}: {exc}); left in the mailbox")
    failures = {a.decode("ascii").casefold(): "deferred" for a in temporary}
    failures.update({a.decode("ascii").casefold(): "bounced" for a in permanent})
    if not failures:
        if dsn:
            return Verdict("left")  # a DSN of success (Action: delivered, relayed, expanded)
        return Verdict("left", note="looks like a bounce but names no failed address the detectors recognise: left in the mailbox")
    sent = context.record.sent_message(_message_ids(message, raw, source))
    events = []
    strangers = []
    for address, kind in sorted(failures.items()):
        if not context.record.mailed(address):
            strangers.append(address)
            continue
        action, status, diagnostic = blocks.get(address, ("", "", ""))
        if kind == "bounced" and status.startswith("4"):
            kind = "deferred"  # given up after retrying, but the failure itself was temporary (mailbox full, host down)
        reason = "; ".join(p for p in (status, diagnostic) if p) or _reason_in_text(message, address) or _header(message, "subject")
        release_id = sent[0] if sent and sent[1] == address else context.record.latest_release(address, reported)
        events.append(Event(source, address, kind, release_id, f"{'permanent' if kind == 'bounced' else 'temporary'} failure: {reason}"[:500], reported))
    if not events:
        return Verdict("left", note=f"a bounce for {', '.join(strangers)}, which this project never mailed: left in the mailbox")
    return Verdict("bounced" if any(e.kind == "bounced" for e in events) else "deferred", tuple(events))


def _status_blocks(message: Message) -> dict[str, tuple[str, str, str]]:
    """Recipient → (Action, Status, Diagnostic-Code) of each per-recipient block of the DSN's delivery-status parts."""
    found = {}
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status" or not part.is_multipart():
            continue
        for block in part.get_payload():
            if not isinstance(block, Message):
                continue
            recipient = _typed_address(block.get("original-recipient", "")) or _typed_address(block.get("final-recipient", ""))
            action = " ".join(str(block.get("action", "")).split()).lower()
            if recipient and action:
                status = _STATUS.search(str(block.get("status", "")))
                diagnostic = " ".join(str(block.get("diagnostic-code", "")).split())
                found[recipient] = (action, status[0] if status else "", diagnostic[:300])
    return found


def _typed_address(value: str) -> str:
    """The address of an RFC 3464 `rfc822; someone@example.com` field."""
    kind, _, address = str(value).partition(";")
    address = address.strip().strip("<>") if address else kind.strip().strip("<>")
    return address.casefold() if "@" in address else ""


def _reason_in_text(message: Message, address: str) -> str:
    """What a bounce without a DSN says of the failure: its first line with an SMTP reply or status code, else the
    line after the one that names the address (Exchange: `jane@example.com on <date>`, then the reason)."""
    lines = [line.strip() for part in message.walk() if part.get_content_type() == "text/plain" for line in _text(part).splitlines()]
    for line in lines:
        if _SMTP_LINE.search(line):
            return " ".join(line.split())[:300]
    for number, line in enumerate(lines[:-1]):
        after = lines[number + 1]
        if address in line.casefold() and not _FIELD.match(line) and after and not _FIELD.match(after) and address not in after.casefold():
            return " ".join(after.split())[:300]
    return ""


def _message_ids(message: Message, raw: bytes, own: str) -> list[str]:
    """The Message-IDs a report quotes (of the message that bounced or was reported), its own left out."""
    ids = [m.decode("ascii", "replace") for m in _MESSAGE_ID.findall(raw[:2_000_000])]
    for name in ("in-reply-to", "references"):
        ids += re.findall(r"<[^>\s]+>", _header(message, name))
    return [i for i in dict.fromkeys(ids) if i != own]


# ── complaints ──


def _complaint(message: Message, raw: bytes, source: str, reported: str, context: Context) -> Verdict:
    fields = next((p.get_payload()[0] for p in message.walk() if p.get_content_type() == "message/feedback-report"
                   and isinstance(p.get_payload(), list) and p.get_payload()), None)
    if fields is None:
        return Verdict("unreadable", note="an ARF report (RFC 5965) without its message/feedback-report part: left in the mailbox")
    kind = str(fields.get("feedback-type", "")).strip().lower()
    if kind == "not-spam":
        return Verdict("left")
    original = _reported_message(message)
    address, release_id = _complainant(fields, original, raw, source, context)
    if address is None:
        return Verdict("left", note=f"an ARF report ({kind or 'no Feedback-Type'}) about no message this project can tell it sent: left in the mailbox")
    agent = " ".join(str(fields.get("user-agent", "") or parseaddr(_header(message, "from"))[1]).split())
    arrival = _date_value(str(fields.get("arrival-date", ""))) or reported
    reason = f"spam complaint (ARF, Feedback-Type: {kind or 'abuse'}) from {agent}"[:300]
    return Verdict("complained", (Event(source, address, "complained", release_id, reason, arrival),))


def _reported_message(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() == "message/rfc822" and isinstance(part.get_payload(), list):
            return part.get_payload()[0]
        if part.get_content_type() == "text/rfc822-headers":
            return email.message_from_string(_text(part), policy=policy.compat32)
    return None


def _complainant(fields: Message, original: Message | None, raw: bytes, source: str, context: Context) -> tuple[str | None, str]:
    """Who complained: the token of the reported message, its Message-ID in the ledger, or an address it names that was mailed."""
    if original is not None:
        for candidate in re.findall(r"/unsubscribe/([A-Za-z0-9_.-]{20,})", _header(original, "list-unsubscribe")):
            try:
                claims = context.tokens.read_signed(candidate)  # a complaint may come after the link expired
                return str(claims["e"]), str(claims["r"])
            except (TokenError, KeyError):
                continue
    ids = ([_header(original, "message-id").strip()] if original is not None else []) + _message_ids(fields, raw, source)
    sent = context.record.sent_message(i for i in ids if i)
    if sent:
        return sent[1], sent[0]
    named = [a for _, a in getaddresses([str(fields.get("original-rcpt-to", ""))] + ([_header(original, "to")] if original is not None else []))]
    for address in (a.casefold() for a in named if "@" in a):
        if context.record.mailed(address):
            return address, context.record.latest_release(address, context.now.isoformat())
    return None, ""


# ── unsubscribes by mail ──


def _is_unsubscribe(message: Message, context: Context) -> bool:
    mailto = (context.settings.unsubscribe_mailto or "").casefold()
    recipients = {a.casefold() for _, a in getaddresses([_header(message, n) for n in _RECIPIENT_HEADERS])}
    if mailto and mailto in recipients:
        return True
    subject = _header(message, "subject")
    return bool(_UNSUBSCRIBE_WORDS.match(subject) and unsubscribe.find(context.tokens, [subject], context.now)[0])


def _unsubscribe(message: Message, source: str, reported: str, context: Context) -> Verdict:
    subject = _header(message, "subject")
    texts = [subject] + [_text(p) for p in message.walk() if p.get_content_type() == "text/plain"][:2]
    named, failure = unsubscribe.find(context.tokens, texts, context.now)
    if named is not None:
        reason = "unsubscribe by mail, with the token of the message it answers"
        return Verdict("unsubscribed", (Event(source, named.address, "unsubscribed", named.release_id, reason, reported),))
    sender = parseaddr(_header(message, "from"))[1].casefold()
    authenticated = _dmarc_pass(message, sender, context.settings.trusted_authserv_id)
    if sender and authenticated and context.record.mailed(sender):
        reason = f"unsubscribe by mail from the address itself (DMARC pass by {context.settings.trusted_authserv_id})"
        release_id = context.record.latest_release(sender, reported)
        return Verdict("unsubscribed", (Event(source, sender, "unsubscribed", release_id, reason, reported),))
    if failure is not None and failure.reason != "malformed":
        why = f"its token {failure.detail}"
    elif not context.record.mailed(sender):
        why = f"it carries no token of pressgen's, and its From {sender or '(none)'} is no address this project mailed"
    elif not context.settings.trusted_authserv_id:
        why = (f"it carries no token of pressgen's, and nothing vouches for its From {sender} (set trusted_authserv_id to"
               " your receiving server's Authentication-Results id to honour requests whose From passes DMARC)")
    else:
        why = f"it carries no token of pressgen's, and {context.settings.trusted_authserv_id} did not find DMARC passing for its From {sender}"
    return Verdict("refused", note=f"an unsubscribe request not honoured: {why}; a From can be forged by anyone. Left in the mailbox")


def _dmarc_pass(message: Message, sender: str, authserv_id: str | None) -> bool:
    """Whether the topmost Authentication-Results of our own server (RFC 8601) shows DMARC passing for the From's domain.

    Only the first header with our server's id counts: our server adds it on top, and removes any such header a
    sender wrote (RFC 8601 section 5); those further down came from elsewhere.
    """
    if not authserv_id or "@" not in sender:
        return False
    domain = sender.rpartition("@")[2]
    for value in message.get_all("authentication-results", []):
        text = " ".join(str(value).split())
        if text.split(";", 1)[0].strip().split()[0:1] != [authserv_id]:
            continue
        for result in text.split(";")[1:]:
            words = result.strip().lower()
            if words.startswith("dmarc=pass") and re.search(rf"header\.from={re.escape(domain.lower())}\b", words):
                return True
        return False
    return False


# ── after the messages: the suppression list and the delivery reports ──


def _bring_up_to_date(project: Project, settings: SendSettings, record: FeedbackRecord, run: InboxRun) -> None:
    suppressed = record.suppressed(settings.soft_bounce_releases)
    path, required = suppression_path(project, settings)
    rows = [{"email": a, "reason": f"{s.kind}: {s.reason}", "date": s.event.reported[:10], "source": s.event.source}
            for a, s in sorted(suppressed.items(), key=lambda item: (item[1].event.reported, item[0]))]
    run.added = add_to_suppression(path, required, rows)
    run.suppression = path
    marks: dict[tuple[str, str], str] = {}  # (release id, address) → what came back, as the report's feedback column shows it
    for event in record.events(record.release_ids()):
        if event.kind != "deferred" or event.address in suppressed:
            shown = "bounced" if event.kind == "deferred" else event.kind  # temporary failures that now suppress
            marks.setdefault((event.release_id, event.address), f"{shown} {event.reported[:10]}: {event.reason}")
    for report in sorted(project.out.glob("*/delivery.csv")) if marks else []:
        found = _mark_report(report, marks)
        if found is not None:
            run.reports[report] = found


def _mark_report(path: Path, marks: dict[tuple[str, str], str]) -> Counter[str] | None:
    """Fill the feedback column of a delivery report's rows (by release and address); what its rows now show, if
    anything changed."""
    text = path.read_bytes().decode("utf-8-sig", "replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not {"email", "release"} <= set(rows[0]):
        return None
    heading = rows[0] + ([] if "feedback" in rows[0] else ["feedback"])
    email_at, release_at, feedback_at = heading.index("email"), heading.index("release"), heading.index("feedback")
    changed = False
    shown: Counter[str] = Counter()
    for row in rows[1:]:
        row += [""] * (len(heading) - len(row))
        mark = marks.get((row[release_at], row[email_at].casefold()))
        if mark and not row[feedback_at]:
            row[feedback_at] = safe_cell(mark)
            changed = True
        if mark:
            shown[mark.split(" ", 1)[0]] += 1
    if not changed:
        return None
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([heading, *rows[1:]])
    write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    return shown


class _one_run:
    """One `pressgen inbox` per ledger at a time (a lock file beside it); a second is refused, not queued."""

    def __init__(self, ledger: Path):
        self.path = ledger.with_name(ledger.name + ".inbox.lock")

    def __enter__(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a")
        except OSError as exc:
            raise PressgenError([Problem(display_path(self.path), 1, 1, "", f"cannot lock: {exc.strerror or exc}")]) from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise PressgenError([Problem(display_path(self.path), 1, 1, "", "another pressgen inbox is reading into this ledger; wait for it")]) from None

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


# ── reading headers and text ──


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(str(value))))
    except (UnicodeError, LookupError, email.errors.HeaderParseError):
        return str(value)


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload()) if not part.is_multipart() else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def _date(message: Message, default: dt.datetime) -> str:
    return _date_value(_header(message, "date")) or default.isoformat(timespec="seconds")


def _date_value(value: str) -> str:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
