"""The record of approval requests and their answers, of reviewers' comments imported from Word, and of the versions
that went out for review (SQLite): what was mailed to whom, which links were used, how; who commented on what, and
whether it was resolved; the spec and registry files of each version, by content hash."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PressgenError, Problem
from ..tokens import UseRecord
from .evidence import REQUEST

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
  nonce TEXT PRIMARY KEY, release TEXT NOT NULL, content TEXT NOT NULL, org TEXT NOT NULL, person TEXT NOT NULL,
  email TEXT NOT NULL, sent_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
  nonce TEXT PRIMARY KEY, release TEXT NOT NULL, content TEXT NOT NULL, org TEXT NOT NULL, person TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('approved', 'changes')), comment TEXT NOT NULL, field TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, release TEXT NOT NULL, content TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL,
  registry TEXT NOT NULL, field TEXT NOT NULL, quote TEXT NOT NULL, offset INTEGER NOT NULL, comment TEXT NOT NULL,
  resolved_at TEXT NOT NULL DEFAULT '', UNIQUE (release, author, at, registry, field, comment));
CREATE TABLE IF NOT EXISTS versions (
  content TEXT PRIMARY KEY, release TEXT NOT NULL, files TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS requests_by_release ON requests (release);
CREATE INDEX IF NOT EXISTS answers_by_release ON answers (release);
"""
_lock = threading.Lock()  # one answer at a time in this process; BEGIN IMMEDIATE serializes processes


@dataclass(frozen=True)
class Sent:
    nonce: str
    release: str
    content: str
    org: str
    person: str
    email: str
    sent_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class Answer:
    nonce: str
    release: str
    content: str
    org: str
    person: str
    action: str  # approved or changes
    comment: str
    field: str  # the part of the release a change request is about; empty for the release as a whole
    at: dt.datetime


@dataclass(frozen=True)
class WordComment:
    """A reviewer's comment from a returned DOCX, on `quote` at `offset` of a field (of a registry file when `registry`)."""

    release: str
    content: str  # the version the DOCX was made from (short hash)
    author: str
    at: str  # as Word dated it
    registry: str
    field: str
    quote: str
    offset: int
    comment: str
    resolved_at: str = ""
    id: int = 0


class ApprovalLog:
    """One SQLite file; every write is a transaction of its own."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.connection.executescript(_SCHEMA)
            self.uses = UseRecord(self.connection)
        except sqlite3.Error as exc:
            raise PressgenError([Problem(str(path), 1, 1, "", f"cannot open the approval record: {exc}")]) from None

    def close(self) -> None:
        self.connection.close()

    def record_request(self, sent: Sent) -> None:
        self.connection.execute(
            "INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (sent.nonce, sent.release, sent.content, sent.org, sent.person, sent.email, sent.sent_at.isoformat(),
             sent.expires_at.isoformat()),
        )

    def answer(self, claims: dict[str, Any], answer: Answer, record: Callable[[], None]) -> None:
        """Consume the link's token, record the answer and run `record` (which writes the approval into the spec) as one
        transaction: if any of them fails, the token stays unused and nothing is recorded. TokenError if it was used."""
        with _lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                self.uses.consume(REQUEST, claims, answer.at)
                self.connection.execute(
                    "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (answer.nonce, answer.release, answer.content, answer.org, answer.person, answer.action, answer.comment,
                     answer.field, answer.at.isoformat()),
                )
                record()
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    def add_comments(self, comments: list[WordComment], then: Callable[[], None]) -> int:
        """Record the comments not recorded yet (those with `resolved_at` resolve the same comment recorded open before:
        Word's "resolve") and run `then` (which writes the spec) as one transaction; how many open ones were new."""
        with _lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                added = 0
                for c in comments:
                    added += self.connection.execute(
                        "INSERT OR IGNORE INTO comments (release, content, author, at, registry, field, quote, offset,"
                        " comment, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (c.release, c.content, c.author, c.at, c.registry, c.field, c.quote, c.offset, c.comment,
                         c.resolved_at)).rowcount if not c.resolved_at else 0
                    if c.resolved_at:
                        self.connection.execute(
                            "UPDATE comments SET resolved_at = ? WHERE release = ? AND author = ? AND at = ? AND comment = ?"
                            " AND resolved_at = ''", (c.resolved_at, c.release, c.author, c.at, c.comment))
                then()
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        return added

    def comments(self, release: str) -> list[WordComment]:
        rows = self.connection.execute(
            "SELECT release, content, author, at, registry, field, quote, offset, comment, resolved_at, id FROM comments"
            " WHERE release = ? ORDER BY id", (release,)).fetchall()
        return [WordComment(*row) for row in rows]

    def resolve(self, release: str, ids: list[int], at: dt.datetime) -> list[int]:
        """Mark these comments resolved; the ids that were open."""
        open_ids = {c.id for c in self.comments(release) if not c.resolved_at}
        done = [i for i in ids if i in open_ids]
        self.connection.executemany("UPDATE comments SET resolved_at = ? WHERE id = ?", [(at.isoformat(), i) for i in done])
        return done

    def record_version(self, content: str, release: str, files: dict[str, str], at: dt.datetime) -> None:
        """Keep the files of one version (relative path → text), once."""
        self.connection.execute("INSERT OR IGNORE INTO versions VALUES (?, ?, ?, ?)",
                                (content, release, json.dumps(files, ensure_ascii=False), at.isoformat()))

    def version(self, content: str) -> dict[str, str] | None:
        """The files of the version whose content hash starts with `content`; None when it was never recorded."""
        row = self.connection.execute("SELECT files FROM versions WHERE substr(content, 1, ?) = ?",
                                      (len(content), content)).fetchone()
        return json.loads(row[0]) if row else None

    def requests(self, release: str) -> list[Sent]:
        rows = self.connection.execute("SELECT * FROM requests WHERE release = ? ORDER BY sent_at", (release,)).fetchall()
        return [Sent(*row[:6], dt.datetime.fromisoformat(row[6]), dt.datetime.fromisoformat(row[7])) for row in rows]

    def answers(self, release: str) -> list[Answer]:
        rows = self.connection.execute("SELECT * FROM answers WHERE release = ? ORDER BY at", (release,)).fetchall()
        return [Answer(*row[:8], dt.datetime.fromisoformat(row[8])) for row in rows]

    def answer_to(self, nonce: str) -> Answer | None:
        row = self.connection.execute("SELECT * FROM answers WHERE nonce = ?", (nonce,)).fetchone()
        return Answer(*row[:8], dt.datetime.fromisoformat(row[8])) if row else None


def open_log(path: Path, must_exist: bool = False) -> ApprovalLog | None:
    """The record at `path`; None when it does not exist and need not (nothing was requested yet)."""
    if must_exist is False and not path.exists():
        return None
    return ApprovalLog(path)
