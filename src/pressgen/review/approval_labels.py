"""The words of the approval request mail and pages, per language, from templates/approval/i18n/<language>.yaml."""

from __future__ import annotations

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict

from ..spec.project import Project
from ..spec.sources import cached_doc
from ..spec.validation import validate


class ApprovalLabels(BaseModel):
    """Every label of the request mail and the approval pages; {name}-style fields are filled in by pressgen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mail_subject: str
    mail_greeting: str
    mail_intro: str
    mail_link: str
    mail_expiry: str
    mail_redline: str
    mail_first: str
    mail_no_redline: str
    mail_attachments: str
    page_title: str
    page_intro: str
    page_expiry: str
    page_pdf: str
    page_release: str
    approve: str
    request_changes: str
    comment: str
    comment_needed: str
    part: str
    whole_release: str
    approved: str
    changes_sent: str
    refused_title: str
    refused_expired: str
    refused_used: str
    refused_superseded: str
    refused_invalid: str

    def text(self, key: str, **values: object) -> str:
        return str(getattr(self, key)).format(**values)

    def fill(self, key: str, **values: object) -> Markup:
        """The label with its fields filled, plain-text values escaped (Markup values kept, such as a link)."""
        return escape(getattr(self, key)).format(**values)


def load_approval_labels(project: Project, language: str) -> ApprovalLabels:
    """The labels in `language`, else in English (the approver reads the release's language where there are labels)."""
    folder = project.templates / "approval" / "i18n"
    path = folder / f"{language}.yaml"
    return validate(cached_doc(path if path.is_file() else folder / "en.yaml"), ApprovalLabels)
