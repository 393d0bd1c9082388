"""Markdown as users write it in bodies and boilerplate: the dialect, and located complaints about what it may not hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

from .cjk import cjk_friendly
from .structures import structures

DIALECT = "commonmark"
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


# {{ quotes[1] }} or {{ images[0] }} on a line of its own places that quote or picture there in the body.
PLACEMENT = re.compile(r"^ {0,3}\{\{\s*(?P<inner>.*?)\s*\}\}[ \t]*$")
_PLACEABLE = re.compile(r"(?P<kind>quotes|images)\[(?P<index>\d+)\]")


@dataclass(frozen=True)
class Placement:
    """A {{ … }} line of a body: what it places (kind None: something that cannot be placed) and where it is."""

    kind: str | None
    index: int
    offset: int
    nested: bool  # inside a list or a block quote, not between the body's paragraphs
    written: str


def dialect(**options: object) -> MarkdownIt:
    """The Markdown of bodies and boilerplate: CommonMark with GFM pipe tables, the CJK-friendly amendment,
    Japanese rows led by marks (⑴, ※ …) and 記 … 以上, <br> for a line break (in a table cell), and
    {{ quotes[N] }} / {{ images[N] }} lines that place a quote or a picture."""
    md = MarkdownIt(DIALECT, options).enable("table").use(cjk_friendly).use(structures)
    md.inline.ruler.before("html_inline", "br_tag", _br_tag)
    md.block.ruler.before("paragraph", "placement", _placement, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    return md


# <br> as GFM tables take it: the one tag a table cell needs for a second line (会場 and its address), a line break.
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _br_tag(state, silent: bool) -> bool:  # type: ignore[no-untyped-def]
    match = BR_TAG.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        state.push("hardbreak", "br", 0)
    state.pos = match.end()
    return True


def _placement(state, start_line: int, end_line: int, silent: bool) -> bool:  # type: ignore[no-untyped-def]
    begin = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[state.bMarks[start_line] : state.eMarks[start_line]]
    match = PLACEMENT.match(line) if state.sCount[start_line] - state.blkIndent < 4 else None
    if match is None:
        return False
    if not silent:
        token = state.push("placement", "", 0)
        token.map = [start_line, start_line + 1]
        token.meta = {"written": match["inner"], "offset": begin}
        placed = _PLACEABLE.fullmatch(match["inner"])
        if placed:
            token.meta.update(kind=placed["kind"], index=int(placed["index"]))
    state.line = start_line + 1
    return True


def placements(text: str) -> list[Placement]:
    """Every {{ … }} line of `text`, in order."""
    found = []
    for token in _checker().parse(text):
        if token.type == "placement":
            meta = token.meta
            found.append(Placement(meta.get("kind"), meta.get("index", 0), meta["offset"], token.level > 0, meta["written"]))
    return found


@dataclass(frozen=True)
class MarkdownIssue:
    """A problem at a 0-based character offset of the Markdown source."""

    offset: int
    message: str


def issues(text: str) -> list[MarkdownIssue]:
    """Raw HTML, images and links that are not http(s) or mailto."""
    found: list[MarkdownIssue] = []
    line_starts = _line_starts(text)
    for token in _checker().parse(text):
        start = line_starts[token.map[0]] if token.map else 0
        if token.type == "html_block":
            found.append(MarkdownIssue(start, "raw HTML is not allowed in Markdown"))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(MarkdownIssue(_find(text, child.content, start), f"raw HTML {child.content} is not allowed"))
            elif child.type == "image":
                src = child.attrGet("src") or ""
                found.append(
                    MarkdownIssue(
                        _find(text, src, start),
                        f"image {src} is not embedded: Markdown images are not allowed; list pictures under images:",
                    )
                )
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not href.lower().startswith(ALLOWED_SCHEMES):
                    found.append(
                        MarkdownIssue(_find(text, href, start), f"link '{href}' must start with http://, https:// or mailto:")
                    )
    return found


def _line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, as markdown-it counts lines: CR LF, a lone CR and LF each end one."""
    return [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]


def literal_marks(text: str) -> list[int]:
    """Offsets of the * and _ of `text` that print as themselves: emphasis that did not take, or a stray mark.

    An escaped mark (\\*) is meant and is left out, and so is an underscore inside a word (snake_case,
    an address), which CommonMark never reads as emphasis.
    """
    line_starts = [*_line_starts(text), len(text) + 1]
    blocks = [
        (block, line_starts[block.map[0]], line_starts[min(block.map[1], len(line_starts) - 1)])
        for block in _marks_parser().parse(text)
        if block.type == "inline" and block.map
    ]
    return _text_marks(text, blocks)


def emphasis_marks(text: str) -> list[int]:
    """Offsets of the * and _ of a plain-text field that Markdown would read as emphasis (**強調**): such a
    field prints them as they are."""
    if not re.search(r"[*_]", text):
        return []
    inline = _marks_parser().parseInline(text)[0]
    if not any(child.type in ("em_open", "strong_open") for child in inline.children or []):
        return []
    literal = set(_text_marks(text, [(inline, 0, len(text))]))
    found = []
    for run in re.finditer(r"(?<!\\)\*+|(?<!\\)_+", text):
        start, end = run.span()
        if start and end < len(text) and _ascii_alnum(text[start - 1]) and _ascii_alnum(text[end]):
            continue  # 2*3, snake_case: a mark between letters or digits is read as itself
        found += [i for i in range(start, end) if i not in literal]
    return found


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def _text_marks(text: str, blocks: list) -> list[int]:  # type: ignore[type-arg]
    """The marks that print as themselves in the text of inline tokens, each with the span of the source it covers."""
    found: list[int] = []
    for block, cursor, end in blocks:
        for child in block.children or []:
            piece = child.markup if child.type == "text_special" else child.content
            if child.type not in ("text", "text_special", "code_inline") or not piece:
                continue
            at = text.find(piece, cursor, end)
            if at < 0:
                continue
            cursor = at + len(piece)
            if child.type != "text":
                continue
            for match in re.finditer(r"[*_]", piece):
                i = at + match.start()
                if text[i] == "_" and _inside_word(text, i):
                    continue
                found.append(i)
    return found


@cache
def _marks_parser() -> MarkdownIt:
    # Escapes and entities stay tokens of their own (no text_join), so that the text tokens are the source verbatim.
    return dialect(html=True).disable("text_join")


def _find(text: str, needle: str, start: int) -> int:
    at = text.find(needle, start) if needle else -1
    return at if at >= 0 else start


@cache
def _checker() -> MarkdownIt:
    # Parse with HTML on and no link filtering, so that what we refuse can be reported.
    md = dialect(html=True)
    md.validateLink = lambda url: True
    return md
