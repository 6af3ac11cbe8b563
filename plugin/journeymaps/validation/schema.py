"""The JSON Schema of the frontmatter, for editors (yaml-language-server, VS Code).

It comes from the pydantic models (:mod:`journeymaps.validation.models`), then is made
as strict as an editor can be without seeing the other files:

- a key journeymaps does not know is flagged (``additionalProperties: false``),
  except the page keys MkDocs and its themes read (``title``, ``tags``, ``hide``,
  ...). The build is more lenient: it keeps unknown keys (other plugins use
  frontmatter too) and warns only when a key looks like a misspelling;
- a stage may carry the lanes a site declares in its taxonomy (``lanes:``): the schema a site publishes, and
  ``journeymaps schema`` run in a site, list them as stage keys with their kind (text, list, rating 1-5); any
  other key stays flagged, so a misspelt one shows while typing;
- the one-file rules of the validator: a cjm has exactly one persona,
  ``future_of`` needs ``state: future``, a cem does not zoom into anything.

What it cannot see (references to other files, duplicate stage ids) is left
to ``journeymaps validate`` and the build. The repository keeps a copy at
``site_config/journeymaps.schema.json`` (a test checks it equals this output) and
the site publishes it at ``schema/journeymaps.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from journeymaps.sources.frontmatter import ENTITY_TYPES
from journeymaps.validation.fields import ID_PATTERN, LOCAL_PATH_PATTERN, TIME_PATTERN, Id
from journeymaps.validation.models import EntityDoc, Stage

SCHEMA_ID = "https://journeymaps.dev/schema/journeymaps.schema.json"
SCHEMA_PATH = "schema/journeymaps.schema.json"
"""Where the schema lives in the repository and in the built site."""
ENTITY_DEFS = ("Persona", "Touchpoint", "Cjm", "Cem")
# Page keys that MkDocs, material and common plugins read from frontmatter: allowed next to the entity's own.
PAGE_KEYS: dict[str, str] = {
    "title": "The page title (MkDocs); journeymaps uses the name or the map's title.",
    "description": "The page description for search engines (MkDocs, material).",
    "tags": "Tags (material's tags plugin).",
    "hide": "Parts of the page material hides: navigation, toc, footer.",
    "template": "A different page template (MkDocs).",
    "icon": "The page's icon in the navigation (material).",
    "status": "The page's status badge in the navigation (material).",
    "subtitle": "A subtitle in the navigation (material).",
    "search": "Search settings of the page, e.g. {exclude: true} (material).",
    "comments": "Comments on the page (material).",
}


class _Generator(GenerateJsonSchema):
    """The models read a number where they expect text (``title: 2026``, ``id: 2027``): so does the schema."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        text = super().str_schema(schema)
        pattern = schema.get("pattern")
        if pattern is None:
            return {"anyOf": [text, {"type": "number"}]}
        if pattern == ID_PATTERN:  # digits only (at most 64) are an id; a negative or decimal number is not
            # patternErrorMessage: what VS Code and yaml-language-server show instead of the regular expression
            text["patternErrorMessage"] = (
                "Not a valid id: use lower-case letters, digits and hyphens, e.g. signup-form (at most 64 characters)."
            )
            return {"anyOf": [text, {"type": "integer", "minimum": 0, "maximum": 10**64 - 1}]}
        return text


def _strict_objects(node: Any) -> None:
    """``additionalProperties: false`` on every object that lists its properties."""
    if isinstance(node, dict):
        if "properties" in node and node.get("type") == "object":
            node["additionalProperties"] = False
        for value in node.values():
            _strict_objects(value)
    elif isinstance(node, list):
        for item in node:
            _strict_objects(item)


def _blank_ends(node: Any) -> None:
    """A pattern of the whole text (``^...$``) also takes blanks around it: the build reads every text without the
    spaces and line breaks around it (``id: "maya\\n"`` is maya), and an editor's ``$`` is the very end of the text."""
    if isinstance(node, dict):
        pattern = str(node.get("pattern", ""))
        whole = pattern[:1] == "^" and pattern[-1:] == "$" and "|^" not in pattern
        if whole and not pattern.startswith(r"^\s*(?:"):  # a dict met twice (shared by two branches) is done once
            node["pattern"] = rf"^\s*(?:{pattern[1:-1]})\s*$"
        for value in node.values():
            _blank_ends(value)
    elif isinstance(node, list):
        for item in node:
            _blank_ends(item)


