"""House styles: labels, optional parts, dates and datelines set per project, per organization and per release."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel import Locale

from conftest import docx_paragraphs, html_blocks, pdf_text, run_cli, squash

EN = """\
id: style-en
language: en
date: 2026-11-03
status: review
dateline: {dateline}
issuers: [ipark-institute]
headline: iPark Institute opens its second start-up program
body: |
  iPark Institute today opened applications for its second start-up program.
contacts: [ipark-institute/pr]
"""
JA = """\
id: style-ja
language: ja
date: 2026-07-17
status: review
issuers: [ipark-institute]
headline: 第2期スタートアップ支援プログラムの募集を開始
body: |
  アイパークインスティテュート株式会社は、第2期スタートアップ支援プログラムの募集を開始しました。
contacts: [ipark-institute/pr]
"""


def write(project: Path, text: str, name: str = "style.yaml") -> Path:
    spec = project / "releases" / name
    spec.write_text(text, "utf-8")
    return spec


def page_blocks(spec: Path) -> list[str]:
    from pressgen.build import build

    (html,) = build([spec], ["html"], out=spec.parent.parent / "out")
    return html_blocks(html)


def add_settings(project: Path, toml: str) -> None:
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8") + "\n" + toml, "utf-8")


# ── dates ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("style", "calendar", "day", "expected"),
    [
        ("long", "gregorian", dt.date(2026, 4, 21), "2026年4月21日"),
        ("y年MM月dd日", "gregorian", dt.date(2026, 4, 1), "2026年04月01日"),
        ("M月d日(E)", "gregorian", dt.date(2024, 7, 19), "7月19日(金)"),
        ("Gy年(r年)M月d日", "japanese", dt.date(2024, 7, 19), "令和6年(2024年)7月19日"),
        ("long", "japanese", dt.date(2019, 5, 1), "令和元年5月1日"),
        ("long", "japanese", dt.date(2019, 4, 30), "平成31年4月30日"),
        ("Gy年M月d日(E)", "japanese", dt.date(1989, 1, 7), "昭和64年1月7日(土)"),
    ],
)
def test_japanese_date_styles(style: str, calendar: str, day: dt.date, expected: str) -> None:
    from pressgen.render.dates import format_day

    assert format_day(day, style, calendar, Locale.parse("ja_JP")) == expected


def test_ap_months_and_other_english_styles() -> None:
    from pressgen.render.dates import format_day

    en = Locale.parse("en_US")
    ap = [format_day(dt.date(2010, month, 1), "ap", "gregorian", en) for month in range(1, 13)]
    assert ap == [
        "Jan. 1, 2010", "Feb. 1, 2010", "March 1, 2010", "April 1, 2010", "May 1, 2010", "June 1, 2010",
        "July 1, 2010", "Aug. 1, 2010", "Sept. 1, 2010", "Oct. 1, 2010", "Nov. 1, 2010", "Dec. 1, 2010",
    ]
    assert format_day(dt.date(2010, 11, 1), "d MMMM y", "gregorian", Locale.parse("en_GB")) == "1 November 2010"
    assert format_day(dt.date(2010, 11, 1), "EEEE, MMMM d, y", "gregorian", en) == "Monday, November 1, 2010"
    assert format_day(dt.date(2024, 7, 19), "long", "roc", Locale.parse("zh_Hant_TW")) == "民國113年7月19日"


def test_an_organization_prints_dates_in_its_own_style_in_every_format(seed_build: dict[str, dict[str, Path]]) -> None:
    """The seed's first issuer pads its dates (house_style: ja: date_format: y年MM月dd日 in its registry file)."""
    paths = seed_build["ja"]
    assert "2026年04月21日" in html_blocks(paths["html"])
    assert "2026年04月21日" in pdf_text(paths["pdf"])
    assert "2026年04月21日" in docx_paragraphs(paths["docx"])


def test_the_project_style_sets_the_calendar_and_the_release_style_wins_over_it(project: Path) -> None:
    add_settings(project, '[tool.pressgen.house_style.ja]\ndate_format = "Gy年M月d日(E)"\ncalendar = "japanese"\n')
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    org.write_text(org.read_text("utf-8").replace("    date_format: y年MM月dd日\n", "").replace("    kind: Press Release", "    kind: お知らせ"), "utf-8")
    spec = write(project, JA)
    blocks = page_blocks(spec)
    assert "令和8年7月17日(金)" in blocks and "お知らせ" in blocks  # the project's date, the organization's label
    write(project, JA + "house_style: {date_format: r年M月d日, kind: ニュースリリース}\n")
    blocks = page_blocks(spec)
    assert "2026年7月17日" in blocks and "ニュースリリース" in blocks and "お知らせ" not in blocks


