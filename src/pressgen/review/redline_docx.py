"""The redline as a Word document whose every change is a real tracked change, to accept or reject in Word."""

from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html

from ..writers.docx import document
from ..writers.docx.wordml import Revisions
from .redline import Redline


def write(redline: Redline, author: str, when: dt.datetime) -> bytes:
    page = redline.new
    tree = lxml_html.document_fromstring(page.html)
    word = document.start(page, tree)
    revisions = Revisions(author, when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for change in redline.changes:
        paragraph = word.add_block(change.block)
        for segment in change.segments:
            revisions.add_text(paragraph, segment.text, segment.kind)
        if change.kind in ("inserted", "deleted"):
            revisions.mark_paragraph(paragraph, change.kind)
    return document.finish(word, page, tree)
