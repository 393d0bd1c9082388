"""The [tool.pressgen.approve] settings: whose unsigned approvals count, where approval links point, how long they last."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from ..spec.model import Slug, Strict
from ..spec.project import Project
from ..spec.settings import settings_doc
from ..spec.validation import validate
from ..spec.yamlsource import Loc, SourceDoc

TABLE: Loc = ("tool", "pressgen", "approve")
KEY_VARIABLE = "PRESSGEN_APPROVAL_KEY"  # the MAC secret of approval links: from the environment only
NAMESPACE = "pressgen-approval"  # the ssh-keygen -Y namespace: a signature made for git or anything else never counts


def _link_base(value: str) -> str:
    parts = urlsplit(value)
    if parts.query or parts.fragment or not parts.hostname or any(c.isspace() or c in "<>\"'" for c in value):
        raise ValueError("must be the address of the approval pages, such as https://approve.example.org/ (no query)")
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname)):
        raise ValueError("must be https:// (a token in a link sent in the clear can be read on the way); http only on 127.0.0.1")
    return value if value.endswith("/") else value + "/"


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class ApproveSettings(Strict):
    """How issuers sign off: by link (the pages' address, the links' lifetime) or by SSH signature, and whom to trust."""

    trust_unsigned: list[Slug] = Field(
        [], description="Organizations whose approvals count without a signature or an approval link (default: none)"
    )
    link_base: Annotated[str, AfterValidator(_link_base)] | None = Field(
        None, description="https address where the approval pages are served (pressgen webapp); approval links start with it"
    )
    link_days: int = Field(7, ge=1, le=60, description="Days an approval link stays valid")
    store: str = Field("approvals.sqlite", min_length=1, description="SQLite record of requests and answers, relative to the project")


def load_approve_settings(project: Project) -> ApproveSettings:
    """The validated table; every problem located at its line in pyproject.toml."""
    return validate(approve_settings_doc(project), ApproveSettings, base=TABLE)


def approve_settings_doc(project: Project) -> SourceDoc:
    return settings_doc(project.root / "pyproject.toml", {"approve": project.section("approve")})


def store_path(project: Project, settings: ApproveSettings) -> Path:
    return project.root / settings.store
