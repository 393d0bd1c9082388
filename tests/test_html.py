"""The HTML: valid HTML5, self-contained, language set, fonts intact, readable at phone width."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import html

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_nu_checker_finds_no_error(seed_build: dict[str, dict[str, Path]]) -> None:
    files = [str(seed_build[lang]["html"]) for lang in ("ja", "en")]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_self_contained_with_language_and_semantics(seed_build: dict[str, dict[str, Path]]) -> None:
    tree = html.parse(str(seed_build["ja"]["html"])).getroot()
    assert tree.get("lang") == "ja"
    assert not tree.xpath("//link[@rel='stylesheet'] | //script | //iframe | //object")
    assert all(src.startswith("data:") for src in tree.xpath("//img/@src"))
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in tree.xpath("//a/@href"))
    assert tree.xpath("//meta[@name='viewport']")
    for element in ("article", "header", "section", "h1", "blockquote", "address", "time"):
        assert tree.findall(f".//{element}"), element


def test_font_names_survive_in_the_style_element(seed_build: dict[str, dict[str, Path]]) -> None:
    text = seed_build["ja"]["html"].read_text("utf-8")
    assert 'font-family: "Noto Serif CJK JP", serif;' in text
    assert "&#34;" not in text.split("</style>")[0]


def test_no_horizontal_scrolling_at_phone_width(seed_build: dict[str, dict[str, Path]]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            for lang in ("ja", "en"):
                page.goto(seed_build[lang]["html"].as_uri())
                assert page.evaluate("document.documentElement.scrollWidth") <= 360
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.pg-body p')).fontSize)")
                assert size >= 15
                padding = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.pg-release')).paddingLeft)")
                assert padding <= 30
        finally:
            browser.close()


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_script_in_a_headline_is_text_everywhere(project: Path, fmt: str) -> None:
    from conftest import docx_paragraphs, pdf_text
    from pressgen.build import build

    spec = project / "releases" / "2026-04-21-itri-mou.yaml"
    source = spec.read_text("utf-8").replace("headline: アイパーク", "headline: <script>alert(1)</script>アイパーク", 1)
    spec.write_text(source, "utf-8")
    (path,) = build([spec], formats=[fmt], out=project / "out")
    if fmt == "html":
        text = path.read_text("utf-8")
        assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    else:
        extracted = pdf_text(path) if fmt == "pdf" else "\n".join(docx_paragraphs(path))
        assert "<script>alert(1)</script>" in "".join(extracted.split())
