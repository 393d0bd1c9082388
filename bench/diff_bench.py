"""Redline benchmark: two drafts of the seed release, HTML and DOCX redlines, cold CLI and warm in-process."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = "releases/2026-04-21-itri-mou.yaml"
RUNS = 5


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "releases", project / "releases")  # the templates are pressgen's own
        shutil.copy(ROOT / "pyproject.toml", project)
        draft = project / "drafts" / "v2.yaml"
        draft.parent.mkdir()
        text = (project / SPEC).read_text("utf-8")
        draft.write_text(text.replace("同月21日調印式", "同月21日に調印式").replace("強みとしています", "得意としています"), "utf-8")
        command = [str(Path(sys.executable).parent / "pressgen"), "diff", SPEC, "drafts/v2.yaml"]
        cold = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run(command, cwd=project, check=True, capture_output=True)
            cold.append(time.perf_counter() - start)

        sys.path.insert(0, str(ROOT / "src"))
        import os

        os.chdir(project)
        from pressgen.review import diff_files

        diff_files(Path(SPEC), draft)
        warm = []
        for _ in range(RUNS):
            os.utime(draft)
            start = time.perf_counter()
            diff_files(Path(SPEC), draft)
            warm.append(time.perf_counter() - start)
    print(f"diff, HTML + DOCX redlines, cold CLI (median of {RUNS})   {statistics.median(cold):6.2f} s  (target ≤ 1.0)")
    print(f"diff, HTML + DOCX redlines, warm in-process            {statistics.median(warm):6.3f} s")


if __name__ == "__main__":
    main()
