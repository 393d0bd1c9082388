"""Reviewers' comments as findings, at the text they mark, until answered: an issuer's change request from its approval
page (until that issuer approves again) and a reviewer's Word comment brought in by `pressgen review import` (until
resolved)."""

from __future__ import annotations

from collections.abc import Iterator

from ..comments import ReviewComment, comment_place, standing_comments
from .finding import Spot
from .engine import Report, rule
from .review import Review


@rule("review.changes-requested", "error", "an issuer asked for changes on its approval page and has not approved since")
def changes_requested(review: Review) -> Iterator[Report]:
    for comment in _standing(review, "changes"):
        part = f" ({comment.field})" if comment.field else ""
        yield _spot(review, comment), (
            f"{comment.author} requested changes to version {comment.content}{part} on {comment.day}: {comment.comment}"
        )


@rule("review.comment", "warning", "a reviewer's comment in a returned Word document, not resolved yet")
def word_comment(review: Review) -> Iterator[Report]:
    for comment in _standing(review, "comment"):
        marks = f" (on 「{comment.quote}」)" if comment.quote and len(comment.quote) <= 40 else ""
        dated = f", {comment.day}" if comment.day else ""
        yield _spot(review, comment), f"{comment.author}: {comment.comment}{marks} [#{comment.id}{dated}]"


def _standing(review: Review, kind: str) -> list[ReviewComment]:
    comments = review.memo("review comments", lambda: standing_comments(review.loaded))
    return [c for c in comments if c.kind == kind]


def _spot(review: Review, comment: ReviewComment) -> Spot:
    doc, loc, offset = comment_place(review.loaded, comment)
    line, col = doc.where(loc, offset)
    return Spot(doc.path, line, col, comment.field or "")
