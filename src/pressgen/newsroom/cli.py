"""The `pressgen site` command: parse the options, build the newsroom, say what was done."""

from __future__ import annotations

import re
from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(path_type=Path), help="Folder of the site (default: out/site).")
@click.option("--base-url", help="Public address of the site, for the feeds and the sitemap.")
@click.option("--language", help="Language of the newsroom's own words: ja or en (default: ja).")
def site(out: Path | None, base_url: str | None, language: str | None) -> None:
    """Build the static newsroom: release pages, organization pages, Atom feeds, a sitemap.

    Only releases through the sign-off gate and past their embargo are published. Settings may also come from
    [tool.pressgen.site] base_url and language.
    """
    from ..spec.project import find_project
    from .build import DEFAULT_BASE_URL, build_site

    project = find_project()
    settings = project.section("site")
    address = base_url or settings.get("base_url")
    report = build_site(
        project,
        out or project.out / "site",
        _checked_base_url(address or DEFAULT_BASE_URL),
        language or settings.get("language", "ja"),
    )
    pages = report.pages
    releases = sum(1 for path in pages.keys if path.startswith("release/"))
    click.echo(
        f"wrote {report.out}: {releases} release{'' if releases == 1 else 's'} "
        f"({len(report.rendered)} rendered, {releases - len(report.rendered)} unchanged), "
        f"{len(pages.keys)} pages ({len(pages.written)} written, {len(pages.reused)} unchanged)"
    )
    if report.withheld:
        click.echo(f"not published yet: {', '.join(report.withheld)}")
    if not address:
        click.echo(f"feeds and sitemap address the site as {DEFAULT_BASE_URL}; give --base-url for its public address")


def _checked_base_url(value: str) -> str:
    """Feeds and sitemaps need absolute addresses; the site's address ends in a slash."""
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise click.UsageError(f"--base-url: '{value}' must be an http:// or https:// address")
    return value if value.endswith("/") else value + "/"
