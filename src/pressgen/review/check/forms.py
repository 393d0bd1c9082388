"""The names the registry spells out (organizations, people, titles, products) and where a text writes them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ...spec.model import Person
from ...spec.registry import Registry

Kind = Literal["org", "person", "title", "product"]


@dataclass(frozen=True)
class Form:
    """One spelling the registry holds, e.g. 工業技術研究院 (an org name of itri, in ja)."""

    text: str
    org: str
    kind: Kind
    language: str


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    form: Form


class Forms(tuple):  # type: ignore[type-arg]
    """A tuple of forms that hashes once: the caches of the rules take it as a key for every text they read."""

    _hash: int

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            self._hash = tuple.__hash__(self)
            return self._hash


_SAME_FORMS: dict[tuple[Form, ...], Forms] = {}


def registry_forms(registry: Registry) -> tuple[Form, ...]:
    """Every organization name (not mastheads: they are layouts of a name), person name and title; the same object
    for the same forms, so that a warm check finds its cached results by identity."""
    forms = _registry_forms(registry)
    if forms not in _SAME_FORMS:
        if len(_SAME_FORMS) > 64:
            _SAME_FORMS.clear()
        _SAME_FORMS[forms] = Forms(forms)
    return _SAME_FORMS[forms]


def _registry_forms(registry: Registry) -> tuple[Form, ...]:
    forms: list[Form] = []
    for org in registry.orgs.values():
        for language, names in org.names.items():
            for text in {names.formal, names.short, names.abbreviation} - {None}:
                forms.append(Form(text, org.id, "org", language))  # type: ignore[arg-type]
        for person in org.people.values():
            forms += _person_forms(org.id, person)
        for product in org.products.values():
            items = product.name.items() if isinstance(product.name, dict) else [("", product.name)]
            forms += [Form(text, org.id, "product", language) for language, text in items]
    return tuple(forms)


def _person_forms(org_id: str, person: Person) -> list[Form]:
    forms = []
    for kind, value in (("person", person.name), ("title", person.title)):
        items = value.items() if isinstance(value, dict) else [("", value)] if value else []
        forms += [Form(text, org_id, kind, language) for language, text in items]  # type: ignore[arg-type]
    return forms


@lru_cache(maxsize=4096)  # the registry's texts come back unchanged in every check of the live preview
def find_forms(text: str, forms: tuple[Form, ...]) -> tuple[Occurrence, ...]:
    """Exact occurrences, longest first where they overlap (so 株式会社 stays with its name)."""
    found: list[Occurrence] = []
    for form in sorted(forms, key=lambda f: -len(f.text)):
        start = text.find(form.text)
        while start >= 0:
            end = start + len(form.text)
            if word_bounded(text, start, end) and not any(o.start < end and start < o.end for o in found):
                found.append(Occurrence(start, end, form))
            start = text.find(form.text, start + 1)
    return tuple(sorted(found, key=lambda o: o.start))


def word_bounded(text: str, start: int, end: int) -> bool:
    """A Latin name must not be part of a longer word: ITRI is not in ITRIX."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (text[start].isascii() and before.isascii() and before.isalnum()) and not (
        text[end - 1].isascii() and after.isascii() and after.isalnum()
    )


_LOCAL_GOVERNMENT = set("都道府県市区町村")


def local_institution(text: str, start: int) -> bool:
    """岐阜県工業技術研究所: a kanji name right after a prefecture or municipality is that local government's own
    institution, not a slip of a registry name that looks like it."""
    return start > 0 and text[start - 1] in _LOCAL_GOVERNMENT and "\u4e00" <= text[start] <= "\u9fff"


def covered(occurrences: Sequence[Occurrence], start: int, end: int | None = None) -> bool:
    """Whether [start, end) lies inside one occurrence."""
    end = start + 1 if end is None else end
    return any(o.start <= start and end <= o.end for o in occurrences)


# What makes two spellings of a name the same to a reader: spacing, middle dots, hyphens, long vowel marks, width,
# case, small kana, and the katakana pairs Japanese writes either way (ティ/チ, ディ/ジ, ヴ/ブ).
IGNORED = set(" \u3000・･-‐‑–—_.,'’ー")
_SMALL_KANA = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", strict=True))
# A small kana written large (インステイテュート) is the same slip: テイ, デイ and ヴァ…ヴォ fold as ティ, ディ, ヴァ…ヴォ
# (トウ and ドウ do not: they are ordinary sounds).
_KANA_PAIRS = {
    "ヴ": {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ", "ア": "バ", "イ": "ビ", "エ": "ベ", "オ": "ボ", "": "ブ"},
    "テ": {"ィ": "チ", "イ": "チ", "ュ": "チュ"},
    "デ": {"ィ": "ジ", "イ": "ジ", "ュ": "ジュ"},
    "ト": {"ゥ": "ツ"},
    "ド": {"ゥ": "ズ"},
}


@lru_cache(maxsize=8192)
def _folded(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", char).casefold() if c not in IGNORED)


@lru_cache(maxsize=4096)
def spelling_key(text: str) -> tuple[str, tuple[int, ...]]:
    """The text folded to what its spelling sounds like, and for each kept character its index in `text`."""
    chars = [(folded, i) for i, char in enumerate(text) for folded in _folded(char)]
    out: list[str] = []
    index: list[int] = []
    n = 0
    while n < len(chars):
        char, at = chars[n]
        pairs = _KANA_PAIRS.get(char)
        following = chars[n + 1][0] if n + 1 < len(chars) else ""
        if pairs and (following in pairs or "" in pairs):
            said = pairs.get(following) or pairs[""]
            n += 2 if following in pairs else 1
        else:
            said = char
            n += 1
        for c in said:
            out.append(_SMALL_KANA.get(c, c))
            index.append(at)
    return "".join(out), tuple(index)
