"""The preview's own pages, rendered from templates/site/preview/: the index, a release beside its problems, a source file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PressgenError, Problem
from ..render.page import environment
from ..review.check import Finding
from ..review.status import approval_status
from ..spec.project import Project
from .workspace import ReleaseState

TEMPLATES = "site/preview"


@dataclass(frozen=True)
class Spot:
    """A problem or a check finding, with the line of the file it points at."""

    kind: str  # problem (the spec cannot be built), error, warning or note (from the checks)
    where: str
    field: str
    rule: str
    message: str
    href: str | None  # the line in the source view
    line: str | None  # the text of that line


def render(project: Project, template: str, **context: Any) -> str:
    return environment(project.templates).get_template(f"{TEMPLATES}/{template}").render(context)


def index_page(project: Project, states: list[ReleaseState], generation: int) -> str:
    """Every spec, newest first (by file name within a day); a spec that never built sorts last."""
    rows = sorted(sorted((_row(s) for s in states), key=lambda row: row["name"]), key=lambda row: row["date"], reverse=True)
    return render(project, "index.html.j2", rows=rows, generation=generation)


def release_page(project: Project, state: ReleaseState, generation: int) -> str:
    """The release's problems and findings, each with its line, beside its HTML output."""
    spotted = spots(project, state.problems, state.findings)
    return render(project, "release.html.j2", state=state, title=_title(state), generation=generation, spots=spotted)


def source_page(project: Project, relative: str, text: str, generation: int) -> str:
    return render(project, "source.html.j2", path=relative, lines=text.splitlines(), generation=generation)


def spots(project: Project, problems: list[Problem], findings: list[Finding]) -> list[Spot]:
    lines: dict[str, list[str]] = {}
    found = []
    for item in [*problems, *findings]:
        relative = project_path(project, item.path)
        text = None
        if relative is not None:
            if relative not in lines:
                lines[relative] = _lines(project.root / relative)
            if 0 < item.line <= len(lines[relative]):
                text = lines[relative][item.line - 1]
        found.append(Spot(
            kind=item.severity if isinstance(item, Finding) else "problem",
            where=f"{item.path}:{item.line}:{item.col}",
            field=item.field,
            rule=item.rule if isinstance(item, Finding) else "",
            message=item.message,
            href=f"/source/{relative}#L{item.line}" if relative is not None else None,
            line=text,
        ))
    return found


def project_path(project: Project, shown: str) -> str | None:
    """A problem's path (as shown: relative to the working folder) as a path inside the project, if it is one."""
    path = Path(shown)
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    root = project.root.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else None


def _row(state: ReleaseState) -> dict[str, Any]:
    page = state.page
    release = page.loaded.release if page else None
    return {
        "name": state.name,
        "title": _title(state),
        "date": release.date.isoformat() if release else "",
        "language": release.language if release else "",
        "status": release.status if release else "",
        "issuers": page.context["issuers"] if page else [],
        "problems": len(state.problems),
        "findings": len(state.findings) if not state.problems else None,
        "signoff": _signoff(state),
    }


def _signoff(state: ReleaseState) -> list[dict[str, str]]:
    """Each issuer's standing, read afresh (approvals made on the approval pages show at the next look)."""
    if state.loaded is None:
        return []
    try:
        return [{"org": s.org, "state": s.state, "detail": s.detail} for s in approval_status(state.loaded)]
    except PressgenError as exc:
        return [{"org": "", "state": "unknown", "detail": str(exc.problems[0])}]


def _title(state: ReleaseState) -> str:
    return state.page.loaded.release.headline if state.page else state.spec.name


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
