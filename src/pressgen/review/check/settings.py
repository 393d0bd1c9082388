"""The [tool.pressgen.check] table of pyproject.toml: which rules run, at what severity, with which thresholds."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from pydantic import BaseModel, ConfigDict, Field

from ...errors import PressgenError
from ...spec.project import Project
from ...spec.settings import TABLE as CORE_TABLE
from ...spec.settings import settings_doc
from ...spec.validation import validate
from ...spec.yamlsource import Loc
from .finding import Severity

TABLE: Loc = (*CORE_TABLE, "check")


class CheckSettings(BaseModel):
    """Selectors are rule ids (names.misspelling) or families (names); the most specific one decides."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=lambda name: name.replace("_", "-"))

    enable: list[str] = Field([], description="Only these rules or families run (all when empty)")
    disable: list[str] = Field([], description="These rules or families do not run")
    severity: dict[str, Severity] = Field({}, description="Rule id or family → error, warning or note")
    dictionaries: list[str] = Field([], description="The project's style dictionaries (prh YAML), relative to pyproject.toml")
    default_dictionary: bool = Field(True, description="Read pressgen's default dictionary for words a release writes two ways")
    boilerplate_max_age_months: int = Field(12, ge=1)
    headline_max_length: int = Field(65, ge=10, description="Characters of a Japanese headline")
    sentence_max_length: int = Field(100, ge=10, description="Characters of a Japanese sentence, parentheses left out")
    sentence_max_commas: int = Field(3, ge=1, description="、 in a Japanese sentence, enumerations and parentheses left out")

    def enabled(self, rule_id: str) -> bool:
        choice = _most_specific(rule_id, [(s, True) for s in self.enable] + [(s, False) for s in self.disable])
        return (not self.enable) if choice is None else choice

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return _most_specific(rule_id, list(self.severity.items())) or default


def _most_specific(rule_id: str, choices: list[tuple[str, object]]) -> object:
    # An exact rule id beats its family, so `disable = ["japanese"]` with `enable = ["japanese.ra-nuki"]` keeps that one.
    matching = [(selector == rule_id, value) for selector, value in choices if selects(selector, rule_id)]
    return max(matching, key=lambda m: m[0])[1] if matching else None


def selects(selector: str, rule_id: str) -> bool:
    return selector == rule_id or rule_id.startswith(selector + ".")


def load_settings(project: Project, rules: Collection[str]) -> CheckSettings:
    """The project's check settings, naming only these rule ids or their families; every mistake in the table in one
    PressgenError, located in pyproject.toml."""
    doc = settings_doc(project.root / "pyproject.toml", {"check": project.section("check")})
    settings = validate(doc, CheckSettings, base=TABLE)
    problems = []
    for name in ("enable", "disable"):
        for index, selector in enumerate(getattr(settings, name)):
            if not any(selects(selector, rule_id) for rule_id in rules):
                problems.append(doc.problem((*TABLE, name, index), unknown_rule(selector, rules)))
    for selector in settings.severity:
        if not any(selects(selector, rule_id) for rule_id in rules):
            problems.append(doc.problem((*TABLE, "severity", selector), unknown_rule(selector, rules), key=True))
    for index, selector in enumerate(settings.disable):
        if selector in settings.enable:
            problems.append(doc.problem((*TABLE, "disable", index), f"'{selector}' is both enabled and disabled"))
    if problems:
        raise PressgenError(problems)
    return settings


def unknown_rule(name: str, rules: Collection[str]) -> str:
    known = sorted(rules) + sorted({rule_id.split(".", 1)[0] for rule_id in rules})
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown rule '{name}'{hint}; `pressgen check --rules` lists them"
