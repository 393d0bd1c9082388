"""The live preview in a real browser: saved edits to a spec, the registry and a template show without a reload."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_serve import SEED, Preview

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FRAME_TEXT = """([selector, text]) => {
    const frame = document.querySelector("iframe.pv-frame").contentDocument;
    const element = frame && frame.querySelector(selector);
    return element !== null && element.textContent.includes(text);
}"""


@pytest.fixture
def browser_page(project: Path) -> Iterator[tuple[object, Preview]]:
    from playwright.sync_api import sync_playwright

    preview = Preview(project)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(), preview
        finally:
            browser.close()
            preview.kill()


def save(path: Path, pattern: str, replacement: str) -> float:
    """Rewrite a line of `path` as an editor saves it; return the moment the save finished."""
    text = path.read_text("utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, "utf-8")
    return time.perf_counter()


def test_edits_show_live_and_a_broken_spec_keeps_the_last_good_preview(browser_page, project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    page, preview = browser_page
    spec = project / "releases" / f"{SEED}.yaml"
    page.goto(preview.url)
    assert "工業技術研究院" in page.inner_text("table#releases")
    page.click(f"a[href='/release/{SEED}/']")
    page.wait_for_function(FRAME_TEXT, arg=["h1", "覚書を締結"])
    latencies = {}

    def until(check: str, arg: object, saved: float, step: str) -> None:
        page.wait_for_function(check, arg=arg, polling="raf", timeout=5000)
        latencies[step] = time.perf_counter() - saved

    saved = save(spec, r"^headline: .*$", "headline: 見出しを保存するとプレビューが変わる LIVE-1")
    until(FRAME_TEXT, ["h1", "LIVE-1"], saved, "headline edited")

    saved = save(spec, r"^headline: .*$", "headline: [unclosed")
    until("() => document.querySelector('#panel .pv-spot-problem') !== null", None, saved, "spec broken")
    problem = page.inner_text("#panel .pv-spot-problem")
    assert "YAML syntax" in problem
    line = int(re.search(rf"releases/{SEED}\.yaml:(\d+):\d+", problem)[1])
    assert page.inner_text("#panel .pv-line") == spec.read_text("utf-8").splitlines()[line - 1]  # the spec line itself
    assert "LIVE-1" in page.frame_locator("iframe.pv-frame").locator("h1").inner_text()  # the last good preview stays

    saved = save(spec, r"^headline: .*$", "headline: 直した見出しが戻ってくる LIVE-2")
    until(FRAME_TEXT, ["h1", "LIVE-2"], saved, "spec fixed")
    assert page.locator("#panel .pv-spot-problem").count() == 0

    saved = save(project / "releases" / "orgs" / "itri.yaml", r"^    masthead: .*$", "    masthead: 工業技術研究院（台湾） REGISTRY-1")
    until(FRAME_TEXT, [".pg-issuers", "REGISTRY-1"], saved, "registry edited")

    saved = save(project / "templates" / "i18n" / "ja.yaml", r"^salutation: .*$", "salutation: 報道関係者の皆様 TEMPLATE-1")
    until(FRAME_TEXT, [".pg-salutation", "TEMPLATE-1"], saved, "template edited")

    with capsys.disabled():
        print("\nsave-to-update latency in Chromium: " + ", ".join(f"{step} {seconds * 1000:.0f} ms" for step, seconds in latencies.items()))
    assert all(seconds < 1.0 for seconds in latencies.values()), latencies
