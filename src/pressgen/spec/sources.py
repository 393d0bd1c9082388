"""A process-wide cache of parsed YAML files, keyed by path, size and modification time."""

from __future__ import annotations

from pathlib import Path

from .yamlsource import MAX_BYTES, SourceDoc, load_yaml

_cache: dict[Path, tuple[tuple[int, int], SourceDoc]] = {}


def yaml_files(folder: Path) -> list[Path]:
    """The *.yaml files of `folder` that an editor did not leave behind: no hidden names (lock files,
    backups), nothing that is not a regular file (a dangling link, a pipe)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(".") and p.is_file())


def file_stamp(path: Path) -> tuple[int, int]:
    """(size, modification time) of a file; (-1, -1) when it vanished since it was listed."""
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def cached_doc(path: Path, max_bytes: int = MAX_BYTES, kind: str = "") -> SourceDoc:
    """Parse `path`, or return the parse from last time if the file has not changed since (see load_yaml)."""
    path = Path(path)
    stamp = file_stamp(path)
    if stamp == (-1, -1):
        return load_yaml(path)  # reports the error with the path
    hit = _cache.get(path)
    if hit and hit[0] == stamp:
        return hit[1]
    doc = load_yaml(path, max_bytes, kind)
    _cache[path] = (stamp, doc)
    return doc

