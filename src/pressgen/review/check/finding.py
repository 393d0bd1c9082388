"""What a check reports: one finding, located in a spec, registry or label file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

# error: it would embarrass the issuer if it went out (blocks `build --final`); warning: a reviewer would change it;
# note: worth a look, often right as written.
Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")


@dataclass(frozen=True, order=True)
class Spot:
    """Where a finding points: a file position and the field path that `suppress:` names."""

    path: str
    line: int
    col: int
    field: str = ""


@dataclass(frozen=True, order=True)
class Finding:
    """One thing a reviewer should look at; `str()` gives `path:line:col: severity rule-id: message`."""

    path: str
    line: int
    col: int
    severity: Severity
    rule: str
    message: str
    field: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.rule}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)
