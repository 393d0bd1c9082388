"""Opening a returned DOCX without trusting it: size before unzipping, member sizes and ratios, no macros, no entities."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ...errors import PressgenError, Problem
from ...spec.yamlsource import display_path
from ...writers.docx import sourcemarks

# A release's DOCX with its photos is a few MB; a reviewer's copy adds comments and revisions, never 10 times that.
MAX_DOCX_BYTES = 50_000_000
MAX_MEMBERS = 2_000
MAX_XML_BYTES = 30_000_000  # one unpacked XML part (document.xml of the longest release is well under 1 MB)
MAX_TOTAL_BYTES = 200_000_000  # everything unpacked
MAX_RATIO = 200  # unpacked / packed size of a member over 1 MB: zip bombs compress by thousands
_COMPOUND_FILE = bytes.fromhex("d0cf11e0a1b11ae1")  # OLE: Word's encrypted packages and .doc files
_MARGIN = re.compile(r"word/(?:header|footer)\d*\.xml|word/(?:footnotes|endnotes)\.xml")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = ("macroEnabled", "vbaProject")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"  # Word's "Strict Open XML Document"


@dataclass
class Package:
    """The XML parts of a DOCX that the import reads, parsed; `path` is how messages name the file."""

    path: str
    document: Any
    comments: Any | None = None
    comments_extended: Any | None = None
    properties: dict[str, str] = field(default_factory=dict)
    manifest: sourcemarks.Manifest | None = None
    margins: dict[str, Any] = field(default_factory=dict)  # headers, footers, foot- and endnotes: the template's

    def problem(self, message: str, part: str = "") -> Problem:
        return Problem(self.path, 1, 1, part, message)


def open_package(path: Path) -> Package:
    """The parts of the DOCX at `path`; PressgenError naming the file (and part) for anything unsafe or broken."""
    name = display_path(path)
    size = path.stat().st_size  # before anything is read: a huge file is refused at once
    if size > MAX_DOCX_BYTES:
        raise PressgenError([Problem(name, 1, 1, "", f"the file is {size / 1e6:.0f} MB; a reviewed release is at most "
                                                     f"{MAX_DOCX_BYTES // 1_000_000} MB")])
    with path.open("rb") as stream:
        return _read(stream, name)


def read_package(data: bytes, name: str) -> Package:
    """The parts of a DOCX held in memory (one pressgen just wrote)."""
    return _read(io.BytesIO(data), name)


def _read(stream: Any, name: str) -> Package:
    def refuse(message: str, part: str = "", line: int = 1, col: int = 1) -> PressgenError:
        return PressgenError([Problem(name, line, col, part, message)])

    if stream.read(8) == _COMPOUND_FILE:
        raise refuse("a password-protected document or an old .doc, not a DOCX: remove the password, or save it as .docx")
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(f"not a DOCX (a DOCX is a zip package): {exc}") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        _check_members(members, refuse)
        if "word/document.xml" not in members:
            raise refuse("not a Word document: it has no word/document.xml")

        def part(member: str) -> Any | None:
            if member not in members:
                return None
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                raise refuse(f"cannot unpack: {exc}", member) from None
            return parse_part(data, member, refuse)

        part("[Content_Types].xml")  # refuses a macro-enabled document
        package = Package(name, part("word/document.xml"), part("word/comments.xml"), part("word/commentsExtended.xml"))
        if package.document.tag == _STRICT + "document":
            raise refuse("saved as a Strict Open XML Document; save it again as a Word Document (.docx)", "word/document.xml")
        for member in sorted(members):
            if _MARGIN.fullmatch(member):
                package.margins[member] = part(member)
        custom = part("docProps/custom.xml")
        if custom is not None:
            package.properties = sourcemarks.parse_properties(custom)
        for member in sorted(members):
            if member.startswith("customXml/item") and "Props" not in member and member.endswith(".xml"):
                manifest = sourcemarks.parse_manifest(part(member))
                package.manifest = package.manifest or manifest
    return package


def _check_members(members: dict[str, zipfile.ZipInfo], refuse: Any) -> None:
    if len(members) > MAX_MEMBERS:
        raise refuse(f"the package has {len(members)} parts; a Word document has a few dozen")
    total = 0
    for member, info in members.items():
        lower = member.lower()
        if lower.rsplit("/", 1)[-1] in _MACRO_PARTS:
            raise refuse("the document carries a macro project; pressgen does not open documents with macros "
                         "(save it as a plain .docx, not .docm)", member)
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(f"a part unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
                         f"(over {MAX_RATIO} times): a zip bomb, not a document", member)
        if lower.endswith((".xml", ".rels")) and info.file_size > MAX_XML_BYTES:
            raise refuse(f"a part of {info.file_size:,} bytes; a release's XML is at most {MAX_XML_BYTES:,}", member)
    if total > MAX_TOTAL_BYTES:
        raise refuse(f"the package unpacks to {total:,} bytes; at most {MAX_TOTAL_BYTES:,}")


def parse_part(data: bytes, member: str, refuse: Any) -> Any:
    """One XML part: no DTD, no entities (Word writes neither; an entity in a DOCX is an attack), no huge trees."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise refuse("the part declares a DTD or entities; Word never writes them (an XML bomb?)", member)
    if any(t.encode() in data for t in _MACRO_TYPES) and member == "[Content_Types].xml":
        raise refuse("the document is macro-enabled; save it as a plain .docx", member)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        raise refuse(f"broken XML: {exc.msg}", member, line, max(col, 1)) from None
