"""Contacts as releases print them: several, a person with title or group, phone alone, extension, fax, website,
and the officer in charge at the top of a municipal release."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import docx_paragraphs, html_blocks, pdf_text, run_cli, squash

CITY = """\
id: minato-city
names:
  ja: {formal: 湊市}
website: https://www.city.minato.example.jp/
contacts:
  kouhou:
    department: 総務部広報課
    title: 課長
    person: 浜田修
    phone: 0467-00-1234
    extension: "3071"
    fax: 0467-00-1299
  desk:
    department: 市民協働課
    phone: 0467-00-2000
    website: true
  volunteer:
    person: 堺大輔
    group: みなと海岸クラブ
    phone: 090-0000-0000
  center:
    department: 市民相談センター
    address: 〒251-0000 湊市本町1-1-1
    email: soudan@city.minato.example.jp
    phone: 0467-00-3000
    note: 受付時間：平日9時～17時
boilerplate:
  ja: {as_of: 2026-04, text: 湊市は、相模湾に面した人口約4万人の市です。}
"""
SPEC = """\
id: city-notice
language: ja
date: 2026-07-17
status: review
issuers: [minato-city]
masthead_contacts: [minato-city/kouhou]
headline: 海岸清掃ボランティアを募集します
body: |
  湊市は、7月26日に行う海岸清掃のボランティアを募集します。
