"""The static newsroom of `pressgen site`: release pages, organization pages with their history, feeds, a sitemap."""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "build_site": "build",
    },
)
