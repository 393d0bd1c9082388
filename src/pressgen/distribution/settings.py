"""The [tool.pressgen.send] settings, validated and located in pyproject.toml, and the SMTP credentials."""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from ..errors import PressgenError
from ..spec.project import Project
from ..spec.settings import settings_doc as core_settings_doc
from ..spec.validation import validate
from ..spec.yamlsource import Loc, SourceDoc
from .addresses import parse_address
from .mailboxes import ImapAccount
from .smtp import Credentials, Server

TABLE: Loc = ("tool", "pressgen", "send")
USERNAME_VARIABLE = "PRESSGEN_SMTP_USERNAME"
PASSWORD_VARIABLE = "PRESSGEN_SMTP_PASSWORD"
IMAP_USERNAME_VARIABLE = "PRESSGEN_IMAP_USERNAME"
IMAP_PASSWORD_VARIABLE = "PRESSGEN_IMAP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUPPRESSION = "suppression.csv"


def parse_server(text: str) -> tuple[str, int | None]:
    """HOST:PORT, HOST or [IPv6]:PORT as (host, port or None); ValueError if it is none of them."""
    match = re.fullmatch(r"(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?", text.strip())
    if not match or (match[3] and not 0 < int(match[3]) < 65536):
        raise ValueError(f"'{text}' is not HOST:PORT (for example smtp.example.com:587)")
    return match[1] or match[2], int(match[3]) if match[3] else None


def _server(value: str) -> str:
    parse_server(value)
    return value


