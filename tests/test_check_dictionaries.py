"""Style dictionaries in the prh format: the project's and an organization's house style, the default dictionary, mistakes located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from pressgen.errors import PressgenError
from pressgen.review.check import check_release
from pressgen.review.check.dictionaries import DEFAULT, load_dictionary
from pressgen.spec import load_release

CLEAN = ROOT / "tests" / "check_corpus" / "clean-ja.yaml"


def _spec(project: Path, body: str) -> Path:
    text = CLEAN.read_text("utf-8")
    start = text.index("body: |")
    end = text.index("quotes:")
    path = project / "releases" / "styled.yaml"
    path.write_text(text[:start] + "body: |\n  " + body + "\n" + text[end:], "utf-8")
    return path


def _settings(project: Path, line: str) -> None:
    settings = project / "pyproject.toml"
    text = settings.read_text("utf-8").replace("[tool.pressgen.check]\n", "[tool.pressgen.check]\n" + line + "\n")
    settings.write_text(text, "utf-8")


def _found(path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in check_release(load_release(path)) if f.rule.startswith("orthography.")]


def test_the_default_dictionary_loads_and_its_specs_pass() -> None:
    rules = load_dictionary(DEFAULT)
    assert len(rules) > 40 and {"us-uk.yml"} <= {r.source.rsplit("/", 1)[-1] for r in rules}


def test_the_project_dictionary_is_house_style(project: Path) -> None:
    (project / "styles").mkdir()
    (project / "styles" / "house.yml").write_text(
        "version: 1\nrules:\n  - expected: スタートアップ\n    pattern: ベンチャー\n    prh: 当社はスタートアップと書く\n", "utf-8"
    )
    _settings(project, 'dictionaries = ["styles/house.yml"]')
    spec = _spec(project, "アイパークインスティテュート株式会社（以下「アイパークインスティテュート」）はベンチャーを支援します。")
    assert _found(spec) == [("orthography.house-style", "'ベンチャー': the house style (styles/house.yml) writes 'スタートアップ' (当社はスタートアップと書く)")]


def test_an_organization_dictionary_turns_a_default_rule_round(project: Path) -> None:
    org = project / "releases" / "orgs" / "ipark-institute.yaml"
    org.write_text(org.read_text("utf-8").replace("website:", "style: ipark-style.yml\nwebsite:", 1), "utf-8")
    (org.parent / "ipark-style.yml").write_text("version: 1\nrules:\n  - expected: 子供\n    pattern: 子ども\n", "utf-8")
    spec = _spec(project, "アイパークインスティテュート株式会社（以下「アイパークインスティテュート」）は子どもと子供と子供の教室を開きます。")
    assert _found(spec) == [("orthography.house-style", "'子ども': the house style (releases/orgs/ipark-style.yml) writes '子供'")]


def test_the_default_dictionary_can_be_turned_off(project: Path) -> None:
    _settings(project, "default-dictionary = false")
    spec = _spec(project, "アイパークインスティテュート株式会社（以下「アイパークインスティテュート」）は私たちと私達の施設を開きます。")
    assert _found(spec) == []


@pytest.mark.parametrize(
    ("dictionary", "message"),
    [
        ("version: 1\nrules:\n  - expected: いたし$1\n    pattern: /致し([まて])/\n    specs:\n      - {from: 致しました, to: 致しました}\n",
         "styles/bad.yml:6:9: rules[0].specs[0]: spec failed: '致しました' becomes 'いたしました', the spec expects '致しました'"),
        ("version: 1\nrules:\n  - expected: x\n    pattern: /([a-/\n", "styles/bad.yml:4:14: rules[0].pattern: not a regular expression"),
        ("version: 1\nrules:\n  - expected: x\n    patern: y\n", "styles/bad.yml:4:5: rules[0]"),
        ("version: 1\nimports: [missing.yml]\n", "styles/bad.yml:2:11: imports[0]: no dictionary at missing.yml"),
    ],
)
def test_a_dictionary_mistake_is_located(project: Path, dictionary: str, message: str) -> None:
    (project / "styles").mkdir()
    (project / "styles" / "bad.yml").write_text(dictionary, "utf-8")
    _settings(project, 'dictionaries = ["styles/bad.yml"]')
    shutil.copy(CLEAN, project / "releases" / "clean.yaml")
    code, _, err = run_cli("check", "releases/clean.yaml")
    assert code == 1 and message in err and "Traceback" not in err
    with pytest.raises(PressgenError):
        load_dictionary(project / "styles" / "bad.yml")
