"""The application for WSGI servers that import one: `gunicorn pressgen.webapp.wsgi:application` (in the project)."""

from __future__ import annotations

from .app import create_app

application = create_app()
