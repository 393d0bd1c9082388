"""pressgen inbox on local mailboxes: bounces of four MTAs, ARF complaints and unsubscribes in, everything else untouched."""

from __future__ import annotations

import mailbox
import shutil
from pathlib import Path

import pytest
from test_inbox_support import Mailed, maildir, mailed, snapshot  # noqa: F401
from test_send_support import configure_send, smtp_server  # noqa: F401

from conftest import run_cli
from pressgen.distribution.inbox import read_mailbox
from pressgen.distribution.ledger import Key, Ledger
from pressgen.distribution.mailboxes import Maildir, Mbox
from pressgen.spec import find_project

SEED = "releases/2026-04-21-itri-mou.yaml"


def kinds(mailed: Mailed) -> dict[str, str]:
    return {address: kind for address, kind, _ in mailed.feedback()}


def test_bounces_complaints_and_unsubscribes_from_a_maildir(mailed: Mailed) -> None:
    a = mailed.addresses
    samples = [
        ("postfix-user-unknown", a[0]), ("exim-failed", a[1]), ("exchange-ndr", a[2]), ("gmail-no-such-user", a[3]),
        ("arf-abuse", a[4]), ("arf-headers-only", a[5]), ("unsubscribe-with-token", a[6]), ("postfix-delayed", a[7]),
        ("unsubscribe-forged", a[8]), ("reply", a[9]), ("malformed-dsn", a[9]), ("delivered-dsn", a[9]),
    ]
    folder = maildir(mailed.project / "Maildir", [mailed.sample(name, to) for name, to in samples])
    before = snapshot(folder)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 1  # two messages left for a person: the forged request and the malformed DSN
    assert "Maildir: 12 message(s): 4 bounced, 1 deferred, 2 complained, 1 unsubscribed, 1 refused, 1 unreadable, 2 left untouched" in out
    assert "an unsubscribe request not honoured: it carries no token of pressgen's, and nothing vouches for its From" in err
    assert f"its From {a[8]}" in err and "a From can be forged by anyone" in err
    assert "a delivery status notification (RFC 3464) with no readable per-recipient block" in err
    assert kinds(mailed) == {a[0]: "bounced", a[1]: "bounced", a[2]: "bounced", a[3]: "bounced", a[4]: "complained",
                             a[5]: "complained", a[6]: "unsubscribed", a[7]: "deferred"}
    assert all(release == mailed.release_of(address) for address, _, release in mailed.feedback())
    listed = mailed.suppression()
    assert sorted(listed) == sorted(a[:7])
    assert "5.1.1" in listed[a[0]] and "User unknown in virtual mailbox table" in listed[a[0]]
    assert "550 5.1.1" in listed[a[1]] and "no such user here" in listed[a[1]]
    assert "The recipient name is not recognized" in listed[a[2]]  # Exchange's report has no DSN and no SMTP code
    assert "The email account that you tried to reach does not exist" in listed[a[3]]
    assert "spam complaint (ARF, Feedback-Type: abuse) from ExampleFBL/2.1" in listed[a[4]]
    assert f"added 7 address(es) to {mailed.project / 'suppression.csv'}" in out
    assert snapshot(folder) == before  # nothing moved, renamed (flags) or changed
    # The delivery report shows what came back.
    report = (mailed.project / "out" / "2026-04-21-itri-mou" / "delivery.csv").read_text("utf-8-sig")
    assert f"{a[0]}," in report and "bounced 2026-04-21: permanent failure: 5.1.1" in report
    # One report for both language versions (the send's), each row marked by its own release and address.
    assert f"updated {mailed.project / 'out' / '2026-04-21-itri-mou' / 'delivery.csv'}: 4 bounced, 2 complained, 1 unsubscribed" in out
    en_row = next(line for line in report.splitlines() if line.startswith(f"{a[1]},"))
    assert ",2026-04-21-itri-mou-en,sent," in en_row and "bounced 2026-04-21: permanent failure: 550 5.1.1" in en_row

    code, out, err = run_cli("send", "--status", SEED)
    assert code == 0
    assert "2026-04-21-itri-mou feedback: 2 bounced, 1 complained, 1 unsubscribed" in out
    assert "2026-04-21-itri-mou-en feedback: 2 bounced, 1 complained, 0 unsubscribed; 1 with temporary failures (not suppressed yet)" in out
    row = next(line for line in out.splitlines() if a[0] in line)
    assert row.startswith("  sent") and "| bounced 2026-04-21: permanent failure: 5.1.1" in row

    listed_bytes = (mailed.project / "suppression.csv").read_bytes()
    rows = mailed.feedback()
    code, out, err = run_cli("inbox", "--maildir", "Maildir")  # again: nothing changes
    assert "10 read before" in out and "added" not in out
    assert mailed.feedback() == rows and (mailed.project / "suppression.csv").read_bytes() == listed_bytes
    assert snapshot(folder) == before

    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--dry-run", "--no-pdf", "--outbox", "outbox")
    assert code == 0 and "skipped 7 suppressed address(es): 4 bounced, 2 complained, 1 unsubscribed" in err
    assert "wrote 3 message(s)" in out


