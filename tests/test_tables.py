"""GFM pipe tables in the body and in boilerplate: real tables in HTML, PDF and DOCX, with a header row,
alignment, and CJK text that wraps inside its cell."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from lxml import html as lxml_html

from conftest import (
    assert_pdf_shows_structure, build_in_copy, docx_structure, html_structure, pdf_words, write_release, visible,
)

LONG_CELL = (
    "湘南ヘルスイノベーションパーク（神奈川県藤沢市村岡東二丁目26番地の1）の本館1階ホールにて、"
    "会場での参加とオンライン配信の両方で開催します"
)
EVENT = f"""\
id: event-table
language: ja
date: 2026-05-11
status: approved
issuers: [ipark-institute]
headline: ライフサイエンス交流会「湘南アイパーク・ミートアップ」を開催
body: |
  アイパークインスティテュート株式会社は、交流会を開催します。

  | 項目 | 内容 | 定員 |
  |:--|:--|--:|
  | 日時 | 2026年6月10日（水）14:00～17:00 | |
  | 会場 | {LONG_CELL} | 120名 |
  | 参加費 | **無料**（事前登録制） | |
  | 受付 | 13:30から<br>本館1階 総合受付 | |
  | 価格 | 1台 98,000円（税別） | |
  | 開始 | 2026年11月2日 14時から | |

  お申し込みは6月3日までにお願いします。
about:
  - org: ipark-institute
    text: |
      | 会社概要 | |
      |---|---|
      | 社名 | アイパークインスティテュート株式会社 |
      | 設立 | 2023年4月 |
contacts: [ipark-institute/pr]
"""


@pytest.fixture(scope="module")
def event(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_in_copy(tmp_path_factory, EVENT, "event-table")


def test_the_html_has_real_tables_with_a_header_row_and_alignment(event: dict[str, Path]) -> None:
    tree = lxml_html.parse(str(event["html"])).getroot()
    body_table, about_table = tree.findall(".//table")
    assert [th.text_content() for th in body_table.findall("thead/tr/th")] == ["項目", "内容", "定員"]
    assert "right" in body_table.findall("tbody/tr")[1].findall("td")[2].get("style")
    assert about_table.getparent().get("data-field").startswith("about")


def test_the_docx_has_word_tables_in_the_reference_style(event: dict[str, Path]) -> None:
    document = docx.Document(str(event["docx"]))
    assert len(document.tables) == 2
    table = document.tables[0]
    assert table.style.name == "Release Table"
    assert [visible(c.text) for c in table.rows[0].cells] == ["項目", "内容", "定員"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
    assert visible(table.rows[2].cells[2].text) == "120名"
    assert table.rows[2].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert visible(table.rows[2].cells[1].text) == LONG_CELL
    assert any(r.bold and visible(r.text) == "無料" for r in table.rows[3].cells[1].paragraphs[0].runs)
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[1] > 2 * widths[0] and sum(widths) <= 9640  # the long column is wide, all within the text width
    assert [visible(c.text) for c in document.tables[1].rows[1].cells] == ["社名", "アイパークインスティテュート株式会社"]


def test_every_cell_in_order_in_all_three_formats(event: dict[str, Path]) -> None:
    structure = html_structure(event["html"])
    assert ("|", 1, "2026年6月10日（水）14:00～17:00") in structure
    assert docx_structure(event["docx"]) == structure
    assert_pdf_shows_structure(event["pdf"], structure)


def test_a_cell_that_starts_with_a_kept_group_keeps_the_spaces_after_it(event: dict[str, Path]) -> None:
    # a figure or date the page keeps on one line (a nobr group) may open a cell; the space after it is text
    cells = [row.findall("td")[1] for row in lxml_html.parse(str(event["html"])).getroot().findall(".//table")[0].findall("tbody/tr")[4:]]
    assert [" ".join(c.text_content().split()) for c in cells] == ["1台 98,000円（税別）", "2026年11月2日 14時から"]
    assert [c[0].get("class") for c in cells] == ["nobr", "nobr"]
    rows = docx.Document(str(event["docx"])).tables[0].rows[5:]
    assert [visible(row.cells[1].text) for row in rows] == ["1台 98,000円（税別）", "2026年11月2日 14時から"]


def test_cjk_text_wraps_inside_its_cell_in_the_pdf(event: dict[str, Path]) -> None:
    words = pdf_words(event["pdf"])
    starts = [x for w, x, _, _ in words if w.startswith("湘南ヘルス")]
    line_two = [x for w, x, _, _ in words if "会場での参加" in w or w.startswith("オンライン")]
    capacity = next(x for w, x, _, _ in words if w == "120名")
    assert starts and line_two
    assert all(abs(x - starts[0]) < 2 for x in line_two if x < capacity)  # the second line starts where the first did
    assert capacity > starts[0]


def test_a_br_in_a_cell_is_a_second_line_in_all_three_formats(event: dict[str, Path]) -> None:
    cell = lxml_html.parse(str(event["html"])).getroot().findall(".//table")[0].findall("tbody/tr")[3].findall("td")[1]
    assert [child.tag for child in cell] == ["br"] and cell.text_content().split() == ["13:30から", "本館1階", "総合受付"]
    paragraph = docx.Document(str(event["docx"])).tables[0].rows[4].cells[1].paragraphs[0]
    assert paragraph._p.findall(".//" + qn("w:br")) and visible(paragraph.text) == "13:30から\n本館1階 総合受付"
    words = pdf_words(event["pdf"])
    first, second = (next((x, y) for w, x, y, _ in words if w.startswith(start)) for start in ("13:30から", "本館1階"))
    assert abs(first[0] - second[0]) < 2 and second[1] > first[1]  # one under the other, in the cell


def test_the_plain_text_mail_shows_the_rows() -> None:
    from pressgen.distribution.plaintext import page_text

    page = "<article><table><thead><tr><th>項目</th><th>内容</th></tr></thead><tbody><tr><td>日時</td><td>6月10日</td></tr></tbody></table></article>"
    assert page_text(page, "・") == "項目 | 内容\n日時 | 6月10日\n"


def test_a_changed_cell_shows_as_a_changed_row_in_the_redline(project: Path) -> None:
    from pressgen.render import render_page
    from pressgen.review.redline import compare
    from pressgen.spec import load_release

    old = write_release(project, EVENT, "event-table")
    old_page = render_page(load_release(old))
    write_release(project, EVENT.replace("120名", "150名"), "event-table")
    changes = [c for c in compare(old_page, render_page(load_release(old))).changes if c.kind != "equal"]
    assert len(changes) == 1 and changes[0].kind == "changed"
    assert changes[0].new.text == f"会場 | {LONG_CELL} | 150名"
