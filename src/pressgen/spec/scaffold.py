"""New release specs and registry files, filled from what is known, valid as written, placeholders where not."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import PressgenError, Problem
from ..output import write_atomic
from .loader import load_release
from .model import Organization
from .project import Project, find_project
from .registry import Registry, load_registry
from .sources import cached_doc
from .validation import validate
from .yamlsource import display_path

# What pressgen new and pressgen org new write where the author must write: the checker flags every one.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "ja": {
        "headline": "見出しをここに書きます",
        "body": "本文の最初の段落をここに書きます。",
        "about": "組織の紹介文をここに書きます。",
        "formal": "組織の正式名称",
    },
    "en": {
        "headline": "Headline goes here",
        "body": "The lead paragraph goes here.",
        "about": "The organization's boilerplate goes here.",
        "formal": "Formal name of the organization",
        "dateline": "CITY, Country",  # an English release opens with a dateline
    },
    "zh-Hant": {
        "headline": "標題寫在這裡",
        "body": "在此撰寫第一段內文。",
        "about": "在此撰寫組織簡介。",
        "formal": "組織正式名稱",
    },
}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


# What pressgen init writes into a folder that has no pyproject.toml: the settings every project has.
PYPROJECT = """\
# The settings of this pressgen project (see pressgen's README, "Settings").
[tool.pressgen]
releases = "releases"
out = "out"
"""
_ID_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")


def init_project(folder: Path, templates: bool = False) -> list[tuple[Path, str, str]]:
    """A new project in `folder`: releases/ with the JSON Schemas its specs point at, releases/orgs/, and a
    pyproject.toml with [tool.pressgen]; with `templates`, a copy of pressgen's templates in templates/ to edit.
    Safe to rerun: nothing that exists is overwritten. (path, "wrote" | "kept", a note) per file."""
    from .project import default_templates
    from .schema import json_schema

    if folder.exists() and not folder.is_dir():
        raise PressgenError([Problem(display_path(folder), 1, 1, "DIR", "exists and is not a folder")])
    files: dict[Path, bytes] = {
        folder / "pyproject.toml": PYPROJECT.encode("utf-8"),
        folder / "releases" / "release.schema.json": json_schema("release").encode("utf-8"),
        folder / "releases" / "organization.schema.json": json_schema("organization").encode("utf-8"),
    }
    if templates:
        shipped = default_templates()
        files |= {folder / "templates" / p.relative_to(shipped): p.read_bytes() for p in sorted(shipped.rglob("*")) if p.is_file()}
    (folder / "releases" / "orgs").mkdir(parents=True, exist_ok=True)
    done = []
    for path, data in files.items():
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            done.append((path, "wrote", ""))
        elif path.suffix == ".json" and path.read_bytes() != data:
            command = "pressgen schema" + (" --registry" if "organization" in path.name else "")
            done.append((path, "kept", f" (not this pressgen's schema: {command} > {path.name} in {path.parent.name}/ updates it)"))
        else:
            done.append((path, "kept", ""))
    return done


def release_date(release_id: str, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The date a new release gets and where it came from: the date its id starts with, else today."""
    found = _ID_DATE.match(release_id)
    if found:
        try:
            return dt.date.fromisoformat(found[1]), "from the id"
        except ValueError:
            pass
    return today or dt.date.today(), "today"


def new_release(release_id: str, issuers: list[str], language: str, today: dt.date | None = None) -> Path:
    """releases/RELEASE_ID.yaml for these issuers, dated as release_date says; an issuer without boilerplate in
    the language gets a placeholder."""
    project = find_project()
    target = project.releases / f"{release_id}.yaml"
    _check_target(target, release_id, "release id")
    registry = load_registry(project)
    _check_issuers(project, registry, issuers, language)
    orgs = [registry.orgs[org_id] for org_id in issuers]
    placeholder = PLACEHOLDERS[language]
    spec: dict[str, Any] = {
        "id": release_id,
        "language": language,
        "date": release_date(release_id, today)[0].isoformat(),
        "status": "draft",
        **({"dateline": placeholder["dateline"]} if "dateline" in placeholder else {}),
        "issuers": issuers,
        "headline": placeholder["headline"],
        "highlights": [],
        "body": LiteralScalarString(placeholder["body"] + "\n"),
    }
    if any(language not in org.boilerplate for org in orgs):
        # The about sections in the issuers' order; the release writes the text an organization lacks.
        spec["about"] = [org.id if language in org.boilerplate else {"org": org.id, "text": placeholder["about"]} for org in orgs]
    spec["contacts"] = [f"{org.id}/{next(iter(org.contacts))}" for org in orgs if org.contacts]
    text = "# yaml-language-server: $schema=release.schema.json\n" + _dump(spec)
    return _write_checked(target, text, lambda staging: load_release(staging, project))