def test_temporary_failures_suppress_only_after_the_configured_number_of_releases(mailed: Mailed) -> None:
    configure_send(mailed.project, soft_bounce_releases=2)
    address = mailed.addresses[0]
    first = mailed.sample("gmail-mailbox-full", address)
    folder = maildir(mailed.project / "Maildir", [first, mailed.sample("postfix-delayed", address)])
    assert run_cli("inbox", "--maildir", "Maildir")[0] == 0
    assert kinds(mailed) == {address: "deferred"} and mailed.suppression() == {}  # two warnings, one release
    # A later release to the same journalist, delayed too.
    ledger = Ledger(mailed.project / "distribution.sqlite")
    key = Key("2026-05-12-later-release", "c0ffee" * 10, address)
    ledger.plan([(key, "ja", "<later.0001@press.example.com>")])
    ledger.entries([key.release_id])
    ledger.mark(key, "sent", "250 ok")
    ledger.close()
    later = first.replace(mailed.messages[address]["Message-ID"].encode(), b"<later.0001@press.example.com>")
    later = later.replace(b"<6804e6c1.", b"<6804e6c2.")  # the report's own Message-ID
    mailbox.Maildir(folder).add(later)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0, err
    assert "bounced: temporary failures for 2 releases" in mailed.suppression()[address]
    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--dry-run", "--no-pdf", "--outbox", "outbox")
    assert "skipped 1 suppressed address(es): 1 bounced" in err


def test_an_unsubscribe_without_token_counts_only_when_our_server_vouches_for_its_from(mailed: Mailed) -> None:
    a = mailed.addresses
    samples = [mailed.sample("unsubscribe-authenticated", a[0]), mailed.sample("unsubscribe-spoofed-results", a[1])]
    maildir(mailed.project / "Maildir", samples)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 1 and kinds(mailed) == {}
    assert "set trusted_authserv_id to your receiving server's Authentication-Results id" in err
    configure_send(mailed.project, trusted_authserv_id="mx.example.com")
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert kinds(mailed) == {a[0]: "unsubscribed"}  # DMARC pass for example.com in our server's topmost header
    assert code == 1 and f"mx.example.com did not find DMARC passing for its From {a[1]}" in err  # a lower header is the sender's


def test_an_out_of_office_reply_is_left_without_a_note(mailed: Mailed) -> None:
    """An RFC 3834 auto-reply comes from the null sender like a bounce, but reports no failure: nothing to say."""
    a = mailed.addresses
    folder = maildir(mailed.project / "Maildir", [mailed.sample("out-of-office", a[0]), mailed.sample("postfix-user-unknown", a[1])])
    before = snapshot(folder)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0, err
    assert "2 message(s): 1 bounced, 1 left untouched" in out and err == ""
    assert kinds(mailed) == {a[1]: "bounced"}
    assert snapshot(folder) == before


