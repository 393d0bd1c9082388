"""A process-wide cache of parsed YAML files, keyed by path, size and modification time."""

from __future__ import annotations

from pathlib import Path

from .yamlsource import SourceDoc, load_yaml

_cache: dict[Path, tuple[tuple[int, int], SourceDoc]] = {}


def cached_doc(path: Path) -> SourceDoc:
    """Parse `path`, or return the parse from last time if the file has not changed since."""
    path = Path(path)
    try:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return load_yaml(path)  # reports the error with the path
    hit = _cache.get(path)
    if hit and hit[0] == stamp:
        return hit[1]
    doc = load_yaml(path)
    _cache[path] = (stamp, doc)
    return doc

