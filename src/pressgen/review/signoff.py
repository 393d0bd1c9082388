"""pressgen approve: record an issuer's sign-off of the current content in the spec, keeping its layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml.util import load_yaml_guess_indent

from ..errors import PressgenError
from ..output import write_atomic
from ..spec.content import short_hash
from ..spec.loader import load_release
from ..spec.model import Release
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..spec.yamlsource import parse_yaml


def approve(spec: Path, by: str, day: dt.date | None = None) -> tuple[str, str]:
    """Add (or renew) the approval of ORG:PERSON; returns (organization, content hash)."""
    loaded = load_release(spec)
    org_id, _, person_id = by.partition(":")
    doc = loaded.doc
    if org_id not in loaded.release.issuers:
        issuers = ", ".join(loaded.release.issuers)
        raise PressgenError([doc.problem(("issuers",), f"'{org_id}' is not an issuer of this release ({issuers}); only issuers approve")])
    people = loaded.org(org_id).people
    if person_id not in people:
        known = ", ".join(sorted(people)) or "none"
        raise PressgenError([doc.problem(("issuers",), f"'{person_id}' is not a person of '{org_id}' in the registry; known: {known}")])
    content = short_hash(loaded)
    original = spec.read_bytes().decode("utf-8")
    text = _with_approval(original.replace("\r\n", "\n"), org_id, person_id, day or dt.date.today(), content)
    if "\r\n" in original:  # keep the file's line endings
        text = text.replace("\n", "\r\n")
    validate(parse_yaml(text, doc.path), Release)  # never write a spec that does not load
    write_atomic(spec, text.encode("utf-8"))
    cached_doc(spec)
    return org_id, content


def _with_approval(text: str, org_id: str, person_id: str, day: dt.date, content: str) -> str:
    """The spec text with the organization's approval replaced by this one.

    Only the approvals block is written: every other byte of the file stays as the writer left it.
    """
    doc = parse_yaml(text, "spec")
    kept = [a for a in doc.data.get("approvals") or [] if isinstance(a, dict) and a.get("org") != org_id]
    entries = [*kept, {"org": org_id, "person": person_id, "date": day.isoformat(), "content": content}]
    _, _, dash = load_yaml_guess_indent(text)
    pad = " " * (2 if dash is None else dash)
    block = "approvals:\n" + "".join(
        f"{pad}- {{org: {a['org']}, person: {a['person']}, date: '{a['date']}', content: {a['content']}}}\n" for a in entries
    )
    lines = text.splitlines(keepends=True)
    if ("approvals",) not in doc.keys:
        return text + ("" if text.endswith("\n") or not text else "\n") + block
    first = doc.keys[("approvals",)].line - 1
    last = first + 1
    while last < len(lines) and (lines[last][:1] in (" ", "-", "\n") or not lines[last].strip()):
        last += 1  # the approvals block ends at the next top-level key or comment
    return "".join(lines[:first]) + block + "".join(lines[last:])
