"""From a loaded release to the one page every writer starts from: context, labels, typography, Markdown, templates."""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "render_page": "page",
        "Page": "page",
    },
)
