"""Saved files become a generation number that open pages wait on: the file watcher counts, the event streams wait."""

from __future__ import annotations

import threading

import watchfiles

from ..spec.project import Project

# watchfiles yields once no change has come for STEP ms, and after DEBOUNCE ms at the latest while an
# editor keeps writing: a save shows well within a second, and one save is one update, not three.
STEP_MS = 30
DEBOUNCE_MS = 300


class Changes:
    """A counter that moves on each batch of saved files, and lets threads wait for it to move."""

    def __init__(self) -> None:
        self._moved = threading.Condition()
        self.generation = 0
        self.stopped = False

    def bump(self) -> None:
        with self._moved:
            self.generation += 1
            self._moved.notify_all()

    def wait(self, seen: int | None, timeout: float) -> int:
        """The generation once it differs from `seen`, or after `timeout` seconds, or at shutdown."""
        with self._moved:
            self._moved.wait_for(lambda: self.generation != seen or self.stopped, timeout)
            return self.generation

    def stop(self) -> None:
        with self._moved:
            self.stopped = True
            self._moved.notify_all()


def watch(project: Project, changes: Changes, stop: threading.Event) -> None:
    """Count every change to the specs, the registry and the templates until `stop` is set.

    watchfiles waits on the kernel's notifications (inotify on Linux): no polling loop.
    """
    roots = [p for p in (project.releases, project.templates) if p.is_dir()]
    for _ in watchfiles.watch(*roots, step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=stop, raise_interrupt=False):
        changes.bump()
