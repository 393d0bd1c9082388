"""pressgen approve: record an issuer's sign-off of the current content in the spec, with its evidence, keeping its layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml.util import load_yaml_guess_indent

from ..errors import PressgenError, Problem
from ..output import write_atomic
from ..spec.content import short_hash
from ..spec.loader import LoadedRelease, load_release
from ..spec.model import Approval, LinkEvidence, Release
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamledit import keeping_line_endings
from ..spec.yamlsource import parse_yaml
from .evidence import approval_message, check_signature, sign


def approve(
    spec: Path,
    by: str,
    day: dt.date | None = None,
    *,
    key: Path | None = None,
    signature: str | None = None,
    link: LinkEvidence | None = None,
) -> tuple[str, str]:
    """Add (or renew) the approval of ORG:PERSON; returns (organization, content hash).

    With `key` the approval is signed now with that SSH key; with `signature` it carries a signature the
    approver made elsewhere (over `approval_message`); with `link` the token and receipt of an approval
    page. A signature is checked against the registry before anything is written.
    """
    loaded = load_release(spec)
    org_id, _, person_id = by.partition(":")
    problem = approver_problem(loaded, org_id, person_id)
    if problem:
        raise PressgenError([problem])
    day = day or dt.date.today()
    content = short_hash(loaded)
    if key is not None:
        signature = sign(approval_message(loaded, org_id, person_id, day), key, str(spec))
    evidence: dict[str, object] = {}
    if signature is not None:
        try:
            approval = Approval(org=org_id, person=person_id, date=day, content=content, signature=signature.replace("\r\n", "\n"))
        except ValueError:
            message = "the signature is not an armored SSH signature (-----BEGIN SSH SIGNATURE----- …)"
            raise PressgenError([loaded.doc.problem(("approvals",), message)]) from None
        verdict = check_signature(loaded, approval)
        if verdict.missing:
            raise PressgenError([loaded.doc.problem(("approvals",), f"{org_id}/{person_id}: {verdict.missing}")])
        evidence["signature"] = approval.signature
    if link is not None:
        evidence["link"] = {"token": link.token, "receipt": link.receipt}
    original = spec.read_bytes().decode("utf-8")
    entry = {"org": org_id, "person": person_id, "date": day.isoformat(), "content": content, **evidence}
    text = keeping_line_endings(original, lambda lf: _with_approval(lf, entry))
    validate(parse_yaml(text, loaded.doc.path), Release)  # never write a spec that does not load
    write_atomic(spec, text.encode("utf-8"))
    cached_doc(spec)
    return org_id, content


def approver_problem(loaded: LoadedRelease, org_id: str, person_id: str) -> Problem | None:
    """Why ORG/PERSON may not sign this release off: not an issuer, not a person of the registry, not an approver."""
    doc = loaded.doc
    if org_id not in loaded.release.issuers:
        issuers = ", ".join(loaded.release.issuers)
        return doc.problem(("issuers",), f"'{org_id}' is not an issuer of this release ({issuers}); only issuers approve")
    org = loaded.org(org_id)
    at = ("issuers", loaded.release.issuers.index(org_id))
    if person_id not in org.people:
        known = ", ".join(sorted(org.people)) or "none"
        return doc.problem(at, f"'{person_id}' is not a person of '{org_id}' in the registry; known: {known}")
    if org.approvers and person_id not in org.approvers:
        return doc.problem(at, f"'{person_id}' is not among the approvers of '{org_id}' in the registry ({', '.join(org.approvers)})")
    return None


def _with_approval(text: str, entry: dict[str, object]) -> str:
    """The spec text with the organization's approval replaced by this one.

    Only the approvals block is written: every other byte of the file stays as the writer left it.
    """
    doc = parse_yaml(text, "spec")
    kept = [a for a in doc.data.get("approvals") or [] if isinstance(a, dict) and a.get("org") != entry["org"]]
    _, _, dash = load_yaml_guess_indent(text)
    pad = " " * (2 if dash is None else dash)
    block = "approvals:\n" + "".join(_entry_yaml(a, pad) for a in [*kept, entry])
    lines = text.splitlines(keepends=True)
    if ("approvals",) not in doc.keys:
        return text + ("" if text.endswith("\n") or not text else "\n") + block
    first = doc.keys[("approvals",)].line - 1
    last = first + 1
    while last < len(lines) and (lines[last][:1] in (" ", "-", "\n") or not lines[last].strip()):
        last += 1  # the approvals block ends at the next top-level key or comment
    return "".join(lines[:first]) + block + "".join(lines[last:])


def _entry_yaml(approval: dict[str, object], pad: str) -> str:
    """One entry: a line of its own without evidence, else a block with the signature or the link's token and receipt."""
    a = approval
    if not a.get("signature") and not a.get("link"):
        return f"{pad}- {{org: {a['org']}, person: {a['person']}, date: '{a['date']}', content: {a['content']}}}\n"
    inner = pad + "  "
    text = f"{pad}- org: {a['org']}\n{inner}person: {a['person']}\n{inner}date: '{a['date']}'\n{inner}content: {a['content']}\n"
    signature = a.get("signature")
    if isinstance(signature, str):
        text += f"{inner}signature: |\n" + "".join(f"{inner}  {line}\n" for line in signature.strip("\n").split("\n"))
    link = a.get("link")
    if isinstance(link, dict):
        text += f"{inner}link:\n{inner}  token: '{link.get('token')}'\n{inner}  receipt: '{link.get('receipt')}'\n"
    return text
