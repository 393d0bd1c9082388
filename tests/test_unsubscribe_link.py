"""One-click unsubscribe (RFC 8058) under a real WSGI server: the POST with the mailed token unsubscribes, GET only asks."""

from __future__ import annotations

import datetime as dt
import email
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from pathlib import Path

import pytest
from test_inbox_support import Mailed, mailed  # noqa: F401
from test_send_support import configure_send, smtp_server, write_list  # noqa: F401

from conftest import TEMPLATES, run_cli
from pressgen.distribution import unsubscribe
from pressgen.tokens import Tokens

SEED = "releases/2026-04-21-itri-mou.yaml"


@dataclass
class Site:
    base: str
    project: Path

    def links(self) -> dict[str, str]:
        """Recipient → the one-click URL of a dry run's message, as the mail provider reads it from List-Unsubscribe."""
        code, out, err = run_cli("send", SEED, "--list", "media.csv", "--dry-run", "--no-pdf", "--outbox", "outbox")
        assert code == 0, err
        found = {}
        for path in sorted((self.project / "outbox").glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            link = re.search(r"<(https://[^>]+)>", message["List-Unsubscribe"])[1]  # type: ignore[index]
            found[message["To"].addresses[0].addr_spec] = link
        return found

    def local(self, link: str) -> str:
        """The mailed https URL, as the proxy in front of the WSGI server passes it on."""
        parts = urllib.parse.urlsplit(link)
        return self.base + parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")

    def recorded(self) -> list[tuple[str, str, str]]:
        ledger = self.project / "distribution.sqlite"
        if not ledger.exists():
            return []
        with sqlite3.connect(ledger) as db:
            return db.execute("SELECT address, kind, release_id FROM feedback ORDER BY address").fetchall()


def fetch(url: str, data: bytes | None = None, content_type: str = "application/x-www-form-urlencoded") -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type} if data is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


ONE_CLICK = b"List-Unsubscribe=One-Click"


@contextmanager
def served(project: Path) -> Iterator[str]:
    """The unsubscribe pages of `project` under waitress on a free port; its base URL. Stopped between two turns of its
    loop, so that no thread is left polling a closed socket."""
    import waitress
    from waitress import wasyncore

    from pressgen.spec import find_project
    from pressgen.webapp import create_app

    server = waitress.create_server(create_app(find_project(project), pages=["unsubscribe"]), host="127.0.0.1", port=0, threads=2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)  # type: ignore[union-attr]

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"  # type: ignore[union-attr]
    finally:
        stop.set()
        thread.join(5)
        server.close()


@pytest.fixture
def site(project: Path) -> Iterator[Site]:
    configure_send(project)
    write_list(project / "media.csv", 3)
    with served(project) as base:
        yield Site(base, project)


def test_get_asks_and_changes_nothing_the_one_click_post_unsubscribes_and_the_next_send_skips(site: Site) -> None:
    links = site.links()
    address = sorted(links)[1]
    link = site.local(links[address])
    for _ in range(3):  # a mail scanner following the link, a preview, a reload
        status, page = fetch(link)
        assert status == 200 and "Stop sending press releases to " + address in page and 'method="post"' in page
    assert site.recorded() == []
    started = time.perf_counter()
    status, page = fetch(link, ONE_CLICK)
    assert time.perf_counter() - started < 2  # answered at once, as RFC 8058 senders are expected to
    assert status == 200 and f"{address} will receive no more press releases" in page
    assert site.recorded() == [(address, "unsubscribed", "2026-04-21-itri-mou" if int(address[10:13]) % 2 == 0 else "2026-04-21-itri-mou-en")]
    status, page = fetch(link, ONE_CLICK)  # the provider retries: nothing changes
    assert status == 200 and len(site.recorded()) == 1
    status, page = fetch(link)
    assert status == 200 and "is already unsubscribed" in page and 'method="post"' not in page
    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--dry-run", "--no-pdf", "--outbox", "outbox")
    assert code == 0 and "skipped 1 suppressed address(es): 1 unsubscribed" in err
    assert "2 message(s)" in out and not any(address in p.name for p in (site.project / "outbox").iterdir())


def test_the_list_unsubscribe_header_is_written_as_mail_providers_read_it(site: Site) -> None:
    """RFC 2369 angle-bracketed URLs in plain ASCII: providers do not decode RFC 2047 words in this header."""
    site.links()
    for path in sorted((site.project / "outbox").glob("*.eml")):
        head = path.read_bytes().split(b"\r\n\r\n", 1)[0].decode("ascii")
        unfolded = re.sub(r"\r\n[ \t]+", " ", head)
        line = next(line for line in unfolded.split("\r\n") if line.startswith("List-Unsubscribe:"))
        assert "=?" not in line, line
        assert re.fullmatch(r"List-Unsubscribe: <https://[^<> ]+/unsubscribe/[^<> ]+>(, <mailto:[^<> ]+>)?", line), line
        assert all(len(raw) <= 998 for raw in head.split("\r\n"))


def test_the_confirmation_page_form_posts_the_one_click_body(site: Site) -> None:
    address, link = sorted(site.links().items())[0]
    status, page = fetch(site.local(link))
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', page))
    assert form == {"List-Unsubscribe": "One-Click"}
    status, page = fetch(site.local(link), urllib.parse.urlencode(form).encode())
    assert status == 200 and [row[0] for row in site.recorded()] == [address]


def test_a_post_without_the_one_click_body_changes_nothing(site: Site) -> None:
    link = site.local(next(iter(site.links().values())))
    status, page = fetch(link, b"anything=else")
    assert status == 400 and "did not say List-Unsubscribe=One-Click" in page
    assert site.recorded() == []