# ── labels and optional parts ────────────────────────────────────────────────


def test_labels_and_optional_parts_follow_the_house_style_in_all_three_formats(project: Path) -> None:
    from pressgen.build import build

    add_settings(project, '[tool.pressgen.house_style.en]\nkind = "News Release"\nrelease_line = false\nend_mark = false\n')
    spec = write(project, EN.format(dateline="FUJISAWA, Japan") + "kicker: Start-up support\n"
                 "house_style: {contacts_heading: For more information, contact_phone: 'Phone {phone}'}\n")
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    org.write_text(org.read_text("utf-8").replace("    email: iPi.PR@shonan-ipark.com\n", "    email: iPi.PR@shonan-ipark.com\n    phone: 0466-00-0000\n"), "utf-8")
    html, pdf, docx = build([spec], out=project / "out")
    for text in (squash(" ".join(html_blocks(html))), squash(pdf_text(pdf)), squash(" ".join(docx_paragraphs(docx)))):
        assert "NewsRelease" in text and "Start-upsupport" in text and "Formoreinformation" in text
        assert "Phone0466-00-0000" in text
        assert "FORIMMEDIATERELEASE" not in text and "###" not in text and "Mediacontact" not in text
        assert text.index("Start-upsupport") < text.index("iParkInstituteopensitssecond")  # the kicker tops the headline
    code, out, _ = run_cli("check", str(spec))
    assert "end-mark" not in out  # the house style has no end mark, said in so many words


def test_the_contacts_unit_line_follows_the_house_style_in_all_three_formats(project: Path) -> None:
    """担当課：… in place of the organization and department the catalogue prints."""
    from pressgen.build import build

    spec = write(project, JA + "house_style: {contact_unit: '担当課：{department}（{organization}）'}\n")
    html, pdf, docx = build([spec], out=project / "out")
    for text in (squash(" ".join(html_blocks(html))), squash(pdf_text(pdf)), squash(" ".join(docx_paragraphs(docx)))):
        assert "担当課：コミュニケーション（アイパークインスティテュート株式会社）" in text
    add_settings(project, '[tool.pressgen.house_style.ja]\ncontact_unit = "所属：{department}"\n')  # the project's, under the release's
    assert "担当課：コミュニケーション（" in squash(" ".join(page_blocks(spec)))
    assert "所属：コミュニケーション" in squash(" ".join(page_blocks(write(project, JA))))


def test_a_japanese_release_is_a_press_release_in_japanese_unless_a_house_style_says_otherwise(project: Path) -> None:
    """The catalogue's label is プレスリリース; the seed's lead organization prints "Press Release" by its own style."""
    blocks = page_blocks(write(project, JA.replace("issuers: [ipark-institute]", "issuers: [itri]").replace("contacts: [ipark-institute/pr]\n", "")))
    assert blocks[0] == "プレスリリース" and "Press Release" not in blocks
    assert page_blocks(write(project, JA))[0] == "Press Release"  # iPark Institute's house style


def test_a_release_without_salutation(project: Path) -> None:
    assert "報道関係者各位" in page_blocks(write(project, JA))
    blocks = page_blocks(write(project, JA + "salutation: false\n"))
    assert "報道関係者各位" not in blocks
    add_settings(project, '[tool.pressgen.house_style.ja]\nsalutation = "〈報道関係各位〉"\n')
    assert "〈報道関係各位〉" in page_blocks(write(project, JA))
    assert "報道関係各位" in page_blocks(write(project, JA + "salutation: 報道関係各位\n"))


