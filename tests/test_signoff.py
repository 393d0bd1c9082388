"""Sign-off by every issuer: pressgen approve records it; build --final refuses until the gate passes.

The approvals here are signed with test SSH keys that the registry lists: how a signature is checked,
and every forgery the gate refuses, are in test_approval_signature.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_APPROVERS, public_key, register_signing_key, relax_seed_check_errors, run_cli, ssh_key

SPEC = "releases/2026-04-21-itri-mou.yaml"
KEY = {org: str(ssh_key(person)) for org, person in SEED_APPROVERS.items()}


@pytest.fixture
def clean_project(keyed: Path) -> Path:
    return keyed


def _gate_errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if "check " not in line and not line.startswith("pressgen:")]


def test_final_build_names_every_missing_approver(project: Path) -> None:
    code, _, err = run_cli("build", "--final", SPEC, "--format", "html")
    assert code == 1
    assert f"{SPEC}:7:11: issuers[0]: アイパークインスティテュート株式会社 has not approved this release" in err
    assert f"{SPEC}:7:28: issuers[1]: 工業技術研究院 has not approved this release" in err
    assert f"pressgen approve request {SPEC} --org itri (by link)" in err
    assert not (project / "out").exists()


def test_approve_records_the_content_hash_and_keeps_the_spec_as_written(project: Path) -> None:
    from pressgen.spec import short_hash
    from pressgen.spec import load_release

    before = (project / SPEC).read_text("utf-8")
    code, out, err = run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-20")
    assert code == 0, err
    after = (project / SPEC).read_text("utf-8")
    version = short_hash(load_release(project / SPEC))
    assert after == before + f"approvals:\n  - {{org: itri, person: lu, date: '2026-04-20', content: {version}}}\n"
    assert f"itri approved version {version}" in out


def test_approve_refuses_a_person_of_another_organization(project: Path) -> None:
    before = (project / SPEC).read_text("utf-8")
    code, _, err = run_cli("approve", SPEC, "--by", "itri:fujimoto")
    assert code == 1
    assert "'fujimoto' is not a person of 'itri'" in err and "known: chang, lu" in err
    code, _, err = run_cli("approve", SPEC, "--by", "shonan-ipark:anyone")
    assert code == 1 and "'shonan-ipark' is not an issuer" in err
    assert (project / SPEC).read_text("utf-8") == before


def test_the_gate_opens_when_every_issuer_approved_this_content(clean_project: Path) -> None:
    assert run_cli("approve", SPEC, "--by", "itri:lu", "--key", KEY["itri"])[0] == 0
    code, _, err = run_cli("build", "--final", SPEC, "--format", "html")
    assert code == 1
    assert _gate_errors(err) == [f"{SPEC}:7:11: issuers[0]: アイパークインスティテュート株式会社 has not approved this release: "
                                 f"pressgen approve {SPEC} --by ipark-institute:PERSON (--key KEY to sign it), "
                                 f"or pressgen approve request {SPEC} --org ipark-institute (by link)"]
    run_cli("approve", SPEC, "--by", "ipark-institute:fujimoto", "--key", KEY["ipark-institute"])
    code, out, err = run_cli("build", "--final", SPEC, "--format", "html")
    assert code == 0, err


def test_an_edit_after_approval_names_who_must_approve_again(clean_project: Path) -> None:
    run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-20", "--key", KEY["itri"])
    run_cli("approve", SPEC, "--by", "ipark-institute:fujimoto", "--date", "2026-04-20", "--key", KEY["ipark-institute"])
    spec = clean_project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    code, _, err = run_cli("build", "--final", SPEC)
    assert code == 1
    errors = _gate_errors(err)
    assert len(errors) == 2
    assert all("approved version" in e and "must approve again" in e for e in errors)
    assert any("工業技術研究院 must approve again" in e for e in errors)
    assert any("アイパークインスティテュート株式会社 must approve again" in e for e in errors)


def test_an_unapproved_status_is_refused_even_with_approvals(clean_project: Path) -> None:
    run_cli("approve", SPEC, "--by", "itri:lu", "--key", KEY["itri"])
    run_cli("approve", SPEC, "--by", "ipark-institute:fujimoto", "--key", KEY["ipark-institute"])
    spec = clean_project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    code, _, err = run_cli("build", "--final", SPEC)
    assert code == 1
    assert f"{SPEC}:6:9: status: is 'review'; only an approved release goes out" in err


def test_check_errors_close_the_gate(project: Path) -> None:
    for org, person in SEED_APPROVERS.items():
        register_signing_key(project, org, person, public_key(person))
        run_cli("approve", SPEC, "--by", f"{org}:{person}", "--key", KEY[org])
    code, _, err = run_cli("build", "--final", SPEC)
    assert code == 1
    assert "check names.misspelling" in err  # the history spells アイパークインスティチュート
    assert "approv" not in err  # the approvals hold: only the check's errors stand in the way


def test_approve_keeps_indentation_line_endings_and_permissions(project: Path) -> None:
    import os

    spec = project / SPEC
    text = spec.read_text("utf-8").replace("\n  - スタートアップ", "\n  - スタートアップ")
    text = text.replace("highlights:\n  - ", "highlights:\n- ").replace("\n  - 基礎研究", "\n- 基礎研究")  # unindented lists
    spec.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    os.chmod(spec, 0o600)
    assert run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-20")[0] == 0
    after = spec.read_bytes().decode("utf-8")
    assert after.startswith(text.replace("\n", "\r\n"))
    assert after.endswith("approvals:\r\n- {org: itri, person: lu, date: '2026-04-20', content: " + after[-15:-3] + "}\r\n")
    assert run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-21")[0] == 0  # renewed, not added
    assert spec.read_bytes().decode("utf-8").count("org: itri") == 1
    assert os.stat(spec).st_mode & 0o777 == 0o600
