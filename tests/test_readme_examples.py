"""The README's examples of writing a release are true: each YAML example of a release's fields or of a registry
file is valid as written, so that a user copying one from the README starts from something that works."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from conftest import ROOT
from pressgen.spec.model import Organization, Release

SECTION = (ROOT / "README.md").read_text("utf-8").split("## Writing a release", 1)[1].split("\n## ", 1)[0]
EXAMPLES = [textwrap.dedent(block) for block in re.findall(r"^ *```yaml\n(.*?)^ *```", SECTION, re.M | re.S)]
BASE_RELEASE = {"id": "example", "language": "ja", "date": "2026-11-13", "issuers": ["aoba-denki"], "headline": "見出し", "body": "本文。"}
BASE_ORG = {"id": "example", "names": {"ja": {"formal": "青葉電機株式会社"}}}


def _parse(block: str) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(block)
    assert isinstance(data, dict), block
    return data


def _errors(model: type[Release] | type[Organization], data: dict[str, Any]) -> list[str] | None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    return None


def test_the_section_has_its_examples() -> None:
    registry_files = [b for b in EXAMPLES if {"id", "names"} <= _parse(b).keys()]
    assert len(EXAMPLES) >= 10 and len(registry_files) >= 2


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b.strip().splitlines()[0][:40])
def test_each_example_is_valid_as_written(block: str) -> None:
    """A release example (or a fragment of one, over a minimal release) validates as a release; a registry
    example (or a fragment) as a registry file. `…` stands for text the reader fills in, and is text."""
    data = _parse(block)
    if {"id", "names"} <= data.keys():
        assert _errors(Organization, data) is None, _errors(Organization, data)
        return
    as_release = _errors(Release, BASE_RELEASE | data)
    as_org = _errors(Organization, BASE_ORG | data) if data.keys() <= Organization.model_fields.keys() else ["not a registry file"]
    assert as_release is None or as_org is None, f"as a release: {as_release}; as a registry file: {as_org}"
