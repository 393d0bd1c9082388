"""The gate before real sending: the review's sign-off gate (approved, signed off by every issuer, no check error)."""

from __future__ import annotations

from ..errors import Problem
from ..review.gate import final_problems
from ..spec.loader import LoadedRelease


def distribution_gate(loaded: LoadedRelease) -> list[Problem]:
    """Why this language version may not be sent to journalists yet; empty when it may (--dry-run previews any)."""
    return final_problems(loaded)
