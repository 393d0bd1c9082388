"""`pressgen send` and `pressgen inbox`: parse their options, call the distribution library, print what happened."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .send import Mailing

MAX_WAIT = dt.timedelta(days=31)  # --at: a run waits in the foreground; longer waits are a scheduler's job


def _server(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .settings import parse_server

    if value is not None:
        try:
            parse_server(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date and time such as 2026-04-21T10:00+09:00") from None
    if moment.tzinfo is None:
        raise click.BadParameter(f"'{value}' has no time zone; write it as {moment.isoformat(timespec='minutes')}+09:00 (for Japan)")
    return moment


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding '{value}' (for example utf-8, cp932, shift_jis)") from None
    return value


@click.command()
@click.argument("release", type=click.Path(path_type=Path))
@click.option("--list", "media_lists", multiple=True, type=click.Path(path_type=Path), help="Media list: CSV or YAML; repeat for several.")
@click.option("--tag", "tags", multiple=True, help="Only journalists with this tag; repeat for any of several.")
@click.option("--encoding", callback=_encoding, help="Encoding of a CSV list (default: UTF-8, else Shift_JIS).")
@click.option("--dry-run", is_flag=True, help="Write one .eml per journalist instead of sending.")
@click.option("--outbox", type=click.Path(path_type=Path), help="Folder of a dry run (default out/<id>/outbox).")
@click.option("--smtp", callback=_server, help="HOST:PORT of the SMTP server (default: from [tool.pressgen.send]).")
@click.option("--at", "at", callback=_moment, help="Start sending at this time, e.g. 2026-04-21T10:00+09:00.")
@click.option("--no-pdf", is_flag=True, help="Leave the PDF out; the release is in the body either way.")
@click.option("--resend-unknown", is_flag=True, help="Send again what a crashed run may or may not have sent.")
@click.option(
    "--recover-ledger", is_flag=True,
    help="Take the handover log's record (out/<id>/delivery.log) into a ledger that lost it; nothing it records is sent again.",
)
@click.option("--status", is_flag=True, help="Print the ledger's record of RELEASE and send nothing.")
def send(
    release: Path,
    media_lists: tuple[Path, ...],
    tags: tuple[str, ...],
    encoding: str | None,
    dry_run: bool,
    outbox: Path | None,
    smtp: str | None,
    at: dt.datetime | None,
    no_pdf: bool,
    resend_unknown: bool,
    recover_ledger: bool,
    status: bool,
) -> None:
    """Send RELEASE to every journalist of a media list, one personal email each."""
    if status:
        if media_lists or tags or encoding or dry_run or outbox or smtp or at or no_pdf or resend_unknown or recover_ledger:
            raise click.UsageError("--status takes only RELEASE (a spec or a release id)")
        _print_status(str(release))
        return
    if not media_lists:
        raise click.UsageError("--list FILE is required (or --status to see what was sent)")
    if dry_run and (smtp or resend_unknown or recover_ledger):
        raise click.UsageError("--smtp, --resend-unknown and --recover-ledger are for sending; a --dry-run only writes files")
    if outbox and not dry_run:
        raise click.UsageError("--outbox is where a --dry-run writes; add --dry-run")
    if at and not dry_run:
        now = dt.datetime.now(dt.timezone.utc)
        if at < now:
            raise click.BadParameter(f"{at.isoformat()} is in the past", param_hint="'--at'")
        if at - now > MAX_WAIT:
            message = f"{at.isoformat()} is more than {MAX_WAIT.days} days ahead; pressgen send waits in the foreground: start it later (cron, a systemd timer, at)"
            raise click.BadParameter(message, param_hint="'--at'")
    from .send import Request, prepare

    request = Request(release, media_lists, tags, encoding, dry_run, smtp, not no_pdf, resend_unknown)
    mailing = prepare(request)
    for notice in mailing.merged:
        click.echo(f"{notice}", err=True)
    from .report import skipped_note

    note = skipped_note(mailing)
    if note:
        click.echo(note, err=True)
    if dry_run:
        _preview(mailing, outbox, at)
    else:
        _deliver(mailing, resend_unknown, at, recover_ledger)


def _preview(mailing: Mailing, outbox: Path | None, at: dt.datetime | None) -> None:
    from .send import write_outbox

    folder = outbox or mailing.loaded.project.out / mailing.loaded.release.id / "outbox"
    paths = write_outbox(mailing, folder, at or dt.datetime.now(dt.timezone.utc))
    click.echo(f"wrote {len(paths)} message(s) to {folder}; {len(mailing.suppressed)} suppressed")


def _deliver(mailing: Mailing, resend_unknown: bool, at: dt.datetime | None, recover_ledger: bool) -> None:
    from .report import delivery_rows, summary_table, write_report
    from .send import deliver

    if at is not None:
        click.echo(f"waiting until {at.isoformat()}")
    bar = click.progressbar(length=len(mailing.letters), label="sending") if sys.stdout.isatty() else None
    with bar or contextlib.nullcontext():
        outcome = deliver(mailing, resend_unknown, at, progress=bar.update if bar else lambda settled: None, recover_ledger=recover_ledger)
    rows = delivery_rows(mailing, outcome)
    report = mailing.folder / "delivery.csv"
    click.echo(summary_table(row.state for row in rows))
    try:
        write_report(report, rows)
        click.echo(f"report: {report}")
    except OSError as exc:
        click.echo(f"pressgen: {report}: cannot write the delivery report: {exc.strerror or exc}", err=True)
        for row in rows:
            click.echo(f"{row.state}\t{row.email}\t{row.message_id}", err=True)  # the run's record, wherever it can go
    states = [row.state for row in rows]
    if outcome.lost:
        click.echo(f"pressgen: {outcome.stopped}", err=True)
        click.echo(
            f"pressgen: {report} and {mailing.folder / 'delivery.log'} record what was handed over; restore the ledger,"
            " or run the same command again with --recover-ledger to send the rest",
            err=True,
        )
    elif outcome.stopped:
        click.echo(f"pressgen: sending stopped ({outcome.stopped}); run the same command again to send the rest", err=True)
    deferred = [row.reply for row in rows if row.state == "not sent" and row.reply[:1] == "4" and row.reply[:3].isdigit()]
    if deferred and not outcome.stopped:
        replies = "; ".join(dict.fromkeys(deferred))
        click.echo(f"pressgen: {len(deferred)} message(s) deferred by the server ({replies}); run the same command again to send them", err=True)
    if states.count("failed"):
        click.echo(f"pressgen: {states.count('failed')} message(s) failed; the server's replies are in {report}", err=True)
    if states.count("unknown"):
        click.echo(
            f"pressgen: {states.count('unknown')} message(s) may or may not have arrived (the run before was cut off);"
            " they are not sent again unless you add --resend-unknown",
            err=True,
        )
    if outcome.lost or any(state not in ("sent", "suppressed") for state in states):
        sys.exit(1)


def _print_status(target: str) -> None:
    from .report import status_report
    from .send import ledger_status

    status = ledger_status(target)
    click.echo(status_report(status) if status.entries else f"no deliveries of {target} in the ledger")


@click.command()
@click.option("--maildir", type=click.Path(path_type=Path), help="Read this Maildir instead of the IMAP folder.")
@click.option("--mbox", type=click.Path(path_type=Path), help="Read this mbox file instead of the IMAP folder.")
def inbox(maildir: Path | None, mbox: Path | None) -> None:
    """Read bounces, spam complaints (ARF) and unsubscribe requests into the suppression list and the ledger.

    By default the IMAP folder of [tool.pressgen.send] (imap, imap_username, imap_folder; the password from
    PRESSGEN_IMAP_PASSWORD). Nothing in the mailbox is moved, deleted or marked read; a message read before is
    skipped. Exit 1 when something was left for a person to look at, or the mailbox went away during the run.
    """
    from ..spec.project import find_project
    from .inbox import read_mailbox
    from .mailboxes import Imap, Maildir, Mbox
    from .settings import imap_account, load_settings

    if maildir and mbox:
        raise click.UsageError("--maildir and --mbox: give one mailbox")
    project = find_project()
    if maildir:
        box = Maildir(maildir)
    elif mbox:
        box = Mbox(mbox)
    else:
        box = Imap(imap_account(project, load_settings(project)))
    try:
        run = read_mailbox(project, box)
    finally:
        box.close()
    for note in run.notes:
        click.echo(f"{note}", err=True)
    counts = run.counts
    shown = {"bounced": "bounced", "deferred": "deferred", "complained": "complained", "unsubscribed": "unsubscribed",
             "refused": "refused", "unreadable": "unreadable", "left": "left untouched", "gone": "gone meanwhile", "read before": "read before"}
    tally = ", ".join(f"{counts[k]} {label}" for k, label in shown.items() if counts[k])
    click.echo(f"{run.mailbox}: {sum(counts.values())} message(s){': ' + tally if tally else ''}")
    if run.recorded:
        click.echo(f"recorded {run.recorded} new report(s) in {run.ledger}")
    if run.added:
        click.echo(f"added {len(run.added)} address(es) to {run.suppression}: {', '.join(run.added)}")
    for report, fed_back in run.reports.items():
        click.echo(f"updated {report}: {', '.join(f'{fed_back[k]} {k}' for k in ('bounced', 'complained', 'unsubscribed'))}")
    if run.stopped:
        click.echo(f"pressgen: {run.stopped}; what was read before is recorded: run again when the mailbox is back", err=True)
    if run.stopped or run.notes:
        sys.exit(1)
