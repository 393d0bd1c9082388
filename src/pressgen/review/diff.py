"""pressgen diff: load two versions of a release (files, or a file and a git revision), write the redlines."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressgenError, Problem
from ..output import write_all
from ..render.labels import load_catalogue
from ..render.page import render_page, render_template
from ..spec.loader import LoadedRelease, load_release
from ..spec.project import Project, find_project
from ..spec.yamlsource import display_path
from . import redline_docx
from .redline import Redline, compare
from .versions import restore_version


@dataclass(frozen=True)
class DiffResult:
    redline: Redline
    html: Path
    docx: Path


def diff_files(old: Path, new: Path, out: Path | None = None, author: str = "pressgen") -> DiffResult:
    """Redlines from spec `old` to spec `new` (each with the registry of its own project)."""
    return _write(compare(render_page(load_release(old)), render_page(load_release(new))), display_path(old), display_path(new), out, author)


def diff_since(spec: Path, revision: str, out: Path | None = None, author: str = "pressgen") -> DiffResult:
    """Redlines from `spec` as it was at git `revision` (registry and templates of then) to the file now."""
    project = find_project(spec.parent)
    new = render_page(load_release(spec, project))
    relative = spec.resolve().relative_to(project.root.resolve())
    with tempfile.TemporaryDirectory(prefix="pressgen-diff-") as folder:
        past = _checkout(project, revision, Path(folder), spec)
        old_path = past.root / relative
        if not old_path.is_file():
            raise PressgenError([Problem(display_path(spec), 1, 1, "", f"the file did not exist at {revision}")])
        old = render_page(load_release(old_path, past))
        return _write(compare(old, new), f"{relative} @ {revision}", display_path(spec), out, author)


def redline_since_version(spec: Path, version: str, author: str = "pressgen", depth: int = 50) -> tuple[str, str] | None:
    """(revision, redline HTML) from the newest of the last `depth` commits at which `spec` had content `version` (a
    short hash) to the spec now; None outside git or when no such commit is found."""
    project = find_project(spec.parent)
    relative = spec.resolve().relative_to(project.root.resolve())
    new = render_page(load_release(spec, project))
    with past_version(spec, version, depth) as found:
        if found is None:
            return None
        revision, old = found
        where = revision if revision == RECORDED else revision[:9]
        html, _ = _documents(compare(render_page(old), new), f"{relative} @ {where}", display_path(spec), author)
        return revision, html


RECORDED = "the approval record"  # the revision past_version names for a version found there


@contextmanager
def past_version(spec: Path, version: str, depth: int = 50, first: str = "") -> Iterator[tuple[str, LoadedRelease] | None]:
    """(where, the release as it was then) for the version of `spec` whose content hash starts with `version`: as
    the approval record kept it (RECORDED), else at revision `first`, else at the newest of the last `depth` commits
    that had it; None when none has. The release's project lasts while the context is open."""
    from ..spec.content import content_hash

    project = find_project(spec.parent)
    relative = spec.resolve().relative_to(project.root.resolve())
    names = [p.relative_to(project.root).as_posix() for p in (project.releases, project.own_templates) if p is not None and p.exists()]
    try:
        log = subprocess.run(["git", "-C", str(project.root), "log", f"-n{depth}", "--format=%H", "--", *names],
                             capture_output=True, text=True, check=False)
        revisions = log.stdout.split() if log.returncode == 0 else []
    except OSError:  # no git: the approval record alone
        revisions = []
    for revision in [RECORDED, *([first] if first else []), *revisions]:
        with tempfile.TemporaryDirectory(prefix="pressgen-past-") as folder:
            try:
                if revision == RECORDED:
                    past = restore_version(project, version, Path(folder))
                    if past is None:
                        continue
                else:
                    past = _checkout(project, revision, Path(folder), spec)
                old = load_release(past.root / relative, past)
            except (PressgenError, OSError):
                continue
            if content_hash(old).startswith(version):
                yield revision, old
                return
    yield None


def _checkout(project: Project, revision: str, folder: Path, spec: Path) -> Project:
    """The project's releases/, templates/ and settings as they were at `revision`."""
    commit = _git(project, spec, revision, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    names = [p.relative_to(project.root).as_posix() for p in (project.releases, project.own_templates) if p is not None and p.exists()]
    names += ["pyproject.toml"] if (project.root / "pyproject.toml").exists() else []
    archive = _git(project, spec, revision, "archive", "--format=tar", commit.decode().strip(), "--", *names)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return find_project(folder)


def _git(project: Project, spec: Path, revision: str, *args: str) -> bytes:
    """git's output; a revision is never taken for an option (--output=FILE would write that file)."""
    failure = ""
    try:
        result = subprocess.run(["git", "-C", str(project.root), *args], capture_output=True, check=False)
        if result.returncode == 0:
            return result.stdout
        failure = (result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["not a commit"])[0]
    except OSError as exc:
        failure = f"git: {exc.strerror or exc}"
    raise PressgenError([Problem(display_path(spec), 1, 1, "", f"cannot read revision {revision!r}: {failure}")])


def _write(redline: Redline, old_source: str, new_source: str, out: Path | None, author: str) -> DiffResult:
    release = redline.new.loaded.release
    folder = (out or redline.new.loaded.project.out) / release.id
    html, docx = _documents(redline, old_source, new_source, author)
    html_path, docx_path = folder / f"{release.id}.redline.html", folder / f"{release.id}.redline.docx"
    write_all([(html_path, html.encode("utf-8")), (docx_path, docx)])
    return DiffResult(redline, html_path, docx_path)


def _documents(redline: Redline, old_source: str, new_source: str, author: str) -> tuple[str, bytes]:
    """The HTML redline and the DOCX with tracked changes."""
    page = redline.new
    release = page.loaded.release
    labels = load_catalogue(page.loaded.project, release.language)
    context = dict(
        lang=release.language,
        labels=labels,
        title=labels.text("redline_title", headline=release.headline),
        old_source=old_source,
        new_source=new_source,
        summary=redline.changed_fields(),
        changes=redline.changes,
        fonts=page.loaded.project.fonts(release.language),
    )
    html = render_template(page.loaded.project.templates, "redline.html.j2", context)
    return html, redline_docx.write(redline, author, dt.datetime.now(dt.timezone.utc))
