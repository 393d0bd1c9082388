"""The one-click unsubscribe pages (RFC 8058): the POST with a signed token unsubscribes; GET only asks.

A link is /unsubscribe/TOKEN (optionally ?address=…, which must then be the token's address). The
mail provider's one-click POST (body List-Unsubscribe=One-Click) and the confirmation page's button
record the address as unsubscribed in the feedback record of the ledger file, where the next
`pressgen send` skips it and `pressgen inbox` copies it into the suppression list. A GET (what mail
scanners follow) changes nothing. Posting again is harmless: the record is keyed by the token.
"""

from __future__ import annotations

import datetime as dt
import sys

from pydantic import BaseModel, ConfigDict
from werkzeug.wrappers import Request, Response

from ..distribution import unsubscribe
from ..distribution.feedback import Event, FeedbackRecord
from ..distribution.settings import load_settings
from ..errors import PressgenError
from ..render.labels import load_catalogue
from ..render.page import environment
from ..spec.project import Project
from ..spec.sources import cached_doc
from ..spec.validation import validate
from ..tokens import TokenError, expiry
from .router import Router

REASON = "one-click unsubscribe link"


class UnsubscribeLabels(BaseModel):
    """The words of the pages, from templates/unsubscribe/i18n/<language>.yaml; {address} and {date} are filled in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    confirm: str
    confirm_button: str
    done: str
    already: str
    refused_invalid: str
    refused_expired: str
    refused_other_address: str
    refused_body: str
    unavailable: str


class UnsubscribePages:
    """The pages of one project; the key and the settings are read when the application starts."""

    def __init__(self, project: Project):
        self.project = project
        self.settings = load_settings(project)
        self.tokens = unsubscribe.unsubscribe_tokens()
        self.ledger = project.root / self.settings.ledger

    def register(self, router: Router) -> None:
        router.route("/unsubscribe/<token>", ["GET", "HEAD"], self.show)
        router.route("/unsubscribe/<token>", ["POST"], self.unsubscribe)

    def show(self, request: Request, token: str) -> Response:
        opened = self._open(request, token)
        if isinstance(opened, Response):
            return opened
        with FeedbackRecord(self.ledger, create=False) as record:
            earlier = self._earlier(record, opened.address)
            lang = self._language(record, opened)
        if earlier is not None:
            return self._page(lang, "already", 200, address=opened.address, date=self._moment(lang, earlier))
        return self._page(lang, "confirm", 200, confirm=True, address=opened.address)

    def unsubscribe(self, request: Request, token: str) -> Response:
        opened = self._open(request, token)
        if isinstance(opened, Response):
            return opened
        if request.form.get("List-Unsubscribe") != "One-Click":
            return self._page("en", "refused_body", 400, alert=True)
        now = dt.datetime.now(dt.timezone.utc)
        event = Event(f"web:{opened.nonce}", opened.address, "unsubscribed", opened.release_id, REASON, now.isoformat(timespec="seconds"))
        try:
            with FeedbackRecord(self.ledger) as record:
                record.record([event])
                lang = self._language(record, opened)
        except PressgenError as exc:
            for problem in exc.problems:
                print(f"pressgen webapp: {problem}", file=sys.stderr)  # the operator's log; the page says to try again
            response = self._page("en", "unavailable", 503, alert=True)
            response.headers["Retry-After"] = "300"
            return response
        return self._page(lang, "done", 200, address=opened.address, date=self._moment(lang, now))

    def _open(self, request: Request, token: str) -> unsubscribe.Unsubscribe | Response:
        now = dt.datetime.now(dt.timezone.utc)
        try:
            named = unsubscribe.read(self.tokens, token, now)
        except TokenError as exc:
            if exc.reason == "expired":
                when = expiry(self.tokens.read_signed(token))
                return self._page("en", "refused_expired", 410, alert=True, date=self._moment("en", when))
            return self._page("en", "refused_invalid", 403, alert=True)
        claimed = request.args.get("address")
        if claimed is not None and claimed.strip().casefold() != named.address:
            return self._page("en", "refused_other_address", 403, alert=True)
        return named

    def _earlier(self, record: FeedbackRecord, address: str) -> dt.datetime | None:
        found = record.suppressed(self.settings.soft_bounce_releases).get(address)
        return dt.datetime.fromisoformat(found.event.reported) if found and found.kind == "unsubscribed" else None

    def _language(self, record: FeedbackRecord, named: unsubscribe.Unsubscribe) -> str:
        return record.language(named.address, named.release_id) or "en"

    def error_page(self, request: Request, status: int) -> Response:
        return self._page("en", "refused_invalid", status, alert=True)

    def _page(self, lang: str, key: str, status: int, confirm: bool = False, alert: bool = False, **values: object) -> Response:
        folder = self.project.templates / "unsubscribe" / "i18n"
        path = folder / f"{lang}.yaml"
        if not path.is_file():
            lang, path = "en", folder / "en.yaml"
        labels = validate(cached_doc(path), UnsubscribeLabels)
        message = str(getattr(labels, key)).format(**values)
        template = environment(self.project.templates).get_template("unsubscribe/page.html.j2")
        text = template.render(lang=lang, labels=labels, title=labels.title, message=message, confirm=confirm, alert=alert)
        return Response(text, status=status, mimetype="text/html")

    def _moment(self, lang: str, when: dt.datetime) -> str:
        return load_catalogue(self.project, lang).moment(when)
