"""Content digests of what a release or a page is made from, so that unchanged work is never redone."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path

import pressgen


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the parts; each is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return digest("missing")  # the load reports the file; here it only has to differ from any content


def tree_digest(root: Path, pattern: str = "*", skip: Path | None = None) -> str:
    """Every file below `root` matching `pattern` (but none below `skip`), by relative name and content."""
    files = sorted(p for p in root.rglob(pattern) if p.is_file() and not (skip and p.is_relative_to(skip)))
    return digest(*(part for p in files for part in (p.relative_to(root).as_posix(), file_digest(p))))


def json_digest(value: object) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain))


@cache
def code_digest() -> str:
    """pressgen's own source: a new version of the code may render anything differently."""
    package = Path(pressgen.__file__).parent
    return digest(pressgen.__version__, tree_digest(package, "*.py"))


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")
