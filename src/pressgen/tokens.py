"""Signed, expiring, single-use tokens for the links pressgen mails: a MAC key from the environment, one purpose each.

A token is itsdangerous's URL-safe serialization of its claims, signed with HMAC-SHA256 under a key
derived from the environment's secret and the token's purpose: a token made for one purpose (an
approval link, its receipt, an unsubscribe link) never verifies as another. Every token carries a
random nonce, its issue time and its expiry; `UseRecord` keeps the nonces already used, so that a
link works once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from .errors import PressgenError, Problem

MIN_KEY_LENGTH = 32  # characters of the secret: 32 random base64 characters are 192 bits


class TokenError(Exception):
    """A token that must not be honoured; `reason` is one of malformed, forged, expired, early, used."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def key_from_environment(variable: str) -> bytes:
    """The MAC secret from `variable`; refused when it is unset or too short to resist guessing."""
    value = os.environ.get(variable, "")
    if len(value) < MIN_KEY_LENGTH:
        state = "is not set" if not value else f"has {len(value)} characters, fewer than {MIN_KEY_LENGTH}"
        message = (
            f"{variable} {state}: set it to a long random secret (for example `openssl rand -base64 32`) in the "
            "environment of every command and server that issues or checks these links; never in a file of the project"
        )
        raise PressgenError([Problem(variable, 1, 1, "", message)])
    return value.encode("utf-8")


@dataclass(frozen=True)
class Tokens:
    """Issue and read the tokens of one purpose."""

    purpose: str
    key: bytes

    @property
    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.key, salt=f"pressgen:{self.purpose}", signer_kwargs={"digest_method": hashlib.sha256})

    def issue(self, claims: dict[str, Any], lifetime: dt.timedelta, now: dt.datetime | None = None) -> str:
        """A token for `claims` (short keys, JSON values), valid from now for `lifetime`."""
        now = now or dt.datetime.now(dt.timezone.utc)
        reserved = {"n", "iat", "exp"} & claims.keys()
        if reserved:
            raise ValueError(f"claims may not use the reserved names {sorted(reserved)}")
        body = {**claims, "n": secrets.token_urlsafe(16), "iat": int(now.timestamp()), "exp": int((now + lifetime).timestamp())}
        return self._serializer.dumps(body)

    def read(self, token: str, at: dt.datetime) -> dict[str, Any]:
        """The claims of a genuine token that is valid at `at`; TokenError otherwise (the expiry is checked at `at`)."""
        claims = self.read_signed(token)
        if at.timestamp() >= claims["exp"]:
            raise TokenError("expired", f"expired at {expiry(claims).isoformat()}")
        if at.timestamp() < claims["iat"] - 300:  # five minutes of clock difference between machines
            raise TokenError("early", f"issued at {issued(claims).isoformat()}, after {at.isoformat()}")
        return claims

    def read_signed(self, token: str) -> dict[str, Any]:
        """The claims of a genuine token, whatever its times; TokenError if it is malformed or forged."""
        if not isinstance(token, str) or not 16 <= len(token) <= 4000:
            raise TokenError("malformed", "is not a token")
        try:
            claims = self._serializer.loads(token)
        except BadSignature as exc:
            if getattr(exc, "payload", None) is None:
                raise TokenError("malformed", "is not a token") from None
            raise TokenError("forged", "its MAC does not verify: pressgen did not issue it with this key") from None
        except (ValueError, UnicodeDecodeError):
            raise TokenError("malformed", "is not a token") from None
        if not isinstance(claims, dict) or not {"n", "iat", "exp"} <= claims.keys():
            raise TokenError("malformed", "carries no nonce, issue time or expiry")
        return claims


def expiry(claims: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromtimestamp(claims["exp"], dt.timezone.utc)


def issued(claims: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromtimestamp(claims["iat"], dt.timezone.utc)


class UseRecord:
    """The nonces of the tokens already used, in an SQLite table: a token is consumed once, atomically.

    It works on the caller's connection so that consuming a token and recording what it did (an
    approval, an unsubscribe) are one transaction: both happen, or neither.
    """

    TABLE = "used_tokens"

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} (purpose TEXT NOT NULL, nonce TEXT NOT NULL, used_at TEXT NOT NULL, "
            "PRIMARY KEY (purpose, nonce))"
        )

    def consume(self, purpose: str, claims: dict[str, Any], at: dt.datetime) -> None:
        """Mark the token used at `at`; TokenError('used') if it was used before."""
        try:
            self.connection.execute(
                f"INSERT INTO {self.TABLE} (purpose, nonce, used_at) VALUES (?, ?, ?)", (purpose, claims["n"], at.isoformat())
            )
        except sqlite3.IntegrityError:
            when = self.used_at(purpose, claims)
            raise TokenError("used", f"was already used{f' at {when.isoformat()}' if when else ''}") from None

    def used_at(self, purpose: str, claims: dict[str, Any]) -> dt.datetime | None:
        row = self.connection.execute(
            f"SELECT used_at FROM {self.TABLE} WHERE purpose = ? AND nonce = ?", (purpose, claims["n"])
        ).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row else None
