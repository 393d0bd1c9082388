"""Editing YAML text in place: new string values spliced where the old ones stand, every other byte (comments, order,
quoting, folding, line endings) as the writer left it; every edit is read back before it is kept."""

from __future__ import annotations

import difflib
import json
import re
from copy import deepcopy
from collections.abc import Callable
from typing import Any

from ruamel.yaml.nodes import MappingNode, SequenceNode

from ..errors import PressgenError, Problem
from .yamlsource import Loc, Pos, SourceDoc, _compose, dotted, parse_yaml

_PLAIN_UNSAFE = (": ", " #", "\n", "\t")
_PLAIN_FIRST = "-?:,[]{}#&*!|>'\"%@`"


def keeping_line_endings(original: str, edit: Callable[[str], str]) -> str:
    """`edit` applied to the text with LF line ends; CRLF put back when the file had it."""
    text = edit(original.replace("\r\n", "\n"))
    return text.replace("\n", "\r\n") if "\r\n" in original else text


def replace_strings(text: str, name: str, values: dict[Loc, str]) -> str:
    """`text` (LF line ends) with the string at each loc of `values` replaced by its new value.

    Each change is spliced into the scalar as it is written (plain, quoted, literal or folded); where the new
    text cannot be written in that style, the scalar is rewritten double-quoted. PressgenError if the result
    would not read back as exactly the old document with the new values.
    """
    doc = parse_yaml(text, name)
    splices: list[tuple[int, int, str]] = []
    for loc, new in values.items():
        old = doc.lookup(loc)
        if not isinstance(old, str) or loc not in doc.values:
            raise PressgenError([doc.problem(loc, "expected a text value here")])
        splices += _splices(doc, text, loc, old, new)
    result = _apply(text, splices)
    if _reads_back(result, name, doc, values):
        return result
    # One scalar at a time in the safe style, for those whose splices did not read back.
    result = text
    for loc, new in values.items():
        attempt = _apply(result, _splices(parse_yaml(result, name), result, loc, doc.lookup(loc), new))
        if not _reads_back(attempt, name, doc, {loc: new}, only=True):
            attempt = _requoted(result, name, loc, new)
        result = attempt
    if not _reads_back(result, name, doc, values):
        raise PressgenError([doc.problem(next(iter(values)), "cannot write this change into the YAML without changing other values")])
    return result


def _splices(doc: SourceDoc, text: str, loc: Loc, old: str, new: str) -> list[tuple[int, int, str]]:
    pos = doc.values[loc]
    starts = _line_starts(text)

    def index(offset: int) -> int:
        line, col = doc.inside(pos, old, offset)
        return starts[min(line - 1, len(starts) - 1)] + col - 1

    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append((index(i1), index(i2), _escaped(new[j1:j2], doc, pos)))
    return _refolded(text, out) if pos.style == ">" else out


def _refolded(text: str, splices: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Splices into a folded scalar that remove a fold (the line break YAML reads as a space) fold again at the next
    space of the line, so an edit across a fold does not join two lines into one long one."""
    out = list(splices)
    for start, end, piece in splices:
        fold = re.search(r"\n( +)", text[start:end])
        if fold is None or "\n" in piece:
            continue
        line_end = text.find("\n", end)
        space = next((k for k in range(end, line_end if line_end >= 0 else len(text))
                      if text[k] == " " and text[k - 1] != " " and text[k + 1] not in " \n"), None)
        if space is not None and not any(a <= space < b for a, b, _ in out):
            out.append((space, space + 1, "\n" + fold[1]))
    return out


def _escaped(piece: str, doc: SourceDoc, at: Pos) -> str:
    """`piece` as it must be written inside a scalar of this style."""
    if at.style == '"':
        return json.dumps(piece, ensure_ascii=False)[1:-1]
    if at.style == "'":
        return piece.replace("'", "''")
    if at.style == "|":
        following = doc.lines[at.line] if at.line < len(doc.lines) else ""
        indent = len(following) - len(following.lstrip(" "))
        return re.sub(r"\n +(?=\n)", "\n", piece.replace("\n", "\n" + " " * indent))  # no blanks on empty lines
    return piece  # plain or folded: read back; a newline or a ': ' there falls back to double quotes


def _apply(text: str, splices: list[tuple[int, int, str]]) -> str:
    for start, end, piece in sorted(splices, reverse=True):
        text = text[:start] + piece + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _reads_back(text: str, name: str, before: SourceDoc, values: dict[Loc, str], only: bool = False) -> bool:
    try:
        after = parse_yaml(text, name)
    except PressgenError:
        return False
    if only:
        return all(after.lookup(loc) == new for loc, new in values.items())
    expected = _with_values(before.data, values)
    return bool(after.data == expected)


def _with_values(data: Any, values: dict[Loc, str]) -> Any:
    copy = deepcopy(data)
    for loc, new in values.items():
        node = copy
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = new
    return copy


def _requoted(text: str, name: str, loc: Loc, new: str) -> str:
    """The scalar at `loc` written again, double-quoted, on the line where it started."""
    node = _compose(text, name)
    for part in loc:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            raise PressgenError([Problem(name, 1, 1, dotted(loc), "this field is not in the file")])
    start, end = node.start_mark.index, node.end_mark.index
    trailing = "\n" if node.style in ("|", ">") and text[start:end].endswith("\n") else ""
    return text[:start] + json.dumps(new, ensure_ascii=False) + trailing + text[end:]
