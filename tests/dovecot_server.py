"""A real Dovecot IMAP server for one test: its own dovecot.conf in a temporary folder, a self-signed certificate
(openssl), a passwd-file user, IMAPS on a free port of 127.0.0.1, run as an unprivileged user, stopped on teardown."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pressgen.distribution.mailboxes import quoted_folder

USER = "press"
PASSWORD = "correct-horse-battery-staple"
UNPRIVILEGED = "nobody"  # when the tests run as root, Dovecot and its files belong to this user


@dataclass(frozen=True)
class Dovecot:
    port: int
    cafile: Path
    maildir: Path  # the user's Maildir on disk (INBOX); other folders are .NAME inside it

    def client(self) -> imaplib.IMAP4_SSL:
        connection = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=ssl.create_default_context(cafile=str(self.cafile)), timeout=10)
        connection.login(USER, PASSWORD)
        return connection

    def append(self, folder: str, message: bytes, flags: str = "") -> None:
        connection = self.client()
        try:
            if folder != "INBOX":
                connection.create(quoted_folder(folder))  # "already exists" after the first
            typ, data = connection.append(quoted_folder(folder), flags or None, None, message)
            assert typ == "OK", data
        finally:
            connection.logout()

    def flags(self, folder: str) -> dict[str, str]:
        """UID → flags of every message of `folder`, read with EXAMINE (which changes nothing)."""
        connection = self.client()
        try:
            connection.select(quoted_folder(folder), readonly=True)
            typ, data = connection.uid("FETCH", "1:*", "(FLAGS)")
            found = {}
            for line in data:
                text = line.decode() if isinstance(line, bytes) else ""
                if "UID" in text:
                    uid = text.split("UID ")[1].split()[0].rstrip(")")
                    found[uid] = text.split("FLAGS (")[1].split(")")[0]
            return found
        finally:
            connection.logout()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dovecot() -> Iterator[Dovecot]:
    """Dovecot serving USER's Maildir over IMAPS from a temporary folder of its own (which the unprivileged user can
    reach, unlike a test's tmp_path under root); stopped, waited for and removed however the test ends."""
    folder = Path(tempfile.mkdtemp(prefix="pressgen-dovecot-"))
    account = pwd.getpwnam(UNPRIVILEGED) if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    group = account.pw_gid
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    home = folder / "home" / USER
    maildir = home / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{account.pw_uid}:{group}::{home}\n", "utf-8")
    port = _free_port()
    (folder / "dovecot.conf").write_text(f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
instance_name = pressgen-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain
default_internal_user = {account.pw_name}
default_internal_group = {_group_name(group)}
default_login_user = {account.pw_name}
first_valid_uid = 0
mail_location = maildir:~/Maildir
mail_uid = {account.pw_uid}
mail_gid = {group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {folder}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""", "utf-8")
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", f"{account.pw_uid}:{group}", str(folder)], check=True)
    process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", str(folder / "dovecot.conf")], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "dovecot.log").read_text("utf-8", "replace") if (folder / "dovecot.log").exists() else ""
                    raise RuntimeError(f"dovecot did not start: {process.stdout.read().decode() if process.stdout else ''}{log}") from None
                time.sleep(0.05)
        yield Dovecot(port, cert, maildir)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        if process.stdout:
            process.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name
