"""The identity of a release's content: a stable hash of its spec and of the registry entries it prints."""

from __future__ import annotations

import hashlib
import json
import subprocess
from typing import Any

from pydantic import BaseModel

from .images import resolve
from .loader import LoadedRelease

# Workflow state, not content: approving a release or silencing a check must not make it a new version.
_NOT_CONTENT = {"status", "suppress", "approvals"}
# A person's approval address and signing keys are never printed: giving a speaker a key is no new version.
_NOT_PRINTED = {"email", "signing_keys"}


def content_hash(loaded: LoadedRelease) -> str:
    """sha256 (hex) of a canonical JSON dump of the spec data, the registry entries it uses and its images."""
    release = loaded.release
    data = {
        # Fields left at their defaults are left out, so that a field added to the format changes no existing hash.
        "release": release.model_dump(mode="json", exclude=_NOT_CONTENT, exclude_defaults=True),
        "registry": _registry_entries(loaded),
        "images": {image.src: _file_digest(loaded, image.src) for image in release.images},
    }
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_model_data)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_hash(loaded: LoadedRelease) -> str:
    """The first 12 hex digits: what reviewers read and what approvals record."""
    return content_hash(loaded)[:12]


def git_commit(loaded: LoadedRelease) -> str | None:
    """The short commit of the project checkout, with '+' when the spec has uncommitted edits; None outside git."""
    try:
        # One git call a page: the branch header gives the commit, the entries the spec's state.
        status = subprocess.run(
            ["git", "-C", str(loaded.project.root), "status", "--porcelain=v2", "--branch", "--", str(loaded.path)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git on this machine: a stamp without a commit
        return None
    lines = status.stdout.splitlines()
    commit = next((line.split()[2] for line in lines if line.startswith("# branch.oid ")), "(initial)")
    if status.returncode != 0 or commit == "(initial)":  # not a checkout, or nothing committed yet
        return None
    return commit[:9] + ("+" if any(not line.startswith("#") for line in lines) else "")


def _registry_entries(loaded: LoadedRelease) -> dict[str, Any]:
    """What the release prints from each organization it names, in its language; nothing else."""
    refs, lang = loaded.release.references(), loaded.release.language
    people, contacts = refs.people, refs.contacts
    entries = {}
    for org_id in sorted(refs.orgs):
        org = loaded.org(org_id)
        entry = {
            "names": org.names.get(lang),  # type: ignore[call-overload]
            "people": {
                p: org.people[p].model_dump(mode="json", exclude=_NOT_PRINTED) for p in sorted(org.people) if f"{org_id}/{p}" in people
            },
            "contacts": {c: org.contacts[c] for c in sorted(org.contacts) if f"{org_id}/{c}" in contacts},
        }
        if org_id in refs.about:
            entry.update(boilerplate=org.boilerplate.get(lang), social=org.social)  # type: ignore[call-overload]
        if org_id in refs.about or any(c.website is True for c in entry["contacts"].values()):
            entry["website"] = org.website
        if org_id == loaded.release.issuers[0] and lang in org.house_style:
            entry["house_style"] = org.house_style[lang]  # type: ignore[index]  # the house style it prints in
        entries[org_id] = entry
    return entries


def _model_data(value: BaseModel) -> Any:
    return value.model_dump(mode="json", exclude_defaults=True)


def _file_digest(loaded: LoadedRelease, src: str) -> str:
    return hashlib.sha256(resolve(loaded.path.parent, src).read_bytes()).hexdigest()
