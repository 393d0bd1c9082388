"""Source marks of a pressgen DOCX: the release, version and page field of every paragraph, in forms office suites keep.

Three layers, each kept by Word and by LibreOffice's save as DOCX (tested: content controls lose their tag and
duplicate text in LibreOffice, and document variables are dropped, so neither is used):

- a hidden bookmark around the text of each block's paragraph, `_pg<first 8 hex of the content hash>_<block>`
  (Word's rule: at most 40 letters, digits or underscores; a leading underscore hides it from the user);
- a custom XML part, the manifest: release id, content hash, commit, and the page field of each block;
- two custom document properties, the release id and the content hash (each under Word's 255-character limit).

The reader (review/wordimport) needs any one identity layer and the bookmarks; it re-renders the version the marks
name, so the manifest's fields are a help, never the only record.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

NAMESPACE = "urn:pressgen:source:1"
RELEASE_PROPERTY = "pressgen release"
CONTENT_PROPERTY = "pressgen content"
_BOOKMARK = re.compile(r"^_pg([0-9a-f]{8})_([0-9]{1,5})$")
_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_USER_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_FIRST_BOOKMARK_ID = 1_000_000  # far above the ids a reference document's own bookmarks use


@dataclass(frozen=True)
class BlockMark:
    """What the manifest says of one block: its place in the page and the page field it renders."""

    n: int
    field: str
    part: int  # the block's position among the blocks of its field, from 0


@dataclass(frozen=True)
class Manifest:
    release: str
    content: str  # the full content hash (hex)
    commit: str = ""  # the project's commit when built, '+' for uncommitted edits; empty outside git
    spec: str = ""  # the spec's file name
    blocks: tuple[BlockMark, ...] = ()


@dataclass
class SourceMarks:
    """Marks being written into one document: one bookmark per block paragraph, then the manifest."""

    release: str
    content: str
    commit: str = ""
    spec: str = ""
    blocks: list[BlockMark] = field(default_factory=list)
    _parts: dict[str, int] = field(default_factory=dict)

    def attach(self, paragraph: Any, block_field: str) -> None:
        """Mark `paragraph` (a python-docx Paragraph) as the next block of the page, of field `block_field`."""
        n = len(self.blocks)
        part = self._parts.get(block_field, 0)
        self._parts[block_field] = part + 1
        self.blocks.append(BlockMark(n, block_field, part))
        p = paragraph._p
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(_FIRST_BOOKMARK_ID + n))
        start.set(qn("w:name"), bookmark_name(self.content, n))
        end.set(qn("w:id"), str(_FIRST_BOOKMARK_ID + n))
        ppr = p.find(qn("w:pPr"))
        p.insert(0 if ppr is None else p.index(ppr) + 1, start)
        p.append(end)

    def record(self, document: Document) -> None:
        """The manifest part and the two document properties."""
        package = document.part.package
        _drop_old_manifests(document)
        manifest = etree.Element(f"{{{NAMESPACE}}}source", nsmap={None: NAMESPACE})
        for name, value in (("release", self.release), ("content", self.content), ("commit", self.commit), ("spec", self.spec)):
            manifest.set(name, value)
        for block in self.blocks:
            etree.SubElement(manifest, f"{{{NAMESPACE}}}p", n=str(block.n), field=block.field, part=str(block.part))
        item = Part(package.next_partname("/customXml/item%d.xml"), CT.XML, _xml(manifest), package)
        # A stable item id: the same release version gives the same bytes.
        item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{self.content}")).upper() + "}"
        store = etree.Element(f"{{{_DATASTORE_NS}}}datastoreItem", nsmap={"ds": _DATASTORE_NS})
        store.set(f"{{{_DATASTORE_NS}}}itemID", item_id)
        refs = etree.SubElement(store, f"{{{_DATASTORE_NS}}}schemaRefs")
        etree.SubElement(refs, f"{{{_DATASTORE_NS}}}schemaRef").set(f"{{{_DATASTORE_NS}}}uri", NAMESPACE)
        props_name = PackURI(item.partname.replace("/item", "/itemProps"))
        item.relate_to(Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, _xml(store), package), RT.CUSTOM_XML_PROPS)
        document.part.relate_to(item, RT.CUSTOM_XML)
        _set_properties(package, {RELEASE_PROPERTY: self.release, CONTENT_PROPERTY: self.content})


def bookmark_name(content: str, n: int) -> str:
    return f"_pg{content[:8]}_{n}"


def parse_bookmark(name: str) -> tuple[str, int] | None:
    """(hash prefix, block number) of a source-mark bookmark name; None for any other bookmark."""
    match = _BOOKMARK.match(name or "")
    return (match[1], int(match[2])) if match else None


def parse_manifest(root: Any) -> Manifest | None:
    """The manifest in a custom XML part's root element, or None when the part is something else."""
    if root.tag != f"{{{NAMESPACE}}}source":
        return None
    blocks = []
    for p in root.iterfind(f"{{{NAMESPACE}}}p"):
        try:
            blocks.append(BlockMark(int(p.get("n", "")), p.get("field", ""), int(p.get("part", ""))))
        except ValueError:
            continue  # a damaged entry: the reader re-renders the version, it does not need it
    return Manifest(root.get("release", ""), root.get("content", ""), root.get("commit", ""), root.get("spec", ""), tuple(blocks))


def parse_properties(root: Any) -> dict[str, str]:
    """Name → text of the custom document properties (docProps/custom.xml)."""
    found = {}
    for prop in root.iterfind(f"{{{_PROPERTIES_NS}}}property"):
        value = next(iter(prop), None)
        if value is not None and value.text is not None:
            found[prop.get("name", "")] = value.text
    return found


def _drop_old_manifests(document: Document) -> None:
    """A reference document made from a pressgen DOCX carries that DOCX's manifest: it is not this one's."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                continue
            if parse_manifest(root) is not None:
                document.part.drop_rel(rel_id)


def _set_properties(package: Any, values: dict[str, str]) -> None:
    """Write `values` into the package's custom properties, keeping any the reference document has."""
    try:
        part = package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        part = None
    root = etree.fromstring(part.blob) if part is not None else etree.Element(f"{{{_PROPERTIES_NS}}}Properties", nsmap={None: _PROPERTIES_NS, "vt": _VT_NS})
    for prop in list(root):
        if prop.get("name") in values:
            root.remove(prop)
    pid = max((int(p.get("pid", "1")) for p in root), default=1)
    for name, value in values.items():
        pid += 1
        prop = etree.SubElement(root, f"{{{_PROPERTIES_NS}}}property", fmtid=_USER_PROPERTY_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    if part is None:
        package.relate_to(Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, _xml(root), package), RT.CUSTOM_PROPERTIES)
    else:
        part._blob = _xml(root)


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
