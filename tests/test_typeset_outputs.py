"""The built outputs read back as a reader gets them: lines and pages of the PDF and of the DOCX in LibreOffice,
the page in Chromium at phone and desktop width, for the seed releases and every release of tests/corpus/.

Nothing here reads a template: each check looks at where a real reader put the text. The protected groups are
defined here, independently of the code that protects them.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import corpus_specs

# A line may not begin with a closing bracket, a full stop or comma, or these marks; nor end with an opening bracket.
NO_LINE_START = "）〕］｝〉》」』】〙〗｣。．、，・：；？！"
NO_LINE_END = "（〔［｛〈《「『【〘〖｢"
_LATIN = r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+(?:[.,'’&][A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+)*"
_DIGITS = r"[0-9０-９][0-9０-９,，.．]*"
_UNITS = r"万人|万円|億円|千円|円|人|名|社|件|回|点|倍|か月|ヶ月|カ月|年|月|日|歳|%|％|カ国|か国|拠点|校|店|台"
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\."
PROTECTED = re.compile(
    rf"{_DIGITS}年{_DIGITS}月(?:{_DIGITS}日)?|{_DIGITS}月{_DIGITS}日|(?:約|計){_DIGITS}(?:{_UNITS})|{_DIGITS}(?:{_UNITS})"
    rf"|(?:{_MONTHS}) [0-9]{{1,2}}\b|{_LATIN}"
)
# Addresses break where they must: they are not words.
_ADDRESSES = re.compile(r"https?://\S+|[\w.+-]+@[\w.-]+")
_INVISIBLE = str.maketrans({"\u2060": None, "\u00a0": " "})


@dataclass
class Block:
    kind: str  # heading, lead-in, end mark, text
    start: int  # offsets in the squashed text of the release
    end: int
    group: int | None  # the address a contact line belongs to


@dataclass
class Release:
    """The release's visible text, squashed (no white space), with its protected spans and blocks."""

    name: str
    text: str = ""
    protected: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    furniture: set[str] = field(default_factory=set)

    @classmethod
    def from_html(cls, name: str, path: Path) -> Release:
        tree = lxml_html.parse(str(path)).getroot()
        release = cls(name, furniture={_squash(e.text_content()) for e in tree.find_class("pg-draft-mark")})
        addresses = {a: n for n, a in enumerate(tree.iter("address"))}
        for element in tree.iter("p", "h1", "h2", "h3", "h4", "li", "figcaption", "td", "th", "dt", "dd"):
            chain = [element, *element.iterancestors()]
            if any(a.get("hidden") is not None for a in chain) or (element.tag == "li" and element.find("p") is not None):
                continue
            if any("pg-draft" in a.get("class", "").split() for a in chain):
                continue
            release.add(element, next((addresses[a] for a in chain if a in addresses), None))
        return release

    def add(self, element: object, group: int | None) -> None:
        raw = " ".join(element.text_content().translate(_INVISIBLE).split())  # type: ignore[attr-defined]
        if not raw:
            return
        squashed_at, squashed = [], []
        for char in raw:
            squashed_at.append(len(self.text) + len(squashed))
            if not char.isspace():
                squashed.append(char)
        squashed_at.append(len(self.text) + len(squashed))
        masked = _ADDRESSES.sub(lambda m: "\0" * len(m.group()), raw)
        for match in PROTECTED.finditer(masked):
            self.protected.append((squashed_at[match.start()], squashed_at[match.end()]))
        classes = element.get("class", "").split()  # type: ignore[attr-defined]
        if "pg-headline" in classes:
            # The headline may break only between the phrases the HTML marks (BudouX's, as the page merged them).
            headline, at = "".join(squashed), 0
            for phrase in element.find_class("phrase"):  # type: ignore[attr-defined]
                piece = _squash(phrase.text_content())
                at = headline.find(piece, at)
                self.protected.append((len(self.text) + at, len(self.text) + at + len(piece)))
                at += len(piece)
        kind = "heading" if element.tag in ("h2", "h3", "h4") else "lead-in" if "pg-lead-in" in classes else "end mark" if "pg-end-mark" in classes else "text"  # type: ignore[attr-defined]
        start = len(self.text)
        self.text += "".join(squashed)
        self.blocks.append(Block(kind, start, len(self.text), group))

    def block_at(self, offset: int) -> Block | None:
        """The block whose text covers the character before `offset`."""
        return next((b for b in self.blocks if b.start < offset <= b.end), None)


