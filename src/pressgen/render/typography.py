"""Typesetting of release text: unbreakable groups, squeezed Japanese punctuation, phrase-bounded headlines."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from markupsafe import Markup, escape

# JLREQ character classes, as far as spacing between consecutive marks goes.
OPENING = "（〔［｛〈《「『【〘〖⦅"
CLOSING = "）〕］｝〉》」』】〙〗⦆"
STOPS_AND_COMMAS = "。．、，"
# Characters a line may not start or end with (JLREQ's line-start and line-end prohibition rules).
NO_LINE_START = CLOSING + STOPS_AND_COMMAS + "・：；？！‼⁇ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ”’%％"
NO_LINE_END = OPENING + "“‘"

_DIGIT = r"[0-9０-９]"
_NUMBER = rf"{_DIGIT}[0-9０-９,，.．]*"
_UNITS = (
    "万人|万円|億円|千円|円|人|名|社|件|回|点|期|号|倍|か月|ヶ月|カ月|年間|年|月|日|時間|時|分|秒|"
    "歳|才|%|％|km|kg|mm|cm|m|メートル|キロ|GB|MB|ドル|USD|台|カ国|か国|ヵ国|拠点|種類|校|店"
)
# "2019年7月", "2026年4月21日", "4月1日", "約3,500人", "2026年4月現在": none may break inside. The marks that
# may not begin a line right after the group belong to it, so that no application backs a break into it.
_TRAILING_MARKS = f"[{re.escape(CLOSING + STOPS_AND_COMMAS)}]*"
_CJK_GROUPS = re.compile(
    rf"(?:(?:約|およそ|計|のべ|全|第)?{_NUMBER}年{_NUMBER}月(?:{_NUMBER}日)?(?:現在)?"
    rf"|{_NUMBER}月{_NUMBER}日"
    rf"|(?:約|およそ|計|のべ|全|第)?{_NUMBER}(?:{_UNITS})){_TRAILING_MARKS}"
)
# "April 21", "Nov. 1", "10 km", "3.5 %", "No. 2": an English line may not break at their space.
_MONTHS = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
_EN_GROUPS = re.compile(
    rf"\b(?:{_MONTHS})\.? [0-9]{{1,2}}\b"
    r"|\b[0-9][0-9,.]* (?:%|km|kg|mm|cm|m|GB|MB|percent)(?![A-Za-z])"
    r"|\bNo\. [0-9]+"
)
# A Latin word, an abbreviation or a figure, with the marks that may sit inside it (U.S., 3.5, COVID-19).
_WORD = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[.,'’&\-][0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+)*")
CJK_LANGUAGES = ("ja", "zh-Hant")
SHORT_CELL = 12  # a table cell this wide or less (half-width units) is a label or a figure: it never wraps


def display_width(text: str) -> int:
    """Width in half-width units: a wide (CJK) character counts twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


WORD_JOINER = "\u2060"


def _squeezed(text: str, after: str) -> dict[int, str]:
    """The marks whose blank half JLREQ removes, index → the side it goes from: the end of the first of 」）, 。」,
    ）、, 」「; the start of the second of 「（."""
    found = {}
    for i, mark in enumerate(text):
        following = text[i + 1] if i + 1 < len(text) else after
        if not following:
            continue
        if mark in CLOSING + STOPS_AND_COMMAS and following in CLOSING + STOPS_AND_COMMAS + OPENING:
            found[i] = "end"
        elif mark in OPENING and following in OPENING:
            found[i + 1] = "start"
    return found


def _marked(text: str, after: str, squeeze: bool) -> Markup:
    if not squeeze:
        return escape(text)
    marks = _squeezed(text, after)
    return Markup("").join(
        Markup('<span class="pg-halt pg-halt-%s">%s</span>') % (marks[i], c) if i in marks else escape(c) for i, c in enumerate(text)
    )


