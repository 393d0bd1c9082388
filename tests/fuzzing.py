"""Shared by the fuzz tests: hostile strings, strategies derived from pressgen's own JSON Schemas, and the property.

The property, for every input surface: a located message and a non-zero exit, or a correct output;
never a traceback, a hang, a write outside out/, or a changed file that should not change.

Strategies come from the JSON Schema that pressgen derives from its models (`pressgen schema`), so a
field added to a model is fuzzed without a change here. Each string the schema leaves free is drawn
from hostile text (markup, template syntax, line breaks and separators, control and invisible
characters, bidirectional overrides, YAML syntax, lone combining marks, astral characters, long runs)
as well as arbitrary Unicode; a pattern-bound string is drawn from its pattern, and now and then a
value breaks the schema on purpose (another type, an unknown key, a hostile string where an id goes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pressgen.errors import PressgenError, Problem

HOSTILE = [
    "", " ", "\t", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x1b[31m", "\x7f",
    "\ufeff", "\u200b", "\u200d", "\u2060", "\u202e", "\u2066", "\ufffe", "\uffff", "\U0001f600", "\U00020bb7", "\u0301",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</article>", "<!--", "]]>", "&amp;", "&#0;",
    "{{ 7*7 }}", "{% include '/etc/passwd' %}", "{#", "${HOME}", "%s%n", "\\", "\\\\", '"', "'", "`id`",
    "javascript:alert(1)", "file:///etc/passwd", "http://127.0.0.1:1/", "../../../../etc/passwd", "%2e%2e%2f", "~",
    "- item", "key: value", "? complex", "*alias", "&anchor", "!!python/object:os.system", "| block", "> folded",
    "# comment", "---", "...", "NO", "yes", "null", "~", "0x1F", "1e400", "2026-02-30", "24:00", ".nan",
    "=SUM(A1)", "+1", "-1", "@cmd", "con", "nul", "com1", "CON.txt", "a" * 600, "あ" * 600, "\U0001f1ef\U0001f1f5" * 30,
    "Bcc: all@example.com", "x@example.com\r\nBcc: y@example.com", "[link](javascript:alert(1))", "<https://example.com>",
    "**", "_", "[", "](", "\\*", "1. ", "* ", "#", "    code", "```", "|a|b|\n|-|-|",
    "工業技術研究院(ITRI)", "ｱｲｳ", "か\u3099", "力", "а", "以下「ITRI」", "(hereinafter \"ITRI\")", "本日", "4月31日",
]


def hostile_text() -> st.SearchStrategy[str]:
    """A hostile string, arbitrary text, or hostile pieces run together with text between them."""
    pieces = st.sampled_from(HOSTILE)
    return st.one_of(
        pieces,
        st.text(max_size=40),
        st.lists(st.one_of(pieces, st.text(max_size=12)), min_size=2, max_size=6).map("".join),
    )


@functools.cache
def _pattern(pattern: str) -> st.SearchStrategy[str]:
    # JSON Schema patterns are searches (not anchored); Python reads \d as any Unicode digit, so ASCII.
    return st.from_regex(re.compile(pattern, re.ASCII), fullmatch=pattern.startswith("^"))


def _formatted(kind: str) -> st.SearchStrategy[str]:
    if kind == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    if kind == "time":
        return st.times().map(lambda t: t.isoformat(timespec="minutes"))
    if kind == "date-time":
        return st.datetimes().map(lambda t: t.isoformat())
    return hostile_text()


class SchemaStrategies:
    """Hypothesis strategies for the instances of one JSON Schema (the subset pydantic writes)."""

    def __init__(self, schema: dict[str, Any], breakage: float = 0.05):
        self.schema = schema
        self.breakage = breakage
        self._cache: dict[str, st.SearchStrategy[Any]] = {}

    def root(self) -> st.SearchStrategy[Any]:
        return self.of(self.schema)

    def of(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            if name not in self._cache:
                self._cache[name] = st.deferred(lambda: self.of(self.schema["$defs"][name]))
            return self._maybe_broken(self._cache[name])
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return self._maybe_broken(st.sampled_from(node["enum"]))
        if "anyOf" in node:
            return st.one_of([self.of(option) for option in node["anyOf"]])
        kind = node.get("type")
        if isinstance(kind, list):
            return st.one_of([self.of({**node, "type": k}) for k in kind])
        if kind == "object":
            return self._object(node)
        if kind == "array":
            return self._array(node)
        if kind == "string":
            return self._string(node)
        if kind == "integer":
            return self._maybe_broken(st.integers(node.get("minimum", -(2**40)), node.get("maximum", 2**40)))
        if kind == "number":
            return st.floats(allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return _any_value()

    def _maybe_broken(self, valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        """Now and then another type or a hostile string where the schema wants something else."""
        return _weighted(valid, st.one_of(hostile_text(), _any_value()), self.breakage)

    def _string(self, node: dict[str, Any]) -> st.SearchStrategy[str]:
        if "pattern" in node:
            # An id or a reference: its pattern, now and then a hostile one.
            return _weighted(_pattern(node["pattern"]).map(lambda s: s[: node.get("maxLength", 10**6)]), hostile_text(), self.breakage)
        if "format" in node:
            return _weighted(_formatted(node["format"]), hostile_text(), self.breakage)
        low, high = node.get("minLength", 0), node.get("maxLength", 2000)
        return hostile_text().map(lambda s: (s + "x" * low)[: max(low, min(len(s), high))])

    def _array(self, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        items = self.of(node.get("items", {}))
        low = node.get("minItems", 0)
        return st.lists(items, min_size=low, max_size=max(low, min(node.get("maxItems", 3), 3)))

    def _object(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        if not properties:
            return self._mapping(node)

        strategies = {name: self.of(schema) for name, schema in properties.items()}  # built once, drawn from often

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            value: dict[str, Any] = {}
            for name, strategy in strategies.items():
                if name in required or draw(st.booleans()):
                    value[name] = draw(strategy)
            if draw(st.integers(0, 99)) < self.breakage * 100:
                value[draw(hostile_text())] = draw(_any_value())  # a key the model does not know
            if required and draw(st.integers(0, 99)) < self.breakage * 100:
                value.pop(draw(st.sampled_from(sorted(required))), None)  # a required key missing
            return value

        return build()

    def _mapping(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        patterns = node.get("patternProperties") or {}
        if patterns:
            (pattern, values), *_ = patterns.items()
            keys: st.SearchStrategy[str] = _pattern(pattern)
        else:
            names = node.get("propertyNames", {})
            keys = st.sampled_from(names["enum"]) if "enum" in names else hostile_text()
            values = node.get("additionalProperties") if isinstance(node.get("additionalProperties"), dict) else {}
        low = node.get("minProperties", 0)
        return st.dictionaries(keys, self.of(values), min_size=low, max_size=max(low, 2))


def _weighted(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], rate: float) -> st.SearchStrategy[Any]:
    return st.integers(0, 999).flatmap(lambda n: rare if n < rate * 1000 else usual)


def _any_value() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text())
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(), inner, max_size=3), max_leaves=6)


def yaml_text(value: Any) -> str:
    """A value as a YAML document, as an editor would save it."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(_plain(value), buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def yamlish_text() -> st.SearchStrategy[str]:
    """Random text in the alphabet of YAML, with real YAML fragments among it."""
    syntax = st.sampled_from(["- ", ": ", "\n", "  ", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ", "? ", "| ", "> ", "#", "'", '"', "---\n", "...\n", "%YAML 1.1\n", "<<: *a\n"])
    return st.lists(st.one_of(syntax, st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=40).map("".join)


# ── the property ────────────────────────────────────────────────────────────


def assert_located(problems: list[Problem], files: dict[str, str]) -> None:
    """Each problem names one of `files` (display path → its text) and a line and column inside it."""
    assert problems, "an error with no problem in it"
    for problem in problems:
        assert problem.message.strip() and "Traceback" not in problem.message, problem
        assert problem.path in files, f"{problem} names a file that is not an input"
        lines = files[problem.path].splitlines() or [""]
        assert 1 <= problem.line <= len(lines) + 1, f"{problem}: line outside the file ({len(lines)} lines)"
        assert problem.col >= 1, problem
        assert re.match(r"^.+:\d+:\d+: ", str(problem)), problem


def located_or(call, files: dict[str, str]):  # type: ignore[no-untyped-def]
    """The call's result, or None after checking that its PressgenError is located in `files`."""
    try:
        return call()
    except PressgenError as exc:
        assert_located(exc.problems, files)
        return None


def tree_digest(root: Path, skip: tuple[str, ...] = ("out",)) -> dict[str, str]:
    """Every file under `root` (but those under the top-level folders `skip`) by its digest."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in skip and not relative.parts[0].startswith(".hypothesis"):
            found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: the example is cut off after `seconds`."""

    def expired(signum, frame):  # type: ignore[no-untyped-def]
        raise AssertionError(f"no answer in {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def schema_of(kind: str) -> dict[str, Any]:
    from pressgen.spec import json_schema

    return json.loads(json_schema(kind))
