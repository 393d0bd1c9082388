"""The spec's `suppress:` entries: each silences one rule on one field, and must silence something."""

from __future__ import annotations

from .engine import RULES, declare
from .finding import Finding
from .review import Review
from .settings import selects, unknown_rule

UNKNOWN = declare("check.unknown-rule", "error", "a suppress: entry names a rule that does not exist")
UNUSED = declare("check.unused-suppression", "warning", "a suppress: entry silences no finding (stale or mistyped)")


def apply_suppressions(review: Review, findings: list[Finding]) -> list[Finding]:
    """The findings no entry silences, plus a finding for each entry that is unknown or silences nothing."""
    kept = list(findings)
    meta: list[Finding] = []
    for n, entry in enumerate(review.release.suppress):
        if not any(selects(entry.rule, rule_id) for rule_id in RULES):
            meta.append(_meta(review, UNKNOWN.id, ("suppress", n, "rule"), unknown_rule(entry.rule, RULES)))
            continue
        silenced = [f for f in kept if selects(entry.rule, f.rule) and _within(f.field, entry.field)]
        if silenced:
            kept = [f for f in kept if f not in silenced]
        else:
            why = " (the rule is disabled in [tool.pressgen.check])" if not review.settings.enabled(entry.rule) else ""
            message = f"silences nothing: no {entry.rule} finding in {entry.field}{why}; remove the entry"
            meta.append(_meta(review, UNUSED.id, ("suppress", n), message))
    return kept + [f for f in meta if review.settings.enabled(f.rule)]


def _within(field: str, suppressed: str) -> bool:
    return field == suppressed or field.startswith((suppressed + ".", suppressed + "["))


def _meta(review: Review, rule_id: str, loc: tuple[str | int, ...], message: str) -> Finding:
    spot = review.spot(loc)
    entry = RULES[rule_id]
    return Finding(spot.path, spot.line, spot.col, review.settings.severity_of(rule_id, entry.severity), rule_id, message, spot.field)
