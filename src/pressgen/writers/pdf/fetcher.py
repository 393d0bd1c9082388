"""The only resources WeasyPrint may load: data: URIs and files under templates/ and releases/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher


class RefusedResource(FatalURLFetchingError):
    """A stylesheet, image or font outside what a release may use; stops the build."""


class ProjectFetcher(URLFetcher):
    """No network, no attachments, no file outside the allowed folders, whoever asks."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                return super().fetch(url, headers)
        raise RefusedResource(f"refused to load {url[:200]}: only data: URIs and files under {', '.join(map(str, self.roots))}")
