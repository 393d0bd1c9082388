"""pressgen inbox on a real Dovecot over IMAPS: the folder read with EXAMINE and BODY.PEEK, no flag changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dovecot_server import PASSWORD, USER, Dovecot, dovecot
from test_inbox_support import Mailed, mailed  # noqa: F401
from test_send_support import configure_send, smtp_server  # noqa: F401

from conftest import run_cli
from pressgen.distribution.inbox import read_mailbox
from pressgen.distribution.mailboxes import Imap
from pressgen.distribution.settings import imap_account, load_settings
from pressgen.spec import find_project

FOLDER = "Press Bounces"  # a folder name with a space, quoted on the wire


@pytest.fixture
def server() -> Iterator[Dovecot]:
    with dovecot() as running:
        yield running


@pytest.fixture
def imap(mailed: Mailed, server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:  # noqa: F811
    configure_send(mailed.project, imap=f"127.0.0.1:{server.port}", imap_username=USER, imap_folder=FOLDER, imap_cafile=str(server.cafile))
    monkeypatch.setenv("PRESSGEN_IMAP_PASSWORD", PASSWORD)
    return server


def without_recent(flags: dict[str, str]) -> dict[str, str]:
    return {uid: " ".join(sorted(f for f in value.split() if f != "\\Recent")) for uid, value in flags.items()}


def test_bounces_complaints_and_requests_from_dovecot_leave_every_flag_as_it_was(mailed: Mailed, imap: Dovecot) -> None:
    a = mailed.addresses
    samples = [("postfix-user-unknown", a[0], ""), ("exim-failed", a[1], "(\\Seen)"), ("exchange-ndr", a[2], ""),
               ("gmail-no-such-user", a[3], "(\\Flagged)"), ("arf-abuse", a[4], ""), ("unsubscribe-with-token", a[5], ""),
               ("gmail-mailbox-full", a[6], ""), ("unsubscribe-forged", a[7], ""), ("reply", a[8], ""), ("reply", a[9], "(\\Seen)")]
    for name, to, flags in samples:
        imap.append(FOLDER, mailed.sample(name, to), flags)
    before = without_recent(imap.flags(FOLDER))
    assert list(before.values()).count("") == 7  # unread, as they arrived
    code, out, err = run_cli("inbox")
    assert code == 1, err  # the forged request is left for a person
    assert f"imaps://{USER}@127.0.0.1:{imap.port}/{FOLDER}: 10 message(s): 4 bounced, 1 deferred, 1 complained, 1 unsubscribed, 1 refused, 2 left untouched" in out
    assert "an unsubscribe request not honoured" in err and f"{FOLDER} UID 8:1:1:" in err
    assert {address: kind for address, kind, _ in mailed.feedback()} == {
        a[0]: "bounced", a[1]: "bounced", a[2]: "bounced", a[3]: "bounced", a[4]: "complained", a[5]: "unsubscribed", a[6]: "deferred"}
    assert sorted(mailed.suppression()) == sorted(a[:6])
    assert without_recent(imap.flags(FOLDER)) == before  # nothing marked read, nothing flagged, nothing expunged
    code, out, err = run_cli("inbox")
    assert "9 read before" in out and "1 refused" in out  # the refused request is looked at again, the rest not
    assert without_recent(imap.flags(FOLDER)) == before


def test_a_folder_deleted_during_the_run_stops_it_with_what_was_read_recorded(mailed: Mailed, imap: Dovecot) -> None:
    for address in mailed.addresses[:5]:
        imap.append(FOLDER, mailed.sample("exim-failed", address))
    seen = []

    def delete_after_two() -> None:
        seen.append(1)
        if len(seen) == 3:
            other = imap.client()
            assert other.delete(f'"{FOLDER}"')[0] == "OK"
            other.logout()

    project = find_project(mailed.project)
    box = Imap(imap_account(project, load_settings(project)))
    try:
        run = read_mailbox(project, box, progress=delete_after_two)
    finally:
        box.close()
    assert run.stopped and "the folder went away during the run (the server said: Mailbox was deleted under us)" in run.stopped
    assert run.counts["bounced"] == 2 and len(mailed.feedback()) == 2 and len(mailed.suppression()) == 2


def test_bad_credentials_folder_and_certificate_are_refused_clearly(mailed: Mailed, imap: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    where = f"imaps://{USER}@127.0.0.1:{imap.port}/"
    monkeypatch.setenv("PRESSGEN_IMAP_PASSWORD", "wrong-password")
    code, out, err = run_cli("inbox")
    assert code == 1 and f"{where}{FOLDER}:1:1: the server refused the login of {USER}" in err and "wrong-password" not in err
    monkeypatch.setenv("PRESSGEN_IMAP_PASSWORD", PASSWORD)
    configure_send(mailed.project, imap=f"127.0.0.1:{imap.port}", imap_username=USER, imap_folder="Nowhere", imap_cafile=str(imap.cafile))
    code, out, err = run_cli("inbox")
    assert code == 1 and f"{where}Nowhere:1:1: no folder 'Nowhere' on the server" in err
    configure_send(mailed.project, imap=f"127.0.0.1:{imap.port}", imap_username=USER, imap_folder=FOLDER)  # the system's CAs only
    code, out, err = run_cli("inbox")
    assert code == 1 and "cannot connect: " in err and "certificate verify failed" in err
    monkeypatch.delenv("PRESSGEN_IMAP_PASSWORD")
    code, out, err = run_cli("inbox")
    assert code == 1 and "the IMAP server needs the password of press in PRESSGEN_IMAP_PASSWORD" in err
    assert "Traceback" not in err


def test_a_message_over_10_mb_is_not_fetched_from_a_folder_with_a_japanese_name(mailed: Mailed, imap: Dovecot) -> None:
    folder = "配信エラー"  # modified UTF-7 on the wire
    configure_send(mailed.project, imap=f"127.0.0.1:{imap.port}", imap_username=USER, imap_folder=folder, imap_cafile=str(imap.cafile))
    imap.append(folder, mailed.sample("reply", mailed.addresses[1]) + b"x" * (11 * 1024 * 1024) + b"\r\n")
    imap.append(folder, mailed.sample("postfix-user-unknown", mailed.addresses[0]))
    code, out, err = run_cli("inbox")
    assert code == 1
    assert f"{folder} UID 1:1:1: 11,534," in err and "more than the 10,000,000 a bounce, complaint or request can be" in err
    assert [row[:2] for row in mailed.feedback()] == [(mailed.addresses[0], "bounced")]
