"""The feedback record: bounces, complaints and unsubscribes as rows in the ledger file, and whom they suppress.

Every report (a bounce, an ARF complaint, an unsubscribe by mail or by the one-click link) becomes
one row per address, keyed by what reported it (the report's Message-ID, or the link's token), so
recording the same report again changes nothing. `pressgen inbox`, the unsubscribe page and
`pressgen send` all use the same SQLite file as the delivery ledger (WAL: one writer at a time,
readers never blocked), so a request recorded by the web server is skipped by the next send.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressgenError, Problem
from ..spec.yamlsource import display_path

SUPPRESSING = ("bounced", "complained", "unsubscribed")
KINDS = (*SUPPRESSING, "deferred")  # deferred: a temporary failure, counted per release

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    source TEXT NOT NULL,
    address TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bounced', 'deferred', 'complained', 'unsubscribed')),
    release_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    reported TEXT NOT NULL,
    recorded TEXT NOT NULL,
    PRIMARY KEY (source, address, kind)
);
CREATE INDEX IF NOT EXISTS feedback_address ON feedback (address);
CREATE TABLE IF NOT EXISTS inbox_seen (
    place TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    seen TEXT NOT NULL
);
"""
# What a report is matched by: the Message-ID it quotes, the address it names.
_DELIVERY_INDEXES = """
CREATE INDEX IF NOT EXISTS deliveries_message_id ON deliveries (message_id);
CREATE INDEX IF NOT EXISTS deliveries_recipient ON deliveries (recipient, updated);
"""
_COLUMNS = "source, address, kind, release_id, reason, reported"


@dataclass(frozen=True)
class Event:
    """One address reported once: what happened, for which release, why, and who said so."""

    source: str  # the report's Message-ID, or web:<token nonce>
    address: str  # case-folded
    kind: str  # one of KINDS
    release_id: str  # '' when the report names no message this project sent
    reason: str
    reported: str  # ISO 8601 date and time of the report


@dataclass(frozen=True)
class Suppression:
    """Why an address is no longer mailed: the event that decided it (for deferrals, the latest of them)."""

    event: Event
    releases: int = 1  # for deferrals: how many releases came back with a temporary failure

    @property
    def kind(self) -> str:
        return "bounced" if self.event.kind == "deferred" else self.event.kind

    @property
    def reason(self) -> str:
        if self.event.kind == "deferred":
            return f"temporary failures for {self.releases} releases, the latest: {self.event.reason}"
        return self.event.reason


