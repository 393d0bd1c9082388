"""Defences that hold whatever the input: the PDF fetcher, atomic outputs, a doctor that notices a slow machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import alive, child_pids, run_cli

SPEC = "releases/2026-04-21-itri-mou.yaml"


def test_the_fetcher_serves_only_data_and_project_files(project: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from pressgen.writers.pdf.fetcher import ProjectFetcher

    fetcher = ProjectFetcher([project / "templates", project / "releases"])
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert b"id:" in fetcher.fetch((project / SPEC).as_uri()).read()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.com/logo.png",
                (project / "templates" / ".." / "pyproject.toml").as_uri(), "ftp://127.0.0.1/x"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)


@pytest.mark.parametrize("markup", [
    '<img src="file:///etc/passwd" alt="">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">',
    "<style>@import url(file:///etc/hostname);</style>",
])
def test_a_template_cannot_make_the_pdf_read_outside_the_project(project: Path, markup: str) -> None:
    template = project / "templates" / "release.html.j2"
    template.write_text(template.read_text("utf-8").replace("<article", markup + "\n<article", 1), "utf-8")
    code, _, err = run_cli("build", SPEC, "--format", "pdf")
    assert code == 1
    assert "refused to load" in err and "Traceback" not in err
    assert not (project / "out").exists()


def _outputs(project: Path) -> dict[str, bytes]:
    folder = project / "out" / "2026-04-21-itri-mou"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_failing_writer_leaves_the_previous_outputs_whole(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pressgen.writers.docx.writer

    assert run_cli("build", SPEC)[0] == 0
    before = _outputs(project)
    spec = project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")

    def broken(page: object) -> bytes:
        raise KeyboardInterrupt  # the user pressed Ctrl-C while the DOCX was being made

    monkeypatch.setattr(pressgen.writers.docx.writer, "write", broken)
    code, _, err = run_cli("build", SPEC)
    assert code == 130 and "nothing was half-written" in err
    assert _outputs(project) == before


def test_an_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressgen.output import write_atomic

    target = tmp_path / "release.pdf"
    target.write_bytes(b"the good one")

    def power_cut(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        write_atomic(target, b"half" * 1000)
    assert target.read_bytes() == b"the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["release.pdf"]


def test_doctor_fails_loudly_without_harfbuzz_subsetting(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    code, out, _ = run_cli("doctor")
    assert code == 1
    assert "MISSING  HarfBuzz subsetting: fonts would be subset by fontTools" in out
    assert "install: apt-get install -y libharfbuzz-subset0" in out


def test_a_killed_pdf_worker_is_replaced_by_the_next_build(project: Path) -> None:
    import signal
    import time

    from pressgen.writers.pdf import pool as pdf_pool
    from pressgen.build import build

    spec = project / SPEC
    build([spec], formats=["pdf"], out=project / "out")
    pool = pdf_pool.pdf_pool()
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not pool._broken and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool._broken
    (pdf,) = build([spec], formats=["pdf"], out=project / "out")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_killed_build_leaves_no_pdf_worker_running(project: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    command = [str(Path(sys.executable).parent / "pressgen"), "build", SPEC, "--format", "pdf"]
    build = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline:
        workers = child_pids(build.pid)
        time.sleep(0.05)
    assert workers, "the build forked no PDF worker"
    build.send_signal(signal.SIGKILL)
    build.wait(10)
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "the PDF worker outlived the build that was killed"



def test_files_written_side_by_side_report_a_failure_and_leave_no_temporary_file(tmp_path: Path) -> None:
    from pressgen.output import write_all

    (tmp_path / "release.docx").mkdir()  # something in the way of one of them
    (tmp_path / "release.html").write_bytes(b"the old one")
    with pytest.raises(IsADirectoryError):
        write_all([(tmp_path / "release.pdf", b"pdf"), (tmp_path / "release.docx", b"docx"), (tmp_path / "release.html", b"html")])
    assert (tmp_path / "release.pdf").read_bytes() == b"pdf" and (tmp_path / "release.html").read_bytes() == b"html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.docx", "release.html", "release.pdf"]
