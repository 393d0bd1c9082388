"""Typesetting of Japanese and Chinese text: unbreakable number groups and phrase-bounded headlines."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markupsafe import Markup, escape

_DIGIT = r"[0-9０-９]"
_NUMBER = rf"{_DIGIT}[0-9０-９,，.．]*"
_UNITS = (
    "万人|万円|億円|千円|円|人|名|社|件|回|点|期|号|倍|か月|ヶ月|カ月|年間|年|月|日|時間|時|分|秒|"
    "歳|才|%|％|km|kg|mm|cm|m|メートル|キロ|GB|MB|ドル|USD|台|カ国|か国|ヵ国|拠点|種類|校|店"
)
# "2019年7月", "2026年4月21日", "4月1日", "約3,500人", "2026年4月現在": none may break inside.
_GROUPS = re.compile(
    rf"(?:約|およそ|計|のべ|全|第)?{_NUMBER}年{_NUMBER}月(?:{_NUMBER}日)?(?:現在)?"
    rf"|{_NUMBER}月{_NUMBER}日"
    rf"|(?:約|およそ|計|のべ|全|第)?{_NUMBER}(?:{_UNITS})"
)
CJK_LANGUAGES = ("ja", "zh-Hant")
SHORT_CELL = 12  # a table cell this wide or less (half-width units) is a label or a figure: it never wraps


def display_width(text: str) -> int:
    """Width in half-width units: a wide (CJK) character counts twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def typeset(text: str, language: str) -> Markup:
    """Escape `text` for HTML, keeping date and number+unit groups on one line in CJK text."""
    if language not in CJK_LANGUAGES:
        return escape(text)
    out, last = [], 0
    for match in _GROUPS.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<span class="nobr">%s</span>') % match.group())
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def phrases(text: str, language: str) -> Markup:
    """Headline markup whose lines may break only between phrases (BudouX)."""
    parser = _phrase_parser(language)
    if parser is None:
        return typeset(text, language)
    return Markup("<wbr>").join(Markup('<span class="phrase">%s</span>') % typeset(p, language) for p in parser.parse(text))


@cache
def _phrase_parser(language: str):  # type: ignore[no-untyped-def]
    if language not in CJK_LANGUAGES:
        return None
    import budoux

    return budoux.load_default_japanese_parser() if language == "ja" else budoux.load_default_traditional_chinese_parser()
