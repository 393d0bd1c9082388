"""Where `pressgen inbox` reads: a Maildir, an mbox file or an IMAP folder over TLS, each read-only, flags untouched.

A mailbox yields its messages as items: a stable place (the key under which the ledger remembers
that a message was read), a size known before the bytes are fetched, and a function that fetches
them. Nothing here moves, deletes or flags a message: a Maildir's files are opened for reading, an
mbox is parsed as it is, an IMAP folder is opened with EXAMINE and read with BODY.PEEK.
"""

from __future__ import annotations

import base64
import hashlib
import imaplib
import mailbox
import os
import re
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import PressgenError, Problem
from ..spec.yamlsource import display_path

MAX_MESSAGE = 10_000_000  # bytes: a bounce, a complaint or a request is small; larger mail is not read
IMAP_BATCH = 200  # messages fetched per IMAP command


@dataclass(frozen=True)
class Item:
    place: str  # stable within its mailbox: what the ledger remembers as read
    label: str  # how messages name it: Maildir/new/FILE, mbox message 7, INBOX UID 42
    size: int
    read: Callable[[], bytes]


class MailboxGone(Exception):
    """The mailbox disappeared (or the server dropped it) while it was being read."""


class Mailbox(Protocol):
    name: str
    prefix: str  # every place of this mailbox starts with it

    def items(self) -> Iterator[Item]: ...

    def close(self) -> None: ...


class Maildir:
    """A Maildir (cur/, new/, tmp/): new and cur, in name order; each file opened for reading only."""

    def __init__(self, path: Path):
        if not all((path / sub).is_dir() for sub in ("cur", "new")):
            raise PressgenError([Problem(display_path(path), 1, 1, "", "is not a Maildir (no cur/ and new/ folders in it)")])
        self.path = path
        self.name = display_path(path)
        self.prefix = f"maildir:{path.resolve()}:"

    def items(self) -> Iterator[Item]:
        names = []
        for sub in ("new", "cur"):
            try:
                names += [(sub, entry.name) for entry in os.scandir(self.path / sub) if not entry.name.startswith(".")]
            except FileNotFoundError:
                raise MailboxGone(f"{self.name}: the Maildir disappeared while it was being read") from None
        for sub, name in sorted(names):
            unique = name.split(":", 1)[0]  # a mail program that moves new/ to cur/ or sets a flag keeps this part
            path = self.path / sub / name
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                if not (self.path / "cur").is_dir():
                    raise MailboxGone(f"{self.name}: the Maildir disappeared while it was being read") from None
                continue  # deleted or moved meanwhile by a mail program: it is read at the next run, if still there
            yield Item(self.prefix + unique, f"{self.name}/{sub}/{name}", size, lambda path=path: self._read(path))

    def close(self) -> None:
        pass  # nothing is held open between messages

    def _read(self, path: Path) -> bytes:
        try:
            with open(path, "rb") as handle:
                return handle.read(MAX_MESSAGE + 1)
        except FileNotFoundError:
            if not (self.path / "cur").is_dir():
                raise MailboxGone(f"{self.name}: the Maildir disappeared while it was being read") from None
            return b""


class Mbox:
    """An mbox file, parsed as it is (no lock taken, nothing written); a message's place is a digest of its bytes."""

    def __init__(self, path: Path):
        try:
            self.box = mailbox.mbox(path, create=False)
            self.keys = self.box.keys()
        except (OSError, mailbox.Error) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or "no such file"
            raise PressgenError([Problem(display_path(path), 1, 1, "", f"cannot read this mbox: {detail}")]) from None
        self.name = display_path(path)
        self.prefix = f"mbox:{path.resolve()}:"

    def items(self) -> Iterator[Item]:
        for number, key in enumerate(self.keys, 1):
            try:
                with self.box.get_file(key) as handle:
                    data = handle.read(MAX_MESSAGE + 1)
            except OSError as exc:
                raise MailboxGone(f"{self.name}: cannot read message {number}: {exc.strerror or exc}") from None
            digest = hashlib.sha256(data).hexdigest()[:32]
            yield Item(self.prefix + digest, f"{self.name} message {number}", len(data), lambda data=data: data)

    def close(self) -> None:
        self.box.close()


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    username: str
    password: str
    folder: str
    cafile: Path | None
    timeout: float


