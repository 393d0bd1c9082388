"""The problems pressgen reports and the one exception that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PressgenError(Exception):
    """Raised with every problem found, so the user fixes them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[PressgenError], tuple[list[Problem]]]:
        # Raised in PDF worker processes and carried back to the build whole.
        return (PressgenError, (self.problems,))


def fail(path: str, message: str, field: str = "", line: int = 1, col: int = 1) -> PressgenError:
    """Build the error for a single problem; the caller raises it."""
    return PressgenError([Problem(str(path), line, col, field, message)])
