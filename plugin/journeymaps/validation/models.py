"""Stage 2 types: the typed models of the four entities (pydantic v2).

These models are the single definition of the frontmatter: validation and the
JSON Schema for editors (``journeymaps schema``) both come from them. Checks
that need more than one field or more than one file live in
:mod:`journeymaps.validation.validate` and :mod:`journeymaps.catalog.resolve`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from journeymaps.validation.fields import (
    MAX_REVIEW_EVERY,
    Brand,
    EmotionValue,
    Id,
    IdList,
    MapKind,
    PartOfDay,
    ReviewDate,
    Scalar,
    StrList,
    Text,
    TimeOfDay,
    listify,
    whole,
)
from journeymaps.validation.items import (
    Base,
    CemEmotion,
    EvidenceList,
    LaneId,
    Opportunities,
    PainPoints,
    Quotes,
    StageImage,
    StagePath,
    TouchpointRefs,
    image_value,
)


class Stage(Base):
    """One stage of a journey, from the customer's point of view."""

    model_config = ConfigDict(title="Stage")

    name: Text = Field(description="The stage, from the customer's point of view, e.g. Sign up (not a CRM step).")
    id: Id | None = Field(
        None,
        description="Defaults to the slug of the name. Keep it when you rename the stage: "
        "other maps link to it (zooms_into, future_of).",
    )
    goal: str | None = Field(None, description="What the customer wants to get done in this stage.")
    actions: StrList = Field([], description="What the customer does, one item per action.")
    thoughts: StrList = Field([], description="What the customer thinks, in their words, e.g. Will this be easy?")
    expectations: StrList = Field(
        [], description="What the customer expects to happen; the gap to what happens is where problems start."
    )
    touchpoints: TouchpointRefs = Field(
        [],
        description="Where the customer meets us here: touchpoint ids, or new ones as "
        "{name: Welcome email, channel: email}.",
    )
    emotion: EmotionValue | None = None
    pain_points: PainPoints = Field([], description="What goes wrong: text, or {title: ..., severity: 1..5}.")
    opportunities: Opportunities = Field(
        [],
        description="Ideas to fix it: text, or {title: ..., impact: 1..5, effort: 1..5, owner: ..., "
        "status: planned, link: https://...}.",
    )
    quotes: Quotes = Field([], description="The customer's own words: text, or {text: ..., source: Interview 7}.")
    moment_of_truth: StrictBool = Field(False, description="true where the customer decides to stay or leave.")
    metrics: dict[str, Scalar] = Field({}, description="Numbers for this stage, e.g. {csat: 4.1, drop_off: 18%}.")
    owner: str | None = Field(None, description="The team that keeps this stage true.")
    physical_evidence: StrList = Field(
        [], description="Service blueprint: what the customer sees or holds, e.g. Welcome letter, app screen."
    )
    frontstage: StrList = Field(
        [], description="Service blueprint: what our staff or systems do in sight of the customer."
    )
    backstage: StrList = Field(
        [], description="Service blueprint: what happens behind the scenes, e.g. Account provisioning job."
    )
    support: StrList = Field(
        [], description="Service blueprint: systems and partners that support it, e.g. Identity provider."
    )
    influences: StrList = Field(
        [], description="Outside influences on the customer here, e.g. G2 reviews, word of mouth."
    )
    time: TimeOfDay | None = None
    part_of_day: PartOfDay | None = None
    paths: Annotated[
        list[StagePath], BeforeValidator(listify, json_schema_input_type=StagePath | list[StagePath] | None)
    ] = Field(
        [],
        description="Alternative paths through this stage, e.g. [{name: In a branch, share: 30, actions: [...], "
        "emotion: -1}]; the stage's own actions, touchpoints, emotion and pain points are the main path.",
    )
    image: Annotated[StageImage | None, BeforeValidator(image_value, json_schema_input_type=StageImage | None)] = Field(
        None,
        description="A storyboard picture of the stage, shown above the grid's lanes: "
        "{src: ../img/sign-up.svg, alt: what it shows}.",
    )


class CemStage(Stage):
    """One stage of the lifecycle; customers' emotions may differ per persona."""

    model_config = ConfigDict(title="Stage (cem)")

    emotion: CemEmotion | None = Field(  # type: ignore[assignment]
        None,
        description="How customers feel here, from -2 (very negative) to 2 (very positive): one number for all, "
        "or one per persona, e.g. {maya: 1, daniel: -1}.",
    )


class Persona(Base):
    """A persona: a specific customer the maps are written for."""

    model_config = ConfigDict(title="Persona")

    type: Literal["persona"] = Field(description="What this page is: persona, touchpoint, cjm or cem.")
    id: Id | None = Field(None, description="Defaults to the file name; maps name the persona by it (persona: maya).")
    name: Text = Field(description="The persona's name, e.g. Maya Okafor: a person, not a segment.")
    role: str | None = Field(None, description="Their job or situation, e.g. Freelance brand designer.")
    segment: str | None = Field(
        None, description="The customer segment they stand for, e.g. Sole trader, 2-4 clients a month."
    )
    quote: str | None = Field(None, description="One sentence in their own words.")
    goals: StrList = Field([], description="What they want to achieve.")
    needs: StrList = Field([], description="What they need from us to get there.")
    frustrations: StrList = Field([], description="What gets in their way today.")
    behaviors: StrList = Field([], description="What they do, e.g. Reads App Store reviews before switching apps.")
    channels: IdList = Field(
        [],
        description="Channels they prefer, as channel ids: web, email, chat, phone, social, in-person, app, reviews.",
    )
    evidence: EvidenceList = Field([])
    photo: str | None = Field(
        None,
        description="A picture of the persona (its page, card and PDF): a file in the docs folder, relative to it.",
    )


