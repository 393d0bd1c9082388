"""Reviewers' comments on a release from every channel — an issuer's change request on its approval page, a comment in
a returned Word document — with where each points and whether it still stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..spec.loader import LoadedRelease
from ..spec.yamlsource import Loc, SourceDoc
from .approval_log import open_log
from .approval_settings import load_approve_settings, store_path


@dataclass(frozen=True)
class ReviewComment:
    """One standing comment: `kind` is 'changes' (a change request: blocks the release) or 'comment' (from Word)."""

    kind: str
    author: str
    day: str  # YYYY-MM-DD
    content: str  # the version it was made on
    field: str  # dotted field path; empty for the release as a whole
    comment: str
    registry: str = ""  # the organization whose registry file the field is in; empty for the spec
    quote: str = ""  # the text it marks
    offset: int = 0  # where that text started in the field then
    id: int = 0


def standing_comments(loaded: LoadedRelease) -> list[ReviewComment]:
    """The comments not yet answered: change requests the issuer has not approved since, Word comments not resolved."""
    release = loaded.release
    log = open_log(store_path(loaded.project, load_approve_settings(loaded.project)))
    if log is None:
        return []
    try:
        answers, imported = log.answers(release.id), log.comments(release.id)
    finally:
        log.close()
    found = []
    for answer in answers:
        if answer.action != "changes":
            continue
        approval = next((a for a in release.approvals if a.org == answer.org), None)
        if approval and approval.date >= answer.at.date():
            continue  # the issuer approved since: the request was answered
        found.append(ReviewComment("changes", f"{answer.org}/{answer.person}", f"{answer.at:%Y-%m-%d}", answer.content,
                                   answer.field, answer.comment))
    for c in imported:
        if not c.resolved_at:
            found.append(ReviewComment("comment", c.author, c.at[:10], c.content, c.field, c.comment, c.registry, c.quote,
                                       c.offset, c.id))
    return found


def field_loc(field: str) -> Loc:
    """'quotes[0].text' → ('quotes', 0, 'text')."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field))


def comment_place(loaded: LoadedRelease, comment: ReviewComment) -> tuple[SourceDoc, Loc, int | None]:
    """The file, field and character a comment points at now: the text it marks where it is now (nearest to where it
    was), else the field; a field no longer there, or the release as a whole, points at the issuer who asked or the
    issuers."""
    doc = loaded.registry.docs.get(comment.registry) if comment.registry else loaded.doc
    loc = field_loc(comment.field)
    if doc is None or not comment.field or loc not in doc.values:
        org = comment.author.partition("/")[0]
        issuers = loaded.release.issuers
        return loaded.doc, (("issuers", issuers.index(org)) if org in issuers else ("issuers",)), None
    value = doc.lookup(loc)
    if not isinstance(value, str) or not comment.quote:
        return doc, loc, None
    at = nearest(value, comment.quote, comment.offset)
    return doc, loc, min(comment.offset, max(len(value) - 1, 0)) if at is None else at


def nearest(value: object, text: str, offset: int) -> int | None:
    """Where `text` is in `value` now, the occurrence nearest to where it was (`offset`); None when it is gone."""
    if not isinstance(value, str) or not text:
        return None
    spots = [m.start() for m in re.finditer(re.escape(text), value)]
    return min(spots, key=lambda at: abs(at - offset)) if spots else None
