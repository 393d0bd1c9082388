"""Every character of a string value is located at its own line and column of the file, whatever the YAML style;
every setting, array item and inline-table key of pyproject.toml too."""

from __future__ import annotations

from pathlib import Path

from pressgen.spec.yamlsource import parse_yaml

SOURCE = """\
plain: one two
  three ★
single: 'it''s ★'
double: "tab\\t and \\u00e9 ★"
folded: >
  first line
  second ★

  after a blank ★
literal: |
  kept
    indented ★
explicit: |2
    two spaces of text ★
list:
  - key: |1
      deep ★
flow: [a, "b ★"]
"""

LOCATIONS = [("plain",), ("single",), ("double",), ("folded",), ("literal",), ("explicit",), ("list", 0, "key"), ("flow", 1)]


def test_each_star_is_found_where_it_is_written() -> None:
    doc = parse_yaml(SOURCE, "t.yaml")
    found = []
    for loc in LOCATIONS:
        text = doc.lookup(loc)
        found += [doc.where(loc, n) for n, char in enumerate(text) if char == "★"]
    written = [
        (number, col + 1)
        for number, line in enumerate(SOURCE.splitlines(), 1)
        for col, char in enumerate(line)
        if char == "★"
    ]
    assert found == written


def test_pyproject_settings_are_located_to_the_item(tmp_path: Path) -> None:
    import tomllib

    from pressgen.spec.settings import settings_doc

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.pressgen.check]\n'
        'disable = ["dates", "names"]\n'
        'enable = [\n  "japanese",  # a comment\n  \'style\',\n]\n'
        'severity = {"dates" = "error", names = "warning"}\n'
        '[tool.pressgen.send]\n'
        'footer = """\nrate = 1\n"""\n'
        'rate = 5\n',
        "utf-8",
    )
    doc = settings_doc(pyproject, tomllib.loads(pyproject.read_text("utf-8"))["tool"]["pressgen"])
    check, send = ("tool", "pressgen", "check"), ("tool", "pressgen", "send")
    assert doc.where((*check, "disable", 1)) == (2, 21)
    assert doc.where((*check, "enable", 0)) == (4, 3)
    assert doc.where((*check, "enable", 1)) == (5, 3)
    assert doc.where((*check, "severity", "names"), key=True) == (7, 32)
    assert doc.where((*check, "severity", "names")) == (7, 40)
    assert doc.where((*send, "rate")) == (12, 8)  # not the "rate = 1" inside the footer's text