class FeedbackRecord:
    """The feedback tables of one ledger file, on a connection of their own."""

    def __init__(self, path: Path, create: bool = True):
        """Open (and create) the tables; with `create` false only read them, as they are, from a file that may not exist."""
        self.path = path
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                # A commit survives a crash of the process at once, a power cut once the WAL is synced: what it loses then
                # is still in the mailbox, and its message is not marked read, so the next run records it again.
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(_SCHEMA)
                if self._has("deliveries"):
                    self.db.executescript(_DELIVERY_INDEXES)
            elif path.is_file():
                # Reading a WAL file needs its -shm beside it; where nobody can write (a read-only mount) the file cannot change.
                frozen = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
                self.db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro{frozen}", uri=True, isolation_level=None, timeout=30)
                if not self._has("feedback"):
                    self.db.executescript("ATTACH ':memory:' AS empty;" + _SCHEMA.replace("EXISTS ", "EXISTS empty."))
            else:
                self.db = sqlite3.connect(":memory:", isolation_level=None)
                self.db.executescript(_SCHEMA)
            self.has_deliveries = self._has("deliveries")
        except (sqlite3.Error, OSError) as exc:
            raise self._problem(f"cannot use this file as the delivery ledger: {exc}") from None

    def _has(self, table: str) -> bool:
        return bool(self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone())

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> FeedbackRecord:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── writing ──

    def record(self, events: Iterable[Event], place: str | None = None, outcome: str = "") -> int:
        """Record the events (and that the message at `place` was read) in one transaction; how many were new."""
        now = _now()
        rows = [(e.source, e.address.casefold(), e.kind, e.release_id, e.reason, e.reported, now) for e in events]
        try:
            self.db.execute("BEGIN IMMEDIATE")
            before = self.db.total_changes
            self.db.executemany(f"INSERT OR IGNORE INTO feedback ({_COLUMNS}, recorded) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            added = self.db.total_changes - before
            if place is not None:
                self.db.execute("INSERT OR REPLACE INTO inbox_seen (place, outcome, seen) VALUES (?, ?, ?)", (place, outcome, now))
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise self._problem(f"cannot record in the ledger: {exc}") from None
        return added

    # ── reading ──

    def seen(self, place: str) -> str | None:
        """The outcome of the message at `place` if an earlier run read it."""
        row = self.db.execute("SELECT outcome FROM inbox_seen WHERE place = ?", (place,)).fetchone()
        return row[0] if row else None

    def seen_places(self, prefix: str) -> dict[str, str]:
        rows = self.db.execute("SELECT place, outcome FROM inbox_seen WHERE substr(place, 1, ?) = ?", (len(prefix), prefix))
        return dict(rows.fetchall())

    def suppressed(self, soft_limit: int) -> dict[str, Suppression]:
        """Address → why it is suppressed: a permanent bounce, a complaint, an unsubscribe, or temporary failures for
        `soft_limit` releases or more (each release counted once)."""
        found: dict[str, Suppression] = {}
        cursor = self.db.execute(f"SELECT {_COLUMNS} FROM feedback WHERE kind != 'deferred' ORDER BY reported, source")
        for row in cursor:
            event = Event(*row)
            found.setdefault(event.address, Suppression(event))
        deferred: dict[str, tuple[set[str], Event]] = {}
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM feedback WHERE kind = 'deferred' ORDER BY reported, source"):
            event = Event(*row)
            releases, _ = deferred.get(event.address, (set(), event))
            releases.add(event.release_id)
            deferred[event.address] = (releases, event)
        for address, (releases, latest) in deferred.items():
            if len(releases) >= soft_limit and address not in found:
                found[address] = Suppression(latest, len(releases))
        return found

    def release_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT DISTINCT release_id FROM feedback")}

    def events(self, release_ids: Iterable[str]) -> list[Event]:
        ids = sorted(set(release_ids))
        marks = ", ".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM feedback WHERE release_id IN ({marks}) ORDER BY reported, address", ids)
        return [Event(*row) for row in rows]

    def counts(self, release_ids: Iterable[str]) -> dict[str, Counter[str]]:
        """Release id → addresses per kind (each address once per kind)."""
        found: dict[str, Counter[str]] = {}
        seen: set[tuple[str, str, str]] = set()
        for event in self.events(release_ids):
            if (event.release_id, event.address, event.kind) not in seen:
                seen.add((event.release_id, event.address, event.kind))
                found.setdefault(event.release_id, Counter())[event.kind] += 1
        return found

    # ── what this project sent ──

    def mailed(self, address: str) -> bool:
        """Whether this project ever handed a message for `address` to its server."""
        if not self.has_deliveries:
            return False
        query = "SELECT 1 FROM deliveries WHERE recipient = ? AND state != 'pending' LIMIT 1"
        return self.db.execute(query, (address.casefold(),)).fetchone() is not None

    def sent_message(self, message_ids: Iterable[str]) -> tuple[str, str] | None:
        """(release id, recipient) of the first of these Message-IDs that this project sent."""
        if not self.has_deliveries:
            return None
        for message_id in message_ids:
            row = self.db.execute("SELECT release_id, recipient FROM deliveries WHERE message_id = ? LIMIT 1", (message_id,)).fetchone()
            if row:
                return row[0], row[1]
        return None

    def latest_release(self, address: str, before: str) -> str:
        """The release most recently sent to `address` no later than `before` (ISO time), or ''."""
        if not self.has_deliveries:
            return ""
        query = "SELECT release_id FROM deliveries WHERE recipient = ? AND state != 'pending' AND updated <= ? ORDER BY updated DESC LIMIT 1"
        row = self.db.execute(query, (address.casefold(), before)).fetchone()
        if row is None:
            row = self.db.execute("SELECT release_id FROM deliveries WHERE recipient = ? ORDER BY updated DESC LIMIT 1", (address.casefold(),)).fetchone()
        return row[0] if row else ""

    def language(self, address: str, release_id: str) -> str | None:
        if not self.has_deliveries:
            return None
        row = self.db.execute("SELECT language FROM deliveries WHERE recipient = ? AND release_id = ? LIMIT 1", (address.casefold(), release_id)).fetchone()
        return row[0] if row else None

    def _problem(self, message: str) -> PressgenError:
        return PressgenError([Problem(display_path(self.path), 1, 1, "", message)])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
