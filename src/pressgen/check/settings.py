"""The [tool.pressgen.check] table of pyproject.toml: which rules run, at what severity, with which thresholds."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import PressgenError, Problem
from ..project import Project
from ..yamlsource import display_path
from .engine import RULES, Rule, families
from .finding import Severity

TABLE = "tool.pressgen.check"


class CheckSettings(BaseModel):
    """Selectors are rule ids (names.misspelling) or families (names); the most specific one decides."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=lambda name: name.replace("_", "-"))

    enable: list[str] = Field([], description="Only these rules or families run (all when empty)")
    disable: list[str] = Field([], description="These rules or families do not run")
    severity: dict[str, Severity] = Field({}, description="Rule id or family → error or warning")
    boilerplate_max_age_months: int = Field(12, ge=1)
    headline_max_length: int = Field(65, ge=10, description="Characters of a Japanese headline")
    sentence_max_length: int = Field(100, ge=10, description="Characters of a Japanese sentence, parentheses left out")
    sentence_max_commas: int = Field(3, ge=1, description="、 in a Japanese sentence, enumerations and parentheses left out")

    def enabled(self, rule_id: str) -> bool:
        choice = _most_specific(rule_id, [(s, True) for s in self.enable] + [(s, False) for s in self.disable])
        return (not self.enable) if choice is None else choice

    def severity_of(self, entry: Rule) -> Severity:
        return _most_specific(entry.id, list(self.severity.items())) or entry.severity


def _most_specific(rule_id: str, choices: list[tuple[str, object]]) -> object:
    # An exact rule id beats its family, so `disable = ["japanese"]` with `enable = ["japanese.ra-nuki"]` keeps that one.
    matching = [(selector == rule_id, value) for selector, value in choices if selects(selector, rule_id)]
    return max(matching, key=lambda m: m[0])[1] if matching else None


def selects(selector: str, rule_id: str) -> bool:
    return selector == rule_id or rule_id.startswith(selector + ".")


def load_settings(project: Project) -> CheckSettings:
    """The project's check settings; every mistake in the table in one PressgenError, located in pyproject.toml."""
    pyproject = project.root / "pyproject.toml"
    try:
        settings = CheckSettings.model_validate(project.section("check"))
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            key = next((str(p) for p in reversed(err["loc"]) if isinstance(p, str)), "")
            message = f"unknown setting '{key}'" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(_problem(pyproject, key, message, ".".join(str(p) for p in err["loc"])))
        raise PressgenError(problems) from None
    problems = []
    for name, selectors in (("enable", settings.enable), ("disable", settings.disable), ("severity", list(settings.severity))):
        for selector in selectors:
            if not any(selects(selector, rule_id) for rule_id in RULES):
                problems.append(_problem(pyproject, selector, unknown_rule(selector), name))
    for selector in set(settings.enable) & set(settings.disable):
        problems.append(_problem(pyproject, selector, f"'{selector}' is both enabled and disabled", "disable"))
    if problems:
        raise PressgenError(problems)
    return settings


def unknown_rule(name: str) -> str:
    known = sorted(RULES) + sorted(families())
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown rule '{name}'{hint}; `pressgen check --rules` lists them"


def _problem(pyproject: Path, key: str, message: str, field: str) -> Problem:
    line, col = _toml_position(pyproject, key, field.split(".")[0])
    return Problem(display_path(pyproject), line, col, f"{TABLE}.{field}", message)


def _toml_position(pyproject: Path, key: str, setting: str) -> tuple[int, int]:
    """Line and column of `key` in the check table, on the `setting = …` line if it is there.

    tomllib keeps no positions, so search the text.
    """
    try:
        lines = pyproject.read_text("utf-8").splitlines()
    except OSError:
        return 1, 1
    inside, header, candidates = False, 1, []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.strip("[] ").startswith(TABLE)
            header = number if inside and header == 1 else header
        elif inside and key and key in line:
            candidates.append((not stripped.startswith(setting), number, line.index(key) + 1))
    return min(candidates)[1:] if candidates else (header, 1)
