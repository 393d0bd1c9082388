"""The sign-off gate: what stands between a release and a final build, its distribution or the newsroom."""

from __future__ import annotations

from ..errors import Problem
from ..spec.content import short_hash
from ..spec.loader import LoadedRelease
from ..spec.model import Approval
from .approval_settings import load_approve_settings
from .evidence import verdict
from .signoff import approver_problem


def final_problems(loaded: LoadedRelease) -> list[Problem]:
    """Empty when the release is approved, every issuer signed off this very content with evidence the gate verifies
    (or the project trusts that issuer's unsigned approvals), and check finds no error."""
    release, doc = loaded.release, loaded.doc
    problems: list[Problem] = []
    if release.status != "approved":
        problems.append(doc.problem(("status",), f"is '{release.status}'; only an approved release goes out"))
    current = short_hash(loaded)
    trust = load_approve_settings(loaded.project).trust_unsigned
    approvals = {a.org: (n, a) for n, a in enumerate(release.approvals)}
    for n, issuer in enumerate(release.issuers):
        name = loaded.org(issuer).names[release.language].formal  # type: ignore[index]
        if issuer not in approvals:
            message = (
                f"{name} has not approved this release: pressgen approve {doc.path} --by {issuer}:PERSON "
                f"(--key KEY to sign it), or pressgen approve request {doc.path} --org {issuer} (by link)"
            )
            problems.append(doc.problem(("issuers", n), message))
            continue
        at, approval = approvals[issuer]
        if approval.content != current:
            message = (
                f"{issuer}/{approval.person} approved version {approval.content} on {approval.date}; the release has "
                f"changed since (now {current}): {name} must approve again"
            )
            problems.append(doc.problem(("approvals", at, "content"), message))
            continue
        problems += _evidence_problems(loaded, at, approval, name, trust)
    problems += _check_errors(loaded)
    return problems


def _evidence_problems(loaded: LoadedRelease, at: int, approval: Approval, name: str, trust: list[str]) -> list[Problem]:
    """The person must be one of the registry's approvers of the organization, and the evidence must hold."""
    who = f"{approval.org}/{approval.person}"
    wrong_person = approver_problem(loaded, approval.org, approval.person)
    if wrong_person is not None:
        return [loaded.doc.problem(("approvals", at, "person"), f"{name}: {wrong_person.message}")]
    found = verdict(loaded, approval, trust)
    if found.missing is None:
        return []
    field = "signature" if approval.signature else "link" if approval.link else "person"
    path = loaded.doc.path
    remedy = (
        f"; ask {approval.person} to approve by link (pressgen approve request {path} --org {approval.org}) "
        f"or with their SSH key (pressgen approve {path} --by {approval.org}:{approval.person} --key KEY)"
    )
    message = f"{name}: {who}'s approval of version {approval.content} {_as_clause(found.missing)}{remedy}"
    return [loaded.doc.problem(("approvals", at, field), message)]


def _as_clause(missing: str) -> str:
    """'carries no evidence …' reads on after the approval; any other finding is said of it."""
    return missing if missing.startswith("carries") else f"does not hold: {missing}"


def _check_errors(loaded: LoadedRelease) -> list[Problem]:
    from .check import check_release

    return [
        Problem(f.path, f.line, f.col, f.field, f"check {f.rule}: {f.message}")
        for f in check_release(loaded)
        if f.severity == "error"
    ]
