"""Pictures a release may show: checked by content, size and place before anything renders them."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from ..errors import Problem
from .project import Project
from .yamlsource import SourceDoc

MAX_BYTES = 10_000_000
MAX_PIXELS = 40_000_000
_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def mime_type(head: bytes) -> str | None:
    """The picture's type from its first bytes, whatever its name says."""
    return next((mime for magic, mime in _MAGIC.items() if head.startswith(magic)), None)


def resolve(spec_dir: Path, src: str) -> Path:
    return (spec_dir / src).resolve()


def problems(doc: SourceDoc, data: dict[str, Any], spec_dir: Path, project: Project) -> list[Problem]:
    """Each picture under images: that is missing, outside releases/, not a PNG or JPEG, or too big."""
    found = []
    entries = data.get("images")
    for n, image in enumerate(entries if isinstance(entries, list) else []):
        src = image.get("src") if isinstance(image, dict) else None
        message = _check(resolve(spec_dir, src), project) if isinstance(src, str) and ":" not in src else None
        if message:
            found.append(doc.problem(("images", n, "src"), message))
    return found


def _check(path: Path, project: Project) -> str | None:
    if not path.is_relative_to(project.releases.resolve()):
        return "must be a file inside the releases folder"
    if not path.is_file():
        return f"no such file: {path.name}"
    if path.stat().st_size > MAX_BYTES:
        return f"file is over {MAX_BYTES:,} bytes"
    with open(path, "rb") as picture_file:
        head = picture_file.read(16)
    if mime_type(head) is None:
        return "is not a PNG or JPEG picture (checked by content)"
    from PIL import Image

    try:
        with Image.open(path) as picture:
            width, height = picture.size
    except (OSError, Image.DecompressionBombError) as exc:
        return f"cannot be read as a picture: {exc}"
    if width * height > MAX_PIXELS:
        return f"is {width}×{height} pixels; the limit is {MAX_PIXELS:,} pixels"
    return None


def data_uri(path: Path) -> str:
    raw = path.read_bytes()
    return f"data:{mime_type(raw[:16])};base64,{base64.b64encode(raw).decode('ascii')}"
