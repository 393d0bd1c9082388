"""Style dictionaries in the prh format Japanese proofreading tools share (`rules: - expected: … patterns: …`).

A rule says: write `expected`, not what `pattern`/`patterns` match. Patterns are strings or `/regex/flags` (JavaScript
syntax; `$1` in `expected` is a captured group); without one, the pattern is `expected` itself in any width or case;
`options.wordBoundary` adds \\b; `regexpMustEmpty: $1` applies the rule only when that group matched nothing; `specs`
(from → to) are checked when the dictionary is read, as prh does; `imports` merge other files, the importing file's
rule winning for the same `expected`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ...errors import PressgenError, Problem
from ...spec.sources import cached_doc, file_stamp
from ...spec.validation import validate
from ...spec.yamlsource import Loc, SourceDoc

BUILT_IN = Path(__file__).parent / "dictionaries"
DEFAULT = BUILT_IN / "default.yml"
Patterns = str | list[str] | None


class _Raw(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RawSpec(_Raw):
    source: str = Field(alias="from")
    to: str


class RawOptions(_Raw):
    wordBoundary: bool = False  # noqa: N815 (prh's own key)


class RawRule(_Raw):
    expected: str
    pattern: Patterns = None
    patterns: Patterns = None
    regexpMustEmpty: str | None = None  # noqa: N815
    options: RawOptions = RawOptions()
    specs: list[RawSpec] = []
    prh: str | None = Field(None, description="The rule's explanation, shown with its findings")


class RawImport(_Raw):
    path: str
    disableImports: bool = False  # noqa: N815
    ignoreRules: list[str | dict[str, str]] = []  # noqa: N815


class RawDictionary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    meta: dict[str, Any] = {}
    imports: str | list[str | RawImport] = []
    targets: list[Any] = []  # prh's file targets: pressgen checks release texts, not files
    rules: list[str | RawRule] = []


@dataclass(frozen=True)
class StyleRule:
    """One compiled rule of a dictionary, with where it is written."""

    expected: str
    regex: re.Pattern[str]
    must_be_empty: int | None
    note: str | None
    source: str  # the dictionary file, as its findings name it
    line: int

    def corrections(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, correction) of each match whose correction differs from what is written."""
        return _corrections(self, text)

    def expected_spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the text writes the expected form."""
        return _expected_spans(self, text)

    @cached_property
    def replacement(self) -> str:
        return re.sub(r"\$(\d)", r"\\\1", self.expected.replace("\\", "\\\\"))

    @cached_property
    def expected_regex(self) -> re.Pattern[str]:
        """What the expected form looks like in a text: `expected` with each $n replaced by the n-th group's pattern
        (optional if the group is), within the pattern's word boundaries."""
        groups = _groups(self.regex.pattern)
        parts = re.split(r"\$(\d)", self.expected)
        source = "".join(re.escape(p) if n % 2 == 0 else "(?:{}){}".format(*groups[int(p) - 1]) for n, p in enumerate(parts))
        pattern = self.regex.pattern
        source = ("\\b" if pattern.startswith("\\b") else "") + source + ("\\b" if pattern.endswith("\\b") else "")
        return re.compile(source, self.regex.flags)


_loaded: dict[tuple[Path, str | None], tuple[list[tuple[Path, tuple[int, int]]], list[StyleRule]]] = {}


@lru_cache(maxsize=65536)  # the same texts are checked again in the live preview
def _corrections(rule: StyleRule, text: str) -> tuple[tuple[int, int, str], ...]:
    found = []
    for match in rule.regex.finditer(text):
        if rule.must_be_empty is not None and match.group(rule.must_be_empty):
            continue
        right = match.expand(rule.replacement)
        if match.group() and right != match.group():
            found.append((match.start(), match.end(), right))
    return tuple(found)


@lru_cache(maxsize=65536)
def _expected_spans(rule: StyleRule, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in rule.expected_regex.finditer(text) if m.group())


def load_dictionary(path: Path, shown: str | None = None) -> list[StyleRule]:
    """The rules of a prh dictionary and its imports; every mistake (YAML, keys, regexes, failed specs) located.
    Read again only when one of its files changed."""
    key = (path.resolve(), shown)
    cached = _loaded.get(key)
    if cached and all(p.is_file() and file_stamp(p) == stamp for p, stamp in cached[0]):
        return cached[1]
    files: list[Path] = []
    rules = _load(path, shown, frozenset(), files)
    _loaded[key] = ([(p, file_stamp(p)) for p in files], rules)
    return rules


