"""Validate YAML data against a model and turn Pydantic's errors into located problems."""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import PressgenError, Problem
from .yamlsource import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)

_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]*$": "must be an id of lower-case letters, digits and hyphens",
    "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$": "must be a reference of the form organization/id",
    "^[^\\r\\n]*$": "must be a single line",
    "^[^:]+$": "must be a relative path to a file (no URL)",
    "^\\+?[0-9 ()-]{6,24}$": "is not a phone number: digits, spaces, hyphens and parentheses (an extension goes in extension:)",
    "^[0-9]{1,8}$": "must be the digits of the extension alone, e.g. 3071",
}


def validate(doc: SourceDoc, model: type[M], base: Loc = ()) -> M:
    """Validate `doc.data` (or the part at `base`) and raise every problem at once."""
    try:
        return model.model_validate(doc.lookup(base) if base else doc.data)
    except ValidationError as exc:
        raise PressgenError(problems_from(exc, doc, model, base)) from None


def problems_from(exc: ValidationError, doc: SourceDoc, model: type[BaseModel], base: Loc = ()) -> list[Problem]:
    raw = [(base + _data_loc(doc, base, err["loc"]), err) for err in exc.errors(include_url=False)]
    # A union reports a type error for each branch it tried; keep the errors of the branch that fits.
    deeper = {loc for loc, err in raw if not err["type"].endswith("_type")}
    kept: dict[tuple[Loc, str], Problem] = {}
    for loc, err in raw:
        if err["type"].endswith("_type") and any(d[: len(loc)] == loc and d != loc or d == loc for d in deeper):
            continue
        problem = _problem(doc, model, base, loc, err)
        kept.setdefault((loc, problem.message), problem)
    merged: dict[Loc, list[Problem]] = {}
    for (loc, _), problem in kept.items():
        merged.setdefault(loc, []).append(problem)
    out = []
    for problems in merged.values():
        if len(problems) > 1 and all("should be" in p.message for p in problems):
            first = problems[0]
            alternatives = " or ".join(sorted({p.message.removeprefix("Input should be ") for p in problems}))
            out.append(Problem(first.path, first.line, first.col, first.field, f"should be {alternatives}"))
        else:
            out.extend(problems)
    return out


def _data_loc(doc: SourceDoc, base: Loc, loc: tuple[Any, ...]) -> Loc:
    """Drop the parts of Pydantic's loc that name union branches or validators, not data."""
    node = doc.lookup(base) if base else doc.data
    out: list[str | int] = []
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            out.append(part)
        elif part == "[key]" or (isinstance(node, dict) and isinstance(part, str) and not _is_branch(part)):
            if part != "[key]":
                out.append(part)
            node = None
    return tuple(out)


def _is_branch(part: str) -> bool:
    """Pydantic names union branches like constrained-str, dict[...], function-after[...] or AboutEntry."""
    return any(c in part for c in "[(-") or part[:1].isupper()


def _problem(doc: SourceDoc, model: type[BaseModel], base: Loc, loc: Loc, err: dict[str, Any]) -> Problem:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return doc.problem(loc, "required field is missing")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _fields_at(model, loc[len(base) : -1])
        hint = difflib.get_close_matches(name, known, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(sorted(known))})"
        return doc.problem(loc, f"unknown field '{name}'{suggestion}", key=True)
    if kind == "string_pattern_mismatch":
        msg = _PATTERN_HINTS.get(err["ctx"]["pattern"], msg)
        return doc.problem(loc, f"'{value}' {msg}" if isinstance(value, str) and len(value) < 80 else msg)
    if kind.startswith(("date_", "time_", "datetime_")):
        return doc.problem(loc, f"'{value}' is not a valid {kind.split('_')[0]}: {msg.split(', ', 1)[-1]}")
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    if kind == "literal_error" and isinstance(loc[-1], str) and isinstance(value, str) and value == loc[-1]:
        return doc.problem(loc, f"key '{value}': {msg}", key=True)
    return doc.problem(loc, msg)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model(s) that describe the mapping at `loc`."""
    models = [model]
    for part in loc:
        # List indexes and mapping keys (ids) leave the model in force.
        nested = [inner for m in models for name, f in m.model_fields.items() if part in (name, f.alias) for inner in _models_in(f.annotation)]
        models = nested or models
    # The names as written in the source: a field's alias where it has one (sentence-max-length).
    return sorted({f.alias or name for m in models for name, f in m.model_fields.items()})


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