def _unsubscribe_url(value: str) -> str:
    if any(c.isspace() or not c.isprintable() or c in '<>"' for c in value):
        raise ValueError("must be one URL without spaces, quotes, angle brackets or control characters")
    rest = re.sub(r"\{(token|email)\}", "", value)
    if "{" in rest or "}" in rest:
        raise ValueError("the only placeholders allowed are {token} and {email}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("must be an https:// URL (RFC 8058 one-click unsubscribe requires HTTPS)")
    if not parts.path.endswith("/unsubscribe/{token}"):
        raise ValueError(
            "must end its path in /unsubscribe/{token} (pressgen webapp's route; {token} is the signed token that proves"
            " the link was mailed to that address), for example https://news.example.com/unsubscribe/{token}"
        )
    return value


class SendSettings(BaseModel):
    """How `pressgen send` reaches the server, paces itself and lets journalists unsubscribe."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unsubscribe_url: Annotated[str, AfterValidator(_unsubscribe_url)] = Field(
        description="https URL of the one-click unsubscribe endpoint (pressgen webapp): {token} becomes the signed token"
        " naming the recipient and the release; an optional {email} (?address={email}) must then match it"
    )
    unsubscribe_mailto: Annotated[str, AfterValidator(parse_address)] | None = None
    unsubscribe_days: int = Field(1095, ge=1, le=36500, description="Days an unsubscribe link (and its mailto token) works")
    smtp: Annotated[str, AfterValidator(_server)] | None = Field(None, description="HOST:PORT; --smtp overrides it")
    security: Literal["starttls", "ssl", "none"] = "starttls"
    cafile: str | None = Field(None, description="PEM file of the CA that signed the server's certificate")
    username: str | None = None
    password: None = None
    timeout: float = Field(60, gt=0, le=600, description="Seconds to wait for the server")
    rate: int = Field(120, gt=0, description="Messages per minute at most")
    retries: int = Field(3, ge=0, le=20, description="Further tries after a 4xx reply or a lost connection")
    retry_delay: float = Field(2.0, ge=0, le=3600, description="Seconds before the first retry; doubled each time")
    ledger: str = Field("distribution.sqlite", min_length=1, description="SQLite file, relative to the project")
    suppression: str | None = Field(None, description=f"CSV of addresses never to send to (default {DEFAULT_SUPPRESSION})")
    soft_bounce_releases: int = Field(
        3, ge=1, le=100, description="Suppress an address once temporary failures came back for this many releases"
    )
    imap: Annotated[str, AfterValidator(_server)] | None = Field(None, description="HOST:PORT of the IMAP server (TLS) pressgen inbox reads")
    imap_username: str | None = Field(None, description=f"IMAP user (or {IMAP_USERNAME_VARIABLE}); the password only from {IMAP_PASSWORD_VARIABLE}")
    imap_folder: str = Field("INBOX", min_length=1, max_length=200, description="The IMAP folder where bounces and requests arrive")
    imap_cafile: str | None = Field(None, description="PEM file of the CA that signed the IMAP server's certificate")
    trusted_authserv_id: str | None = Field(
        None, min_length=1, description="The authserv-id of your own receiving server's Authentication-Results header: a mailed"
        " unsubscribe without the token counts only when that header shows DMARC passing for its From"
    )

    imap_password: None = None

    @field_validator("imap_password", mode="before")
    @classmethod
    def _no_imap_password(cls, value: Any) -> None:
        raise ValueError(f"pyproject.toml is committed: never store the password there; set {IMAP_PASSWORD_VARIABLE}")

    @field_validator("password", mode="before")
    @classmethod
    def _no_password(cls, value: Any) -> None:
        raise ValueError(f"pyproject.toml is committed: never store the password there; set {PASSWORD_VARIABLE}")


def load_settings(project: Project) -> SendSettings:
    """The validated [tool.pressgen.send] table; every problem located at its line in pyproject.toml."""
    return validate(settings_doc(project), SendSettings, base=TABLE)


def settings_doc(project: Project) -> SourceDoc:
    """The send table as a located document, so problems point at their line in pyproject.toml."""
    return core_settings_doc(project.root / "pyproject.toml", {"send": project.section("send")})


def smtp_server(project: Project, settings: SendSettings, override: str | None) -> Server:
    """The server to send through: --smtp, else the configured one; refused when none is given."""
    doc = settings_doc(project)
    given = override or settings.smtp
    if given is None:
        raise PressgenError([doc.problem((*TABLE, "smtp"), "no SMTP server: give --smtp HOST:PORT or set smtp here")])
    host, port = parse_server(given)
    cafile = project.root / settings.cafile if settings.cafile else None
    if cafile is not None and not cafile.is_file():
        raise PressgenError([doc.problem((*TABLE, "cafile"), f"no such file: {cafile}")])
    return Server(host, port or DEFAULT_PORTS[settings.security], settings.security, cafile, settings.timeout)


def smtp_credentials(project: Project, settings: SendSettings, server: Server) -> Credentials | None:
    """Username and password from the environment (the username may be configured); never from the command line."""
    username = os.environ.get(USERNAME_VARIABLE) or settings.username
    password = os.environ.get(PASSWORD_VARIABLE)
    if not username and not password:
        return None
    doc = settings_doc(project)
    if not username or not password:
        missing = USERNAME_VARIABLE + " (or username here)" if not username else PASSWORD_VARIABLE
        raise PressgenError([doc.problem((*TABLE, "username"), f"SMTP authentication needs {missing} as well")])
    if server.security == "none" and not _loopback(server.host):
        message = f"refusing to send the SMTP password unencrypted to {server.host}; use starttls or ssl"
        raise PressgenError([doc.problem((*TABLE, "security"), message)])
    return Credentials(username, password)


def imap_account(project: Project, settings: SendSettings) -> ImapAccount:
    """The IMAP folder pressgen inbox reads: the server, user and folder configured, the password from the environment."""
    doc = settings_doc(project)
    if settings.imap is None:
        raise PressgenError([doc.problem(TABLE, "no imap = \"HOST:PORT\" here: set it, or read a local mailbox with --maildir or --mbox")])
    host, port = parse_server(settings.imap)
    username = os.environ.get(IMAP_USERNAME_VARIABLE) or settings.imap_username
    password = os.environ.get(IMAP_PASSWORD_VARIABLE)
    if not username:
        raise PressgenError([doc.problem((*TABLE, "imap"), f"the IMAP server needs a user: set imap_username here or {IMAP_USERNAME_VARIABLE}")])
    if not password:
        raise PressgenError([doc.problem((*TABLE, "imap"), f"the IMAP server needs the password of {username} in {IMAP_PASSWORD_VARIABLE}")])
    cafile = project.root / settings.imap_cafile if settings.imap_cafile else None
    if cafile is not None and not cafile.is_file():
        raise PressgenError([doc.problem((*TABLE, "imap_cafile"), f"no such file: {cafile}")])
    return ImapAccount(host, port or 993, username, password, settings.imap_folder, cafile, settings.timeout)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def suppression_path(project: Project, settings: SendSettings) -> tuple[Path, bool]:
    """The suppression list and whether it must exist (it must when it is configured explicitly)."""
    return project.root / (settings.suppression or DEFAULT_SUPPRESSION), settings.suppression is not None