def new_organization(org_id: str, language: str, name: str | None = None, today: dt.date | None = None) -> Path:
    """releases/orgs/ORG_ID.yaml: names, a contact to fill in, boilerplate with its as_of month; valid as written."""
    project = find_project()
    target = project.orgs / f"{org_id}.yaml"
    _check_target(target, org_id, "organization id")
    placeholder = PLACEHOLDERS[language]
    month = (today or dt.date.today()).strftime("%Y-%m")
    formal = _dump({"formal": name or placeholder["formal"]}).strip()
    text = f"""\
# yaml-language-server: $schema=../organization.schema.json
id: {org_id}
names:
  {language}:
    {formal}
    # short:         the common short name
    # abbreviation:  the form defined in 以下「…」 / (hereinafter "…")
people: {{}}
  # ceo: {{name: {{{language}: …}}, title: {{{language}: …}}}}
contacts: {{}}
  # pr: {{department: {{{language}: …}}, person: {{{language}: …}}, email: pr@…, phone: 03-0000-0000}}
# website: https://…
boilerplate:
  {language}:
    as_of: {month}
    text: {placeholder["about"]}
"""
    return _write_checked(target, text, lambda staging: validate(cached_doc(staging), Organization))


def _check_target(target: Path, name: str, what: str) -> None:
    folder = display_path(target.parent)
    if not _SLUG.fullmatch(name):
        raise PressgenError([Problem(folder, 1, 1, what, f"'{name}' must be lower-case letters, digits and hyphens")])
    if target.exists():
        raise PressgenError([Problem(display_path(target), 1, 1, "", "already exists; pressgen never overwrites it")])


def _check_issuers(project: Project, registry: Registry, issuers: list[str], language: str) -> None:
    """Each issuer must be registered with a name in the language; every problem points at a file that exists."""
    problems = []
    folder = display_path(project.orgs)
    for org_id in dict.fromkeys(issuers):
        org = registry.orgs.get(org_id)
        if org is None:
            close = difflib.get_close_matches(org_id, list(registry.orgs), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            known = ", ".join(sorted(registry.orgs)) or "none"
            message = f"unknown organization '{org_id}'; {hint}known: {known}; pressgen org new {org_id} starts its registry file"
            problems.append(Problem(folder, 1, 1, "--issuer", message))
        elif language not in org.names:
            doc = registry.docs[org_id]
            problems.append(doc.problem(("names",), f"'{org_id}' has no name in {language}: add names: {language}: formal: …", key=True))
    if len(set(issuers)) < len(issuers):
        problems.append(Problem(folder, 1, 1, "--issuer", "an issuer is given twice"))
    if problems:
        raise PressgenError(problems)


def _write_checked(target: Path, text: str, check: Any) -> Path:
    """Write `text` beside `target`, let `check` load it, and only then move it into place."""
    staging = target.parent / f".{target.stem}.new.yaml"
    write_atomic(staging, text.encode("utf-8"))
    try:
        check(staging)
    except PressgenError as exc:
        shown = display_path(target)
        staging.unlink()
        # The problems of the new file are reported at the place it would have had; others where they are.
        raise PressgenError([Problem(shown, p.line, p.col, p.field, p.message) if p.path == display_path(staging) else p
                             for p in exc.problems]) from None
    staging.rename(target)
    return target


def _dump(data: dict[str, object]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    stream = StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
