"""Which characters the configured fonts can draw, from fontconfig's cache, so no glyph is a silent box."""

from __future__ import annotations

import bisect
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..errors import Problem
from ..spec.loader import LoadedRelease
from ..spec.model import LANGUAGES
from ..spec.yamlsource import Loc, SourceDoc, dotted

# Layout characters: drawn as space or not at all.
_INVISIBLE = {0x09, 0x0A, 0x0D, 0x20, 0xA0, 0x3000, 0x200B}


@dataclass(frozen=True)
class Coverage:
    """Unicode ranges a font family covers, searched by bisection."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, codepoint: int) -> bool:
        at = bisect.bisect_right(self.starts, codepoint) - 1
        return at >= 0 and codepoint <= self.ends[at]


@cache
def coverage(family: str) -> Coverage | None:
    """The family's coverage, or None when fontconfig does not know it."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    result = subprocess.run(
        [fc_list, "-f", "%{family}\t%{charset}\n", f"{family}:style=Regular"],
        capture_output=True, text=True, check=False,
    )
    for row in result.stdout.splitlines():
        names, _, charset = row.partition("\t")
        if family in names.split(","):
            return _parse_charset(charset)
    return None


def _parse_charset(charset: str) -> Coverage:
    starts, ends = [], []
    for item in charset.split():
        first, _, last = item.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
    return Coverage(tuple(starts), tuple(ends))


def missing_glyphs(loaded: LoadedRelease, families: list[str]) -> list[Problem]:
    """A problem for each character of the release that none of `families` can draw."""
    covers = [c for c in map(coverage, families) if c is not None]
    if not covers:
        return [Problem(loaded.doc.path, 1, 1, "", f"none of the fonts {', '.join(families)} is installed (run: pressgen doctor)")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for doc, loc, text in _texts(loaded):
        for offset, char in enumerate(text):
            code = ord(char)
            if code in _INVISIBLE or char in seen or any(code in c for c in covers):
                continue
            seen.add(char)
            line, col = doc.where(loc, offset)
            message = f"character {char!r} (U+{code:04X}) has no glyph in the fonts {', '.join(families)}"
            problems.append(Problem(doc.path, line, col, dotted(loc), message))
    return problems


_PRINTED = {
    "headline": (), "subheadline": (), "kicker": (), "salutation": (), "dateline": (), "house_style": (), "highlights": (), "body": (),
    "quotes": ("text", "lead_in", "said", "speaker"), "about": ("text", "append"), "sections": ("heading", "text"), "links": ("title",), "images": ("alt", "caption", "credit"),
}


def _texts(loaded: LoadedRelease) -> Iterator[tuple[SourceDoc, Loc, str]]:
    """Every string the release prints: fields of its spec and the registry entries it shows.

    Ids, reasons, approvals and file names are never printed, so a character there needs no glyph.
    """
    release, lang = loaded.release, loaded.release.language
    data = loaded.doc.data
    for key, inner in _PRINTED.items():
        value = data.get(key)
        if inner and isinstance(value, list):
            for n, item in enumerate(value):
                if isinstance(item, dict):
                    for field in inner:
                        yield from _strings(loaded.doc, item.get(field), (key, n, field), lang)
        else:
            yield from _strings(loaded.doc, value, (key,), lang)
    refs = release.references()
    lead = loaded.registry.docs[release.issuers[0]]
    yield from _strings(lead, (lead.data.get("house_style") or {}).get(lang), ("house_style", lang), lang)  # its house style's labels
    for org_id in sorted(refs.orgs):
        doc = loaded.registry.docs[org_id]
        yield from _strings(doc, doc.data.get("names", {}).get(lang), ("names", lang), lang)
        for kind, used in (("people", refs.people), ("contacts", refs.contacts)):
            for entry_id, entry in (doc.data.get(kind) or {}).items():
                if f"{org_id}/{entry_id}" in used:
                    yield from _strings(doc, entry, (kind, entry_id), lang)
        if org_id in refs.boilerplate:
            yield from _strings(doc, doc.data.get("boilerplate", {}).get(lang), ("boilerplate", lang), lang)
            yield from _strings(doc, doc.data.get("social"), ("social",), lang)


def _strings(doc: SourceDoc, node: object, loc: Loc, language: str) -> Iterator[tuple[SourceDoc, Loc, str]]:
    if isinstance(node, str):
        yield doc, loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in LANGUAGES and key != language:
                continue  # another language's text is not printed in this release
            yield from _strings(doc, value, loc + (key,), language)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _strings(doc, value, loc + (n,), language)
