"""`pressgen check`: a proofreader for press releases whose rules know the registry.

The public API is `check_release(loaded) -> list[Finding]`; the live preview and the sign-off gate use it.
"""

from __future__ import annotations

from ...spec.loader import LoadedRelease
from .engine import RULES, Rule
from .finding import Finding, Severity

__all__ = ["RULES", "Finding", "Rule", "Severity", "check_release"]


def check_release(loaded: LoadedRelease) -> list[Finding]:
    """Every finding for one loaded release, sorted by file and position, suppressions applied.

    Raises PressgenError (located in pyproject.toml) if the [tool.pressgen.check] table is wrong.
    """
    load_rules()
    from .engine import run_rules
    from .review import Review
    from .settings import load_settings
    from .suppress import apply_suppressions

    review = Review(loaded, load_settings(loaded.project, RULES))
    return sorted(set(apply_suppressions(review, list(run_rules(review)))))


def load_rules() -> None:
    """Import the rule families, which register their rules (kept out of `import pressgen.review.check` for a quick CLI)."""
    from . import (  # noqa: F401
        abbreviations, characters, comments, conventions, dates, figures, japanese, names, orthography, structure, suppress,
    )
