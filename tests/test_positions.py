"""Every character of a string value is located at its own line and column of the file, whatever the YAML style."""

from __future__ import annotations

from pressgen.yamlsource import parse_yaml

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
