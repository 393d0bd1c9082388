"""Sending a release to a media list: everything checked and rendered first, then .eml files or SMTP via the ledger."""

from __future__ import annotations

import datetime as dt
import heapq
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import PressgenError, Problem
from ..review.gate import final_problems
from ..spec.loader import LoadedRelease, load_release
from ..spec.project import Project, find_project
from ..spec.sources import cached_doc
from ..spec.yamlsource import display_path
from ..tokens import Tokens
from ..writers.pdf.pool import start_pdf_workers
from .editions import family, language_versions, original, start_edition
from .feedback import Event, FeedbackRecord, Suppression
from .ledger import Entry, HandoverLog, Key, Ledger, LedgerLost, exclusive, in_use
from .medialist import MediaList, Recipient, load_media_lists, load_suppression
from .message import Stationery, compose, letterhead, message_id, stationery
from .settings import SendSettings, load_settings, smtp_credentials, smtp_server, suppression_path
from .smtp import Credentials, Mailer, NotDelivered, Refused, Server, Unconfirmed, Unreachable
from .unsubscribe import unsubscribe_tokens


@dataclass(frozen=True)
class Request:
    """What `pressgen send` was asked to do."""

    release: Path
    media_lists: tuple[Path, ...]  # one or more lists; a journalist on several gets one message
    tags: tuple[str, ...] = ()
    encoding: str | None = None
    dry_run: bool = False
    smtp: str | None = None
    attach_pdf: bool = True
    resend_unknown: bool = False


@dataclass(frozen=True)
class Letter:
    recipient: Recipient
    paper: Stationery

    @property
    def key(self) -> Key:
        return Key(self.paper.edition.release_id, self.paper.edition.content_hash, self.recipient.key)


@dataclass(frozen=True)
class Skipped:
    """A journalist of the list who is not mailed, and why."""

    recipient: Recipient
    kind: str  # bounced, complained, unsubscribed (fed back), or listed (in the suppression list by hand)
    reason: str


@dataclass(frozen=True)
class Mailing:
    """A send that passed every check: a letter per recipient, each language version rendered once."""

    loaded: LoadedRelease
    settings: SendSettings
    letters: list[Letter]
    suppressed: list[Skipped]
    merged: list[Problem]
    transport: tuple[Server, Credentials | None] | None  # None for a dry run

    @property
    def folder(self) -> Path:
        """The release's output folder: the delivery report and the handover log."""
        return self.loaded.project.out / self.loaded.release.id


@dataclass(frozen=True)
class Outcome:
    """Where every letter stands in the ledger after a run, and why the run ended early if it did."""

    entries: dict[Key, Entry]
    stopped: str | None = None
    lost: bool = False  # the ledger could no longer record: a later run must recover it first


def prepare(request: Request) -> Mailing:
    """Check the release, its versions, the settings and the list; render each version used once.

    Every problem is reported together, before anything is sent or written.
    """
    if request.attach_pdf:
        start_pdf_workers()  # WeasyPrint loads in the worker while the specs and the list are read here
    loaded, settings, media, suppressed, tokens, transport = _inputs(request)
    chosen = [r for r in media.recipients if r.has_tag(request.tags)]
    if not chosen:
        wanted = f" with tag {' or '.join(request.tags)}" if request.tags else ""
        where = "this list" if len(request.media_lists) == 1 else "any of these lists"
        raise PressgenError([Problem(display_path(path), 1, 1, "", f"no recipients{wanted} in {where}") for path in request.media_lists])
    versions = language_versions(loaded)
    fallback = original(versions)
    receiving = [r for r in chosen if r.key not in suppressed]
    version_of = {r.key: versions.get(r.language, fallback) for r in receiving}
    used = {v.release.id: v for v in version_of.values()}
    problems: list[Problem] = []
    heads = {}
    for version_id, version in used.items():
        if not request.dry_run:
            problems += final_problems(version)  # the sign-off gate; a dry run previews any release
        try:
            heads[version_id] = letterhead(version, draft=version.release.status != "approved")
        except PressgenError as exc:
            problems += exc.problems
    if problems:
        raise PressgenError(problems)
    # Every version's PDF is under way before the first is waited for.
    editions = {i: start_edition(v, request.attach_pdf) for i, v in used.items()}
    papers = {i: stationery(heads[i], edition(), tokens) for i, edition in editions.items()}
    letters = [Letter(r, papers[version_of[r.key].release.id]) for r in receiving]
    blocked = [Skipped(r, *suppressed[r.key]) for r in chosen if r.key in suppressed]
    return Mailing(loaded, settings, letters, blocked, media.merged, transport)


