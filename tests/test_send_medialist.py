"""Media lists: CSV in UTF-8 (with or without BOM) or Shift_JIS, YAML; every bad row located; duplicates; suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from pressgen.distribution.medialist import load_media_list, load_suppression
from pressgen.errors import PressgenError

HEADING = "name,outlet,email,language,tags\n"
MEDIA = ROOT / "tests" / "media"


def problems(path: Path, encoding: str | None = None) -> list[str]:
    with pytest.raises(PressgenError) as caught:
        load_media_list(path, encoding)
    return [str(p) for p in caught.value.problems]


def test_the_sample_lists_agree(project: Path) -> None:
    csv_list = load_media_list(MEDIA / "sample.csv")
    yaml_list = load_media_list(MEDIA / "sample.yaml")
    as_tuples = lambda media: [(r.name, r.outlet, r.email, r.language, r.tags) for r in media.recipients]  # noqa: E731
    assert as_tuples(csv_list) == as_tuples(yaml_list)
    assert as_tuples(csv_list)[0] == ("山田 太郎", "日刊テック新聞", "yamada.taro@example.com", "ja", ("biotech", "health"))


def test_every_bad_row_is_reported_with_its_row_and_column(project: Path) -> None:
    media = project / "bad.csv"
    media.write_text(
        HEADING
        + "山田 太郎,日刊,not-an-address,ja,\n"
        + ",Outlet,ok@example.com,en,\n"
        + "Jean,Le Monde,jean@example.com,fr,\n"
        + "Good,Row,good@example.com,ja,\n"
        + "Two,Errors,two@@example.com,xx,\n",
        "utf-8",
    )
    assert problems(media) == [
        "bad.csv:2:3: email: 'not-an-address' is not an email address (name@domain)",
        "bad.csv:3:1: name: is empty; the greeting needs the journalist's name",
        "bad.csv:4:4: language: unknown language 'fr'; use one of ja, en, zh-Hant",
        "bad.csv:6:3: email: 'two@@example.com' has more than one '@'",
        "bad.csv:6:4: language: unknown language 'xx'; use one of ja, en, zh-Hant",
    ]


def test_the_cli_reports_the_list_problems_and_exits_1(project: Path) -> None:
    (project / "bad.csv").write_text(HEADING + "A,B,a@example,ja,\n", "utf-8")
    code, out, err = run_cli("send", "releases/2026-04-21-itri-mou.yaml", "--list", "bad.csv", "--dry-run")
    assert code == 1
    assert err.splitlines()[0] == "bad.csv:2:3: email: 'example' is not a valid domain name for email"
    assert "Traceback" not in err and not (project / "out").exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("Taro <taro@example.com>", "must be a bare address such as name@example.com"),
        ("taro＠example.jp", "contains full-width characters; write it as 'taro@example.jp'"),
        ("a@b.com;c@d.com", "must be a bare address"),
        ("tarō@example.jp", "the part before @ must be ASCII"),
        (".taro@example.jp", "'.taro' is not a valid mailbox name"),
        ("taro@exa_mple.jp", "'exa_mple.jp' is not a valid domain name"),
        ("taro@-example.jp", "'-example.jp' is not a valid domain name"),
    ],
)
def test_addresses_are_parsed_strictly(project: Path, address: str, message: str) -> None:
    media = project / "list.csv"
    media.write_text(HEADING + f'Taro,,"{address}",ja,\n', "utf-8")
    (problem,) = problems(media)
    assert problem.startswith("list.csv:2:3: email: ") and message in problem


def test_international_domains_are_encoded(project: Path) -> None:
    media = project / "list.csv"
    media.write_text(HEADING + "Taro,,taro@例え.JP,ja,\nHanako,,hanako@EXAMPLE.com,JA-jp,\n", "utf-8")
    recipients = load_media_list(media).recipients
    assert [(r.email, r.language) for r in recipients] == [("taro@xn--r8jz45g.jp", "ja"), ("hanako@example.com", "ja")]


def test_shift_jis_is_detected(project: Path) -> None:
    media = project / "sjis.csv"
    media.write_bytes("氏名,媒体,メールアドレス,言語,タグ\n髙橋 ①郎,読売テスト,takahashi@example.com,ja,医療\n".encode("cp932"))
    (recipient,) = load_media_list(media).recipients
    assert (recipient.name, recipient.outlet, recipient.tags) == ("髙橋 ①郎", "読売テスト", ("医療",))


def test_encoding_can_be_given(project: Path) -> None:
    media = project / "sjis.csv"
    media.write_bytes((HEADING + "高橋,,takahashi@example.com,ja,\n").encode("shift_jis"))
    assert load_media_list(media, "shift_jis").recipients[0].name == "高橋"
    assert problems(media, "utf-8") == ["sjis.csv:2:1: not valid utf-8"]
    code, _, err = run_cli("send", "releases/2026-04-21-itri-mou.yaml", "--list", "sjis.csv", "--dry-run", "--encoding", "nonsense")
    assert code == 2  # a usage error
    assert "Invalid value for '--encoding': unknown encoding 'nonsense'" in err


def test_undecodable_bytes_are_located(project: Path) -> None:
    media = project / "binary.csv"
    media.write_bytes(HEADING.encode() + b"Taro,\x81\x39,taro@example.com,ja,\n")
    assert problems(media) == ["binary.csv:2:6: not valid utf-8; neither UTF-8 nor Shift_JIS: give --encoding"]


def test_a_utf8_bom_is_not_part_of_the_first_heading(project: Path) -> None:
    media = project / "bom.csv"
    media.write_bytes(b"\xef\xbb\xbf" + (HEADING + "山田,,yamada@example.com,ja,\n").encode())
    assert load_media_list(media).recipients[0].name == "山田"


def test_duplicates_are_merged_keeping_the_richer_row(project: Path) -> None:
    media = project / "dups.csv"
    media.write_text(
        HEADING + "Taro,,Taro@Example.com,ja,\nHanako,,hanako@example.com,ja,\n山田 太郎,日刊,taro@example.COM,ja,biotech\n", "utf-8"
    )
    result = load_media_list(media)
    assert [(r.name, r.email) for r in result.recipients] == [("山田 太郎", "taro@example.com"), ("Hanako", "hanako@example.com")]
    assert [str(p) for p in result.merged] == [
        "dups.csv:4:3: email: same address as row 2 (ignoring case): merged, keeping row 4, which has more filled in"
    ]
    code, out, err = run_cli("send", "releases/2026-04-21-itri-mou.yaml", "--list", "dups.csv", "--dry-run", "--no-pdf")
    assert code == 0
    assert "dups.csv:4:3: email: same address as row 2" in err and "wrote 2 message(s)" in out


def test_missing_columns_and_stray_cells(project: Path) -> None:
    media = project / "cols.csv"
    media.write_text("name,e-mail address,language\nA,a@example.com,ja\n", "utf-8")
    assert problems(media) == [
        "cols.csv:1:1: email: missing column 'email' (the heading row has: name, e-mail address, language)",
        "cols.csv:1:1: outlet: missing column 'outlet' (the heading row has: name, e-mail address, language)",
        "cols.csv:1:1: tags: missing column 'tags' (the heading row has: name, e-mail address, language)",
    ]
    media.write_text(HEADING + "A,B,a@example.com,ja,,stray\n\nC,,c@example.com,ja,\n", "utf-8")
    assert problems(media) == ["cols.csv:2:6: row has 6 cells; the heading row has 5"]


def test_an_empty_file_is_refused(project: Path) -> None:
    media = project / "empty.csv"
    media.write_text("\n\n", "utf-8")
    assert problems(media) == ["empty.csv:1:1: no heading row; the columns are name, outlet, email, language, tags"]


def test_yaml_lists_are_checked_with_positions(project: Path) -> None:
    media = project / "list.yaml"
    media.write_text(
        "recipients:\n"
        "  - {name: A, email: a@example.com, language: ja}\n"
        "  - name: B\n"
        "    email: nope\n"
        "    language: en\n"
        "    outlet: [not, text]\n"
        "    phone: 123\n",
        "utf-8",
    )
    assert problems(media) == [
        "list.yaml:4:12: recipients[1].email: 'nope' is not an email address (name@domain)",
        "list.yaml:6:13: recipients[1].outlet: must be text",
        "list.yaml:7:5: recipients[1].phone: unknown field 'phone' (known: name, outlet, email, language, tags)",
    ]
    media.write_text("- {name: A, email: a@example.com, language: ja}\n", "utf-8")
    assert problems(media) == ["list.yaml:1:1: expected a mapping with one key, recipients: a list of journalists"]


def test_suppression_entries_are_checked(project: Path) -> None:
    suppression = project / "suppression.csv"
    suppression.write_text("email,reason\nGone@Example.com,bounced\nnot an address,typo\n", "utf-8")
    with pytest.raises(PressgenError) as caught:
        load_suppression(suppression, required=False)
    assert [str(p) for p in caught.value.problems] == [
        "suppression.csv:3:1: email: 'not an address' must be a bare address such as name@example.com (no name, brackets, spaces or lists)"
    ]
    suppression.write_text("email\nGone@Example.com\n", "utf-8")
    assert load_suppression(suppression, required=False) == frozenset({"gone@example.com"})
    assert load_suppression(project / "absent.csv", required=False) == frozenset()


def test_a_configured_suppression_list_must_exist(project: Path) -> None:
    from test_send_support import configure_send

    configure_send(project, suppression="lists/unsubscribed.csv")
    code, _, err = run_cli("send", "releases/2026-04-21-itri-mou.yaml", "--list", str(MEDIA / "sample.csv"), "--dry-run")
    assert code == 1
    assert "lists/unsubscribed.csv:1:1: cannot read: No such file or directory" in err


def test_suppression_is_honoured_in_a_dry_run_too(project: Path) -> None:
    (project / "suppression.csv").write_text("email\nEMILY.CARTER@example.com\n", "utf-8")
    code, out, err = run_cli("send", "releases/2026-04-21-itri-mou.yaml", "--list", str(MEDIA / "sample.csv"), "--dry-run", "--no-pdf", "--outbox", "o")
    assert code == 0, err
    assert "wrote 4 message(s) to o; 1 suppressed" in out
    assert not list((project / "o").glob("*emily*"))
