"""The proof corpus: releases of every common shape, each reproduced sentence for sentence in HTML, PDF and DOCX,
with no check error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import (
    CORPUS, ROOT, PDF_BODY_AREA, assert_pdf_shows_structure, corpus_expected, corpus_sentences, corpus_specs, docx_paragraphs, docx_structure,
    docx_text, html_blocks, html_structure, page_text, pdf_text, squash,
)

SPECS = corpus_specs()
SHAPES = {
    "municipal announcement": "shiomi-beach-cleanup",
    "media invitation with 記": "kaname-invitation",
    "event with a 開催概要 table": "seiran-open-lab",
    "product launch with a spec table and a photo": "kaname-carrybot",
    "personnel change": "kaname-personnel",
    "earnings release with a summary and a two-paragraph quote": "kaname-q1-results",
    "wire-style English MOU": "northwind-kaname-mou",
    "embargoed release": "seiran-coral-study",
    "joint release of three organizations": "joint-beach-survey",
    "statement with a contact list": "umi-mirai-statement",
    "Traditional Chinese release": "hengguang-lens-plant",
    "English release with a Business Wire dateline": "northwind-trial",
    # Written from the README alone, as a new user would: a service launch and an English media advisory.
    "service launch with a price table, a logo and a customer's quote": "aoba-care-service",
    "English media advisory over GlobeNewswire with a schedule table and a photo": "harborline-eastbank",
}


def _in_order(sentences: list[str], text: str, normalize=squash) -> None:  # type: ignore[no-untyped-def]
    position, missing = 0, []
    for sentence in sentences:
        found = text.find(normalize(sentence), position)
        if found < 0:
            missing.append(sentence)
        else:
            position = found + len(normalize(sentence))
    assert not missing, "not found, or not in order:\n" + "\n".join(missing)


def test_the_corpus_has_every_shape_and_its_expected_texts() -> None:
    assert len(SPECS) >= 12
    for shape, name in SHAPES.items():
        assert [s for s in SPECS if s.stem.endswith(name)], f"no corpus release for the {shape}"
    for spec in SPECS:
        assert len(corpus_sentences(spec)) >= 8, spec.name
    assert (CORPUS / "pyproject.toml").is_file() and len(list((CORPUS / "releases" / "orgs").glob("*.yaml"))) >= 5


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_sentence_is_in_the_html_in_order(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    _in_order(corpus_sentences(spec), squash(page_text(corpus_build[spec.stem]["html"])))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_the_html_says_the_expected_text_and_nothing_more(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    """Nothing doubled, nothing left over: a label printed twice (〇〇についてについて) fails here."""
    assert squash(page_text(corpus_build[spec.stem]["html"])) == squash(corpus_expected(spec))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_sentence_is_in_the_pdf_in_order(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    # pdftotext drops the hyphen of a word broken at its hyphen (start-|ups): compare without hyphens. -raw reads
    # the text in the order the page draws it, as a reader copies it; the default mode takes a row with a wide
    # ideographic space (取締役　森下健吾) for two columns.
    def unhyphenated(text: str) -> str:
        return squash(text).replace("-", "")

    _in_order(corpus_sentences(spec), unhyphenated(pdf_text(corpus_build[spec.stem]["pdf"], "-raw", *PDF_BODY_AREA)), unhyphenated)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_sentence_is_in_the_docx_in_order(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    _in_order(corpus_sentences(spec), squash(docx_text(corpus_build[spec.stem]["docx"])))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_the_docx_has_the_blocks_of_the_html(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    paths = corpus_build[spec.stem]
    assert [squash(p) for p in docx_paragraphs(paths["docx"]) if p.strip()] == [squash(b) for b in html_blocks(paths["html"])]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_word_numbers_nests_and_marks_every_construct_as_the_html_does(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    paths = corpus_build[spec.stem]
    assert docx_structure(paths["docx"]) == html_structure(paths["html"])


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_the_pdf_shows_the_markers_nesting_and_table_rows_of_the_html(spec: Path, corpus_build: dict[str, dict[str, Path]]) -> None:
    paths = corpus_build[spec.stem]
    assert_pdf_shows_structure(paths["pdf"], html_structure(paths["html"]))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_check_reports_no_error(spec: Path) -> None:
    from pressgen.review import check_release
    from pressgen.spec import load_release

    errors = [str(f) for f in check_release(load_release(spec)) if f.severity == "error"]
    assert not errors, "\n".join(errors)


def test_the_nu_checker_finds_no_error_on_any_corpus_page(corpus_build: dict[str, dict[str, Path]]) -> None:
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pages = [str(paths["html"]) for paths in corpus_build.values()]
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", *pages], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
