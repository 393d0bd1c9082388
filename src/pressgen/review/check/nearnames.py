"""Near spellings of registry names in a text: the same name written otherwise, or misspelt by an edit or two."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .forms import Form, local_institution, spelling_key, word_bounded
from .scripts import is_kanji, is_katakana


@dataclass(frozen=True)
class Near:
    """Where a text writes `form` otherwise: distance 0 is the same spelling key (a variant), more is a misspelling."""

    start: int
    end: int
    form: Form
    distance: int


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return spelling_key(text)[0]


def allowed_edits(form: Form) -> int:
    """Edits that still read as this name: none for short names and titles, more for long names; kanji carry meaning."""
    key = _key(form.text)
    length = len(key)
    if form.kind == "title":
        return 0  # 代表取締役 is not a misspelling of 代表取締役社長
    if all(is_kanji(c) for c in key):
        # 藤元利夫 for 藤本利夫: a person's name, one kanji off; an organization's kanji name, one kanji in five
        return 1 if (form.kind == "person" and length >= 3) or length >= 5 else 0
    if key.isascii():
        return 0 if length < 6 else 1 if length <= 10 else 2 if length <= 17 else 3
    return 0 if length < 5 else 1 if length <= 9 else 2 if length <= 15 else 3


@lru_cache(maxsize=2048)  # the registry's texts come back unchanged in every check of the live preview
def near_spellings(
    text: str, forms: tuple[Form, ...], taken: tuple[tuple[int, int], ...], names: tuple[tuple[int, int], ...] = ()
) -> tuple[Near, ...]:
    """Every place where `text` writes one of `forms` otherwise, outside the `taken` spans (misspellings and the like)
    and the exact `names`, except that a variant may hold a whole shorter name: 'iPark Institute Co. Ltd.' holds
    'iPark Institute' and is the formal name with a comma dropped."""
    key, index = spelling_key(text)
    blocked = [any(s <= i < e for s, e in taken) for i in index]
    named = [next((n for n, (s, e) in enumerate(names) if s <= i < e), -1) for i in index]
    found: list[Near] = []
    for form in sorted(forms, key=lambda f: -len(f.text)):
        form_key, edits = _key(form.text), allowed_edits(form)
        if len(form_key) < 2:
            continue
        for start, length, distance in _matches(key, form_key, edits, blocked, named):
            raw_start, raw_end = index[start], index[start + length - 1] + 1
            if text[raw_start:raw_end] == form.text or not _reads_as_name(text, raw_start, raw_end, form, distance):
                continue
            found.append(Near(raw_start, raw_end, form, distance))
            for i in range(start, start + length):
                blocked[i] = True
    return tuple(sorted(found, key=lambda n: n.start))


def _matches(key: str, form_key: str, edits: int, blocked: list[bool], named: list[int]) -> list[tuple[int, int, int]]:
    """(start, length, distance) of the best window around each seed: a piece of the name found exactly (pigeonhole:
    a window within `edits` edits holds one of edits+1 pieces unchanged)."""
    size = len(form_key)
    step = size // (edits + 1)
    seeds: set[int] = set()
    for n in range(edits + 1):
        offset = n * step
        piece = form_key[offset : offset + step] if n < edits else form_key[offset:]
        at = key.find(piece)
        while at >= 0:
            seeds.add(at - offset)
            at = key.find(piece, at + 1)
    # a short kanji name is misspelt by a substitution only: 藤本 is the surname, not a slip of 藤本利夫
    lengths = [size] if size <= 4 else range(size - edits, size + edits + 1)
    results: list[tuple[int, int, int]] = []
    for seed in sorted(seeds):
        best: tuple[int, int, int, int] | None = None
        for start in range(max(seed - edits, 0), seed + edits + 1):
            for length in lengths:
                end = start + length
                if end > len(key) or any(blocked[start:end]) or any(start < e and s < end for s, e, _ in _spans(results)):
                    continue
                distance = Levenshtein.distance(form_key, key[start:end], score_cutoff=edits)
                if distance <= edits and _holds_whole_names(named, start, end, distance):
                    candidate = (distance, abs(length - size), start, length)
                    best = candidate if best is None or candidate < best else best
        if best is not None:
            results.append((best[2], best[3], best[0]))
    return results


def _holds_whole_names(named: list[int], start: int, end: int, distance: int) -> bool:
    """A window may not cut into an exact name, and holds a whole one only as a variant of a longer name."""
    inside = set(named[start:end]) - {-1}
    if not inside:
        return True
    edges = {named[start - 1] if start else -1, named[end] if end < len(named) else -1}
    return distance == 0 and not inside & edges and named[start:end].count(-1) > 0


def _spans(results: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return [(start, start + length, distance) for start, length, distance in results]


def _reads_as_name(text: str, start: int, end: int, form: Form, distance: int) -> bool:
    """The window is a whole word of the name's script, and a misspelling keeps the name's shape."""
    first, last = form.text[0], form.text[-1]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if first.isascii() and not word_bounded(text, start, end):
        return False
    if is_katakana(first) and is_katakana(before) or is_katakana(last) and is_katakana(after):
        return False  # part of a longer katakana word
    if distance and first.isascii() and first.isalpha():
        # iPrak for iPark, Fujimota for Fujimoto: a proper noun keeps its capital (the park is not the Park)
        return text[start] == first or (text[start].isupper() and first.isupper())
    if distance and is_kanji(first):
        return is_kanji(text[start]) and not local_institution(text, start)
    return True
