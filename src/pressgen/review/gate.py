"""The sign-off gate: what stands between a release and a final build or its distribution to journalists."""

from __future__ import annotations

from ..errors import Problem
from ..spec.content import short_hash
from ..spec.loader import LoadedRelease


def final_problems(loaded: LoadedRelease) -> list[Problem]:
    """Empty when the release is approved, every issuer signed off this very content, and check finds no error."""
    release, doc = loaded.release, loaded.doc
    problems: list[Problem] = []
    if release.status != "approved":
        problems.append(doc.problem(("status",), f"is '{release.status}'; only an approved release goes out"))
    current = short_hash(loaded)
    approvals = {a.org: (n, a) for n, a in enumerate(release.approvals)}
    for n, issuer in enumerate(release.issuers):
        name = loaded.org(issuer).names[release.language].formal  # type: ignore[index]
        if issuer not in approvals:
            message = f"{name} has not approved this release: pressgen approve {doc.path} --by {issuer}:PERSON"
            problems.append(doc.problem(("issuers", n), message))
            continue
        at, approval = approvals[issuer]
        if approval.content != current:
            message = (
                f"{issuer}/{approval.person} approved version {approval.content} on {approval.date}; the release has "
                f"changed since (now {current}): {name} must approve again"
            )
            problems.append(doc.problem(("approvals", at, "content"), message))
    problems += _check_errors(loaded)
    return problems


def _check_errors(loaded: LoadedRelease) -> list[Problem]:
    from .check import check_release

    return [
        Problem(f.path, f.line, f.col, f.field, f"check {f.rule}: {f.message}")
        for f in check_release(loaded)
        if f.severity == "error"
    ]
