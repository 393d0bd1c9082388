"""Template failures as located problems: the template file and line, never a traceback."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from ..errors import Problem
from ..spec.yamlsource import display_path


def template_problems(exc: jinja2.TemplateError, templates: Path) -> list[Problem]:
    """Where in which template `exc` happened, as precisely as Jinja tells."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = display_path(exc.filename or templates / (exc.name or ""))
        return [Problem(where, exc.lineno, 1, "", f"template syntax: {exc.message}")]
    # Jinja rewrites tracebacks so that template code shows as frames of the .j2 file, at its own line.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template '{exc.name}' not found under {display_path(templates)}"
    else:
        message = f"template: {exc.message or type(exc).__name__}"
    if frames:
        return [Problem(display_path(frames[-1].filename), frames[-1].lineno or 1, 1, "", message)]
    return [Problem(display_path(templates), 1, 1, "", message)]
