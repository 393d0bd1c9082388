"""JSON Schemas of the release spec and of a registry file, for editors and other tools."""

from __future__ import annotations

import json

from .model import Organization, Release

SCHEMAS = {"release": Release, "organization": Organization}


def json_schema(kind: str = "release") -> str:
    schema = SCHEMAS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
