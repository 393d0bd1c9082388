"""Safe YAML loading that keeps the line and column of every key and value."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import PressgenError, Problem

MAX_BYTES = 1_000_000
# Aliases let a few lines expand into billions of nodes; no real spec comes near this.
MAX_NODES = 50_000
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Pos:
    """Where a value starts (1-based) and how its text is laid out in the file."""

    line: int
    col: int
    style: str | None = None


@dataclass
class SourceDoc:
    """A loaded YAML document: plain Python data plus positions keyed by path."""

    path: str
    data: Any
    values: dict[Loc, Pos] = field(default_factory=dict)
    keys: dict[Loc, Pos] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def where(self, loc: Loc, offset: int | None = None, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `loc`, or of its nearest located ancestor.

        With `offset`, point at that character inside a string value.
        """
        table = self.keys if key and loc in self.keys else self.values
        while loc and loc not in table:
            loc = loc[:-1]
            table = self.values
        pos = table.get(loc, Pos(1, 1))
        if offset is None or not isinstance(self.lookup(loc), str):
            return pos.line, pos.col
        return self._inside(pos, self.lookup(loc), offset)

    def lookup(self, loc: Loc) -> Any:
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def problem(self, loc: Loc, message: str, offset: int | None = None, key: bool = False) -> Problem:
        line, col = self.where(loc, offset, key)
        return Problem(self.path, line, col, dotted(loc), message)

    def _inside(self, pos: Pos, text: str, offset: int) -> tuple[int, int]:
        before = text[:offset]
        row = before.count("\n")
        if pos.style in ("|", ">"):
            # Block scalars start on the line after the indicator, indented.
            first = pos.line + 1
            src = self.lines[first - 1] if first - 1 < len(self.lines) else ""
            indent = len(src) - len(src.lstrip(" "))
            return first + row, indent + len(before) - (before.rfind("\n") + 1) + 1
        quote = 1 if pos.style in ("'", '"') else 0
        if row == 0:
            return pos.line, pos.col + quote + offset
        return pos.line + row, len(before) - before.rfind("\n")


def dotted(loc: Loc) -> str:
    """Render a path as users write it: quotes[0].speaker."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> SourceDoc:
    """Read one YAML file safely; raise PressgenError listing what is wrong."""
    name = display_path(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise PressgenError([Problem(name, 1, 1, "", f"file is {size:,} bytes; the limit is {max_bytes:,}")])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PressgenError([Problem(name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PressgenError([Problem(name, line, 1, "", "not valid UTF-8 (save the file as UTF-8)")]) from None
    return parse_yaml(text, name)


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_yaml(text: str, name: str) -> SourceDoc:
    """Parse YAML text (already decoded) into a SourceDoc."""
    text = text.removeprefix("\ufeff")
    yaml = YAML(typ="safe", pure=True)
    try:
        nodes = list(yaml.compose_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "\t" in text.splitlines()[line - 1] if line - 1 < len(text.splitlines()) else False:
            message += " (tabs cannot indent YAML; use spaces)"
        raise PressgenError([Problem(name, line, col, "", f"YAML syntax: {message}")]) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"character U+{exc.character:04X} is not allowed in text" if isinstance(exc.character, int) else str(exc)
        raise PressgenError([Problem(name, line, col, "", message)]) from None
    except YAMLError as exc:
        raise PressgenError([Problem(name, 1, 1, "", f"YAML syntax: {exc}")]) from None
    if len(nodes) != 1 or nodes[0] is None:
        found = "no document" if not nodes or nodes[0] is None else f"{len(nodes)} documents"
        raise PressgenError([Problem(name, 1, 1, "", f"expected one YAML document, found {found}")])
    doc = SourceDoc(name, None, lines=text.splitlines())
    walker = _Walker(doc)
    doc.data = walker.build(nodes[0], ())
    if walker.problems:
        raise PressgenError(walker.problems)
    return doc


class _Walker:
    """Turns composed nodes into plain data, refusing what a spec must never hold."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.problems: list[Problem] = []
        self.budget = MAX_NODES

    def build(self, node: Any, loc: Loc) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self._add(node, loc, f"document expands to more than {MAX_NODES:,} values (an alias bomb?)")
            raise PressgenError(self.problems)
        self.doc.values.setdefault(loc, _pos(node))
        tag = node.tag
        if isinstance(node, MappingNode):
            if tag != _CORE + "map":
                return self._refuse_tag(node, loc)
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                return self._refuse_tag(node, loc)
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        if tag == _CORE + "timestamp":
            return node.value  # dates are validated by the model, with a better message
        if tag not in _PLAIN_TAGS:
            return self._refuse_tag(node, loc)
        value = _scalar(tag, node.value)
        if isinstance(value, str):
            bad = _XML_INVALID.search(value)
            if bad:
                line, col = self.doc._inside(_pos(node), value, bad.start())
                message = f"character U+{ord(bad.group()):04X} is not allowed in text"
                self.problems.append(Problem(self.doc.path, line, col, dotted(loc), message))
        return value

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._add(key_node, loc, "keys must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                self._add(key_node, loc, "merge keys (<<) are not supported; write the fields out")
                continue
            if key in out:
                first = self.doc.keys[loc + (key,)]
                self._add(key_node, loc + (key,), f"duplicate key '{key}' (first defined at line {first.line})")
                continue
            self.doc.keys[loc + (key,)] = _pos(key_node)
            out[key] = self.build(value_node, loc + (key,))
        return out

    def _refuse_tag(self, node: Any, loc: Loc) -> None:
        tag = str(node.tag).replace(_CORE, "!!")
        self._add(node, loc, f"YAML tag {tag} is not allowed (only plain YAML data)")
        return None

    def _add(self, node: Any, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.path, mark.line + 1, mark.column + 1, dotted(loc), message))


def _pos(node: Any) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1, getattr(node, "style", None))


def _scalar(tag: str, text: str) -> Any:
    """Convert a resolved YAML 1.2 core-schema scalar."""
    kind = tag.removeprefix(_CORE)
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        digits = text.replace("_", "")
        return int(digits, 0) if digits.lstrip("+-")[:2].lower() in ("0x", "0o", "0b") else int(digits)
    if kind == "float":
        special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
        return float(special.get(text.lower(), text.replace("_", "")))
    return text
