"""Building the newsroom: load what changed, render it in the workers, write the pages, swap the whole site in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressgenError, Problem
from ..render.labels import load_catalogue
from ..spec.project import Project
from ..spec.registry import load_registry
from .feeds import feed_pages, sitemap_page
from .history import unknown_release_problems
from .inputs import Inputs, read_inputs, reusable
from .labels import load_site_labels
from .lists import list_pages
from .manifest import Manifest, is_site, read_manifest, write_manifest
from .org_pages import org_pages
from .pages import PageReport, write_pages
from .records import ReleaseRecord
from .release_pages import release_pages
from .site import Site, SitePage
from .staging import check_target, link_or_copy, staging_folder, swap_in
from .workers import Job, run_all

DEFAULT_BASE_URL = "http://localhost:8000/"  # where `python -m http.server` serves the folder


@dataclass
class SiteReport:
    out: Path
    rendered: list[str] = field(default_factory=list)  # ids of the releases rendered by this build
    withheld: list[str] = field(default_factory=list)  # "id (why)" of drafts, releases in review, embargoed ones
    pages: PageReport = field(default_factory=PageReport)


def build_site(
    project: Project, out: Path, base_url: str, language: str, now: dt.datetime | None = None
) -> SiteReport:
    """Build the newsroom into `out`, all or nothing: on any problem the last site stays as it was."""
    now = now or dt.datetime.now(dt.timezone.utc)
    check_target(out, project)
    labels = load_site_labels(project, language)
    catalogue = load_catalogue(project, language)
    last = read_manifest(out) if is_site(out) else Manifest()
    inputs = read_inputs(project, last.releases)
    report = SiteReport(out)
    with staging_folder(out) as staging:
        records = _releases(project, inputs, last, out, staging, now, report)
        registry = load_registry(project)
        problems = unknown_release_problems(registry, {r.id for r in records})
        if problems:
            raise PressgenError(problems)
        # Newest first; on one day, in the order of their ids (an original before its -en version).
        public = sorted(sorted((r for r in records if r.public(now)), key=lambda r: r.id), key=lambda r: r.date, reverse=True)
        report.withheld = sorted(f"{r.id} ({r.withheld(now)})" for r in records if not r.public(now))
        site = Site(project, registry, public, labels, catalogue, language, base_url)
        pages = [
            *list_pages(site),
            *release_pages(site, staging),
            *org_pages(site),
            *feed_pages(site),
            SitePage("newsroom.css", "site/newsroom.css.j2", {}),
        ]
        pages.append(sitemap_page(site, pages))
        report.pages = write_pages(project, pages, labels, staging, out, last.pages)
        write_manifest(staging, Manifest({r.spec: r for r in records}, report.pages.keys))
        swap_in(staging, out)
    return report


def _releases(
    project: Project, inputs: Inputs, last: Manifest, out: Path, staging: Path, now: dt.datetime, report: SiteReport
) -> list[ReleaseRecord]:
    """Every release's record: from the last build where nothing it depends on changed, else from a worker."""
    records, jobs = [], []
    for spec in inputs.specs:
        previous = last.releases.get(spec.name)
        kept = previous if previous and _outputs_kept(previous, out, now) else None
        if kept and reusable(project, inputs, spec, kept):
            _link_outputs(kept, out, staging, now)
            records.append(kept)
        else:
            jobs.append(Job(spec, inputs, now, staging, kept))
    problems: list[Problem] = []
    for result in run_all(project, jobs):
        problems += result.problems
        if result.record is None:
            continue
        records.append(result.record)
        if result.rendered:
            report.rendered.append(result.record.id)
        else:
            _link_outputs(result.record, out, staging, now)
    if problems:
        raise PressgenError(problems)
    return records


def _link_outputs(record: ReleaseRecord, out: Path, staging: Path, now: dt.datetime) -> None:
    for path in record.outputs if record.public(now) else ():
        link_or_copy(out / path, staging / path)


def _outputs_kept(record: ReleaseRecord, out: Path, now: dt.datetime) -> bool:
    """A public release needs its files from the last build; one that just became public has none yet."""
    return not record.public(now) or bool(record.outputs) and all((out / path).is_file() for path in record.outputs)
