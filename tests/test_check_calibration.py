"""False alarms seen on releases the proofreader was not tuned to, and misses beside them: each case as it was met."""

from __future__ import annotations

import json
from pathlib import Path

from pressgen.review.check import check_release
from pressgen.spec import load_release

ABOUT = {"ja": "湘南アイパークを運営しています。", "en": "iPark Institute Co., Ltd. runs Shonan iPark."}


def check(project: Path, language: str, body: str, **fields: object) -> list:
    """Findings for a one-issuer release with this body (and fields), written in the project copy."""
    spec: dict[str, object] = {
        "id": "calibration",
        "language": language,
        "date": "2026-05-12",
        "issuers": ["ipark-institute"],
        "headline": "共同研究プログラムの参加企業を募集" if language == "ja" else "iPark Institute opens a joint research program",
        "body": body,
        "about": [{"org": "ipark-institute", "text": ABOUT[language]}],
        "contacts": ["ipark-institute/pr"],
    }
    if language == "en":
        spec["dateline"] = "FUJISAWA, Japan"
    spec.update(fields)
    path = project / "releases" / "calibration.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    return check_release(load_release(path))


def rules(findings: list) -> set[str]:
    return {f.rule for f in findings}


def errors(findings: list) -> list:
    return [f for f in findings if f.severity == "error"]


def test_a_phone_only_contact_is_no_error(project: Path) -> None:
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    text = org.read_text("utf-8").replace("    email: iPi.PR@shonan-ipark.com\n", "    phone: +81 466 00 0000\n")
    org.write_text(text.replace("    person: {ja: 塚原, en: Tsukahara}\n", ""), "utf-8")
    assert errors(check(project, "ja", "新しい共同研究プログラムの参加企業を募集します。")) == []


def test_a_contact_that_cannot_be_reached_is_an_error(project: Path) -> None:
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    org.write_text(org.read_text("utf-8").replace("    email: iPi.PR@shonan-ipark.com\n", ""), "utf-8")
    found = errors(check(project, "ja", "新しい共同研究プログラムの参加企業を募集します。"))
    assert [f.rule for f in found] == ["structure.contact-details"]


def test_a_dateline_written_in_the_body_is_no_error(project: Path) -> None:
    body = "FUJISAWA, Japan, May 12, 2026 — iPark Institute Co., Ltd. (\"iPark Institute\") today opened a program."
    found = check(project, "en", body, dateline=None)
    assert errors(found) == []
    assert "structure.dateline" not in rules(found)


def test_a_release_without_about_sections_is_no_error(project: Path) -> None:
    found = check(project, "ja", "新しい共同研究プログラムの参加企業を募集します。", about=[])
    assert errors(found) == [] and "structure.issuer-about" not in rules(found)


def test_has_scheduled_is_a_plan_whatever_the_clause_between(project: Path) -> None:
    body = (
        'iPark Institute Co., Ltd. ("iPark Institute") has scheduled the signing ceremony, which was postponed in the '
        "spring, on Wednesday, October 27. It announced that it has scheduled a briefing on Thursday, October 28."
    )
    assert "dates.tense" not in rules(check(project, "en", body, date="2021-10-13"))


def test_a_space_between_a_title_and_a_name_outside_the_registry(project: Path) -> None:
    body = "式典には次期家元 池坊由紀が出席します。"
    assert "characters.space-in-japanese" not in rules(check(project, "ja", body))


def test_the_weekday_rule_reads_the_era_year(project: Path) -> None:
    found = check(project, "ja", "説明会は令和5年8月1日（木）に開催しました。", date="2023-08-10")
    assert [(f.rule, f.message) for f in found if f.rule == "dates.weekday"] == [
        ("dates.weekday", "'令和5年8月1日（木）': 2023-08-01 is a Tuesday (火)")
    ]


def test_de_wa_then_wa_is_no_doubled_particle(project: Path) -> None:
    body = "本件は容易ではありません。この技術は重要ではないと考える人は多いです。"
    assert "japanese.doubled-particle" not in rules(check(project, "ja", body))


def test_an_english_short_name_needs_no_hereinafter(project: Path) -> None:
    body = "iPark Institute today opened a joint research program for start-ups at Shonan iPark."
    assert errors(check(project, "en", body)) == []
