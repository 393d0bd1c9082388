"""The application: one router, each page module registering its routes on it."""

from __future__ import annotations

from ..spec.project import Project, find_project
from .approval import ApprovalPages
from .router import Router


def create_app(project: Project | None = None) -> Router:
    """The WSGI callable for `project` (default: the one around the working folder). Refuses to start without the keys."""
    project = project or find_project()
    router = Router()
    approvals = ApprovalPages(project)
    approvals.register(router)
    router.error_page = approvals.error_page
    return router
