"""A small router over Werkzeug: routes per method, bounded request bodies, and the headers every page carries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

Handler = Callable[..., Response]
MAX_BODY = 64 * 1024  # a comment and a few fields: anything larger is not ours
# No page of ours loads anything from elsewhere, runs a script, or may be framed by another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
    "form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",  # a token in the address must not leave in a Referer header
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass
class Router:
    """Routes (Werkzeug rule syntax) to handlers; the WSGI callable answers 404, 405 and 413 itself."""

    map: Map = field(default_factory=lambda: Map(strict_slashes=True, merge_slashes=False))
    handlers: dict[str, Handler] = field(default_factory=dict)
    error_page: Callable[[Request, int], Response] | None = None

    def route(self, rule: str, methods: Iterable[str], handler: Handler) -> None:
        endpoint = f"{handler.__module__}.{handler.__qualname__}:{rule}"
        self.map.add(Rule(rule, endpoint=endpoint, methods=list(methods)))
        self.handlers[endpoint] = handler

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_BODY
        request.max_form_memory_size = MAX_BODY
        try:
            endpoint, arguments = self.map.bind_to_environ(environ).match()
            response = self.handlers[endpoint](request, **arguments)
        except (NotFound, MethodNotAllowed) as exc:
            response = self._error(request, exc)
        except HTTPException as exc:  # 413 for an oversized body, 400 for a malformed one
            response = self._error(request, exc)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response(environ, start_response)

    def _error(self, request: Request, exc: HTTPException) -> Response:
        code = exc.code or 500
        if self.error_page is not None:
            response = self.error_page(request, code)
        else:
            response = Response(f"{code} {exc.name}\n", status=code, mimetype="text/plain")
        if isinstance(exc, MethodNotAllowed):
            response.headers["Allow"] = ", ".join(exc.valid_methods or [])
        return response
