"""Bad input to `pressgen send`: options (exit 2), settings and files (located, exit 1); nothing sent or written."""

from __future__ import annotations

import datetime as dt
import fcntl
from pathlib import Path

import pytest
from test_send_support import configure_send, write_list

from conftest import ROOT, run_cli, sign_off

SEED = "releases/2026-04-21-itri-mou.yaml"
SEED_EN = "releases/2026-04-21-itri-mou-en.yaml"
SAMPLE = str(ROOT / "tests" / "media" / "sample.csv")


def refused(*args: str, code: int = 1) -> str:
    exit_code, out, err = run_cli("send", *args)
    assert exit_code == code, out + err
    assert "Traceback" not in err
    return err


def misused(*args: str) -> str:
    """A usage error: exit 2, as for every command."""
    return refused(*args, code=2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--smtp", "mail.example.com:99999"), "Invalid value for '--smtp': 'mail.example.com:99999' is not HOST:PORT"),
        (("--at", "tomorrow"), "Invalid value for '--at': 'tomorrow' is not a date and time such as 2026-04-21T10:00+09:00"),
        (("--at", "2030-04-21T10:00"), "Invalid value for '--at': '2030-04-21T10:00' has no time zone; write it as 2030-04-21T10:00+09:00"),
        (("--at", "2020-04-21T10:00+09:00"), "Invalid value for '--at': 2020-04-21T10:00:00+09:00 is in the past"),
        (("--outbox", "o"), "--outbox is where a --dry-run writes; add --dry-run"),
        (("--at", "9999-12-31T23:59+09:00"), "Invalid value for '--at': 9999-12-31T23:59:00+09:00 is more than 31 days ahead"),
        (("--dry-run", "--resend-unknown"), "--smtp, --resend-unknown and --recover-ledger are for sending"),
        (("--dry-run", "--recover-ledger"), "--smtp, --resend-unknown and --recover-ledger are for sending"),
    ],
)
def test_bad_options(project: Path, args: tuple[str, ...], message: str) -> None:
    assert message in misused(SEED, "--list", SAMPLE, *args)


def test_list_is_required_and_status_takes_nothing_else(project: Path) -> None:
    assert "--list FILE is required (or --status to see what was sent)" in misused(SEED)
    assert "--status takes only RELEASE" in misused("--status", SEED, "--list", SAMPLE)
    assert "--status takes only RELEASE" in misused("--status", SEED, "--recover-ledger")


def test_a_missing_release_or_list_is_located(project: Path) -> None:
    err = refused("releases/nope.yaml", "--list", "nope.csv", "--dry-run")
    assert "releases/nope.yaml:1:1: no such file" in err
    assert "nope.csv:1:1: cannot read: No such file or directory" in err
    assert "releases:1:1: cannot read: Is a directory" in refused(SEED, "--list", "releases", "--dry-run")
    (project / "outbox").write_text("a file", "utf-8")
    assert "outbox:1:1: is not a folder of .eml files" in refused(SEED, "--list", SAMPLE, "--dry-run", "--outbox", "outbox")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"unsubscribe_url": "http://example.com/u"}, "unsubscribe_url: must be an https:// URL (RFC 8058"),
        ({"unsubscribe_url": "https://example.com/unsubscribe/{token}?a={name}"}, "unsubscribe_url: the only placeholders allowed are {token} and {email}"),
        ({"unsubscribe_url": "https://example.com/unsubscribe?address={email}"}, "unsubscribe_url: must end its path in /unsubscribe/{token}"),
        ({"imap_password": "hunter2hunter2"}, "imap_password: pyproject.toml is committed: never store the password there; set PRESSGEN_IMAP_PASSWORD"),
        ({"soft_bounce_releases": 0}, "soft_bounce_releases: Input should be greater than or equal to 1"),
        ({"unsubscribe_url": None}, "tool.pressgen.send.unsubscribe_url: required field is missing"),
        ({"unsubscribe_mailto": "unsubscribe at example.com"}, "unsubscribe_mailto: 'unsubscribe at example.com' must be a bare address"),
        ({"rate": 0}, "tool.pressgen.send.rate: Input should be greater than 0"),
        ({"security": "tls"}, "tool.pressgen.send.security: Input should be 'starttls', 'ssl' or 'none'"),
        ({"password": "hunter2"}, "tool.pressgen.send.password: pyproject.toml is committed: never store the password there"),
        ({"retry_dealy": 1}, "unknown field 'retry_dealy' (did you mean 'retry_delay'?)"),
    ],
)
def test_bad_settings_are_located_in_pyproject(project: Path, settings: dict[str, object], message: str) -> None:
    configure_send(project, **settings)
    key = next(iter(settings))
    line = next((n for n, text in enumerate((project / "pyproject.toml").read_text().splitlines(), 1) if text.startswith(f"{key} =")), None)
    err = refused(SEED, "--list", SAMPLE, "--dry-run")
    assert message in err
    if line is not None:
        assert err.startswith(f"pyproject.toml:{line}:")
    assert "hunter2" not in err


