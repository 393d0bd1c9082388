"""The site is built in a temporary folder beside its target and swapped in whole: readers never see half a site."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PressgenError, Problem
from ..spec.project import Project
from ..spec.yamlsource import display_path
from .manifest import MANIFEST, is_site


def check_target(out: Path, project: Project) -> None:
    """Refuse a folder whose replacement would destroy something that is not a newsroom we built."""
    problem = None
    resolved = out.resolve()
    inputs = [project.releases.resolve(), project.templates.resolve()]
    if out.exists() and not out.is_dir():
        problem = "exists and is not a folder"
    elif any(resolved == p or resolved.is_relative_to(p) or p.is_relative_to(resolved) for p in inputs):
        problem = "would overwrite or sit among the project's releases or templates; choose a folder such as out/site"
    elif out.is_dir() and any(out.iterdir()) and not is_site(out):
        problem = f"is not empty and holds no {MANIFEST}, so it is not a newsroom pressgen built; choose a new or empty folder"
    if problem:
        raise PressgenError([Problem(display_path(out), 1, 1, "--out", problem)])


@contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh folder on the same file system as `out`; removed unless it was swapped in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, out: Path) -> None:
    """Put `staging` where `out` is: two renames, and the old site is put back if the second fails."""
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a site is meant to be read
    if not out.exists():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def link_or_copy(source: Path, target: Path) -> None:
    """Take an unchanged file from the last build: a hard link costs nothing, a copy where links are refused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
