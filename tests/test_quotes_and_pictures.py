"""Quotes and photos where they stand in the body; attribution before, after or inside the words; each
language's marks for quotes of several paragraphs; speakers outside the registry."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from conftest import (
    assert_pdf_shows_structure, build_formats, copy_project, docx_structure, html_structure, pdf_text, run_cli, squash,
    write_release, visible,
)

ENGLISH = """\
id: wire-quotes
language: en
date: 2026-05-12
status: approved
dateline: FUJISAWA, Japan
issuers: [ipark-institute, itri]
headline: iPark Institute and ITRI open a joint incubation program
body: |
  iPark Institute and ITRI today opened a joint incubation program for start-ups from Japan and Taiwan.

  {{ quotes[1] }}

  The program admits ten companies a year.

  {{ images[0] }}

  {{ quotes[2] }}

  Applications open on June 1.
quotes:
  - speaker: ipark-institute/fujimoto
    text: |
      The program gives start-ups a home on both sides.

      It is the second step of our partnership.
  - speaker: itri/chang
    attribution: after
    text: We are delighted to welcome the first companies.
  - speaker: {name: Hanako Sato, title: Minister of Health, organization: the Ministry of Health}
    attribution: inside
    text: |
      “This is good news for patients. Mr. Roe's team has shown the way.”
images:
  - src: campus.png
    alt: The Shonan iPark campus from the air
    caption: The Shonan iPark campus in Fujisawa
    credit: iPark Institute
about: [ipark-institute]
contacts: [ipark-institute/pr]
"""

JAPANESE = """\
id: ja-quotes
language: ja
date: 2026-05-12
status: approved
issuers: [ipark-institute]
headline: 新しい研究棟の運用開始について
body: |
  アイパークインスティテュート株式会社は本日、新しい研究棟の運用を開始しました。

  {{ quotes[0] }}

  研究棟には20の実験室があります。
quotes:
  - speaker: ipark-institute/fujimoto
    text: |
      「研究者が集う場所をつくりました。

      世界に開かれた拠点にしていきます。」
  - speaker: {name: 佐藤花子, title: 神奈川県知事}
    attribution: after
    text: 地域の産業にとって大きな一歩です。
