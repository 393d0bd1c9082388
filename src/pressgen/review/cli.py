"""pressgen review: a reviewer's Word document brought back (import), and the reviewers' comments (comments, resolve)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import PressgenError, Problem


@click.group()
def review() -> None:
    """Bring a reviewer's Word edits and comments back into the spec."""


@review.command(name="import")
@click.argument("reviewed", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("release", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the patch to the spec; write nothing.")
def import_(reviewed: Path, release: Path | None, dry_run: bool) -> None:
    """Write the tracked changes of REVIEWED.docx into the spec (found from the DOCX, or RELEASE) and record its comments."""
    from ..spec.yamlsource import display_path
    from .wordimport import import_review

    result = import_review(reviewed, release, dry_run)
    if dry_run:
        click.echo(result.patch, nl=False)
        return
    if result.base:
        click.echo(f"{reviewed}: version {result.version} of {result.release} (found in {result.base}), merged three-way "
                   "into the spec as it is now")
    else:
        click.echo(f"{reviewed}: version {result.version} of {result.release}, the spec as it is")
    for field, edits in result.changed.items():
        authors = ", ".join(sorted({e.by.author or "without Track Changes" for e in edits}))
        click.echo(f"{field}: {len(edits)} changed ({authors})")
        for edit in edits:
            old, new = edit.shown()
            click.echo(f"  - {old}\n  + {new}")
    for line in result.registry:
        click.echo(line)
    for line in result.not_imported:
        click.echo(f"not imported: {line}")
    if result.comments:
        click.echo(f"{len(result.comments)} comment(s), {result.new_comments} new: `pressgen check` shows them until "
                   "`pressgen review resolve`")
    if result.resolved:
        click.echo(f"{len(result.resolved)} comment(s) resolved in Word: no longer shown")
    for line in result.approvals:
        click.echo(f"approval: {line}")
    click.echo(f"wrote {display_path(result.spec)}" if result.written else "the spec is unchanged")


@review.command()
@click.argument("release", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def comments(release: Path) -> None:
    """List the reviewers' comments on RELEASE that still stand, with their numbers."""
    from ..spec import load_release
    from .comments import standing_comments

    for comment in standing_comments(load_release(release)):
        number = f"#{comment.id} " if comment.kind == "comment" else ""
        where = f"{comment.registry + ': ' if comment.registry else ''}{comment.field or 'the release'}"
        click.echo(f"{number}{comment.day} {comment.author} on {where}: {comment.comment}")


@review.command()
@click.argument("release", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("numbers", nargs=-1, required=True, type=int)
def resolve(release: Path, numbers: tuple[int, ...]) -> None:
    """Mark Word comments NUMBERS (from `pressgen review comments`) of RELEASE resolved."""
    from ..spec import load_release
    from .approval_log import open_log
    from .approval_settings import load_approve_settings, store_path

    loaded = load_release(release)
    log = open_log(store_path(loaded.project, load_approve_settings(loaded.project)))
    done = log.resolve(loaded.release.id, list(numbers), dt.datetime.now(dt.timezone.utc)) if log else []
    if log:
        log.close()
    missing = sorted(set(numbers) - set(done))
    if missing:
        raise PressgenError([Problem(str(release), 1, 1, "", f"no open comment #{n} on this release") for n in missing])
    click.echo(f"resolved {', '.join(f'#{n}' for n in done)}")
