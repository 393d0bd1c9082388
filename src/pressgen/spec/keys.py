"""SSH signing keys as the registry lists them (a line of OpenSSH's allowed_signers format without its principal)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import struct
from dataclasses import dataclass

# Key types that OpenSSH signs with (`ssh-keygen -Y sign`); DSA is gone from OpenSSH and is refused.
KEY_TYPES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
# The options allowed_signers knows for a key's history; others (cert-authority, namespaces) are not for the registry.
_OPTION = re.compile(r'(valid-after|valid-before)="(\d{8}(?:\d{4}(?:\d{2})?)?)Z?"')
_LINE = re.compile(r"^(?:(?P<options>[^\s=]+=\S*)\s+)?(?P<type>[a-z0-9@.-]+)\s+(?P<blob>[A-Za-z0-9+/]+={0,2})(?:\s+(?P<comment>.*))?$")


@dataclass(frozen=True)
class SigningKey:
    """One key: its type and base64 body, and the time span in which its signatures count (UTC)."""

    type: str
    blob: str
    comment: str = ""
    valid_after: dt.datetime | None = None
    valid_before: dt.datetime | None = None

    def allowed_signers_line(self, principal: str, namespace: str) -> str:
        options = [f'namespaces="{namespace}"']
        options += [f'valid-after="{self.valid_after:%Y%m%d%H%M%S}Z"'] if self.valid_after else []
        options += [f'valid-before="{self.valid_before:%Y%m%d%H%M%S}Z"'] if self.valid_before else []
        return f"{principal} {','.join(options)} {self.type} {self.blob}"

    def valid_on(self, day: dt.date) -> bool:
        moment = dt.datetime.combine(day, dt.time(), dt.timezone.utc)
        return (self.valid_after is None or self.valid_after <= moment) and (self.valid_before is None or moment < self.valid_before)


def parse_signing_key(line: str) -> SigningKey:
    """`[valid-after="YYYYMMDD",valid-before="YYYYMMDD"] TYPE BASE64 [comment]`; ValueError saying what is wrong."""
    match = _LINE.match(line.strip())
    if not match or match["type"] not in KEY_TYPES:
        raise ValueError(
            "must be an SSH public key as in allowed_signers: "
            '[valid-after="YYYYMMDD",valid-before="YYYYMMDD"] ssh-ed25519 AAAA… [comment]'
        )
    options = match["options"]
    times: dict[str, dt.datetime] = {}
    for option in (options.split(",") if options else []):
        found = _OPTION.fullmatch(option)
        if not found:
            raise ValueError(f"unknown or malformed option {option!r}: only valid-after=\"YYYYMMDD\" and valid-before=\"YYYYMMDD\"")
        digits = found[2].ljust(14, "0")
        try:
            times[found[1]] = dt.datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise ValueError(f"{found[1]}: {found[2]} is not a date and time") from None
    after, before = times.get("valid-after"), times.get("valid-before")
    if after and before and after >= before:
        raise ValueError("valid-after must come before valid-before")
    try:
        raw = base64.b64decode(match["blob"], validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        inner = raw[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise ValueError("the key's base64 body is damaged") from None
    if inner != match["type"]:
        raise ValueError(f"the key says it is {inner!r}, not {match['type']!r}: the line is damaged")
    return SigningKey(match["type"], match["blob"], (match["comment"] or "").strip(), after, before)
