"""Redlines between two drafts: an HTML page, a DOCX with real tracked changes, a terminal summary."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

JA = "releases/2026-04-21-itri-mou.yaml"
EN = "releases/2026-04-21-itri-mou-en.yaml"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _edit(project: Path, source: str, name: str, *replacements: tuple[str, str]) -> str:
    text = (project / source).read_text("utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    target = project / "drafts" / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, "utf-8")
    return str(target.relative_to(project))


@pytest.fixture
def japanese_drafts(project: Path) -> tuple[str, Path]:
    new = _edit(
        project, JA, "v2.yaml",
        ("同月21日調印式を行いました。", "同月21日に調印式を行いました。"),
        ("  - 展示会・イベント・企業間連携事業の共同実施\n", ""),
        ("  - 製品開発・製造（CDMO）領域での協業検討\n", "  - 製品開発・製造（CDMO）領域での協業検討\n  - 人材交流の促進\n"),
    )
    code, out, err = run_cli("diff", JA, new)
    assert code == 0, err
    return out, project / "out" / "2026-04-21-itri-mou"


def test_the_summary_names_the_changed_fields(japanese_drafts: tuple[str, Path]) -> None:
    out, _ = japanese_drafts
    assert "body: 1 changed, 1 inserted, 1 deleted" in out
    assert "headline" not in out and "about" not in out
    assert "1 field(s) changed" in out


def test_html_redline_marks_phrases_and_validates(japanese_drafts: tuple[str, Path]) -> None:
    _, folder = japanese_drafts
    page = folder / "2026-04-21-itri-mou.redline.html"
    html = page.read_text("utf-8")
    assert "同月21日<ins>に</ins>調印式" in html
    assert "<del>展示会・イベント・企業間連携事業の共同実施</del>" in html
    assert "<ins>人材交流の促進</ins>" in html
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", str(page)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_docx_redline_has_real_tracked_changes(japanese_drafts: tuple[str, Path]) -> None:
    _, folder = japanese_drafts
    xml = _document_xml(folder / "2026-04-21-itri-mou.redline.docx")
    inserted = re.findall(r"<w:ins [^>]*>.*?<w:t[^>]*>([^<]*)</w:t>.*?</w:ins>", xml)
    deleted = re.findall(r"<w:del [^>]*>.*?<w:delText[^>]*>([^<]*)</w:delText>.*?</w:del>", xml)
    assert "に" in inserted and "人材交流の促進" in inserted
    assert deleted == ["展示会・イベント・企業間連携事業の共同実施"]
    assert 'w:author="pressgen"' in xml and re.search(r'w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', xml)


def test_libreoffice_keeps_the_tracked_changes(japanese_drafts: tuple[str, Path], tmp_path: Path) -> None:
    _, folder = japanese_drafts
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path), str(folder / "2026-04-21-itri-mou.redline.docx")],
        capture_output=True, timeout=180, check=True,
    )
    with zipfile.ZipFile(tmp_path / "2026-04-21-itri-mou.redline.odt") as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert content.count("<text:changed-region") >= 3
    assert "<text:insertion>" in content and "<text:deletion>" in content
    assert "展示会・イベント・企業間連携事業の共同実施" in content


def test_english_redlines_whole_words(project: Path) -> None:
    new = _edit(project, EN, "v2.yaml", ("to strengthen collaboration between", "to deepen cooperation between"))
    code, out, err = run_cli("diff", EN, new)
    assert code == 0, err
    html = (project / "out" / "2026-04-21-itri-mou-en" / "2026-04-21-itri-mou-en.redline.html").read_text("utf-8")
    assert "<del>strengthen collaboration</del><ins>deepen cooperation</ins>" in html


def test_since_a_git_revision(project: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "."], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    spec = project / JA
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    code, out, err = run_cli("diff", JA, "--since", "HEAD")
    assert code == 0, err
    assert "body: 1 changed" in out
    html = (project / "out" / "2026-04-21-itri-mou" / "2026-04-21-itri-mou.redline.html").read_text("utf-8")
    assert "<ins>執り</ins>" in html


def test_an_unknown_revision_is_a_clear_error(project: Path) -> None:
    subprocess.run(["git", "init", "-q", "."], check=True)
    code, _, err = run_cli("diff", JA, "--since", "no-such-rev")
    assert code == 1
    assert "cannot read revision 'no-such-rev'" in err and "Traceback" not in err


def test_different_languages_are_refused(project: Path) -> None:
    code, _, err = run_cli("diff", JA, EN)
    assert code == 1
    assert "different languages (ja, en)" in err
    assert not (project / "out").exists()


def test_unrelated_releases_are_refused(project: Path) -> None:
    other = _edit(project, JA, "other.yaml", ("id: 2026-04-21-itri-mou", "id: 2026-05-01-other"))
    code, _, err = run_cli("diff", JA, other)
    assert code == 1
    assert "unrelated releases" in err


def test_usage_needs_two_specs_or_since(project: Path) -> None:
    assert run_cli("diff", JA)[0] == 2
    code, _, err = run_cli("diff", JA, "--since", "")  # found by fuzzing: an empty revision was a TypeError
    assert code == 2 and "--since: give a git revision" in err


def test_a_revision_is_never_taken_for_a_git_option(project: Path) -> None:
    subprocess.run(["git", "init", "-q", "."], check=True)
    victim = project / "victim.txt"
    victim.write_text("keep me", "utf-8")
    code, _, err = run_cli("diff", JA, f"--since=--output={victim}")
    assert code == 1 and "cannot read revision" in err
    assert victim.read_text("utf-8") == "keep me"


def test_reordered_sections_keep_the_redline_valid(project: Path) -> None:
    new = _edit(project, JA, "v2.yaml", ("about: [itri, ipark-institute, shonan-ipark]", "about: [ipark-institute, itri, shonan-ipark]"))
    code, _, err = run_cli("diff", JA, new)
    assert code == 0, err
    page = project / "out" / "2026-04-21-itri-mou" / "2026-04-21-itri-mou.redline.html"
    html = page.read_text("utf-8")
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", str(page)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