def _load(path: Path, shown: str | None, seen: frozenset[Path], files: list[Path]) -> list[StyleRule]:
    path = path.resolve()
    if path in seen:
        return []
    files.append(path)
    doc = cached_doc(path)
    shown = shown or str(path)
    raw = validate(doc, RawDictionary)
    problems: list[Problem] = []
    rules: list[StyleRule] = []
    for n, entry in enumerate(raw.rules):
        try:
            rules.append(_compile(doc, ("rules", n), RawRule(expected=entry) if isinstance(entry, str) else entry, shown))
        except PressgenError as exc:
            problems += exc.problems
    imports = [raw.imports] if isinstance(raw.imports, str) else raw.imports
    for n, entry in enumerate(imports):
        spec = RawImport(path=entry) if isinstance(entry, str) else entry
        target = (path.parent / spec.path).resolve()
        if not target.is_file():
            problems.append(doc.problem(("imports", n) if not isinstance(raw.imports, str) else ("imports",), f"no dictionary at {spec.path}"))
            continue
        imported = [] if spec.disableImports else _load(target, str(Path(shown).parent / spec.path), seen | {path}, files)
        ignored = {i if isinstance(i, str) else i.get("expected", i.get("pattern", "")) for i in spec.ignoreRules}
        mine = {r.expected for r in rules}
        rules += [r for r in imported if r.expected not in mine and r.expected not in ignored and r.regex.pattern not in ignored]
    if problems:
        raise PressgenError(problems)
    return rules


def _compile(doc: SourceDoc, loc: Loc, raw: RawRule, shown: str) -> StyleRule:
    patterns = raw.pattern if raw.pattern is not None else raw.patterns
    listed = [patterns] if isinstance(patterns, str) else list(patterns or [])
    try:
        if not listed:
            source, flags = _spread(raw.expected), 0
            source = rf"\b{source}\b" if raw.options.wordBoundary else source
        else:
            compiled = [_pattern(p, raw.options.wordBoundary) for p in listed]
            flags = compiled[0][1]
            if any(f != flags for _, f in compiled):
                raise re.error("the patterns combine different flags")
            source = "|".join(f"(?:{s})" for s, _ in compiled) if len(compiled) > 1 else compiled[0][0]
        regex = re.compile(source, flags)
    except re.error as exc:
        raise PressgenError([doc.problem(loc + ("pattern" if raw.pattern is not None else "patterns",), f"not a regular expression: {exc}")]) from None
    must = int(raw.regexpMustEmpty[1:]) if raw.regexpMustEmpty and re.fullmatch(r"\$\d", raw.regexpMustEmpty) else None
    line, _ = doc.where(loc)
    rule = StyleRule(raw.expected, regex, must, raw.prh, shown, line)
    for n, spec in enumerate(raw.specs):
        got = _apply(rule, spec.source)
        if got != spec.to:
            message = f"spec failed: '{spec.source}' becomes '{got}', the spec expects '{spec.to}'"
            raise PressgenError([doc.problem(loc + ("specs", n), message)])
    return rule


def _apply(rule: StyleRule, text: str) -> str:
    out, last = [], 0
    for start, end, right in rule.corrections(text):
        out += [text[last:start], right]
        last = end
    return "".join(out) + text[last:]


def _pattern(written: str, word_boundary: bool) -> tuple[str, int]:
    """A prh pattern as a Python regex: /source/flags is JavaScript syntax, anything else is literal."""
    match = re.fullmatch(r"/(.*)/([gimsuy]*)", written, re.S)
    if match:
        source = re.sub(r"\(\?<(?![=!])", "(?P<", match[1])  # JavaScript's named groups
        flags = (re.IGNORECASE if "i" in match[2] else 0) | (re.MULTILINE if "m" in match[2] else 0) | (re.S if "s" in match[2] else 0)
        return source, flags
    source = re.escape(written)
    return (rf"\b{source}\b" if word_boundary else source), 0


_HALF = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _spread(expected: str) -> str:
    """prh's pattern made from `expected`: each Latin letter and digit in either case and width."""
    out = []
    for char in expected:
        if char in _HALF:
            forms = {char.upper(), char.lower()}
            forms |= {chr(ord(c) + 0xFEE0) for c in forms}
            out.append("[" + "".join(sorted(forms)) + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _groups(source: str) -> list[tuple[str, str]]:
    """The source of each capturing group and the quantifier after it ('?' or ''), in order (enough for the plain
    groups dictionaries use)."""
    groups: list[list[int]] = []
    stack: list[int | None] = []
    n = 0
    while n < len(source):
        char = source[n]
        if char == "\\":
            n += 2
            continue
        if char == "[":
            close = source.find("]", n + 2)
            n = close + 1 if close >= 0 else len(source)
            continue
        if char == "(":
            capturing = not source.startswith("(?", n) or source.startswith("(?P<", n)
            stack.append(len(groups) if capturing else None)
            if capturing:
                groups.append([source.index(">", n) + 1 if source.startswith("(?P<", n) else n + 1, -1])
        elif char == ")" and stack:
            at = stack.pop()
            if at is not None:
                groups[at][1] = n
        n += 1
    return [(source[start:end], "?" if source[end + 1 : end + 2] in ("?", "*") else "") for start, end in groups]