def _nullable_scalars(node: Any) -> Any:
    """``anyOf: [{type: number, maximum: 2}, {type: null}]`` -> ``{type: [number, null], maximum: 2}``: the same
    rule, and an editor then says "5 is above the maximum of 2", not "matches none of the given schemas"."""
    if isinstance(node, list):
        return [_nullable_scalars(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_scalars(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(b for b in branches if b != {"type": "null"})
        if isinstance(other.get("type"), str) and not {"$ref", "anyOf", "oneOf", "const"} & set(other):
            merged = {**{k: v for k, v in node.items() if k != "anyOf"}, **other, "type": [other["type"], "null"]}
            if "enum" in other:
                merged["enum"] = [*other["enum"], None]
            if "description" in node:
                merged["description"] = node["description"]
            return merged
    return node


def _lift_descriptions(node: Any) -> None:
    """A property whose description sits inside one branch of ``anyOf`` (``X | None``) gets it on the property:
    editors show the property's own description in the tooltip."""
    if isinstance(node, dict):
        for prop in (node.get("properties") or {}).values():
            if isinstance(prop, dict) and "description" not in prop:
                found = [b["description"] for b in prop.get("anyOf", []) if isinstance(b, dict) and "description" in b]
                if found:
                    prop["description"] = found[0]
        for value in node.values():
            _lift_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _lift_descriptions(item)


_PERSONA_GIVEN = [
    {"required": ["persona"], "properties": {"persona": {"type": ["string", "integer"]}}},
    {"required": ["personas"], "properties": {"personas": {"type": ["string", "integer", "array"], "minItems": 1}}},
]
"""A map names its persona(s): ``persona: ~`` and ``personas: []`` name no one, for the build as for the schema."""


def _one_file_rules(defs: dict[str, Any]) -> None:
    for name in ENTITY_DEFS:
        props = defs[name]["properties"]
        for key, description in PAGE_KEYS.items():
            props.setdefault(key, {"description": description})
    ident = TypeAdapter(Id).json_schema(mode="validation", schema_generator=_Generator)
    for name in ("Cjm", "Cem"):
        # future_of only on a future-state map (validate.py: "future_of is only for future-state maps");
        # `future_of: ~` is no future_of, as in the build
        defs[name]["if"] = {"required": ["future_of"], "properties": {"future_of": {"not": {"type": "null"}}}}
        defs[name]["then"] = {"required": ["state"], "properties": {"state": {"const": "future"}}}
        defs[name]["anyOf"] = _PERSONA_GIVEN  # a map names its persona(s): `persona: ~` alone names no one
    cjm = defs["Cjm"]
    # exactly one persona: `persona: maya`, or `personas: [maya]` (one id)
    cjm["properties"]["personas"] = {
        **cjm["properties"]["personas"],
        "anyOf": [ident, {"type": "array", "items": ident, "minItems": 1, "maxItems": 1}, {"type": "null"}],
        "description": "A cjm has exactly one persona: prefer `persona: maya`; `personas: [maya]` (one id) also works.",
    }
    for branch in cjm["properties"]["zooms_into"]["anyOf"]:
        if branch.get("type") == "array":
            branch["uniqueItems"] = True  # "'customer-lifecycle#open' is listed twice"
    cem = defs["Cem"]
    # only a cjm zooms into a cem stage; an empty `zooms_into` says nothing, and the build lets it be
    cem["properties"]["zooms_into"] = {
        "anyOf": [{"type": "null"}, {"type": "array", "maxItems": 0}],
        "description": "Only a cjm zooms into a cem stage: a cem does not zoom into anything.",
    }
    # a cem names its personas in `personas`; `persona: maya` (one id) is read the same way, as by the validator
    cem["properties"]["persona"] = {
        **cem["properties"]["persona"],
        "description": "A cem's personas go in `personas: [maya, daniel]`; `persona: maya` names one.",
    }
    for branch in cem["properties"]["personas"]["anyOf"]:
        if branch.get("type") == "array":
            branch["uniqueItems"] = True  # "persona 'maya' is listed twice"
    for name in ("Stage", "CemStage"):
        stage = defs[name]["properties"]
        # a time is text: `time: 0730` or `time: 7.30` is a number, which the build refuses
        stage["time"] = {
            "type": ["string", "null"],
            "pattern": TIME_PATTERN,
            "patternErrorMessage": "Not a time of day: write HH:MM on the 24-hour clock, e.g. 07:30 or 18:45.",
            "description": stage["time"]["description"],
            "title": "Time",
        }
    emotion = defs["CemStage"]["properties"]["emotion"]
    for branch in emotion["anyOf"][0]["oneOf"]:
        if branch.get("type") == "object":  # {persona id: number}: the keys are persona ids
            branch["propertyNames"] = {"pattern": ID_PATTERN, "patternErrorMessage": "Not a persona id (lower-case)."}
    image = defs["StageImage"]["properties"]["src"]
    image["pattern"] = LOCAL_PATH_PATTERN
    image["patternErrorMessage"] = "A file of the docs folder, relative to this page, e.g. ../img/sign-up.svg."


LANE_VALUES: dict[str, dict[str, Any]] = {
    "text": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]},
    "list": {
        "anyOf": [{"type": ["string", "number", "null"]}, {"type": "array", "items": {"type": ["string", "number"]}}]
    },
    "rating": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 5}, {"type": "null"}, {"const": ""}]},
}
"""What a stage's value for a site's own lane may be, by the lane's kind (the build reads them the same way: nothing,
``~`` or ``""`` is no value)."""


