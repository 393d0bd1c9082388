"""Where a project's releases, registry, templates and settings live."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from importlib.resources import files
from typing import Any

from ..errors import PressgenError, fail
from .yamlsource import display_path

DEFAULT_FONTS = {
    "ja": {"serif": ["Noto Serif CJK JP"], "sans": ["Noto Sans CJK JP"]},
    "en": {"serif": ["Noto Serif", "Noto Serif CJK JP"], "sans": ["Noto Sans", "Noto Sans CJK JP"]},
    "zh-Hant": {"serif": ["Noto Serif CJK TC"], "sans": ["Noto Sans CJK TC"]},
}


@dataclass(frozen=True)
class Project:
    """A folder with releases/ (specs and releases/orgs/), an optional templates/ and an optional pyproject.toml."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def releases(self) -> Path:
        return self.root / self.settings.get("releases", "releases")

    @property
    def orgs(self) -> Path:
        return self.releases / "orgs"

    @property
    def own_templates(self) -> Path | None:
        """The project's own template set: the folder [tool.pressgen] templates names (it must exist), else
        templates/ when the project has one; None when it uses pressgen's."""
        if "templates" in self.settings:
            folder = self.root / self.settings["templates"]
            if not folder.is_dir():
                raise fail(display_path(folder), f"no templates folder here ([tool.pressgen] templates = {self.settings['templates']!r} "
                           f"in {display_path(self.root / 'pyproject.toml')}); create it (pressgen init --templates copies pressgen's "
                           "own into templates/) or remove the setting to use pressgen's own templates")
            return folder
        return self.root / "templates" if (self.root / "templates").is_dir() else None

    @property
    def templates(self) -> Path:
        """The template set the project renders with: its own as a whole when it has one, else pressgen's."""
        return self.own_templates or default_templates()

    def template(self, name: str) -> Path:
        """The file `name` of the template set; a project's own set that lacks it is a located problem saying
        where pressgen looked and what to do."""
        path = self.templates / name
        if not path.is_file() and self.own_templates is not None:
            own = display_path(self.own_templates)
            raise fail(display_path(path), f"no such file: the project's own templates ({own}/) replace pressgen's as a whole, "
                       f"and they lack {name}; `pressgen init --templates` adds pressgen's missing files without touching "
                       f"yours, or remove {own}/ to render with pressgen's own")
        return path

    @property
    def out(self) -> Path:
        return self.root / self.settings.get("out", "out")

    def fonts(self, language: str) -> dict[str, list[str]]:
        configured = self.settings.get("fonts", {})
        return configured.get(language) or DEFAULT_FONTS.get(language) or DEFAULT_FONTS["ja"]

    def section(self, name: str) -> dict[str, Any]:
        return self.settings.get(name, {})


def default_templates() -> Path:
    """pressgen's own template set, shipped in the package (templates/ of the installed pressgen)."""
    return Path(str(files("pressgen") / "templates"))


def find_project(start: Path | None = None) -> Project:
    """The nearest folder at or above `start` holding a releases/ folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents) if here.is_dir() else here.parents:
        if (folder / "releases").is_dir() or _has_settings(folder):
            return Project(folder, _read_settings(folder))
    raise fail(str(start or Path.cwd()), "no pressgen project here or above (a folder with releases/)")


def _has_settings(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and "tool.pressgen" in (folder / "pyproject.toml").read_text("utf-8")


def _read_settings(folder: Path) -> dict[str, Any]:
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        text = pyproject.read_text("utf-8")
    except UnicodeDecodeError:
        raise fail(display_path(pyproject), "not valid UTF-8 (TOML files are UTF-8)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_problem(pyproject, text, exc) from None
    settings = data.get("tool", {}).get("pressgen", {})
    from .settings import validate_settings

    validate_settings(pyproject, settings)
    return settings


def _toml_problem(pyproject: Path, text: str, exc: tomllib.TOMLDecodeError) -> PressgenError:
    """The parser's complaint at its line and column (tomllib gives them only in its message before Python 3.14)."""
    message = str(exc)
    where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if where:
        line, col = int(where[1]), int(where[2])
    else:  # "at end of document"
        lines = text.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
    reason = re.sub(r" \(at (line \d+, column \d+|end of document)\)$", "", message)
    return fail(display_path(pyproject), f"invalid TOML: {reason}", line=line, col=col)
