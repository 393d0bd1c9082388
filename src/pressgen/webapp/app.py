"""The application: one router, each page module registering its routes on it."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import PressgenError, Problem
from ..spec.project import Project, find_project
from .approval import ApprovalPages
from .router import Router
from .unsubscribe import UnsubscribePages

PAGES = {"approval": ApprovalPages, "unsubscribe": UnsubscribePages}


def create_app(project: Project | None = None, pages: Iterable[str] = tuple(PAGES)) -> Router:
    """The WSGI callable for `project` (default: the one around the working folder) serving `pages` (default all).

    Refuses to start without the keys and settings of the pages it serves: every problem at once.
    """
    project = project or find_project()
    router = Router()
    problems: list[Problem] = []
    for name in pages:
        if name not in PAGES:
            raise ValueError(f"unknown pages '{name}' (known: {', '.join(PAGES)})")
        try:
            family = PAGES[name](project)
        except PressgenError as exc:
            problems += exc.problems
            continue
        family.register(router)
        router.error_page = router.error_page or family.error_page
    if problems:
        raise PressgenError(problems)
    return router
