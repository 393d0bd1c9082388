"""Source marks: every paragraph of a built DOCX says which release, version and field it comes from, after LibreOffice too."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from pressgen.render import render_page
from pressgen.render.blocks import page_blocks, style_map
from pressgen.spec import content_hash, load_release
from pressgen.writers.docx import sourcemarks

from conftest import SEED_JA

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def marks_of(path: Path) -> tuple[list[tuple[str, str]], sourcemarks.Manifest | None, dict[str, str]]:
    """(bookmark name, paragraph text) per body paragraph, the manifest and the custom properties."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        paragraphs = []
        for p in body.iter(f"{W}p"):
            names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart") if sourcemarks.parse_bookmark(b.get(f"{W}name"))]
            paragraphs.append((names[0] if names else "", "".join(t.text or "" for t in p.iter(f"{W}t"))))
        manifests = [sourcemarks.parse_manifest(etree.fromstring(package.read(n))) for n in package.namelist() if n.startswith("customXml/item") and "Props" not in n]
        properties = sourcemarks.parse_properties(etree.fromstring(package.read("docProps/custom.xml")))
    return paragraphs, next((m for m in manifests if m), None), properties


def test_every_block_paragraph_carries_its_mark(seed_build: dict[str, dict[str, Path]]) -> None:
    loaded = load_release(SEED_JA)
    digest = content_hash(loaded)
    paragraphs, manifest, properties = marks_of(seed_build["ja"]["docx"])
    assert properties[sourcemarks.RELEASE_PROPERTY] == "2026-04-21-itri-mou"
    assert properties[sourcemarks.CONTENT_PROPERTY] == digest
    assert manifest is not None and manifest.release == "2026-04-21-itri-mou" and manifest.content == digest
    page = render_page(loaded)
    from lxml import html

    blocks = page_blocks(html.document_fromstring(page.html).find(".//article"), style_map(loaded.project.templates / "docx-styles.yaml"))
    assert [name for name, _ in paragraphs] == [f"_pg{digest[:8]}_{n}" for n in range(len(blocks))]
    assert [(m.field, m.part) for m in manifest.blocks][:9] == [
        ("kind", 0), ("date", 0), ("salutation", 0), ("issuers", 0), ("issuers", 1), ("headline", 0),
        ("highlights", 0), ("highlights", 1), ("body", 0),
    ]
    assert [m.field for m in manifest.blocks] == [b.field for b in blocks]
    assert all(len(name) <= 40 for name, _ in paragraphs)  # Word's limit for bookmark names


def test_libreoffice_keeps_the_marks_when_it_saves_as_docx(seed_build: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"), str(seed_build["ja"]["docx"])],
        capture_output=True, timeout=180, check=True,
    )
    before = marks_of(seed_build["ja"]["docx"])
    after = marks_of(tmp_path / "saved" / seed_build["ja"]["docx"].name)
    assert after[0] == before[0]  # the same bookmark around the same text, paragraph by paragraph
    assert after[1] == before[1]
    assert {k: after[2][k] for k in (sourcemarks.RELEASE_PROPERTY, sourcemarks.CONTENT_PROPERTY)} == {
        k: before[2][k] for k in (sourcemarks.RELEASE_PROPERTY, sourcemarks.CONTENT_PROPERTY)
    }


def test_a_reference_document_made_from_a_pressgen_docx_does_not_pass_its_marks_on(project: Path) -> None:
    from pressgen.build import build

    first = build([project / "releases" / "2026-04-21-itri-mou.yaml"], ["docx"], project / "out")[0]
    (project / "templates" / "reference.docx").write_bytes(first.read_bytes())
    spec = project / "releases" / "2026-04-21-itri-mou.yaml"
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    second = build([spec], ["docx"], project / "out2")[0]
    _, manifest, properties = marks_of(second)
    digest = content_hash(load_release(spec))
    assert manifest is not None and manifest.content == digest and properties[sourcemarks.CONTENT_PROPERTY] == digest
    with zipfile.ZipFile(second) as package:
        roots = [etree.fromstring(package.read(n)) for n in package.namelist() if n.startswith("customXml/item") and "Props" not in n]
    assert sum(sourcemarks.parse_manifest(r) is not None for r in roots) == 1
