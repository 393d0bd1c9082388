"""`pressgen check` from the command line: formats, exit codes, --strict, suppression and bad settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_pressgen

CORPUS = ROOT / "tests" / "check_corpus"
CLEAN = "releases/clean-ja.yaml"
WARNS = "releases/mixed-style.yaml"  # warnings only
ERRS = "releases/misspelling.yaml"  # one error


@pytest.fixture
def specs(project: Path) -> Path:
    """The project copy with a clean spec, one with only a warning and one with an error."""
    shutil.copy(CORPUS / "clean-ja.yaml", project / CLEAN)
    shutil.copy(CORPUS / "japanese.mixed-style.yaml", project / WARNS)
    shutil.copy(CORPUS / "names.misspelling.yaml", project / ERRS)
    return project


def test_exit_codes(specs: Path) -> None:
    assert run_cli("check", CLEAN)[0] == 0
    assert run_cli("check", WARNS)[0] == 0
    assert run_cli("check", ERRS)[0] == 1
    assert run_cli("check", "--strict", CLEAN)[0] == 0
    assert run_cli("check", "--strict", WARNS)[0] == 1


def test_text_format_is_one_finding_a_line(specs: Path) -> None:
    _, out, err = run_cli("check", ERRS, WARNS)
    assert out.splitlines() == [
        f"{ERRS}:7:7: error names.misspelling: 'アイパークインスティチュート' is a misspelling: write 'アイパークインスティテュート'",
        f"{WARNS}:7:44: warning japanese.mixed-style: である sentence among です・ます ones (2 to 1)",
    ]
    assert err == "pressgen check: 1 error(s), 1 warning(s), 0 note(s) in 2 release(s)\n"


def test_json_format(specs: Path) -> None:
    _, out, _ = run_cli("check", "--format", "json", ERRS)
    assert json.loads(out) == [
        {
            "path": ERRS,
            "line": 7,
            "col": 7,
            "severity": "error",
            "rule": "names.misspelling",
            "message": "'アイパークインスティチュート' is a misspelling: write 'アイパークインスティテュート'",
            "field": "body",
        }
    ]
    assert run_cli("check", "--format", "json", CLEAN)[1].strip() == "[]"


def test_as_a_real_process(specs: Path) -> None:
    result = run_pressgen("check", "--strict", WARNS, cwd=specs)
    assert result.returncode == 1 and "japanese.mixed-style" in result.stdout and "Traceback" not in result.stderr


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_suppression_silences_one_rule_on_one_field(specs: Path) -> None:
    _append(specs / ERRS, "suppress:\n  - {rule: names.misspelling, field: body, reason: Quoting the old press kit.}\n")
    assert run_cli("check", "--strict", ERRS)[:2] == (0, "")


def test_suppression_of_another_field_does_not_silence(specs: Path) -> None:
    _append(specs / ERRS, "suppress:\n  - {rule: names.misspelling, field: headline, reason: Quoting the old press kit.}\n")
    code, out, _ = run_cli("check", ERRS)
    assert code == 1
    assert "error names.misspelling" in out
    assert f"{ERRS}:11:5: warning check.unused-suppression: silences nothing: no names.misspelling finding in headline" in out


def test_suppression_of_an_unknown_rule_is_a_located_error(specs: Path) -> None:
    _append(specs / CLEAN, "suppress:\n  - {rule: names.mispelling, field: body, reason: Typo.}\n")
    code, out, _ = run_cli("check", CLEAN)
    assert code == 1
    assert out.startswith(f"{CLEAN}:32:12: error check.unknown-rule: unknown rule 'names.mispelling' (did you mean 'names.misspelling'?)")


def test_suppression_of_a_registry_finding_by_the_field_that_prints_it(project: Path) -> None:
    seed = project / "releases" / "2026-04-21-itri-mou.yaml"
    _append(seed, "suppress:\n  - {rule: characters.latin-spacing, field: \"about[0]\", reason: ITRI's approved text.}\n")
    _, out, _ = run_cli("check", "releases/2026-04-21-itri-mou.yaml")
    assert "characters.latin-spacing" not in out and "check.unused-suppression" not in out


def _settings(project: Path, table: str) -> int:
    """Replace the check table (it comes last); return the line number of its first entry."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    kept = text[: text.index("[tool.pressgen.check]")]
    pyproject.write_text(kept + table, "utf-8")
    return kept.count("\n") + 2