def test_invalid_forged_approval_and_expired_tokens_are_refused(site: Site) -> None:
    address, link = sorted(site.links().items())[0]
    token = urllib.parse.urlsplit(link).path.rsplit("/", 1)[1]
    now = dt.datetime.now(dt.timezone.utc)
    other_key = Tokens("unsubscribe", b"another-key-that-pressgen-never-used-0123456789")
    approval_key = Tokens("approve", unsubscribe.unsubscribe_tokens().key)  # the same key, another purpose
    refused = {
        "garbled": token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
        "not a token": "unsubscribe-me-please-now",
        "another key": other_key.issue({"e": address, "r": "2026-04-21-itri-mou"}, dt.timedelta(days=1)),
        "approval token": approval_key.issue({"e": address, "r": "2026-04-21-itri-mou"}, dt.timedelta(days=1)),
    }
    for name, bad in refused.items():
        status, page = fetch(f"{site.base}unsubscribe/{bad}", ONE_CLICK)
        assert status == 403 and "This unsubscribe link is not valid" in page, name
    expired = unsubscribe.unsubscribe_tokens().issue({"e": address, "r": "x"}, dt.timedelta(days=1), now - dt.timedelta(days=2))
    status, page = fetch(f"{site.base}unsubscribe/{expired}", ONE_CLICK)
    assert status == 410 and "expired on" in page and "Reply to the message" in page
    assert site.recorded() == []


def test_a_token_replayed_for_another_address_is_refused(site: Site) -> None:
    links = site.links()
    mine, victim = sorted(links)[:2]
    link = site.local(links[mine])
    replayed = link.replace(urllib.parse.quote(mine, safe=""), urllib.parse.quote(victim, safe=""))
    assert replayed != link
    for method in (None, ONE_CLICK):
        status, page = fetch(replayed, method)
        assert status == 403 and "issued for another address" in page
    assert site.recorded() == []


def test_a_ledger_that_cannot_be_written_answers_503_and_says_to_try_again(site: Site) -> None:
    link = site.local(next(iter(site.links().values())))
    configure_send(site.project, ledger="ledger-folder")
    (site.project / "ledger-folder").mkdir()
    with served(site.project) as base:
        status, page = fetch(link.replace(site.base, base), ONE_CLICK)
    assert status == 503 and "could not be recorded just now; nothing was changed" in page


def test_pressgen_webapp_serves_only_the_unsubscribe_pages_without_the_approval_key(site: Site) -> None:
    import os
    import subprocess
    import sys

    link = next(iter(site.links().values()))
    environment = {k: v for k, v in os.environ.items() if k != "PRESSGEN_APPROVAL_KEY"}
    command = [str(Path(sys.executable).parent / "pressgen"), "webapp", "--pages", "unsubscribe", "--port", "0"]
    process = subprocess.Popen(command, cwd=site.project, env=environment, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()  # type: ignore[union-attr]
        assert line.startswith("serving unsubscribe pages on http://127.0.0.1:"), line
        base = line.split(" on ", 1)[1].strip()
        parts = urllib.parse.urlsplit(link)
        status, page = fetch(f"{base}{parts.path.lstrip('/')}?{parts.query}")
        assert status == 200 and "Stop sending press releases to" in page
        assert fetch(f"{base}approve/anything")[0] == 404  # no approval pages on this host
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()  # type: ignore[union-attr]


def test_a_one_click_unsubscribe_reaches_send_status_and_the_suppression_list(mailed: Mailed) -> None:  # noqa: F811
    address = mailed.addresses[2]
    link = re.search(r"<(https://[^>]+)>", str(mailed.messages[address]["List-Unsubscribe"]))[1]  # type: ignore[index]
    parts = urllib.parse.urlsplit(link)
    with served(mailed.project) as base:
        status, page = fetch(f"{base}{parts.path.lstrip('/')}?{parts.query}")
        assert status == 200 and f"{address} へのプレスリリースの配信を停止しますか" in page and '<html lang="ja">' in page
        assert fetch(f"{base}{parts.path.lstrip('/')}?{parts.query}", ONE_CLICK)[0] == 200
    code, out, err = run_cli("send", "--status", SEED)
    assert "2026-04-21-itri-mou feedback: 0 bounced, 0 complained, 1 unsubscribed" in out
    row = next(line for line in out.splitlines() if address in line)
    assert row.startswith("  sent") and "| unsubscribed " in row and row.endswith("one-click unsubscribe link")
    (mailed.project / "Maildir" / "new").mkdir(parents=True)
    (mailed.project / "Maildir" / "cur").mkdir()
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0 and f"added 1 address(es) to {mailed.project / 'suppression.csv'}: {address}" in out
    assert "unsubscribed: one-click unsubscribe link" in mailed.suppression()[address]
    report = (mailed.project / "out" / "2026-04-21-itri-mou" / "delivery.csv").read_text("utf-8-sig")
    assert next(line for line in report.splitlines() if line.startswith(address)).endswith("one-click unsubscribe link")


@pytest.mark.parametrize("language", ["en", "ja", "zh-Hant"])
def test_the_pages_words_exist_in_every_language(language: str) -> None:
    from pressgen.spec.sources import cached_doc
    from pressgen.spec.validation import validate
    from pressgen.webapp.unsubscribe import UnsubscribeLabels

    labels = validate(cached_doc(TEMPLATES / "unsubscribe" / "i18n" / f"{language}.yaml"), UnsubscribeLabels)
    for key in UnsubscribeLabels.model_fields:
        text = str(getattr(labels, key)).format(address="a@example.com", date="2026-04-21")
        assert text.strip() and "{" not in text
    assert "a@example.com" in labels.confirm.format(address="a@example.com")
