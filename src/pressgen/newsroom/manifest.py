"""The last build's ledger, kept in the site folder: release records and page keys. Its presence marks a folder as ours."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .records import ReleaseRecord

MANIFEST = ".pressgen-site.json"
_FORMAT = 2  # a ledger of another format is not read: the next build renders everything


@dataclass
class Manifest:
    releases: dict[str, ReleaseRecord] = field(default_factory=dict)  # spec path → record
    pages: dict[str, str] = field(default_factory=dict)  # site path → key


def is_site(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def read_manifest(folder: Path) -> Manifest:
    """The ledger of the site in `folder`; an empty one (build everything) if it is missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        if data.get("format") != _FORMAT:
            return Manifest()
        return Manifest(
            {spec: ReleaseRecord.from_json(record) for spec, record in data["releases"].items()},
            dict(data["pages"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def write_manifest(folder: Path, manifest: Manifest) -> None:
    data = {
        "format": _FORMAT,
        "releases": {spec: record.to_json() for spec, record in sorted(manifest.releases.items())},
        "pages": dict(sorted(manifest.pages.items())),
    }
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
