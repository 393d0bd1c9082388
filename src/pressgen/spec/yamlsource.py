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

from ..errors import PressgenError, Problem

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
        return self.inside(pos, self.lookup(loc), offset)

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

    def inside(self, pos: Pos, text: str, offset: int) -> tuple[int, int]:
        """Line and column in the file of character `offset` of a string value that starts at `pos`.

        Walks the source as YAML laid it out: quotes and escapes, folded and indented lines.
        """
        row, col, indent = pos.line - 1, pos.col - 1, 0
        block = pos.style in ("|", ">")
        if block:
            header = self._line(row)
            row += 1  # the text starts on the line after the | or > indicator
            explicit = re.match(r"[|>][+-]?([1-9])", header[col:])
            # With an indentation indicator (|2) the text may start with spaces of its own: the indent
            # is the parent's (where its key starts, after any "- " of a list) plus the digit.
            parent = len(header) - len(re.sub(r"^[ -]*", "", header))
            col = indent = parent + int(explicit[1]) if explicit else _indent(self._line(row))
        elif pos.style in ("'", '"'):
            col += 1
        done = 0
        while done < offset and row < len(self.lines):
            line = self._line(row)
            src = line[col] if col < len(line) else "\n"
            char = text[done]
            if src == "\n":
                row += 1
                col = min(indent, len(self._line(row))) if block else _indent(self._line(row))
                done += char in " \n"  # the line break became this space or newline
            elif pos.style == '"' and src == "\\":
                follower = line[col + 1] if col + 1 < len(line) else "\n"
                if follower == "\n":  # an escaped line break joins lines and yields nothing
                    row, col = row + 1, _indent(self._line(row + 1))
                    continue
                col += {"x": 4, "u": 6, "U": 10}.get(follower, 2)
                done += 1
            elif pos.style == "'" and line.startswith("''", col):
                col, done = col + 2, done + 1
            elif src != char and src in " \t":
                col += 1  # indentation or spaces YAML folding dropped
            else:
                col, done = col + 1, done + 1
        return row + 1, col + 1

    def _line(self, row: int) -> str:
        return self.lines[row] if 0 <= row < len(self.lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def dotted(loc: Loc) -> str:
    """Render a path as users write it: quotes[0].speaker."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES, kind: str = "") -> SourceDoc:
    """Read one YAML file safely; raise PressgenError listing what is wrong.

    A file over `max_bytes` is refused before it is parsed; `kind` names what it should have been.
    """
    name = display_path(path)
    try:
        if not Path(path).exists():
            raise PressgenError([Problem(name, 1, 1, "", "no such file")])
        if not Path(path).is_file():
            raise PressgenError([Problem(name, 1, 1, "", "not a regular file")])
        with open(path, "rb") as handle:  # read at most one byte past the limit, whatever the size says
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            size = max(os.path.getsize(path), len(raw))
            raise PressgenError([Problem(name, 1, 1, "", f"file is {size:,} bytes; the limit{f' for {kind}' if kind else ''} is {max_bytes:,}")])
    except OSError as exc:
        raise PressgenError([Problem(name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        readable = raw.decode("utf-8-sig", errors="replace")
        at = len(raw[: exc.start].decode("utf-8-sig", errors="replace"))
        message = f"byte 0x{raw[exc.start]:02X} is not valid UTF-8 (save the file as UTF-8)"
        raise PressgenError([_problem_at(readable, name, at, message)]) from None
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
    raw_invalid = list(_XML_INVALID.finditer(text))
    if raw_invalid:
        # The YAML reader would stop at the first; report each, with the field it is in.
        message = "character U+{:04X} is not allowed in text"
        raise PressgenError([_problem_at(text, name, m.start(), message.format(ord(m.group()))) for m in raw_invalid])
    doc = SourceDoc(name, None, lines=text.splitlines())
    root = _compose(text, name)
    walker = _Walker(doc)
    try:
        _refuse_bombs(doc, root)
        doc.data = walker.build(root, ())
    except RecursionError:
        raise PressgenError([Problem(name, 1, 1, "", "the document is nested too deeply")]) from None
    if walker.problems:
        raise PressgenError(walker.problems)
    return doc


def _compose(text: str, name: str) -> Any:
    """The node tree of the one document in `text`."""
    try:
        nodes = list(_yaml().compose_all(text))
    except RecursionError:
        raise PressgenError([Problem(name, 1, 1, "", "the document is nested too deeply")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        lines = text.splitlines()
        if line - 1 < len(lines) and "\t" in lines[line - 1]:
            message += " (tabs cannot indent YAML; use spaces)"
        raise PressgenError([Problem(name, line, col, "", f"YAML syntax: {message}")]) from None
    except ReaderError as exc:
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        message = f"character U+{character:04X} is not allowed in YAML"
        raise PressgenError([_problem_at(text, name, exc.position, message)]) from None
    except YAMLError as exc:
        raise PressgenError([Problem(name, 1, 1, "", f"YAML syntax: {exc}")]) from None
    if len(nodes) != 1 or nodes[0] is None:
        found = "no document" if not nodes or nodes[0] is None else f"{len(nodes)} documents"
        raise PressgenError([Problem(name, 1, 1, "", f"expected one YAML document, found {found}")])
    return nodes[0]


class _Walker:
    """Turns composed nodes into plain data, refusing what a spec must never hold."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.problems: list[Problem] = []

    def build(self, node: Any, loc: Loc) -> Any:
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
        try:
            value = _scalar(tag, node.value)
        except ValueError as exc:  # e.g. an integer of thousands of digits
            self._add(node, loc, f"cannot read this number: {exc}")
            return None
        if isinstance(value, str):
            bad = _XML_INVALID.search(value)
            if bad:
                line, col = self.doc.inside(_pos(node), value, bad.start())
                message = f"character U+{ord(bad.group()):04X} is not allowed in text"
                self.problems.append(Problem(self.doc.path, line, col, dotted(loc), message))
        return value

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
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


def _yaml() -> YAML:
    return YAML(typ="safe", pure=True)


def _refuse_bombs(doc: SourceDoc, root: Any) -> None:
    """Refuse documents that aliases expand past MAX_NODES values, counting each node once."""
    sizes: dict[int, int] = {}

    def size(node: Any, active: frozenset[int]) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in active:
            mark = node.start_mark
            raise PressgenError([Problem(doc.path, mark.line + 1, mark.column + 1, "", "an alias refers to itself")])
        inner = active | {id(node)}
        if isinstance(node, MappingNode):
            total = 1 + sum(size(k, inner) + size(v, inner) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            total = 1 + sum(size(child, inner) for child in node.value)
        else:
            total = 1
        sizes[id(node)] = total
        return total

    if size(root, frozenset()) <= MAX_NODES:
        return
    # Point at the top-level entry that expands the most.
    entries = [(size(v, frozenset()), k.value, k) for k, v in root.value] if isinstance(root, MappingNode) else []
    worst = max(entries, key=lambda e: e[0], default=None)
    mark = worst[2].start_mark if worst else root.start_mark
    field = str(worst[1]) if worst else ""
    message = f"expands to {sizes[id(root)]:,} values through aliases; the limit is {MAX_NODES:,} (an alias bomb?)"
    raise PressgenError([Problem(doc.path, mark.line + 1, mark.column + 1, field, message)])


def _problem_at(text: str, name: str, index: int, message: str) -> Problem:
    """A problem at character `index` of `text`, with the field it falls in when the YAML allows."""
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    sanitized = _XML_INVALID.sub(" ", text).replace("\ufffd", " ")
    try:
        root = _yaml().compose(sanitized)
    except YAMLError:
        return Problem(name, line, col, "", message)
    return Problem(name, line, col, dotted(_loc_at(root, index, ())), message)


def _loc_at(node: Any, index: int, loc: Loc) -> Loc:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.start_mark.index <= index < value.end_mark.index:
                return _loc_at(value, index, loc + (key.value,))
    elif isinstance(node, SequenceNode):
        for n, child in enumerate(node.value):
            if child.start_mark.index <= index < child.end_mark.index:
                return _loc_at(child, index, loc + (n,))
    return loc
