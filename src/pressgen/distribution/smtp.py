"""SMTP delivery over one reused connection: TLS, authentication, and each outcome classified."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # starttls, ssl or none
    cafile: Path | None = None
    timeout: float = 60

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)  # never shown, not even in a traceback's locals summary


@dataclass(frozen=True)
class Reply:
    """The server's answer to one message: its code and text."""

    code: int
    text: str

    @property
    def accepted(self) -> bool:
        return 200 <= self.code < 300

    @property
    def permanent(self) -> bool:
        return self.code >= 500

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()


class Unreachable(Exception):
    """No usable connection: refused, timed out, TLS failed or the login was rejected."""


class Refused(Unreachable):
    """The server turns us away in a way a retry cannot fix: no STARTTLS, login refused."""


class NotDelivered(Exception):
    """The connection broke before the message was complete: the server cannot have accepted it."""


class Unconfirmed(Exception):
    """The message was handed over but no reply came: it may or may not have been delivered."""


class Mailer:
    """Sends messages one at a time, connecting (again) whenever there is no open connection."""

    def __init__(self, server: Server, credentials: Credentials | None):
        self.server = server
        self.credentials = credentials
        self.connection: smtplib.SMTP | None = None

    def send(self, sender: str, recipient: str, message: bytes, while_waiting: Callable[[], object] = lambda: None) -> Reply:
        """Deliver `message` to one recipient; a reply is returned, a broken connection raised.

        `while_waiting` runs once the message is handed over, while the server reads it: the
        sender's next piece of work overlaps with the server's, in one thread.
        """
        connection = self.connect()
        try:
            reply = connection.mail(sender)
            if reply[0] == 250:
                reply = connection.rcpt(recipient)
            if reply[0] in (250, 251):
                reply = connection.docmd("DATA")
            if reply[0] == 421:
                raise smtplib.SMTPServerDisconnected(f"421 {_text(reply[1])}")
            if reply[0] != 354:
                self._reset()
                return Reply(reply[0], _text(reply[1]))
            connection.send(_dot_stuffed(message))
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise NotDelivered(f"connection lost before the end of the message ({_describe(exc)})") from None
        while_waiting()
        try:
            code, text = connection.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise Unconfirmed(f"no reply after the message was sent ({_describe(exc)})") from None
        if code == 421:  # the server is closing the connection and did not take the message
            self._drop()
            raise NotDelivered(f"421 {_text(text)}")
        return Reply(code, _text(text))

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass  # the server may already be gone; the messages are settled either way
            self.connection = None

    def connect(self) -> smtplib.SMTP:
        """The open connection, or a new one: greeted, encrypted as configured and logged in."""
        if self.connection is not None:
            return self.connection
        server = self.server
        context = ssl.create_default_context(cafile=server.cafile) if server.security != "none" else None
        try:
            if server.security == "ssl":
                self.connection = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
            else:
                self.connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
            self._greet(context)
        except Unreachable:
            self._drop()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            raise Refused(f"{server} refused the login: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise Unreachable(f"cannot connect to {server}: {_describe(exc)}") from None
        return self.connection

    def _greet(self, context: ssl.SSLContext | None) -> None:
        connection = self.connection
        assert connection is not None
        connection.ehlo()
        if self.server.security == "starttls":
            if not connection.has_extn("starttls"):
                raise Refused(f"{self.server} does not offer STARTTLS; refusing to send in the clear")
            connection.starttls(context=context)
            connection.ehlo()
        if self.credentials is not None:
            self._login(connection, self.credentials)

    def _login(self, connection: smtplib.SMTP, credentials: Credentials) -> None:
        """One try with one mechanism: smtplib's login() would repeat a wrong password with every
        mechanism the server offers, and servers lock accounts after repeated failures."""
        offered = connection.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
        if mechanism is None:
            raise Refused(f"{self.server} offers no PLAIN or LOGIN authentication (offers: {' '.join(offered) or 'none'})")
        connection.user, connection.password = credentials.username, credentials.password
        authenticate = connection.auth_plain if mechanism == "PLAIN" else connection.auth_login
        connection.auth(mechanism, authenticate)

    def _reset(self) -> None:
        try:
            self.connection.rset()  # type: ignore[union-attr]
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _dot_stuffed(message: bytes) -> bytes:
    """The DATA payload: lines starting with a dot doubled, ending with CRLF . CRLF (RFC 5321 4.5.2)."""
    body = (b"." if message.startswith(b".") else b"") + message.replace(b"\n.", b"\n..")
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return " ".join(text.split())


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
