"""The delivery ledger (SQLite), a row per (release id, content hash, recipient), and its second record, the handover log.

A message goes to the server only once its row reads `sending` on disk in the very file the run
opened: the ledger is checked after each such mark (the same file at the path, not shrunk, holding
every row this run wrote), so that a ledger deleted, renamed, replaced or unwritable stops the run
before the next message instead of letting a later run send everything again. The handover log is
an append-only text file in the release's output folder with one line per change of state; a run
whose ledger knows less than the log refuses to start until the ledger is restored or recovered
from the log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import json
import os
import sqlite3
from collections import Counter
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
# How far along a message is: a ledger that holds a message at a lower rank than the log has lost a record.
_RANK = {"pending": 0, "sending": 1, "sent": 2, "failed": 2}
_UNWRITABLE = {"SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM"}


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


class LedgerLost(PressgenError):
    """The ledger (or its log) can no longer record what happens: sending must stop at once."""


class HandoverLog:
    """The second record: one JSON line per change of a message's state, appended, never rewritten.

    Lines are not synced one by one (the ledger is, before each message): the log stands in for a
    ledger that was removed or replaced, not for one lost with the power at the same moment.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def records(self, release_ids: Iterable[str]) -> dict[Key, Entry]:
        """The last state the log gives each message of these releases (a torn last line is skipped)."""
        wanted = set(release_ids)
        found: dict[Key, Entry] = {}
        try:
            lines = self.path.read_bytes().splitlines()
        except FileNotFoundError:
            return found
        except OSError as exc:
            raise PressgenError([Problem(display_path(self.path), 1, 1, "", f"cannot read the handover log: {exc.strerror or exc}")]) from None
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                entry = Entry(Key(*record["key"]), *(record[f.name] for f in dataclasses.fields(Entry)[1:]))
            except (ValueError, KeyError, TypeError):
                if number == len(lines):
                    break  # a run killed while writing its last line
                raise PressgenError([Problem(display_path(self.path), number, 1, "", "not a line of a handover log")]) from None
            if entry.key.release_id in wanted:
                found[entry.key] = entry
        return found

    def append(self, entry: Entry) -> None:
        line = json.dumps({"key": list(entry.key), **{f.name: getattr(entry, f.name) for f in dataclasses.fields(Entry)[1:]}}, ensure_ascii=False)
        try:
            if self._fd is None:
                created = not self.path.exists()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                if created:
                    _sync_folder(self.path.parent)
            data = (line + "\n").encode("utf-8")
            if os.write(self._fd, data) != len(data):
                raise OSError(28, "short write")
        except OSError as exc:
            raise LedgerLost([Problem(display_path(self.path), 1, 1, "", f"cannot write the handover log: {exc.strerror or exc}")]) from None

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError:
                pass  # what could be written was; the ledger holds the rest
            os.close(self._fd)
            self._fd = None


