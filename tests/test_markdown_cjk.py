"""Markdown that works in Japanese: emphasis next to 。「」（） (the CJK-friendly amendment), no space where a
line breaks between CJK characters, and the * or _ that still prints as itself found by the checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import build_formats, write_release
from pressgen.spec.markdown import dialect, emphasis_marks, literal_marks


def html(text: str) -> str:
    return dialect().render(text).strip()


# Emphasis whose inner side is CJK punctuation and whose outer side is a letter: CommonMark leaves the
# asterisks, the amendment makes them strong (cases in the shapes of the amendment's own).
@pytest.mark.parametrize(
    ("source", "strong"),
    [
        ("締め切りは**6月30日です。**ご注意ください。", "6月30日です。"),
        ("新製品**「アイパーク」**を発売します。", "「アイパーク」"),
        ("価格は**（税込）**です。", "（税込）"),
        ("会場は**湘南アイパーク**です。", "湘南アイパーク"),
        ("正解は**①**です。", "①"),
        ("社名は**\"iPark\"**といいます。", '&quot;iPark&quot;'),
        ("詳しくは**[こちら](https://example.org)**をご覧ください。", '<a href="https://example.org">こちら</a>'),
        ("開催概要**：**以下の通り", "："),
        ("工研院**（ITRI）**と連携", "（ITRI）"),
        ("本日**「発表」**。", "「発表」"),
        ("簡体字**“重要”**文本", "“重要”"),
        ("__注意__：注意事項", "注意"),
    ],
)
def test_emphasis_next_to_cjk_punctuation_is_strong(source: str, strong: str) -> None:
    assert f"<strong>{strong}</strong>" in html(source)
    assert "**" not in html(source) and "__" not in html(source)


def test_plain_commonmark_fails_there_and_would_print_the_asterisks() -> None:
    assert "**" in MarkdownIt("commonmark").render("締め切りは**6月30日です。**ご注意ください。")


@pytest.mark.parametrize(
    "source",
    ["a**\"b\"**c", "snake_case_name", "2*3*4", "foo*bar*", "**foo bar **", "* not emphasis *", "_foo_bar_baz_"],
)
def test_latin_text_parses_as_commonmark_does(source: str) -> None:
    assert html(source) == MarkdownIt("commonmark").enable("table").render(source).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _*\"().,!?'-\n", max_size=24))
def test_without_cjk_characters_the_amendment_changes_nothing(source: str) -> None:
    assert dialect().render(source) == MarkdownIt("commonmark").enable("table").render(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("日本語の文章を\n途中で改行しました。", "<p>日本語の文章を途中で改行しました。</p>"),
        ("**強調**\n続き", "<p><strong>強調</strong>続き</p>"),
        ("「括弧」\n（丸括弧）", "<p>「括弧」（丸括弧）</p>"),
        ("日本語\nEnglish", "<p>日本語\nEnglish</p>"),
        ("English\nwords", "<p>English\nwords</p>"),
        ("한국어\n문장", "<p>한국어\n문장</p>"),
    ],
)
def test_a_soft_line_break_between_cjk_characters_is_no_space(source: str, expected: str) -> None:
    assert html(source) == expected


def test_literal_marks_are_found_at_their_offsets() -> None:
    source = "締め切りは**6月30日 **です。\\*は注記、snake_case"
    assert [source[i] for i in literal_marks(source)] == ["*", "*", "*", "*"]
    assert literal_marks("**強調**は太字。") == []
    table = "| a | b |\n|---|---|\n| 2*3 | x |"
    assert [table[i] for i in literal_marks(table)] == ["*"]


@pytest.mark.parametrize(
    ("source", "marks"),
    [
        ("カメラを使わず、**稼働記録だけ**で見守り", "****"),
        ("*Nature* に掲載", "**"),
        ("__注意__：記録は消去します", "____"),
        ("Kaname* robots", ""),  # no emphasis would take: a footnote mark
        ("2*3 and 4*5, snake_case", ""),  # between letters or digits: read as itself
        ("\\*x\\* and `a*b*`", ""),
    ],
)
def test_emphasis_in_a_plain_text_field_is_found(source: str, marks: str) -> None:
    assert "".join(source[i] for i in emphasis_marks(source)) == marks


PLAIN_EMPHASIS = """\
id: plain-emphasis
language: ja
date: 2026-05-11
issuers: [ipark-institute]
headline: 新サービス**「あおば」**を開始
highlights:
  - 計算式は2*3で求めます
body: |
  本文は**太字**にできます。
quotes:
  - speaker: ipark-institute/fujimoto
    text: 「*ぜひ*ご利用ください。」
about: [{org: ipark-institute, text: 湘南アイパークを運営しています。}]
contacts: [ipark-institute/pr]
"""


def test_the_checker_flags_emphasis_in_a_plain_text_field_where_it_prints(project: Path) -> None:
    from conftest import run_cli

    code, out, _ = run_cli("check", str(write_release(project, PLAIN_EMPHASIS, "plain-emphasis")))
    found = [line for line in out.splitlines() if "characters.stray-markup" in line]
    assert found == [
        "releases/plain-emphasis.yaml:5:16: warning characters.stray-markup: '**' prints as itself: headline is plain text, not Markdown; leave the marks out",
        "releases/plain-emphasis.yaml:5:23: warning characters.stray-markup: '**' prints as itself: headline is plain text, not Markdown; leave the marks out",
        "releases/plain-emphasis.yaml:12:12: warning characters.stray-markup: '*' prints as itself: quotes[0].text is plain text, not Markdown; leave the marks out",
        "releases/plain-emphasis.yaml:12:15: warning characters.stray-markup: '*' prints as itself: quotes[0].text is plain text, not Markdown; leave the marks out",
    ], out


SOFT_BREAKS = """\
id: soft-breaks
language: ja
date: 2026-05-11
issuers: [ipark-institute]
headline: 改行を含む本文のお知らせ
body: |
  本日、新しい研究棟の
  運用を開始しました。**「研究棟A」**は
  延床面積約1,200平方メートルです。
about: [{org: ipark-institute, text: 湘南アイパークを運営しています。}]
contacts: [ipark-institute/pr]
"""


def test_no_output_shows_a_space_where_the_source_line_broke(project: Path) -> None:
    import docx

    from conftest import pdf_text

    outputs = build_formats(write_release(project, SOFT_BREAKS), project / "out")
    sentence = "本日、新しい研究棟の運用を開始しました。「研究棟A」は延床面積約1,200平方メートルです。"
    paragraph = next(p for p in docx.Document(str(outputs["docx"])).paragraphs if p.text.startswith("本日"))
    assert paragraph.text == sentence
    assert any(r.bold and r.text == "「研究棟A」" for r in paragraph.runs)
    page = outputs["html"].read_text("utf-8")
    assert "の\n運用" not in page and "<strong>「研究棟A」</strong>" in page
    assert "運用を開始しました。「研究棟A」は" in pdf_text(outputs["pdf"]).replace("\n", "")
