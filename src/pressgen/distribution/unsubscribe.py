"""Unsubscribe tokens: the signed (address, release) in every List-Unsubscribe URL and mailto, and reading them back.

A token is a `pressgen.tokens` token of its own purpose, under its own key (PRESSGEN_UNSUBSCRIBE_KEY):
an approval link never reads as an unsubscribe token, and a host that only serves unsubscribes never
holds the key that mints approvals. It is not single-use: a mail client may post it again, and
unsubscribing twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from ..tokens import TokenError, Tokens, key_from_environment
from .settings import SendSettings

PURPOSE = "unsubscribe"
KEY_VARIABLE = "PRESSGEN_UNSUBSCRIBE_KEY"
SUBJECT_WORD = "unsubscribe"  # the mailto's subject: "unsubscribe TOKEN", as RFC 2369 clients send it
# itsdangerous's URL-safe serialization: base64url payload, '.', base64url signature (a leading '.' when compressed).
_TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9_.-])\.?[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")


@dataclass(frozen=True)
class Unsubscribe:
    """What a genuine token names."""

    address: str  # case-folded
    release_id: str
    nonce: str


def unsubscribe_tokens() -> Tokens:
    """The tokens of unsubscribe links; refused (a located message) when the key is unset or short."""
    return Tokens(PURPOSE, key_from_environment(KEY_VARIABLE))


def issue(tokens: Tokens, settings: SendSettings, address: str, release_id: str, now: dt.datetime) -> str:
    return tokens.issue({"e": address.casefold(), "r": release_id}, dt.timedelta(days=settings.unsubscribe_days), now)


def read(tokens: Tokens, token: str, at: dt.datetime) -> Unsubscribe:
    """The address and release of a genuine, unexpired token; TokenError otherwise."""
    claims = tokens.read(token, at)
    address, release_id = claims.get("e"), claims.get("r")
    if not isinstance(address, str) or not isinstance(release_id, str):
        raise TokenError("malformed", "names no address and release")
    return Unsubscribe(address, release_id, claims["n"])


def url(settings: SendSettings, token: str, address: str) -> str:
    return settings.unsubscribe_url.replace("{token}", token).replace("{email}", quote(address, safe=""))


def mailto(settings: SendSettings, token: str) -> str | None:
    if not settings.unsubscribe_mailto:
        return None
    return f"mailto:{settings.unsubscribe_mailto}?subject={SUBJECT_WORD}%20{token}"


def find(tokens: Tokens, texts: list[str], at: dt.datetime) -> tuple[Unsubscribe | None, TokenError | None]:
    """The first genuine token in these texts (a subject, a body, headers), or the reason the last candidate failed."""
    failure = None
    for text in texts:
        for candidate in _TOKEN_PATTERN.findall(text[:200_000]):
            try:
                return read(tokens, candidate, at), None
            except TokenError as exc:
                failure = exc
    return None, failure