def test_settings_disable_a_family_and_raise_a_severity(specs: Path) -> None:
    _settings(specs, '[tool.pressgen.check]\ndisable = ["names"]\n')
    assert run_cli("check", ERRS)[0] == 0
    _settings(specs, '[tool.pressgen.check]\nseverity = {"japanese.mixed-style" = "error"}\n')
    code, out, _ = run_cli("check", WARNS)
    assert code == 1 and "error japanese.mixed-style" in out


def test_settings_the_most_specific_selector_wins(specs: Path) -> None:
    _settings(specs, '[tool.pressgen.check]\ndisable = ["japanese"]\nenable = ["japanese.mixed-style"]\n')
    assert "japanese.mixed-style" in run_cli("check", WARNS)[1]


def test_settings_thresholds(specs: Path) -> None:
    _settings(specs, "[tool.pressgen.check]\nheadline-max-length = 20\n")
    assert "structure.headline-length" in run_cli("check", CLEAN)[1]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('disable = ["dates", "names.mispelling"]', "0:21: tool.pressgen.check.disable[1]: unknown rule 'names.mispelling' (did you mean 'names.misspelling'?)"),
        ('enable = [\n  "names",\n  "japanse",\n]', "2:3: tool.pressgen.check.enable[1]: unknown rule 'japanse' (did you mean 'japanese'?)"),
        ('severity = {"dates" = "fatal"}', "0:23: tool.pressgen.check.severity.dates: Input should be 'error', 'warning' or 'note'"),
        ('severity = {"dats" = "error"}', "0:13: tool.pressgen.check.severity.dats: unknown rule 'dats' (did you mean 'dates'?)"),
        ('sentence-max-length = "long"', "0:23: tool.pressgen.check.sentence-max-length: Input should be a valid integer"),
        ("sentence-max-lenght = 80", "0:1: tool.pressgen.check.sentence-max-lenght: unknown field 'sentence-max-lenght' (did you mean 'sentence-max-length'?)"),
        ('enable = ["dates"]\ndisable = ["dates"]', "1:12: tool.pressgen.check.disable[0]: 'dates' is both enabled and disabled"),
    ],
)
def test_bad_settings_are_located_and_exit_1(specs: Path, table: str, expected: str) -> None:
    first = _settings(specs, f"[tool.pressgen.check]\n{table}\n")
    result = run_pressgen("check", CLEAN, cwd=specs)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines_after, where = expected.split(":", 1)
    assert result.stderr.startswith(f"pyproject.toml:{first + int(lines_after)}:{where}"), result.stderr


def test_an_invalid_spec_is_reported_not_checked(specs: Path) -> None:
    (specs / "releases" / "broken.yaml").write_text("id: broken\nlanguage: ja\n", "utf-8")
    code, out, err = run_cli("check", "releases/broken.yaml")
    assert code == 1 and out == "" and "releases/broken.yaml:1:1" in err


def test_rules_are_listed(specs: Path) -> None:
    code, out, _ = run_cli("check", "--rules")
    assert code == 0
    assert any(line.startswith("names.misspelling ") and " error " in line for line in out.splitlines())
    assert len(out.splitlines()) >= 40


def test_suppression_of_a_registry_entry_the_release_does_not_print(project: Path) -> None:
    seed = project / "releases" / "2026-04-21-itri-mou-en.yaml"
    _append(seed, 'suppress:\n  - {rule: names.misspelling, field: "shonan-ipark:history[13]", reason: The park spells it so.}\n')
    _, out, _ = run_cli("check", "releases/2026-04-21-itri-mou-en.yaml")
    assert "names.misspelling" not in out and "check.unused-suppression" not in out


def test_no_release_given_is_a_located_error(project: Path) -> None:
    code, out, err = run_cli("check")
    assert (code, out) == (1, "") and err.startswith(".:1:1: no release given")


def test_explain_says_what_why_and_how_to_silence() -> None:
    code, out, _ = run_cli("check", "--explain", "dates.weekday")
    assert code == 0
    assert out.startswith("dates.weekday (error by default; ja, en)\n")
    assert "5月13日（水）～18日（月）" in out and "suppress:" in out and 'disable = ["dates.weekday"]' in out


def test_explain_knows_every_rule_and_refuses_an_unknown_one() -> None:
    from pressgen.review.check import RULES, load_rules
    from pressgen.review.check.explain import EXPLANATIONS

    load_rules()
    assert set(EXPLANATIONS) == set(RULES)
    code, _, err = run_cli("check", "--explain", "names.nearmiss")
    assert code == 2 and "did you mean 'names.near-miss'" in err
