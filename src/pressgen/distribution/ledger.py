"""The delivery ledger (SQLite): a row per (release id, content hash, recipient), pending → sending → sent or failed."""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import PressgenError, Problem
from ..spec.yamlsource import display_path
from .smtp import Reply

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    release_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    message_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    reply_code INTEGER,
    reply TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    PRIMARY KEY (release_id, content_hash, recipient)
)
"""
_COLUMNS = "release_id, content_hash, recipient, language, message_id, state, reply_code, reply, attempts, updated"


class Key(NamedTuple):
    release_id: str
    content_hash: str
    recipient: str  # the address, case-folded


@dataclass(frozen=True)
class Entry:
    key: Key
    language: str
    message_id: str
    state: str
    reply_code: int | None
    reply: str
    attempts: int
    updated: str

    @property
    def permanent_failure(self) -> bool:
        """Refused with a 5xx reply: not tried again, by this run or a later one."""
        return self.state == "failed" and (self.reply_code or 0) >= 500


class Ledger:
    """One open ledger file. Every change is committed at once: a crash loses nothing that happened."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise PressgenError([Problem(display_path(path), 1, 1, "", f"cannot use this file as the delivery ledger: {exc}")]) from None

    def close(self) -> None:
        self.db.close()

    def plan(self, rows: Iterable[tuple[Key, str, str]]) -> None:
        """Record (key, language, message id) as pending unless the ledger knows the key already."""
        now = _now()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany(
            f"INSERT OR IGNORE INTO deliveries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'pending', NULL, '', 0, ?)",
            [(*key, language, message_id, now) for key, language, message_id in rows],
        )
        self.db.execute("COMMIT")

    def entries(self, release_ids: Iterable[str]) -> list[Entry]:
        ids = sorted(set(release_ids))
        marks = ", ".join("?" * len(ids))
        cursor = self.db.execute(f"SELECT {_COLUMNS} FROM deliveries WHERE release_id IN ({marks}) ORDER BY updated, recipient", ids)
        return [Entry(Key(*row[:3]), *row[3:]) for row in cursor]

    def mark(self, key: Key, state: str, reply: Reply | str = "", attempt: bool = False) -> None:
        """Move a row to `state` with the server's reply (or a note of what happened instead)."""
        code = reply.code if isinstance(reply, Reply) else None
        # Only 'sending' must reach the disk before the message goes out (one fsync per message, 1-3 ms).
        # A later change lost with the power leaves the row 'sending': reported unknown, never sent twice.
        self.db.execute(f"PRAGMA synchronous={'FULL' if state == 'sending' else 'NORMAL'}")
        self.db.execute(
            "UPDATE deliveries SET state = ?, reply_code = ?, reply = ?, attempts = attempts + ?, updated = ?"
            " WHERE release_id = ? AND content_hash = ? AND recipient = ?",
            (state, code, str(reply), int(attempt), _now(), *key),
        )


@contextmanager
def exclusive(path: Path) -> Iterator[Ledger]:
    """The ledger, held by this process alone: two runs at once could both send a pending message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        if not _try_lock(lock):
            raise PressgenError([Problem(display_path(path), 1, 1, "", "another pressgen send is using this ledger; wait for it to finish")])
        ledger = Ledger(path)
        try:
            yield ledger
        finally:
            ledger.close()


def in_use(path: Path) -> bool:
    """Whether a send is running on this ledger now (its 'sending' rows are then not unknown yet)."""
    lock_path = path.with_name(path.name + ".lock")
    if not lock_path.exists():
        return False
    with open(lock_path, "a") as lock:
        return not _try_lock(lock)


def _try_lock(lock: IO[str]) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