@dataclass
class Line:
    page: int
    number: int  # on its page, counting every line pdftotext finds there
    text: str
    start: int = -1  # where its text stands in the release's squashed text; -1: not release text (page furniture)
    end: int = -1


def _squash(text: str) -> str:
    return "".join(text.translate(_INVISIBLE).split())


def read_lines(pdf: Path, release: Release) -> list[Line]:
    """Every line of the PDF, placed in the release's text where it belongs, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(out)
    lines, cursor = [], 0
    for page_number, page in enumerate(root.iterfind(".//x:page", namespace), 1):
        for number, line in enumerate(page.iterfind(".//x:line", namespace), 1):
            text = " ".join(w.text or "" for w in line.iterfind("x:word", namespace))
            entry = Line(page_number, number, text)
            lines.append(entry)
            squashed = _squash(text)
            if not squashed or squashed in release.furniture:
                continue
            for candidate in (squashed, re.sub(r"^(?:[•◦▪‣·]|\d+[.)]|[⑴-⒇①-⑳])", "", squashed)):
                at = release.text.find(candidate, cursor) if candidate else -1
                # A line continues where the last ended, after at most a list marker or a field the PDF omits.
                if 0 <= at - cursor <= 40:
                    entry.start, entry.end = at, at + len(candidate)
                    cursor = entry.end
                    break
    return lines


def line_violations(release: Release, lines: list[Line], reader: str) -> list[str]:
    """Kinsoku and protected groups, line by line, and the page flow."""
    found = []
    placed = [line for line in lines if line.start >= 0]

    def where(line: Line) -> str:
        return f"{release.name}: {reader} page {line.page} line {line.number} {line.text!r}"

    for line in placed:
        body = re.sub(r"^(?:[•◦▪‣·]|\d+[.)])\s*", "", line.text.strip())
        if body and body[0] in NO_LINE_START:
            found.append(f"{where(line)}: begins with {body[0]}")
        if body and body[-1] in NO_LINE_END:
            found.append(f"{where(line)}: ends with {body[-1]}")
    for line, following in zip(placed, placed[1:]):
        cut = line.end
        if following.start != cut:
            continue  # the text resumes elsewhere: not a line break inside release text
        for start, end in release.protected:
            if start < cut < end:
                word = release.text[start:end]
                found.append(f"{where(line)}: breaks inside {word[: cut - start]}|{word[cut - start :]}")
    pages: dict[int, list[Line]] = {}
    for line in placed:
        pages.setdefault(line.page, []).append(line)
    last_page = max(pages, default=0)
    for page, content in pages.items():
        kinds = {(b.kind if (b := release.block_at(line.end)) else "") for line in content}
        if kinds == {"end mark"}:
            found.append(f"{release.name}: {reader} page {page} holds only the end mark {content[0].text!r}")
        elif kinds <= {"heading", "lead-in", "end mark"}:
            found.append(f"{release.name}: {reader} page {page} holds only a heading {content[0].text!r}")
        foot = release.block_at(content[-1].end)
        if page != last_page and foot is not None and foot.kind in ("heading", "lead-in") and content[-1].end >= foot.end:
            found.append(f"{where(content[-1])}: a {foot.kind} alone at the foot of the page")
    groups: dict[int, set[int]] = {}
    for line in placed:
        block = release.block_at(line.end)
        if block is not None and block.group is not None:
            groups.setdefault(block.group, set()).add(line.page)
    for group, on in groups.items():
        if len(on) > 1:
            found.append(f"{release.name}: {reader} contact block {group + 1} split over pages {sorted(on)}")
    return found


@pytest.fixture(scope="session")
def built(seed_build: dict[str, dict[str, Path]], corpus_build: dict[str, dict[str, Path]]) -> dict[str, dict[str, Path]]:
    """The seed releases and every corpus release in all three formats: {release: {"html": path, ...}}."""
    found = {paths["html"].parent.name: paths for paths in seed_build.values()}
    return {**found, **corpus_build}


def test_every_release_is_read(built: dict[str, dict[str, Path]]) -> None:
    assert len(built) == 2 + len(corpus_specs()) and all(set(formats) == {"html", "pdf", "docx"} for formats in built.values())


def test_pdf_lines_and_pages(built: dict[str, dict[str, Path]]) -> None:
    found = []
    for name, paths in built.items():
        release = Release.from_html(name, paths["html"])
        lines = read_lines(paths["pdf"], release)
        assert sum(line.end - line.start for line in lines if line.start >= 0) >= 0.95 * len(release.text), name
        found += line_violations(release, lines, "PDF")
    assert not found, "\n".join(found)


def test_docx_lines_and_pages_in_libreoffice(built: dict[str, dict[str, Path]], libreoffice_pdfs) -> None:  # type: ignore[no-untyped-def]
    found = []
    converted = libreoffice_pdfs([paths["docx"] for paths in built.values()])
    for name, paths in built.items():
        release = Release.from_html(name, paths["html"])
        lines = read_lines(converted[paths["docx"]], release)
        assert sum(line.end - line.start for line in lines if line.start >= 0) >= 0.95 * len(release.text), name
        found += line_violations(release, lines, "DOCX in LibreOffice")
    assert not found, "\n".join(found)


# In the browser: every text node's words and groups, each on one line; nothing wider than the viewport.
_BROWSER_CHECK = r"""
([pattern, addresses]) => {
  const protectedRe = new RegExp(pattern, "gu"), addressRe = new RegExp(addresses, "gu");
  const width = document.documentElement.clientWidth, found = [];
  if (document.documentElement.scrollWidth > width) found.push(`scrolls sideways: ${document.documentElement.scrollWidth} px`);
  const root = document.querySelector(".pg-release");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node; (node = walker.nextNode()); ) {
    if (!node.parentElement.checkVisibility()) continue;
    const text = node.data.replace(/[\u2060]/g, " ");
    const masked = text.replace(addressRe, (m) => "\0".repeat(m.length));
    for (const match of masked.matchAll(protectedRe)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (new Set(rects.map((r) => Math.round(r.bottom))).size > 1) found.push(`breaks inside ${match[0]}`);
      for (const r of rects) if (r.right > width + 0.5) found.push(`${match[0]} ends at ${Math.round(r.right)} px`);
    }
  }
  for (const phrase of root.querySelectorAll(".pg-headline .phrase")) {
    const rects = [...phrase.getClientRects()].filter((r) => r.width > 0);
    if (new Set(rects.map((r) => Math.round(r.bottom))).size > 1) found.push(`headline phrase broken: ${phrase.textContent}`);
  }
  return found;
}
"""


def test_phone_and_desktop_layout_in_chromium(built: dict[str, dict[str, Path]]) -> None:
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 844})
                for name, paths in built.items():
                    page.goto(paths["html"].as_uri())
                    problems = page.evaluate(_BROWSER_CHECK, [PROTECTED.pattern, _ADDRESSES.pattern])
                    found += [f"{name}: Chromium at {width} px: {problem}" for problem in problems]
                page.close()
        finally:
            browser.close()
    assert not found, "\n".join(found)


def test_each_violation_is_named_by_release_page_and_line() -> None:
    """The checks themselves, on lines laid out badly on purpose: each failure they exist for is found and placed."""
    release = Release("bad-release")
    text = "見出し", "2019年7月に締結した。", "本文です", "###"
    kinds = "heading", "text", "text", "end mark"
    for piece, kind in zip(text, kinds):
        release.blocks.append(Block(kind, len(release.text), len(release.text) + len(piece), None))
        release.text += piece
    release.protected.append((release.text.index("2019"), release.text.index("に")))
    at = release.text.index
    lines = [
        Line(1, 1, "本文の前", -1, -1),  # furniture: not release text
        Line(2, 1, "見出し", 0, 3),
        Line(3, 1, "2019年7", at("2019"), at("月")),
        Line(3, 2, "月に締結した", at("月"), at("。")),
        Line(3, 3, "。本文です", at("。"), at("#")),
        Line(4, 1, "###", at("#"), len(release.text)),
    ]
    found = line_violations(release, lines, "PDF")
    assert "bad-release: PDF page 2 holds only a heading '見出し'" in found
    assert "bad-release: PDF page 3 line 1 '2019年7': breaks inside 2019年7|月" in found
    assert "bad-release: PDF page 3 line 3 '。本文です': begins with 。" in found
    assert "bad-release: PDF page 4 holds only the end mark '###'" in found
    assert "bad-release: PDF page 2 line 1 '見出し': a heading alone at the foot of the page" in found
    assert len(found) == 5, found
