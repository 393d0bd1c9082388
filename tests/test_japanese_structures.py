"""Japanese document structures: 記 … 以上, numbered sections, ⑴/(1) lists, ※ and 注 notes where the author
put them, ◆/■ rows and subheadings, alike in HTML, PDF and DOCX."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import html as lxml_html

from conftest import (
    assert_pdf_shows_structure, build_in_copy, copy_project, docx_structure, html_structure, pdf_words, run_cli, write_release,
    visible,
)
from pressgen.spec.markdown import dialect

INVITATION = """\
id: media-invitation
language: ja
date: 2026-05-12
status: approved
issuers: [ipark-institute]
headline: 「湘南アイパーク・ミートアップ」取材のご案内
body: |
  アイパークインスティテュート株式会社は、下記の通り交流会を開催いたします。

  ## 開催の背景

  交流会は今回で3回目となります。
  ※前回の参加者は約300名でした。

  記

  1　開催日時
  　　2026年6月10日（水）14:00～17:00
  2　会場
  　⑴ 湘南ヘルスイノベーションパーク本館1階ホール
  　⑵ オンライン配信
  3　内容
  　(1) 基調講演
  　(2) パネルディスカッション（注1）
  注1：登壇者は変更になる場合があります。

  以上

  ◆ 主催：アイパークインスティテュート株式会社
  ■ 取材のお申し込み：6月3日までにお願いします。
about: [ipark-institute]
contacts: [ipark-institute/pr]
"""


@pytest.fixture(scope="module")
def invitation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_in_copy(tmp_path_factory, INVITATION, "media-invitation")


def test_rows_keep_the_authors_marks_and_nest_as_official_documents_do(invitation: dict[str, Path]) -> None:
    structure = html_structure(invitation["html"])
    expected = [
        ("", 0, "1 開催日時 2026年6月10日（水）14:00～17:00"),
        ("", 0, "2 会場"),
        ("", 1, "⑴ 湘南ヘルスイノベーションパーク本館1階ホール"),
        ("", 1, "⑵ オンライン配信"),
        ("", 0, "3 内容"),
        ("", 1, "(1) 基調講演"),
        ("", 1, "(2) パネルディスカッション（注1）"),
        ("", 0, "注1： 登壇者は変更になる場合があります。"),
    ]
    start = structure.index(("", 0, "記"))
    assert structure[start + 1 : start + 1 + len(expected)] == expected
    assert structure[start + 1 + len(expected)] == ("", 0, "以上")
    # the note stays under the paragraph it belongs to, not joined to it and not moved
    note = structure.index(("", 0, "※ 前回の参加者は約300名でした。"))
    assert structure[note - 1] == ("", 0, "交流会は今回で3回目となります。")


def test_the_three_formats_agree(invitation: dict[str, Path]) -> None:
    structure = html_structure(invitation["html"])
    assert docx_structure(invitation["docx"]) == structure
    assert_pdf_shows_structure(invitation["pdf"], structure)


def test_word_hangs_the_marks_and_sets_ki_and_ijo(invitation: dict[str, Path]) -> None:
    paragraphs = {visible(p.text): p for p in docx.Document(str(invitation["docx"])).paragraphs}
    assert paragraphs["記"].style.name == "Notice Heading"
    assert paragraphs["記"].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs["以上"].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    section = paragraphs["1\t開催日時\n2026年6月10日（水）14:00～17:00"]
    nested = paragraphs["⑴\t湘南ヘルスイノベーションパーク本館1階ホール"]
    assert section.style.name == nested.style.name == "Marked Item"
    left, hanging = section.paragraph_format.left_indent, section.paragraph_format.first_line_indent
    assert hanging == -left  # the mark hangs, the text and its second line start at the same place
    assert nested.paragraph_format.left_indent > left
    assert paragraphs["開催の背景"].style.name == "Heading 2"


def test_the_pdf_sets_the_rows_where_the_author_did(invitation: dict[str, Path]) -> None:
    """記's numbered rows start at the text's left edge, like a paragraph; their further lines start after the
    mark, and the ⑴ rows under them start there too, as the author's full-width spaces put them (and as Word
    does): no list indent of the page's own on top."""
    words = pdf_words(invitation["pdf"])
    x = {w: left for w, left, _, _ in reversed(words)}  # the first place each word is found
    paragraph = next(left for w, left, _, _ in words if w.startswith("交流会は今回で"))
    assert abs(x["1"] - paragraph) < 1 and abs(x["2"] - paragraph) < 1
    text = x["開催日時"]
    assert abs(next(left for w, left, _, _ in words if w.startswith("2026年6月10日")) - text) < 1.5  # the further line
    assert abs(x["⑴"] - text) < 1.5 and abs(x["⑵"] - text) < 1.5  # the rows under it, mark where its text starts
    assert x["湘南ヘルスイノベーションパーク本館1階ホール"] > x["⑴"] + 5


def test_no_word_paragraph_ends_or_starts_with_a_space(invitation: dict[str, Path]) -> None:
    # a row whose sub-rows follow ("3　内容" then ⑴ …) ends where the HTML's line does, with no space left over
    texts = [visible(p.text) for p in docx.Document(str(invitation["docx"])).paragraphs]
    assert "3\t内容" in texts and "2\t会場" in texts
    assert [t for t in texts if t != t.strip(" ")] == []


def test_the_html_marks_hang_and_the_subheading_is_an_h2(invitation: dict[str, Path]) -> None:
    tree = lxml_html.parse(str(invitation["html"])).getroot()
    assert tree.find(".//section[@class='pg-body']/h2").text == "開催の背景"
    lists = tree.findall(".//section[@class='pg-body']//ol")
    assert all("pg-marked" in ol.get("class") for ol in lists)
    assert [s.text for s in lists[0].iter("span") if s.get("class") == "pg-marker"][:2] == ["1", "2"]


@pytest.mark.parametrize(
    ("source", "rows"),
    [
        ("◆日時：6月10日\n◆会場：本館", ["◆", "◆"]),
        ("① 第一\n② 第二", ["①", "②"]),
        ("ア　調査\nイ　分析", ["ア", "イ"]),
        ("（1）予算\n（2）人員", ["（1）", "（2）"]),
        ("※1 税込価格です。\n※2 送料は別です。", ["※1", "※2"]),
    ],
)
def test_each_family_of_marks_makes_rows(source: str, rows: list[str]) -> None:
    html = dialect().render(source)
    assert html.count("<li>") == len(rows) and 'class="pg-marked' in html


@pytest.mark.parametrize(
    "source",
    ["2026年に開始しました。", "3 社が参加します。", "注意事項があります。", "1. CommonMark list", "※"],
)
def test_ordinary_text_is_no_row(source: str) -> None:
    assert 'class="pg-marked' not in dialect().render(source)


def test_the_checker_reads_rows_without_complaint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path)
    monkeypatch.chdir(project)
    code, out, _ = run_cli("check", str(write_release(project, INVITATION, "media-invitation")))
    assert " error " not in out, out
