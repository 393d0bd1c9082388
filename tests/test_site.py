"""The newsroom of the seed project: complete history, chart data, links, valid HTML5, feeds and sitemap."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import ROOT, SEEDS, project_part, approve_as_issuers, run_pressgen, sign_off, squash

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEED_HISTORY = SEEDS / "000_5774fd373b5f6462.txt"
CATEGORIES = {"連携", "コミュニティ", "取り組み", "イベント", "施設", "運営"}
TENANTS = ["20", "26", "39", "61", "69", "72", "82", "89", "93", "102", "100", "111", "115"]
MEMBERS = ["—", "—", "—", "8", "19", "32", "37", "35", "47", "53", "58", "57", "65"]
JA, EN = "2026-04-21-itri-mou", "2026-04-21-itri-mou-en"


def copy_project(root: Path) -> Path:
    """The project's releases, registry, templates and settings, copied into `root`, both seeds signed off."""
    for name in ("releases", "templates"):
        shutil.copytree(project_part(name), root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    sign_off(root, root / "releases" / f"{JA}.yaml", root / "releases" / f"{EN}.yaml")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The newsroom of a copy of the project, built once by the command a user runs."""
    root = copy_project(tmp_path_factory.mktemp("newsroom"))
    result = run_pressgen("site", "--base-url", "https://news.example.org/", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "2 releases (2 rendered, 0 unchanged)" in result.stdout
    return root / "out" / "site"


def seed_events() -> list[dict[str, str]]:
    """Every dated event of seed 000, read from the text of the organization's own page."""
    text = SEED_HISTORY.read_text("utf-8")
    lines = [line.strip() for line in text[text.index("主な出来事") : text.index("入居・メンバー企業(団体)数の推移")].splitlines()]
    events: list[dict[str, str]] = []
    year = month = ""
    for line in filter(None, lines[1:]):
        if re.fullmatch(r"\d{4}年", line):
            year = line[:4]
        elif re.fullmatch(r"\d{1,2}月", line):
            month = f"{int(line[:-1]):02d}"
        elif line in CATEGORIES:
            events.append({"date": f"{year}-{month}", "category": line, "title": "", "description": ""})
        elif not events[-1]["title"]:
            events[-1]["title"] = line
        else:
            events[-1]["description"] += line
    return events


def page_events(page: Path) -> list[dict[str, str]]:
    tree = html.parse(str(page))
    found = []
    for year in tree.iterfind(".//section[@class='nr-year']"):
        for event in year.iterfind(".//li[@class='nr-event']"):
            description = event.find(".//p[@class='nr-event-description']")
            found.append({
                "year": year.findtext("h3"),
                "date": event.find(".//time").get("datetime"),
                "category": event.findtext(".//span[@class='nr-category']"),
                "title": event.findtext(".//h4"),
                "description": squash(description.text_content()) if description is not None else "",
            })
    return found


def test_every_seed_event_is_on_the_history_page_by_year_newest_first(site: Path) -> None:
    seed = seed_events()
    assert len(seed) == 56
    shown = page_events(site / "organization" / "shonan-ipark" / "index.html")
    for event in seed:
        wanted = {**event, "year": f"{event['date'][:4]}年", "description": squash(event["description"])}
        assert wanted in shown, event["title"]
    assert len(shown) == 57  # the seed's 56 and the ITRI MOU of April 2026
    years = [e["year"] for e in shown]
    assert years == sorted(years, reverse=True) and years[0] == "2026年"


def test_every_title_and_description_appears_in_the_page_text(site: Path) -> None:
    text = squash(html.parse(str(site / "organization" / "shonan-ipark" / "index.html")).getroot().text_content())
    for event in seed_events():
        assert squash(event["title"]) in text
        assert squash(event["description"]) in text


def test_the_chart_and_its_table_carry_the_thirteen_values_of_each_series(site: Path) -> None:
    tree = html.parse(str(site / "organization" / "shonan-ipark" / "index.html"))
    svg = tree.find(".//svg")
    assert svg.get("role") == "img" and svg.findtext("title") == "入居・メンバー企業(団体)数の推移"
    assert svg.find("desc") is not None and svg.get("aria-labelledby")
    for series, values in (("tenants", TENANTS), ("members", MEMBERS)):
        drawn = svg.xpath(f".//g[@data-series='{series}']/*[@data-value]")
        assert [m.get("data-value") for m in drawn] == [v for v in values if v != "—"]
    table = tree.find(".//table[@class='nr-data']")
    rows = [[cell.text_content() for cell in row] for row in table.iterfind("tbody/tr")]
    assert [row[0] for row in rows] == ["2018/04", "2018/10", "2019/04", "2019/10", "2020/04", "2020/10", "2021/04",
                                        "2021/10", "2022/04", "2022/10", "2023/04", "2023/10", "2024/04"]
    assert [row[1] for row in rows] == TENANTS
    assert [row[2] for row in rows] == MEMBERS


def test_history_event_and_releases_link_to_each_other(site: Path) -> None:
    org = html.parse(str(site / "organization" / "shonan-ipark" / "index.html"))
    event = org.find(".//li[@id='event-2026-04']")
    assert sorted(event.xpath(".//p[@class='nr-event-releases']/a/@href")) == [f"../../release/{EN}/index.html", f"../../release/{JA}/index.html"]
    for release in (JA, EN):
        page = html.parse(str(site / "release" / release / "index.html"))
        assert "../../organization/shonan-ipark/index.html#event-2026-04" in page.xpath("//p[@class='nr-history-link']/a/@href")


def test_release_pages_embed_the_release_link_language_versions_and_offer_the_files(site: Path) -> None:
    page = html.parse(str(site / "release" / JA / "index.html"))
    own = html.parse(str(site / "release" / JA / f"{JA}.html"))
    assert page.findtext(".//article//h1") == own.findtext(".//article//h1")
    assert page.find(".//div[@class='nr-release']").get("lang") == "ja"
    assert page.xpath("//nav[@class='nr-versions']//a/@href") == [f"../../release/{EN}/index.html"]
    assert html.parse(str(site / "release" / EN / "index.html")).xpath("//nav[@class='nr-versions']//a/@href") == [f"../../release/{JA}/index.html"]
    downloads = page.xpath("//section[@class='nr-downloads']//a/@href")
    assert downloads == [f"../../release/{JA}/{JA}.pdf", f"../../release/{JA}/{JA}.docx", f"../../release/{JA}/{JA}.html"]
    assert (site / "release" / JA / f"{JA}.pdf").read_bytes().startswith(b"%PDF-")
    assert "word/document.xml" in zipfile.ZipFile(site / "release" / JA / f"{JA}.docx").namelist()


def test_the_index_lists_newest_first_and_filters_by_language_and_organization(site: Path) -> None:
    def listed(page: Path) -> list[str]:
        return [href.split("/")[-2] for href in html.parse(str(page)).xpath("//ol[@class='nr-releases']//h2/a/@href")]

    assert listed(site / "index.html") == [JA, EN]
    assert listed(site / "language" / "ja" / "index.html") == [JA]
    assert listed(site / "language" / "en" / "index.html") == [EN]
    assert listed(site / "organization" / "itri" / "releases" / "index.html") == [JA, EN]
    assert not (site / "organization" / "shonan-ipark" / "releases").exists()  # it issued none
    filters = html.parse(str(site / "index.html")).xpath("//nav[@class='nr-filters']//a/@href")
    assert "language/en/index.html" in filters and "organization/itri/releases/index.html" in filters
    for org in ("ipark-institute", "itri", "shonan-ipark"):
        assert (site / "organization" / org / "index.html").is_file()


def test_the_nu_checker_finds_no_error_on_any_page(site: Path) -> None:
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) == 12  # ten newsroom pages and the HTML output of each release
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", *pages], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr


