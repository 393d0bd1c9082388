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
from pressgen.writers.pdf.fonts import cid_charset, cid_set, cids_are_glyph_ids, cids_of, describe_bare_cff, install

NOTO_SERIF_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")

# The same page in a fresh process, through pressgen's PDF engine, with or without compact embedding.
RENDER = """
import sys
from pathlib import Path
from pressgen.writers.pdf import engine as pdf_engine
from pressgen.writers.pdf import fonts as pdf_fonts
from pressgen.spec import load_release
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
            fonts.append(
                {
                    "name": str(descendant["/BaseFont"]),
                    "cidfont": str(descendant["/Subtype"]),
                    "file": key,
                    "subtype": str(stream.get("/Subtype")),
                    "program": stream.get_data(),
                    "drawn": _cids_with_widths(descendant["/W"]),
                    "cidset": descriptor["/CIDSet"].get_object().get_data() if "/CIDSet" in descriptor else None,
                    "gid_map": descendant.get("/CIDToGIDMap"),
                }
            )
    return list({font["name"]: font for font in fonts}.values())


def _cids_with_widths(widths: list[object]) -> set[int]:
    """The CIDs a /W array gives widths to: WeasyPrint lists the glyphs it draws, as `first [w w …]` runs."""
    cids, items = set(), list(widths)
    for first, run in zip(items[::2], items[1::2]):
        cids.update(range(int(first), int(first) + len(run)))  # type: ignore[arg-type]
    return cids


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
        # Exactly the glyphs drawn, under their CIDs: not 60,000 empty ones, nor variation forms HarfBuzz would add.
        assert [0, *cids_of(font["program"])] == sorted(font["drawn"] | {0}), font["name"]
        assert font["gid_map"] is None  # CIDToGIDMap is for TrueType fonts
    assert seed_build["ja"]["pdf"].stat().st_size < 150_000


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


def test_pdf_a_1b_cidset_lists_every_cid_of_the_program(project: Path) -> None:
    from pressgen.build import build

    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace('variant = "pdf/ua-1"', 'variant = "pdf/a-1b"'), "utf-8")
    assert 'variant = "pdf/a-1b"' in pyproject.read_text("utf-8")
    (pdf,) = [p for p in build([project / "releases" / SEED_JA.name], formats=["pdf"]) if p.suffix == ".pdf"]
    for font in _embedded_fonts(pdf):
        assert font["subtype"] == "/CIDFontType0C"
        assert font["cidset"] == cid_set([0, *cids_of(font["program"])]), font["name"]


def test_a_character_the_face_lacks_leaves_it_compact(tmp_path: Path) -> None:
    from weasyprint import HTML

    install()
    pdf = tmp_path / "missing.pdf"
    HTML(string="<p style=\"font-family: 'Noto Serif CJK JP'\">日本\u0378語</p>").write_pdf(pdf)  # U+0378 is unassigned
    (font,) = _embedded_fonts(pdf)
    assert font["subtype"] == "/CIDFontType0C"
    assert "日本" in pdf_text(pdf)


def test_a_document_written_twice_is_embedded_the_same_way(tmp_path: Path) -> None:
    from weasyprint import HTML

    install()
    install()  # idempotent
    document = HTML(string="<p style=\"font-family: 'Noto Serif CJK JP'\">報道関係者各位</p>").render()
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    document.write_pdf(first)
    document.write_pdf(second, full_fonts=True)  # WeasyPrint reads the whole face again: it must find it
    assert _embedded_fonts(first)[0]["subtype"] == "/CIDFontType0C"
    assert pdf_text(first) == pdf_text(second)


def test_a_bare_cff_program_is_described_as_one_whatever_weasyprint_took_it_for(seed_build: dict[str, dict[str, Path]]) -> None:
    import pydyf

    program = _embedded_fonts(seed_build["ja"]["pdf"])[0]["program"]
    pdf = pydyf.PDF()
    stream = pydyf.Stream([program], pydyf.Dictionary({"Length1": len(program)}))
    pdf.add_object(stream)
    cidset = pydyf.Stream([b"\x01"])
    pdf.add_object(cidset)
    descriptor = pydyf.Dictionary({"Type": "/FontDescriptor", "FontFile2": stream.reference, "CIDSet": cidset.reference})
    pdf.add_object(descriptor)
    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/CIDFontType2", "CIDToGIDMap": "/Identity", "FontDescriptor": descriptor.reference})
    pdf.add_object(font)
    describe_bare_cff(pdf.objects)
    assert stream.extra == {"Subtype": "/CIDFontType0C"}
    assert "FontFile2" not in descriptor and descriptor["FontFile3"] == stream.reference
    assert font["Subtype"] == "/CIDFontType0" and "CIDToGIDMap" not in font
    assert cidset.stream == [cid_set([0, *cids_of(program)])]


def test_cid_set_bits() -> None:
    assert cid_set([0]) == b"\x80"
    assert cid_set([0, 1, 9]) == b"\xc0\x40"


def test_a_face_whose_cids_are_not_its_glyph_ids_keeps_weasyprints_embedding(tmp_path: Path) -> None:
    from weasyprint import HTML

    install()
    text = "報道関係者各位"
    # Noto Serif CJK subset without its glyph ids: a CID-keyed font whose glyph 1 is CID 9967.
    subset = [sys.executable, "-m", "fontTools.subset", str(NOTO_SERIF_CJK), "--font-number=0", f"--text={text}"]
    subprocess.run([*subset, f"--output-file={tmp_path / 'renumbered.otf'}"], check=True, capture_output=True)
    assert not cids_are_glyph_ids(TTFont(tmp_path / "renumbered.otf").reader["CFF "])
    page = f"<style>@font-face {{ font-family: Renumbered; src: url(renumbered.otf) }}</style><p style='font-family: Renumbered'>{text}</p>"
    pdf = tmp_path / "renumbered.pdf"
    HTML(string=page, base_url=str(tmp_path) + "/").write_pdf(pdf)
    (font,) = _embedded_fonts(pdf)
    assert (font["file"], font["subtype"]) == ("/FontFile3", "/OpenType")
    assert text in pdf_text(pdf)
