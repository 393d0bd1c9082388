"""Every string a release prints, and the registry strings behind it, each with where it is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ...spec.loader import LoadedRelease
from ...spec.model import LANGUAGES
from ...spec.yamlsource import Loc, SourceDoc, dotted
from .finding import Spot
from .prose import Prose, from_markdown, plain
from .scripts import has_japanese

Role = Literal[
    "headline", "subheadline", "highlight", "body", "lead_in", "quote", "about", "heading", "masthead", "contact",
    "caption", "dateline", "salutation", "registry", "kicker",
]
# Registry values that are not prose: identifiers, addresses, dates, and the misspellings list itself.
_NOT_PROSE = {
    "id", "misspellings", "style", "house_style", "website", "url", "email", "phone", "date", "period", "as_of", "release", "value",
    "signing_keys", "approvers",
}


@dataclass(frozen=True)
class Text:
    """One string: `prose` is what the reader sees, `field` is what a `suppress:` entry names."""

    doc: SourceDoc
    loc: Loc
    field: str
    role: Role
    prose: Prose
    language: str
    printed: bool = True
    markdown: bool = False  # the source is Markdown (body, boilerplate), not plain text

    @property
    def text(self) -> str:
        return self.prose.text

    @property
    def source(self) -> str:
        return str(self.doc.lookup(self.loc))

    def spot(self, index: int) -> Spot:
        return self.source_spot(self.prose.source_offset(index))

    def source_spot(self, offset: int) -> Spot:
        """Where a character of the source string (not of the prose) is."""
        line, col = self.doc.where(self.loc, offset)
        return Spot(self.doc.path, line, col, self.field)


def collect(loaded: LoadedRelease) -> list[Text]:
    """The release's own fields in reading order, then the registry text it prints, then the rest of its orgs."""
    release, lang = loaded.release, loaded.release.language
    texts: list[Text] = []
    seen: set[tuple[str, Loc]] = set()

    def add(doc: SourceDoc, loc: Loc, field: str, role: Role, markdown: bool = False, printed: bool = True) -> None:
        value = doc.lookup(loc)
        if isinstance(value, dict):  # a localized registry value
            loc, value = loc + (lang,), value.get(lang)
        if isinstance(value, str) and value.strip() and (doc.path, loc) not in seen:
            seen.add((doc.path, loc))
            prose = from_markdown(value) if markdown else plain(value)
            texts.append(Text(doc, loc, field, role, prose, lang if printed else _language(loc, value), printed, markdown))

    spec = loaded.doc
    for key in ("salutation", "dateline", "kicker", "headline", "subheadline"):
        add(spec, (key,), key, key)  # type: ignore[arg-type]
    for n in range(len(release.highlights)):
        add(spec, ("highlights", n), f"highlights[{n}]", "highlight")
    add(spec, ("body",), "body", "body", markdown=True)
    for n in range(len(release.quotes)):
        add(spec, ("quotes", n, "lead_in"), f"quotes[{n}].lead_in", "lead_in")
        add(spec, ("quotes", n, "said"), f"quotes[{n}].said", "lead_in")
        for key in ("name", "title", "organization"):
            add(spec, ("quotes", n, "speaker", key), f"quotes[{n}].speaker.{key}", "lead_in")
        add(spec, ("quotes", n, "text"), f"quotes[{n}].text", "quote")
    for n in range(len(release.images)):
        for key in ("caption", "credit", "alt"):
            add(spec, ("images", n, key), f"images[{n}].{key}", "caption")
    for n in range(len(release.links)):
        add(spec, ("links", n, "title"), f"links[{n}].title", "caption")
    for n, org_id in enumerate(release.issuers):
        add(loaded.registry.docs[org_id], ("names", lang, "masthead"), f"issuers[{n}]", "masthead")
    for n, entry in enumerate(release.about_entries()):
        field, org_doc = f"about[{n}]", loaded.registry.docs[entry.org]
        add(spec, ("about", n, "text"), f"{field}.text", "about", markdown=True)
        add(spec, ("about", n, "append"), f"{field}.append", "about", markdown=True)
        add(org_doc, ("boilerplate", lang, "name"), field, "heading")
        if entry.text is None:
            add(org_doc, ("boilerplate", lang, "text"), field, "about", markdown=True)
            lines = org_doc.lookup(("boilerplate", lang, "lines")) or []
            for k, line in enumerate(lines):
                if line not in ("website", "social"):
                    add(org_doc, ("boilerplate", lang, "lines", k), field, "about", markdown=True)
    for n in range(len(release.sections)):
        add(spec, ("sections", n, "heading"), f"sections[{n}].heading", "heading")
        add(spec, ("sections", n, "text"), f"sections[{n}].text", "about", markdown=True)
    listed = [("masthead_contacts", n, ref) for n, ref in enumerate(release.masthead_contacts)]
    for field, n, ref in listed + [("contacts", n, ref) for n, ref in enumerate(release.contacts)]:
        org_id, _, contact_id = ref.partition("/")
        for key in ("heading", "department", "title", "person", "group", "address", "note"):
            add(loaded.registry.docs[org_id], ("contacts", contact_id, key), f"{field}[{n}]", "contact")
    for org_id in used_orgs(loaded):
        doc = loaded.registry.docs[org_id]
        for loc, _ in _strings(doc.data, ()):
            add(doc, loc, f"{org_id}:{dotted(loc)}", "registry", markdown=True, printed=False)
    return texts


def used_orgs(loaded: LoadedRelease) -> list[str]:
    """Issuers, about entries, contacts and speakers, each once, in that order."""
    release = loaded.release
    ids = [*release.issuers, *(e.org for e in release.about_entries())]
    speakers = [q.speaker for q in release.quotes if isinstance(q.speaker, str)]
    ids += [ref.partition("/")[0] for ref in (*release.contacts, *speakers)]
    return list(dict.fromkeys(ids))


def _strings(node: Any, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(node, str):
        return [(loc, node)]
    if isinstance(node, dict):
        return [s for key, value in node.items() if key not in _NOT_PROSE for s in _strings(value, loc + (key,))]
    if isinstance(node, list):
        return [s for n, value in enumerate(node) for s in _strings(value, loc + (n,))]
    return []


def _language(loc: Loc, value: str) -> str:
    """A registry string's language: the key it sits under, else Japanese if it has Japanese letters."""
    named = [part for part in loc if part in LANGUAGES]
    return str(named[-1]) if named else ("ja" if has_japanese(value) else "en")
