"""Rebuilding the newsroom: unchanged work is not redone, and a failed build leaves the last site as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import approve_as_issuers, run_pressgen
from test_site import EN, JA, copy_project

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with its newsroom built once."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    result = run_pressgen("site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, site included."""
    shutil.copytree(built, tmp_path / "project", symlinks=True)
    return tmp_path / "project"


def files(site: Path) -> dict[str, int]:
    """Each file of the site by inode: a file taken unchanged from the last build is a hard link to it."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def rebuild(project: Path, *args: str) -> tuple[str, list[str]]:
    """Build again; the output line and the files written anew."""
    site = project / "out" / "site"
    before = files(site)
    result = run_pressgen("site", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    after = files(site)
    return result.stdout.splitlines()[0], sorted(p for p, inode in after.items() if before.get(p) != inode and p != ".pressgen-site.json")


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text
    path.write_text(changed, "utf-8")


def test_an_unchanged_build_renders_and_writes_nothing(copy: Path) -> None:
    line, written = rebuild(copy)
    assert "2 releases (0 rendered, 2 unchanged), 14 pages (0 written, 14 unchanged)" in line
    assert written == []


def test_an_edited_release_rebuilds_only_itself_and_the_pages_that_list_it(copy: Path) -> None:
    edit(copy / "releases" / f"{EN}.yaml", r"^headline: ", "headline: Corrected — ")
    approve_as_issuers(copy / "releases" / f"{EN}.yaml")
    line, written = rebuild(copy)
    assert "(1 rendered, 1 unchanged)" in line
    assert written == [
        "feeds/en.atom",
        "index.html",
        "language/en/index.html",
        "organization/ipark-institute/releases/index.html",
        "organization/itri/releases/index.html",
        f"release/{EN}/{EN}.docx",
        f"release/{EN}/{EN}.html",
        f"release/{EN}/{EN}.pdf",
        f"release/{EN}/index.html",
    ]


def test_a_newsroom_template_edit_renders_no_release(copy: Path) -> None:
    stylesheet = copy / "templates" / "site" / "newsroom.css.j2"
    stylesheet.write_text(stylesheet.read_text("utf-8") + ".nr-main { outline: 0; }\n", "utf-8")
    line, written = rebuild(copy)
    assert "(0 rendered, 2 unchanged)" in line and "newsroom.css" in written
    assert not [p for p in written if p.endswith((".pdf", ".docx"))]


def test_a_registry_edit_renders_the_releases_again(copy: Path) -> None:
    edit(copy / "releases" / "orgs" / "itri.yaml", r"^    masthead: .*$", "    masthead: 工業技術研究院（台湾）")
    approve_as_issuers(copy / "releases" / f"{JA}.yaml", copy / "releases" / f"{EN}.yaml")  # they print the masthead
    line, written = rebuild(copy)
    assert "(2 rendered, 0 unchanged)" in line
    assert f"release/{JA}/{JA}.pdf" in written and f"release/{JA}/index.html" in written
    assert "organization/itri/index.html" not in written  # it does not show the masthead form of the name


def failed(project: Path, *args: str) -> str:
    """Run a build that must fail: exit 1, no traceback, the last site untouched, no temporary folder left."""
    site = project / "out" / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = run_pressgen("site", *args, cwd=project)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (project / "out").iterdir()) == ["site"]
    return result.stderr


def test_a_broken_spec_is_located_and_the_last_site_stays(copy: Path) -> None:
    edit(copy / "releases" / f"{JA}.yaml", r"^date: .*$", "date: 2026-02-30")
    assert f"releases/{JA}.yaml:5:7: date: '2026-02-30' is not a valid date" in failed(copy)


def test_a_history_event_naming_no_release_is_located(copy: Path) -> None:
    edit(copy / "releases" / "orgs" / "shonan-ipark.yaml", r'^    release: "2026-04-21-itri-mou"', '    release: "2026-04-21-itri-mu"')
    message = failed(copy)
    assert re.search(r"releases/orgs/shonan-ipark\.yaml:\d+:14: history\[0\]\.release: unknown release '2026-04-21-itri-mu'", message)


def test_a_newsroom_template_error_is_located(copy: Path) -> None:
    edit(copy / "templates" / "site" / "list.html.j2", r"^\{% for entry in entries %\}$", "{% for entry in entries %")
    assert re.search(r"templates/site/list\.html\.j2:\d+:1: template syntax: ", failed(copy))


def test_missing_or_broken_newsroom_labels_are_located(copy: Path) -> None:
    assert "templates/site/i18n/fr.yaml:1:1: no newsroom labels for 'fr'" in failed(copy, "--language", "fr")
    edit(copy / "templates" / "site" / "i18n" / "ja.yaml", r"^history: .*\n", "")
    assert "templates/site/i18n/ja.yaml:2:1: history: required field is missing" in failed(copy)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("releases/site", "would overwrite or sit among the project's releases or templates"),
        (".", "would overwrite or sit among the project's releases or templates"),
        ("notes.txt", "exists and is not a folder"),
        ("elsewhere", "is not empty and holds no .pressgen-site.json"),
    ],
)
def test_an_out_folder_that_is_not_a_newsroom_is_never_replaced(copy: Path, target: str, message: str) -> None:
    (copy / "notes.txt").write_text("keep me", "utf-8")
    (copy / "elsewhere").mkdir()
    (copy / "elsewhere" / "keep.txt").write_text("keep me", "utf-8")
    assert f"--out: {message}" in failed(copy, "--out", target)
    assert (copy / "notes.txt").read_text("utf-8") == "keep me"
    assert (copy / "elsewhere" / "keep.txt").read_text("utf-8") == "keep me"


def test_a_deleted_release_leaves_the_site_and_the_others_are_not_rendered_again(copy: Path) -> None:
    (copy / "releases" / f"{EN}.yaml").unlink()
    line, written = rebuild(copy)
    assert "1 release (0 rendered, 1 unchanged)" in line  # checked again, not rendered again
    site = copy / "out" / "site"
    assert not (site / "release" / EN).exists() and not (site / "feeds" / "en.atom").exists()
    assert EN not in (site / "index.html").read_text("utf-8")


def test_a_release_template_error_is_located(copy: Path) -> None:
    edit(copy / "templates" / "release.html.j2", r"^\{%- if highlights %\}$", "{%- if highlights %")
    assert re.search(r"templates/release\.html\.j2:\d+:1: template syntax: ", failed(copy))


def test_an_added_release_is_the_only_one_rendered(copy: Path) -> None:
    text = (copy / "releases" / f"{JA}.yaml").read_text("utf-8").replace(f"id: {JA}", "id: 2026-05-01-follow-up")
    (copy / "releases" / "2026-05-01-follow-up.yaml").write_text(text.replace("date: 2026-04-21", "date: 2026-05-01"), "utf-8")
    approve_as_issuers(copy / "releases" / "2026-05-01-follow-up.yaml")
    line, written = rebuild(copy)
    assert "3 releases (1 rendered, 2 unchanged)" in line
    assert "release/2026-05-01-follow-up/2026-05-01-follow-up.pdf" in written
    assert not [p for p in written if p.startswith(f"release/{JA}/") or p.startswith(f"release/{EN}/")]