NOT_LANES = ("name", "id", "moment_of_truth", "image")
"""Stage keys that are not lanes of the grid (as :data:`journeymaps.catalog.lanes.NOT_LANES`)."""


def _custom_lanes(defs: dict[str, Any], lanes: dict[str, tuple[str, str]]) -> None:
    """The lanes the site's taxonomy declares (id -> (label, kind)), as properties of every stage; the rest stays
    strict, so a misspelt key is flagged while typing (see the module text). A map's ``lanes:`` names a built-in lane
    or one of these (the build refuses any other)."""
    choosable = ["image", *(k for k in Stage.model_fields if k not in NOT_LANES), "channels", *sorted(lanes)]
    for name in ("Cjm", "Cem"):
        for branch in defs[name]["properties"]["lanes"]["anyOf"]:
            item = branch.get("items", branch) if branch.get("type") in ("array", "string") else None
            if item is not None:
                item["enum"] = choosable
    for name in ("Stage", "CemStage"):
        for key, (label, kind) in sorted(lanes.items()):
            defs[name]["properties"][key] = {
                **LANE_VALUES.get(kind, LANE_VALUES["text"]),
                "title": label,
                "description": f"{label}: a lane your taxonomy declares ({kind}).",
            }


def _by_type(schema: dict[str, Any]) -> dict[str, Any]:
    """Choose the entity's schema by its ``type`` (if/then) instead of ``oneOf``: an editor then reports the
    mistakes of a cjm against the cjm schema only, not "matches none of persona, touchpoint, cjm, cem"."""
    mapping: dict[str, str] = schema.pop("discriminator")["mapping"]
    schema.pop("oneOf")
    kinds = sorted(mapping, key=list(ENTITY_TYPES).index)
    schema["type"] = "object"
    schema["required"] = ["type"]
    schema["properties"] = {
        "type": {
            "enum": kinds,
            "description": "What this page is: persona, touchpoint, cjm "
            "(a customer journey map) or cem (a customer experience map).",
        }
    }
    schema["allOf"] = [
        {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": {"$ref": mapping[kind]}}
        for kind in kinds
    ]
    return schema


def json_schema(lanes: dict[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of the frontmatter; with ``lanes`` (the site's taxonomy's: id -> (label, kind)), stages may
    carry them."""
    schema = _by_type(TypeAdapter(EntityDoc).json_schema(mode="validation", schema_generator=_Generator))
    _strict_objects(schema["$defs"])  # the root only dispatches on `type`; each entity's own schema is strict
    _lift_descriptions(schema)
    schema = _nullable_scalars(schema)
    _one_file_rules(schema["$defs"])
    _custom_lanes(schema["$defs"], lanes or {})
    _blank_ends(schema["$defs"])
    # Draft 7: what yaml-language-server supports; everything used here (anyOf, oneOf, if/then, const, pattern,
    # minimum/maximum, additionalProperties, refs as JSON pointers into $defs) means the same in later drafts.
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "journeymaps page: a persona, touchpoint, cjm or cem",
        "description": "The frontmatter of a journeymaps page. `type` says which of the four it is.",
        **schema,
    }


def schema_text(lanes: dict[str, tuple[str, str]] | None = None) -> str:
    return json.dumps(json_schema(lanes), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
