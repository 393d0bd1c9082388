"""Versions of a release kept by content hash in the approval record: recorded when a version goes out for review
(an approval request, a review import), restored to recover the version a returned DOCX or an approval was made
from where git does not have it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..spec.content import content_hash
from ..errors import PressgenError, Problem
from ..spec.loader import LoadedRelease, load_release
from ..spec.project import Project, find_project
from ..spec.yamlsource import display_path
from .approval_log import ApprovalLog, open_log
from .approval_settings import load_approve_settings, store_path


def record_version(loaded: LoadedRelease, log: ApprovalLog | None = None) -> None:
    """Keep the spec and the registry files of this version (those of the organizations it names)."""
    project = loaded.project
    files = {_relative(project, loaded.path): loaded.path.read_text("utf-8")}
    for org in sorted(loaded.release.references().orgs):
        path = project.orgs / f"{org}.yaml"
        files[_relative(project, path)] = path.read_text("utf-8")
    own = log is None
    log = log or open_log(store_path(project, load_approve_settings(project)), must_exist=True)
    assert log is not None
    try:
        log.record_version(content_hash(loaded), loaded.release.id, files, dt.datetime.now(dt.timezone.utc))
    finally:
        if own:
            log.close()


def restore_version(project: Project, version: str, folder: Path) -> Project | None:
    """A project in `folder` holding the recorded version whose hash starts with `version` (the project's templates,
    settings, pictures and other files as they are now around it); None when that version was never recorded."""
    log = open_log(store_path(project, load_approve_settings(project)))
    if log is None:
        return None
    try:
        files = log.version(version)
    finally:
        log.close()
    return _laid_out(project, files, folder) if files else None


@contextmanager
def loaded_with(loaded: LoadedRelease, text: str) -> Iterator[LoadedRelease]:
    """The release as it loads with its spec reading `text`, in a copy of the project: a spec must load (model,
    Markdown, references, pictures) before it is written. Problems name the project's files, not the copy's."""
    project = loaded.project
    relative = _relative(project, loaded.path)
    with tempfile.TemporaryDirectory(prefix="pressgen-new-") as folder:
        copy = _laid_out(project, {relative: text}, Path(folder))
        try:
            new = load_release(Path(os.path.normpath(copy.root / relative)), copy, loaded.registry)
        except PressgenError as exc:
            raise PressgenError([_moved_back(p, Path(folder), copy.root, project) for p in exc.problems]) from None
        yield new


def _laid_out(project: Project, files: dict[str, str], folder: Path) -> Project:
    """The project as it is (templates, settings, pictures, the other specs and organizations) under `folder`, with
    `files` (path relative to its root → text) in place of its own. Parts the settings place beside the root (a
    corpus sharing ../../templates) keep their place relative to it."""
    parts = [p for p in (project.releases, project.own_templates) if p is not None and p.exists()]
    depth = max((_relative(project, p).split("/").count("..") for p in parts), default=0)
    root = folder.joinpath(*(["root"] * depth)) if depth else folder
    root.mkdir(parents=True, exist_ok=True)
    for part in parts:
        shutil.copytree(part, Path(os.path.normpath(root / _relative(project, part))))
    if (project.root / "pyproject.toml").exists():
        shutil.copy(project.root / "pyproject.toml", root / "pyproject.toml")
    for relative, text in files.items():
        target = Path(os.path.normpath(root / relative))
        if target.is_relative_to(folder):  # a record names only files of the project
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
    return find_project(root)


def _relative(project: Project, path: Path) -> str:
    return Path(os.path.relpath(path.resolve(), project.root.resolve())).as_posix()


def _moved_back(problem: Problem, folder: Path, root: Path, project: Project) -> Problem:
    """A problem in the copy under `folder` (whose project root is `root`) named by the project's own file."""
    path = Path(problem.path)
    if path.is_absolute() and path.resolve().is_relative_to(folder.resolve()):
        relative = os.path.relpath(path.resolve(), root.resolve())
        return replace(problem, path=display_path(Path(os.path.normpath(project.root / relative))))
    return problem
