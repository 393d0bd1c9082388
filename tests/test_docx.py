"""The DOCX: A4, named styles from the reference document, real lists, East Asian fonts, language, properties."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import TEMPLATES, pdf_text, squash, visible


def _document(seed_build: dict[str, dict[str, Path]], lang: str = "ja") -> docx.document.Document:
    return docx.Document(str(seed_build[lang]["docx"]))


def test_page_is_a4(seed_build: dict[str, dict[str, Path]]) -> None:
    section = _document(seed_build).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)


def test_blocks_use_the_named_styles(seed_build: dict[str, dict[str, Path]]) -> None:
    paragraphs = _document(seed_build).paragraphs

    def style_of(start: str) -> str:
        return next(p.style.name for p in paragraphs if visible(p.text).startswith(start))

    assert style_of("報道関係者各位") == "Salutation"
    assert style_of("アイパークインスティテュート、") == "Title"
    assert style_of("スタートアップ連携") == "List Bullet"
    assert style_of("工業技術研究院（ITRI）について") == "Heading 1"
    assert style_of("「台湾のバイオテクノロジー") == "Quote"
    used = {p.style.name for p in _document(seed_build).paragraphs}
    assert {"Release Kind", "Release Date", "Issuer", "Highlight", "Body Text", "Quote Lead-in", "Quote",
            "Boilerplate", "Link Line", "Contact"} <= used


def test_lists_are_real_word_lists(seed_build: dict[str, dict[str, Path]]) -> None:
    document = _document(seed_build)
    items = [p for p in document.paragraphs if p.style.name in ("List Bullet", "Highlight")]
    assert len(items) == 6
    for item in items:
        own = item._p.pPr.numPr if item._p.pPr is not None else None
        inherited = item.style.element.pPr.numPr if item.style.element.pPr is not None else None
        base = item.style.base_style.element.pPr.numPr if item.style.base_style is not None else None
        assert own is not None or inherited is not None or base is not None, item.text
    assert not document.tables and not document.inline_shapes


def test_every_style_has_explicit_east_asian_fonts_and_no_theme_fonts(seed_build: dict[str, dict[str, Path]]) -> None:
    document = _document(seed_build)
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert not any(fonts.get(qn(a)) for a in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme"))
    for style in document.styles:
        if style.type in (1, 2):
            fonts = style.element.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) in ("Noto Serif CJK JP", "Noto Sans CJK JP"), style.name
    assert document.styles["Title"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK JP"


def test_document_language_and_properties(seed_build: dict[str, dict[str, Path]]) -> None:
    document = _document(seed_build)
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    # Word's pairing: a Western language for Latin text (LibreOffice breaks it like Japanese otherwise), Japanese for CJK.
    assert lang.get(qn("w:val")) == "en-US" and lang.get(qn("w:eastAsia")) == "ja-JP"
    props = document.core_properties
    assert props.title.startswith("アイパークインスティテュート、台湾研究機関")
    assert props.author == "アイパークインスティテュート株式会社, 工業技術研究院 (ITRI)"
    assert props.language == "ja"
    assert props.created.date().isoformat() == "2026-04-21"
    english = _document(seed_build, "en")
    assert english.core_properties.language == "en"


def test_header_and_page_number_fields(seed_build: dict[str, dict[str, Path]]) -> None:
    section = _document(seed_build).sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "2026年04月21日\u3000アイパークインスティテュート株式会社 / 工業技術研究院 (ITRI)"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_hyperlinks_are_real_links(seed_build: dict[str, dict[str, Path]]) -> None:
    document = _document(seed_build)
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert "https://www.itri.org/eng" in targets and "mailto:iPi.PR@shonan-ipark.com" in targets


def test_libreoffice_opens_it_and_keeps_the_japanese(seed_build: dict[str, dict[str, Path]], libreoffice_pdfs) -> None:  # type: ignore[no-untyped-def]
    converted = libreoffice_pdfs([seed_build["ja"]["docx"]])[seed_build["ja"]["docx"]]
    text = squash(pdf_text(converted))
    for sentence in ("報道関係者各位", "台湾の工業技術研究院", "本件に関するお問い合わせ先", "担当：塚原"):
        assert sentence in text
    fonts = subprocess.run(["pdffonts", str(converted)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJKjp" in fonts.replace("-", "").replace(" ", "") or "Noto Serif CJK JP" in fonts


def test_reference_document_defines_every_mapped_style() -> None:
    from pressgen.spec.sources import cached_doc

    mapping = cached_doc(TEMPLATES / "docx-styles.yaml").data
    names = {s.name for s in docx.Document(str(TEMPLATES / "reference.docx")).styles}
    assert {style for _, style in mapping["rules"]} <= names
    assert set(mapping["sans"]) <= names