class Touchpoint(Base):
    """A touchpoint: a place where customers meet us or hear about us."""

    model_config = ConfigDict(title="Touchpoint")

    type: Literal["touchpoint"] = Field(description="What this page is: persona, touchpoint, cjm or cem.")
    id: Id | None = Field(None, description="Defaults to the file name; stages name the touchpoint by it.")
    name: Text = Field(description="The touchpoint, as customers would call it, e.g. Support chat.")
    channel: Id = Field(
        description="The channel id: web, email, chat, phone, social, in-person, app, reviews, or one of your taxonomy."
    )
    ownership: Literal["owned", "earned", "paid"] = Field(
        "owned", description="owned (we run it, the default), earned (reviews, word of mouth) or paid (ads)."
    )
    owner: str | None = Field(None, description="The team that runs it.")
    weight: Literal["low", "medium", "high"] | None = Field(
        None, description="How much is at stake for the customer here: low, medium or high (a billing dispute is high)."
    )
    description: str | None = Field(None, description="One line on what happens here.")
    brand: Brand | None = None


PageSize = Literal["A5", "A4", "A3", "A2", "letter", "legal", "ledger"]
Orientation = Literal["landscape", "portrait"]


class PdfPage(Base):
    """Paper for this map's PDF; what is not set comes from the site's settings (pdf_page_size, pdf_orientation)."""

    model_config = ConfigDict(title="PDF paper")

    size: PageSize | None = Field(None, description="A5, A4, A3, A2, letter, legal or ledger.")
    orientation: Orientation | None = Field(None, description="landscape or portrait.")


ZoomTarget = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,63}#[a-z0-9][a-z0-9-]{0,63}$",
        description="cem-id#stage-id, e.g. customer-lifecycle#onboarding",
    ),
]


class MapBase(Base):
    id: Id | None = Field(None, description="Defaults to the file name; other maps link to this map by it.")
    title: Text = Field(description="What the journey is, in the customer's words, e.g. Sending the first invoice.")
    state: Literal["current", "future"] = Field(
        "current", description="current: how it is today (the default); future: the target to align on."
    )
    kind: MapKind = "journey"
    blueprint: Id | None = Field(None, description="The id of the blueprint map (kind: blueprint) behind this one.")
    persona: Id | None = Field(None, description="A cjm's one persona, by id (the persona's file name), e.g. maya.")
    personas: IdList = Field([], description="A cem's personas, by id, e.g. [maya, daniel]; two or three work best.")
    scope: str | None = Field(None, description="Where the journey starts and ends, e.g. From signup to first value.")
    owner: str | None = Field(None, description="The team that keeps this map true.")
    reviewed: ReviewDate | None = Field(
        None, description="The date of the last review, YYYY-MM-DD. After review_every days the map is marked stale."
    )
    review_every: Annotated[StrictInt, Field(ge=1, le=MAX_REVIEW_EVERY), BeforeValidator(whole)] | None = Field(
        None, description="Days between reviews, e.g. 90 (the default comes from the site's settings; at most 36500)."
    )
    evidence: EvidenceList = Field([])
    future_of: Id | None = Field(
        None, description="Only with state: future: the id of the current-state map this one improves on."
    )
    competitors: StrList = Field([], description="Outside alternatives customers weigh (mostly in a cem).")
    zooms_into: Annotated[
        list[ZoomTarget], BeforeValidator(listify, json_schema_input_type=ZoomTarget | list[ZoomTarget] | None)
    ] = Field(
        [], description="cjm only: the cem stage this map details, as cem-id#stage-id, or a list of adjacent stages."
    )
    pdf: PdfPage | None = Field(None, description="Paper for this map's PDF, e.g. {size: A4, orientation: portrait}.")
    lanes: Annotated[list[LaneId], BeforeValidator(listify, json_schema_input_type=LaneId | list[LaneId] | None)] = (
        Field(
            [],
            description="The lanes this map shows, in this order, e.g. [image, actions, emotion, pain_points, "
            "confidence]: built-in lanes and the taxonomy's; empty: every lane with something to show.",
        )
    )


class Cjm(MapBase):
    """A customer journey map (cjm): one persona, one path or goal, stage by stage."""

    model_config = ConfigDict(title="Customer journey map (cjm)")

    type: Literal["cjm"] = Field(description="What this page is: persona, touchpoint, cjm or cem.")
    stages: Annotated[list[Stage], Field(min_length=1)] = Field(
        description="The stages, in order; most maps have 4 to 7."
    )


class Cem(MapBase):
    """A customer experience map (cem): the whole relationship, several personas, all channels."""

    model_config = ConfigDict(title="Customer experience map (cem)")

    type: Literal["cem"] = Field(description="What this page is: persona, touchpoint, cjm or cem.")
    stages: Annotated[list[CemStage], Field(min_length=1)] = Field(description="The stages of the lifecycle, in order.")


Map = Cjm | Cem
Entity = Persona | Touchpoint | Cjm | Cem
# One document, told apart by `type` (the JSON Schema gets a discriminator, so editors explain errors well).
EntityDoc = Annotated[Entity, Field(discriminator="type")]
MODELS: dict[str, type[Base]] = {"persona": Persona, "touchpoint": Touchpoint, "cjm": Cjm, "cem": Cem}


def known_keys(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)
