"""Shared fixtures: the project, a disposable copy of it, and readers for built outputs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Fuzzing profiles: a few hundred examples per surface in the suite (the same ones every run), and
# PRESSGEN_FUZZ=long (make fuzz) for at least 10,000 per surface, new ones each run.
_FUZZ_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("fast", max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=_FUZZ_CHECKS)
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=_FUZZ_CHECKS)
settings.load_profile("long" if os.environ.get("PRESSGEN_FUZZ") == "long" else "fast")

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "pressgen" / "templates"  # pressgen's own template set, the package's default


def project_part(name: str) -> Path:
    """The repository's releases/ or, for templates/, pressgen's own templates (a copy gets them as its own)."""
    return TEMPLATES if name == "templates" else ROOT / name
# Every message carries a signed unsubscribe link: the tests (and the commands they start) sign with this key.
UNSUBSCRIBE_KEY = "test-unsubscribe-key-0123456789abcdefghijklmnop"
os.environ["PRESSGEN_UNSUBSCRIBE_KEY"] = UNSUBSCRIBE_KEY
SEEDS = ROOT / "tests" / "seeds"  # copies of the seed material, so that a clone tests on its own
SEED_JA = ROOT / "releases" / "2026-04-21-itri-mou.yaml"
SEED_EN = ROOT / "releases" / "2026-04-21-itri-mou-en.yaml"
# The proof corpus: a project of its own (tests/corpus/pyproject.toml, its registry, its house styles);
# each release NAME.yaml has beside it NAME.txt, the text a reader must find in every output, in order.
CORPUS = ROOT / "tests" / "corpus"
# The body area of an A4 page for pdftotext, without the running header and the page number in the margins.
PDF_BODY_AREA = ("-x", "0", "-y", "62", "-W", "595", "-H", "723")


def copy_project(folder: Path) -> Path:
    """A copy of the project's releases, registry, templates and settings in `folder`."""
    for name in ("releases", "templates"):
        shutil.copytree(project_part(name), folder / name)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the project (releases, registry, templates, settings), as the working folder."""
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Both seed releases built once in all three formats: {"ja": {"html": path, ...}, "en": {...}}."""
    from pressgen.build import build

    out = tmp_path_factory.mktemp("out")
    paths = build([SEED_JA, SEED_EN], out=out)
    found: dict[str, dict[str, Path]] = {"ja": {}, "en": {}}
    for path in paths:
        found["en" if path.stem.endswith("-en") else "ja"][path.suffix[1:]] = path
    return found


@pytest.fixture(scope="session")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """DOCX files rendered to PDF by LibreOffice, each once per session: convert([paths]) -> {docx: pdf}."""
    folder = tmp_path_factory.mktemp("libreoffice")
    done: dict[Path, Path] = {}

    def convert(paths: list[Path]) -> dict[Path, Path]:
        todo = [p for p in paths if p not in done]
        assert len({p.stem for p in [*todo, *done]}) == len(todo) + len(done), "two documents of one name"
        if todo:  # one office process for all of them: starting LibreOffice costs more than a conversion
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(folder), *map(str, todo)],
                capture_output=True, timeout=600, check=True,
            )
            done.update({p: folder / (p.stem + ".pdf") for p in todo})
        return {p: done[p] for p in paths}

    return convert


def corpus_specs() -> list[Path]:
    """The releases of the proof corpus, in name order; iterate them (or parametrize over them) in any test."""
    return sorted((CORPUS / "releases").glob("*.yaml"))


def corpus_expected(spec: Path) -> str:
    """The expected plain text of a corpus release: one printed block a line, as a reader would copy it."""
    return spec.with_suffix(".txt").read_text("utf-8")


_SENTENCE_END = re.compile(r"(?<=[。！？])|(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[A-Z“\"(])")


