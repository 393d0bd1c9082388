"""The gate before real sending. The sign-off check of the review process will replace this function's body."""

from __future__ import annotations

from ..errors import Problem
from ..loader import LoadedRelease


def distribution_gate(loaded: LoadedRelease) -> list[Problem]:
    """Why this language version may not be sent to journalists yet; empty when it may."""
    status = loaded.release.status
    if status == "approved":
        return []
    message = f"is '{status}'; only an approved release is sent (--dry-run previews any release)"
    return [loaded.doc.problem(("status",), message)]
