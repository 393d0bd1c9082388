"""CommonMark that works in Chinese and Japanese: the CJK-friendly emphasis amendment and soft line breaks, as markdown-it-py rules."""

from __future__ import annotations

import regex
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter
from markdown_it.token import Token

# "CJK character" of the amendment: East Asian Width W, F or H and not an emoji by default, or Hangul.
_CJK = regex.compile(r"[[\p{ea=W}\p{ea=F}\p{ea=H}]--\p{Emoji_Presentation}]|\p{sc=Hangul}", regex.V1)
# Wide characters of CSS Text's segment break rule: a line break between two of them is removed.
_WIDE = regex.compile(r"[[\p{ea=W}\p{ea=F}\p{ea=H}]--\p{sc=Hangul}]", regex.V1)
_QUOTES_FULLWIDTH_WITH_FE01 = "‘’“”"  # standardized variants: the fullwidth forms of ambiguous quotation marks


def cjk_friendly(md: MarkdownIt) -> None:
    """Emphasis next to 。「」（） as the amendment defines it, and no space where a line breaks between CJK characters."""
    md.inline.ruler.at("emphasis", _emphasis)
    md.core.ruler.after("inline", "cjk_softbreak", _drop_cjk_softbreaks)


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def _general_use_vs(char: str) -> bool:
    """A variation selector other than the emoji one (U+FE00–U+FE0E)."""
    return "\ufe00" <= char <= "\ufe0e"


def _ideographic_vs(char: str) -> bool:
    return "\U000e0100" <= char <= "\U000e01ef"


def _punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _space(char: str) -> bool:
    return isWhiteSpace(ord(char))


def _before(src: str, start: int) -> tuple[str, str | None]:
    """The character before `start` (a space at the start of the text) and, when it is a general-use
    variation selector after a character, that character: the two make one sequence."""
    if start <= 0:
        return " ", None
    last = src[start - 1]
    if _general_use_vs(last) and start >= 2 and not _space(src[start - 2]):
        return last, src[start - 2]
    return last, None


def flanking(src: str, start: int, end: int) -> tuple[bool, bool, bool, bool]:
    """(left-flanking, right-flanking, preceded by a punctuation sequence, followed by punctuation) of the
    delimiter run src[start:end], by the amendment's definitions."""
    last, base = _before(src, start)
    after = src[end] if end < len(src) else " "
    if base is None:
        before_cjk = is_cjk(last)
        before_punct = _punct(last)
    else:  # a sequence: the base character decides, the selector making a fullwidth form of some quotation marks
        before_cjk = is_cjk(base) or (last == "\ufe01" and base in _QUOTES_FULLWIDTH_WITH_FE01)
        before_punct = _punct(base)
    before_non_cjk_punct = before_punct and not before_cjk
    after_non_cjk_punct = _punct(after) and not is_cjk(after)
    left = not _space(after) and (
        not after_non_cjk_punct or _space(last) or before_non_cjk_punct or before_cjk or _ideographic_vs(last)
    )
    right = not _space(last) and (
        not before_non_cjk_punct or _space(after) or after_non_cjk_punct or is_cjk(after)
    )
    return left, right, before_punct, _punct(after)


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with the amended delimiter scan: each marker a text token and a delimiter."""
    start, marker = state.pos, state.src[state.pos]
    if silent or marker not in "_*":
        return False
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    left, right, before_punct, after_punct = flanking(state.src[: state.posMax], start, end)
    if marker == "*":
        can_open, can_close = left, right
    else:  # an underscore run inside a word opens or closes nothing
        can_open = left and (not right or before_punct)
        can_close = right and (not left or after_punct)
    for _ in range(end - start):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(ord(marker), end - start, len(state.tokens) - 1, -1, can_open, can_close))
    state.pos = end
    return True


def _drop_cjk_softbreaks(state: StateCore) -> None:
    """A soft line break between two wide characters is no space (CSS Text's segment break rule, which Chromium
    does not apply): it goes from the HTML, so no output shows one."""
    for block in state.tokens:
        children = block.children or []
        for n, token in enumerate(children):
            if token.type != "softbreak":
                continue
            before, after = _text_edge(children[:n], -1), _text_edge(children[n + 1 :], 0)
            if "\u200b" in (before, after) or (_WIDE.match(before or "") and _WIDE.match(after or "")):
                children[n] = Token("text", "", 0, content="")


def _text_edge(tokens: list[Token], side: int) -> str | None:
    """The last (side -1) or first (side 0) character of the text in `tokens`, looking through inline markup."""
    for token in reversed(tokens) if side == -1 else tokens:
        if token.type in ("text", "code_inline", "text_special") and token.content:
            return token.content[side]
        if token.type in ("softbreak", "hardbreak", "image"):
            return None
    return None
