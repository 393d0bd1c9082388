"""Japanese document structures in Markdown: rows led by a mark (1　, ⑴, (1), ①, ア, ◆, ■, ※, 注1) as nested
lists that keep the author's marks, and the 記 … 以上 of a notice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_D = "[0-9０-９]"
# Families in the order official Japanese documents nest them (1 → ⑴ → ① / ア → (ア)); rank 4 and above
# (symbols, notes) nest only by indentation. Each: (rank, ordered, pattern of the mark).
_FAMILIES: tuple[tuple[int, bool, str], ...] = (
    (0, True, rf"{_D}{{1,2}}(?=\u3000)|[０-９]{{1,2}}(?= )|[0-9]{{1,2}}(?= [^\x00-\x7f])"),
    (1, True, rf"[⑴-⒇]|[(（]{_D}{{1,2}}[)）]"),
    (2, True, r"[①-⑳]|[ア-ン](?=[\u3000 ])"),
    (3, True, r"[(（][ア-ン][)）]"),
    (4, False, r"[◆◇■□●○◎・★☆▶▷▼▽]"),
    (5, False, rf"[(（]注{_D}*[)）][：:]?|注{_D}+[)）]?[：:]?|注[：:]|※{_D}*"),
)
_MARK = re.compile("|".join(f"(?P<f{rank}>{pattern})" for rank, _, pattern in _FAMILIES))
ROW_MARK = rf"[ \u3000]*(?:{'|'.join(pattern for _, _, pattern in _FAMILIES)})[ \u3000]*(?=\S)"  # for readers of the source
_FIRST = re.compile(rf"(?:1|１|⑴|①|ア|[(（](?:1|１|ア)[)）])$")  # a series that starts may interrupt a paragraph
_INDENT = re.compile(r"[ \u3000]*")
_GAP = re.compile(r"[ \u3000]*")
NOTICE = {"記": "pg-notice-start", "以上": "pg-notice-end"}


@dataclass
class _Row:
    mark: str
    rank: int
    ordered: bool
    indent: int
    lines: list[tuple[int, str]]  # (source line, text)
    rows: list[_Row] = field(default_factory=list)


def structures(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "marked_rows", _marked_rows, {"alt": ["paragraph"]})
    md.core.ruler.after("block", "notice_marks", _notice_marks)


def _line(state: StateBlock, n: int) -> str:
    return state.src[state.bMarks[n] : state.eMarks[n]]


def _indent(line: str) -> int:
    """Leading white space in half-width units: an ideographic space counts two."""
    lead = _INDENT.match(line).group()  # type: ignore[union-attr]
    return lead.count(" ") + 2 * lead.count("\u3000")


def _mark(line: str) -> tuple[str, int, bool, str] | None:
    """(mark, family rank, ordered, text after it) of a row, or None."""
    stripped = line.lstrip(" \u3000")
    match = _MARK.match(stripped)
    if match is None:
        return None
    rank = int(match.lastgroup[1:])  # type: ignore[index]
    rest = stripped[match.end() :]
    if not rest.strip():
        return None  # a mark alone is no row
    ordered = _FAMILIES[rank][1]
    return match.group(), rank, ordered, rest[_GAP.match(rest).end() :]  # type: ignore[union-attr]


def _marked_rows(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    first = _mark(_line(state, start_line))
    if first is None:
        return False
    # A numbered series starts at its first mark (1, ⑴, ア …): "3 社が参加" opens no rows.
    if first[2] and not _FIRST.match(first[0]):
        return False
    if silent:  # interrupting a paragraph
        return True
    top: list[_Row] = []
    stack: list[_Row] = []
    line = start_line
    while line < end_line and not state.isEmpty(line):
        source = _line(state, line)
        if source.strip() in NOTICE:
            break
        found = _mark(source)
        if found is None:
            if not stack:
                break
            stack[-1].lines.append((line, source.strip(" \u3000")))
            line += 1
            continue
        mark, rank, ordered, text = found
        row = _Row(mark, rank, ordered, _indent(source), [(line, text)])
        while stack and not _inside(row, stack[-1]) and not _sibling(row, stack[-1]):
            stack.pop()
        if stack and _sibling(row, stack[-1]):
            stack.pop()
        (stack[-1].rows if stack else top).append(row)
        stack.append(row)
        line += 1
    old_parent, state.parentType = state.parentType, "list"
    _emit(state, top)
    state.parentType = old_parent
    state.line = line
    return True


def _inside(row: _Row, above: _Row) -> bool:
    return row.indent > above.indent or (row.indent == above.indent and 4 > row.rank > above.rank)


def _sibling(row: _Row, above: _Row) -> bool:
    return row.indent == above.indent and row.rank == above.rank


def _emit(state: StateBlock, rows: list[_Row]) -> None:
    """Tokens of the lists of `rows` (one list for each run of one family) and, inside each row, the lists below it."""
    start = 0
    for n in range(1, len(rows) + 1):
        if n == len(rows) or rows[n].rank != rows[start].rank:
            _emit_list(state, rows[start:n])
            start = n


def _emit_list(state: StateBlock, rows: list[_Row]) -> None:
    widest = max(len(r.mark) + sum(1 for c in r.mark if ord(c) > 0x2000) for r in rows)
    opening = state.push("ordered_list_open" if rows[0].ordered else "bullet_list_open", "ol" if rows[0].ordered else "ul", 1)
    opening.attrSet("class", f"pg-marked pg-mark-{min(widest, 8)}")
    opening.map = [rows[0].lines[0][0], rows[-1].lines[-1][0] + 1]
    for row in rows:
        item = state.push("list_item_open", "li", 1)
        item.map = [row.lines[0][0], row.lines[-1][0] + 1]
        paragraph = state.push("paragraph_open", "p", 1)
        paragraph.hidden = True
        inline = state.push("inline", "", 0)
        # Each further line of a row is a line of its own (日時 on one, its value below it), a hard break.
        inline.content = "\\\n".join(text for _, text in row.lines)
        inline.map = item.map
        inline.meta = {"mark": row.mark}
        inline.children = []
        state.push("paragraph_close", "p", -1).hidden = True
        if row.rows:
            _emit(state, row.rows)
        state.push("list_item_close", "li", -1)
    state.push("ordered_list_close" if rows[0].ordered else "bullet_list_close", "ol" if rows[0].ordered else "ul", -1)


def _notice_marks(state: StateCore) -> None:
    """A paragraph that is only 記 or 以上 is the opening or the closing mark of a notice's items."""
    tokens = state.tokens
    for n, token in enumerate(tokens[:-1]):
        if token.type == "paragraph_open" and not token.hidden and tokens[n + 1].content.strip() in NOTICE:
            token.attrSet("class", NOTICE[tokens[n + 1].content.strip()])


def mark_rows(tokens: list[Token]) -> None:
    """Put each row's mark, in its own span, before the row's text (after inline parsing)."""
    for token in tokens:
        if token.type == "inline" and token.meta.get("mark"):
            mark = Token("html_inline", "", 0, content=f'<span class="pg-marker">{_escape(token.meta["mark"])}</span> ')
            token.children = [mark, *(token.children or [])]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
