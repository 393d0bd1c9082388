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