def test_feeds_and_sitemap_are_xml_with_absolute_addresses(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for language, release in (("ja", JA), ("en", EN)):
        feed = etree.parse(str(site / "feeds" / f"{language}.atom")).getroot()
        assert feed.tag == f"{atom}feed"
        entries = feed.findall(f"{atom}entry")
        assert [e.findtext(f"{atom}id") for e in entries] == [f"https://news.example.org/release/{release}/"]
        assert entries[0].find(f"{atom}link[@rel='enclosure']").get("href").endswith(f"{release}.pdf")
    sitemap = etree.parse(str(site / "sitemap.xml")).getroot()
    locations = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert len(locations) == 10 and all(loc.startswith("https://news.example.org/") for loc in locations)
    assert f"https://news.example.org/release/{JA}/" in locations


def test_feeds_escape_what_the_spec_says(project: Path) -> None:
    spec = project / "releases" / f"{EN}.yaml"
    spec.write_text(re.sub(r"(?m)^headline: .*$", 'headline: "Tags <b> & ampersands </feed> stay text"', spec.read_text("utf-8")), "utf-8")
    sign_off(project, spec)
    result = run_pressgen("site", "--language", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    feed = etree.parse(str(project / "out" / "site" / "feeds" / "en.atom")).getroot()
    assert feed.findtext(".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title") == "Tags <b> & ampersands </feed> stay text"
    assert html.parse(str(project / "out" / "site" / "index.html")).getroot().get("lang") == "en"


def test_drafts_and_embargoed_releases_stay_out(project: Path) -> None:
    original = project / "releases" / f"{JA}.yaml"
    sign_off(project, original)
    original.write_text(original.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    translation = project / "releases" / f"{EN}.yaml"
    embargo = "embargo: {date: 2099-01-01, time: \"09:00\", timezone: Asia/Tokyo}\n"
    text = translation.read_text("utf-8").replace("status: approved\n", "status: approved\n" + embargo)
    translation.write_text(text.replace("date: 2026-04-21", "date: 2099-01-01"), "utf-8")  # an embargo lifts on the release date
    approve_as_issuers(translation)
    result = run_pressgen("site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"not published yet: {JA} (review), {EN} (embargoed until 2099-01-01T09:00:00+09:00)" in result.stdout
    site = project / "out" / "site"
    assert not (site / "release").exists() and not (site / "feeds").exists()
    assert "公開中のプレスリリースはありません" in (site / "index.html").read_text("utf-8")
    event = html.parse(str(site / "organization" / "shonan-ipark" / "index.html")).find(".//li[@id='event-2026-04']")
    assert event.find(".//p[@class='nr-event-releases']") is None  # nothing public to link to
