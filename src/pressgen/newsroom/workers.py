"""Loading and rendering the releases that changed: a few threads here, the PDFs in the PDF writer's warm worker processes."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..build import ALL_FORMATS, render_outputs
from ..errors import PressgenError, Problem
from ..spec import images
from ..spec.loader import load_release
from ..spec.project import Project
from ..writers.pdf.pool import start_pdf_workers
from .inputs import Inputs, Spec, release_key
from .records import ReleaseRecord, record_of

RELEASES = "release"  # the site folder holding one folder per release


@dataclass(frozen=True)
class Job:
    spec: Spec
    inputs: Inputs
    now: dt.datetime
    staging: Path
    previous: ReleaseRecord | None  # the last build's record, if its files are still there


@dataclass(frozen=True)
class Result:
    record: ReleaseRecord | None
    problems: list[Problem]
    rendered: bool = False  # False: the files of `previous` still hold


def run_all(project: Project, jobs: list[Job]) -> list[Result]:
    """Every job's result, in order.

    The PDF writer lays out pages in worker processes that stay warm (fonts loaded) for the whole
    build; here, one thread per worker plus one loads specs and writes HTML and DOCX meanwhile, so
    that every core has work. A user's PRESSGEN_PDF_WORKERS still decides the number of workers.
    """
    if not jobs:
        return []
    workers = start_pdf_workers(len(os.sched_getaffinity(0)))
    threads = ThreadPoolExecutor(max_workers=workers + 1)
    try:
        return list(threads.map(lambda job: run(project, job), jobs))
    finally:
        threads.shutdown(wait=True, cancel_futures=True)


def run(project: Project, job: Job) -> Result:
    """Load (check) one release, and render it into the staging site if it is public and its inputs changed."""
    try:
        loaded = load_release(job.spec.path, project)
        pictures = tuple(sorted(_relative(project, images.resolve(job.spec.path.parent, i.src)) for i in loaded.release.images))
        key = release_key(project, job.inputs.common, job.spec, pictures)
        record = record_of(loaded, job.spec.name, job.spec.digest, key, job.inputs.index, pictures)
        if not record.public(job.now):
            return Result(record, [])
        if job.previous and job.previous.key == key and job.previous.outputs:
            return Result(replace(record, outputs=job.previous.outputs), [])
        sizes = {}
        for output in render_outputs(loaded, ALL_FORMATS, job.staging / RELEASES):
            output.path.parent.mkdir(parents=True, exist_ok=True)
            # A plain write: the staging folder is swapped in whole, which is what makes the site atomic.
            output.path.write_bytes(output.data)
            sizes[output.path.relative_to(job.staging).as_posix()] = len(output.data)
        return Result(replace(record, outputs=sizes), [], rendered=True)
    except PressgenError as exc:
        return Result(None, exc.problems)


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)
