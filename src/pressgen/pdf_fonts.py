"""Compact embedding of CID-keyed CFF faces (Noto CJK) in the PDFs WeasyPrint writes.

WeasyPrint keeps every glyph id of a face when it subsets (HarfBuzz's RETAIN_GIDS), so that its
text streams can go on naming glyphs by their ids in the whole font. For a 65,000-glyph CJK face
that leaves the offset and metric tables of ~60,000 empty glyphs in every subset: 140 KB for the
100 glyphs of a headline, and 60 ms of subsetting per face. A CID-keyed CFF font does not need
that: a PDF reader finds a glyph by its CID through the font's own charset. So for those faces the
glyphs used are subset compactly, keeping their CIDs, and the bare CFF program is embedded as
FontFile3 /CIDFontType0C (PDF 1.3, 9.9). The codes in the text streams are the glyph ids of the
whole font; this is only right when those equal the CIDs, so every subset is checked glyph by
glyph, and any face that fails the check, or is not CID-keyed CFF, keeps WeasyPrint's embedding.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

# What a CFF program starts with (major 1, minor 0, header size 4); no OpenType or TrueType file does.
CFF_HEADER = b"\x01\x00\x04"
# Faces WeasyPrint still transforms after subsetting through an OpenType parser.
_TRANSFORMED = ("fvar", "CBDT", "SVG ", "COLR", "EBDT")


def install() -> None:
    """Make WeasyPrint embed CID-keyed CFF faces compactly, in this process; idempotent."""
    import weasyprint.pdf
    from weasyprint.pdf import fonts

    if getattr(fonts.Font.subset, "compact_cff", False):
        return
    stock_subset = fonts.Font.subset
    stock_build = weasyprint.pdf.build_fonts_dictionary

    def subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        program = compact_cff(font, to_unicode, hinting) if to_unicode else None
        if program is None:
            stock_subset(font, to_unicode, hinting)
        else:
            font.file_content = program

    def build_fonts_dictionary(pdf: Any, *args: Any) -> Any:
        dictionary = stock_build(pdf, *args)
        retag_bare_cff(pdf.objects)
        return dictionary

    subset.compact_cff = True  # type: ignore[attr-defined]
    fonts.Font.subset = subset
    # A bare CFF program is an OpenType-flavoured font to WeasyPrint: FontFile3 and CIDFontType0.
    fonts.Font.type = property(lambda font: "otf" if font.file_content[:4] == b"OTTO" or is_bare_cff(font.file_content) else "ttf")
    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary


def is_bare_cff(program: bytes) -> bool:
    return program[:3] == CFF_HEADER


def compact_cff(font: Any, to_unicode: dict[int, str], hinting: bool) -> bytes | None:
    """The CFF program of the glyphs used, keeping their CIDs; None when the face must keep WeasyPrint's way."""
    if "CFF " not in font.tables or any(tag in font.tables for tag in _TRANSFORMED) or font.png or font.svg or font.colr:
        return None
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

    if not harfbuzz_subset:
        return None
    with cff_table(font.hb_face) as whole:
        if not cids_are_glyph_ids(whole):
            return None
    request = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    glyphs = sorted(set(to_unicode) | {0})
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_glyph_set(request), ffi.new("hb_codepoint_t[]", glyphs), len(glyphs))
    # Only the CFF table is embedded: the others need not be subset at all.
    dropped = sorted(harfbuzz.hb_tag_from_string(tag.encode(), -1) for tag in font.tables if tag != "CFF ")
    drop_set = harfbuzz_subset.hb_subset_input_set(request, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    harfbuzz.hb_set_add_sorted_array(drop_set, ffi.new("hb_tag_t[]", dropped), len(dropped))
    flags = harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(request, flags)
    face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, request)
    if face == ffi.NULL:
        return None
    with cff_table(ffi.gc(face, harfbuzz.hb_face_destroy)) as subset:
        program = bytes(subset)
    return program if is_bare_cff(program) and keeps_cids(program, glyphs) else None


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


def keeps_cids(program: bytes, glyphs: list[int]) -> bool:
    """Whether the subset's CIDs rise with its glyphs and include every glyph used (HarfBuzz may add others)."""
    charset = cid_charset(program)
    if charset is None:
        return False
    cids = [int(name[3:]) for name in charset[1:]]
    return all(a < b for a, b in zip(cids, cids[1:])) and set(glyphs[1:]) <= set(cids)


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


def retag_bare_cff(objects: Iterable[Any]) -> None:
    """Label the font streams that hold a bare CFF program as /CIDFontType0C rather than /OpenType."""
    import pydyf

    for item in objects:
        if isinstance(item, pydyf.Stream) and item.extra.get("Subtype") == "/OpenType" and is_bare_cff(item.stream[0]):
            item.extra["Subtype"] = "/CIDFontType0C"