class Imap:
    """An IMAP folder over TLS (port 993, the certificate checked), opened read-only (EXAMINE)."""

    def __init__(self, account: ImapAccount):
        self.account = account
        self.name = f"imaps://{account.username}@{account.host}:{account.port}/{account.folder}"
        context = ssl.create_default_context(cafile=str(account.cafile) if account.cafile else None)
        try:
            self.client = imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=account.timeout)
        except (OSError, ssl.SSLError, imaplib.IMAP4.error) as exc:
            raise self._problem(f"cannot connect: {_detail(exc)}") from None
        try:
            self.client.login(account.username, account.password)
        except imaplib.IMAP4.error as exc:
            self.close()
            raise self._problem(f"the server refused the login of {account.username}: {_detail(exc)}") from None
        typ, data = self._command(lambda: self.client.select(quoted_folder(account.folder), readonly=True))
        if typ != "OK":
            self.close()
            raise self._problem(f"no folder {account.folder!r} on the server ({_detail(data)})")
        validity = self.client.untagged_responses.get("UIDVALIDITY", [b"0"])[-1].decode()
        self.prefix = f"imap:{account.username}@{account.host}:{account.port}/{account.folder};UIDVALIDITY={validity}:"

    def items(self) -> Iterator[Item]:
        typ, data = self._command(lambda: self.client.uid("SEARCH", "ALL"))
        if typ != "OK":
            raise MailboxGone(f"{self.name}: the folder cannot be searched any more ({_detail(data)})")
        uids = data[0].split() if data and data[0] else []
        for start in range(0, len(uids), IMAP_BATCH):
            batch = uids[start : start + IMAP_BATCH]
            for uid, size in self._sizes(batch):
                yield Item(self.prefix + uid, f"{self.name} UID {uid}", size, lambda uid=uid: self._fetch(uid))

    def _sizes(self, uids: list[bytes]) -> list[tuple[str, int]]:
        typ, data = self._command(lambda: self.client.uid("FETCH", b",".join(uids).decode(), "(RFC822.SIZE)"))
        if typ != "OK":
            raise MailboxGone(f"{self.name}: the folder cannot be read any more ({_detail(data)})")
        found = []
        for line in data:
            text = line.decode("ascii", "replace") if isinstance(line, bytes) else ""
            match = re.search(r"UID (\d+)", text), re.search(r"RFC822\.SIZE (\d+)", text)
            if match[0] and match[1]:
                found.append((match[0][1], int(match[1][1])))
        return found

    def _fetch(self, uid: str) -> bytes:
        # BODY.PEEK never sets \Seen (RFC 3501 6.4.5); the folder is open read-only besides.
        typ, data = self._command(lambda: self.client.uid("FETCH", uid, "(BODY.PEEK[])"))
        if typ != "OK":
            raise MailboxGone(f"{self.name}: the folder cannot be read any more ({_detail(data)})")
        for part in data:
            if isinstance(part, tuple):
                return part[1][: MAX_MESSAGE + 1]
        return b""  # expunged meanwhile by another client

    def _command(self, run: Callable[[], tuple[str, list]]) -> tuple[str, list]:  # type: ignore[type-arg]
        try:
            return run()
        except (imaplib.IMAP4.abort, OSError, ssl.SSLError) as exc:
            said = _detail(exc).rpartition(" failed: ")[2]  # imaplib's "command: UID => FETCH failed: <the server's words>"
            raise MailboxGone(f"{self.name}: the folder went away during the run (the server said: {said})") from None
        except imaplib.IMAP4.error as exc:
            return "NO", [str(exc).encode()]

    def close(self) -> None:
        try:
            self.client.logout()
        except (imaplib.IMAP4.error, OSError, ssl.SSLError, socket.timeout):
            pass

    def _problem(self, message: str) -> PressgenError:
        return PressgenError([Problem(self.name, 1, 1, "", message)])


def quoted_folder(folder: str) -> str:
    """The folder name as IMAP writes it: modified UTF-7 (RFC 3501 5.1.3) for non-ASCII names, quoted."""
    encoded, pending = [], ""

    def flush() -> None:
        if pending:
            utf16 = base64.b64encode(pending.encode("utf-16-be")).decode("ascii").rstrip("=").replace("/", ",")
            encoded.append(f"&{utf16}-")

    for char in folder:
        if " " <= char <= "~":
            flush()
            pending = ""
            encoded.append("&-" if char == "&" else char)
        else:
            pending += char
    flush()
    name = "".join(encoded)
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _detail(value: object) -> str:
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes)).decode("utf-8", "replace")
    if isinstance(value, OSError) and value.strerror:
        return value.strerror
    return str(value).strip() or type(value).__name__
