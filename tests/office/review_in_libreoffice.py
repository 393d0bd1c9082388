"""A reviewer in LibreOffice, driven through its Python UNO bridge (Debian's python3-uno; run by the system python3):
open a DOCX, record changes and comments, save as DOCX.

    python3 review_in_libreoffice.py PIPE IN.docx OUT.docx EDITS.json

EDITS.json: {"author": "...", "edits": [["replace", old, new] | ["insert", after, text] | ["delete", old] |
["comment", text, comment], ...]}. Each text is found as a person sees it, across the invisible word joiners.
"""

from __future__ import annotations

import json
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, timeout: float = 90) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def set_author(context: object, author: str) -> None:
    """Tracked changes and comments carry the user's name from the profile, as in a person's LibreOffice."""
    provider = context.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", context)
    access = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess",
                                                  (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = author.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def find(document: object, text: str) -> object:
    """A cursor selecting the first `text` in the body's paragraphs, as a person selects it: across the invisible word
    joiners pressgen sets between the characters of a phrase or a date."""
    paragraphs = document.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue
        seen = [(n, c) for n, c in enumerate(paragraph.getString()) if c != "\u2060"]
        at = "".join(c for _, c in seen).find(text)
        if at < 0:
            continue
        start, end = seen[at][0], seen[at + len(text) - 1][0] + 1
        cursor = paragraph.getText().createTextCursorByRange(paragraph.getStart())
        cursor.goRight(start, False)
        cursor.goRight(end - start, True)
        return cursor
    raise SystemExit(f"not found in the document: {text}")


def main() -> None:
    pipe, source, target, edits_path = sys.argv[1:5]
    spec = json.load(open(edits_path, encoding="utf-8"))
    context = connect(pipe)
    set_author(context, spec["author"])
    # The document is loaded as a model without a window: LibreOffice's headless (nogui) build has no comment
    # window to show a new comment in, and would abort drawing one.
    document = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
    document.load((prop("URL", uno.systemPathToFileUrl(source)), prop("FilterName", "MS Word 2007 XML")))
    document.RecordChanges = True
    for edit in spec["edits"]:
        kind = edit[0]
        found = find(document, edit[1])
        if kind == "replace":
            found.setString(edit[2])
        elif kind == "delete":
            found.setString("")
        elif kind == "insert":
            found.collapseToEnd()
            found.getText().insertString(found, edit[2], False)
        elif kind == "comment":
            annotation = document.createInstance("com.sun.star.text.textfield.Annotation")
            annotation.Author = spec["author"]
            annotation.Content = edit[2]
            now = time.gmtime()
            stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
            stamp.Year, stamp.Month, stamp.Day, stamp.Hours, stamp.Minutes = now.tm_year, now.tm_mon, now.tm_mday, now.tm_hour, now.tm_min
            annotation.DateTimeValue = stamp  # as LibreOffice dates a comment a person writes
            found.getText().insertTextContent(found, annotation, True)
    document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
    document.close(True)


if __name__ == "__main__":
    main()
