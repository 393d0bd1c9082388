"""The pressgen command: each subcommand parses its arguments, calls the library, prints."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

import click

from .errors import PressgenError

# Commands that live in their own packages, imported only when used: `pressgen build` stays fast.
_ELSEWHERE = {
    "check": "pressgen.review.check.cli:check",
    "inbox": "pressgen.distribution.cli:inbox",
    "review": "pressgen.review.cli:review",
    "send": "pressgen.distribution.cli:send",
    "site": "pressgen.newsroom.cli:site",
    "serve": "pressgen.preview.cli:serve",
    "webapp": "pressgen.webapp.cli:webapp",
}


class _Group(click.Group):
    """Every failure reaches the user as located messages and exit 1, never as a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_ELSEWHERE])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _ELSEWHERE:
            module, _, attribute = _ELSEWHERE[name].partition(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PressgenError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"pressgen: {len(exc.problems)} problem(s); nothing was written", err=True)
            ctx.exit(1)
        except OSError as exc:
            click.echo(f"pressgen: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("pressgen: interrupted; nothing was half-written", err=True)
            ctx.exit(130)
        return None


@click.group(cls=_Group)
@click.version_option(package_name="pressgen")
def main() -> None:
    """Press releases from one validated spec to HTML, PDF and DOCX."""


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    from .writers import WRITERS

    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {', '.join(WRITERS)} (comma-separated)")
    return formats


@main.command()
@click.argument("releases", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "formats", default="html,pdf,docx", callback=_formats, help="Comma-separated: html,pdf,docx.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: out/).")
@click.option("--final", is_flag=True, help="Refuse unless approved by every issuer, for this content, with no check error.")
def build(releases: tuple[Path, ...], formats: list[str], out: Path | None, final: bool) -> None:
    """Build RELEASES into out/<release-id>/."""
    if "pdf" in formats:
        from .writers.pdf.pool import start_pdf_workers

        start_pdf_workers()  # before the heavy imports below, which then overlap with WeasyPrint's
    from .build import build as build_releases

    for path in build_releases(list(releases), formats, out, final=final):
        click.echo(f"wrote {path}")


class _ApproveGroup(click.Group):
    """`pressgen approve RELEASE --by ORG:PERSON` records; `pressgen approve request|status|message …` do the rest."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["record", *args]
        return super().parse_args(ctx, args)


def _person(ctx: click.Context, param: click.Parameter, value: str) -> str:
    org, _, person = value.partition(":")
    if not org or not person:
        raise click.BadParameter("write it as ORG:PERSON, e.g. itri:lu")
    return value


@main.group(cls=_ApproveGroup)
def approve() -> None:
    """Sign-off by the issuers: record an approval, request one by link, show where each issuer stands.

    \b
    pressgen approve RELEASE --by ORG:PERSON [--key KEY | --signature FILE]
    pressgen approve request RELEASE --org ORG
    pressgen approve status RELEASE
    pressgen approve message RELEASE --by ORG:PERSON   (the text to sign elsewhere)
    """


@approve.command(name="record", hidden=True)
@click.argument("release", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", "by", required=True, metavar="ORG:PERSON", callback=_person, help="The issuer and the person of the registry who approve.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Date of the approval (default: today).")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help="Sign the approval with this SSH key (the approver's own).")
@click.option("--signature", type=click.File("r", encoding="ascii"), help="A signature made with `ssh-keygen -Y sign -n pressgen-approval` over `pressgen approve message` ('-': standard input).")
def record(release: Path, by: str, day: object, key: Path | None, signature: object) -> None:
    """Record ORG:PERSON's sign-off of RELEASE as it is now."""
    from .review import approve as record_approval

    if key and signature:
        raise click.UsageError("give --key or --signature, not both")
    text = signature.read() if signature else None  # type: ignore[attr-defined]
    org, content = record_approval(release, by, day.date() if day else None, key=key, signature=text)  # type: ignore[attr-defined]
    how = "signed" if key or signature else "unsigned: it counts only where [tool.pressgen.approve] trust_unsigned lists " + org
    click.echo(f"{org} approved version {content} of {release} ({how})")


@approve.command()
@click.argument("release", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", "by", required=True, metavar="ORG:PERSON", callback=_person, help="The issuer and the person who will sign.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Date of the approval (default: today).")
def message(release: Path, by: str, day: object) -> None:
    """Print the text ORG:PERSON signs to approve RELEASE as it is now (pipe it to ssh-keygen -Y sign -n pressgen-approval)."""
    import datetime as dt

    from .errors import PressgenError
    from .review.evidence import approval_message
    from .review.signoff import approver_problem
    from .spec import load_release

    loaded = load_release(release)
    org, _, person = by.partition(":")
    problem = approver_problem(loaded, org, person)
    if problem:
        raise PressgenError([problem])
    sys.stdout.buffer.write(approval_message(loaded, org, person, day.date() if day else dt.date.today()))  # type: ignore[attr-defined]


@approve.command()
@click.argument("release", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--org", required=True, help="The issuer whose approver is asked (the registry gives the person and address).")
@click.option("--person", help="Another of the organization's approvers in the registry (default: the first).")
@click.option("--smtp", help="HOST:PORT of the SMTP server (default: from [tool.pressgen.send]).")
def request(release: Path, org: str, person: str | None, smtp: str | None) -> None:
    """Mail ORG's approver a personal, single-use approval link for RELEASE as it is now."""
    from .distribution.approval_request import request_approval

    result = request_approval(release, org, person, smtp)
    sent = result.sent
    click.echo(f"asked {sent.org}/{sent.person} <{sent.email}> to approve version {sent.content} of {release}; "
               f"the link is valid until {sent.expires_at:%Y-%m-%d %H:%M} UTC")
    click.echo(result.redline)


@approve.command()
@click.argument("release", type=click.Path(dir_okay=False, path_type=Path))
def status(release: Path) -> None:
    """Where each issuer of RELEASE stands: approved, requested, changes requested or missing."""
    from .review.status import approval_status
    from .spec import load_release

    states = approval_status(load_release(release))
    for state in states:
        click.echo(str(state))
    if any(s.state != "approved" for s in states):
        sys.exit(1)


@main.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", metavar="REV", help="Compare OLD as it was at this git revision with the file now.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: out/).")
@click.option("--author", default="pressgen", show_default=True, help="Author of the tracked changes in the DOCX.")
def diff(old: Path, new: Path | None, since: str | None, out: Path | None, author: str) -> None:
    """Redline two versions of a release: OLD NEW, or RELEASE --since REV."""
    from .review import diff_files, diff_since

    if (new is None) == (since is None):
        raise click.UsageError("give two specs (OLD NEW) or one spec and --since REV")
    if since == "":
        raise click.UsageError("--since: give a git revision (a commit, tag or branch), not an empty one")
    result = diff_since(old, since, out, author) if since is not None else diff_files(old, new, out, author)  # type: ignore[arg-type]
    summary = result.redline.changed_fields()
    for field, kinds in summary.items():
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("changed", "inserted", "deleted") if k in kinds)
        click.echo(f"{field}: {counts}")
    click.echo("no changes" if not summary else f"{len(summary)} field(s) changed")
    click.echo(f"wrote {result.html}\nwrote {result.docx}")


@main.command()
@click.argument("releases", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(releases: tuple[Path, ...]) -> None:
    """Check RELEASES and the registry they use; report every problem."""
    from .build import load_all

    for loaded in load_all(list(releases)):
        click.echo(f"ok {loaded.path} ({loaded.release.id})")


@main.command()
@click.argument("release_id")
@click.option("--issuer", "issuers", multiple=True, required=True, help="Organization id; repeat for a joint release.")
@click.option("--language", default="ja", type=click.Choice(["ja", "en", "zh-Hant"]))
def new(release_id: str, issuers: tuple[str, ...], language: str) -> None:
    """Write releases/RELEASE_ID.yaml, a draft spec that validates, dated as its id starts (else today)."""
    from .spec import new_release
    from .spec.scaffold import release_date

    day, source = release_date(release_id)
    click.echo(f"wrote {new_release(release_id, list(issuers), language)} (date: {day.isoformat()}, {source})")


@main.command()
@click.argument("folder", default=".", type=click.Path(path_type=Path))
@click.option("--templates", is_flag=True,
              help="Also copy pressgen's templates into templates/ to edit; they then replace pressgen's as a whole.")
def init(folder: Path, templates: bool) -> None:
    """Start a project in FOLDER (default: here): releases/, releases/orgs/, the JSON Schemas, pyproject.toml.
    Safe to rerun: it never overwrites a file."""
    from .spec import init_project

    for path, done, note in init_project(folder, templates):
        click.echo(f"{done} {path}{note}")


@main.group()
def org() -> None:
    """The registry of organizations (releases/orgs/)."""


@org.command("new")
@click.argument("org_id")
@click.option("--language", default="ja", type=click.Choice(["ja", "en", "zh-Hant"]), help="The language of its first name and boilerplate.")
@click.option("--name", help="Its formal name in that language (else a placeholder the checker flags).")
def org_new(org_id: str, language: str, name: str | None) -> None:
    """Write releases/orgs/ORG_ID.yaml, a registry file that validates."""
    from .spec import new_organization

    click.echo(f"wrote {new_organization(org_id, language, name)}")


@main.command()
@click.option("--registry", is_flag=True, help="The schema of an organization file instead of a release.")
def schema(registry: bool) -> None:
    """Print the JSON Schema of a release spec (for editors)."""
    from .spec import json_schema

    click.echo(json_schema("organization" if registry else "release"), nl=False)


@main.command()
def doctor() -> None:
    """Check fonts, Pango and HarfBuzz subsetting; say how to install what is missing."""
    from .doctor import diagnose

    ok = True
    for check in diagnose():
        ok &= check.ok or not check.required
        mark = "ok" if check.ok else ("MISSING" if check.required else "absent")
        click.echo(f"{mark:8} {check.name}: {check.detail}")
        if not check.ok and check.fix:
            click.echo(f"{'':8} install: {check.fix}")
    sys.exit(0 if ok else 1)
