"""What the newsroom keeps of each release between builds: what it lists, what it published, what it was made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from ..review.gate import verdict
from ..spec.loader import LoadedRelease


@dataclass(frozen=True)
class ReleaseRecord:
    """One valid release spec, as of the build that loaded it."""

    spec: str  # path relative to the project, as in releases/x.yaml
    spec_digest: str
    key: str  # digest of everything its outputs are made from
    index: str  # digest of the ids and languages of all specs when it was last checked
    images: tuple[str, ...]  # picture files it embeds, relative to the project
    id: str
    language: str
    date: str
    status: str
    embargo: str | None  # ISO date and time with offset
    issuers: tuple[str, ...]
    headline: str
    subheadline: str | None
    translation_of: str | None
    held: tuple[str, ...]  # why the sign-off gate holds it back (status, approvals, check errors); empty: it passed
    outputs: dict[str, int] = field(default_factory=dict)  # site path of each output file → size in bytes

    def public(self, now: dt.datetime) -> bool:
        """Through the sign-off gate and past its embargo: a newsroom never shows what was not signed off or breaks an embargo."""
        return self.withheld(now) is None

    def withheld(self, now: dt.datetime) -> str | None:
        """Why the release is not public yet, or None if it is."""
        if self.held:
            return "; ".join(self.held)
        if self.embargo is not None and dt.datetime.fromisoformat(self.embargo) > now:
            return f"embargoed until {self.embargo}"
        return None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReleaseRecord:
        return cls(**{**data, **{name: tuple(data[name]) for name in ("images", "issuers", "held")}})


def record_of(loaded: LoadedRelease, spec: str, spec_digest: str, key: str, index: str, images: tuple[str, ...]) -> ReleaseRecord:
    """The record of a loaded release, with the sign-off gate's verdict on it (the key covers all the gate reads)."""
    release = loaded.release
    gate = verdict(loaded)
    return ReleaseRecord(
        spec=spec,
        spec_digest=spec_digest,
        key=key,
        index=index,
        images=images,
        id=release.id,
        language=release.language,
        date=release.date.isoformat(),
        status=release.status,
        embargo=release.embargo.moment().isoformat() if release.embargo else None,
        issuers=tuple(release.issuers),
        headline=release.headline,
        subheadline=release.subheadline,
        translation_of=release.translation_of,
        held=() if gate.passed else gate.reasons or ("not signed off",),
    )


def family_roots(records: list[ReleaseRecord]) -> dict[str, str]:
    """Release id → id of the original it translates (itself when it is one): its language versions share a root."""
    parent = {r.id: r.translation_of for r in records}
    roots = {}
    for record in records:
        root, seen = record.id, {record.id}
        while parent.get(root) and parent[root] not in seen:
            root = parent[root]  # type: ignore[assignment]
            seen.add(root)
        roots[record.id] = root
    return roots
