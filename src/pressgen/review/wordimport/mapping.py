"""From a paragraph of the page back to the text it was rendered from: each character of a block aligned with a
character of a spec or registry value, template text (labels, brackets, list marks) aligned with nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...spec.loader import LoadedRelease
from ...spec.yamlsource import Loc, SourceDoc, dotted

_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\ufeff\u00ad"))  # joiners and soft hyphens the typesetter adds
_SPACES = {ord(c): " " for c in "\u00a0\u202f\u2007\t\n"}
_NOT_PRINTED = {"org", "src", "as_of", "attribution", "kind", "url", "email", "signing_keys", "id", "speaker"}
_CONTACT_PRINTED = frozenset({"email"})  # a contact's address is printed (an approver's is not)
_FORMATTED = {"date", "embargo"}  # page fields the template writes from a date or time, not from text
_LANGUAGES = {"ja", "en", "zh-Hant"}
_MARKDOWN_FIELDS = {"body", "text", "append"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<])")
_FOLDED = set(" \n\t")  # source characters YAML folding or Markdown collapsing may drop between two printed ones
MIN_MATCH = 2  # a shorter common run is chance, not the same text


def normalized(text: str, keep_breaks: bool = False) -> tuple[str, list[int]]:
    """`text` as compared: no joiners, one kind of space (line breaks too, unless `keep_breaks`: the same length
    either way); and the normalized offset of each original offset."""
    out: list[str] = []
    offsets = []
    for char in text:
        offsets.append(len(out))
        if ord(char) not in _INVISIBLE:
            out.append(char if keep_breaks and char == "\n" else _SPACES.get(ord(char), char))
    offsets.append(len(out))
    return "".join(out), offsets


@dataclass(frozen=True)
class Source:
    """A text the page prints: where it is written (the spec, or a registry file) and its value."""

    doc: SourceDoc
    loc: Loc
    value: str
    registry: str = ""  # the organization whose registry file holds it; empty for the release's own spec

    @property
    def field(self) -> str:
        return dotted(self.loc)


@dataclass(frozen=True)
class Located:
    """A stretch of a block placed in one source: value[start:end]."""

    source: Source
    start: int
    end: int


class Alignment:
    """Which source character each character of one block's (normalized) text was rendered from."""

    def __init__(self, text: str, sources: list[Source]):
        self.text = text
        self.sources = sources
        self.at: list[tuple[int, int] | None] = [None] * len(text)  # (source index, offset in its value)
        found = []
        for n, source in enumerate(sources):
            value = normalized(source.value)[0]
            matcher = difflib.SequenceMatcher(None, value, text, autojunk=False)
            for a, b, size in matcher.get_matching_blocks():
                if size >= MIN_MATCH or (size and size == len(value)):
                    found.append((size, n, a, b))
        used: set[tuple[int, int]] = set()
        for size, n, a, b in sorted(found, key=lambda f: (-f[0], f[1])):
            for k in range(size):
                if self.at[b + k] is None and (n, a + k) not in used:
                    self.at[b + k] = (n, a + k)
                    used.add((n, a + k))
        # Offsets so far are in normalized values; keep them there and map back when locating.
        self._back = [_inverse(normalized(s.value)[1], len(s.value)) for s in sources]

    def locate(self, start: int, end: int) -> Located | str:
        """The source stretch of text[start:end] (an insertion point when start == end), or why there is none."""
        if start < end:
            points = self.at[start:end]
            if any(p is None for p in points):
                return "it touches text the template adds (a label, a bracket, a list mark), not text of a field"
            sources = {p[0] for p in points if p}
            if len(sources) > 1:
                return "it spans two fields"
            n = sources.pop()
            first, last = points[0][1], points[-1][1]  # type: ignore[index]
            offsets = [p[1] for p in points if p]
            if offsets != sorted(offsets):
                return "its text is not in the order the field has it"
            value = normalized(self.sources[n].value)[0]
            between = set(range(first, last + 1)) - set(offsets)
            if any(value[i] not in _FOLDED for i in between):
                return "it crosses formatting of the field (emphasis, a link, an escape)"
            return self._located(n, first, last + 1)
        left = self.at[start - 1] if start > 0 else None
        right = self.at[start] if start < len(self.at) else None
        if left and right and left[0] == right[0]:
            value = normalized(self.sources[left[0]].value)[0]
            if right[1] == left[1] + 1 or all(c in _FOLDED for c in value[left[1] + 1:right[1]]):
                return self._located(left[0], left[1] + 1, left[1] + 1)
            return "it falls at formatting of the field (emphasis, a link); add it in the spec"
        if left and not right:
            return self._located(left[0], left[1] + 1, left[1] + 1)
        if right and not left:
            return self._located(right[0], right[1], right[1])
        return "it falls between a field and text the template adds" if (left or right) else "no field prints this text"

    def source_at(self, start: int) -> Source | None:
        for point in self.at[start:] + self.at[:start][::-1]:
            if point:
                return self.sources[point[0]]
        return None

    def _located(self, n: int, start: int, end: int) -> Located:
        back = self._back[n]
        return Located(self.sources[n], back[start], back[end] if end > start else back[start])