def _suppressed(project: Project, settings: SendSettings) -> dict[str, tuple[str, str]]:
    """Address → (kind, reason): what feedback suppressed (recorded in the ledger), then the list's own rows."""
    listed = load_suppression(*suppression_path(project, settings))
    with FeedbackRecord(project.root / settings.ledger, create=False) as record:
        found = {a: (s.kind, s.reason) for a, s in record.suppressed(settings.soft_bounce_releases).items()}
    for address in listed:
        found.setdefault(address, ("listed", "in the suppression list"))
    return found


def _inputs(
    request: Request,
) -> tuple[LoadedRelease, SendSettings, MediaList, dict[str, tuple[str, str]], Tokens, tuple[Server, Credentials | None] | None]:
    """The release, the settings, the list, the suppressed addresses and (to send) the server: all problems at once."""
    problems: list[Problem] = []

    def attempt(step: Callable[[], object]) -> object:
        try:
            return step()
        except PressgenError as exc:
            problems.extend(exc.problems)
            return None

    loaded = attempt(lambda: load_release(request.release))
    project = loaded.project if isinstance(loaded, LoadedRelease) else find_project(request.release.parent)
    settings = attempt(lambda: load_settings(project))
    media = attempt(lambda: load_media_lists(request.media_lists, request.encoding))
    suppressed = attempt(lambda: _suppressed(project, settings)) if settings else None
    tokens = attempt(unsubscribe_tokens)
    transport = None
    if settings and not request.dry_run:
        server = attempt(lambda: smtp_server(project, settings, request.smtp))
        credentials = attempt(lambda: smtp_credentials(project, settings, server)) if server else None
        transport = (server, credentials)
    if problems:
        raise PressgenError(problems)
    return loaded, settings, media, suppressed, tokens, transport  # type: ignore[return-value]


def write_outbox(mailing: Mailing, outbox: Path, date: dt.datetime) -> list[Path]:
    """A dry run: one .eml per letter in `outbox`, which is replaced whole, or left as it was on failure."""
    if outbox.exists() and (not outbox.is_dir() or any(p.suffix != ".eml" for p in outbox.iterdir())):
        message = "is not a folder of .eml files from an earlier dry run; choose a new or empty folder"
        raise PressgenError([Problem(display_path(outbox), 1, 1, "", message)])
    outbox.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outbox.name}.", dir=outbox.parent))
    try:
        names = []
        for number, letter in enumerate(mailing.letters, 1):
            name = f"{number:04d}-{re.sub(r'[^A-Za-z0-9@._+-]', '_', letter.recipient.email)}.eml"
            (staging / name).write_bytes(compose(letter.paper, letter.recipient, mailing.settings, date))
            names.append(name)
        if outbox.exists():
            shutil.rmtree(outbox)
        staging.rename(outbox)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [outbox / name for name in names]


def deliver(
    mailing: Mailing,
    resend_unknown: bool = False,
    start_at: dt.datetime | None = None,
    progress: Callable[[int], None] = lambda settled: None,
    recover_ledger: bool = False,
) -> Outcome:
    """Send every letter the ledger does not have as sent (or as unknown), pacing, retrying and recording each.

    The ledger and the handover log must agree first: a ledger that knows less than the log (removed,
    replaced, restored from an older copy) is refused, or with `recover_ledger` brought up to the log.
    """
    assert mailing.transport is not None
    settings = mailing.settings
    path = mailing.loaded.project.root / settings.ledger
    log = HandoverLog(mailing.folder / "delivery.log")
    release_ids = {letter.key.release_id for letter in mailing.letters}
    logged = log.records(release_ids)
    handed = sum(entry.state != "pending" for entry in logged.values())
    if handed and not recover_ledger and not path.exists():
        message = f"the ledger is missing, but {display_path(log.path)} records {handed} message(s) handed over to the server"
        raise PressgenError([Problem(display_path(path), 1, 1, "", f"{message}; {_RECOVER}")])
    try:
        with exclusive(path, log) as ledger:
            ledger.entries(release_ids)
            lost, settled = ledger.behind(logged)
            if lost and not recover_ledger:
                message = (
                    f"the ledger does not record {len(lost)} message(s) that {display_path(log.path)} records as handed over"
                    " to the server (was it removed, replaced or restored from an older copy?); nothing was sent"
                )
                raise PressgenError([Problem(display_path(path), 1, 1, "", f"{message}; {_RECOVER}")])
            # The ledger kept 'sending' and the log the outcome (the ledger's disk was full, say): the log's word stands.
            ledger.restore([*lost, *settled])
            ledger.plan((letter.key, letter.recipient.language, message_id(letter.paper, letter.recipient)) for letter in mailing.letters)
            ledger.entries(release_ids)
            due = [letter for letter in mailing.letters if _due(ledger.rows[letter.key], resend_unknown)]
            progress(len(mailing.letters) - len(due))
            stopped, gone = None, False
            try:
                if due:
                    if start_at is not None:
                        time.sleep(max(0.0, (start_at - dt.datetime.now(dt.timezone.utc)).total_seconds()))
                    mailer = Mailer(*mailing.transport)
                    try:
                        stopped = _send_all(due, ledger, mailer, settings, progress)
                    except KeyboardInterrupt:
                        stopped = "interrupted"
                    finally:
                        mailer.close()
                ledger.verify()  # a ledger lost during the last message is found here
            except LedgerLost as exc:
                stopped, gone = "; ".join(p.message for p in exc.problems), True
            rows = ledger.rows
    finally:
        log.close()
    return Outcome({letter.key: rows[letter.key] for letter in mailing.letters}, stopped, gone)


