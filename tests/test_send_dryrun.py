"""Dry runs: one .eml per journalist, made of the release itself, in the journalist's language."""

from __future__ import annotations

import email
import re
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest
from test_send_support import pdf_once  # noqa: F401

from conftest import ROOT, html_blocks, pdf_text, run_cli, squash

SEED = "releases/2026-04-21-itri-mou.yaml"
SAMPLE = str(ROOT / "tests" / "media" / "sample.csv")

pytestmark = pytest.mark.usefixtures("pdf_once")


def dry_run(project: Path, *extra: str, media: str = SAMPLE, release: str = SEED) -> list[EmailMessage]:
    code, out, err = run_cli("send", release, "--list", media, "--dry-run", "--outbox", "outbox", *extra)
    assert code == 0, err
    return [read(path) for path in sorted((project / "outbox").glob("*.eml"))]


def read(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def test_dry_run_of_the_seed_writes_one_eml_per_recipient_with_the_release_and_its_pdf(project: Path, tmp_path: Path) -> None:
    messages = by_recipient(dry_run(project))
    assert sorted(messages) == sorted(
        ["yamada.taro@example.com", "sato.hanako@example.com", "suzuki@example.com", "emily.carter@example.com", "david.lin@example.com"]
    )
    yamada = messages["yamada.taro@example.com"]
    assert yamada["To"].addresses[0].display_name == "山田 太郎"
    assert yamada["Subject"].startswith("【プレスリリース】アイパークインスティテュート、台湾研究機関")
    assert yamada["Reply-To"].addresses[0].addr_spec == "iPi.PR@shonan-ipark.com"
    text = yamada.get_body(("plain",)).get_content()
    assert text.startswith("山田 太郎様\n")
    assert "同月21日調印式を行いました。" in text
    html = yamada.get_body(("html",)).get_content()
    assert '<article class="pg-release">' in html and "<p class=\"pg-mail-greeting\">山田 太郎様</p>" in html
    (pdf,) = [part for part in yamada.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == "2026-04-21-itri-mou.pdf"
    (tmp_path / "ja.pdf").write_bytes(pdf.get_content())
    assert "工業技術研究院" in squash(pdf_text(tmp_path / "ja.pdf"))
    emily = messages["emily.carter@example.com"]
    assert emily["Subject"] == "Press release: iPark Institute and Taiwan's ITRI sign MOU to deepen Japan–Taiwan collaboration in healthcare and drug discovery"
    assert emily.get_body(("plain",)).get_content().startswith("Dear Emily Carter,\n")
    assert [p.get_filename() for p in emily.iter_attachments()] == ["2026-04-21-itri-mou-en.pdf"]
    # No Traditional Chinese version exists: the original goes out.
    assert messages["david.lin@example.com"]["Content-Language"] == "ja"


def test_the_plain_text_has_every_block_of_the_html_in_order(project: Path) -> None:
    for message in dry_run(project):
        html = message.get_body(("html",)).get_content()
        page = project / "page.html"
        page.write_text(html, "utf-8")
        # The text shows each link's address after its words: <https://…>
        text = squash(re.sub(r"\s*<[^<>\s]+>", "", message.get_body(("plain",)).get_content()))
        position = 0
        for block in html_blocks(page):
            found = text.find(squash(block), position)
            assert found >= position, block
            position = found


def test_sender_name_and_japanese_subject_survive_a_round_trip(project: Path) -> None:
    yamada = by_recipient(dry_run(project))["yamada.taro@example.com"]
    headline = next(line for line in (project / SEED).read_text("utf-8").splitlines() if line.startswith("headline:"))[10:]
    assert yamada["Subject"] == f"【プレスリリース】{headline}"
    # The sender's name takes two encoded words. Python 3.11's structured-header parser keeps the space
    # between them (CPython gh-128110); RFC 2047 says to drop it, as decode_header does.
    raw = email.message_from_bytes((project / "outbox" / "0001-yamada.taro@example.com.eml").read_bytes())
    assert str(make_header(decode_header(raw["From"]))) == "アイパークインスティテュート株式会社 <iPi.PR@shonan-ipark.com>"


def test_non_ascii_names_and_an_idn_domain(project: Path) -> None:
    media = project / "names.csv"
    media.write_text(
        "name,outlet,email,language,tags\n"
        "Émilie Dubois,Le Monde Santé,emilie@例え.jp,en,\n"
        "長谷川 真理子,科学新報,hasegawa@example.com,ja,\n"
        '"Eve, <all@example.com>",,eve@example.com,ja,\n',
        "utf-8",
    )
    messages = by_recipient(dry_run(project, media=str(media)))
    emilie = messages["emilie@xn--r8jz45g.jp"]
    assert emilie["To"].addresses[0].display_name == "Émilie Dubois"
    assert b"emilie@xn--r8jz45g.jp" in sorted((project / "outbox").glob("*.eml"))[0].read_bytes()
    assert messages["hasegawa@example.com"]["To"].addresses[0].display_name == "長谷川 真理子"
    assert messages["hasegawa@example.com"].get_body(("plain",)).get_content().startswith("長谷川 真理子様\n")
    # A name that looks like addresses stays a quoted name: the message still has one recipient.
    assert [a.addr_spec for a in messages["eve@example.com"]["To"].addresses] == ["eve@example.com"]
    assert messages["eve@example.com"]["To"].addresses[0].display_name == "Eve, <all@example.com>"


def test_a_draft_is_previewed_with_a_marked_subject(project: Path) -> None:
    spec = project / SEED
    spec.write_text(spec.read_text("utf-8").replace("status: approved", "status: draft"), "utf-8")
    messages = by_recipient(dry_run(project))
    assert messages["yamada.taro@example.com"]["Subject"].startswith("【案】【プレスリリース】")
    assert messages["emily.carter@example.com"]["Subject"].startswith("Press release:")  # the English one is approved
    english = project / "releases" / "2026-04-21-itri-mou-en.yaml"
    english.write_text(english.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    assert by_recipient(dry_run(project))["emily.carter@example.com"]["Subject"].startswith("[DRAFT] Press release:")


def test_an_embargo_is_in_the_subject_and_the_body(project: Path) -> None:
    for name in ("2026-04-21-itri-mou.yaml", "2026-04-21-itri-mou-en.yaml"):
        spec = project / "releases" / name
        text = spec.read_text("utf-8").replace("status: approved\n", "status: approved\nembargo: {date: 2026-04-21, time: '10:00', timezone: Asia/Tokyo}\n")
        spec.write_text(text, "utf-8")
    messages = by_recipient(dry_run(project))
    yamada, emily = messages["yamada.taro@example.com"], messages["emily.carter@example.com"]
    assert yamada["Subject"].startswith("【プレスリリース】【解禁：2026年04月21日 10:00 日本標準時 (UTC+09:00)】アイパーク")
    assert "解禁日時：2026年04月21日 10:00 日本標準時 (UTC+09:00)" in yamada.get_body(("plain",)).get_content()
    assert emily["Subject"].startswith("Press release (EMBARGOED UNTIL April 21, 2026 10:00\u202fAM Japan Standard Time (UTC+09:00)): iPark")
    assert "EMBARGOED UNTIL April 21, 2026" in emily.get_body(("plain",)).get_content()


def test_message_ids_are_stable_per_content_and_recipient(project: Path) -> None:
    first = {a: m["Message-ID"].strip() for a, m in by_recipient(dry_run(project)).items()}
    assert len(set(first.values())) == len(first)
    assert all(re.fullmatch(r"<2026-04-21-itri-mou(-en)?\.[0-9a-f]{32}@shonan-ipark\.com>", mid) for mid in first.values())
    assert {a: m["Message-ID"].strip() for a, m in by_recipient(dry_run(project)).items()} == first
    spec = project / SEED
    spec.write_text(spec.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    assert {a: m["Message-ID"].strip() for a, m in by_recipient(dry_run(project)).items()} == first  # approval is not content
    spec.write_text(spec.read_text("utf-8").replace("覚書を締結\n", "覚書を締結しました\n", 1), "utf-8")
    changed = {a: m["Message-ID"].strip() for a, m in by_recipient(dry_run(project)).items()}
    assert changed["yamada.taro@example.com"] != first["yamada.taro@example.com"]
    assert changed["emily.carter@example.com"] == first["emily.carter@example.com"]


def test_no_pdf_leaves_only_the_text_and_html(project: Path) -> None:
    for message in dry_run(project, "--no-pdf"):
        assert message.get_content_type() == "multipart/alternative"
        assert list(message.iter_attachments()) == []


def test_tags_choose_the_journalists(project: Path) -> None:
    messages = by_recipient(dry_run(project, "--tag", "BIOTECH", "--tag", "startups"))
    assert sorted(messages) == ["david.lin@example.com", "emily.carter@example.com", "suzuki@example.com", "yamada.taro@example.com"]
    code, _, err = run_cli("send", SEED, "--list", SAMPLE, "--dry-run", "--tag", "sports")
    assert code == 1
    assert "sample.csv:1:1: no recipients with tag sports in this list" in err


def test_a_second_dry_run_replaces_the_outbox_whole(project: Path) -> None:
    media = project / "two.csv"
    media.write_text("name,outlet,email,language,tags\nA,,a@example.com,ja,\nB,,b@example.com,ja,\n", "utf-8")
    assert len(dry_run(project, media=str(media))) == 2
    media.write_text("name,outlet,email,language,tags\nB,,b@example.com,ja,\n", "utf-8")
    assert [m["To"].addresses[0].addr_spec for m in dry_run(project, media=str(media))] == ["b@example.com"]
    assert not [p for p in project.iterdir() if p.name.startswith(".outbox")]


def test_an_outbox_holding_other_files_is_refused(project: Path) -> None:
    (project / "outbox").mkdir()
    (project / "outbox" / "notes.txt").write_text("mine", "utf-8")
    code, _, err = run_cli("send", SEED, "--list", SAMPLE, "--dry-run", "--outbox", "outbox")
    assert code == 1
    assert "outbox:1:1: is not a folder of .eml files from an earlier dry run; choose a new or empty folder" in err
    assert [p.name for p in (project / "outbox").iterdir()] == ["notes.txt"]


def test_the_default_outbox_is_under_out(project: Path) -> None:
    code, out, err = run_cli("send", SEED, "--list", SAMPLE, "--dry-run")
    assert code == 0, err
    assert len(list((project / "out" / "2026-04-21-itri-mou" / "outbox").glob("*.eml"))) == 5
    assert "wrote 5 message(s)" in out


def test_each_language_version_is_rendered_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressgen.distribution import editions

    pages: list[str] = []
    render_page = editions.render_page
    monkeypatch.setattr(editions, "render_page", lambda loaded: pages.append(loaded.release.id) or render_page(loaded))
    media = project / "many.csv"
    media.write_text("name,outlet,email,language,tags\n" + "".join(f"R{n},,r{n}@example.com,{'ja' if n % 3 else 'en'},\n" for n in range(30)), "utf-8")
    assert len(dry_run(project, media=str(media))) == 30
    assert sorted(pages) == ["2026-04-21-itri-mou", "2026-04-21-itri-mou-en"]


def test_every_list_given_is_used_and_a_journalist_on_two_lists_gets_one_message(project: Path) -> None:
    (project / "more.csv").write_text(
        "name,outlet,email,language,tags\n"
        "高橋 一郎,経済新報,takahashi@example.com,ja,\n"
        "山田 太郎,,YAMADA.TARO@example.com,ja,\n",  # also on the first list, with less filled in
        "utf-8",
    )
    code, out, err = run_cli("send", SEED, "--list", SAMPLE, "--list", "more.csv", "--dry-run", "--outbox", "outbox")
    assert code == 0, err
    messages = by_recipient([read(path) for path in sorted((project / "outbox").glob("*.eml"))])
    assert sorted(messages) == sorted([
        "yamada.taro@example.com", "sato.hanako@example.com", "suzuki@example.com", "emily.carter@example.com",
        "david.lin@example.com", "takahashi@example.com",
    ])
    assert "more.csv:3:3: email: same address as row 2 of " in err and "merged, keeping row 2 of " in err