about: [ipark-institute]
contacts: [ipark-institute/pr]
"""


def _picture(folder: Path) -> None:
    from PIL import Image

    Image.new("RGB", (320, 180), (40, 110, 140)).save(folder / "campus.png")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("quotes"))
    _picture(project / "releases")
    return {
        "en": build_formats(write_release(project, ENGLISH, "wire-quotes"), project / "out"),
        "ja": build_formats(write_release(project, JAPANESE, "ja-quotes"), project / "out"),
    }


def _paragraphs(path: Path) -> list[str]:
    return [visible(p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_english_attribution_before_after_and_inside(built: dict[str, dict[str, Path]]) -> None:
    paragraphs = _paragraphs(built["en"]["docx"])
    assert "“We are delighted to welcome the first companies,” said Pei-Zen Chang, President of ITRI." in paragraphs
    # the text carried its own marks: they are not doubled; the sentence after "Mr." is not the first one's end
    assert (
        "“This is good news for patients,” said Hanako Sato, Minister of Health of the Ministry of Health. "
        "“Mr. Roe's team has shown the way.”"
    ) in paragraphs
    lead_in = paragraphs.index("Toshio Fujimoto, President and CEO, iPark Institute, said:")
    # English: every paragraph of a quotation opens with “, only the last closes
    assert paragraphs[lead_in + 1 : lead_in + 3] == [
        "“The program gives start-ups a home on both sides.",
        "“It is the second step of our partnership.”",
    ]


def test_quotes_and_the_photo_stand_where_the_body_places_them(built: dict[str, dict[str, Path]]) -> None:
    paragraphs = _paragraphs(built["en"]["docx"])
    order = [
        "iPark Institute and ITRI today opened",
        "“We are delighted",
        "The program admits ten companies a year.",
        "The Shonan iPark campus in Fujisawa",
        "“This is good news",
        "Applications open on June 1.",
        "Toshio Fujimoto, President and CEO",  # not placed: after the body, as before
    ]
    at = [next(i for i, p in enumerate(paragraphs) if o in p) for o in order]
    assert at == sorted(at)
    document = docx.Document(str(built["en"]["docx"]))
    assert len(document.inline_shapes) == 1
    caption = next(p for p in document.paragraphs if p.text.startswith("The Shonan iPark campus"))
    assert caption.style.name == "Caption" and caption.text.endswith("(Photo: iPark Institute)")
    tree = lxml_html.parse(str(built["en"]["html"])).getroot()
    body = tree.find(".//section[@class='pg-body']")
    assert body.find(".//figure[@data-field='images[0]']/img") is not None
    assert [d.get("data-field") for d in body.iter("div", "figure")] == ["quotes[1]", "images[0]", "quotes[2]"]


def test_japanese_quotes_keep_one_pair_of_brackets(built: dict[str, dict[str, Path]]) -> None:
    paragraphs = _paragraphs(built["ja"]["docx"])
    lead_in = next(i for i, p in enumerate(paragraphs) if p.endswith("は次のようにコメントしています。"))
    assert paragraphs[lead_in + 1 : lead_in + 3] == ["「研究者が集う場所をつくりました。", "世界に開かれた拠点にしていきます。」"]
    assert paragraphs.index("研究棟には20の実験室があります。") > lead_in  # placed before the last paragraph
    assert "「地域の産業にとって大きな一歩です」と神奈川県知事の佐藤花子は述べています。" in paragraphs


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_three_formats_agree(built: dict[str, dict[str, Path]], lang: str) -> None:
    structure = html_structure(built[lang]["html"])
    assert docx_structure(built[lang]["docx"]) == structure
    assert_pdf_shows_structure(built[lang]["pdf"], structure)
    assert "Photo:iPark Institute".replace(" ", "") in squash(pdf_text(built["en"]["pdf"]))


def test_a_speaker_outside_the_registry_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path)
    monkeypatch.chdir(project)
    _picture(project / "releases")
    spec = write_release(project, ENGLISH, "wire-quotes")
    code, out, _ = run_cli("check", str(spec))
    notes = [line for line in out.splitlines() if "names.external-speaker" in line]
    assert len(notes) == 1 and " note " in notes[0]
    assert notes[0].startswith("releases/wire-quotes.yaml:29:")
    assert "'Hanako Sato, Minister of Health, the Ministry of Health' is not in the registry" in notes[0]


@pytest.mark.parametrize(
    ("body", "quotes", "message"),
    [
        ("Text.\n\n{{ quotes[3] }}\n", "", "body: quotes[3] does not exist: the release has quotes[0] to quotes[0]"),
        ("Text.\n\n{{ quotes[0] }}\n\n{{ quotes[0] }}\n", "", "body: quotes[0] is placed twice"),
        ("Text.\n\n{{ headline }}\n", "", "body: {{ headline }} places nothing: only {{ quotes[N] }} and {{ images[N] }} can stand in the body"),
        ("- item\n\n  {{ quotes[0] }}\n", "", "must stand on a line of its own between paragraphs, not inside a list"),
        ("Text.\n\n{{ images[0] }}\n", "", "body: images[0] does not exist: the release has no images"),
        ("Text.\n", "    said: said Pei-Zen Chang.\n", "quotes[0].said: said: names the speaker after the quotation; with attribution: before"),
        ("Text.\n", "    attribution: after\n    lead_in: Chang said.\n", "quotes[0].lead_in: lead_in: introduces a quote named before it"),
        ("Text.\n", "    attribution: around\n", "quotes[0].attribution: "),
    ],
)
def test_bad_placements_and_attributions_are_located(project: Path, body: str, quotes: str, message: str) -> None:
    spec = project / "releases" / "bad.yaml"
    indented = "".join("  " + line + "\n" for line in body.splitlines())
    spec.write_text(
        "id: bad\nlanguage: en\ndate: 2026-05-12\ndateline: TOKYO\nissuers: [itri]\nheadline: A test\n"
        f"body: |\n{indented}quotes:\n  - speaker: itri/chang\n    text: Words.\n{quotes}about: [itri]\n",
        "utf-8",
    )
    code, _, err = run_cli("validate", str(spec))
    assert code == 1 and message in err, err
    assert "releases/bad.yaml:" in err and "Traceback" not in err
