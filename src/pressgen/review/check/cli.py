"""The `pressgen check` command: load the releases, check each, print the findings, exit 1 on errors."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("releases", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", help="Findings as lines or as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (for CI).")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and their default severities, then exit.")
@click.option("--explain", "explain_rule", metavar="RULE", help="What RULE looks for, why, and how to silence it; then exit.")
@click.pass_context
def check(ctx: click.Context, releases: tuple[Path, ...], output: str, strict: bool, list_rules: bool, explain_rule: str | None) -> None:
    """Proofread RELEASES: names, abbreviations, characters, dates, structure and Japanese style.

    Each finding is `path:line:col: severity rule-id: message`. Exit 1 on any error, and on warnings with --strict (notes never fail).
    """
    from ...build import load_all
    from . import RULES, check_release, load_rules
    from .finding import SEVERITIES

    if explain_rule is not None:
        from .explain import explanation
        from .settings import unknown_rule

        load_rules()
        if explain_rule not in RULES:
            raise click.UsageError(unknown_rule(explain_rule, RULES))
        click.echo(explanation(RULES[explain_rule]), nl=False)
        return
    if list_rules:
        load_rules()
        for entry in RULES.values():
            languages = f" [{', '.join(entry.languages)}]" if entry.languages else ""
            click.echo(f"{entry.id:34} {entry.severity:8} {entry.summary}{languages}")
        return
    findings = list(dict.fromkeys(f for loaded in load_all(list(releases)) for f in check_release(loaded)))
    if output == "json":
        click.echo(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
    errors, warnings, notes = (sum(f.severity == s for f in findings) for s in SEVERITIES)
    click.echo(f"pressgen check: {errors} error(s), {warnings} warning(s), {notes} note(s) in {len(releases)} release(s)", err=True)
    ctx.exit(1 if errors or (strict and warnings) else 0)