def test_an_mbox_reads_the_same(mailed: Mailed, tmp_path: Path) -> None:
    a = mailed.addresses
    box = mailbox.mbox(mailed.project / "bounces.mbox")
    for name, to in (("postfix-user-unknown", a[0]), ("arf-abuse", a[1]), ("reply", a[2])):
        box.add(mailed.sample(name, to))
    box.close()
    before = (mailed.project / "bounces.mbox").read_bytes()
    code, out, err = run_cli("inbox", "--mbox", "bounces.mbox")
    assert code == 0, err
    assert "3 message(s): 1 bounced, 1 complained, 1 left untouched" in out
    assert kinds(mailed) == {a[0]: "bounced", a[1]: "complained"}
    assert (mailed.project / "bounces.mbox").read_bytes() == before


def test_a_20_mb_message_is_left_unread_and_the_rest_is_read(mailed: Mailed) -> None:
    huge = mailed.sample("reply", mailed.addresses[1]) + b"x" * (20 * 1024 * 1024) + b"\r\n"
    folder = maildir(mailed.project / "Maildir", [huge, mailed.sample("exim-failed", mailed.addresses[0])])
    before = snapshot(folder)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 1
    assert "bytes, more than the 10,000,000 a bounce, complaint or request can be; left in the mailbox, unread" in err
    assert "20,97" in err and kinds(mailed) == {mailed.addresses[0]: "bounced"}
    assert snapshot(folder) == before


def test_a_mailbox_that_disappears_mid_run_stops_with_what_was_read_recorded(mailed: Mailed) -> None:
    a = mailed.addresses
    folder = maildir(mailed.project / "Maildir", [mailed.sample("exim-failed", address) for address in a[:6]])
    read = []

    def remove_after_three() -> None:
        read.append(1)
        if len(read) == 4:
            shutil.rmtree(folder)

    run = read_mailbox(find_project(mailed.project), Maildir(folder), progress=remove_after_three)
    assert run.stopped == "Maildir: the Maildir disappeared while it was being read"
    assert run.counts["bounced"] == 3 and len(mailed.feedback()) == 3 and len(mailed.suppression()) == 3
    maildir(folder, [mailed.sample("exim-failed", address) for address in a[:6]])
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0 and len(mailed.feedback()) == 6  # the three recorded before are not counted twice


def test_a_run_cut_off_anywhere_loses_nothing(mailed: Mailed) -> None:
    a = mailed.addresses
    samples = [mailed.sample("gmail-no-such-user", a[0]), mailed.sample("arf-headers-only", a[1]), mailed.sample("unsubscribe-with-token", a[2])]
    folder = maildir(mailed.project / "Maildir", samples)
    count = []

    def crash_at_second() -> None:
        count.append(1)
        if len(count) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        read_mailbox(find_project(mailed.project), Maildir(folder), progress=crash_at_second)
    assert len(mailed.feedback()) == 1  # the first message's events were committed with it
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0, err
    assert "1 read before" in out
    assert kinds(mailed) == {a[0]: "bounced", a[1]: "complained", a[2]: "unsubscribed"}
    assert sorted(mailed.suppression()) == sorted(a[:3])


def test_the_suppression_list_keeps_its_encoding_columns_and_rows(mailed: Mailed) -> None:
    listed = mailed.project / "suppression.csv"
    listed.write_bytes("メールアドレス,理由,担当\r\nold@example.jp,本人から電話で依頼,山田\r\n".encode("cp932"))
    maildir(mailed.project / "Maildir", [mailed.sample("exim-failed", mailed.addresses[0])])
    assert run_cli("inbox", "--maildir", "Maildir")[0] == 0
    text = listed.read_bytes().decode("cp932")
    assert text.startswith("メールアドレス,理由,担当\r\nold@example.jp,本人から電話で依頼,山田\r\n")
    assert text.endswith(f"{mailed.addresses[0]},,\r\n")  # the list's own columns: only the address fits
    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--dry-run", "--no-pdf", "--outbox", "outbox")
    assert "skipped 1 suppressed address(es): 1 bounced" in err


