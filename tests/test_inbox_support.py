"""Shared by the inbox tests: a project that really mailed a list (aiosmtpd), and the samples of tests/inbox/ filled in."""

from __future__ import annotations

import mailbox
import re
import sqlite3
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from string import Template

import pytest
from test_send_support import SmtpServer, configure_send, smtp_server, write_list  # noqa: F401

from conftest import ROOT, run_cli, sign_off

SEED = "releases/2026-04-21-itri-mou.yaml"
SEED_EN = "releases/2026-04-21-itri-mou-en.yaml"
SAMPLES = ROOT / "tests" / "inbox"
COUNT = 10


@dataclass
class Mailed:
    """A project whose release went to COUNT journalists, and the messages they got."""

    project: Path
    addresses: list[str]
    messages: dict[str, EmailMessage]

    def sample(self, name: str, to: str) -> bytes:
        """tests/inbox/NAME.eml about the message `to` got: its Message-ID, List-Unsubscribe and token."""
        message = self.messages[to]
        header = " ".join(str(message["List-Unsubscribe"]).split())
        token = re.search(r"subject=unsubscribe%20([A-Za-z0-9_.-]+)>", header)[1]  # type: ignore[index]
        values = {"to": to, "sender": message["From"].addresses[0].addr_spec, "message_id": message["Message-ID"],
                  "list_unsubscribe": header, "token": token}
        text = Template((SAMPLES / f"{name}.eml").read_text("utf-8")).safe_substitute(values)
        return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")

    def feedback(self) -> list[tuple[str, str, str]]:
        """(address, kind, release) of every row of the feedback record."""
        with sqlite3.connect(self.project / "distribution.sqlite") as db:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'feedback'").fetchone():
                return []
            return db.execute("SELECT address, kind, release_id FROM feedback ORDER BY address, kind").fetchall()

    def suppression(self) -> dict[str, str]:
        path = self.project / "suppression.csv"
        if not path.exists():
            return {}
        lines = path.read_text("utf-8").splitlines()[1:]
        return {line.split(",")[0]: line for line in lines}

    def release_of(self, address: str) -> str:
        return "2026-04-21-itri-mou" if int(address[10:13]) % 2 == 0 else "2026-04-21-itri-mou-en"


@pytest.fixture
def mailed(project: Path, smtp_server: SmtpServer) -> Mailed:  # noqa: F811
    sign_off(project, project / SEED, project / SEED_EN)
    configure_send(project, smtp=smtp_server.address)
    addresses = write_list(project / "media.csv", COUNT)
    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--no-pdf")
    assert code == 0, err
    messages = {item.recipients[0]: item.message() for item in smtp_server.recorder.received}
    assert sorted(messages) == addresses
    return Mailed(project, addresses, messages)


def maildir(folder: Path, messages: list[bytes]) -> Path:
    """A Maildir holding `messages` in new/, as a delivery agent leaves them."""
    box = mailbox.Maildir(folder, create=True)
    for data in messages:
        box.add(data)
    box.close()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a Maildir by its path (names carry the flags): what must not change."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
