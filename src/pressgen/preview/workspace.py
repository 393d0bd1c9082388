"""The releases as the preview shows them: each one's last good rendering, its problems and its check findings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressgenError, Problem
from ..render.page import Page, render_page
from ..review.check import Finding, check_release
from ..spec.loader import LoadedRelease, load_release
from ..spec.project import Project
from ..spec.sources import yaml_files
from .changes import Changes


@dataclass
class ReleaseState:
    """One spec file: what is wrong with it now, and the last page it rendered to without problems."""

    name: str  # the spec's file name without .yaml: its address in the preview
    spec: Path
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    page: Page | None = None  # the last good rendering, kept on screen while the spec is broken
    version: int = 0  # moves each time the last good rendering changes

    @property
    def loaded(self) -> LoadedRelease | None:
        """The release as it is now, when it is valid."""
        return self.page.loaded if self.page and not self.problems else None


class Workspace:
    """Every spec of a project, reloaded at most once per generation of saved files."""

    def __init__(self, project: Project, changes: Changes):
        self.project = project
        self.changes = changes
        # Loading, rendering and WeasyPrint are not meant for several threads at once; a preview has one user.
        self.lock = threading.RLock()
        self._states: dict[str, ReleaseState] = {}
        self._fresh: dict[str, int] = {}

    def specs(self) -> dict[str, Path]:
        """Name → spec file, for the specs that really are inside the project (no symlink out of it)."""
        root = self.project.root.resolve()
        return {p.stem: p for p in yaml_files(self.project.releases) if p.resolve().is_relative_to(root)}

    def state(self, name: str) -> ReleaseState | None:
        spec = self.specs().get(name)
        if spec is None:
            return None
        with self.lock:
            state = self._states.setdefault(name, ReleaseState(name, spec))
            generation = self.changes.generation
            if self._fresh.get(name) != generation:
                self._refresh(state)
                self._fresh[name] = generation
            return state

    def states(self) -> list[ReleaseState]:
        return [s for s in map(self.state, self.specs()) if s is not None]

    def _refresh(self, state: ReleaseState) -> None:
        try:
            loaded = load_release(state.spec, self.project)
            page = render_page(loaded)
            findings = check_release(loaded)
        except PressgenError as exc:
            state.problems, state.findings = exc.problems, []
            return
        state.problems, state.findings = [], findings
        if state.page is None or page.html != state.page.html:
            state.version += 1
        state.page = page
