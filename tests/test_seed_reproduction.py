"""Seed 002 is reproduced completely: every sentence stands in the HTML, the PDF and the DOCX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PDF_BODY_AREA, SEEDS, docx_paragraphs, html_blocks, pdf_text, squash

SEED = SEEDS / "002_645f2ab2b021eeac.txt"


def seed_sentences() -> list[str]:
    """The seed's sentences, as a reader would copy them (Markdown link syntax removed)."""
    text = SEED.read_text("utf-8")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [こちら](#) → こちら
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    sentences = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").strip()
        sentences += [s + ("。" if s != line.split("。")[-1] else "") for s in line.split("。") if s.strip()]
    return [squash(s) for s in sentences if squash(s)]


def test_the_seed_has_the_expected_number_of_sentences() -> None:
    assert len(seed_sentences()) >= 40


def _assert_all_in(sentences: list[str], text: str) -> None:
    missing = [s for s in sentences if s not in text]
    assert not missing, "missing from the output:\n" + "\n".join(missing)


def test_every_seed_sentence_is_in_the_html(seed_build: dict[str, dict[str, Path]]) -> None:
    _assert_all_in(seed_sentences(), squash("".join(html_blocks(seed_build["ja"]["html"]))))


def test_every_seed_sentence_is_in_the_pdf(seed_build: dict[str, dict[str, Path]]) -> None:
    _assert_all_in(seed_sentences(), squash(pdf_text(seed_build["ja"]["pdf"], *PDF_BODY_AREA)))


def test_every_seed_sentence_is_in_the_docx(seed_build: dict[str, dict[str, Path]]) -> None:
    _assert_all_in(seed_sentences(), squash("".join(docx_paragraphs(seed_build["ja"]["docx"]))))


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_english_version_builds_with_its_conventions(seed_build: dict[str, dict[str, Path]], fmt: str) -> None:
    path = seed_build["en"][fmt]
    text = {"html": lambda: " ".join(html_blocks(path)), "pdf": lambda: pdf_text(path), "docx": lambda: " ".join(docx_paragraphs(path))}[fmt]()
    flat = " ".join(text.split())
    for expected in (
        "FOR IMMEDIATE RELEASE",
        "FUJISAWA, Japan, April 21, 2026 — iPark Institute Co., Ltd.",
        "About iPark Institute Co., Ltd.",
        "About Industrial Technology Research Institute (ITRI)",
        "About Shonan Health Innovation Park (Shonan iPark)",
        "Media contact",
        "###",
        "“Taiwan's biotechnology industry",
    ):
        assert expected in flat, expected
    assert "報道関係者各位" not in flat