def corpus_sentences(spec: Path) -> list[str]:
    """Every sentence of the expected text, in order (a block without a sentence end is one sentence)."""
    sentences = []
    for line in corpus_expected(spec).splitlines():
        sentences += [s for s in _SENTENCE_END.split(line) if s and s.strip()]
    return sentences


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every corpus release built once in all three formats: {spec stem: {"html": path, "pdf": path, "docx": path}}."""
    from pressgen.build import build

    out = tmp_path_factory.mktemp("corpus-out")
    found: dict[str, dict[str, Path]] = {}
    for path in build(corpus_specs(), out=out):
        found.setdefault(path.parent.name, {})[path.suffix[1:]] = path
    return {spec.stem: found[spec.stem] for spec in corpus_specs()}


def page_text(html: Path) -> str:
    """The text of a release page's article in reading order (tables included), without hidden parts and stamp."""
    from lxml import html as lxml_html

    article = lxml_html.parse(str(html)).getroot().find(".//article")
    for hidden in article.xpath(".//*[@hidden] | .//footer"):  # the version stamp belongs to the page, not the text
        hidden.getparent().remove(hidden)
    return " ".join(article.text_content().split())


def docx_text(path: Path) -> str:
    """The text of a DOCX body in reading order: paragraphs and every cell of its tables."""
    import docx

    parts = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, docx.table.Table):
            parts += [visible(p.text) for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            parts.append(visible(block.text))
    return " ".join(parts)


def run_cli(*args: str) -> tuple[int, str, str]:
    """pressgen ARGS in-process; (exit code, stdout, stderr)."""
    from pressgen.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a command's PDF workers)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(status.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(status.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its parent to read its status does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run_pressgen(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """pressgen ARGS as a real process, as a user runs it."""
    command = [str(Path(sys.executable).parent / "pressgen"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def pdf_text(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], capture_output=True, text=True, check=True).stdout


def visible(text: str) -> str:
    """DOCX text as Word shows it: the word joiners and no-break spaces that keep a date or figure on one line
    are an empty and an ordinary space to the eye."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


def docx_paragraphs(path: Path) -> list[str]:
    import docx

    return [visible(p.text) for p in docx.Document(str(path)).paragraphs]


def html_blocks(path: Path) -> list[str]:
    """Text of each block of the release article, in order, as a reader sees it."""
    from lxml import html

    from copy import deepcopy

    tree = html.parse(str(path))
    blocks = []
    for element in tree.getroot().iter("p", "h1", "h2", "h3", "li", "figcaption"):
        if any(a.get("hidden") is not None for a in [element, *element.iterancestors()]):
            continue
        if element.tag == "li" and element.find("p") is not None:
            continue
        if element.tag == "li":  # an item's own text: a list nested in it is blocks of its own
            element = deepcopy(element)
            for nested in element.findall("ul") + element.findall("ol"):
                element.remove(nested)
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(text)
    return blocks


def squash(text: str) -> str:
    """Text without any white space: PDF extraction breaks lines anywhere in Japanese."""
    return "".join(text.split())


def relax_seed_check_errors(project: Path) -> None:
    """Turn the check errors the seed has as transcribed into warnings, so that only sign-off stands in the way."""
    settings = project / "pyproject.toml"
    overrides = '"names.misspelling" = "warning"\n'
    text = settings.read_text("utf-8").replace("[tool.pressgen.check.severity]\n", "[tool.pressgen.check.severity]\n" + overrides)
    settings.write_text(text, "utf-8")


SEED_APPROVERS = {"ipark-institute": "fujimoto", "itri": "lu"}


@cache
def ssh_key(name: str) -> Path:
    """A private ed25519 key made for this test process (its public half beside it, .pub)."""
    folder = Path(tempfile.mkdtemp(prefix=f"pressgen-test-key-{name}-"))
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", str(folder / "id")], check=True)
    return folder / "id"


def public_key(name: str) -> str:
    return ssh_key(name).with_suffix(".pub").read_text("ascii").strip()


def register_signing_key(project: Path, org: str, person: str, key_line: str) -> None:
    """List `key_line` (allowed_signers: [options] TYPE KEY [comment]) among PERSON's signing keys in the registry."""
    path = project / "releases" / "orgs" / f"{org}.yaml"
    text = path.read_text("utf-8")
    entry = re.search(rf"^people:\n(?:(?:  .*|#.*|)\n)*?  {re.escape(person)}:\n", text, re.M)
    assert entry, f"no person {person} in {path}"
    quoted = key_line.replace("'", "''")
    text = text[: entry.end()] + f"    signing_keys: ['{quoted}']\n" + text[entry.end():]
    path.write_text(text, "utf-8")


@pytest.fixture
def keyed(project: Path) -> Path:
    """The project with the seed's approvers' SSH keys in the registry, and the seed's check errors relaxed."""
    relax_seed_check_errors(project)
    for org, person in SEED_APPROVERS.items():
        register_signing_key(project, org, person, public_key(person))
    return project


def sign_off(project: Path, *specs: Path) -> None:
    """Every issuer approves each spec as it is now, signed with its approver's SSH key listed in the registry (as the
    gate requires), and the seed's check errors are relaxed."""
    relax_seed_check_errors(project)
    approve_as_issuers(*specs)


def approve_as_issuers(*specs: Path) -> None:
    """Every issuer of each seed spec approves it as it is now (again, after an edit), signing with its approver's key,
    which is added to the registry of the spec's project if it is not there yet."""
    from pressgen.review import approve
    from pressgen.spec import find_project, load_release

    for spec in specs:
        project = find_project(spec.parent).root
        for org, person in SEED_APPROVERS.items():
            if public_key(person).split()[1] not in (project / "releases" / "orgs" / f"{org}.yaml").read_text("utf-8"):
                register_signing_key(project, org, person, public_key(person))
    for spec in specs:
        for issuer in load_release(spec).release.issuers:
            person = SEED_APPROVERS[issuer]
            approve(spec, f"{issuer}:{person}", key=ssh_key(person))


# ── structure as each reader shows it: markers, nesting and text of every block ───────────────────

BULLETS = {"\uf0b7": "•", "·": "•", "o": "◦", "\uf0a7": "▪"}  # Symbol/Wingdings bullets as a reader draws them
_HTML_BULLETS = ("•", "◦", "▪")  # disc, circle, square: the browsers' markers by nesting depth
UNMARKED_LISTS = {"pg-issuers", "pg-marked"}  # classes whose lists release.css.j2 draws without markers


def html_structure(path: Path) -> list[tuple[str, int, str]]:
    """(marker, list depth, text) of each block of the article: the marker a browser draws for a list item
    ('1.', '•'), '' for a paragraph, '+' for a further paragraph of a list item; ('|', row, text) for a
    table cell, rows counted from 0 in each table."""
    from lxml import html

    article = html.parse(str(path)).getroot().find(".//article")
    found: list[tuple[str, int, str]] = []

    def depth(element) -> int:  # type: ignore[no-untyped-def]
        return max(sum(1 for a in element.iterancestors() if a.tag in ("ul", "ol")) - 1, 0)

    def marker(item) -> str:  # type: ignore[no-untyped-def]
        parent = item.getparent()
        if UNMARKED_LISTS & set(parent.get("class", "").split()):
            return ""
        if parent.tag == "ol":
            siblings = [li for li in parent if li.tag == "li"]
            return f"{int(parent.get('start', '1')) + siblings.index(item)}."
        return _HTML_BULLETS[min(depth(item), 2)]

    def own_text(element) -> str:  # type: ignore[no-untyped-def]
        parts = [element.text or ""]
        for child in element:
            if child.tag in ("p", "ul", "ol", "table", "figure", "blockquote", "div", "h2", "h3", "h4"):
                break
            parts.append(child.text_content() + (child.tail or ""))
        return " ".join("".join(parts).split())

    for element in article.iter("p", "h1", "h2", "h3", "h4", "li", "figcaption", "th", "td"):
        if any(a.get("hidden") is not None for a in [element, *element.iterancestors()]):
            continue
        if element.tag == "li":
            text = own_text(element)
            if text:
                found.append((marker(element), depth(element), text))
            continue
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag in ("th", "td"):
            row = element.getparent()
            found.append(("|", list(row.getparent().getparent().iter("tr")).index(row), text))
            continue
        item = next((a for a in element.iterancestors() if a.tag == "li"), None)
        if item is not None and element.tag == "p":
            first = not own_text(item) and next(c for c in item if isinstance(c.tag, str)) is element
            found.append((marker(item) if first else "+", depth(item), text))
        else:
            found.append(("", 0, text))
    return found


def docx_structure(path: Path) -> list[tuple[str, int, str]]:
    """The same for a DOCX, as Word numbers it: the numbering of each paragraph (its own or its style's)
    resolved to the marker text, counted per list instance; '+' for a paragraph indented to a list's text."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    counters: dict[str, list[int]] = {}
    text_indents: dict[int, int] = {}  # left indent of list text → depth
    hanging: list[int] = []  # left indents of the rows with hanging marks above this one
    found: list[tuple[str, int, str]] = []

    def num_pr(paragraph):  # type: ignore[no-untyped-def]
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return ppr.numPr
            style = style.base_style
        return None

    def left_indent(paragraph) -> int:  # type: ignore[no-untyped-def]
        for element in [paragraph._p, *_style_chain(paragraph.style)]:
            ind = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            if ind is not None and ind.get(qn("w:left")) is not None:
                return int(ind.get(qn("w:left")))
        return 0

    for paragraph, row in body_paragraphs(document):
        text = " ".join(visible(paragraph.text).split())
        if not text:
            continue
        if row is not None:
            found.append(("|", row, text))
            continue
        pr = num_pr(paragraph)
        num_id = pr.numId.val if pr is not None and pr.numId is not None else None
        ind = paragraph._p.pPr.ind if paragraph._p.pPr is not None else None
        if (num_id is None or str(num_id) == "0") and ind is not None and ind.get(qn("w:hanging")):
            # a row whose own mark hangs: nested by where its mark starts
            mark_at = int(ind.get(qn("w:left"))) - int(ind.get(qn("w:hanging")))
            while hanging and hanging[-1] >= mark_at:
                hanging.pop()
            found.append(("", len(hanging), text))
            hanging.append(mark_at)
            continue
        hanging.clear()
        if num_id is None or str(num_id) == "0":
            indent = left_indent(paragraph)
            found.append(("+", text_indents[indent], text) if indent in text_indents else ("", 0, text))
            continue
        level = pr.ilvl.val if pr.ilvl is not None else 0
        num = nums[str(num_id)]
        abstract = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        lvl = next((lv for lv in abstract.findall(qn("w:lvl")) if int(lv.get(qn("w:ilvl"))) == level), None)
        if lvl is None:  # a level the list does not define: Word shows no marker
            found.append(("", level, text))
            continue
        start = lvl.find(qn("w:start"))
        override = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='{level}']/{qn('w:startOverride')}")
        first = int((override if override is not None else start).get(qn("w:val"))) if (override is not None or start is not None) else 1
        count = counters.setdefault(str(num_id), [0] * 9)
        count[level] = count[level] + 1 if count[level] else first
        for deeper in range(level + 1, 9):
            count[deeper] = 0
        fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
        shown = lvl.find(qn("w:lvlText")).get(qn("w:val"))
        if fmt == "bullet":
            shown = BULLETS.get(shown, shown)
        else:
            shown = shown.replace(f"%{level + 1}", str(count[level]))
        ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None:
            text_indents[int(ind.get(qn("w:left")))] = level
        found.append((shown, level, text))
    return found


def body_paragraphs(document):  # type: ignore[no-untyped-def]
    """(paragraph, its table row or None) of the document body in reading order, table cells row by row."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body:
        if child.tag == qn("w:p"):
            yield Paragraph(child, document), None
        elif child.tag == qn("w:tbl"):
            for n, row in enumerate(Table(child, document).rows):
                for tc in row._tr.findall(qn("w:tc")):
                    yield from ((Paragraph(p, document), n) for p in tc.findall(qn("w:p")))


def _style_chain(style):  # type: ignore[no-untyped-def]
    while style is not None:
        yield style.element
        style = style.base_style


def write_release(project: Path, spec: str, name: str = "constructs") -> Path:
    """`spec` as releases/NAME.yaml of the project copy."""
    path = project / "releases" / f"{name}.yaml"
    path.write_text(spec, "utf-8")
    return path


def build_in_copy(tmp_path_factory: pytest.TempPathFactory, spec: str, name: str) -> dict[str, Path]:
    """`spec` built in all three formats in a copy of the project of its own: {"html": path, ...}."""
    project = copy_project(tmp_path_factory.mktemp(name))
    return build_formats(write_release(project, spec, name), project / "out")


def build_formats(spec: Path, out: Path) -> dict[str, Path]:
    from pressgen.build import build

    return {p.suffix[1:]: p for p in build([spec], out=out)}


def pdf_words(path: Path) -> list[tuple[str, float, float, int]]:
    """Each word poppler finds on the pages, in reading order: text, x of its left edge, y of its top
    (points), page number."""
    import html as html_lib
    import re

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for m in re.finditer(r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out):
        if m[0] == "<page ":
            page += 1
        else:
            words.append((html_lib.unescape(m[3]), float(m[1]), float(m[2]), page))
    return words


def assert_pdf_shows_structure(pdf: Path, structure: list[tuple[str, int, str]]) -> None:
    """Every block's marker and text in order in the PDF's text, list items indented by depth, and the
    cells of each table row side by side (their order is the table's; poppler reads columns apart)."""
    text = squash(pdf_text(pdf, "-x", "0", "-y", "62", "-W", "595", "-H", "723")).replace("-", "")
    position = 0
    for marker, _, block in structure:
        shown = squash((marker if marker not in ("", "+", "|") else "") + block).replace("-", "")
        found = text.find(shown, position if marker != "|" else 0)
        assert found >= 0, f"not found in order in the PDF: {marker} {block}"
        if marker != "|":
            position = found + len(shown)
    words = pdf_words(pdf)
    cursor, lists = 0, [[]]  # the items' depths and places, a list at a time: a block that is no item ends one
    for marker, depth, block in structure:
        if marker in ("", "|"):
            lists.append([])
        if marker in ("", "+", "|"):
            continue
        first = squash(block)[:1]
        while not (words[cursor][0] == marker and squash(words[cursor + 1][0]).startswith(first)):
            cursor += 1
        lists[-1].append((depth, words[cursor][1]))
        cursor += 1
    for xs in lists:
        for (depth_a, x_a), (depth_b, x_b) in zip(xs, xs[1:]):
            if depth_b > depth_a:
                assert x_b > x_a + 5, f"a nested item is not indented in the PDF ({x_a} → {x_b})"
            elif depth_b == depth_a:
                assert abs(x_b - x_a) < 8, f"items of one list start at different places ({x_a}, {x_b})"
    _assert_rows_side_by_side(words, structure)


def _assert_rows_side_by_side(words: list[tuple[str, float, float, int]], structure: list[tuple[str, int, str]]) -> None:
    """Each row's cells start at one height on one page, rows going down the document."""
    rows: list[list[str]] = []
    last_row = -1
    for marker, row, block in structure:
        if marker == "|":
            if row != last_row:
                rows.append([])
            rows[-1].append(block)
            last_row = row
    below = (0, 0.0)  # (page, y) of the last row placed
    for cells in rows:
        def candidates(cell: str) -> list[tuple[int, float]]:
            # poppler's words end at spaces: a cell such as 取締役 最高技術責任者 starts with the word 取締役
            whole, first_word = squash(cell), cell.split()[0]
            return [(w[3], w[2]) for w in words if whole.startswith(squash(w[0])) and len(squash(w[0])) >= min(len(first_word), 4)]

        first = next(c for c in candidates(cells[0]) if c >= below)
        for cell in cells[1:]:
            nearest = min(candidates(cell), key=lambda c: (c[0] != first[0], abs(c[1] - first[1])))
            assert nearest[0] == first[0] and abs(nearest[1] - first[1]) < 2, f"'{cell}' is not beside '{cells[0]}' in the PDF"
        below = first