def _inverse(offsets: list[int], length: int) -> list[int]:
    """Normalized offset → the first original offset that maps to it (for every normalized offset and the end)."""
    back: dict[int, int] = {}
    for original, norm in enumerate(offsets):
        back.setdefault(norm, original)
    return [back.get(n, length) for n in range(offsets[-1] + 1)]


def markdown_field(loc: Loc) -> bool:
    """Whether the value at `loc` is Markdown (the body, a quote's text, an About text), not a line of plain text."""
    return bool(loc) and loc[-1] in _MARKDOWN_FIELDS


def escaped(text: str, loc: Loc) -> str:
    """Inserted text as written into a Markdown field: a reviewer's * or [ is a character, not formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text) if markdown_field(loc) else text


def formatted(page_field: str) -> bool:
    """Whether the template writes a block of `page_field` from a value that is no text (a date, an embargo time)."""
    return page_field in _FORMATTED


def sources_for(loaded: LoadedRelease, page_field: str, part: int = 0) -> list[Source]:
    """Every text the `part`-th block of `page_field` (as the page names it: headline, quotes[1], about.itri …) may
    print; none for a formatted one."""
    doc, data, lang = loaded.doc, loaded.doc.data, loaded.release.language
    registry = loaded.registry
    found: list[Source] = []

    def spec(loc: Loc, printed: frozenset[str] = frozenset()) -> None:
        found.extend(Source(doc, at, value) for at, value in _strings(doc.lookup(loc), loc, lang, printed))

    def org(org_id: str, loc: Loc, printed: frozenset[str] = frozenset()) -> None:
        if org_id in registry.docs:
            rdoc = registry.docs[org_id]
            found.extend(Source(rdoc, at, value, org_id) for at, value in _strings(rdoc.lookup(loc), loc, lang, printed))

    head, _, rest = page_field.partition(".")
    index = re.fullmatch(r"([a-z_]+)\[(\d+)\]", head)
    if formatted(head):
        return found
    if head == "about":
        entries = data.get("about") if isinstance(data.get("about"), list) else []
        for n, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("org") == rest:
                spec(("about", n))
        org(rest, ("boilerplate", lang))
        org(rest, ("names", lang))
        org(rest, ("social",))
    elif index and index[1] == "quotes":
        loc: Loc = ("quotes", int(index[2]))
        spec(loc)
        speaker = doc.lookup(loc + ("speaker",))
        if isinstance(speaker, str):
            org_id, _, person = speaker.partition("/")
            org(org_id, ("people", person))
            org(org_id, ("names", lang))
    elif head == "issuers":
        for org_id in loaded.release.issuers:
            org(org_id, ("names", lang))
    elif head == "contacts" or head.startswith("masthead_contacts"):
        for ref in loaded.release.references().contacts:
            org_id, _, contact = ref.partition("/")
            org(org_id, ("contacts", contact), _CONTACT_PRINTED)
            org(org_id, ("names", lang))  # the release's contacts are references: it prints none of its own
    elif index:
        spec((index[1], int(index[2])))
    elif head in data:
        spec((head,))
    if head == "body" and part == 0:
        spec(("dateline",))  # the page opens the body with it (and the date, which is the template's)
    return found


def _strings(value: Any, loc: Loc, lang: str, printed: frozenset[str] = frozenset()) -> Iterator[tuple[Loc, str]]:
    """(loc, text) of every printed string under `value` (keys in `printed` are, whatever they hold elsewhere); of a
    per-language table only the release's language."""
    if isinstance(value, str):
        if loc and (loc[-1] not in _NOT_PRINTED or loc[-1] in printed):
            yield loc, value
    elif isinstance(value, dict):
        keys = [lang] if value and set(value) <= _LANGUAGES else list(value)
        for key in keys:
            if key in value:
                yield from _strings(value[key], loc + (key,), lang, printed)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(item, loc + (n,), lang, printed)
