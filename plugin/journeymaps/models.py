"""Stage 2 types: the typed models of the four entities (pydantic v2).

These models are the single definition of the frontmatter: validation and the
JSON Schema for editors (``journeymaps schema``) both come from them. Checks
that need more than one field or more than one file live in
:mod:`journeymaps.validate` and :mod:`journeymaps.resolve`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
# Numeric ranges, by field name: used by the models and by the error messages.
RANGES: dict[str, tuple[int, int]] = {"emotion": (-2, 2), "severity": (1, 5), "impact": (1, 5), "effort": (1, 5)}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _listify(value: Any) -> Any:
    """A list field may be given as a single string: it means a one-item list."""
    if value is None:
        return []
    if isinstance(value, (str, dict, int, float)) and not isinstance(value, bool):  # a number is read as text
        return [value]
    return value


def _whole(value: Any) -> Any:
    """``3.0`` is the whole number 3 (as in JSON Schema); ``2.5`` stays, and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _titled(value: Any) -> Any:
    return {"title": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def _quoted(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def _evidence(value: Any) -> Any:
    return {"note": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def _safe_link(value: str | None) -> str | None:
    """Evidence links are http(s) or relative: never ``javascript:``, ``data:`` and the like.

    Browsers drop tabs and newlines inside a URL and ignore leading spaces and control
    characters, so the scheme is read the way a browser reads it (``java\tscript:`` is ``javascript:``).
    """
    if value is None:
        return None
    value = value.strip()
    as_browser_reads = re.sub(r"[\x00-\x20\x7f]", "", value)
    match = _SCHEME.match(as_browser_reads)
    if match and match.group(1).lower() not in ("http", "https"):
        raise ValueError(f"'{match.group(1).lower()}:' links are not allowed; use an http(s) or relative link")
    return value


Id = Annotated[
    str,
    Field(pattern=ID_PATTERN, description="Lower-case letters, digits and hyphens; starts with a letter or digit; at most 64 characters."),
]
Text = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": r"\S"})]  # spaces alone are stripped to nothing
StrList = Annotated[list[Text], BeforeValidator(_listify, json_schema_input_type=Union[Text, list[Text], None])]
IdList = Annotated[list[Id], BeforeValidator(_listify, json_schema_input_type=Union[Id, list[Id], None])]
Link = Annotated[str, AfterValidator(_safe_link), Field(description="An http(s) or relative link.")]
EmotionValue = Annotated[
    float,
    Field(strict=True, ge=-2, le=2, description="How the customer feels here: -2 very negative, 0 neutral, +2 very positive."),
]
Score = Annotated[StrictInt, Field(ge=1, le=5), BeforeValidator(_whole)]
Scalar = Union[StrictBool, StrictInt, StrictFloat, StrictStr]


class Base(BaseModel):
    # Unknown keys are kept (other plugins use frontmatter too); misspellings get a warning.
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, str_strip_whitespace=True)


class Evidence(Base):
    """A source the map rests on."""

    type: Id | None = Field(None, description="An evidence type of the taxonomy, e.g. interviews, survey, analytics, assumption.")
    note: str | None = Field(None, description="What it is, e.g. '12 interviews, Q3 2026'.")
    link: Link | None = None


EvidenceList = Annotated[
    list[Annotated[Evidence, BeforeValidator(_evidence, json_schema_input_type=Union[str, Evidence])]],
    BeforeValidator(_listify, json_schema_input_type=Union[str, Evidence, list[Union[str, Evidence]], None]),
    Field(description="The research behind this: a string, or {type, note, link}."),
]


class PainPoint(Base):
    title: Text
    severity: Score | None = Field(None, description="1 (minor) to 5 (critical).")


class Opportunity(Base):
    title: Text
    impact: Score | None = Field(None, description="How many customers it affects: 1 (few) to 5 (almost all).")
    effort: Score | None = Field(None, description="How hard the fix is: 1 (easy) to 5 (very hard).")
    owner: str | None = None


class Quote(Base):
    text: Text = Field(description="The customer's own words.")
    source: str | None = Field(None, description="Where it comes from, e.g. 'Interview 7'.")


class InlineTouchpoint(Base):
    """A touchpoint declared in a stage; it gets its own page like a file-defined one."""

    name: Text
    channel: Id
    id: Id | None = None
    ownership: Literal["owned", "earned", "paid"] | None = None
    owner: str | None = None
    weight: Literal["low", "medium", "high"] | None = None


def _tp_tag(value: Any) -> str:
    return "inline" if isinstance(value, (dict, InlineTouchpoint)) else "ref"


TouchpointRef = Annotated[
    Union[Annotated[Id, Tag("ref")], Annotated[InlineTouchpoint, Tag("inline")]],
    Discriminator(_tp_tag),
]


def _emotion_tag(value: Any) -> str:
    return "by-persona" if isinstance(value, dict) else "number"


CemEmotion = Annotated[
    Union[Annotated[EmotionValue, Tag("number")], Annotated[dict[str, EmotionValue], Tag("by-persona")]],
    Discriminator(_emotion_tag),
]


def _list_of(model: Any, before: Any) -> Any:
    return Annotated[
        list[Annotated[model, BeforeValidator(before, json_schema_input_type=Union[str, model])]],
        BeforeValidator(_listify, json_schema_input_type=Union[str, model, list[Union[str, model]], None]),
    ]


PainPoints = _list_of(PainPoint, _titled)
Opportunities = _list_of(Opportunity, _titled)
Quotes = _list_of(Quote, _quoted)


class Stage(Base):
    """One stage of a journey, from the customer's point of view."""

    name: Text
    id: Id | None = Field(None, description="Defaults to the slug of the name.")
    goal: str | None = None
    actions: StrList = []
    thoughts: StrList = []
    expectations: StrList = []
    touchpoints: Annotated[list[TouchpointRef], BeforeValidator(
        _listify, json_schema_input_type=Union[Id, InlineTouchpoint, list[TouchpointRef], None])] = []
    emotion: EmotionValue | None = None
    pain_points: PainPoints = []  # type: ignore[valid-type]
    opportunities: Opportunities = []  # type: ignore[valid-type]
    quotes: Quotes = []  # type: ignore[valid-type]
    moment_of_truth: StrictBool = Field(False, description="The customer decides to stay or leave here.")
    metrics: dict[str, Scalar] = {}
    owner: str | None = Field(None, description="Who keeps this stage true.")
    backstage: StrList = []
    support: StrList = []
    influences: StrList = []


class CemStage(Stage):
    emotion: CemEmotion | None = Field(None, description="A number in -2..2, or {persona id: number}.")  # type: ignore[assignment]


class Persona(Base):
    type: Literal["persona"]
    id: Id | None = None
    name: Text
    role: str | None = None
    segment: str | None = None
    quote: str | None = None
    goals: StrList = []
    needs: StrList = []
    frustrations: StrList = []
    behaviors: StrList = []
    channels: IdList = []
    evidence: EvidenceList = []
    photo: str | None = Field(None, description="An image path or URL for the persona card.")


class Touchpoint(Base):
    type: Literal["touchpoint"]
    id: Id | None = None
    name: Text
    channel: Id
    ownership: Literal["owned", "earned", "paid"] = "owned"
    owner: str | None = None
    weight: Literal["low", "medium", "high"] | None = Field(None, description="How much is at stake there.")
    description: str | None = None


PAGE_SIZES = ("A5", "A4", "A3", "A2", "letter", "legal", "ledger")
PageSize = Literal["A5", "A4", "A3", "A2", "letter", "legal", "ledger"]
Orientation = Literal["landscape", "portrait"]


class PdfPage(Base):
    """Paper for this map's PDF; unset keys take the site's defaults (``pdf_page_size``, ``pdf_orientation``)."""

    size: PageSize | None = None
    orientation: Orientation | None = None


ZoomTarget = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}#[a-z0-9][a-z0-9-]{0,63}$", description="cem-id#stage-id")]


class MapBase(Base):
    id: Id | None = None
    title: Text
    state: Literal["current", "future"] = "current"
    persona: Id | None = None
    personas: IdList = []
    scope: str | None = None
    owner: str | None = None
    reviewed: date | None = Field(None, description="Last review date, YYYY-MM-DD.")
    review_every: Annotated[StrictInt, Field(ge=1), BeforeValidator(_whole)] | None = Field(
        None, description="Days between reviews; default from the plugin config.")
    evidence: EvidenceList = []
    future_of: Id | None = Field(None, description="Future-state maps: the id of the current-state map.")
    competitors: StrList = []
    zooms_into: Annotated[list[ZoomTarget], BeforeValidator(
        _listify, json_schema_input_type=Union[ZoomTarget, list[ZoomTarget], None])] = []
    pdf: PdfPage | None = Field(None, description="Paper for this map's PDF, e.g. {size: A4, orientation: portrait}.")


class Cjm(MapBase):
    """A customer journey map: one persona, one path."""

    type: Literal["cjm"]
    stages: Annotated[list[Stage], Field(min_length=1)]


class Cem(MapBase):
    """A customer experience map: the whole lifecycle, several personas."""

    type: Literal["cem"]
    stages: Annotated[list[CemStage], Field(min_length=1)]


Map = Union[Cjm, Cem]
Entity = Union[Persona, Touchpoint, Cjm, Cem]
# One document, told apart by `type` (the JSON Schema gets a discriminator, so editors explain errors well).
EntityDoc = Annotated[Entity, Field(discriminator="type")]
MODELS: dict[str, type[Base]] = {"persona": Persona, "touchpoint": Touchpoint, "cjm": Cjm, "cem": Cem}


def known_keys(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)
