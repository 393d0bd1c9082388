"""Reproducible outputs: the same spec, registry, templates and pressgen version give byte-identical HTML, PDF and DOCX.

Each build runs as its own process, from a copy of the project at another place, in another time zone
and with another hash seed, a few seconds after the other: nothing of the machine, the clock or the
process may reach the bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

# Both seed languages; from the corpus (a project of its own that shares the templates) a picture
# (carrybot), tables (q1-results) and Chinese (hengguang).
CASES = {
    "seed": (".", ["releases/2026-04-21-itri-mou.yaml", "releases/2026-04-21-itri-mou-en.yaml"]),
    "corpus": ("tests/corpus", [f"releases/{name}.yaml" for name in ("2026-10-01-kaname-carrybot", "2026-08-07-kaname-q1-results", "2026-09-01-hengguang-lens-plant")]),
}


def _copy(target: Path) -> Path:
    """The repository's projects (the seed's and the corpus), copied to `target`."""
    for name in ("releases", "pyproject.toml", "tests/corpus"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("out"))
        else:
            shutil.copy2(ROOT / name, target / name)
    return target


def _build(project: Path, specs: list[str], zone: str, seed: str) -> dict[str, bytes]:
    environment = {**os.environ, "TZ": zone, "PYTHONHASHSEED": seed}
    command = [str(Path(sys.executable).parent / "pressgen"), "build", *specs]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_two_builds_give_the_same_bytes(case: str, tmp_path: Path) -> None:
    folder, specs = CASES[case]
    first, second = _copy(tmp_path / "here") / folder, _copy(tmp_path / "elsewhere" / "checkout") / folder
    one = _build(first, specs, "Asia/Tokyo", "1")
    time.sleep(2.1)  # ZIP times have a resolution of two seconds
    other = _build(second, specs, "America/Los_Angeles", "2")
    assert sorted(one) == sorted(other)
    assert {Path(name).suffix for name in one} == {".html", ".pdf", ".docx"}
    assert [name for name in one if one[name] != other[name]] == []


def test_docx_entries_are_dated_by_the_release(tmp_path: Path) -> None:
    """The ZIP entries carry the release date, as the document's core properties do, not the time of the build."""
    project = _copy(tmp_path)
    outputs = _build(project, ["releases/2026-04-21-itri-mou.yaml"], "UTC", "0")
    docx = project / "out" / "2026-04-21-itri-mou" / "2026-04-21-itri-mou.docx"
    assert docx.read_bytes() == outputs["2026-04-21-itri-mou/2026-04-21-itri-mou.docx"]
    with zipfile.ZipFile(docx) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 4, 21, 0, 0, 0)}
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"  # where Word and other readers look first
