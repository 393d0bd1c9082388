"""Compact embedding of CID-keyed CFF faces (Noto CJK) in the PDFs WeasyPrint writes.

WeasyPrint keeps every glyph id of a face when it subsets (HarfBuzz's RETAIN_GIDS), so that its
text streams can go on naming glyphs by their ids in the whole font. For a 65,000-glyph CJK face
that leaves the offset and metric tables of ~60,000 empty glyphs in every subset: 140 KB for the
100 glyphs of a headline, and 60 ms of subsetting per face. A CID-keyed CFF font does not need
that: a PDF reader finds a glyph by its CID through the font's own charset. So for those faces the
glyphs used are subset compactly, keeping their CIDs, and the bare CFF program is embedded as
FontFile3 /CIDFontType0C of a CIDFontType0 font (PDF 1.3, 9.9). The codes in the text streams are
the glyph ids of the whole font; this is only right when those equal the CIDs, so the face's
charset and every subset are checked, and any face that fails, or is not CID-keyed CFF, keeps
WeasyPrint's embedding.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# What a CFF program starts with (major 1, minor 0, header size 4); no OpenType or TrueType file does.
CFF_HEADER = b"\x01\x00\x04"
# Faces WeasyPrint still transforms after subsetting through an OpenType parser.
_TRANSFORMED = ("fvar", "CBDT", "SVG ", "COLR", "EBDT")
# HarfBuzz's face builder, which WeasyPrint's bindings do not declare.
_BUILDER = """
    hb_face_t *hb_face_builder_create (void);
    hb_bool_t hb_face_builder_add_table (hb_face_t *face, hb_tag_t tag, hb_blob_t *blob);
"""


def install() -> None:
    """Make WeasyPrint embed CID-keyed CFF faces compactly, in this process; idempotent."""
    import weasyprint.pdf
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import ffi, harfbuzz
    from weasyprint.text.fonts import get_hb_object_data

    if getattr(fonts.Font.subset, "compact_cff", False):
        return
    try:
        harfbuzz.hb_face_builder_create  # noqa: B018 - declared already?
    except AttributeError:
        ffi.cdef(_BUILDER)
    stock_subset = fonts.Font.subset
    stock_build = weasyprint.pdf.build_fonts_dictionary

    def subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        if is_bare_cff(font.file_content):  # a document written a second time: start again from the face
            font.file_content = get_hb_object_data(font.hb_face)
        program = compact_cff(font, to_unicode, hinting) if to_unicode else None
        if program is None:
            stock_subset(font, to_unicode, hinting)
        else:
            font.file_content = program

    def build_fonts_dictionary(pdf: Any, *args: Any) -> Any:
        dictionary = stock_build(pdf, *args)
        describe_bare_cff(pdf.objects)
        return dictionary

    subset.compact_cff = True  # type: ignore[attr-defined]
    fonts.Font.subset = subset
    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary


def is_bare_cff(program: bytes) -> bool:
    return program[:3] == CFF_HEADER


def compact_cff(font: Any, to_unicode: dict[int, str], hinting: bool) -> bytes | None:
    """The CFF program of the glyphs used, keeping their CIDs; None when the face must keep WeasyPrint's way."""
    if "CFF " not in font.tables or any(tag in font.tables for tag in _TRANSFORMED) or font.png or font.svg or font.colr:
        return None
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

    if not harfbuzz_subset or not harfbuzz.hb_version_atleast(4, 1, 0):  # hb_set_add_sorted_array
        return None
    with cff_table(font.hb_face) as whole:
        if not cids_are_glyph_ids(whole):
            return None
    # WeasyPrint gives characters the face lacks ids past its last glyph, and maps them to .notdef itself.
    glyphs = sorted(set(to_unicode) - set(font.missing.values()) | {0})
    request = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_glyph_set(request), ffi.new("hb_codepoint_t[]", glyphs), len(glyphs))
    flags = harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(request, flags)
    face = harfbuzz_subset.hb_subset_or_fail(outlines_only(font.hb_face), request)
    if face == ffi.NULL:
        return None
    with cff_table(ffi.gc(face, harfbuzz.hb_face_destroy)) as subset:
        program = bytes(subset)
    return program if is_bare_cff(program) and cids_of(program) == glyphs[1:] else None


def outlines_only(face: Any) -> Any:
    """A face of the CFF and maxp tables alone, sharing their data: without a cmap, HarfBuzz adds no
    glyphs of its own (the variation-sequence forms of the characters used, ~16% of a subset)."""
    from weasyprint.text.ffi import ffi, harfbuzz

    builder = ffi.gc(harfbuzz.hb_face_builder_create(), harfbuzz.hb_face_destroy)
    for tag in (b"CFF ", b"maxp"):
        tag_value = harfbuzz.hb_tag_from_string(tag, -1)
        blob = harfbuzz.hb_face_reference_table(face, tag_value)
        harfbuzz.hb_face_builder_add_table(builder, tag_value, blob)
        harfbuzz.hb_blob_destroy(blob)
    return builder


