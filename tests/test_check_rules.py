"""The rule corpus: each spec under tests/check_corpus/ triggers exactly the rule it is named after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pressgen.review.check import RULES, check_release
from pressgen.spec import load_release

CORPUS = Path(__file__).parent / "check_corpus"
SNIPPETS = sorted(p for p in CORPUS.glob("*.yaml") if not p.name.startswith("clean-"))


def findings_of(path: Path) -> list:
    return check_release(load_release(path))


@pytest.mark.parametrize("spec", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_triggers_exactly_its_rule(spec: Path) -> None:
    expected = spec.stem.split("--")[0]
    assert {f.rule for f in findings_of(spec)} == {expected}


@pytest.mark.parametrize("name", ["clean-ja.yaml", "clean-en.yaml"])
def test_clean_release_has_no_findings(name: str) -> None:
    assert findings_of(CORPUS / name) == []


def test_corpus_is_large_and_covers_every_family() -> None:
    assert len(SNIPPETS) >= 40
    covered = {p.stem.split("--")[0] for p in SNIPPETS}
    # review.* reports what issuers said on the approval pages, not what a spec says: tests/test_approval_link.py
    assert {rule_id.split(".")[0] for rule_id in covered} == {r.family for r in RULES.values()} - {"review"}


def test_finding_prints_as_path_line_col_severity_rule_message() -> None:
    from pressgen.review import Finding

    finding = Finding("releases/x.yaml", 8, 40, "error", "characters.paren-width", "half-width '('", "headline")
    assert str(finding) == "releases/x.yaml:8:40: error characters.paren-width: half-width '('"


def test_registry_gaps_a_quote_without_title_and_a_contact_without_email(project: Path) -> None:
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    text = org.read_text("utf-8")
    text = text.replace("    title: {ja: 代表取締役社長, en: President and CEO}\n", "").replace("    email: iPi.PR@shonan-ipark.com\n", "")
    org.write_text(text, "utf-8")
    spec = project / "releases" / "clean.yaml"
    shutil.copy(CORPUS / "clean-ja.yaml", spec)
    found = findings_of(spec)
    assert {f.rule for f in found} == {"structure.quote-title", "structure.contact-details"}
    assert {(f.path, f.field) for f in found} == {
        ("releases/clean.yaml", "quotes[0].speaker"),
        ("releases/orgs/ipark-institute.yaml", "contacts[0]"),
    }


def test_company_name_with_kabushiki_kaisha_on_the_wrong_side(project: Path) -> None:
    spec = project / "releases" / "swapped.yaml"
    spec.write_text(
        (CORPUS / "clean-ja.yaml").read_text("utf-8").replace("アイパークインスティテュート株式会社（本社", "株式会社アイパークインスティテュート（本社"),
        "utf-8",
    )
    assert "names.company-form" in {f.rule for f in findings_of(spec)}


def test_japanese_rules_do_not_run_on_english(project: Path) -> None:
    spec = project / "releases" / "en.yaml"
    spec.write_text((CORPUS / "clean-en.yaml").read_text("utf-8").replace("six months.", "six months, 見れる。"), "utf-8")
    assert {f.rule for f in findings_of(spec)} == set()


def test_traditional_chinese_release_keeps_its_own_conventions(project: Path) -> None:
    spec = project / "releases" / "zh.yaml"
    spec.write_text(
        "id: zh\nlanguage: zh-Hant\ndate: 2026-04-21\nissuers: [itri]\nheadline: 工研院與湘南 iPark 簽署合作備忘錄\n"
        "body: 工研院（ITRI）於4月1日簽署備忘錄。\nabout: [{org: itri, text: 工研院是台灣的研究機構。}]\n"
        "suppress: [{rule: structure.issuer-contact, field: 'issuers[0]', reason: Enquiries go to the partner.}]\n",
        "utf-8",
    )
    assert findings_of(spec) == []


def test_a_weekday_without_its_comma_is_a_warning_and_a_wrong_weekday_an_error(project: Path) -> None:
    spec = project / "releases" / "en.yaml"
    clean = (CORPUS / "clean-en.yaml").read_text("utf-8")
    spec.write_text(clean.replace("Tuesday, June 30, 2026", "Tuesday June 30, 2026"), "utf-8")
    assert [(f.rule, f.severity) for f in findings_of(spec)] == [("dates.weekday", "warning")]
    spec.write_text(clean.replace("Tuesday, June 30, 2026", "Monday, June 30, 2026"), "utf-8")
    assert [(f.rule, f.severity) for f in findings_of(spec)] == [("dates.weekday", "error")]
    # the project's severity for the rule decides for both
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("[tool.pressgen.check.severity]", '[tool.pressgen.check.severity]\n"dates.weekday" = "note"'), "utf-8")
    spec.write_text(clean.replace("Tuesday, June 30, 2026", "Tuesday June 30, 2026"), "utf-8")
    assert [(f.rule, f.severity) for f in findings_of(spec)] == [("dates.weekday", "note")]


def test_a_public_body_goes_by_its_common_name_and_a_company_does_not(project: Path) -> None:
    orgs = project / "releases" / "orgs"
    (orgs / "sagami-univ.yaml").write_text(
        "id: sagami-univ\nnames:\n  ja: {formal: 国立大学法人相模大学, short: 相模大学, abbreviation: 相模大学}\n"
        "contacts:\n  pr: {department: {ja: 広報室}, email: pr@sagami-univ.example}\n", "utf-8"
    )
    spec = project / "releases" / "univ.yaml"
    body = "相模大学は、臨海実験所を一般に公開します。当日は相模大学の研究者が案内します。"
    spec.write_text(
        f"id: univ\nlanguage: ja\ndate: 2026-05-12\nissuers: [sagami-univ]\nheadline: 臨海実験所を公開\nbody: {body}\n"
        "about: []\ncontacts: [sagami-univ/pr]\n", "utf-8"
    )
    assert "abbreviations.undefined" not in {f.rule for f in findings_of(spec)}
    (orgs / "sagami-univ.yaml").write_text((orgs / "sagami-univ.yaml").read_text("utf-8").replace("国立大学法人相模大学", "株式会社相模大学"), "utf-8")
    assert "abbreviations.undefined" in {f.rule for f in findings_of(spec)}


def test_a_new_users_releases_raise_only_real_findings(project: Path) -> None:
    """Issue 13's new-user report: a registry contact in nested units, a model number among figures, 公用文's noun
    申込み beside the verb, a media advisory's labels; each beside the real finding of its rule."""
    orgs = project / "releases" / "orgs"
    (orgs / "kita-sensor.yaml").write_text(
        "id: kita-sensor\nnames:\n  ja: {formal: 株式会社キタセンサー, abbreviation: キタセンサー}\n  en: {formal: Kita Sensor Inc.}\n"
        "contacts:\n  pr: {department: {ja: 経営企画部 広報グループ, en: Corporate Communications}, email: pr@kita.example}\n",
        "utf-8",
    )
    head = "id: {id}\nlanguage: {lang}\ndate: 2026-05-12\nissuers: [kita-sensor]\nheadline: {headline}\nabout: []\ncontacts: [kita-sensor/pr]\n"
    ja = project / "releases" / "ja.yaml"
    body = (
        "株式会社キタセンサー（以下「キタセンサー」）は、水位センサー（型番 AD-100）を発売します。幅120mm、高さ240mmで、920MHz帯の"
        "電波を使います。取材の申込みは、電話でお申し込みください。"
    )
    ja.write_text(head.format(id="ja", lang="ja", headline="水位センサーを発売") + f"body: {body}\n", "utf-8")
    assert [f.rule for f in findings_of(ja)] == []
    ja.write_text(ja.read_text("utf-8").replace("お申し込みください。", "お申し込みください。申し込みの際は、開発部 の担当者がお答えします。"), "utf-8")
    found = {f.rule: f.message for f in findings_of(ja)}
    assert found == {
        "characters.space-in-japanese": "space between '部' and 'の' in Japanese text",
        "orthography.inconsistent": "'申し込み' where this release first wrote '申込み' (1 to 1): both are standard, keep one",
    }

    en = project / "releases" / "en.yaml"
    advisory = "**WHAT:** A tour of the GMP line.\\n\\n**WHEN:** June 10, 2026, 2 p.m.\\n\\n**WHERE:** Kita Sensor, Sapporo."
    en.write_text(head.format(id="en", lang="en", headline="Kita Sensor opens its plant to the press") + "dateline: SAPPORO, Japan\n" + f'body: "MEDIA ADVISORY\\n\\n{advisory}"\n', "utf-8")
    assert [(f.rule, f.message) for f in findings_of(en)] == [
        ("abbreviations.undefined", "'GMP' is never spelled out: write the full term and (GMP) at its first use (AP)"),
    ]
