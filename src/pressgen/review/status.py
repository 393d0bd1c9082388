"""Where each issuer of a release stands: approved (by whom, how, when, which content), requested, changes requested, missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..spec.content import short_hash
from ..spec.loader import LoadedRelease
from .approval_log import Answer, open_log
from .approval_settings import load_approve_settings, store_path
from .evidence import proof


@dataclass(frozen=True)
class IssuerStatus:
    org: str
    name: str
    state: str  # approved, changes requested, requested, not counted, changed since, missing
    detail: str

    def __str__(self) -> str:
        return f"{self.org}: {self.state}: {self.detail}" if self.detail else f"{self.org}: {self.state}"


def approval_status(loaded: LoadedRelease) -> list[IssuerStatus]:
    release = loaded.release
    settings = load_approve_settings(loaded.project)
    current = short_hash(loaded)
    log = open_log(store_path(loaded.project, settings))
    requests = log.requests(release.id) if log else []
    answers = log.answers(release.id) if log else []
    if log:
        log.close()
    now = dt.datetime.now(dt.timezone.utc)
    found = []
    for issuer in release.issuers:
        name = loaded.org(issuer).names[release.language].formal  # type: ignore[index]
        approval = next((a for a in release.approvals if a.org == issuer), None)
        change = next((a for a in reversed(answers) if a.org == issuer and a.action == "changes"), None)
        if change and approval and approval.date >= change.at.date():
            change = None  # answered by a later approval
        pending = [r for r in requests if r.org == issuer and r.content == current and r.expires_at > now
                   and not any(a.nonce == r.nonce for a in answers)]
        if approval and approval.content == current:
            evidence = proof(loaded, approval, settings.trust_unsigned)
            if evidence.missing is None:
                found.append(IssuerStatus(issuer, name, "approved", f"by {approval.person} on {approval.date}, {evidence.how}, "
                                          f"for version {current}"))
                continue
            found.append(IssuerStatus(issuer, name, "not counted", f"{approval.person}'s approval {evidence.missing}"))
        elif change:
            found.append(IssuerStatus(issuer, name, "changes requested", _change(change)))
        elif pending:
            last = pending[-1]
            found.append(IssuerStatus(issuer, name, "requested", f"sent to {last.person} <{last.email}> at {_utc(last.sent_at)}, "
                                      f"link valid until {_utc(last.expires_at)}"))
        elif approval:
            found.append(IssuerStatus(issuer, name, "changed since", f"{approval.person} approved version {approval.content} "
                                      f"on {approval.date}; now {current}"))
        else:
            found.append(IssuerStatus(issuer, name, "missing", ""))
    return found


def _change(answer: Answer) -> str:
    part = f" ({answer.field})" if answer.field else ""
    return f"by {answer.person} at {_utc(answer.at)} on version {answer.content}{part}: {answer.comment}"


def _utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
