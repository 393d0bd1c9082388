"""The approval pages: the exact version a link was issued for, Approve and Request changes; GET never approves.

A link is /approve/TOKEN. GET shows the release as it is, if it is still the version the token names,
with a form; the form's POST consumes the token and records the answer in one transaction: an
approval goes into the spec with the token and a receipt (the gate's evidence), a change request
into the approval record (a finding of `pressgen check`). A used link shows what was answered.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from ..errors import PressgenError
from ..render.blocks import page_blocks, style_map
from ..render.labels import load_catalogue
from ..render.page import Page, environment, render_page
from ..review.approval_labels import load_approval_labels
from ..review.approval_log import Answer, ApprovalLog
from ..review.approval_settings import load_approve_settings, store_path
from ..review.evidence import REQUEST, issue_receipt, link_tokens
from ..review.signoff import approve, approver_problem
from ..spec.content import content_hash
from ..spec.loader import LoadedRelease, load_release, release_ids
from ..spec.model import LinkEvidence, localize
from ..spec.project import Project
from ..tokens import TokenError, Tokens, expiry
from ..writers import WRITERS
from .router import Router

MAX_COMMENT = 5000
WHOLE = ""  # the part a comment is about when it is about the release as a whole


class ApprovalPages:
    """The pages of one project; the MAC key is read when the application starts."""

    def __init__(self, project: Project):
        self.project = project
        self.settings = load_approve_settings(project)
        self.tokens: Tokens = link_tokens(REQUEST)
        self.log = ApprovalLog(store_path(project, self.settings))
        self.lock = threading.Lock()  # loading and rendering are not meant for several threads at once

    def register(self, router: Router) -> None:
        router.route("/approve/<token>", ["GET", "HEAD"], self.show)
        router.route("/approve/<token>", ["POST"], self.answer)
        router.route("/approve/<token>/release", ["GET", "HEAD"], self.release_html)
        router.route("/approve/<token>/release.pdf", ["GET", "HEAD"], self.release_pdf)

    # ── pages ──

    def show(self, request: Request, token: str) -> Response:
        opened = self._open(token)
        if isinstance(opened, Response):
            return opened
        claims, loaded, page = opened
        return self._form(loaded, page, claims, token)

    def release_html(self, request: Request, token: str) -> Response:
        opened = self._open(token, answered_ok=False)
        if isinstance(opened, Response):
            return opened
        return Response(opened[2].html, mimetype="text/html")

    def release_pdf(self, request: Request, token: str) -> Response:
        opened = self._open(token, answered_ok=False)
        if isinstance(opened, Response):
            return opened
        with self.lock:
            pdf = WRITERS["pdf"].start(opened[2])()
        response = Response(pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{opened[1].release.id}.pdf"'
        return response

    def answer(self, request: Request, token: str) -> Response:
        if not _same_origin(request):
            return self._refusal(None, "refused_invalid", 403)
        opened = self._open(token, answered_ok=False)
        if isinstance(opened, Response):
            return opened
        claims, loaded, page = opened
        action = request.form.get("action", "")
        comment = request.form.get("comment", "").strip()
        part = request.form.get("part", WHOLE)
        labels = load_approval_labels(self.project, loaded.release.language)
        if action not in ("approve", "changes") or part not in (WHOLE, *_parts(page)) or len(comment) > MAX_COMMENT:
            return self._form(loaded, page, claims, token, status=400)
        if action == "changes" and not comment:
            return self._form(loaded, page, claims, token, error=labels.comment_needed, status=400)
        now = dt.datetime.now(dt.timezone.utc)
        org, person = claims["o"], claims["u"]
        record = Answer(claims["n"], claims["r"], claims["c"][:12], org, person, "approved" if action == "approve" else "changes",
                        comment, part, now)

        def write_approval() -> None:
            if action == "approve":
                evidence = LinkEvidence(token=token, receipt=issue_receipt(claims, now))
                approve(loaded.path, f"{org}:{person}", now.date(), link=evidence)

        try:
            with self.lock:
                self.log.answer(claims, record, write_approval)
        except TokenError:  # answered meanwhile, by another request
            return redirect(request.path, 303)
        except PressgenError:
            return self._refusal(loaded, "refused_superseded", 409, version=claims["c"][:12])
        return redirect(request.path, 303)  # the page now shows the answer; a reload posts nothing again

    # ── what a token opens ──

    def _open(self, token: str, answered_ok: bool = True) -> tuple[dict[str, Any], LoadedRelease, Page] | Response:
        try:
            claims = self.tokens.read_signed(token)
        except TokenError:
            return self._refusal(None, "refused_invalid", 403)
        with self.lock:
            spec = release_ids(self.project).get(str(claims.get("r")))
            try:
                loaded = load_release(spec, self.project) if spec else None
                page = render_page(loaded) if loaded else None
            except PressgenError:
                loaded = page = None
        if loaded is None or page is None:
            return self._refusal(None, "refused_invalid", 404)
        answered = self.log.answer_to(claims["n"])
        if answered is not None:
            if not answered_ok:
                return self._refusal(loaded, "refused_used", 409, date=self._moment(loaded, answered.at))
            key = "approved" if answered.action == "approved" else "changes_sent"
            return self._result(loaded, key, version=answered.content, date=self._moment(loaded, answered.at))
        now = dt.datetime.now(dt.timezone.utc)
        try:
            self.tokens.read(token, now)
        except TokenError as exc:
            if exc.reason == "expired":
                return self._refusal(loaded, "refused_expired", 410, date=self._moment(loaded, expiry(claims)))
            return self._refusal(loaded, "refused_invalid", 403)
        if content_hash(loaded) != claims["c"]:
            return self._refusal(loaded, "refused_superseded", 409, version=claims["c"][:12])
        if approver_problem(loaded, claims["o"], claims["u"]) is not None:
            return self._refusal(loaded, "refused_invalid", 403)
        return claims, loaded, page

    # ── rendering ──

    def _form(self, loaded: LoadedRelease, page: Page, claims: dict[str, Any], token: str, error: str = "", status: int = 200) -> Response:
        release, lang = loaded.release, loaded.release.language
        labels = load_approval_labels(self.project, lang)
        person = loaded.org(claims["o"]).people[claims["u"]]
        organization = loaded.org(claims["o"]).names[lang].formal  # type: ignore[index]
        context = dict(
            labels=labels,
            title=labels.text("page_title", headline=release.headline),
            intro=labels.text("page_intro", name=localize(person.name, lang) or claims["u"], organization=organization,
                              version=claims["c"][:12]),
            expiry=labels.text("page_expiry", date=self._moment(loaded, expiry(claims))),
            release_src=f"{token}/release",
            pdf_src=f"{token}/release.pdf",
            parts=_parts(page),
            error=error,
        )
        return self._page(lang, "page.html.j2", context, status)

    def _result(self, loaded: LoadedRelease, key: str, **values: object) -> Response:
        labels = load_approval_labels(self.project, loaded.release.language)
        context = dict(labels=labels, title=loaded.release.headline, message=labels.text(key, **values))
        return self._page(loaded.release.language, "answered.html.j2", context, 200)

    def _refusal(self, loaded: LoadedRelease | None, key: str, status: int, **values: object) -> Response:
        lang = loaded.release.language if loaded else "en"
        labels = load_approval_labels(self.project, lang)
        context = dict(labels=labels, title=labels.refused_title, message=labels.text(key, **values))
        return self._page(lang, "refused.html.j2", context, status)

    def error_page(self, request: Request, status: int) -> Response:
        labels = load_approval_labels(self.project, "en")
        context = dict(labels=labels, title=labels.refused_title, message=f"{status}")
        return self._page("en", "refused.html.j2", context, status)

    def _page(self, lang: str, template: str, context: dict[str, Any], status: int) -> Response:
        text = environment(self.project.templates).get_template(f"approval/{template}").render(lang=lang, **context)
        return Response(text, status=status, mimetype="text/html")

    def _moment(self, loaded: LoadedRelease, when: dt.datetime) -> str:
        return load_catalogue(self.project, loaded.release.language).moment(when)


def _parts(page: Page) -> dict[str, str]:
    """Field → the first words of its text: the parts of the release a change request may point at."""
    article = lxml_html.document_fromstring(page.html).find(".//article")
    parts: dict[str, str] = {}
    for block in page_blocks(article, style_map(page.loaded.project.templates / "docx-styles.yaml")):
        if block.field and block.field not in parts and block.text.strip():
            text = block.text.strip()
            parts[block.field] = text if len(text) <= 40 else text[:39] + "…"
    return parts


def _same_origin(request: Request) -> bool:
    """A form posted from another site is refused (the token is the secret; this is defence in depth)."""
    origin = request.headers.get("Origin")
    if origin == "null":  # what browsers send under Referrer-Policy: no-referrer; their fetch metadata still tells
        return request.headers.get("Sec-Fetch-Site") == "same-origin"
    return origin is None or urlsplit(origin).netloc == request.host
