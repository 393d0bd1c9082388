"""The shared Jinja2 template set: one release rendered to one HTML page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..errors import PressgenError
from ..spec.loader import LoadedRelease
from .context import build_context
from .templating import template_problems


@dataclass(frozen=True)
class Page:
    """A release rendered once; every writer starts from this."""

    loaded: LoadedRelease
    context: dict[str, object]
    html: str
    paged_css: str  # margin boxes and running header: valid for WeasyPrint, not for HTML validators


def render_page(loaded: LoadedRelease) -> Page:
    context = build_context(loaded)
    templates = loaded.project.templates
    return Page(loaded, context, render_template(templates, "release.html.j2", context), render_template(templates, "paged.css.j2", context))


def render_template(templates: Path, name: str, context: dict[str, object]) -> str:
    """One template of the set, its failures reported at their template file and line."""
    try:
        return environment(templates).get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise PressgenError(template_problems(exc, templates)) from None


def css_string(value: str) -> Markup:
    """A CSS string literal; nothing in it can close the string or the <style> element."""
    escaped = "".join(c if c.isalnum() or c in " -_.,/()" else f"\\{ord(c):x} " for c in str(value))
    return Markup(f'"{escaped}"')


def css_fonts(families: list[str]) -> Markup:
    return Markup(", ").join(css_string(f) for f in families)


def anchor(text: str) -> str:
    """An id for a heading: letters and digits kept, anything else a hyphen."""
    return re.sub(r"[^\w]+", "-", text).strip("-") or "section"


def css_counters(pattern: str) -> Markup:
    """'{page} / {pages}' → counter(page) " / " counter(pages), for @page margin boxes."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece in ("{page}", "{pages}"):
            parts.append(Markup(f"counter({piece[1:-1]})"))
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ").join(parts)


@cache
def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        # CSS templates stay out of autoescaping, or "Noto Sans CJK JP" would become &#34;…&#34;.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        auto_reload=True,
        # Compiled templates kept between runs (in a private per-user folder, keyed by each template's
        # source): a cold command skips compiling the template set, ~0.1 s.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(css_string=css_string, css_fonts=css_fonts, css_counters=css_counters, anchor=anchor)
    return env
