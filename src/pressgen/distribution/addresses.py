"""Email addresses: a bare address parsed strictly, its domain encoded with IDNA, header text checked."""

from __future__ import annotations

import re
import unicodedata

import idna

MAX_ADDRESS = 254  # RFC 5321 path limit less the angle brackets
MAX_LOCAL = 64
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def parse_address(text: str) -> str:
    """The address in normal form (ASCII, lower-case domain); ValueError says what is wrong.

    Only a bare addr-spec is accepted: a display name, brackets, comments or a second
    address in one cell are refused rather than guessed at.
    """
    value = text.strip()
    if not value:
        raise ValueError("is empty")
    folded = unicodedata.normalize("NFKC", value)
    if folded != value and folded.isascii():
        raise ValueError(f"'{value}' contains full-width characters; write it as '{folded}'")
    if any(c.isspace() or c in '<>"(),;:[]\\' for c in value):
        raise ValueError(f"'{value}' must be a bare address such as name@example.com (no name, brackets, spaces or lists)")
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"'{value}' is not an email address (name@domain)")
    if "@" in local:
        raise ValueError(f"'{value}' has more than one '@'")
    if not local.isascii():
        raise ValueError(f"'{value}': the part before @ must be ASCII (pressgen does not send SMTPUTF8 mail)")
    if not _LOCAL.fullmatch(local) or len(local) > MAX_LOCAL:
        raise ValueError(f"'{value}': '{local}' is not a valid mailbox name")
    address = f"{local}@{encode_domain(domain)}"
    if len(address) > MAX_ADDRESS:
        raise ValueError(f"'{value}' is longer than {MAX_ADDRESS} characters")
    return address


def encode_domain(domain: str) -> str:
    """The domain as SMTP carries it: IDNA 2008 (with UTS #46 mapping) for non-ASCII names, lower case."""
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"'{domain}' is not a valid domain name ({exc})") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise ValueError(f"'{domain}' is not a valid domain name for email")
    return ascii_domain


def line_break(text: str) -> str | None:
    """The first character of `text` that could end a mail header line, described; None if there is none.

    CR and LF are the obvious ones; other controls and the Unicode line separators are refused too,
    since some mail software treats them as line ends.
    """
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "CONTROL CHARACTER")
            return f"U+{ord(char):04X} {name}"
    return None


_CONTROL_NAMES = {"\r": "CARRIAGE RETURN", "\n": "LINE FEED", "\t": "TAB"}