def cids_are_glyph_ids(program: bytes | memoryview) -> bool:
    """Whether this CID-keyed CFF program gives each glyph its glyph id as CID (Noto CJK and Source Han do).

    Read from the charset's ranges rather than fontTools' list of 65,000 glyph names: a millisecond,
    not 130 ms, on the first page of every worker.
    """
    from fontTools.cffLib import Index, IndexedStrings, TopDictDecompiler, readCard8, readCard16

    try:
        file = _Reader(program)
        file.seek(program[2])  # past the header, to the font names
        Index(file)
        top_dicts = Index(file)
        strings = IndexedStrings(file)
        decompiler = TopDictDecompiler(strings)
        decompiler.decompile(top_dicts[0])
        top = decompiler.getDict()
        if "ROS" not in top or top.get("charset", 0) <= 2:  # 0-2 are the predefined name-keyed charsets
            return False
        file.seek(top["CharStrings"])
        glyph_count = readCard16(file)
        file.seek(top["charset"])
        charset_format = readCard8(file)
        if charset_format == 0:
            return all(readCard16(file) == glyph for glyph in range(1, glyph_count))
        expected = 1
        while expected < glyph_count:
            first = readCard16(file)
            if first != expected:
                return False
            expected += 1 + (readCard8(file) if charset_format == 1 else readCard16(file))
        return True
    except Exception:  # a CFF table this reading does not follow is one WeasyPrint embeds its own way
        return False


def cids_of(program: bytes) -> list[int] | None:
    """The CIDs of a CID-keyed CFF program's glyphs after .notdef, in glyph order; None if it is not one."""
    charset = cid_charset(program)
    return None if charset is None else [int(name[3:]) for name in charset[1:]]


def cid_charset(program: bytes) -> list[str] | None:
    """The glyph names of a CID-keyed CFF program ('cid00042'), or None for a name-keyed or unreadable one."""
    from fontTools.cffLib import CFFFontSet

    fonts = CFFFontSet()
    try:
        fonts.decompile(io.BytesIO(program), None)
        top = fonts.topDictIndex[0]
        return list(top.charset) if hasattr(top, "ROS") else None
    except Exception:  # whatever fontTools cannot read, WeasyPrint embeds its own way
        return None


@contextmanager
def cff_table(face: Any) -> Iterator[memoryview]:
    """The face's CFF table in place, for the time of the block: a CJK one is 16-23 MB, not to be copied per page."""
    from weasyprint.text.ffi import ffi, harfbuzz

    blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(b"CFF ", -1))
    try:
        with ffi.new("unsigned int *") as length:
            data = harfbuzz.hb_blob_get_data(blob, length)
            size = int(length[0])
        yield memoryview(b"" if data == ffi.NULL else ffi.buffer(data, size))
    finally:
        harfbuzz.hb_blob_destroy(blob)


class _Reader:
    """The file interface fontTools' CFF readers use, over a buffer that is read where it lies."""

    def __init__(self, buffer: bytes | memoryview):
        self.view = memoryview(buffer)
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.view) if size < 0 else self.position + size
        chunk = self.view[self.position : end].tobytes()
        self.position += len(chunk)
        return chunk

    def seek(self, position: int, whence: int = 0) -> int:
        self.position = position if whence == 0 else self.position + position if whence == 1 else len(self.view) + position
        return self.position

    def tell(self) -> int:
        return self.position


def describe_bare_cff(objects: list[Any]) -> None:
    """Describe each bare CFF program as PDF 1.3 does, whatever WeasyPrint took it for.

    Its stream is /CIDFontType0C, its descriptor's /FontFile3; its font is a CIDFontType0 (with no
    CIDToGIDMap, which is for TrueType); its CIDSet, where the PDF version has one, lists exactly
    the CIDs of the program, .notdef's included, as PDF/A-1 checkers demand.
    """
    import pydyf

    def target(reference: bytes) -> Any:
        return objects[int(reference.split()[0])]

    programs = {id(item) for item in objects if isinstance(item, pydyf.Stream) and item.stream and is_bare_cff(item.stream[0])}
    descriptors = set()
    for item in objects:
        if id(item) in programs:
            item.extra.pop("Length1", None)
            item.extra["Subtype"] = "/CIDFontType0C"
        elif isinstance(item, pydyf.Dictionary) and item.get("Type") == "/FontDescriptor":
            key = next((k for k in ("FontFile2", "FontFile3") if k in item and id(target(item[k])) in programs), None)
            if key is None:
                continue
            descriptors.add(id(item))
            item["FontFile3"] = item.pop(key)
            if "CIDSet" in item:
                target(item["CIDSet"]).stream = [cid_set([0, *(cids_of(target(item["FontFile3"]).stream[0]) or [])])]
    for item in objects:
        if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/Font" and id(target(item.get("FontDescriptor", b"0 0 R"))) in descriptors:
            item["Subtype"] = "/CIDFontType0"
            item.pop("CIDToGIDMap", None)


def cid_set(cids: list[int]) -> bytes:
    """A CIDSet stream's bits: one per CID from 0, high bit first, set for each CID present."""
    bits = bytearray((max(cids) // 8) + 1)
    for cid in cids:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits)
