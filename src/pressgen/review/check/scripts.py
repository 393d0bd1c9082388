"""Which script a character belongs to, as the character rules see it."""

from __future__ import annotations

SPACES = " \u3000"
# Japanese punctuation that sits between Japanese words: a space next to it is as stray as between two kana.
JAPANESE_PUNCTUATION = set("、。「」『』（）【】〈〉《》〔〕・ー！？：；…々〆〇")


def is_hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u309f"


def is_katakana(c: str) -> bool:
    return "\u30a1" <= c <= "\u30fa" or c in "ーヽヾ"


def is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000" or c in "々〆ヵヶ"


def is_japanese(c: str) -> bool:
    """Kana or kanji: the letters of Japanese words."""
    return is_hiragana(c) or is_katakana(c) or is_kanji(c)


def is_japanese_text(c: str) -> bool:
    """Japanese letters and the punctuation that goes with them."""
    return is_japanese(c) or c in JAPANESE_PUNCTUATION


def is_latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def has_japanese(text: str) -> bool:
    return any(is_japanese(c) for c in text)
