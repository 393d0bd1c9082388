"""The delivery report (a CSV row per recipient), the summary table, and the ledger's state for `send --status`."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from ..output import write_atomic
from .ledger import Entry
from .medialist import safe_cell
from .send import LedgerStatus, Mailing, Outcome

SUMMARY = ("sent", "failed", "suppressed", "unknown")


@dataclass(frozen=True)
class ReportRow:
    email: str
    name: str
    outlet: str
    language: str
    release: str
    state: str
    reply: str
    message_id: str
    updated: str
    feedback: str = ""  # bounced, complained or unsubscribed, with the reason and date: filled in by pressgen inbox


def state_of(entry: Entry, running: bool = False) -> str:
    """The state as reported: a row left in 'sending' by a run that is over is unknown, a pending one not sent."""
    if entry.state == "sending":
        return "sending" if running else "unknown"
    return "not sent" if entry.state == "pending" else entry.state


def delivery_rows(mailing: Mailing, outcome: Outcome) -> list[ReportRow]:
    rows = []
    for letter in mailing.letters:
        r, entry = letter.recipient, outcome.entries[letter.key]
        rows.append(ReportRow(r.email, r.name, r.outlet, r.language, entry.key.release_id, state_of(entry), entry.reply, entry.message_id, entry.updated))
    for skipped in mailing.suppressed:
        r = skipped.recipient
        rows.append(ReportRow(r.email, r.name, r.outlet, r.language, "", "suppressed", "", "", "", f"{skipped.kind}: {skipped.reason}"))
    return rows


def write_report(path: Path, rows: list[ReportRow]) -> None:
    """CSV in UTF-8 with a BOM, which spreadsheet programs need to read Japanese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in fields(ReportRow)])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in astuple(row)])
    write_atomic(path, buffer.getvalue().encode("utf-8-sig"))


def skipped_note(mailing: Mailing) -> str | None:
    """What the suppression skipped, by why: `skipped 3 suppressed address(es): 1 bounced, 2 unsubscribed`."""
    if not mailing.suppressed:
        return None
    counts = Counter(s.kind for s in mailing.suppressed)
    order = ("bounced", "complained", "unsubscribed", "listed")
    parts = [f"{counts[k]} {k if k != 'listed' else 'in the suppression list'}" for k in order if counts[k]]
    return f"skipped {len(mailing.suppressed)} suppressed address(es): {', '.join(parts)}"


def summary_table(states: Iterable[str]) -> str:
    """sent, failed, suppressed and unknown, always; 'not sent' too when a run stopped early."""
    counts = Counter(states)
    shown = [*SUMMARY, *(["not sent"] if counts["not sent"] else [])]
    return "\n".join(f"{state:<10} {counts[state]:>6}" for state in shown)


def status_report(status: LedgerStatus) -> str:
    """Every ledger row of a release, grouped by version (id and content hash), with counts; then, per release, the
    bounced, complained and unsubscribed addresses (and the temporary failures not yet suppressing), each row marked."""
    running = status.running
    marks: dict[tuple[str, str], str] = {}
    fed_back: dict[str, Counter[str]] = {}
    for event in status.feedback:
        shown = "bounced" if event.kind == "deferred" and event.address in status.suppressed else event.kind
        if (event.release_id, event.address) not in marks or shown != "deferred":
            marks[(event.release_id, event.address)] = f"{shown} {event.reported[:10]}: {event.reason}"
    for (release_id, _), mark in marks.items():
        fed_back.setdefault(release_id, Counter())[mark.split(" ", 1)[0]] += 1
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in status.entries:
        groups.setdefault(entry.key[:2], []).append(entry)
    lines = []
    for (release_id, content_hash), group in groups.items():
        counts = Counter(state_of(e, running) for e in group)
        tally = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        lines.append(f"{release_id} (content {content_hash[:12]}): {tally}")
        width = max(len(e.key.recipient) for e in group)
        for e in sorted(group, key=lambda e: (state_of(e, running), e.key.recipient)):
            mark = marks.get((release_id, e.key.recipient), "")
            lines.append(f"  {state_of(e, running):<9} {e.key.recipient:<{width}}  {e.updated}  {e.reply}{'  | ' + mark if mark else ''}".rstrip())
    for release_id in sorted({key[0] for key in groups}):
        counts = fed_back.get(release_id, Counter())
        tally = ", ".join(f"{counts[k]} {k}" for k in ("bounced", "complained", "unsubscribed"))
        waiting = f"; {counts['deferred']} with temporary failures (not suppressed yet)" if counts["deferred"] else ""
        lines.append(f"{release_id} feedback: {tally}{waiting}")
    return "\n".join(lines)
