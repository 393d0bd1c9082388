"""Japanese words and their parts of speech: MeCab with IPADIC, the dictionary textlint's kuromoji uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Token:
    """One word: IPADIC's part of speech, its first two subdivisions, conjugation type and form, and base form."""

    surface: str
    start: int
    pos: str
    detail: str
    conjugation: str
    form: str
    base: str
    subclass: str = "*"  # 人名, 組織, 地域 … under 固有名詞

    @property
    def is_person_name(self) -> bool:
        return self.detail == "固有名詞" and self.subclass == "人名"

    @property
    def end(self) -> int:
        return self.start + len(self.surface)


@cache
def _tagger() -> Any:
    # Imported here: only Japanese releases need MeCab, and `pressgen --help` should not load a dictionary.
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


def tokenize(text: str) -> list[Token]:
    """The words of one line of text, each with its offset in `text`."""
    tokens, at = [], 0
    for node in _tagger()(text):
        start = text.find(node.surface, at)
        if start < 0:
            continue
        feature = tuple(node.feature) + ("*",) * 7
        tokens.append(Token(node.surface, start, feature[0], feature[1], feature[4], feature[5], feature[6], feature[2]))
        at = start + len(node.surface)
    return tokens