class Ledger:
    """One open ledger file. Every change is committed at once: a crash loses nothing that happened.

    `rows` mirrors the rows this process read or wrote, as they really stand: the run's record even
    when the file can no longer be trusted.
    """

    def __init__(self, path: Path, log: HandoverLog | None = None):
        self.path = path
        self.log = log
        self.rows: dict[Key, Entry] = {}
        self._reader: sqlite3.Connection | None = None
        created = not path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise self._problem(f"cannot use this file as the delivery ledger: {exc}") from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(_SCHEMA)
            if created:
                _sync_folder(path.parent)  # the new file's name reaches the disk with its first rows
            stat = path.stat()
        except (sqlite3.Error, OSError) as exc:
            self.db.close()
            unwritable = isinstance(exc, OSError) or getattr(exc, "sqlite_errorname", "") in _UNWRITABLE
            raise self._problem(_cannot_write(exc) if unwritable else f"cannot use this file as the delivery ledger: {exc}") from None
        self.identity = (stat.st_dev, stat.st_ino)
        self.size = stat.st_size

    def close(self) -> None:
        try:
            if self._reader is not None:
                self._reader.close()
            self.db.close()
        except sqlite3.Error:
            pass  # its last checkpoint failed: the rows stay in the WAL file, which the next open reads

    def plan(self, rows: Iterable[tuple[Key, str, str]]) -> None:
        """Record (key, language, message id) as pending unless the ledger knows the key already."""
        now = _now()
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                f"INSERT OR IGNORE INTO deliveries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'pending', NULL, '', 0, ?)",
                [(*key, language, message_id, now) for key, language, message_id in rows],
            )
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._problem(_cannot_write(exc)) from None

    def entries(self, release_ids: Iterable[str]) -> list[Entry]:
        ids = sorted(set(release_ids))
        marks = ", ".join("?" * len(ids))
        try:
            cursor = self.db.execute(f"SELECT {_COLUMNS} FROM deliveries WHERE release_id IN ({marks}) ORDER BY updated, recipient", ids)
            found = [Entry(Key(*row[:3]), *row[3:]) for row in cursor]
        except sqlite3.Error as exc:
            raise self._problem(f"cannot read the delivery ledger: {exc}") from None
        self.rows.update((entry.key, entry) for entry in found)
        return found

    def behind(self, log: dict[Key, Entry]) -> tuple[list[Entry], list[Entry]]:
        """The log's records of messages this ledger holds as less far along: (handed over but pending or
        unknown to the ledger, which a run would send again; settled after a 'sending' the ledger kept)."""
        lost, settled = [], []
        for key, entry in log.items():
            held = _RANK[self.rows[key].state] if key in self.rows else 0
            if _RANK[entry.state] > held:
                (lost if held == 0 else settled).append(entry)
        return lost, settled

    def restore(self, entries: Iterable[Entry]) -> None:
        """Take the log's record of these messages into the ledger (--recover-ledger)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            for e in entries:
                self.db.execute(
                    f"INSERT INTO deliveries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                    " state = excluded.state, reply_code = excluded.reply_code, reply = excluded.reply,"
                    " attempts = max(attempts, excluded.attempts), updated = excluded.updated",
                    (*e.key, e.language, e.message_id, e.state, e.reply_code, e.reply, e.attempts, e.updated),
                )
                self.rows[e.key] = e
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._problem(_cannot_write(exc)) from None

    def mark(self, key: Key, state: str, reply: Reply | str = "", attempt: bool = False) -> None:
        """Move a row to `state` with the server's reply (or a note of what happened instead).

        'sending' is marked before a message goes out: unless it is recorded in the ledger (and checked
        there) and in the log, the message stays pending in `rows` and LedgerLost is raised. Every other
        state is marked after the fact: `rows` takes it, and the log and the ledger are both tried.
        """
        old = self.rows[key]
        entry = dataclasses.replace(
            old, state=state, reply_code=reply.code if isinstance(reply, Reply) else None, reply=str(reply),
            attempts=old.attempts + int(attempt), updated=_now(),
        )
        if state == "sending":
            self.rows[key] = entry
            try:
                self._write(entry)
                self.verify()
                if self.log is not None:
                    self.log.append(entry)
            except LedgerLost:
                self.rows[key] = old  # not handed over
                with contextlib.suppress(LedgerLost):
                    self._write(old)  # and so not unknown, in whatever file now answers to the name
                raise
            return
        self.rows[key] = entry
        lost: LedgerLost | None = None
        if self.log is not None:
            try:
                self.log.append(entry)
            except LedgerLost as exc:
                lost = exc
        self._write(entry)
        if lost:
            raise lost

    def _write(self, entry: Entry) -> None:
        try:
            # Only 'sending' must reach the disk before the message goes out (one fsync per message, 1-3 ms).
            # A later change lost with the power leaves the row 'sending': reported unknown, never sent twice.
            self.db.execute(f"PRAGMA synchronous={'FULL' if entry.state == 'sending' else 'NORMAL'}")
            self.db.execute(
                "UPDATE deliveries SET state = ?, reply_code = ?, reply = ?, attempts = ?, updated = ?"
                " WHERE release_id = ? AND content_hash = ? AND recipient = ?",
                (entry.state, entry.reply_code, entry.reply, entry.attempts, entry.updated, *entry.key),
            )
        except sqlite3.Error as exc:
            raise self._lost(f"{_cannot_write(exc)}; sending stopped") from None

    def verify(self) -> None:
        """Raise LedgerLost unless the file at the path is the one opened, not shrunk, and holds as many
        messages in each state as this run knows of (a ledger only moves forward, so an older copy holds fewer)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise self._lost("the delivery ledger was removed during the run; sending stopped") from None
        except OSError as exc:
            raise self._lost(f"cannot see the delivery ledger: {exc.strerror or exc}; sending stopped") from None
        if (stat.st_dev, stat.st_ino) != self.identity:
            raise self._lost("the delivery ledger was replaced by another file during the run; sending stopped")
        if stat.st_size < self.size:
            raise self._lost("the delivery ledger shrank during the run (truncated or overwritten); sending stopped")
        self.size = stat.st_size
        ids = sorted({key.release_id for key in self.rows})
        expected = Counter(entry.state for entry in self.rows.values())
        try:
            if self._reader is None:
                # A second connection reads what the file holds now: this connection's writes to the
                # write-ahead log make it drop its page cache before each read.
                self._reader = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)
            marks = ", ".join("?" * len(ids))
            held = Counter(dict(self._reader.execute(f"SELECT state, count(*) FROM deliveries WHERE release_id IN ({marks}) GROUP BY state", ids).fetchall()))
        except sqlite3.Error as exc:
            raise self._lost(f"cannot read the delivery ledger back: {exc}; sending stopped") from None
        if held != expected:
            raise self._lost("the delivery ledger no longer holds what this run recorded (overwritten with other content); sending stopped")

    def _rollback(self) -> None:
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # no transaction was open

    def _problem(self, message: str) -> PressgenError:
        return PressgenError([Problem(display_path(self.path), 1, 1, "", message)])

    def _lost(self, message: str) -> LedgerLost:
        return LedgerLost([Problem(display_path(self.path), 1, 1, "", message)])


@contextmanager
def exclusive(path: Path, log: HandoverLog | None = None) -> Iterator[Ledger]:
    """The ledger, held by this process alone: two runs at once could both send a pending message."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(lock_path, "a")
    except OSError as exc:
        raise PressgenError([Problem(display_path(path), 1, 1, "", _cannot_write(exc))]) from None
    with lock:
        if not _try_lock(lock):
            raise PressgenError([Problem(display_path(path), 1, 1, "", "another pressgen send is using this ledger; wait for it to finish")])
        ledger = Ledger(path, log)
        try:
            yield ledger
        finally:
            ledger.close()


def in_use(path: Path) -> bool:
    """Whether a send is running on this ledger now (its 'sending' rows are then not unknown yet)."""
    lock_path = path.with_name(path.name + ".lock")
    if not lock_path.exists():
        return False
    try:
        with open(lock_path, "r") as lock:
            return not _try_lock(lock)
    except OSError:
        return False  # unreadable: no run of ours holds it


def _try_lock(lock: IO[str]) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _sync_folder(folder: Path) -> None:
    """A new file's directory entry is only durable once its folder is synced."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cannot_write(exc: BaseException) -> str:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot write the delivery ledger: {detail} (a read-only or full file system, or a file marked immutable?)"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
