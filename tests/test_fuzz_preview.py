"""Fuzzing the preview server's paths and headers over raw HTTP: every answer a plain status, nothing
served from outside releases/ and templates/, and never a traceback or a hang.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzzing import HOSTILE, hostile_text
from hypothesis import given
from hypothesis import strategies as st
from test_serve import Preview

from conftest import ROOT, project_part

SECRET = "secret-marker-5c1d7e"  # in a file beside the project's folders, which the preview must never serve
ANSWERS = {200, 304, 400, 403, 404, 405, 408, 409, 413, 414, 431, 500, 501, 505}


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = tmp_path_factory.mktemp("preview-fuzz")
    for name in ("releases", "templates"):
        shutil.copytree(project_part(name), root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    (root / "secret.txt").write_text(SECRET, "utf-8")
    (root / "releases" / "link.yaml").symlink_to(root / "secret.txt")
    (root / "templates" / "link.css").symlink_to(root / "secret.txt")
    server = Preview(root)
    yield server
    code, _ = server.stop()
    assert code == 0
    assert "Traceback" not in server.errors, server.errors


SEGMENTS = ["", ".", "..", "%2e%2e", "%2E.", "%2f", "%5c", "\\", "%00", "%", "%zz", "%C0%AE", "%E3%81%82", "releases", "templates",
            "orgs", "source", "release", "assets", "events", "preview.css", "2026-04-21-itri-mou", "2026-04-21-itri-mou.pdf",
            "link.yaml", "link.css", "secret.txt", "pyproject.toml", "etc", "passwd", "preview.html", "x" * 300, "?a=1", "#frag", ";"]


def _byte_safe(text: str) -> str:
    return "".join(c for c in text if c not in "\r\n ").encode("utf-8", "surrogatepass").decode("latin-1")


paths = st.one_of(
    st.lists(st.sampled_from(SEGMENTS), max_size=8).map(lambda parts: "/" + "/".join(parts)),
    st.lists(st.one_of(st.sampled_from(SEGMENTS), hostile_text().map(_byte_safe)), max_size=5).map(lambda parts: "/" + "/".join(parts)),
    hostile_text().map(_byte_safe),
)
header_names = st.one_of(st.sampled_from(["Host", "Range", "If-Modified-Since", "Content-Length", "Transfer-Encoding", "Expect", "Cookie", "Accept-Encoding"]),
                         st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=20))
header_values = st.one_of(st.sampled_from(["127.0.0.1:{port}", "localhost:{port}", "evil.example:{port}", "", "-1", "99999999999999999999", "chunked",
                                           "bytes=0-", "100-continue", *HOSTILE[:40]]), hostile_text())


@given(method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "G ET", ""]),
       path=paths, headers=st.lists(st.tuples(header_names, header_values), max_size=5), version=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "", "FOO"]),
       with_host=st.booleans())
def test_any_request(preview: Preview, method: str, path: str, headers: list[tuple[str, str]], version: str, with_host: bool) -> None:
    lines = [f"{method} {path} {version}".strip()]
    if with_host:
        lines.append(f"Host: 127.0.0.1:{preview.port}")
    lines += [f"{name}: {_byte_safe(value.format(port=preview.port) if '{port}' in value else value)}" for name, value in headers]
    request = ("\r\n".join([*lines, "Connection: close", "", ""])).encode("latin-1", errors="replace")
    with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):  # a hang fails here, on the timeout
            answer += chunk
            if b"text/event-stream" in answer:
                break  # the event stream is meant to stay open
    if not answer:
        return  # http.server closes the connection on an empty request line
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    if status_line.startswith("HTTP/1."):
        assert int(status_line.split()[1]) in ANSWERS, status_line
    else:  # not an HTTP/1.x request line ("GET  HTTP/1.1" is an HTTP/0.9 one): answered as HTTP/0.9, a body alone
        words = lines[0].split()
        assert not (len(words) == 3 and words[2] in ("HTTP/1.0", "HTTP/1.1")), answer[:300]
    assert SECRET.encode() not in answer and b"root:x:0:0" not in answer
    assert preview.process.poll() is None
