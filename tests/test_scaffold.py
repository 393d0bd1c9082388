"""Starting a release and an organization: pressgen new for any registered organization, pressgen org new."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_init_starts_a_project_that_builds_with_pressgens_own_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "Start a project" steps, in an empty folder: no templates/ to copy from anywhere."""
    from pressgen.spec import json_schema

    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("init", "aoba")
    assert code == 0, err
    root = tmp_path / "aoba"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "pyproject.toml", "releases", "releases/organization.schema.json", "releases/orgs", "releases/release.schema.json"]
    assert (root / "releases" / "release.schema.json").read_text("utf-8") == json_schema("release")
    assert (root / "releases" / "organization.schema.json").read_text("utf-8") == json_schema("organization")
    assert "[tool.pressgen]" in (root / "pyproject.toml").read_text("utf-8")
    assert out.splitlines()[0] == f"wrote {Path('aoba') / 'pyproject.toml'}"
    monkeypatch.chdir(root)
    assert run_cli("org", "new", "aoba-city", "--name", "青葉市")[0] == 0
    code, out, err = run_cli("new", "2099-01-01-forest", "--issuer", "aoba-city")
    assert code == 0, err
    spec = root / "releases" / "2099-01-01-forest.yaml"
    assert out.strip() == f"wrote {spec} (date: 2099-01-01, from the id)"
    assert "\ndate: '2099-01-01'\n" in spec.read_text("utf-8")
    code, _, err = run_cli("build", str(spec))
    assert code == 0, err
    assert sorted(p.name for p in (root / "out" / "2099-01-01-forest").iterdir()) == [
        "2099-01-01-forest.docx", "2099-01-01-forest.html", "2099-01-01-forest.pdf"]
    assert not (root / "templates").exists()


def test_new_says_which_date_it_wrote_when_the_id_has_none(project: Path) -> None:
    import datetime as dt

    code, out, err = run_cli("new", "forest-festival", "--issuer", "itri")
    assert code == 0, err
    assert out.strip().endswith(f"(date: {dt.date.today().isoformat()}, today)")
    code, out, _ = run_cli("new", "2026-02-30-not-a-day", "--issuer", "itri")  # no such day: today, and said so
    assert code == 0 and out.strip().endswith(", today)")


def test_init_is_safe_to_rerun_and_never_overwrites(tmp_path: Path) -> None:
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 0, err
    (tmp_path / "pyproject.toml").write_text("[tool.pressgen]\nout = \"build\"\n", "utf-8")
    (tmp_path / "releases" / "release.schema.json").write_text("{}", "utf-8")
    code, out, err = run_cli("init", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "pyproject.toml").read_text("utf-8") == "[tool.pressgen]\nout = \"build\"\n"
    assert (tmp_path / "releases" / "release.schema.json").read_text("utf-8") == "{}"
    assert f"kept {tmp_path / 'pyproject.toml'}" in out.splitlines()
    assert (f"kept {tmp_path / 'releases' / 'release.schema.json'} (not this pressgen's schema: "
            "pressgen schema > release.schema.json in releases/ updates it)") in out.splitlines()
    assert f"kept {tmp_path / 'releases' / 'organization.schema.json'}" in out.splitlines()
    (tmp_path / "a-file").write_text("x", "utf-8")
    code, _, err = run_cli("init", str(tmp_path / "a-file"))
    assert code == 1 and err.startswith(f"{tmp_path / 'a-file'}:1:1: DIR: exists and is not a folder")


def test_a_projects_own_templates_replace_pressgens_and_a_missing_one_says_where_and_what(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import TEMPLATES

    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "--templates")[0] == 0
    assert sorted(p.relative_to(tmp_path / "templates") for p in (tmp_path / "templates").rglob("*")) == sorted(
        p.relative_to(TEMPLATES) for p in TEMPLATES.rglob("*"))
    assert run_cli("org", "new", "aoba-city", "--name", "青葉市")[0] == 0
    assert run_cli("new", "2099-01-01-forest", "--issuer", "aoba-city")[0] == 0
    catalogue = tmp_path / "templates" / "i18n" / "ja.yaml"
    catalogue.write_text(catalogue.read_text("utf-8").replace("salutation: ", "salutation: 各位 OWN-TEMPLATES "), "utf-8")
    assert run_cli("build", "releases/2099-01-01-forest.yaml", "--format", "html")[0] == 0
    assert "OWN-TEMPLATES" in (tmp_path / "out" / "2099-01-01-forest" / "2099-01-01-forest.html").read_text("utf-8")
    catalogue.unlink()
    code, _, err = run_cli("build", "releases/2099-01-01-forest.yaml", "--format", "html")
    assert code == 1
    assert err.startswith("templates/i18n/ja.yaml:1:1: no such file: the project's own templates (templates/) replace pressgen's "
                          "as a whole, and they lack i18n/ja.yaml; `pressgen init --templates` adds pressgen's missing files")
    code, out, _ = run_cli("init", "--templates")  # puts back what is missing, keeps the rest
    assert code == 0 and f"wrote {Path('templates') / 'i18n' / 'ja.yaml'}" in out.splitlines()
    assert run_cli("build", "releases/2099-01-01-forest.yaml", "--format", "html")[0] == 0
    # a templates folder named in the settings must exist
    (tmp_path / "pyproject.toml").write_text('[tool.pressgen]\ntemplates = "house"\n', "utf-8")
    code, _, err = run_cli("build", "releases/2099-01-01-forest.yaml", "--format", "html")
    assert code == 1 and err.startswith("house:1:1: no templates folder here ([tool.pressgen] templates = 'house' in pyproject.toml)")


def test_the_repositorys_schemas_are_the_current_ones() -> None:
    """The JSON Schemas the seed's specs point at are what pressgen schema prints now (a new field is in them)."""
    from conftest import ROOT
    from pressgen.spec import json_schema

    assert (ROOT / "releases" / "release.schema.json").read_text("utf-8") == json_schema("release")
    assert (ROOT / "releases" / "organization.schema.json").read_text("utf-8") == json_schema("organization")
