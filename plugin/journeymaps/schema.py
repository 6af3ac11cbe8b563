"""The JSON Schema of the frontmatter, for editors (yaml-language-server, VS Code)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .models import ID_PATTERN, EntityDoc

SCHEMA_ID = "https://journeymaps.dev/schema/journeymaps.schema.json"


class _Generator(GenerateJsonSchema):
    """The models read a number where they expect text (``title: 2026``, ``id: 2027``): so does the schema."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        text = super().str_schema(schema)
        pattern = schema.get("pattern")
        if pattern is None:
            return {"anyOf": [text, {"type": "number"}]}
        if pattern == ID_PATTERN:  # digits only are an id; a negative or decimal number is not
            return {"anyOf": [text, {"type": "integer", "minimum": 0}]}
        return text


def json_schema() -> dict[str, Any]:
    schema = TypeAdapter(EntityDoc).json_schema(mode="validation", schema_generator=_Generator)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              "title": "journeymaps entity (persona, touchpoint, cjm or cem)", **schema}
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
