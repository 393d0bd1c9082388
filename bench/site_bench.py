"""Newsroom benchmark: 200 synthetic releases in a temporary copy of the project, built three times.

1. first build (every release rendered: HTML, PDF, DOCX), limit 60 s;
2. the same again with nothing changed, limit 2 s;
3. after editing one release's headline: only that release and the pages that list it are rebuilt.

Run: .venv/bin/python bench/site_bench.py   (exit 1 if a limit is exceeded)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESSGEN = Path(sys.executable).parent / "pressgen"
PAIRS = 100  # each a Japanese release and its English version
FIRST_LIMIT, UNCHANGED_LIMIT = 60.0, 2.0


def make_project(folder: Path) -> list[Path]:
    """A copy of the project with PAIRS synthetic releases written from the two seed releases."""
    shutil.copytree(ROOT / "releases", folder / "releases")  # the templates are pressgen's own
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    seed_ja = (ROOT / "releases" / "2026-04-21-itri-mou.yaml").read_text("utf-8")
    seed_en = (ROOT / "releases" / "2026-04-21-itri-mou-en.yaml").read_text("utf-8")
    written = []
    for n in range(PAIRS):
        day = dt.date(2019, 1, 7) + dt.timedelta(days=23 * n)
        ja_id = f"{day}-bench-{n:03d}"
        for text, release_id, prefix in ((seed_ja, ja_id, f"第{n + 1}報："), (seed_en, f"{ja_id}-en", f"Update {n + 1}, ")):
            text = re.sub(r"(?m)^id: .*$", f"id: {release_id}", text)
            text = re.sub(r"(?m)^date: .*$", f"date: {day}", text)
            text = re.sub(r"(?m)^translation_of: .*$", f"translation_of: {ja_id}", text)
            text = re.sub(r"(?m)^headline: ", f"headline: {prefix}", text)
            path = folder / "releases" / f"{release_id}.yaml"
            path.write_text(text, "utf-8")
            written.append(path)
    # The newsroom publishes only what passed the sign-off gate: the seed's transcribed check errors
    # become warnings and both issuers approve every release, as a PR team would before publishing.
    settings = folder / "pyproject.toml"
    relaxed = '[tool.pressgen.check.severity]\n"characters.paren-width" = "warning"\n"names.misspelling" = "warning"\n'
    settings.write_text(settings.read_text("utf-8").replace("[tool.pressgen.check.severity]\n", relaxed), "utf-8")
    sign_off(folder / "releases" / "2026-04-21-itri-mou.yaml", folder / "releases" / "2026-04-21-itri-mou-en.yaml", *written)
    return written


def sign_off(*specs: Path) -> None:
    from pressgen.review import approve

    for spec in specs:
        approve(spec, "ipark-institute:fujimoto")
        approve(spec, "itri:lu")


def build(folder: Path, label: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(PRESSGEN), "site"], cwd=folder, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{label}: pressgen site failed\n{result.stderr}")
    print(f"{label}: {elapsed:.2f} s\n    {result.stdout.splitlines()[0]}")
    return elapsed


def inodes(site: Path) -> dict[str, int]:
    """Unchanged files are hard links into the last build: a new inode means the file was written anew.

    The build's own ledger (.pressgen-site.json) is written every time and left out.
    """
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file() and p.name != ".pressgen-site.json"}


def main() -> int:
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="pressgen-site-bench-") as temp:
        folder = Path(temp)
        specs = make_project(folder)
        site = folder / "out" / "site"
        print(f"{len(specs)} synthetic releases (+2 seed releases), {cores} cores, load average {os.getloadavg()[0]:.2f}")
        first = build(folder, "first build")
        before = inodes(site)
        unchanged = build(folder, "second build, nothing changed")
        assert inodes(site) == before, "an unchanged build rewrote files"
        edited = specs[100]  # a Japanese release in the middle of the list
        edited.write_text(re.sub(r"(?m)^headline: ", "headline: 【訂正】", edited.read_text("utf-8")), "utf-8")
        sign_off(edited)
        build(folder, f"after editing {edited.name}")
        after = inodes(site)
        rewritten = sorted(p for p, inode in after.items() if before.get(p) != inode)
        print(f"    files written anew ({len(rewritten)} of {len(after)}):")
        for path in rewritten:
            print(f"      {path}")
    ok = first <= FIRST_LIMIT and unchanged <= UNCHANGED_LIMIT
    print(f"limits: first ≤ {FIRST_LIMIT:.0f} s, unchanged ≤ {UNCHANGED_LIMIT:.0f} s: {'met' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
