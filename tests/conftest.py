"""Shared fixtures: the project, a disposable copy of it, and readers for built outputs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Fuzzing profiles: a few hundred examples per surface in the suite (the same ones every run), and
# PRESSGEN_FUZZ=long (make fuzz) for at least 10,000 per surface, new ones each run.
_FUZZ_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("fast", max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=_FUZZ_CHECKS)
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=_FUZZ_CHECKS)
settings.load_profile("long" if os.environ.get("PRESSGEN_FUZZ") == "long" else "fast")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"  # copies of the seed material, so that a clone tests on its own
SEED_JA = ROOT / "releases" / "2026-04-21-itri-mou.yaml"
SEED_EN = ROOT / "releases" / "2026-04-21-itri-mou-en.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the project (releases, registry, templates, settings), as the working folder."""
    for name in ("releases", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Both seed releases built once in all three formats: {"ja": {"html": path, ...}, "en": {...}}."""
    from pressgen.build import build

    out = tmp_path_factory.mktemp("out")
    paths = build([SEED_JA, SEED_EN], out=out)
    found: dict[str, dict[str, Path]] = {"ja": {}, "en": {}}
    for path in paths:
        found["en" if path.stem.endswith("-en") else "ja"][path.suffix[1:]] = path
    return found


def run_cli(*args: str) -> tuple[int, str, str]:
    """pressgen ARGS in-process; (exit code, stdout, stderr)."""
    from pressgen.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a command's PDF workers)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(status.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(status.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def run_pressgen(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """pressgen ARGS as a real process, as a user runs it."""
    command = [str(Path(sys.executable).parent / "pressgen"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def pdf_text(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def html_blocks(path: Path) -> list[str]:
    """Text of each block of the release article, in order, as a reader sees it."""
    from lxml import html

    tree = html.parse(str(path))
    blocks = []
    for element in tree.getroot().iter("p", "h1", "h2", "li", "figcaption"):
        if any(a.get("hidden") is not None for a in [element, *element.iterancestors()]):
            continue
        if element.tag == "li" and element.find("p") is not None:
            continue
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(text)
    return blocks


def squash(text: str) -> str:
    """Text without any white space: PDF extraction breaks lines anywhere in Japanese."""
    return "".join(text.split())


def relax_seed_check_errors(project: Path) -> None:
    """Turn the check errors the seed has as transcribed into warnings, so that only sign-off stands in the way."""
    settings = project / "pyproject.toml"
    overrides = '"characters.paren-width" = "warning"\n"names.misspelling" = "warning"\n'
    text = settings.read_text("utf-8").replace("[tool.pressgen.check.severity]\n", "[tool.pressgen.check.severity]\n" + overrides)
    settings.write_text(text, "utf-8")


SEED_APPROVERS = {"ipark-institute": "fujimoto", "itri": "lu"}


@cache
def ssh_key(name: str) -> Path:
    """A private ed25519 key made for this test process (its public half beside it, .pub)."""
    folder = Path(tempfile.mkdtemp(prefix=f"pressgen-test-key-{name}-"))
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", str(folder / "id")], check=True)
    return folder / "id"


def public_key(name: str) -> str:
    return ssh_key(name).with_suffix(".pub").read_text("ascii").strip()


def register_signing_key(project: Path, org: str, person: str, key_line: str) -> None:
    """List `key_line` (allowed_signers: [options] TYPE KEY [comment]) among PERSON's signing keys in the registry."""
    path = project / "releases" / "orgs" / f"{org}.yaml"
    text = path.read_text("utf-8")
    entry = re.search(rf"^people:\n(?:(?:  .*|#.*|)\n)*?  {re.escape(person)}:\n", text, re.M)
    assert entry, f"no person {person} in {path}"
    quoted = key_line.replace("'", "''")
    text = text[: entry.end()] + f"    signing_keys: ['{quoted}']\n" + text[entry.end():]
    path.write_text(text, "utf-8")


@pytest.fixture
def keyed(project: Path) -> Path:
    """The project with the seed's approvers' SSH keys in the registry, and the seed's check errors relaxed."""
    relax_seed_check_errors(project)
    for org, person in SEED_APPROVERS.items():
        register_signing_key(project, org, person, public_key(person))
    return project


def sign_off(project: Path, *specs: Path) -> None:
    """Every issuer approves each spec as it is now, signed with its approver's SSH key listed in the registry (as the
    gate requires), and the seed's check errors are relaxed."""
    relax_seed_check_errors(project)
    approve_as_issuers(*specs)


def approve_as_issuers(*specs: Path) -> None:
    """Every issuer of each seed spec approves it as it is now (again, after an edit), signing with its approver's key,
    which is added to the registry of the spec's project if it is not there yet."""
    from pressgen.review import approve
    from pressgen.spec import find_project, load_release

    for spec in specs:
        project = find_project(spec.parent).root
        for org, person in SEED_APPROVERS.items():
            if public_key(person).split()[1] not in (project / "releases" / "orgs" / f"{org}.yaml").read_text("utf-8"):
                register_signing_key(project, org, person, public_key(person))
    for spec in specs:
        for issuer in load_release(spec).release.issuers:
            person = SEED_APPROVERS[issuer]
            approve(spec, f"{issuer}:{person}", key=ssh_key(person))
