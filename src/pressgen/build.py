"""Build releases into their output files, all or nothing."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PressgenError, Problem
from .output import write_all
from .render.page import render_page
from .spec.loader import LoadedRelease, load_release
from .spec.project import Project, find_project
from .writers import WRITERS
from .writers.pdf.pool import start_pdf_workers

ALL_FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes


def load_all(paths: Sequence[Path | str], project: Project | None = None) -> list[LoadedRelease]:
    """Load every spec, reporting the problems of all of them together."""
    if not paths:
        raise PressgenError([Problem(".", 1, 1, "", "no release given")])
    project = project or find_project(Path(paths[0]).parent)
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load_release(path, project))
        except PressgenError as exc:
            problems += exc.problems  # a registry problem shared by several specs is reported once
    if problems:
        raise PressgenError(problems)
    return loaded


def elsewhere(formats: Sequence[str]) -> bool:
    """Whether any of these formats is made in another process."""
    return any(WRITERS[f].elsewhere for f in formats)


def collect_cycles() -> None:
    """python-docx leaves reference cycles holding C memory: collect once per release, so a long-lived
    process (preview, newsroom, tests) stays flat.

    What is alive after the first collection (modules, parsers, models, the registry) lives as long as the
    process: it is frozen then, and later collections no longer walk it (21 ms → 3 ms a release, measured).
    """
    gc.collect()
    if not gc.get_freeze_count():
        gc.freeze()


def render_outputs(loaded: LoadedRelease, formats: Sequence[str], out: Path) -> list[Output]:
    """The bytes of each format, in memory: nothing touches the disk yet."""
    page = render_page(loaded)
    folder = out / loaded.release.id
    # Formats that work in another process (the PDF) start first, so the others overlap with them.
    ordered = sorted(formats, key=lambda f: not WRITERS[f].elsewhere)
    pending = {f: WRITERS[f].start(page) for f in ordered}
    if elsewhere(formats):
        collect_cycles()  # now, while the PDF worker is still busy, rather than after it
    return [Output(folder / f"{loaded.release.id}{WRITERS[f].suffix}", pending[f]()) for f in formats]


def build(
    paths: Sequence[Path | str], formats: Sequence[str] = ALL_FORMATS, out: Path | None = None, final: bool = False
) -> list[Path]:
    """Render every release in every format; write only if all of them succeeded.

    `final` builds only releases that pass the sign-off gate.
    """
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise PressgenError([Problem(".", 1, 1, "", f"unknown format '{unknown[0]}'; known: {', '.join(WRITERS)}")])
    if elsewhere(formats):
        start_pdf_workers()
    loaded = load_all(paths)
    if final:
        from .review.gate import final_problems

        gated = [p for item in loaded for p in final_problems(item)]
        if gated:
            raise PressgenError(gated)
    out = out or loaded[0].project.out
    outputs, problems = [], []
    for item in loaded:
        try:
            outputs += render_outputs(item, formats, out)
        except PressgenError as exc:
            problems += exc.problems
    if problems:
        raise PressgenError(problems)
    write_all((output.path, output.data) for output in outputs)
    if not elsewhere(formats):
        collect_cycles()
    return [o.path for o in outputs]
