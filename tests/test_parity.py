"""HTML, PDF and DOCX carry the same blocks, in the same order, with the same text."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import docx_paragraphs, docx_structure, html_blocks, html_structure, pdf_text, squash


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_docx_paragraphs_are_the_html_blocks(seed_build: dict[str, dict[str, Path]], lang: str) -> None:
    html = [squash(b) for b in html_blocks(seed_build[lang]["html"])]
    docx = [squash(p) for p in docx_paragraphs(seed_build[lang]["docx"]) if p.strip()]
    assert docx == html


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pdf_shows_the_html_blocks_in_order(seed_build: dict[str, dict[str, Path]], lang: str) -> None:
    # pdftotext drops the hyphen of a word broken at its hyphen (well-|established): compare without them.
    text = squash(pdf_text(seed_build[lang]["pdf"], "-x", "0", "-y", "62", "-W", "595", "-H", "723")).replace("-", "")
    position = 0
    for block in html_blocks(seed_build[lang]["html"]):
        found = text.find(squash(block).replace("-", ""), position)
        assert found >= 0, f"not found in order: {block}"
        position = found + len(squash(block).replace("-", ""))


def test_a_label_change_in_the_catalogue_shows_in_all_three_formats(project: Path) -> None:
    from pressgen.build import build

    catalogue = project / "templates" / "i18n" / "ja.yaml"
    catalogue.write_text(catalogue.read_text("utf-8").replace("本件に関するお問い合わせ先：", "報道窓口"), "utf-8")
    html, pdf, docx = build([project / "releases" / "2026-04-21-itri-mou.yaml"], out=project / "out")
    assert "報道窓口" in html.read_text("utf-8")
    assert "報道窓口" in pdf_text(pdf)
    assert "報道窓口" in docx_paragraphs(docx)
    assert "本件に関するお問い合わせ先" not in pdf_text(pdf) + "".join(docx_paragraphs(docx))


def test_a_section_moved_in_the_template_moves_in_all_three_formats(project: Path) -> None:
    """Contacts before the about sections: one edit of the template, three formats follow."""
    from pressgen.build import build

    template = project / "templates" / "release.html.j2"
    source = template.read_text("utf-8")
    start, end = source.index("{%- if contacts %}"), source.index("{%- if labels.end_mark %}")
    contacts = source[start:end]
    source = source[:start] + source[end:]
    about = source.index("{%- for about in abouts %}")
    template.write_text(source[:about] + contacts + source[about:], "utf-8")
    html, pdf, docx = build([project / "releases" / "2026-04-21-itri-mou.yaml"], out=project / "out")
    for text in (squash(" ".join(html_blocks(html))), squash(pdf_text(pdf)), squash(" ".join(docx_paragraphs(docx)))):
        assert text.index("本件に関するお問い合わせ先") < text.index("工業技術研究院（ITRI）について")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_docx_numbers_and_nests_as_the_html_does(seed_build: dict[str, dict[str, Path]], lang: str) -> None:
    assert docx_structure(seed_build[lang]["docx"]) == html_structure(seed_build[lang]["html"])