# ── datelines ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("dateline", "style", "opening"),
    [
        ("FUJISAWA, Japan", "", "FUJISAWA, Japan, November 3, 2026 — iPark Institute today"),
        ("FUJISAWA, Japan", "house_style: {date_format: ap}\n", "FUJISAWA, Japan, Nov. 3, 2026 — iPark Institute today"),
        ("FUJISAWA, Japan", "house_style: {dateline: business-wire}\n", "FUJISAWA, Japan--(BUSINESS WIRE)--iPark Institute today"),
        ("FUJISAWA, Japan", "house_style: {dateline: pr-newswire, credit: PRNewswire-Asia}\n",
         "FUJISAWA, Japan, November 3, 2026 /PRNewswire-Asia/ -- iPark Institute today"),
        ("FUJISAWA, Japan", "house_style: {dateline: globe-newswire}\n", "FUJISAWA, Japan, November 3, 2026 (GLOBE NEWSWIRE) -- iPark Institute today"),
        ("FUJISAWA, Japan", "house_style: {dateline: '{city} ({credit}) —', credit: JCN}\n", "FUJISAWA, Japan (JCN) — iPark Institute today"),
        # Pasted from the wire service as it is: taken apart, never a second date.
        ("FUJISAWA, Japan--(BUSINESS WIRE)--", "", "FUJISAWA, Japan--(BUSINESS WIRE)--iPark Institute today"),
        ('"FUJISAWA, Japan, Nov. 3, 2026 /PRNewswire/ --"', "", "FUJISAWA, Japan, November 3, 2026 /PRNewswire/ -- iPark Institute today"),
        ('"FUJISAWA, Japan, November 3, 2026 (GLOBE NEWSWIRE) --"', "", "FUJISAWA, Japan, November 3, 2026 (GLOBE NEWSWIRE) -- iPark"),
        ('"FUJISAWA, Japan, November 3, 2026 —"', "", "FUJISAWA, Japan, November 3, 2026 — iPark Institute today"),
    ],
)
def test_dateline_forms_print_one_date(project: Path, dateline: str, style: str, opening: str) -> None:
    blocks = page_blocks(write(project, EN.format(dateline=dateline) + style))
    body = next(b for b in blocks if b.startswith("FUJISAWA"))
    assert body.startswith(opening)
    dates = sum(len(re.findall(p, " ".join(blocks))) for p in (r"November 3, 2026", r"Nov\. 3, 2026"))
    assert dates == 1
    if "BUSINESS WIRE" in opening:
        assert "November 3, 2026" in blocks  # a dateline without a date leaves the date to the masthead


def test_the_dateline_carries_a_machine_readable_date(project: Path) -> None:
    from pressgen.build import build

    (html,) = build([write(project, EN.format(dateline="FUJISAWA, Japan"))], ["html"], out=project / "out")
    assert '<span class="pg-dateline">FUJISAWA, Japan, <time datetime="2026-11-03">November 3, 2026</time> —</span> ' in html.read_text("utf-8")


def test_a_body_that_opens_with_its_own_dateline_is_flagged(project: Path) -> None:
    spec = write(project, EN.format(dateline="FUJISAWA, Japan").replace(
        "  iPark Institute today", "  FUJISAWA, Japan--(BUSINESS WIRE)--iPark Institute today"))
    code, out, _ = run_cli("check", str(spec))
    assert "warning structure.dateline: the body opens with its own dateline 'FUJISAWA, Japan'" in out


