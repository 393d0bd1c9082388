"""The preview server over plain HTTP: only project files, no traversal, read-only, live events, clean shutdown."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import alive, child_pids, run_pressgen

SEED = "2026-04-21-itri-mou"


class Preview:
    """`pressgen serve --port 0` running in a project, as a user starts it."""

    def __init__(self, project: Path):
        command = [str(Path(sys.executable).parent / "pressgen"), "serve", "--port", "0"]
        self.process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("preview: http://127.0.0.1:"), line + self.process.stderr.read()  # type: ignore[union-attr]
        self.url = line.split()[1]
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def get(self, path: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
        """One request with `path` sent exactly as written (no client-side normalization)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        """Stop the server; its exit code and output (what it wrote to stderr is kept in `errors`)."""
        self.process.send_signal(sig)
        try:
            out, self.errors = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return self.process.returncode, out

    def kill(self) -> None:
        """The server and its PDF worker, whatever state a failed test left them in."""
        for child in child_pids(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        self.process.kill()
        self.process.communicate()


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    server = Preview(project)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.kill()


def test_project_files_are_served_and_traversal_is_not(preview: Preview, project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.css").write_text("secret", "utf-8")
    (outside / "elsewhere.yaml").write_text((project / "releases" / f"{SEED}.yaml").read_text("utf-8").replace(SEED, "elsewhere"), "utf-8")
    os.symlink(outside / "secret.css", project / "templates" / "linked.css")
    os.symlink(outside, project / "templates" / "linked-folder")
    os.symlink(outside / "elsewhere.yaml", project / "releases" / "elsewhere.yaml")

    assert preview.get("/source/releases/orgs/itri.yaml")[0] == 200
    assert preview.get(f"/source/releases/{SEED}.yaml")[0] == 200
    for path in (
        "/../pyproject.toml",
        "/source/../pyproject.toml",
        "/source/releases/../pyproject.toml",
        "/source/releases/../../../../etc/passwd",
        "/source/%2e%2e/pyproject.toml",
        "/source/releases/%2E%2E/pyproject.toml",
        "/source/releases/..%2fpyproject.toml",
        "/source/releases/%252e%252e/pyproject.toml",
        "/source/releases%2f..%2fpyproject.toml",
        "/source/releases/..\\pyproject.toml",
        "/source//etc/passwd",
        "/source/pyproject.toml",  # a project file, but not one of releases/ or templates/
        "/source/templates/reference.docx",  # not text
        "/source/templates/linked.css",  # a symlink out of the project
        "/source/templates/linked-folder/secret.css",
        "/source/releases/elsewhere.yaml",
        "/release/elsewhere/",
        "/release/elsewhere/preview.html",
        f"/release/..%2f{SEED}/",
        f"/release/{SEED}/../../pyproject.toml",
        "/assets/../pyproject.toml",
        "/assets/index.html.j2",  # only the two assets, not the templates beside them
        "http://127.0.0.1/source/releases/orgs/itri.yaml",
    ):
        status, body = preview.get(path)
        assert status == 404, path
        assert b"secret" not in body and b"[tool." not in body, path
    index = preview.get("/")[1].decode()
    assert "/release/elsewhere/" not in index and f"/release/{SEED}/" in index


def test_nothing_changes_over_get_and_other_methods_are_refused(preview: Preview, project: Path) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in project.rglob("*")}

    before = snapshot()
    for path in ("/", f"/release/{SEED}/", f"/release/{SEED}/preview.html", f"/release/{SEED}/{SEED}.pdf",
                 f"/release/{SEED}/{SEED}.docx", "/source/releases/orgs/itri.yaml", "/assets/preview.js"):
        assert preview.get(path)[0] == 200, path
        assert preview.get(path, method="HEAD")[0] == 200, path
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert preview.get(f"/release/{SEED}/", method=method)[0] == 405
    assert snapshot() == before
    assert not (project / "out").exists()


def test_downloads_are_built_from_the_spec_as_saved(preview: Preview, project: Path) -> None:
    status, pdf = preview.get(f"/release/{SEED}/{SEED}.pdf")
    assert status == 200 and pdf.startswith(b"%PDF-")
    status, docx = preview.get(f"/release/{SEED}/{SEED}.docx")
    assert status == 200 and docx.startswith(b"PK")
    spec = project / "releases" / f"{SEED}.yaml"
    spec.write_text(spec.read_text("utf-8").replace("language: ja", "language: jp"), "utf-8")
    time.sleep(0.5)  # the watcher's turn
    status, body = preview.get(f"/release/{SEED}/{SEED}.pdf")
    assert status == 409
    assert f"releases/{SEED}.yaml:4:11: language:" in body.decode()


def test_host_names_other_than_loopback_are_refused(preview: Preview) -> None:
    assert preview.get("/", host=f"localhost:{preview.port}")[0] == 200
    assert preview.get("/", host=f"attacker.example:{preview.port}")[0] == 403


def test_saving_a_file_sends_an_event_within_a_second(preview: Preview, project: Path) -> None:
    registry = project / "releases" / "orgs" / "itri.yaml"

    def save() -> float:
        registry.write_text(registry.read_text("utf-8") + "\n", "utf-8")
        return time.perf_counter()

    with socket.create_connection(("127.0.0.1", preview.port), timeout=5) as stream:
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        received = b""
        while b"data: 0\n\n" not in received:
            received += stream.recv(4096)
        assert b"Content-Type: text/event-stream" in received
        # The watcher starts beside the server: save until it reports once, then time a save.
        stream.settimeout(0.5)
        while b"data: 1\n\n" not in received:
            save()
            try:
                received += stream.recv(4096)
            except TimeoutError:
                pass
        time.sleep(0.5)  # let the warm-up saves settle into their events
        try:
            received += stream.recv(4096)
        except TimeoutError:
            pass
        stream.settimeout(5)
        latest = max(int(n) for n in re.findall(rb"data: (\d+)\n\n", received))
        saved = save()
        while f"data: {latest + 1}\n\n".encode() not in received:
            received += stream.recv(4096)
        assert time.perf_counter() - saved < 1.0


def test_no_request_makes_the_server_print_a_traceback(preview: Preview) -> None:
    for path in ["/source/releases/" + "a" * 300 + ".yaml", "/source/" + "c/" * 3000 + "x.yaml", "/release/" + "b" * 5000]:
        assert preview.get(path)[0] == 404
    code, _ = preview.stop()
    assert code == 0 and "Traceback" not in preview.errors


def test_two_hundred_requests_at_once_are_all_answered(preview: Preview) -> None:
    """The listen backlog holds a browser's burst (http.server's default of 5 made clients wait 1-28 s)."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(n: int) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
        connection.request("GET", "/assets/preview.css")
        status = connection.getresponse().status
        connection.close()
        return status

    with ThreadPoolExecutor(max_workers=200) as pool:
        assert list(pool.map(fetch, range(200))) == [200] * 200


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_server_stops_cleanly_with_a_stream_open_and_its_pdf_worker_busy(preview: Preview, sig: int) -> None:
    """A stop waits neither for the event streams nor for the PDF worker, whether it is warming up or rendering.

    The worker is frozen (SIGSTOP) to stand for one that is slow under load: a stop that waited for it
    to take its next task, as the standard library's exit does, never ends.
    """
    workers = child_pids(preview.process.pid)
    assert workers, "the preview forked no PDF worker"
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)
    with socket.create_connection(("127.0.0.1", preview.port), timeout=5) as stream:
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        assert stream.recv(4096)
        started = time.perf_counter()
        code, out = preview.stop(sig)
        assert code == 0 and "preview stopped" in out
        assert time.perf_counter() - started < 5
        while stream.recv(4096):  # the stream is closed, not left hanging: this ends, well before the timeout
            pass
    assert not [pid for pid in workers if alive(pid)], "a PDF worker outlived the preview"


def test_bad_options_and_a_busy_port_are_located_messages(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    result = run_pressgen("serve", "--port", "http", cwd=project)
    assert result.returncode == 2 and "--port: 'http' must be a number from 0 to 65535" in result.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = run_pressgen("serve", "--port", port, cwd=project)
    assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr
    nowhere = tmp_path_factory.mktemp("no-project")
    result = run_pressgen("serve", "--port", "0", cwd=nowhere)
    assert result.returncode == 1 and "no pressgen project here or above" in result.stderr



def test_the_server_stops_with_pdf_downloads_still_rendering(preview: Preview) -> None:
    """A stop while twenty PDFs render: the renders fail with the server, no worker is started again, the process ends."""

    def download() -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            preview.get(f"/release/{SEED}/{SEED}.pdf")

    clients = [threading.Thread(target=download, daemon=True) for _ in range(20)]
    for client in clients:
        client.start()
    time.sleep(2)  # the first renders are under way, the rest queued
    started = time.perf_counter()
    code, out = preview.stop()
    assert code == 0 and "preview stopped" in out
    assert time.perf_counter() - started < 5
    assert not child_pids(preview.process.pid)
