"""Fuzzing pressgen inbox's reading of mail: bounces, complaints and requests cut, spliced and garbled.

The property: every message gets a verdict (recorded, refused, unreadable or left), never an exception
that would stop a run; an event only ever names an address this project mailed or a token it signed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from fuzzing import hostile_text
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from pressgen.distribution import unsubscribe
from pressgen.distribution.feedback import FeedbackRecord
from pressgen.distribution.inbox import Context, classify
from pressgen.distribution.ledger import Key, Ledger
from pressgen.distribution.settings import SendSettings

SAMPLES = sorted((ROOT / "tests" / "inbox").glob("*.eml"))
MAILED = "journalist001@example.com"
VALUES = {"$to": MAILED, "$sender": "press@example.jp", "$message_id": "<r.1@example.jp>", "$list_unsubscribe": "<https://x/unsubscribe/t>"}


def filled(path: Path) -> bytes:
    text = path.read_text("utf-8")
    for key, value in VALUES.items():
        text = text.replace(key, value)
    return text.encode("utf-8")


@st.composite
def garbled_mail(draw: st.DrawFn) -> bytes:
    data = filled(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "drop", "bytes"]))
        if action == "cut":
            data = data[:at]
        elif action == "insert":
            data = data[:at] + draw(hostile_text()).encode("utf-8", "surrogatepass") + data[at:]
        elif action == "drop":
            data = data[:at] + data[at + draw(st.integers(1, 200)) :]
        else:
            data = data[:at] + draw(st.binary(max_size=64)) + data[at:]
    return data


def test_garbled_mail_always_gets_a_verdict(tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz-inbox")
    ledger = Ledger(folder / "ledger.sqlite")
    key = Key("2026-04-21-itri-mou", "0" * 64, MAILED)
    ledger.plan([(key, "ja", "<r.1@example.jp>")])
    ledger.entries([key.release_id])
    ledger.mark(key, "sent", "250 ok")
    ledger.close()
    settings = SendSettings(unsubscribe_url="https://news.example.com/unsubscribe/{token}", unsubscribe_mailto="unsubscribe@example.com",
                            trusted_authserv_id="mx.example.com")
    record = FeedbackRecord(folder / "ledger.sqlite")
    context = Context(record, unsubscribe.unsubscribe_tokens(), settings, dt.datetime.now(dt.timezone.utc))

    @given(garbled_mail())
    def check(data: bytes) -> None:
        verdict = classify(data, context)
        assert verdict.outcome in ("bounced", "deferred", "complained", "unsubscribed", "refused", "unreadable", "left")
        assert all(event.address == MAILED for event in verdict.events), verdict

    try:
        check()
    finally:
        record.close()
    with sqlite3.connect(folder / "ledger.sqlite") as db:
        assert db.execute("SELECT count(*) FROM feedback").fetchone() == (0,)  # classify decides; it records nothing
