"""A reviewer in a real office suite: LibreOffice headless, driven through its UNO bridge, records changes and a comment
in a pressgen DOCX and saves it as DOCX; the import writes the spec's fields, reports the registry's, and check shows
the comment."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressgen.build import build
from pressgen.spec import load_release

from conftest import ROOT, run_cli

SPEC = Path("releases/2026-04-21-itri-mou.yaml")
DRIVER = ROOT / "tests" / "office" / "review_in_libreoffice.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # python3-uno is Debian's, for the system interpreter


@pytest.fixture
def office(tmp_path: Path) -> Iterator[str]:
    """soffice listening on a pipe of its own, with a profile of its own; stopped (its whole process group) after the
    test, whatever the test did."""
    pipe = f"pressgen-{uuid.uuid4().hex}"
    profile = tmp_path / "office-profile"
    process = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore", "--nologo",
         "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        yield pipe
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


def review_in_libreoffice(pipe: str, source: Path, target: Path, author: str, edits: list[list[str]]) -> Path:
    work = target.parent / "office-in"
    work.mkdir(exist_ok=True)
    copy = shutil.copy(source, work / source.name)  # LibreOffice leaves a lock file beside what it opens
    plan = target.parent / "edits.json"
    plan.write_text(json.dumps({"author": author, "edits": edits}, ensure_ascii=False), "utf-8")
    done = subprocess.run([SYSTEM_PYTHON, str(DRIVER), pipe, str(copy), str(target), str(plan)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return target


def test_changes_and_a_comment_recorded_in_libreoffice_come_back_into_the_spec(office: str, project: Path) -> None:
    built = build([project / SPEC], ["docx"], project / "out")[0]
    before = (project / SPEC).read_text("utf-8")
    reviewed = review_in_libreoffice(office, built, project / "reviewed.docx", "佐藤 花子", [
        ["replace", "本年4月1日、台湾", "本年4月2日、台湾"],  # across runs: the date is a run of its own
        ["insert", "日台連携強化", "の一層の推進"],  # in the headline, between its phrases' joiners
        ["delete", "・イベント"],  # in a list item of the body
        ["replace", "整った製造基盤", "整った生産基盤"],  # a quote's text, inside the brackets the template adds
        ["replace", "世界有数の", "世界屈指の"],  # ITRI's About section: registry text
        ["comment", "強固なネットワーク", "具体例を一つ挙げてください。"],
    ])
    code, out, err = run_cli("review", "import", str(reviewed))
    assert code == 0, err
    release = load_release(project / SPEC).release
    landed = {
        "headline": release.headline.endswith("日台連携強化の一層の推進に関する覚書を締結"),
        "body, across runs": "は本年4月2日、台湾の工業技術研究院" in release.body,
        "body, a list item": "\n- 展示会・企業間連携事業の共同実施\n" in release.body,
        "quotes[0].text": release.quotes[0].text.startswith("台湾のバイオテクノロジー産業は整った生産基盤、"),
    }
    assert all(landed.values()), landed
    after = (project / SPEC).read_text("utf-8")
    assert sum(a != b for a, b in zip(before.splitlines(), after.splitlines())) == 4
    assert "世界屈指" not in after and "世界屈指" not in (project / "releases/orgs/itri.yaml").read_text("utf-8")
    assert "releases/orgs/itri.yaml:38:" in out and "佐藤 花子 replaced 「世界有数の」 with 「世界屈指の」" in out
    assert "body: 2 changed (佐藤 花子)" in out
    _, checked, _ = run_cli("check", str(SPEC))
    finding = next(line for line in checked.splitlines() if "review.comment" in line)
    line = 1 + after.splitlines().index(next(text for text in after.splitlines() if "強固なネットワーク" in text))
    column = int(finding.split(":")[2])
    assert finding.startswith(f"{SPEC}:{line}:{column}: warning review.comment: 佐藤 花子: 具体例を一つ挙げてください。")
    assert after.splitlines()[line - 1][column - 1:].startswith("強固なネットワーク")
    # The same file again (the approval record kept the version it was made from) changes nothing and adds no comment.
    code, out, err = run_cli("review", "import", str(reviewed))
    assert code == 0, err
    assert "the spec is unchanged" in out and "1 comment(s), 0 new" in out
    assert (project / SPEC).read_text("utf-8") == after