contacts: [minato-city/desk, minato-city/volunteer]
"""


def _in_order_in_all_three(html: Path, pdf: Path, docx: Path, expected: list[str]) -> None:
    for text in (squash(" ".join(html_blocks(html))), squash(pdf_text(pdf)), squash(" ".join(docx_paragraphs(docx)))):
        position = 0
        for line in expected:
            found = text.find(line, position)
            assert found >= 0, f"not found in order: {line}"
            position = found + len(line)


@pytest.fixture
def city(project: Path) -> Path:
    (project / "releases" / "orgs" / "minato-city.yaml").write_text(CITY, "utf-8")
    spec = project / "releases" / "city-notice.yaml"
    spec.write_text(SPEC, "utf-8")
    return spec


def test_contacts_as_written_in_all_three_formats(city: Path, project: Path) -> None:
    from pressgen.build import build

    html, pdf, docx = build([city], out=project / "out")
    expected = [
        "湊市総務部広報課", "担当：課長浜田修", "TEL：0467-00-1234（内線3071）", "FAX：0467-00-1299",  # the officer, at the top
        "海岸清掃ボランティアを募集します",
        "湊市市民協働課", "TEL：0467-00-2000", "URL：https://www.city.minato.example.jp/",
        "湊市", "TEL：090-0000-0000", "担当：堺大輔（みなと海岸クラブ）",
    ]
    _in_order_in_all_three(html, pdf, docx, expected)
    page = html.read_text("utf-8")
    assert '<address class="pg-masthead-contact" data-field="masthead_contacts[0]">' in page
    assert '<a href="https://www.city.minato.example.jp/">' in page


def test_a_phone_alone_is_a_contact_and_none_at_all_is_not(city: Path, project: Path) -> None:
    code, out, _ = run_cli("check", str(city))
    assert "contact-details" not in out
    org = project / "releases" / "orgs" / "minato-city.yaml"
    org.write_text(CITY.replace("    phone: 0467-00-2000\n", ""), "utf-8")
    code, out, _ = run_cli("check", str(city))
    assert code == 1
    assert "releases/orgs/minato-city.yaml:14:5: error structure.contact-details: contact 'minato-city/desk' has neither an email nor a phone number" in out
    org.write_text(CITY.replace("    phone: 0467-00-2000\n", "    mobile: 090-0000-2000\n"), "utf-8")  # a mobile is a phone
    assert "contact-details" not in run_cli("check", str(city))[1]


def test_a_direct_line_and_a_mobile_follow_the_phone_in_all_three_formats(city: Path, project: Path) -> None:
    from pressgen.build import build

    (project / "releases" / "orgs" / "minato-city.yaml").write_text(CITY.replace(
        '    extension: "3071"\n', '    extension: "3071"\n    direct: 0467-00-1250\n    mobile: 090-0000-1234\n'), "utf-8")
    city.write_text(SPEC + "house_style: {contact_direct: '直通 {phone}'}\n", "utf-8")
    html, pdf, docx = build([city], out=project / "out")
    _in_order_in_all_three(html, pdf, docx, ["TEL：0467-00-1234（内線3071）", "直通0467-00-1250", "携帯：090-0000-1234", "FAX：0467-00-1299"])
    assert "<p>直通 0467-00-1250</p><p>携帯：090-0000-1234</p>" in html.read_text("utf-8").replace("\n", "")


def test_house_style_contact_labels(city: Path, project: Path) -> None:
    city.write_text(SPEC + "house_style: {contact_phone: '電話 {phone}', contact_extension: '(内線:{extension})', contacts_heading: 〔問合せ先〕}\n", "utf-8")
    from pressgen.build import build

    (html,) = build([city], ["html"], out=project / "out")
    blocks = html_blocks(html)
    assert "電話 0467-00-1234(内線:3071)" in blocks and "〔問合せ先〕" in blocks


def test_a_house_style_orders_the_lines_of_a_contact_in_all_three_formats(city: Path, project: Path) -> None:
    from pressgen.build import build

    city.write_text(SPEC + "house_style: {contact_order: [person, unit, website, phone, fax, email, address, note]}\n", "utf-8")
    html, pdf, docx = build([city], out=project / "out")
    expected = [
        "湊市総務部広報課", "担当：課長浜田修", "TEL：0467-00-1234（内線3071）",  # the officer at the top keeps the municipal order
        "湊市市民協働課", "URL：https://www.city.minato.example.jp/", "TEL：0467-00-2000",
        "担当：堺大輔（みなと海岸クラブ）", "湊市", "TEL：090-0000-0000",
    ]
    _in_order_in_all_three(html, pdf, docx, expected)


def test_contacts_of_several_kinds_are_printed_under_their_headings(city: Path, project: Path) -> None:
    from pressgen.build import build

    registry = project / "releases" / "orgs" / "minato-city.yaml"
    registry.write_text(CITY.replace("  desk:\n", "  desk:\n    heading: 市民の方からのお問い合わせ\n").replace(
        "  volunteer:\n", "  volunteer:\n    heading: {ja: 参加団体, en: Volunteers}\n"), "utf-8")
    html, pdf, docx = build([city], out=project / "out")
    _in_order_in_all_three(html, pdf, docx, ["市民の方からのお問い合わせ", "湊市市民協働課", "参加団体", "湊市", "TEL：090-0000-0000"])
    assert '<h3 class="pg-contact-heading">参加団体</h3>' in html.read_text("utf-8")
    # one kind listed: no heading
    city.write_text(SPEC.replace("contacts: [minato-city/desk, minato-city/volunteer]", "contacts: [minato-city/desk]"), "utf-8")
    (html,) = build([city], ["html"], out=project / "out")
    assert "市民の方からのお問い合わせ" not in html.read_text("utf-8")


def test_an_address_a_note_and_the_email_label_in_all_three_formats(city: Path, project: Path) -> None:
    from pressgen.build import build

    city.write_text(SPEC.replace("contacts: [minato-city/desk, minato-city/volunteer]", "contacts: [minato-city/center]")
                    + "house_style: {contact_email: 'E-mail：{email}'}\n", "utf-8")
    html, pdf, docx = build([city], out=project / "out")
    _in_order_in_all_three(html, pdf, docx, [
        "湊市市民相談センター", "〒251-0000湊市本町1-1-1", "E-mail：soudan@city.minato.example.jp", "TEL：0467-00-3000", "受付時間：平日9時～17時",
    ])
    assert '<p>E-mail：<a href="mailto:soudan@city.minato.example.jp">soudan@city.minato.example.jp</a></p>' in html.read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('extension: "3071"', "extension: 内線3071", "releases/orgs/minato-city.yaml:11:16: contacts.kouhou.extension: '内線3071' must be the digits of the extension alone"),
        ("phone: 0467-00-1234", "phone: 504-2023(内線:3071)", "contacts.kouhou.phone: '504-2023(内線:3071)' is not a phone number: digits, spaces, hyphens and parentheses (an extension goes in extension:)"),
        ("website: true", "website: false", "releases/orgs/minato-city.yaml:16:14: contacts.desk.website: must be true (the organization's website) or an http:// or https:// address"),
        ("website: true", "website: ftp://x.example", "contacts.desk.website: must be true"),
        ("    note: 受付時間：平日9時～17時\n", "    note: [受付時間]\n", "releases/orgs/minato-city.yaml:26:11: contacts.center.note: should be a valid dictionary or a valid string"),
        ("    address: 〒251-0000 湊市本町1-1-1\n", '    address: "〒251-0000\\n湊市本町1-1-1"\n', "releases/orgs/minato-city.yaml:23:14: contacts.center.address: '〒251-0000\n湊市本町1-1-1' must be a single line"),
        ("    phone: 0467-00-3000\n", "    phone: 0467-00-3000\n    direct: 直通\n", "contacts.center.direct: '直通' is not a phone number"),
        ("phone: 090-0000-0000", "mobile: 090-0000-0000 内線", "releases/orgs/minato-city.yaml:20:13: contacts.volunteer.mobile: '090-0000-0000 内線' is not a phone number"),
        ("  desk:\n", "  desk:\n    heading: [市民の方]\n", "releases/orgs/minato-city.yaml:14:14: contacts.desk.heading: should be a valid dictionary or a valid string"),
    ],
)
def test_bad_contact_fields_are_located(city: Path, project: Path, old: str, new: str, expected: str) -> None:
    (project / "releases" / "orgs" / "minato-city.yaml").write_text(CITY.replace(old, new), "utf-8")
    code, _, err = run_cli("validate", str(city))
    assert code == 1 and "Traceback" not in err
    assert expected in err, err


def test_an_unknown_masthead_contact_is_located(city: Path) -> None:
    city.write_text(SPEC.replace("masthead_contacts: [minato-city/kouhou]", "masthead_contacts: [minato-city/kohou]"), "utf-8")
    code, _, err = run_cli("validate", str(city))
    assert code == 1 and "releases/city-notice.yaml:6:21: masthead_contacts[0]: unknown contact of 'minato-city' 'kohou' (did you mean 'kouhou'?)" in err
