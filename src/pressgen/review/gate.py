"""The sign-off gate: the one check every way a release leaves pressgen passes (build --final, send, site).

A release goes out when its status is approved, every issuer signed off this very content through an
approval that counts, and the proofreader finds no error. Whether an approval counts is decided by
APPROVAL_CHECKS, one function per requirement (by an issuer, by one of its approvers in the registry,
with evidence the gate verifies), and every way out applies them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Problem
from ..spec.content import short_hash
from ..spec.loader import LoadedRelease
from ..spec.model import Approval
from .approval_settings import load_approve_settings
from .evidence import proof

# Why one approval does not count, as (its field, message), or None when it counts.
ApprovalCheck = Callable[[LoadedRelease, int, Approval], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one release: located problems for the user, short reasons for a list of releases."""

    problems: tuple[Problem, ...]
    reasons: tuple[str, ...]  # e.g. "review", "not approved by itri", "changed since itri approved it"

    @property
    def passed(self) -> bool:
        return not self.problems


def _by_an_issuer(loaded: LoadedRelease, index: int, approval: Approval) -> tuple[str, str] | None:
    if approval.org not in loaded.release.issuers:
        return "org", f"'{approval.org}' is not an issuer of this release; this approval does not count"
    return None


def _by_a_person_of_the_registry(loaded: LoadedRelease, index: int, approval: Approval) -> tuple[str, str] | None:
    org = loaded.registry.orgs.get(approval.org)
    people = org.people if org else {}
    if approval.person not in people:
        known = ", ".join(sorted(people)) or "none"
        return "person", f"'{approval.person}' is not a person of '{approval.org}' in the registry (known: {known}); this approval does not count"
    return None


def _by_an_approver(loaded: LoadedRelease, index: int, approval: Approval) -> tuple[str, str] | None:
    approvers = loaded.org(approval.org).approvers
    if approvers and approval.person not in approvers:
        return "person", (
            f"'{approval.person}' is not among the approvers of '{approval.org}' in the registry ({', '.join(approvers)}); "
            "this approval does not count"
        )
    return None


def _with_evidence(loaded: LoadedRelease, index: int, approval: Approval) -> tuple[str, str] | None:
    """A signature or an approval link that verifies, or an organization whose unsigned approvals the project trusts.

    An approval of another version is left to the staleness check: it must be renewed in any case.
    """
    if approval.content != short_hash(loaded):
        return None
    found = proof(loaded, approval, load_approve_settings(loaded.project).trust_unsigned)
    if found.missing is None:
        return None
    who, path = f"{approval.org}/{approval.person}", loaded.doc.path
    field = "signature" if approval.signature else "link" if approval.link else "person"
    said = found.missing if found.missing.startswith("carries") else f"does not hold: {found.missing}"
    remedy = (
        f"ask {approval.person} to approve by link (pressgen approve request {path} --org {approval.org}) "
        f"or with their SSH key (pressgen approve {path} --by {approval.org}:{approval.person} --key KEY)"
    )
    return field, f"{who}'s approval of version {approval.content} {said}; {remedy}"


APPROVAL_CHECKS: tuple[ApprovalCheck, ...] = (_by_an_issuer, _by_a_person_of_the_registry, _by_an_approver, _with_evidence)


def verdict(loaded: LoadedRelease) -> Verdict:
    """Every reason the release may not go out yet; none when it may."""
    release, doc = loaded.release, loaded.doc
    problems: list[Problem] = []
    reasons: list[str] = []
    if release.status != "approved":
        problems.append(doc.problem(("status",), f"is '{release.status}'; only an approved release goes out"))
        reasons.append(release.status)
    current = short_hash(loaded)
    counted: dict[str, tuple[int, Approval]] = {}  # issuer → its last approval that counts
    refused: set[str] = set()
    for at, approval in enumerate(release.approvals):
        failure = next((f for check in APPROVAL_CHECKS if (f := check(loaded, at, approval))), None)
        if failure is None:
            counted[approval.org] = (at, approval)
            continue
        field, message = failure
        problems.append(doc.problem(("approvals", at, field), message))
        reasons.append(f"approval by {approval.org}/{approval.person} does not count")
        refused.add(approval.org)
    missing, stale = [], []
    for n, issuer in enumerate(release.issuers):
        name = loaded.org(issuer).names[release.language].formal  # type: ignore[index]
        if issuer not in counted:
            if issuer not in refused:  # an approval that does not count was reported above
                message = (
                    f"{name} has not approved this release: pressgen approve {doc.path} --by {issuer}:PERSON "
                    f"(--key KEY to sign it), or pressgen approve request {doc.path} --org {issuer} (by link)"
                )
                problems.append(doc.problem(("issuers", n), message))
                missing.append(issuer)
            continue
        at, approval = counted[issuer]
        if approval.content != current:
            message = (
                f"{issuer}/{approval.person} approved version {approval.content} on {approval.date}; the release has "
                f"changed since (now {current}): {name} must approve again"
            )
            problems.append(doc.problem(("approvals", at, "content"), message))
            stale.append(issuer)
    if missing:
        reasons.append(f"not approved by {', '.join(missing)}")
    if stale:
        reasons.append(f"changed since {', '.join(stale)} approved it")
    errors = _check_errors(loaded)
    if errors:
        reasons.append(f"{len(errors)} check error{'s' if len(errors) > 1 else ''}")
    return Verdict(tuple(problems + errors), tuple(reasons))


def final_problems(loaded: LoadedRelease) -> list[Problem]:
    """Empty when the release may go out; else every located reason why not."""
    return list(verdict(loaded).problems)


def _check_errors(loaded: LoadedRelease) -> list[Problem]:
    from .check import check_release

    return [
        Problem(f.path, f.line, f.col, f.field, f"check {f.rule}: {f.message}")
        for f in check_release(loaded)
        if f.severity == "error"
    ]