# ── bad input, located ───────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("house_style: {contact_phone: 'TEL {tel}'}\n", ":11:30: house_style.contact_phone: unknown field {tel} in 'TEL {tel}'; this label may use {phone}"),
        ("house_style: {contact_phone: TEL}\n", ":11:30: house_style.contact_phone: 'TEL' must contain {phone}"),
        ("house_style: {date_format: HH:mm}\n", ":11:28: house_style.date_format: 'HH' in 'HH:mm' is not a date field"),
        ("house_style: {date_format: 'EEEEEEE'}\n", "house_style.date_format: 'EEEEEEE' in 'EEEEEEE': the field E takes 1, 2, 3, 4, 5, 6 letters"),
        ("house_style: {calendar: hijri}\n", ":11:25: house_style.calendar: Input should be 'gregorian', 'japanese' or 'roc'"),
        ("house_style: {dateline: '{city} ({credit}) —'}\n", "house_style.credit: the dateline '{city} ({credit}) —' prints {credit}: give the wire service's mark here"),
        ("house_style: {kind: true}\n", ":11:21: house_style.kind: must be the text to print, or false to print none"),
        ("salutation: 3\n", ":11:13: salutation: must be the text to print, or false to print none"),
        ('kicker: "Start-up\\nsupport"\n', ":11:9: kicker: 'Start-up"),
        ("masthead_contacts: ipark-institute/pr\n", ":11:20: masthead_contacts: Input should be a valid list"),
        ("house_style: {salutation: 報道関係各位}\n", ":11:15: house_style.salutation: unknown field 'salutation'"),
        ("house_style: {contact_order: [person, unit, address, phone, email, website, note]}\n",
         ":11:30: house_style.contact_order: must name unit, person, address, email, phone, fax, website, note, each once, in the order to print them (fax missing)"),
        ("house_style: {contact_order: [person, unit, address, phone, fax, email, website, note, email]}\n",
         "house_style.contact_order: must name unit, person, address, email, phone, fax, website, note, each once, in the order to print them (email named twice)"),
        ("house_style: {contact_order: [name, unit, address, phone, fax, email, website, note]}\n",
         ":11:31: house_style.contact_order[0]: Input should be 'unit', 'person', 'address', 'email', 'phone', 'fax', 'website' or 'note'"),
        ("house_style: {contact_mobile: '携帯'}\n", ":11:31: house_style.contact_mobile: '携帯' must contain {phone}"),
        ("house_style: {contact_email: 'E-mail'}\n", ":11:30: house_style.contact_email: 'E-mail' must contain {email}"),
        ("house_style: {contact_unit: '{dept}'}\n",
         ":11:29: house_style.contact_unit: unknown field {dept} in '{dept}'; this label may use {organization}, {department}"),
        ("house_style: {contact_unit: '担当課'}\n", ":11:29: house_style.contact_unit: '担当課' must contain {department}"),
        ("house_style: {website_line: '公式HP'}\n", ":11:29: house_style.website_line: '公式HP' must contain {url}"),
    ],
)
def test_bad_style_fields_are_located(project: Path, extra: str, expected: str) -> None:
    spec = write(project, EN.format(dateline="FUJISAWA, Japan") + extra)
    code, _, err = run_cli("validate", str(spec))
    assert code == 1 and "Traceback" not in err
    assert any(expected in line and line.startswith("releases/style.yaml:") for line in err.splitlines()), err


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ('"FUJISAWA, Japan, November 2, 2026 /PRNewswire/ --"', ":5:29: dateline: the dateline says 2026-11-02 but the release's date: is 2026-11-03"),
        ('"FUJISAWA, Japan, Novembr 3, 2026 —"', ":5:29: dateline: 'Novembr' is not an English month"),
        ('"FUJISAWA, Japan, November 31, 2026 —"', "dateline: 'November 31, 2026' is not a date"),
        ('"FUJISAWA, Japan, November 3, 2026 [JCN] --"', ":5:46: dateline: '[JCN] --' after the date is not a dateline form"),
        ('"FUJISAWA, Japan —"', "dateline: this ends like a dateline but has no date"),
    ],
)
def test_a_pasted_dateline_that_does_not_fit_is_located(project: Path, dateline: str, expected: str) -> None:
    code, _, err = run_cli("validate", str(write(project, EN.format(dateline=dateline))))
    assert code == 1 and any(expected in line for line in err.splitlines()), err


def test_a_bad_project_style_is_located_in_pyproject(project: Path) -> None:
    add_settings(project, '[tool.pressgen.house_style.ja]\nkind = "お知らせ"\ncontact_fax = "FAX"\n')
    code, _, err = run_cli("validate", str(write(project, JA)))
    line = len((project / "pyproject.toml").read_text("utf-8").splitlines())
    assert code == 1 and f"pyproject.toml:{line}:15: tool.pressgen.house_style.ja.contact_fax: 'FAX' must contain {{fax}}" in err


def test_a_bad_organization_style_is_located_in_its_registry_file(project: Path) -> None:
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    org.write_text(org.read_text("utf-8").replace("date_format: y年MM月dd日", "date_format: y年MM月dd日\n    dateline: pr-newswire\n    credit: false"), "utf-8")
    code, _, err = run_cli("validate", str(write(project, JA)))
    assert code == 1 and "releases/orgs/ipark-institute.yaml:" in err and "house_style.ja.credit: the dateline 'pr-newswire' prints {credit}" in err


def test_a_date_before_the_first_era_is_located_at_the_calendar(project: Path) -> None:
    spec = write(project, JA.replace("date: 2026-07-17", "date: 1850-07-17") + "house_style: {calendar: japanese}\n")
    code, _, err = run_cli("build", str(spec), "--format", "html")
    assert code == 1 and "releases/style.yaml:10:25: house_style.calendar: 1850-07-17 is before the first era of the japanese calendar" in err


def test_an_unchanged_release_keeps_its_content_hash_when_the_format_grows(project: Path) -> None:
    """Fields left at their defaults are not hashed: new optional fields do not void existing approvals."""
    from pressgen.spec import content_hash, load_release

    spec = write(project, JA)
    before = content_hash(load_release(spec))
    write(project, JA + "masthead_contacts: []\nkicker: null\n")
    assert content_hash(load_release(spec)) == before
    write(project, JA + "kicker: 募集開始\n")
    assert content_hash(load_release(spec)) != before
    assert squash("募集開始") in squash(" ".join(page_blocks(spec)))
