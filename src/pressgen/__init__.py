"""pressgen: press releases from one validated spec to HTML, PDF and DOCX.

The library API lives on each stage's package (`pressgen.spec.load_release`, `pressgen.review.check_release`, …;
the README lists them), imported on first use so that `import pressgen.x` stays cheap for the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

__version__ = "0.1.0"


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's `__getattr__` and `__dir__` (PEP 562) for `exports`: name → module under the package."""

    def __getattr__(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{exports[name]}"), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
