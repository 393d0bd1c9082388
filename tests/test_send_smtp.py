"""Real sending through aiosmtpd on 127.0.0.1: one message per journalist, failures, retries, resumption."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_send_support import SmtpServer, configure_send, pdf_once, smtp_server, write_list  # noqa: F401

from conftest import run_cli, sign_off
from pressgen.distribution import unsubscribe

SEED = "releases/2026-04-21-itri-mou.yaml"
JA_HEADLINE = "アイパークインスティテュート、台湾研究機関「工業技術研究院(ITRI)」と ヘルスケア・創薬分野における日台連携強化に関する覚書を締結"
EN_HEADLINE = "iPark Institute and Taiwan's ITRI sign MOU to deepen Japan–Taiwan collaboration in healthcare and drug discovery"

pytestmark = pytest.mark.usefixtures("pdf_once")


@pytest.fixture(autouse=True)
def signed_off(project: Path) -> None:
    """Real sending goes through the sign-off gate: both language versions approved by both issuers."""
    sign_off(project, project / SEED, project / "releases" / "2026-04-21-itri-mou-en.yaml")


def send(server: SmtpServer, *extra: str, media: str = "media.csv") -> tuple[int, str, str]:
    return run_cli("send", SEED, "--list", media, "--smtp", server.address, *extra)


def test_fifty_journalists_get_one_message_each_in_their_language(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 50)
    code, out, err = send(smtp_server)
    assert code == 0, err
    received = smtp_server.recorder.received
    assert len(received) == 50
    assert sorted(r for m in received for r in m.recipients) == sorted(addresses)
    for item in received:
        message = item.message()
        (recipient,) = item.recipients
        assert [a.addr_spec for a in message["To"].addresses] == [recipient]
        assert message["Cc"] is None and message["Bcc"] is None
        english = int(recipient[10:13]) % 2 == 1  # write_list alternates ja, en
        assert message["Subject"] == (f"Press release: {EN_HEADLINE}" if english else f"【プレスリリース】{JA_HEADLINE}")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link, mailto = (target.strip(" <>") for target in message["List-Unsubscribe"].split(","))
        assert link.startswith("https://news.example.com/unsubscribe/") and link.endswith(f"?address={recipient.replace('@', '%40')}")
        assert mailto.startswith("mailto:unsubscribe@example.com?subject=unsubscribe%20")
        token = link.removeprefix("https://news.example.com/unsubscribe/").partition("?")[0]
        assert mailto.endswith(token)
        named = unsubscribe.read(unsubscribe.unsubscribe_tokens(), token, dt.datetime.now(dt.timezone.utc))
        assert (named.address, named.release_id) == (recipient, "2026-04-21-itri-mou-en" if english else "2026-04-21-itri-mou")
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = message.iter_parts()
        assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
        assert attachment.get_filename() == ("2026-04-21-itri-mou-en.pdf" if english else "2026-04-21-itri-mou.pdf")
        pdf = PdfReader(io.BytesIO(attachment.get_content()))
        assert len(pdf.pages) >= 1
    assert "sent" in out and " 50" in out.splitlines()[0]


def test_a_rejected_recipient_is_recorded_as_failed_and_the_others_are_sent(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 5)
    smtp_server.recorder.reject[addresses[2]] = "550 5.1.1 no such user"
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 1
    assert sorted(smtp_server.recorder.per_recipient()) == sorted(addresses[:2] + addresses[3:])
    report = (project / "out" / "2026-04-21-itri-mou" / "delivery.csv").read_text("utf-8-sig")
    assert f"{addresses[2]},記者 002,テスト新聞 2,ja,2026-04-21-itri-mou,failed,550 5.1.1 no such user" in report
    assert "failed          1" in out
    assert "pressgen: 1 message(s) failed; the server's replies are in " in err
    # A permanent refusal is not tried again by a later run.
    code, out, _ = send(smtp_server, "--no-pdf")
    assert len(smtp_server.recorder.received) == 4


def test_a_451_is_retried_and_the_message_arrives_once(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 3)
    smtp_server.recorder.defer_once.add(addresses[1])
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 0, err
    assert smtp_server.recorder.per_recipient() == {a: 1 for a in addresses}


def test_a_dropped_connection_is_resumed_by_the_next_run_without_duplicates(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 50)
    smtp_server.recorder.down_after = 20
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 1
    assert "sending stopped" in err and "run the same command again" in err
    assert len(smtp_server.recorder.received) == 20
    smtp_server.recorder.down_after = None
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 0, err
    assert smtp_server.recorder.per_recipient() == {a: 1 for a in addresses}


def test_a_killed_run_leaves_one_unknown_message_that_is_not_sent_again(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 12)
    recorder = smtp_server.recorder
    recorder.hold_at = 5  # the fifth message is received but its reply never comes
    command = [str(Path(sys.executable).parent / "pressgen"), "send", SEED, "--list", "media.csv", "--smtp", smtp_server.address, "--no-pdf"]
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert recorder.held.wait(60), process.communicate()
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    recorder.hold_at = None
    recorder.release.set()

    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 1
    assert "unknown         1" in out and "--resend-unknown" in err
    assert recorder.per_recipient() == {a: 1 for a in addresses}  # the unknown one had arrived: no duplicate
    code, out, _ = run_cli("send", "--status", SEED)
    assert code == 0
    assert f"unknown   {addresses[4]}" in out
    assert out.count("  sent ") == 11


def test_resend_unknown_sends_the_unknown_message_again(project: Path, smtp_server: SmtpServer) -> None:
    from pressgen.distribution.ledger import HandoverLog, Ledger

    configure_send(project)
    addresses = write_list(project / "media.csv", 3)
    assert send(smtp_server, "--no-pdf")[0] == 0
    # As a run killed between DATA and the reply leaves it: 'sending' in the ledger and last in the log.
    log = HandoverLog(project / "out" / "2026-04-21-itri-mou" / "delivery.log")
    ledger = Ledger(project / "distribution.sqlite", log)
    (entry,) = [e for e in ledger.entries(["2026-04-21-itri-mou"]) if e.key.recipient == addresses[0]]
    ledger.mark(entry.key, "sending")
    ledger.close()
    log.close()
    assert send(smtp_server, "--no-pdf")[0] == 1
    assert len(smtp_server.recorder.received) == 3
    code, out, err = send(smtp_server, "--no-pdf", "--resend-unknown")
    assert code == 0, err
    assert smtp_server.recorder.per_recipient()[addresses[0]] == 2


def test_an_unapproved_release_is_refused_and_nothing_is_sent(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    write_list(project / "media.csv", 3)
    spec = project / SEED
    spec.write_text(spec.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    code, out, err = send(smtp_server)
    assert code == 1
    assert "releases/2026-04-21-itri-mou.yaml:6:9: status: is 'review'; only an approved release goes out" in err
    assert smtp_server.recorder.received == []
    assert not (project / "distribution.sqlite").exists()


def test_cr_lf_in_a_name_is_refused_and_nothing_is_sent(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    (project / "media.csv").write_text(
        'name,outlet,email,language,tags\nA,B,a@example.com,ja,\n"Eve\r\nBcc: all@example.com",X,eve@example.com,ja,\n', "utf-8"
    )
    code, out, err = send(smtp_server)
    assert code == 1
    assert "media.csv:3:1: name: contains U+000D CARRIAGE RETURN; a mail header could be forged with it" in err
    assert smtp_server.recorder.received == []


@pytest.mark.parametrize("headline", ['"Big news\\nBcc: all@example.com"', '"Big news\\u2028Bcc: all@example.com"'])
def test_a_line_break_in_the_headline_is_refused_and_nothing_is_sent(project: Path, smtp_server: SmtpServer, headline: str) -> None:
    configure_send(project)
    write_list(project / "media.csv", 2)
    spec = project / SEED
    lines = spec.read_text("utf-8").splitlines()
    spec.write_text("\n".join(f"headline: {headline}" if line.startswith("headline:") else line for line in lines) + "\n", "utf-8")
    code, out, err = send(smtp_server)
    assert code == 1
    assert "2026-04-21-itri-mou.yaml:8:11: headline: " in err
    assert smtp_server.recorder.received == []


def test_rate_limit_spaces_the_messages(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project, rate=600)  # one every 0.1 s
    write_list(project / "media.csv", 6)
    started = time.monotonic()
    assert send(smtp_server, "--no-pdf")[0] == 0
    assert time.monotonic() - started >= 0.5


def test_suppressed_addresses_are_never_sent_to(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 4)
    (project / "suppression.csv").write_text(f"email,reason\n{addresses[1].upper()},unsubscribed\n", "utf-8")
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 0, err
    assert addresses[1] not in smtp_server.recorder.per_recipient()
    assert len(smtp_server.recorder.received) == 3
    assert "suppressed      1" in out


def test_at_waits_until_the_given_time(project: Path, smtp_server: SmtpServer) -> None:
    import datetime as dt

    configure_send(project)
    write_list(project / "media.csv", 1)
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1.5)
    code, out, err = send(smtp_server, "--no-pdf", "--at", start.isoformat())
    assert code == 0, err
    (message,) = smtp_server.recorder.received
    assert message.message()["Date"].datetime >= start.replace(microsecond=0)


def test_status_before_any_send(project: Path) -> None:
    configure_send(project)
    code, out, _ = run_cli("send", "--status", SEED)
    assert code == 0
    assert "no deliveries of releases/2026-04-21-itri-mou.yaml in the ledger" in out


def test_no_password_reaches_the_output(project: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_send(project)
    write_list(project / "media.csv", 1)
    monkeypatch.setenv("PRESSGEN_SMTP_USERNAME", "press")
    monkeypatch.setenv("PRESSGEN_SMTP_PASSWORD", "s3cret-Pa55")
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 1  # aiosmtpd offers no AUTH without TLS: the login fails
    assert "s3cret-Pa55" not in out + err
    assert b"s3cret-Pa55" not in (project / "distribution.sqlite").read_bytes()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl), and its key."""
    import shutil

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate (Debian package openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_starttls_and_login_from_the_environment(project: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    from test_send_support import Recorder, free_port

    logins = []

    def authenticate(server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
        logins.append((data.login, data.password))
        return AuthResult(success=data.login == b"press" and data.password == b"s3cret-Pa55", handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    recorder, port = Recorder(), free_port()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
        authenticator=authenticate, auth_required=True,
    )
    controller.start()
    try:
        shutil.copy(certificate[0], project / "relay-ca.pem")
        configure_send(project, security="starttls", cafile="relay-ca.pem", smtp=f"127.0.0.1:{port}")
        addresses = write_list(project / "media.csv", 2)
        monkeypatch.setenv("PRESSGEN_SMTP_USERNAME", "press")
        monkeypatch.setenv("PRESSGEN_SMTP_PASSWORD", "s3cret-Pa55")
        code, out, err = run_cli("send", SEED, "--list", "media.csv", "--no-pdf")
        assert code == 0, err
        assert recorder.per_recipient() == {a: 1 for a in addresses}
        assert logins == [(b"press", b"s3cret-Pa55")]
        assert "s3cret-Pa55" not in out + err
        # The same server with the wrong password: refused, reported, nothing sent.
        monkeypatch.setenv("PRESSGEN_SMTP_PASSWORD", "wrong-Pa55")
        (project / "media.csv").write_text("name,outlet,email,language,tags\nNew,,new@example.com,ja,\n", "utf-8")
        code, out, err = run_cli("send", SEED, "--list", "media.csv", "--no-pdf")
        assert code == 1
        assert "refused the login: 535" in err and "wrong-Pa55" not in out + err
        assert len(recorder.received) == 2
    finally:
        controller.stop()


def test_starttls_is_required_when_configured(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project, security="starttls")
    write_list(project / "media.csv", 1)
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 1
    assert "does not offer STARTTLS; refusing to send in the clear" in err
    assert smtp_server.recorder.received == []


def test_a_progress_bar_only_on_a_terminal(project: Path, smtp_server: SmtpServer) -> None:
    import pty

    configure_send(project)
    write_list(project / "media.csv", 4)
    code, out, _ = send(smtp_server, "--no-pdf")
    assert code == 0 and "sending" not in out  # not a terminal: no bar
    (project / "media.csv").write_text("name,outlet,email,language,tags\nT,,tty@example.com,ja,\n", "utf-8")
    leader, follower = pty.openpty()
    command = [str(Path(sys.executable).parent / "pressgen"), "send", SEED, "--list", "media.csv", "--smtp", smtp_server.address, "--no-pdf"]
    process = subprocess.Popen(command, cwd=project, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(60) == 0
    assert b"sending" in shown and b"100%" in shown


def test_a_list_entirely_suppressed_sends_nothing(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 2)
    (project / "suppression.csv").write_text("email\n" + "\n".join(addresses) + "\n", "utf-8")
    code, out, err = send(smtp_server, "--no-pdf")
    assert code == 0, err
    assert "suppressed      2" in out and "sent            0" in out
    assert smtp_server.recorder.received == []