def test_bad_mailboxes_are_refused_with_a_clear_message(mailed: Mailed) -> None:
    (mailed.project / "notmail").mkdir()
    code, out, err = run_cli("inbox", "--maildir", "notmail")
    assert code == 1 and "notmail:1:1: is not a Maildir (no cur/ and new/ folders in it)" in err
    code, out, err = run_cli("inbox", "--mbox", "missing.mbox")
    assert code == 1 and "missing.mbox:1:1: cannot read this mbox" in err
    code, out, err = run_cli("inbox")
    assert code == 1 and "no imap = \"HOST:PORT\" here" in err
    assert "Traceback" not in err


def test_a_second_run_at_the_same_time_is_refused(mailed: Mailed) -> None:
    import fcntl

    maildir(mailed.project / "Maildir", [mailed.sample("exim-failed", mailed.addresses[0])])
    with open(mailed.project / "distribution.sqlite.inbox.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 1 and "distribution.sqlite.inbox.lock:1:1: another pressgen inbox is reading into this ledger" in err
    assert mailed.feedback() == []
    assert run_cli("inbox", "--maildir", "Maildir")[0] == 0 and len(mailed.feedback()) == 1


def test_a_configured_suppression_list_that_is_missing_stops_the_run_before_anything_is_read(mailed: Mailed) -> None:
    configure_send(mailed.project, suppression="lists/suppression.csv")
    maildir(mailed.project / "Maildir", [mailed.sample("exim-failed", mailed.addresses[0])])
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 1 and "lists/suppression.csv:1:1: cannot read: No such file or directory" in err
    assert mailed.feedback() == []


def test_a_run_killed_outright_loses_nothing(mailed: Mailed) -> None:
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    names = ["postfix-user-unknown", "exim-failed", "exchange-ndr", "gmail-no-such-user", "arf-headers-only"]
    messages = []
    for n in range(600):  # each report its own Message-ID, as real ones have
        data = mailed.sample(names[n % len(names)], mailed.addresses[n % len(mailed.addresses)])
        messages.append(f"Message-ID: <kill.{n}@reports.example.net>\r\n".encode() + data)  # the first one is the one read
    maildir(mailed.project / "Maildir", messages)
    command = [str(Path(sys.executable).parent / "pressgen"), "inbox", "--maildir", "Maildir"]
    process = subprocess.Popen(command, cwd=mailed.project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    recorded = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(mailed.project / "distribution.sqlite", timeout=5) as db:
                recorded = db.execute("SELECT count(*) FROM inbox_seen").fetchone()[0]
        except sqlite3.OperationalError:
            recorded = 0  # the table is not there yet
        if recorded >= 50:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert 50 <= recorded < 600
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0, err
    with sqlite3.connect(mailed.project / "distribution.sqlite") as db:
        assert db.execute("SELECT count(DISTINCT source) FROM feedback").fetchone() == (600,)  # every report, once
        assert db.execute("SELECT count(*) FROM inbox_seen").fetchone() == (600,)
    assert sorted(mailed.suppression()) == sorted(mailed.addresses)
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert "600 read before" in out and "added" not in out


def test_an_unsubscribe_whose_token_is_in_the_body_counts(mailed: Mailed) -> None:
    address = mailed.addresses[3]
    data = mailed.sample("unsubscribe-with-token", address)
    head, _, body = data.partition(b"\r\n\r\n")
    subject = next(line for line in head.split(b"\r\n") if line.startswith(b"Subject: "))
    token = subject.split()[-1]
    data = head.replace(subject, b"Subject: Please remove me") + b"\r\n\r\nPlease remove me.\r\n\r\nunsubscribe " + token + b"\r\n"
    maildir(mailed.project / "Maildir", [data])
    code, out, err = run_cli("inbox", "--maildir", "Maildir")
    assert code == 0, err
    assert kinds(mailed) == {address: "unsubscribed"}
