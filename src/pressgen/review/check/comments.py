"""Reviewers' comments as findings: an issuer's change request from its approval page, at the part it names, until that
issuer approves again."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..approval_log import open_log
from ..approval_settings import load_approve_settings, store_path
from .engine import Report, rule
from .review import Review


@rule("review.changes-requested", "error", "an issuer asked for changes on its approval page and has not approved since")
def changes_requested(review: Review) -> Iterator[Report]:
    loaded = review.loaded
    release = loaded.release
    log = open_log(store_path(loaded.project, load_approve_settings(loaded.project)))
    if log is None:
        return
    try:
        answers = log.answers(release.id)
    finally:
        log.close()
    for answer in answers:
        if answer.action != "changes":
            continue
        approval = next((a for a in release.approvals if a.org == answer.org), None)
        if approval and approval.date >= answer.at.date():
            continue  # the issuer approved since: the request was answered
        loc = _loc(answer.field)
        if not answer.field or loc not in loaded.doc.values:  # the release as a whole, or registry text it prints
            loc = ("issuers", release.issuers.index(answer.org)) if answer.org in release.issuers else ("issuers",)
        part = f" ({answer.field})" if answer.field else ""
        yield review.spot(loc, field=answer.field or None), (
            f"{answer.org}/{answer.person} requested changes to version {answer.content}{part} on "
            f"{answer.at:%Y-%m-%d}: {answer.comment}"
        )


def _loc(field: str) -> tuple[str | int, ...]:
    """'quotes[0].text' → ('quotes', 0, 'text')."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field))
