"""Compact CJK font embedding: bare CID-keyed CFF subsets that draw what WeasyPrint's own embedding draws."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from conftest import ROOT, SEED_JA, pdf_text
from pressgen.pdf_fonts import cid_charset, cids_are_glyph_ids

NOTO_SERIF_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")

# The same page in a fresh process, through pressgen's PDF engine, with or without compact embedding.
RENDER = """
import sys
from pathlib import Path
from pressgen import pdf_engine, pdf_fonts
from pressgen.loader import load_release
from pressgen.render import render_page
if sys.argv[2] == "weasyprint":
    pdf_fonts.install = lambda: None
loaded = load_release(Path(sys.argv[1]))
page = render_page(loaded)
job = pdf_engine.PdfJob(page.html, page.paged_css, loaded.project.templates.as_uri() + "/",
    (str(loaded.project.templates), str(loaded.project.releases)), "pdf/ua-1", b"fonts", str(loaded.doc.path))
Path(sys.argv[3]).write_bytes(pdf_engine.render(job))
"""


def _embedded_fonts(path: Path) -> list[dict[str, object]]:
    """Per font of the PDF: its CIDFont subtype, the key and subtype of its font file, and the program."""
    fonts = []
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            key = next(k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor)
            stream = descriptor[key].get_object()
            fonts.append({"name": str(descendant["/BaseFont"]), "cidfont": str(descendant["/Subtype"]), "file": key, "subtype": str(stream.get("/Subtype")), "program": stream.get_data()})
    return list({font["name"]: font for font in fonts}.values())


@pytest.fixture(scope="module")
def both_embeddings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed's Japanese PDF with pressgen's compact embedding and with WeasyPrint's own."""
    folder = tmp_path_factory.mktemp("embeddings")
    made = {}
    for way in ("compact", "weasyprint"):
        made[way] = folder / f"{way}.pdf"
        subprocess.run([sys.executable, "-c", RENDER, str(SEED_JA), way, str(made[way])], check=True, cwd=ROOT, timeout=120)
    return made


def test_cjk_faces_are_embedded_as_bare_cid_keyed_cff(seed_build: dict[str, dict[str, Path]]) -> None:
    fonts = _embedded_fonts(seed_build["ja"]["pdf"])
    assert len(fonts) == 2
    for font in fonts:
        assert (font["cidfont"], font["file"], font["subtype"]) == ("/CIDFontType0", "/FontFile3", "/CIDFontType0C"), font["name"]
        charset = cid_charset(font["program"])
        assert charset is not None and len(charset) < 1000, font["name"]  # the glyphs used, not 60,000 empty ones
    assert seed_build["ja"]["pdf"].stat().st_size < 200_000


def test_latin_truetype_faces_keep_weasyprints_embedding(seed_build: dict[str, dict[str, Path]]) -> None:
    for font in _embedded_fonts(seed_build["en"]["pdf"]):
        assert (font["cidfont"], font["file"]) == ("/CIDFontType2", "/FontFile2"), font["name"]


def test_compact_embedding_is_a_third_of_the_size(both_embeddings: dict[str, Path]) -> None:
    compact, stock = (both_embeddings[way].stat().st_size for way in ("compact", "weasyprint"))
    assert compact * 3 < stock, (compact, stock)


def _poppler(path: Path) -> list[Image.Image]:
    prefix = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(prefix)], check=True)
    return [Image.open(page).convert("L") for page in sorted(path.parent.glob(f"{prefix.name}-*.png"))]


def _mupdf(path: Path) -> list[Image.Image]:
    target = path.with_name(f"{path.stem}-mupdf-%d.png")
    subprocess.run(["mutool", "draw", "-q", "-r", "72", "-o", str(target), str(path)], check=True)
    return [Image.open(page).convert("L") for page in sorted(path.parent.glob(f"{path.stem}-mupdf-*.png"))]


def _pdfium(path: Path) -> list[Image.Image]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    return [document[n].render(scale=1).to_pil().convert("L") for n in range(len(document))]


def _largest_difference(ours: list[Image.Image], theirs: list[Image.Image]) -> int:
    assert len(ours) == len(theirs) >= 2
    return max(ImageChops.difference(a, b).getextrema()[1] for a, b in zip(ours, theirs))


@pytest.mark.parametrize("renderer", [_poppler, _mupdf], ids=["poppler", "mupdf"])
def test_readers_draw_the_same_pixels_as_with_weasyprints_embedding(both_embeddings: dict[str, Path], renderer) -> None:  # type: ignore[no-untyped-def]
    assert _largest_difference(renderer(both_embeddings["compact"]), renderer(both_embeddings["weasyprint"])) == 0


def test_pdfium_draws_the_same_glyphs_as_with_weasyprints_embedding(both_embeddings: dict[str, Path]) -> None:
    # PDFium anti-aliases a bare CFF program a shade differently (13 of 255 measured); a wrong glyph differs by ~255.
    assert _largest_difference(_pdfium(both_embeddings["compact"]), _pdfium(both_embeddings["weasyprint"])) <= 40


def test_text_extracts_the_same(both_embeddings: dict[str, Path]) -> None:
    assert pdf_text(both_embeddings["compact"]) == pdf_text(both_embeddings["weasyprint"])


def test_noto_cjk_cids_are_its_glyph_ids() -> None:
    program = TTFont(NOTO_SERIF_CJK, fontNumber=0, lazy=True).reader["CFF "]
    assert cids_are_glyph_ids(program)


def test_a_subset_whose_cids_skip_is_not_taken_for_identity(seed_build: dict[str, dict[str, Path]]) -> None:
    for font in _embedded_fonts(seed_build["ja"]["pdf"]):
        assert not cids_are_glyph_ids(font["program"])


def _name_keyed_cff() -> bytes:
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    empty = T2CharStringPen(500, None)
    builder.setupCFF("Probe", {"FullName": "Probe"}, {".notdef": empty.getCharString(), "A": pen.getCharString()}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Probe", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return TTFont(io.BytesIO(out.getvalue())).reader["CFF "]


def test_name_keyed_and_unreadable_programs_keep_weasyprints_embedding() -> None:
    assert cid_charset(_name_keyed_cff()) is None
    assert not cids_are_glyph_ids(_name_keyed_cff())
    assert not cids_are_glyph_ids(b"\x01\x00\x04\x04 not a font")