_RECOVER = (
    "restore the ledger, or run again with --recover-ledger to take the log's record into it"
    " (what the log records as handed over is never sent again)"
)


def _compose(letter: Letter, settings: SendSettings) -> bytes:
    return compose(letter.paper, letter.recipient, settings, dt.datetime.now(dt.timezone.utc))


def _due(entry: Entry, resend_unknown: bool) -> bool:
    if entry.state == "sending":
        return resend_unknown  # a crash left it between DATA and the reply: it may have arrived
    return entry.state == "pending" or (entry.state == "failed" and not entry.permanent_failure)


def _send_all(
    letters: list[Letter], ledger: Ledger, mailer: Mailer, settings: SendSettings, progress: Callable[[int], None]
) -> str | None:
    """Send in list order at the configured pace; a 4xx goes back in the queue with a doubled delay.

    Returns why sending stopped early (the server stayed unreachable), or None when every letter is settled.
    """
    interval = 60.0 / settings.rate
    next_start = time.monotonic()
    queue = [(0.0, order, letter, 0) for order, letter in enumerate(letters)]  # (not before, order, letter, tries)
    heapq.heapify(queue)
    composed: dict[int, bytes] = {}  # by order: the letter next in line, composed while the server took the last one

    def compose_next() -> None:
        if queue and queue[0][1] not in composed:
            composed[queue[0][1]] = _compose(queue[0][2], settings)

    connection_failures = 0
    while queue:
        not_before, order, letter, tries = heapq.heappop(queue)
        time.sleep(max(0.0, not_before - time.monotonic(), next_start - time.monotonic()))
        next_start = time.monotonic() + interval
        key = letter.key
        try:
            mailer.connect()
            data = composed.pop(order, None) or _compose(letter, settings)
            ledger.mark(key, "sending", attempt=True)
            reply = mailer.send(letter.paper.letterhead.sender.addr_spec, letter.recipient.email, data, while_waiting=compose_next)
        except (Unreachable, NotDelivered) as exc:
            ledger.mark(key, "pending", str(exc))
            connection_failures += 1
            if connection_failures > settings.retries or isinstance(exc, Refused):
                return str(exc)
            next_start = _backoff(settings, connection_failures)  # the server needs time, whichever letter is next
            heapq.heappush(queue, (not_before, order, letter, tries))
            continue
        except Unconfirmed as exc:
            ledger.mark(key, "sending", str(exc))
            progress(1)
            continue
        connection_failures = 0
        if reply.accepted:
            ledger.mark(key, "sent", reply)
        elif reply.permanent:
            ledger.mark(key, "failed", reply)
        else:  # deferred (4xx): tried again later in this run, and once its tries are spent, by the next run
            ledger.mark(key, "pending", reply)
            if tries < settings.retries:
                heapq.heappush(queue, (_backoff(settings, tries + 1), order, letter, tries + 1))
                continue
        progress(1)
    return None


def _backoff(settings: SendSettings, tries: int) -> float:
    return time.monotonic() + settings.retry_delay * 2 ** (tries - 1)


class LedgerStatus(NamedTuple):
    entries: list[Entry]
    running: bool  # a send is using the ledger now
    feedback: list[Event]  # bounces, complaints and unsubscribes recorded for these releases
    suppressed: dict[str, Suppression]  # every address feedback suppresses now


def ledger_status(target: str) -> LedgerStatus:
    """The ledger rows of a release (a spec path or an id) and its other language versions, with what came back."""
    path = Path(target)
    if path.is_file():
        project = find_project(path.parent)
        data = cached_doc(path).data
        release_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(release_id, str):
            raise PressgenError([Problem(display_path(path), 1, 1, "id", "this spec has no release id")])
    else:
        project, release_id = find_project(), target
    settings = load_settings(project)
    ledger_path = project.root / settings.ledger
    if not ledger_path.is_file():
        return LedgerStatus([], False, [], {})
    ids = {release_id, *family(project, release_id)}
    ledger = Ledger(ledger_path)
    try:
        entries = ledger.entries(ids)
    finally:
        ledger.close()
    with FeedbackRecord(ledger_path, create=False) as record:
        return LedgerStatus(entries, in_use(ledger_path), record.events(ids), record.suppressed(settings.soft_bounce_releases))