def typeset(text: str, language: str, after: str = "") -> Markup:
    """Escape `text` for HTML: groups that may not break kept on one line, Japanese punctuation pairs squeezed.

    `after` is the character that follows `text` on the page, if known: a mark at the end may pair with it.
    """
    groups = _CJK_GROUPS if language in CJK_LANGUAGES else _EN_GROUPS
    squeeze = language == "ja"
    out, last = [], 0
    for match in groups.finditer(text):
        out.append(_marked(text[last : match.start()], match.group()[0], squeeze))
        out.append(Markup('<span class="nobr">%s</span>') % _marked(match.group(), text[match.end() : match.end() + 1] or after, squeeze))
        last = match.end()
    out.append(_marked(text[last:], after, squeeze))
    return Markup("").join(out)


def unbreakable(text: str) -> str:
    """`text` with a no-break space for each space and a word joiner wherever a line could break.

    For formats without `white-space: nowrap` (a Word document): Word and LibreOffice keep such a run whole.
    """
    out = []
    for i, char in enumerate(text):
        if char == " ":
            out.append("\u00a0")
            continue
        if i and text[i - 1] != " " and not (_latin_or_digit(text[i - 1]) and _latin_or_digit(char)):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def _latin_or_digit(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".,")


def phrases(text: str, language: str) -> Markup:
    """Headline markup whose lines may break only between phrases (BudouX), never inside a word or figure."""
    parser = _phrase_parser(language)
    if parser is None:
        return typeset(text, language)
    pieces = headline_pieces(text, language)
    out = []
    for piece, following in zip(pieces, [*pieces[1:], ""]):
        core = piece.strip()
        # A space is a break of its own: it stays outside the phrase, or a line could begin inside the phrase.
        lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
        if out and not lead and not out[-1].endswith(" "):
            out.append(Markup("<wbr>"))
        if core:
            out.append(escape(lead) + Markup('<span class="phrase">%s</span>') % typeset(core, language, after=following.strip()[:1]) + escape(trail))
        else:
            out.append(escape(piece))
    return Markup("").join(out)


def headline_pieces(text: str, language: str) -> list[str]:
    """The unbreakable pieces of a headline: BudouX phrases in CJK text, merged where a break would be wrong."""
    parser = _phrase_parser(language)
    if parser is None:
        return text.split()
    bounds, at = set(), 0
    for phrase in parser.parse(text):
        at += len(phrase)
        bounds.add(at)
    # A full-width space is the author's own break (決算を発表　売上高は…), which BudouX may run together.
    bounds |= {i + 1 for i, char in enumerate(text[:-1]) if char == "\u3000" and text[i + 1] != "\u3000"}
    bounds = sorted(bounds)
    protected = [(m.start(), m.end()) for pattern in (_CJK_GROUPS, _WORD) for m in pattern.finditer(text)]
    kept = [b for b in bounds[:-1] if _may_break(text, b, protected)]
    return [text[a:b] for a, b in zip([0, *kept], [*kept, len(text)])]


def _may_break(text: str, at: int, protected: Iterable[tuple[int, int]]) -> bool:
    """BudouX does not know figures, words or kinsoku: `205|0年`, `IT|RI` and a line opening with 」 are refused."""
    if any(start < at < end for start, end in protected):
        return False
    return text[at] not in NO_LINE_START and text[at - 1] not in NO_LINE_END


def measure(text: str) -> float:
    """Width of `text` in em of a bold sans face, estimated generously: wide characters 1, capitals .72, others .62."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif char.isspace():
            width += 0.26
        else:
            width += 0.72 if char.isupper() else 0.62
    return width


def longest_piece(text: str, language: str) -> float:
    """The width in em of the headline's widest unbreakable piece: the screen CSS sizes the headline to fit it."""
    return round(max((measure(p.strip()) for p in headline_pieces(text, language)), default=1.0), 2) or 1.0


@cache
def _phrase_parser(language: str):  # type: ignore[no-untyped-def]
    if language not in CJK_LANGUAGES:
        return None
    import budoux

    return budoux.load_default_japanese_parser() if language == "ja" else budoux.load_default_traditional_chinese_parser()