def test_sending_needs_a_server(project: Path) -> None:
    configure_send(project)
    err = refused(SEED, "--list", SAMPLE)
    assert "tool.pressgen.send.smtp: no SMTP server: give --smtp HOST:PORT or set smtp here" in err


def test_a_password_is_not_sent_unencrypted_to_another_host(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_send(project, smtp="mail.example.com:25")
    monkeypatch.setenv("PRESSGEN_SMTP_USERNAME", "press")
    monkeypatch.setenv("PRESSGEN_SMTP_PASSWORD", "hunter2")
    err = refused(SEED, "--list", SAMPLE)
    assert "security: refusing to send the SMTP password unencrypted to mail.example.com; use starttls or ssl" in err
    assert "hunter2" not in err


def test_an_unreachable_server_stops_the_run_and_keeps_everything_pending(project: Path) -> None:
    from test_send_support import free_port

    sign_off(project, project / SEED, project / SEED_EN)
    configure_send(project, retries=1)
    write_list(project / "media.csv", 3)
    code, out, err = run_cli("send", SEED, "--list", "media.csv", "--smtp", f"127.0.0.1:{free_port()}", "--no-pdf")
    assert code == 1
    assert "sending stopped (cannot connect to 127.0.0.1:" in err
    assert "not sent        3" in out


def test_a_ledger_that_is_not_a_database_is_refused(project: Path) -> None:
    sign_off(project, project / SEED, project / SEED_EN)
    configure_send(project, ledger="ledger.sqlite")
    (project / "ledger.sqlite").write_text("not a database", "utf-8")
    write_list(project / "media.csv", 1)
    err = refused(SEED, "--list", "media.csv", "--smtp", "127.0.0.1:2525")
    assert "ledger.sqlite:1:1: cannot use this file as the delivery ledger: file is not a database" in err


def test_two_runs_at_once_are_refused(project: Path) -> None:
    sign_off(project, project / SEED, project / SEED_EN)
    configure_send(project)
    write_list(project / "media.csv", 1)
    with open(project / "distribution.sqlite.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        err = refused(SEED, "--list", "media.csv", "--smtp", "127.0.0.1:2525")
    assert "distribution.sqlite:1:1: another pressgen send is using this ledger; wait for it to finish" in err


def test_a_release_without_contact_email_cannot_be_mailed(project: Path) -> None:
    spec = project / SEED
    spec.write_text(spec.read_text("utf-8").replace("contacts: [ipark-institute/pr]\n", ""), "utf-8")
    err = refused(SEED, "--list", SAMPLE, "--dry-run")
    assert "2026-04-21-itri-mou.yaml:3:1: contacts: no contact with an email address; From and Reply-To need one" in err


def test_status_of_an_unknown_target(project: Path) -> None:
    configure_send(project)
    code, out, _ = run_cli("send", "--status", "no-such-release")
    assert code == 0
    assert out.strip() == "no deliveries of no-such-release in the ledger"


def test_at_in_a_dry_run_dates_the_messages(project: Path) -> None:
    import email
    from email import policy

    code, _, err = run_cli("send", SEED, "--list", SAMPLE, "--dry-run", "--no-pdf", "--outbox", "o", "--at", "2026-04-21T10:00+09:00")
    assert code == 0, err
    first = email.message_from_bytes(sorted((project / "o").iterdir())[0].read_bytes(), policy=policy.default)
    assert first["Date"].datetime == dt.datetime(2026, 4, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_sending_needs_the_unsubscribe_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_send(project)
    monkeypatch.delenv("PRESSGEN_UNSUBSCRIBE_KEY")
    err = refused(SEED, "--list", SAMPLE, "--dry-run")
    assert "PRESSGEN_UNSUBSCRIBE_KEY:1:1: PRESSGEN_UNSUBSCRIBE_KEY is not set" in err
    monkeypatch.setenv("PRESSGEN_UNSUBSCRIBE_KEY", "short")
    assert "has 5 characters, fewer than 32" in refused(SEED, "--list", SAMPLE, "--dry-run")
    assert not (project / "out").exists() or not any((project / "out").rglob("*.eml"))
