"""The rule engine: rules register here, and running them applies the project's settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .finding import Finding, Severity, Spot

if TYPE_CHECKING:
    from .review import Review

# Where and what; a third item, a severity, gives one report of a rule less weight than its errors (a missing comma
# beside a weekday the rule otherwise checks for being wrong). The project's severity for the rule still decides.
Report = tuple[Spot, str] | tuple[Spot, str, Severity]
Check = Callable[["Review"], Iterable[Report]]


@dataclass(frozen=True)
class Rule:
    """A named check with a default severity, for some languages (None: every language)."""

    id: str
    severity: Severity
    summary: str
    languages: tuple[str, ...] | None = None
    check: Check | None = None  # None: the engine itself reports it (suppression bookkeeping)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, summary: str, languages: tuple[str, ...] | None = None) -> Callable[[Check], Check]:
    """Register the decorated function as the check of `rule_id`."""

    def register(check: Check) -> Check:
        declare(rule_id, severity, summary, languages, check)
        return check

    return register


def declare(
    rule_id: str, severity: Severity, summary: str, languages: tuple[str, ...] | None = None, check: Check | None = None
) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is registered twice")
    RULES[rule_id] = Rule(rule_id, severity, summary, languages, check)
    return RULES[rule_id]


def run_rules(review: Review) -> Iterator[Finding]:
    """Every finding of every rule that is enabled and applies to the release's language."""
    settings = review.settings
    for entry in RULES.values():
        if entry.check is None or not entry.applies_to(review.language) or not settings.enabled(entry.id):
            continue
        for spot, message, *lesser in entry.check(review):
            severity = settings.severity_of(entry.id, lesser[0] if lesser else entry.severity)
            yield Finding(spot.path, spot.line, spot.col, severity, entry.id, message, spot.field)
