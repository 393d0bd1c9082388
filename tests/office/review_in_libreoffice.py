"""A reviewer in LibreOffice, driven through its Python UNO bridge (Debian's python3-uno; run by the system python3):
open a DOCX, record changes, save as DOCX.

    python3 review_in_libreoffice.py PIPE IN.docx OUT.docx EDITS.json

EDITS.json: {"author": "...", "edits": [["replace", old, new] | ["insert", after, text] | ["delete", old], ...]}. Each text is found as a person sees it: the invisible word joiners pressgen sets
between the characters of a phrase may sit between any two of its characters.
"""

from __future__ import annotations

import json
import re
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
    search = document.createSearchDescriptor()
    search.SearchRegularExpression = True
    search.SearchString = "\\x{2060}?".join(re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", c) for c in text)
    found = document.findFirst(search)
    if found is None:
        raise SystemExit(f"not found in the document: {text}")
    return found


def main() -> None:
    pipe, source, target, edits_path = sys.argv[1:5]
    spec = json.load(open(edits_path, encoding="utf-8"))
    context = connect(pipe)
    set_author(context, spec["author"])
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
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
    document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
    document.close(True)


if __name__ == "__main__":
    main()
