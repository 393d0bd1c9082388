"""Writing the site's pages: a page whose inputs are unchanged is taken from the last build, the rest rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..errors import PressgenError
from ..render.page import environment
from ..render.templating import template_problems
from ..spec.project import Project
from .fingerprint import code_digest, digest, json_digest, tree_digest
from .labels import SiteLabels
from .site import SitePage
from .staging import link_or_copy


@dataclass
class PageReport:
    keys: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def write_pages(
    project: Project, pages: list[SitePage], labels: SiteLabels, staging: Path, last_site: Path, last_keys: dict[str, str]
) -> PageReport:
    env = environment(project.templates)
    templates = digest(code_digest(), tree_digest(project.templates / "site", skip=project.templates / "site" / "preview"))
    report = PageReport()
    for page in pages:
        key = digest(templates, page.path, page.template, json_digest(page.view))
        report.keys[page.path] = key
        target, last = staging / page.path, last_site / page.path
        if last_keys.get(page.path) == key and last.is_file():
            link_or_copy(last, target)
            report.reused.append(page.path)
            continue
        context = {**page.view, **(page.extra() if page.extra else {}), "labels": labels, "root": "../" * page.path.count("/")}
        try:
            text = env.get_template(page.template).render(context)
        except jinja2.TemplateError as exc:
            raise PressgenError(template_problems(exc, project.templates)) from None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        report.written.append(page.path)
    return report
