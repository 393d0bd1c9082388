"""Draft and review releases carry a mark in every format; every output carries its version stamp."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import docx_paragraphs, html_blocks, pdf_text, squash

SPEC = "releases/2026-04-21-itri-mou.yaml"
SPEC_EN = "releases/2026-04-21-itri-mou-en.yaml"


def _build(project: Path, status: str, spec_name: str = SPEC) -> dict[str, Path]:
    from pressgen.build import build

    spec = project / spec_name
    spec.write_text(spec.read_text("utf-8").replace("status: approved", f"status: {status}"), "utf-8")
    return {p.suffix[1:]: p for p in build([spec], out=project / "out")}


def _docx_part(path: Path, pattern: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if re.fullmatch(pattern, n))


def _pdf_pages(pdf: Path) -> list[str]:
    """Each page's text as MuPDF reads it (poppler reads the rotated watermark DRAFT as T F A R D)."""
    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", str(pdf)], capture_output=True, check=True).stdout
    return ["".join(c.get("c", "") for c in page.iter("char")) for page in ET.fromstring(out).iter("page")]


@pytest.mark.parametrize(
    ("spec", "mark", "banner", "header_mark"),
    [(SPEC, "案", "承認前の原稿です", "【案】"), (SPEC_EN, "DRAFT", "Not approved for release", "DRAFT")],
)
@pytest.mark.parametrize("status", ["draft", "review"])
def test_a_draft_is_marked_in_every_format(project: Path, status: str, spec: str, mark: str, banner: str, header_mark: str) -> None:
    out = _build(project, status, spec)
    html = out["html"].read_text("utf-8")
    assert 'class="pg-draft" role="note"' in html and banner in html
    assert f'<span class="pg-draft-mark">{mark}</span>' in html
    pages = _pdf_pages(out["pdf"])
    assert all(mark in squash(page) for page in pages) and len(pages) >= 2
    headers = _docx_part(out["docx"], r"word/header\d+\.xml")
    assert headers.count(header_mark) >= 2  # the first page and the following pages
    # No other language's mark and no CJK brackets around a Latin one; nothing says it may be published.
    assert not {"案", "DRAFT"} - {mark} & set(re.findall("案|DRAFT", html + "".join(pages) + headers))
    assert "【DRAFT" not in headers and "FOR IMMEDIATE RELEASE" not in html + "".join(pages) + headers


def test_the_watermark_is_drawn_diagonally_on_every_page(project: Path, tmp_path: Path) -> None:
    out = _build(project, "draft")
    raw = subprocess.run(["pdftotext", "-bbox", str(out["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    marks = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">案</word>', raw)
    big = [m for m in marks if float(m[3]) - float(m[1]) > 60]  # 110 pt, rotated: a tall box
    assert len(big) == raw.count("<page ")


def test_an_approved_release_carries_no_mark(seed_build: dict[str, dict[str, Path]]) -> None:
    assert 'class="pg-draft"' not in seed_build["ja"]["html"].read_text("utf-8")
    assert "案" not in squash(pdf_text(seed_build["ja"]["pdf"]))
    assert "【案】" not in _docx_part(seed_build["ja"]["docx"], r"word/header\d+\.xml")


def test_every_output_carries_the_version_stamp(seed_build: dict[str, dict[str, Path]]) -> None:
    from conftest import SEED_JA
    from pressgen.spec import short_hash
    from pressgen.spec import load_release

    version = short_hash(load_release(SEED_JA))
    html = seed_build["ja"]["html"].read_text("utf-8")
    assert re.search(rf'<footer class="pg-stamp">版 {version}(・commit [0-9a-f]{{9}}\+?)?</footer>', html)
    pages = [p for p in pdf_text(seed_build["ja"]["pdf"]).split("\f") if p.strip()]
    assert all(f"版{version}" in squash(page) for page in pages)
    assert f"版 {version}" in _docx_part(seed_build["ja"]["docx"], r"word/footer\d+\.xml")
    assert f"Version {version}"[:8] in seed_build["en"]["html"].read_text("utf-8")


def test_the_stamp_changes_with_the_content_not_with_the_status(project: Path) -> None:
    from pressgen.spec import short_hash
    from pressgen.spec import load_release

    spec = project / SPEC
    before = short_hash(load_release(spec))
    spec.write_text(spec.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    assert short_hash(load_release(spec)) == before
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    assert short_hash(load_release(spec)) != before
    registry = project / "releases" / "orgs" / "itri.yaml"
    spec.write_text(spec.read_text("utf-8").replace("調印式を執り行いました", "調印式を行いました"), "utf-8")
    registry.write_text(registry.read_text("utf-8").replace("世界有数の研究開発機関", "世界屈指の研究開発機関"), "utf-8")
    assert short_hash(load_release(spec)) != before


def test_the_banner_is_not_a_body_block(project: Path) -> None:
    out = _build(project, "draft")
    assert not any("承認前" in p for p in docx_paragraphs(out["docx"]))
    assert not any("承認前" in b for b in html_blocks(out["html"]))


def test_the_stamp_names_the_commit_and_marks_uncommitted_edits(project: Path) -> None:
    from pressgen.spec.content import git_commit
    from pressgen.spec import load_release

    def commit() -> str | None:
        return git_commit(load_release(project / SPEC))

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    assert commit() is None  # not a checkout
    subprocess.run([*git, "init", "-q", "."], check=True)
    assert commit() is None  # nothing committed yet
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    assert commit() == head[:9]
    spec = project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    assert commit() == head[:9] + "+"
    (project / "releases" / "other.yaml").write_text("id: other\n", "utf-8")
    spec.write_text(spec.read_text("utf-8").replace("調印式を執り行いました", "調印式を行いました"), "utf-8")
    assert commit() == head[:9]  # another file's edits are not this spec's
