"""The JSON Schema of the frontmatter, for editors (yaml-language-server, VS Code)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from .models import EntityDoc

SCHEMA_ID = "https://journeymaps.dev/schema/journeymaps.schema.json"


def json_schema() -> dict[str, Any]:
    schema = TypeAdapter(EntityDoc).json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              "title": "journeymaps entity (persona, touchpoint, cjm or cem)", **schema}
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
