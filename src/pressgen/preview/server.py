"""The preview's HTTP side: a few read-only routes over the workspace, project files by allow-list, and an event stream."""

from __future__ import annotations

import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import jinja2

from ..errors import PressgenError
from ..render.templating import template_problems
from ..writers import WRITERS
from ..writers.pdf.pool import start_pdf_workers, stop_pdf_workers
from . import pages
from .changes import Changes, watch
from .workspace import ReleaseState, Workspace

ASSETS = {"preview.css": "text/css; charset=utf-8", "preview.js": "text/javascript; charset=utf-8"}
SOURCE_SUFFIXES = {".yaml", ".yml", ".j2", ".css", ".js", ".md", ".txt"}
DOWNLOADS = {
    ".pdf": ("pdf", "application/pdf", "inline"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
}
KEEP_ALIVE_SECONDS = 15
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The release HTML carries its own <style>; scripts come only from this server, never from a spec.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser holding an event stream open must not keep the process alive
    # http.server listens with a backlog of 5: a burst of requests (a page, its frame, assets, a reload
    # of many tabs) overflowed it and clients waited for SYN retries, 1-28 s.
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], workspace: Workspace, changes: Changes, loopback: bool):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, Handler)
        self.workspace = workspace
        self.changes = changes
        port = self.server_address[1]
        # On the loopback interface only these names are honoured, so that a web page that rebinds its
        # own host name to 127.0.0.1 cannot read the preview (DNS rebinding).
        self.hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")} if loopback else None

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """One line on the terminal, never a traceback: the request failed, the server goes on."""
        error = sys.exc_info()[1]
        print(f"pressgen serve: a request from {client_address[0]} failed: {type(error).__name__}: {error}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "pressgen-preview"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server looks up)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _refuse_method(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"the preview only reads: GET and HEAD\n", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the terminal is for the address and for errors."""

    # ── routing ──

    def _answer(self, send_body: bool) -> None:
        self.send_body = send_body
        if self.server.hosts is not None and self.headers.get("Host", "") not in self.server.hosts:
            return self._send(HTTPStatus.FORBIDDEN, b"unknown host name\n", "text/plain; charset=utf-8")
        parts = request_segments(self.path)
        try:
            if parts is None:
                return self._not_found()
            if parts in ([""], []):
                workspace = self.server.workspace
                with workspace.lock:
                    return self._html(pages.index_page(workspace.project, workspace.states(), self.server.changes.generation))
            if parts == ["events"]:
                return self._events()
            if len(parts) == 2 and parts[0] == "assets" and parts[1] in ASSETS:
                path = self.server.workspace.project.templates / pages.TEMPLATES / parts[1]
                return self._send(HTTPStatus.OK, path.read_bytes(), ASSETS[parts[1]])
            if len(parts) in (2, 3) and parts[0] == "release":
                return self._release(parts[1], parts[2] if len(parts) == 3 else "")
            if len(parts) >= 2 and parts[0] == "source" and all(parts[1:]):
                return self._source("/".join(parts[1:]))
            return self._not_found()
        except PressgenError as exc:
            return self._text(HTTPStatus.INTERNAL_SERVER_ERROR, "\n".join(map(str, exc.problems)))
        except jinja2.TemplateError as exc:
            problems = template_problems(exc, self.server.workspace.project.templates)
            return self._text(HTTPStatus.INTERNAL_SERVER_ERROR, "\n".join(map(str, problems)))
        except (BrokenPipeError, ConnectionResetError):
            return None

    def _release(self, name: str, item: str) -> None:
        workspace = self.server.workspace
        with workspace.lock:
            state = workspace.state(name)
            if state is None:
                return self._not_found()
            generation = self.server.changes.generation
            if item == "":
                return self._html(pages.release_page(workspace.project, state, generation))
            if item == "preview.html":
                html = state.page.html if state.page else pages.render(workspace.project, "empty.html.j2", state=state)
                return self._html(html)
            suffix = Path(item).suffix
            if item == f"{name}{suffix}" and suffix in DOWNLOADS:
                return self._download(state, suffix)
        return self._not_found()

    def _download(self, state: ReleaseState, suffix: str) -> None:
        """Built now from the spec as saved; a spec with problems gets them instead of a stale file."""
        writer, mime, disposition = DOWNLOADS[suffix]
        loaded = state.loaded
        if loaded is None:
            return self._text(HTTPStatus.CONFLICT, "\n".join(map(str, state.problems)))
        try:
            data = WRITERS[writer].write(state.page)  # type: ignore[arg-type]  # a valid state has its page
        except PressgenError as exc:
            return self._text(HTTPStatus.CONFLICT, "\n".join(map(str, exc.problems)))
        filename = f"{loaded.release.id}{suffix}"
        return self._send(HTTPStatus.OK, data, mime, {"Content-Disposition": f'{disposition}; filename="{filename}"'})

    def _source(self, relative: str) -> None:
        """A text file of the project's releases or templates, by its real location: symlinks out of them are refused."""
        project = self.server.workspace.project
        try:
            target = (project.root / relative).resolve()
            allowed = [project.releases.resolve(), project.templates.resolve()]
            if not any(target.is_relative_to(root) for root in allowed) or not target.is_file() or target.suffix not in SOURCE_SUFFIXES:
                return self._not_found()
            text = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError):  # a name too long for the file system, a file unreadable or not text
            return self._not_found()
        return self._html(pages.source_page(project, relative, text, self.server.changes.generation))

    def _events(self) -> None:
        """Server-sent events: the generation now, then each new one as files are saved, until shutdown."""
        changes = self.server.changes
        self.send_response(HTTPStatus.OK)
        for name, value in {**_HEADERS, "Content-Type": "text/event-stream"}.items():
            self.send_header(name, value)
        self.end_headers()
        if not self.send_body:
            return
        self.wfile.write(b"retry: 500\n\n")
        seen = None
        while not changes.stopped:
            generation = changes.wait(seen, KEEP_ALIVE_SECONDS)
            if changes.stopped:
                break
            # A comment line keeps idle connections (and proxies) from timing out.
            message = f"event: change\ndata: {generation}\n\n" if generation != seen else ": idle\n\n"
            self.wfile.write(message.encode())
            self.wfile.flush()
            seen = generation

    # ── responses ──

    def _html(self, html: str) -> None:
        self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8")

    def _text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, (text + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _not_found(self) -> None:
        self._text(HTTPStatus.NOT_FOUND, "not found")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {**_HEADERS, "Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if getattr(self, "send_body", True):
            self.wfile.write(body)


def request_segments(target: str) -> list[str] | None:
    """The path of a request as segments, or None for anything a link of ours never looks like.

    Dot segments, encoded dots or slashes, backslashes and NULs are refused before any route is tried.
    """
    path = target.split("?", 1)[0].split("#", 1)[0]
    lowered = path.lower()
    if not path.startswith("/") or "%2e" in lowered or "%2f" in lowered or "%5c" in lowered or "\\" in path:
        return None
    parts = unquote(path).split("/")[1:]
    if any(part in (".", "..") or "\x00" in part for part in parts):
        return None
    return parts


def serve(workspace: Workspace, changes: Changes, host: str, port: int, loopback: bool, ready) -> None:  # type: ignore[no-untyped-def]
    """Serve until interrupted; then stop the watcher and the event streams, and close the socket."""
    server = PreviewServer((host, port), workspace, changes, loopback)
    # The PDF workers are forked now, before any other thread exists, and are warm by the first download.
    start_pdf_workers()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(workspace.project, changes, stop), name="watch", daemon=True)
    watcher.start()
    try:
        ready(server)
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        changes.stop()
        server.server_close()
        stop_pdf_workers()
        watcher.join(timeout=2)
