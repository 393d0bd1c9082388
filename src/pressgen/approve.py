"""pressgen approve: record an issuer's sign-off of the current content in the spec, keeping its layout."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .content import short_hash
from .errors import PressgenError
from .loader import load_release
from .output import write_atomic
from .sources import cached_doc
from .validation import validate
from .model import Release
from .yamlsource import parse_yaml


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
    text = _with_approval(spec.read_text("utf-8"), org_id, person_id, day or dt.date.today(), content)
    validate(parse_yaml(text, doc.path), Release)  # never write a spec that does not load
    write_atomic(spec, text.encode("utf-8"))
    cached_doc(spec)
    return org_id, content


def _with_approval(text: str, org_id: str, person_id: str, day: dt.date, content: str) -> str:
    """The spec text with the organization's approval replaced by this one; everything else kept as written."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap long headlines or paragraphs
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    approvals = [a for a in data.get("approvals") or [] if a.get("org") != org_id]
    entry = CommentedMap(org=org_id, person=person_id, date=day.isoformat(), content=content)
    entry.fa.set_flow_style()
    approvals.append(entry)
    data["approvals"] = approvals
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()
