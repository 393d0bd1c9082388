"""The command line: build, validate, new, schema, doctor, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_pressgen


def test_build_writes_the_three_formats_into_out(project: Path) -> None:
    code, out, err = run_cli("build", "releases/2026-04-21-itri-mou.yaml")
    assert code == 0, err
    folder = project / "out" / "2026-04-21-itri-mou"
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".html", ".pdf"]
    assert not list(folder.glob(".*"))  # no temporary files left behind


def test_build_one_format(project: Path) -> None:
    code, _, err = run_cli("build", "releases/2026-04-21-itri-mou.yaml", "--format", "html", "--out", "site")
    assert code == 0, err
    assert [p.name for p in (project / "site" / "2026-04-21-itri-mou").iterdir()] == ["2026-04-21-itri-mou.html"]


def test_validate_reports_ok(project: Path) -> None:
    code, out, _ = run_cli("validate", "releases/2026-04-21-itri-mou.yaml", "releases/2026-04-21-itri-mou-en.yaml")
    assert code == 0
    assert out.count("ok ") == 2


def test_new_writes_a_spec_that_validates_and_builds(project: Path) -> None:
    code, out, err = run_cli("new", "2026-05-01-test", "--issuer", "ipark-institute", "--issuer", "itri")
    assert code == 0, err
    spec = project / "releases" / "2026-05-01-test.yaml"
    assert spec.is_file()
    assert run_cli("validate", str(spec))[0] == 0
    assert run_cli("build", str(spec), "--format", "html")[0] == 0


def test_new_refuses_an_unknown_issuer_and_writes_nothing(project: Path) -> None:
    code, _, err = run_cli("new", "2026-05-01-test", "--issuer", "nobody")
    assert code == 1
    assert "unknown organization 'nobody'" in err
    assert not list((project / "releases").glob("*2026-05-01*"))


def test_schema_is_json_schema_of_the_spec() -> None:
    code, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert {"id", "language", "issuers", "headline", "body", "quotes", "embargo"} <= set(schema["properties"])


def test_committed_schemas_are_up_to_date() -> None:
    """Editors read releases/*.schema.json; they must say what the code validates."""
    for kind, args in (("release", ()), ("organization", ("--registry",))):
        assert (ROOT / "releases" / f"{kind}.schema.json").read_text("utf-8") == run_cli("schema", *args)[1], kind


@pytest.mark.parametrize("args", [(), ("--registry",)], ids=["release", "organization"])
def test_every_field_of_the_schemas_has_a_description(args: tuple[str, ...]) -> None:
    """An editor shows each field's description as the user types: none may be left without one."""
    schema = json.loads(run_cli("schema", *args)[1])
    undescribed = [
        f"{name}.{key}"
        for name, part in [("", schema), *schema.get("$defs", {}).items()]
        for key, field in part.get("properties", {}).items()
        if not field.get("description")
    ]
    assert not undescribed, undescribed


def test_doctor_passes_on_this_machine() -> None:
    result = run_pressgen("doctor")
    assert result.returncode == 0, result.stdout
    assert "ok       HarfBuzz subsetting" in result.stdout


# A bad option value or options that do not go together, for every command that takes options.
USAGE_ERRORS = [
    (("frobnicate",), "No such command 'frobnicate'"),
    (("build",), "Missing argument 'RELEASES...'"),
    (("build", "x.yaml", "--format", "odt"), "choose from html, pdf, docx"),
    (("approve", "releases/2026-04-21-itri-mou.yaml", "--by", "lu"), "write it as ORG:PERSON"),
    (("diff", "releases/2026-04-21-itri-mou.yaml"), "give two specs (OLD NEW) or one spec and --since REV"),
    (("diff", "releases/2026-04-21-itri-mou.yaml", "--since", ""), "--since: give a git revision"),
    (("check", "--explain", "no.such-rule"), "no.such-rule"),
    (("send", "releases/2026-04-21-itri-mou.yaml", "--list", "media.csv", "--at", "tomorrow"), "is not a date and time"),
    (("send", "releases/2026-04-21-itri-mou.yaml", "--list", "media.csv", "--at", "9999-12-31T23:59+09:00"), "is more than 31 days ahead"),
    (("send", "releases/2026-04-21-itri-mou.yaml", "--outbox", "x"), "--list FILE is required"),
    (("site", "--base-url", "ftp://news.example.org"), "--base-url: 'ftp://news.example.org' must be an http:// or https:// address"),
    (("serve", "--port", "http"), "--port: 'http' must be a number from 0 to 65535"),
    (("serve", "--port", "65536"), "--port: '65536' must be a number from 0 to 65535"),
    (("webapp", "--port", "http"), "'http' is not a valid integer range"),
    (("webapp", "--threads", "0"), "0 is not in the range 1<=x<=64"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...], message: str) -> None:
    """As the README says: exit 2 for usage, with the option named, before anything is read or written."""
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code, _, err = run_cli(*args)
    assert code == 2 and message in " ".join(err.split()), err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


@pytest.mark.parametrize("command", ["serve", "webapp"])
def test_a_server_that_cannot_listen_says_where(project: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setenv("PRESSGEN_APPROVAL_KEY", "k" * 44)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = run_pressgen(command, "--port", port, cwd=project, timeout=30)
    assert result.returncode == 1 and f"--host/--port: cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
    result = run_pressgen(command, "--host", "no-such-host.invalid", "--port", "0", cwd=project, timeout=30)
    assert result.returncode == 1 and "--host/--port: cannot listen on no-such-host.invalid:0: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_real_process_fails_without_traceback(project: Path) -> None:
    spec = project / "releases" / "broken.yaml"
    spec.write_text("id: broken\nlanguage: ja\n", "utf-8")
    result = run_pressgen("build", str(spec), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.yaml:1:1: date: required field is missing" in result.stderr


def test_two_specs_with_one_id_are_refused(project: Path) -> None:
    source = project / "releases" / "2026-04-21-itri-mou.yaml"
    (project / "releases" / "copy.yaml").write_text(source.read_text("utf-8"), "utf-8")
    code, _, err = run_cli("validate", "releases/copy.yaml")
    assert code == 1
    assert "copy.yaml:3:5: id: '2026-04-21-itri-mou' is also the id of 2026-04-21-itri-mou.yaml" in err
