"""What proves an approval: the approver's SSH signature checked against the registry's keys, or an approval link's
token and the approval server's receipt, each bound to the release, its content, the organization and the person."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PressgenError, Problem
from ..spec.content import content_hash
from ..spec.keys import SigningKey, parse_signing_key
from ..spec.loader import LoadedRelease
from ..spec.model import Approval
from ..tokens import TokenError, Tokens, expiry, key_from_environment
from .approval_settings import KEY_VARIABLE, NAMESPACE

REQUEST = "approval-request"  # the purpose of the token in an approval link
RECEIPT = "approval-receipt"  # the purpose of the server's record that the link was used, and when


@dataclass(frozen=True)
class Proof:
    """What an approval's evidence shows: `how` it was made when it holds, else `missing` says what fails."""

    how: str | None = None
    missing: str | None = None


# ── SSH signatures ──────────────────────────────────────────────────────────


def approval_message(loaded: LoadedRelease, org: str, person: str, day: dt.date) -> bytes:
    """The text an approver signs: the release, the whole content hash, who approves and the day."""
    lines = [
        "pressgen approval",
        f"release: {loaded.release.id}",
        f"content: {content_hash(loaded)}",
        f"organization: {org}",
        f"person: {person}",
        f"date: {day.isoformat()}",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def sign(message: bytes, key: Path, where: str) -> str:
    """The armored signature of `message` by `key` (a private key, or a public key whose private half is in ssh-agent)."""
    if not key.is_file():
        raise PressgenError([Problem(str(key), 1, 1, "", "no such key file")])
    with tempfile.TemporaryDirectory(prefix="pressgen-sign-") as folder:
        text = Path(folder) / "approval.txt"
        text.write_bytes(message)
        # No capture of standard input: ssh-keygen asks for a passphrase on the terminal itself.
        result = _ssh_keygen(["-Y", "sign", "-n", NAMESPACE, "-f", str(key), str(text)], None)
        signature = text.with_name("approval.txt.sig")
        if result.returncode != 0 or not signature.is_file():
            raise PressgenError([Problem(str(key), 1, 1, "", f"ssh-keygen could not sign with this key: {_last_line(result)}")])
        return signature.read_text("ascii")


def check_signature(loaded: LoadedRelease, approval: Approval) -> Proof:
    """Whether `approval.signature` is the named person's, by a key the registry lists for them on the approval's date,
    over this release as it is now."""
    assert approval.signature is not None
    who = f"{approval.org}/{approval.person}"
    person = loaded.org(approval.org).people.get(approval.person)
    keys = [parse_signing_key(line) for line in person.signing_keys] if person else []
    if not keys:
        return Proof(missing=f"the registry lists no signing key for {who} (people.{approval.person}.signing_keys "
                       f"in {loaded.registry.docs[approval.org].path}), so its signature cannot be checked")
    message = approval_message(loaded, approval.org, approval.person, approval.date)
    with tempfile.TemporaryDirectory(prefix="pressgen-verify-") as folder:
        signature = Path(folder) / "approval.sig"
        signature.write_text(approval.signature, "ascii")

        def verify(with_history: bool) -> subprocess.CompletedProcess[bytes]:
            signers = Path(folder) / "allowed_signers"
            signers.write_text("".join(_signer_line(who, key, with_history) + "\n" for key in keys), "ascii")
            command = ["-Y", "verify", "-f", str(signers), "-I", who, "-n", NAMESPACE, "-s", str(signature)]
            return _ssh_keygen([*command, f"-Overify-time={approval.date:%Y%m%d}000000"], message)

        result = verify(with_history=True)
        if result.returncode == 0:
            found = re.search(rb"with (\S+) key (\S+)", result.stdout)
            key = f"{found[1].decode()} key {found[2].decode()}" if found else "a registry key"
            return Proof(how=f"SSH signature by {key}")
        if verify(with_history=False).returncode == 0:
            spans = "; ".join(filter(None, (_span(k) for k in keys)))
            return Proof(missing=f"{who} signed with a key the registry does not count on {approval.date} ({spans}): "
                           "a key added after the signature's date, or retired before it")
        genuine = _ssh_keygen(["-Y", "check-novalidate", "-n", NAMESPACE, "-s", str(signature)], message).returncode == 0
    if genuine:
        return Proof(missing=f"the signature is by a key that is not one of {who}'s in the registry")
    return Proof(missing=f"the signature is not {who}'s approval of this version on {approval.date} (it was made over "
                   "other content, another release, organization, person or date, or it is damaged)")


def _signer_line(principal: str, key: SigningKey, with_history: bool) -> str:
    kept = key if with_history else SigningKey(key.type, key.blob)
    return kept.allowed_signers_line(principal, NAMESPACE)


def _span(key: SigningKey) -> str:
    after = f"from {key.valid_after:%Y-%m-%d}" if key.valid_after else ""
    before = f"until {key.valid_before:%Y-%m-%d}" if key.valid_before else ""
    return f"{key.type} key valid {' '.join(filter(None, (after, before)))}" if after or before else ""


def _ssh_keygen(arguments: list[str], stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["ssh-keygen", *arguments],
            input=stdin,
            capture_output=True,
            env={**os.environ, "TZ": "UTC"},  # the registry's key times are UTC
            timeout=120,
            check=False,
        )
    except FileNotFoundError:
        raise PressgenError([Problem("ssh-keygen", 1, 1, "", "ssh-keygen is not installed (Debian: apt-get install openssh-client)")]) from None


def _last_line(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit {result.returncode}"


# ── approval links ──────────────────────────────────────────────────────────


def link_tokens(purpose: str) -> Tokens:
    return Tokens(purpose, key_from_environment(KEY_VARIABLE))


def request_claims(loaded: LoadedRelease, org: str, person: str) -> dict[str, Any]:
    """What a link's token is bound to: release id, the whole content hash, organization and person."""
    return {"r": loaded.release.id, "c": content_hash(loaded), "o": org, "u": person}


def issue_receipt(request: dict[str, Any], at: dt.datetime) -> str:
    """The approval server's signed record that the token with this nonce was used, unexpired, at `at`."""
    return link_tokens(RECEIPT).issue({"t": request["n"], "at": at.isoformat()}, dt.timedelta(days=36500), at)


def check_link(loaded: LoadedRelease, approval: Approval) -> Proof:
    """Whether the link evidence holds: a genuine token for this release, content, organization and person, and a genuine
    receipt saying the server took it once, before it expired."""
    assert approval.link is not None
    who = f"{approval.org}/{approval.person}"
    try:
        request = link_tokens(REQUEST).read_signed(approval.link.token)
    except TokenError as exc:
        return Proof(missing=f"the approval link's token {exc.detail}")
    except PressgenError as exc:
        return Proof(missing=f"the approval link cannot be checked: {exc.problems[0].message}")
    expected = request_claims(loaded, approval.org, approval.person)
    names = {"r": "release", "c": "version", "o": "organization", "u": "person"}
    for claim, name in names.items():
        if request.get(claim) != expected[claim]:
            shown = str(request.get(claim))[:12] if claim == "c" else request.get(claim)
            return Proof(missing=f"the approval link was issued for {name} {shown}, not for {who}'s approval of "
                           f"{loaded.release.id} version {expected['c'][:12]}")
    try:
        receipt = link_tokens(RECEIPT).read_signed(approval.link.receipt)
        used = dt.datetime.fromisoformat(receipt["at"])
    except TokenError as exc:
        return Proof(missing=f"the approval server's receipt {exc.detail}")
    except (KeyError, TypeError, ValueError):
        return Proof(missing="the approval server's receipt carries no time of use")
    if receipt.get("t") != request["n"]:
        return Proof(missing="the approval server's receipt is for another link")
    if used.timestamp() >= request["exp"]:
        return Proof(missing=f"the approval link was used at {used.isoformat()}, after it expired at {expiry(request).isoformat()}")
    if used.timestamp() < request["iat"]:
        return Proof(missing="the approval link's receipt is dated before the link was issued")
    return Proof(how=f"approval link, used at {used.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")


def proof(loaded: LoadedRelease, approval: Approval, trust_unsigned: list[str]) -> Proof:
    """What the approval's evidence shows; an approval without any counts only where the project trusts the organization."""
    if approval.signature is not None:
        return check_signature(loaded, approval)
    if approval.link is not None:
        return check_link(loaded, approval)
    if approval.org in trust_unsigned:
        return Proof(how="unsigned, trusted by [tool.pressgen.approve] trust_unsigned")
    return Proof(missing=f"carries no evidence (no SSH signature, no approval link) and [tool.pressgen.approve] "
                   f"trust_unsigned does not list {approval.org}")
