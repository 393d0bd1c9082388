"""Fuzzing release specs and registry files: schema-shaped structures with hostile strings, random YAML, random bytes.

Each example is a file in a copy of the project. The property: `load_release` refuses it with problems
located in the project's files, or loads it, and then the build renders HTML and DOCX whose structure
hostile text cannot change (one headline, no script, no event handler, links only to http(s) and
mailto); nothing in the project changes meanwhile.
"""

from __future__ import annotations

import copy
import io
import itertools
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fuzzing import SchemaStrategies, hostile_text, located_or, schema_of, time_limit, tree_digest, yaml_text, yamlish_text
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import ROOT, SEED_JA

_numbers = itertools.count()


def project_files(root: Path) -> dict[str, str]:
    """Display path → text of every file a problem may point at."""
    files = {}
    for folder in ("releases", "templates"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and path.suffix in (".yaml", ".j2", ".css", ".json"):
                files[path.relative_to(root).as_posix()] = path.read_text("utf-8", errors="replace")
    files["pyproject.toml"] = (root / "pyproject.toml").read_text("utf-8")
    return files


# The DOCX writer costs ten times the HTML: in the suite's profile one loaded example in ten is written as DOCX too.
DOCX_SHARE = 1 if os.environ.get("PRESSGEN_FUZZ") == "long" else 10


def check_release_file(root: Path, data: bytes, name: str | None = None, docx: bool = True) -> None:
    """The property for one spec file: refused with located problems, or built into sound HTML (and DOCX)."""
    from pressgen.build import render_outputs
    from pressgen.spec import load_release

    path = root / "releases" / f"{name or f'fuzz-{next(_numbers)}'}.yaml"
    path.write_bytes(data)
    files = {**project_files(root), path.relative_to(root).as_posix(): data.decode("utf-8", errors="replace")}
    before = tree_digest(root)
    try:
        with time_limit(30):
            loaded = located_or(lambda: load_release(path), files)
            formats = ["html", "docx"] if docx else ["html"]
            outputs = loaded and located_or(lambda: render_outputs(loaded, formats, root / "out"), files)
        for output in outputs or []:
            (sound_html if output.path.suffix == ".html" else sound_docx)(output.data)
        assert tree_digest(root) == before
    finally:
        path.unlink()


def sound_html(data: bytes) -> None:
    tree = lxml_html.fromstring(data)
    assert len(tree.findall(".//h1")) == 1
    assert not tree.findall(".//script") and not tree.findall(".//iframe") and not tree.findall(".//object")
    for element in tree.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
        href = element.get("href")
        if href is not None and element.tag == "a":
            assert href.startswith(("https://", "http://", "mailto:", "#")), href


def sound_docx(data: bytes) -> None:
    import docx

    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert docx.Document(io.BytesIO(data)).paragraphs


def _seed_data() -> dict[str, Any]:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(SEED_JA.read_text("utf-8"))


def _leaves(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*at, key))]
    if isinstance(value, list):
        return [leaf for n, item in enumerate(value) for leaf in _leaves(item, (*at, n))]
    return [at] if isinstance(value, str) else []


def seed_with_hostile_text() -> st.SearchStrategy[dict[str, Any]]:
    """The seed release with some of its strings replaced by hostile ones: its references mostly still hold."""
    return with_hostile_text(_seed_data())


@st.composite
def with_hostile_text(draw: st.DrawFn, original: dict[str, Any]) -> dict[str, Any]:
    """A copy of `original` with one to six of its strings hostile, or hostile text around them."""
    data = copy.deepcopy(original)
    leaves = _leaves(data)
    for at in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=6, unique=True)):
        target = data
        for part in at[:-1]:
            target = target[part]
        old = target[at[-1]]
        target[at[-1]] = draw(st.one_of(hostile_text(), hostile_text().map(lambda h: old + h), hostile_text().map(lambda h: h + old)))
    return data


release_structures = st.deferred(lambda: SchemaStrategies(schema_of("release")).root())
organization_structures = st.deferred(lambda: SchemaStrategies(schema_of("organization")).root())


@given(data=seed_with_hostile_text(), share=st.integers(0, DOCX_SHARE - 1))
def test_a_seed_release_with_hostile_text(project: Path, data: dict[str, Any], share: int) -> None:
    check_release_file(project, yaml_text(data).encode("utf-8"), docx=share == 0)


@given(data=release_structures, share=st.integers(0, DOCX_SHARE - 1))
def test_release_structures_from_the_schema(project: Path, data: Any, share: int) -> None:
    check_release_file(project, yaml_text(data).encode("utf-8"), docx=share == 0)


@given(text=st.one_of(yamlish_text(), st.binary(max_size=400).map(lambda b: b.decode("latin-1"))), raw=st.binary(max_size=300))
def test_random_yaml_and_random_bytes_as_a_release(project: Path, text: str, raw: bytes) -> None:
    check_release_file(project, text.encode("utf-8"))
    check_release_file(project, raw)


ITRI = ROOT / "releases" / "orgs" / "itri.yaml"


@st.composite
def itri_with_hostile_text(draw: st.DrawFn) -> dict[str, Any]:
    """ITRI's registry file with some of its strings hostile: the seed prints its names, people and boilerplate."""
    from ruamel.yaml import YAML

    return draw(with_hostile_text(YAML(typ="safe", pure=True).load(ITRI.read_text("utf-8"))))


@given(case=st.one_of(
    itri_with_hostile_text().map(lambda data: ("printed", data)),
    organization_structures.map(lambda data: ("new", data)),
    st.one_of(yamlish_text().map(str.encode), st.binary(max_size=300)).map(lambda raw: ("garbage", raw)),
))
def test_registry_files(project: Path, case: tuple[str, Any]) -> None:
    """A registry file the seed prints, with hostile text (then the seed is built), or a new one: schema-shaped
    (its id its file name), random YAML or bytes (then the registry is loaded)."""
    from pressgen.spec import find_project, load_registry

    kind, data = case
    printed = data if kind == "printed" else None
    garbage = data if kind == "garbage" else None
    if printed is not None:
        itri = project / "releases" / "orgs" / "itri.yaml"
        original = itri.read_bytes()
        itri.write_text(yaml_text(printed), "utf-8")
        try:
            check_release_file(project, SEED_JA.read_bytes(), name=f"seed-{next(_numbers)}", docx=False)
        finally:
            itri.write_bytes(original)
        return
    org = project / "releases" / "orgs" / f"fuzz-{next(_numbers)}.yaml"
    if isinstance(data, dict):
        data["id"] = org.stem
    org.write_bytes(yaml_text(data).encode("utf-8") if garbage is None else garbage)
    files = {**project_files(project), org.relative_to(project).as_posix(): org.read_bytes().decode("utf-8", errors="replace")}
    try:
        with time_limit(30):
            located_or(lambda: load_registry(find_project(project)), files)
    finally:
        org.unlink()
