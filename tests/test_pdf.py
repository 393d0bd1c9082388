"""The PDF: A4, tagged, embedded CJK subsets, metadata, page furniture, Japanese line breaking."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from conftest import SEED_JA, TEMPLATES, pdf_text, squash

NO_LINE_START = "、。，．・：；？！ー）」』】〕〉》”"


def _info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_qpdf_finds_no_structural_error(seed_build: dict[str, dict[str, Path]]) -> None:
    for lang in ("ja", "en"):
        result = subprocess.run(["qpdf", "--check", str(seed_build[lang]["pdf"])], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_a4_tagged_with_metadata(seed_build: dict[str, dict[str, Path]]) -> None:
    info = _info(seed_build["ja"]["pdf"])
    assert info["Page size"].startswith("595.276 x 841.89")
    assert info["Tagged"] == "yes"
    assert info["Title"].startswith("アイパークインスティテュート、台湾研究機関")
    assert info["Author"] == "アイパークインスティテュート株式会社, 工業技術研究院 (ITRI)"
    assert "Apr 21" in info["CreationDate"] and "2026" in info["CreationDate"]
    reader = pypdf.PdfReader(seed_build["ja"]["pdf"])
    assert reader.trailer["/Root"]["/Lang"] == "ja"
    assert pypdf.PdfReader(seed_build["en"]["pdf"]).trailer["/Root"]["/Lang"] == "en"


def test_fonts_are_embedded_noto_cjk_subsets(seed_build: dict[str, dict[str, Path]]) -> None:
    out = subprocess.run(["pdffonts", str(seed_build["ja"]["pdf"])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(re.match(r"[A-Z]{6}\+Noto-(Sans|Serif)-CJK-JP", row) for row in rows), out
    assert all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), out  # embedded, subset


def test_pdf_size_is_under_500_kb(seed_build: dict[str, dict[str, Path]]) -> None:
    assert seed_build["ja"]["pdf"].stat().st_size <= 500_000


def test_page_numbers_and_running_header(seed_build: dict[str, dict[str, Path]]) -> None:
    pages = pdf_text(seed_build["ja"]["pdf"]).split("\f")
    total = len([p for p in pages if p.strip()])
    assert total >= 2
    assert f"1/{total}" in squash(pages[0])
    assert f"2/{total}" in squash(pages[1])
    header_area = ("-f", "2", "-l", "2", "-x", "0", "-y", "0", "-W", "595", "-H", "62")
    header = squash(pdf_text(seed_build["ja"]["pdf"], *header_area))
    assert header == squash("2026年04月21日 アイパークインスティテュート株式会社 / 工業技術研究院 (ITRI)")
    # The header runs from page 2 on; page 1 has the masthead instead.
    page_one_top = pdf_text(seed_build["ja"]["pdf"], "-f", "1", "-l", "1", "-x", "0", "-y", "0", "-W", "595", "-H", "62")
    assert not page_one_top.strip()


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in pdf_text(path, "-x", "0", "-y", "62", "-W", "595", "-H", "723").splitlines() if line.strip()]


def test_no_line_starts_with_closing_punctuation(seed_build: dict[str, dict[str, Path]]) -> None:
    bad = [line for line in _lines(seed_build["ja"]["pdf"]) if line[0] in NO_LINE_START]
    assert not bad


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_text_extraction_reads_the_label_and_the_marks_whole(seed_build: dict[str, dict[str, Path]], lang: str) -> None:
    """The letter-spaced document label reads as its words (a gap of a tenth of an em is a space to poppler), and
    no closing mark stands alone on a line, in poppler and in MuPDF."""
    pdf = seed_build[lang]["pdf"]
    mupdf = subprocess.run(["mutool", "draw", "-F", "txt", "-o", "-", str(pdf)], capture_output=True, text=True, check=True).stdout
    for text in (pdf_text(pdf), mupdf):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert "Press Release" in lines[:3], lines[:3]
        assert [line for line in lines if re.fullmatch(r"[」』）〕】、。]+", line)] == []


@pytest.mark.parametrize("group", ["2019年7月", "2023年4月", "2018年4月", "約220社", "約3500人", "2026年4月現在", "1973年", "4月1日"])
def test_date_and_number_groups_stay_on_one_line(seed_build: dict[str, dict[str, Path]], group: str) -> None:
    lines = _lines(seed_build["ja"]["pdf"])
    assert any(group in line.replace(" ", "") for line in lines), group
    for first, second in zip(lines, lines[1:]):
        joined = first.replace(" ", "") + second.replace(" ", "")
        cut = len(first.replace(" ", ""))
        at = joined.find(group)
        assert not (0 <= at < cut < at + len(group)), f"{group} split between lines: {first!r} / {second!r}"


def test_headline_breaks_only_between_phrases(seed_build: dict[str, dict[str, Path]]) -> None:
    import budoux

    from pressgen.spec import load_release

    headline = load_release(SEED_JA).release.headline
    boundaries, at = set(), 0
    for phrase in budoux.load_default_japanese_parser().parse(headline):
        at += len(squash(phrase))
        boundaries.add(at)
    lines = _lines(seed_build["ja"]["pdf"])
    start = next(i for i, line in enumerate(lines) if line.startswith("アイパークインスティテュート、"))
    consumed = 0
    target = squash(headline)
    for line in lines[start:]:
        consumed += len(squash(line))
        if consumed >= len(target):
            break
        assert consumed in boundaries, f"headline broken inside a phrase after {target[:consumed]!r}"
    assert consumed == len(target)


def test_japanese_paragraphs_are_not_justified() -> None:
    css = (TEMPLATES / "release.css.j2").read_text("utf-8")
    assert "p, li { text-align: left;" in css
    assert "text-align: justify" not in css


def test_the_build_logs_no_weasyprint_warning(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pressgen.build import build

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build([project / "releases" / "2026-04-21-itri-mou.yaml"], formats=["pdf"], out=project / "out")
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_harfbuzz_subsetting_is_available() -> None:
    """Without libharfbuzz-subset0 WeasyPrint silently falls back to fontTools: 14 s instead of 1 s."""
    from pressgen.doctor import harfbuzz_subsetting

    assert harfbuzz_subsetting(), "install libharfbuzz-subset0 (pressgen doctor says so too)"
