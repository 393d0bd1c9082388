"""Fuzzing the command line: every command with options drawn from its own click definition, values hostile.

The property: exit 0, 1 (located problems) or 2 (usage), never a traceback or an exception; the project's
inputs unchanged, but for what the command is for (`new` adds a spec, `approve` writes approvals).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fuzzing import hostile_text, time_limit, tree_digest
from hypothesis import event, given
from hypothesis import strategies as st
from test_send_support import pdf_once  # noqa: F401

SEED = "releases/2026-04-21-itri-mou.yaml"
SEED_EN = "releases/2026-04-21-itri-mou-en.yaml"
# Every command and sub-command but the servers (serve, webapp: they run until stopped) and doctor (it checks the machine).
COMMANDS = [("validate",), ("build",), ("check",), ("diff",), ("schema",), ("send",), ("site",), ("new",), ("approve",), ("approve", "request"),
            ("approve", "status"), ("org", "new"), ("review", "import"), ("review", "comments"), ("review", "resolve"), ("inbox",)]
# What a command may write among the project's inputs: a new spec or registry file, or an edit of the spec it was given.
CREATES = {("new",), ("org", "new")}
EDITS = {("approve",), ("review", "import"), ("review", "resolve")}
PATHS = [SEED, SEED_EN, "releases/orgs/itri.yaml", "releases", "missing.yaml", "media.csv", "out", "/dev/null", "-", "", "releases/../pyproject.toml"]
VALUES = ["html", "pdf,docx", "html,nope", "json", "ja", "en", "xx", "itri:lu", "itri", ":", "2026-04-21", "2026-13-45", "HEAD", "HEAD~999",
          "127.0.0.1:1", "host:99999", "2099-01-01T10:00+09:00", "2026-04-21T10:00", "utf-8", "cp932", "nonsense", "biotech", "https://news.example.org/",
          "ftp://x", "out/elsewhere", "0", "-1", "--", "--help"]

pytestmark = pytest.mark.usefixtures("pdf_once")


def _options(names: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(option, takes a value) for each option of the command, as click declares them: new options are fuzzed too."""
    from pressgen.cli import main

    command: click.Command | None = main
    for name in names:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    assert command is not None
    return [(flag, not param.is_flag) for param in command.params if isinstance(param, click.Option) for flag in param.opts]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    names = draw(st.sampled_from(COMMANDS))
    options = _options(names)
    words = list(names)
    if draw(st.integers(0, 9)) < 8:  # most command lines start as users write them: a spec first
        words.append(draw(st.sampled_from([SEED, SEED, SEED_EN, *PATHS])))
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 9))
        if kind < 4 and options:
            flag, takes_value = draw(st.sampled_from(options))
            words.append(flag)
            if takes_value:
                words.append(draw(st.one_of(st.sampled_from(VALUES), st.sampled_from(PATHS), hostile_text())))
        elif kind < 8:
            words.append(draw(st.sampled_from(PATHS)))
        else:
            words.append(draw(hostile_text()))
    return words


def _inputs(root: Path) -> dict[str, str]:
    return {path: digest for path, digest in tree_digest(root).items() if path.startswith(("releases/", "templates/", "pyproject.toml"))}


@given(words=command_lines())
def test_any_command_line(project: Path, words: list[str]) -> None:
    from pressgen.cli import main

    (project / "media.csv").write_text("name,outlet,email,language,tags\n記者,新聞,press@example.com,ja,biotech\n", "utf-8")
    before = _inputs(project)
    pristine = {path: (project / path).read_bytes() for path in before}
    try:
        with time_limit(60):
            result = CliRunner().invoke(main, [w.replace("\x00", "") for w in words], catch_exceptions=True)
        names = next(c for c in sorted(COMMANDS, key=len, reverse=True) if tuple(words[: len(c)]) == c)
        event(f"{' '.join(names)} exit {result.exit_code}")
        assert result.exit_code in (0, 1, 2), (words, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (words, repr(result.exception))
        assert "Traceback" not in result.output
        after = _inputs(project)
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        allowed = {path for path in changed if (names in CREATES and path not in before) or (names in EDITS and path in (SEED, SEED_EN))}
        assert changed == allowed, (words, sorted(changed - allowed))
    finally:
        for path in set(_inputs(project)) - set(pristine):
            (project / path).unlink()
        for path, data in pristine.items():
            if (project / path).read_bytes() != data:
                (project / path).write_bytes(data)
        shutil.rmtree(project / "out", ignore_errors=True)
