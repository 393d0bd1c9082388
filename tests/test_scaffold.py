"""Starting a release and an organization: pressgen new for any registered organization, pressgen org new."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def test_org_new_writes_a_valid_registry_file_and_new_starts_a_release_with_it(project: Path) -> None:
    code, out, err = run_cli("org", "new", "minato-city", "--name", "湊市")
    assert code == 0, err
    org = project / "releases" / "orgs" / "minato-city.yaml"
    assert out.strip() == f"wrote {org}"
    assert "formal: 湊市" in org.read_text("utf-8")
    code, _, err = run_cli("new", "2026-07-01-beach", "--issuer", "minato-city")
    assert code == 0, err
    spec = project / "releases" / "2026-07-01-beach.yaml"
    assert run_cli("build", str(spec), "--format", "html")[0] == 0
    # Valid, and not finished: the checker points at every placeholder, in the spec and in the registry file.
    code, out, _ = run_cli("check", str(spec))
    assert code == 1
    placeholders = [line for line in out.splitlines() if "structure.placeholder" in line]
    assert [line.split(":")[0] for line in placeholders] == ["releases/2026-07-01-beach.yaml"] * 2 + ["releases/orgs/minato-city.yaml"]


def test_new_works_for_an_organization_without_boilerplate_in_the_language(project: Path) -> None:
    """ITRI has English boilerplate, the new organization none: its about section is a placeholder, not a refusal."""
    assert run_cli("org", "new", "kaigan-club", "--language", "en", "--name", "Kaigan Club")[0] == 0
    org = project / "releases" / "orgs" / "kaigan-club.yaml"
    org.write_text(org.read_text("utf-8").replace("boilerplate:\n  en:", "boilerplate:\n  ja:"), "utf-8")
    code, _, err = run_cli("new", "2026-07-01-joint", "--issuer", "itri", "--issuer", "kaigan-club", "--language", "en")
    assert code == 0, err
    text = (project / "releases" / "2026-07-01-joint.yaml").read_text("utf-8")
    assert "about:\n- itri\n- org: kaigan-club\n  text: The organization's boilerplate goes here.\n" in text
    code, out, _ = run_cli("check", str(project / "releases" / "2026-07-01-joint.yaml"))
    assert "about[1].text" not in out and "releases/2026-07-01-joint.yaml:" in out
    assert any("structure.placeholder: 'The organization's boilerplate goes here.'" in line for line in out.splitlines())
    # An English draft opens with a dateline to fill in, flagged like the rest; no "add a dateline" warning.
    assert "dateline: CITY, Country\n" in text
    assert any("structure.placeholder: 'CITY, Country' is still the placeholder: write the dateline's city here" in line for line in out.splitlines())
    assert "structure.dateline" not in out


def test_new_errors_point_at_files_that_exist(project: Path) -> None:
    code, _, err = run_cli("new", "2026-07-01-x", "--issuer", "itri", "--issuer", "iprk-institute", "--language", "en")
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("releases/orgs:1:1: --issuer: unknown organization 'iprk-institute'; did you mean 'ipark-institute'?")
    assert "pressgen org new iprk-institute" in first
    assert run_cli("org", "new", "kaigan-club", "--name", "海岸クラブ")[0] == 0  # a name in Japanese only
    code, _, err = run_cli("new", "2026-07-01-x", "--issuer", "kaigan-club", "--language", "en")
    assert code == 1 and err.startswith("releases/orgs/kaigan-club.yaml:3:1: names: 'kaigan-club' has no name in en")
    for line in err.splitlines()[:-1]:
        assert (project / line.split(":")[0]).exists(), line
    assert not list((project / "releases").glob("*2026-07-01-x*")) and not list((project / "releases").glob(".*"))


def test_org_new_refuses_a_bad_id_and_never_overwrites(project: Path) -> None:
    code, _, err = run_cli("org", "new", "Minato City")
    assert code == 1 and "releases/orgs:1:1: organization id: 'Minato City' must be lower-case letters, digits and hyphens" in err
    before = (project / "releases" / "orgs" / "itri.yaml").read_text("utf-8")
    code, _, err = run_cli("org", "new", "itri")
    assert code == 1 and "releases/orgs/itri.yaml:1:1: already exists; pressgen never overwrites it" in err
    assert (project / "releases" / "orgs" / "itri.yaml").read_text("utf-8") == before
