"""Shared by the send tests: a real SMTP server (aiosmtpd) that records and misbehaves on cue, lists, settings."""

from __future__ import annotations

import asyncio
import csv
import email
import re
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

SEND_DEFAULTS = {
    "unsubscribe_url": "https://news.example.com/unsubscribe/{token}?address={email}",
    "unsubscribe_mailto": "unsubscribe@example.com",
    "security": "none",
    "rate": 60000,
    "retries": 2,
    "retry_delay": 0.01,
    "timeout": 10,
}


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps every accepted message and fails as a test asks it to."""

    received: list[Received] = field(default_factory=list)
    reject: dict[str, str] = field(default_factory=dict)  # address → reply to its RCPT
    defer_once: set[str] = field(default_factory=set)  # addresses whose first DATA gets a 451
    down_after: int | None = None  # after this many messages, every connection is dropped
    hold_at: int | None = None  # the message with this number is kept waiting for its reply
    after: dict[int, Callable[[], object]] = field(default_factory=dict)  # run once message N is in, before its reply
    drop_after_data: set[int] = field(default_factory=set)  # message N is read whole, then the connection drops unanswered
    closing: dict[int, str] = field(default_factory=dict)  # transaction N: 421 and a closed connection at MAIL, RCPT or DATA's end
    busy: dict[str, int] = field(default_factory=dict)  # address → how many of its RCPTs get a 452 first (-1: every one)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    transactions: int = 0  # MAIL commands seen

    @property
    def down(self) -> bool:
        return self.down_after is not None and len(self.received) >= self.down_after

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        if self.down:
            server.transport.close()
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.down:
            server.transport.close()
            return "421 4.3.2 going down"
        self.transactions += 1
        session.transaction = self.transactions
        if self.closing.get(self.transactions) == "MAIL":
            return await _close_with_421(server)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address in self.reject:
            return self.reject[address]
        if self.closing.get(session.transaction) == "RCPT":
            return await _close_with_421(server)
        if self.busy.get(address, 0):
            self.busy[address] -= self.busy[address] > 0
            return "452 4.2.2 mailbox full, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        (address,) = envelope.rcpt_tos
        if address in self.defer_once:
            self.defer_once.discard(address)
            return "451 4.7.1 greylisted, try again later"
        if self.closing.get(session.transaction) == "DATA":  # read whole, not taken
            return await _close_with_421(server)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        if len(self.received) in self.drop_after_data:
            server.transport.abort()  # taken, but the reply never goes out
            return "250 2.0.0 queued"
        if len(self.received) in self.after:
            self.after.pop(len(self.received))()
        if self.hold_at == len(self.received):
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return "250 2.0.0 queued"

    def per_recipient(self) -> Counter[str]:
        return Counter(r for message in self.received for r in message.recipients)


async def _close_with_421(server) -> str:  # type: ignore[no-untyped-def]
    """The reply a server going down gives (RFC 5321 3.8), then the connection closed under the client."""
    await server.push("421 4.3.2 service shutting down, closing transmission channel")
    server.transport.abort()
    return "421 4.3.2 closed"  # written to a closed connection: never read


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def reported(project: Path, release: str = "2026-04-21-itri-mou") -> dict[str, str]:
    """Each recipient's state in the delivery report of the last run (out/RELEASE/delivery.csv)."""
    with open(project / "out" / release / "delivery.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["email"]: row["state"] for row in csv.DictReader(handle)}


def ledger_states(spec: Path) -> dict[str, str]:
    """Each recipient's state as `pressgen send --status` reports it from the ledger."""
    from pressgen.distribution import ledger_status
    from pressgen.distribution.report import state_of

    status = ledger_status(str(spec))
    return {entry.key.recipient: state_of(entry, status.running) for entry in status.entries}


def assert_invariant(states: dict[str, str], recorder: Recorder, addresses: list[str]) -> None:
    """Counted at the server: at most one message each; not received → not sent or unknown; reported sent → received."""
    counts = recorder.per_recipient()
    assert set(counts) <= set(addresses), f"mailed outside the list: {set(counts) - set(addresses)}"
    for address in addresses:
        state = states.get(address, "not sent")  # a run killed before it planned the letters left no row
        assert counts[address] <= 1, f"{address} got {counts[address]} messages"
        if state == "sent":
            assert counts[address] == 1, f"{address} is reported sent but was not received"
        if counts[address] == 0:
            assert state in ("not sent", "unknown"), f"{address} was not received but is reported {state}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> SmtpServer:
    """aiosmtpd on 127.0.0.1 at a free port, for one test."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer("127.0.0.1", port, recorder)  # type: ignore[misc]
    recorder.release.set()
    controller.stop()


def configure_send(project: Path, **values: object) -> None:
    """Replace the [tool.pressgen.send] table of the project's pyproject.toml (test defaults plus `values`)."""
    pyproject = project / "pyproject.toml"
    text = re.sub(r"(?ms)^\[tool\.pressgen\.send\]\n.*?(?=^\[|\Z)", "", pyproject.read_text("utf-8"))
    settings = {**SEND_DEFAULTS, **values}
    lines = [f"{key} = {_toml(value)}" for key, value in settings.items() if value is not None]
    pyproject.write_text(text.rstrip() + "\n\n[tool.pressgen.send]\n" + "\n".join(lines) + "\n", "utf-8")


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def write_list(path: Path, count: int, languages: tuple[str, ...] = ("ja", "en")) -> list[str]:
    """A CSV media list of `count` journalists at example.com, languages in turn; their addresses."""
    rows = ["name,outlet,email,language,tags"]
    addresses = []
    for n in range(count):
        address = f"journalist{n:03d}@example.com"
        rows.append(f"記者 {n:03d},テスト新聞 {n},{address},{languages[n % len(languages)]},biotech")
        addresses.append(address)
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return addresses


@pytest.fixture(scope="module")
def pdf_once() -> None:
    """Each version's PDF rendered once per test module: the writer's result is reused for the same page."""
    from pressgen.writers import WRITERS

    writer = WRITERS["pdf"]
    cache: dict[str, bytes] = {}

    class CachedPdf:
        name, suffix, elsewhere = writer.name, writer.suffix, False  # rendered here, once

        def start(self, page):  # type: ignore[no-untyped-def]
            if page.html not in cache:
                cache[page.html] = writer.write(page)
            return lambda: cache[page.html]

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(WRITERS, "pdf", CachedPdf())
        yield
