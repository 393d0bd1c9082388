"""A new release spec, filled from the registry, that validates as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ruamel.yaml import YAML

from ..errors import PressgenError, Problem
from ..output import write_atomic
from .loader import load_release
from .project import find_project
from .registry import load_registry
from .yamlsource import display_path

_PLACEHOLDERS = {
    "ja": ("見出しをここに書きます", "本文の最初の段落をここに書きます。"),
    "en": ("Headline goes here", "The lead paragraph goes here."),
    "zh-Hant": ("標題寫在這裡", "在此撰寫第一段內文。"),
}


def new_release(release_id: str, issuers: list[str], language: str, today: dt.date | None = None) -> Path:
    project = find_project()
    target = project.releases / f"{release_id}.yaml"
    shown = display_path(target)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", release_id):
        raise PressgenError([Problem(shown, 1, 1, "id", f"'{release_id}' must be lower-case letters, digits and hyphens")])
    if target.exists():
        raise PressgenError([Problem(shown, 1, 1, "", "already exists; pressgen new never overwrites a spec")])
    registry = load_registry(project)
    contacts = [f"{org}/{next(iter(registry.orgs[org].contacts))}" for org in issuers if registry.orgs.get(org) and registry.orgs[org].contacts]
    headline, body = _PLACEHOLDERS[language]
    spec = {
        "id": release_id,
        "language": language,
        "date": (today or dt.date.today()).isoformat(),
        "status": "draft",
        "issuers": issuers,
        "headline": headline,
        "highlights": [],
        "body": body + "\n",
        "contacts": contacts,
    }
    text = "# yaml-language-server: $schema=release.schema.json\n" + _dump(spec)
    staging = project.releases / f".{release_id}.new.yaml"
    write_atomic(staging, text.encode("utf-8"))
    try:
        load_release(staging, project)  # unknown issuers and the like are reported before anything lands
    except PressgenError as exc:
        staging.unlink()
        raise PressgenError([Problem(shown, p.line, p.col, p.field, p.message) for p in exc.problems]) from None
    staging.rename(target)
    return target


def _dump(data: dict[str, object]) -> str:
    from io import StringIO

    yaml = YAML()
    yaml.default_flow_style = False
    stream = StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
