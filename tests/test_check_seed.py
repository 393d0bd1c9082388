"""`pressgen check` on the seed releases as transcribed: the real inconsistencies, each with its line and column."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_pressgen

SEED = "releases/2026-04-21-itri-mou.yaml"
SEED_EN = "releases/2026-04-21-itri-mou-en.yaml"
ITRI, IPARK, SHONAN = "releases/orgs/itri.yaml", "releases/orgs/ipark-institute.yaml", "releases/orgs/shonan-ipark.yaml"

# Within seed 002 (the release) and between it and seed 000 (the park's history, in the registry).
SEED_FINDINGS = {
    (SEED, 7, 28, "structure.issuer-contact"),  # only iPark Institute's contact is given; ITRI has none
    (SEED, 8, 40, "characters.paren-width"),  # 工業技術研究院(ITRI): half-width, where the body writes （ITRI）
    (SEED, 8, 48, "characters.space-in-japanese"),  # 」と ヘルスケア
    (SEED, 8, 76, "structure.headline-length"),  # 67 characters
    (SEED, 10, 63, "characters.traditional-form"),  # 国家生技研究園區: the history writes 園区
    (SEED, 15, 37, "orthography.inconsistent"),  # ベンチャー及びアカデミア, where the quotes and ITRI's about write および
    (SEED, 25, 7, "japanese.sentence-length"),  # Fujimoto's first sentence: 106 characters
    (SEED, 29, 7, "japanese.sentence-length"),  # Lu's first sentence: 101 characters
    (SEED, 30, 9, "structure.issuer-order"),  # ITRI's about section printed before the first issuer's
    (IPARK, 32, 89, "japanese.sentence-length"),  # 121 characters outside the parenthesis
    (IPARK, 32, 242, "characters.space-in-japanese"),  # 説明は こちら をご覧ください (spaces around the link)
    (IPARK, 32, 279, "characters.space-in-japanese"),
    (ITRI, 9, 23, "characters.paren-width"),  # the masthead 工業技術研究院 (ITRI)
    (ITRI, 38, 175, "characters.latin-spacing"),  # やTSMC, where the release writes 「 ITRI は」
    (SHONAN, 29, 205, "characters.digit-grouping"),  # 約3500人, where the history writes 約3,500名
    (SHONAN, 32, 32, "characters.space-in-japanese"),  # 団体は こちら
    (SHONAN, 105, 26, "names.misspelling"),  # the history's アイパークインスティチュート株式会社
    (SHONAN, 106, 27, "names.misspelling"),
}
SEED_EN_FINDINGS = {
    (SEED_EN, 9, 28, "structure.issuer-contact"),
    (SEED_EN, 26, 32, "orthography.title-case"),  # "Toshio Fujimoto, President and CEO of …": AP lowercases it
    (SHONAN, 105, 26, "names.misspelling"),
    (SHONAN, 106, 27, "names.misspelling"),
}


def _check(project: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run_pressgen("check", *args, "--format", "json", cwd=project)
    assert result.stderr.startswith("pressgen check:"), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_seed_findings(project: Path) -> None:
    code, findings = _check(project, SEED)
    assert {(f["path"], f["line"], f["col"], f["rule"]) for f in findings} == SEED_FINDINGS
    assert code == 1  # the misspellings of the history are errors


def test_seed_english_findings(project: Path) -> None:
    code, findings = _check(project, SEED_EN)
    assert {(f["path"], f["line"], f["col"], f["rule"]) for f in findings} == SEED_EN_FINDINGS
    assert code == 1


def test_seed_messages_name_the_fix(project: Path) -> None:
    result = run_pressgen("check", SEED, cwd=project)
    lines = result.stdout.splitlines()
    assert f"{SEED}:8:40: warning characters.paren-width: half-width parenthesis '(' where this release writes full-width (14 to 2)" in lines
    assert (
        f"{SHONAN}:105:26: error names.misspelling: 'アイパークインスティチュート株式会社' is a misspelling: "
        "write 'アイパークインスティテュート株式会社'"
    ) in lines
    assert any("'3500' has no thousands separator" in line for line in lines)
