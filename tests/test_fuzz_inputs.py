"""Fuzzing media lists (CSV in UTF-8 and Shift_JIS, YAML, bytes), the [tool.pressgen] settings and the redline.

The property, as for specs: refused with problems located in the input, or a correct result; nothing
else in the project changes.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import zipfile
from pathlib import Path
from typing import Any

import tomli_w
from fuzzing import SchemaStrategies, hostile_text, located_or, time_limit, tree_digest, yaml_text, yamlish_text
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from test_fuzz_specs import project_files, seed_with_hostile_text

_numbers = itertools.count()
HEADINGS = ["name", "outlet", "email", "language", "tags", "氏名", "媒体", "メールアドレス", "言語", "タグ", "E-mail", "extra"]
LANGUAGE_CELLS = ["ja", "en", "zh-Hant", "zh-TW", "EN", "ja_JP", "fr", "", "日本語"]


def cells() -> st.SearchStrategy[str]:
    return st.one_of(hostile_text(), st.emails(), st.sampled_from(LANGUAGE_CELLS))


@st.composite
def csv_lists(draw: st.DrawFn) -> bytes:
    """A media list as a spreadsheet exports it: a heading row (or none), rows of hostile cells, UTF-8 or Shift_JIS."""
    heading = draw(st.one_of(st.just(["name", "outlet", "email", "language", "tags"]), st.lists(st.sampled_from(HEADINGS), max_size=6)))
    rows = draw(st.lists(st.lists(cells(), min_size=0, max_size=len(heading) + 1), max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerows([heading, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@st.composite
def yaml_lists(draw: st.DrawFn) -> bytes:
    entry = st.dictionaries(st.sampled_from(["name", "outlet", "email", "language", "tags", "phone"]), st.one_of(cells(), st.lists(cells(), max_size=3)), max_size=6)
    data = draw(st.one_of(st.fixed_dictionaries({"recipients": st.lists(entry, max_size=6)}), st.lists(entry, max_size=2)))
    return yaml_text(data).encode("utf-8")


@given(data=st.one_of(csv_lists(), yaml_lists(), yamlish_text().map(str.encode), st.binary(max_size=300)), suffix=st.sampled_from([".csv", ".yaml"]))
def test_media_lists(project: Path, data: bytes, suffix: str) -> None:
    from pressgen.distribution.addresses import line_break
    from pressgen.distribution.medialist import load_media_lists
    from pressgen.spec.model import LANGUAGES

    path = project / f"media-{next(_numbers)}{suffix}"
    path.write_bytes(data)
    files = {path.name: data.decode("utf-8", errors="replace")}
    try:
        with time_limit(20):
            media = located_or(lambda: load_media_lists([path]), files)
        for recipient in media.recipients if media else []:
            assert recipient.name and recipient.language in LANGUAGES
            assert recipient.email.count("@") == 1 and recipient.email.isascii() and " " not in recipient.email
            assert not any(line_break(text) for text in (recipient.name, recipient.outlet, recipient.email, *recipient.tags))
        if media:
            assert len({r.key for r in media.recipients}) == len(media.recipients)  # a journalist once
    finally:
        path.unlink()


def _settings_schemas() -> dict[str, Any]:
    from pressgen.distribution.settings import SendSettings
    from pressgen.review.check.settings import CheckSettings
    from pressgen.spec.settings import Settings

    core = Settings.model_json_schema()
    core["properties"]["send"] = SendSettings.model_json_schema(by_alias=True)
    core["properties"]["check"] = CheckSettings.model_json_schema(by_alias=True)
    return core


def _tomlable(value: Any) -> Any:
    """TOML has no null: keys holding None are left out, lists of them emptied."""
    if isinstance(value, dict):
        return {str(k): _tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_tomlable(v) for v in value if v is not None]
    return value


settings_tables = st.deferred(lambda: SchemaStrategies(_settings_schemas()).root())


@given(tables=settings_tables, raw=st.one_of(st.none(), yamlish_text(), st.text(max_size=60)))
def test_settings(project: Path, tables: Any, raw: str | None) -> None:
    """[tool.pressgen] tables of the schema with hostile values (or raw text after them), read as each command reads them."""
    from pressgen.distribution.settings import load_settings as send_settings
    from pressgen.review.check import RULES, load_rules
    from pressgen.review.check.settings import load_settings as check_settings
    from pressgen.spec import find_project

    load_rules()
    pyproject = project / "pyproject.toml"
    text = tomli_w.dumps({"tool": {"pressgen": _tomlable(tables) if isinstance(tables, dict) else {}}}) + (raw or "")
    pyproject.write_text(text, "utf-8")
    files = {**project_files(project), "pyproject.toml": text}
    before = tree_digest(project)
    with time_limit(20):
        found = located_or(lambda: find_project(project), files)
        if found is not None:
            located_or(lambda: send_settings(found), files)
            located_or(lambda: check_settings(found, RULES), files)
    assert tree_digest(project) == before


REDLINE_SHARE = 1 if os.environ.get("PRESSGEN_FUZZ") == "long" else 10


@given(old=seed_with_hostile_text(), new=seed_with_hostile_text(), share=st.integers(0, REDLINE_SHARE - 1))
def test_redlines(project: Path, old: dict[str, Any], new: dict[str, Any], share: int) -> None:
    """Two versions of a release: each changed block's segments spell the old text and the new one exactly;
    now and then the HTML and DOCX redlines are written, and only into out/."""
    from pressgen.render import render_page
    from pressgen.review import diff_files
    from pressgen.review.redline import compare
    from pressgen.spec import load_release

    number = next(_numbers)
    paths = [project / "releases" / f"{side}-{number}.yaml" for side in ("old", "new")]
    new["id"] = old.get("id")  # the same release, two versions
    for path, data in zip(paths, (old, new)):
        path.write_text(yaml_text(data), "utf-8")
    files = {**project_files(project)}
    before = tree_digest(project)
    try:
        with time_limit(30):
            loaded = [located_or(lambda p=p: load_release(p), files) for p in paths]
            if None in loaded:
                return
            pages = [located_or(lambda item=item: render_page(item), files) for item in loaded]
            if None in pages:
                return
            redline = located_or(lambda: compare(*pages), files)
            for change in redline.changes if redline else []:
                if change.kind == "changed":
                    assert "".join(s.text for s in change.segments if s.kind != "insert") == change.old.text
                    assert "".join(s.text for s in change.segments if s.kind != "delete") == change.new.text
            result = redline and share == 0 and located_or(lambda: diff_files(*paths), files)
        if result:
            assert result.html.is_relative_to(project / "out") and result.docx.is_relative_to(project / "out")
            assert not lxml_html.parse(str(result.html)).findall(".//script")
            assert zipfile.ZipFile(result.docx).testzip() is None
        assert {k: v for k, v in tree_digest(project).items()} == before
    finally:
        for path in paths:
            path.unlink()
