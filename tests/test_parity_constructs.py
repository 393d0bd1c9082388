"""Every body construct keeps its numbering, nesting, markers and text in HTML, PDF and DOCX alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_pdf_shows_structure, build_in_copy, docx_structure, html_structure

LISTS = """\
id: lists
language: ja
date: 2026-05-11
status: approved
issuers: [ipark-institute]
headline: 番号付きの手順と入れ子の一覧を含むお知らせ
body: |
  手順は次の通りです。

  1. 申込書を提出します。

     提出先は総務課です。

  2. 審査を受けます。

     - 書類審査
     - 面接審査

  3. 結果が通知されます。

  所在地：神奈川県藤沢市村岡東二丁目26番地の1  
  電話：0466-00-0000
contacts: [ipark-institute/pr]
"""


@pytest.fixture(scope="module")
def lists_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_in_copy(tmp_path_factory, LISTS, "lists")


def test_a_numbered_list_whose_items_hold_paragraphs_keeps_its_numbers_in_word(lists_build: dict[str, Path]) -> None:
    html = html_structure(lists_build["html"])
    assert ("1.", 0, "申込書を提出します。") in html and ("+", 0, "提出先は総務課です。") in html
    assert ("◦", 1, "書類審査") in html and ("3.", 0, "結果が通知されます。") in html
    assert docx_structure(lists_build["docx"]) == html


def test_the_pdf_shows_the_same_markers_nesting_and_text(lists_build: dict[str, Path]) -> None:
    assert_pdf_shows_structure(lists_build["pdf"], html_structure(lists_build["html"]))


def test_a_hard_line_break_starts_the_next_word_line_without_a_space(lists_build: dict[str, Path]) -> None:
    import docx

    paragraph = next(p for p in docx.Document(str(lists_build["docx"])).paragraphs if p.text.startswith("所在地"))
    assert paragraph.text == "所在地：神奈川県藤沢市村岡東二丁目26番地の1\n電話：0466-00-0000"
