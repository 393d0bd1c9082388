"""A release's own HTML inside a newsroom page: the style and the article of its HTML output, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from ..errors import PressgenError, Problem
from ..spec.yamlsource import display_path

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_ARTICLE = re.compile(r"<article\b.*</article>", re.S)


def embedded(output: Path, template: Path) -> dict[str, Markup]:
    """The `style` and `article` of a release's HTML output, for a newsroom template to place.

    Cut out of the text rather than parsed and serialized again, which would change the markup
    (an HTML4-era serializer writes </wbr>, for one).
    """
    text = output.read_text("utf-8")
    article = _ARTICLE.search(text)
    if article is None:
        raise PressgenError([Problem(display_path(template), 1, 1, "", "the newsroom shows a release's <article>; this template makes none")])
    # Both come out of the release template, escaped by it: they are placed, not interpreted again.
    return {"style": Markup("\n".join(_STYLE.findall(text))), "article": Markup(article.group())}
