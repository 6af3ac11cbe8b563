"""The items pages hold: evidence, pain points, opportunities, quotes, touchpoints declared in a stage, a stage's
alternative paths and storyboard picture, and the shared base of every model (pydantic v2).

Split from :mod:`journeymaps.validation.models` (the four entities and their stages), which imports them all.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

from journeymaps.validation.compact import share_field_names
from journeymaps.validation.fields import (
    Brand,
    EmotionValue,
    Id,
    Link,
    Score,
    Share,
    Status,
    StrList,
    Text,
    WebLink,
    evidence_item,
    listify,
    local_path,
    quoted,
    titled,
)


def _title(name: str, _info: Any) -> str:
    """Schema titles an author recognises: ``pain_points`` -> ``Pain points`` (not pydantic's ``Pain Points``)."""
    return name.replace("_", " ").capitalize()


class Base(BaseModel):
    # Unknown keys are kept (other plugins use frontmatter too); misspellings get a warning.
    # The JSON Schema for editors is stricter: see journeymaps.validation.schema.
    model_config = ConfigDict(
        extra="allow", coerce_numbers_to_str=True, str_strip_whitespace=True, field_title_generator=_title
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        share_field_names(cls)  # before its first instance: see journeymaps.validation.compact


class Evidence(Base):
    """A source the map rests on."""

    model_config = ConfigDict(title="Evidence")

    type: Id | None = Field(
        None,
        description="The kind of research: interviews, survey, analytics, support-tickets, "
        "social-listening, reviews, observation, session-recordings, usability-tests, "
        "or assumption (a guess to be checked), or a type from your taxonomy.",
    )
    note: str | None = Field(None, description="What it is, with size and date, e.g. 12 interviews, Q3 2026.")
    link: Link | None = Field(
        None, description="Where to find it: an http(s) or relative link, e.g. the dashboard or the report."
    )


EvidenceList = Annotated[
    list[Annotated[Evidence, BeforeValidator(evidence_item, json_schema_input_type=str | Evidence)]],
    BeforeValidator(listify, json_schema_input_type=str | Evidence | list[str | Evidence] | None),
    Field(
        description="The research this rests on, one item per source: text, or {type: interviews, note: 12 interviews, "
        "Q3 2026, link: ...}. With none, or only assumption, the map is marked assumption-based."
    ),
]


class PainPoint(Base):
    """Something that goes wrong for the customer in this stage."""

    model_config = ConfigDict(title="Pain point")

    title: Text = Field(description="The problem, as the customer experiences it.")
    severity: Score | None = Field(
        None, description="How bad it is: 1 (minor annoyance) to 5 (critical: customers leave)."
    )


class Opportunity(Base):
    """An idea to make this stage better; the handbook ranks them by impact and effort."""

    model_config = ConfigDict(title="Opportunity")

    title: Text = Field(description="The idea, e.g. Magic-link signup.")
    impact: Score | None = Field(None, description="How many customers it helps: 1 (few) to 5 (almost all).")
    effort: Score | None = Field(None, description="How hard it is to do: 1 (easy) to 5 (very hard).")
    owner: str | None = Field(None, description="The team that would do it.")
    status: Status = Field(
        "idea",
        description="Where delivery stands: idea (the default), planned, in-progress (or in progress), done or "
        "dropped. Only open ones (idea, planned, in-progress) are ranked for next quarter.",
    )
    link: WebLink | None = Field(
        None, description="Where the work is tracked, an http(s) address, e.g. https://jira.example.com/browse/CX-12."
    )


class Quote(Base):
    """What a customer said, word for word."""

    model_config = ConfigDict(title="Quote")

    text: Text = Field(description="The customer's own words.")
    source: str | None = Field(None, description="Where it comes from, e.g. Interview 7.")


class InlineTouchpoint(Base):
    """A touchpoint declared in a stage; it gets its own page like a file-defined one."""

    model_config = ConfigDict(title="Touchpoint (declared in the stage)")

    name: Text = Field(description="The touchpoint, as customers would call it, e.g. Welcome email.")
    channel: Id = Field(
        description="The channel id: web, email, chat, phone, social, in-person, app, reviews, or one of your taxonomy."
    )
    id: Id | None = Field(
        None, description="Defaults to the slug of the name; the same id in several maps is one touchpoint."
    )
    ownership: Literal["owned", "earned", "paid"] | None = Field(
        None, description="owned (we run it), earned (reviews, word of mouth) or paid (ads)."
    )
    owner: str | None = Field(None, description="The team that runs it.")
    weight: Literal["low", "medium", "high"] | None = Field(
        None, description="How much is at stake for the customer here: low, medium or high."
    )
    brand: Brand | None = None


def _tp_tag(value: Any) -> str:
    return "inline" if isinstance(value, (dict, InlineTouchpoint)) else "ref"


TouchpointRef = Annotated[
    Annotated[Id, Tag("ref")] | Annotated[InlineTouchpoint, Tag("inline")],
    Discriminator(_tp_tag),
]


def _emotion_tag(value: Any) -> str:
    return "by-persona" if isinstance(value, dict) else "number"


CemEmotion = Annotated[
    Annotated[EmotionValue, Tag("number")] | Annotated[dict[str, EmotionValue], Tag("by-persona")],
    Discriminator(_emotion_tag),
]


TouchpointRefs = Annotated[
    list[TouchpointRef],
    BeforeValidator(listify, json_schema_input_type=Id | InlineTouchpoint | list[TouchpointRef] | None),
]
"""A stage's (or a path's) touchpoints: ids, or touchpoints declared inline; one alone may stand for the list."""


# A list of items, each an object or text (the text is its title); one item alone may stand for the list.
PainPoints = Annotated[
    list[Annotated[PainPoint, BeforeValidator(titled, json_schema_input_type=str | PainPoint)]],
    BeforeValidator(listify, json_schema_input_type=str | PainPoint | list[str | PainPoint] | None),
]
Opportunities = Annotated[
    list[Annotated[Opportunity, BeforeValidator(titled, json_schema_input_type=str | Opportunity)]],
    BeforeValidator(listify, json_schema_input_type=str | Opportunity | list[str | Opportunity] | None),
]
Quotes = Annotated[
    list[Annotated[Quote, BeforeValidator(quoted, json_schema_input_type=str | Quote)]],
    BeforeValidator(listify, json_schema_input_type=str | Quote | list[str | Quote] | None),
]


class StagePath(Base):
    """An alternative path through a stage: what some customers do instead of the stage's own (main) path."""

    model_config = ConfigDict(title="Path")

    name: Text = Field(description="The path, as the team calls it, e.g. Opens the account in a branch.")
    share: Share | None = Field(
        None,
        description="How many of the stage's customers take this path, in % (0 to 100), e.g. 30; the shares of a "
        "stage's paths add up to 100 at most (the main path takes the rest).",
    )
    actions: StrList = Field([], description="What the customer does on this path, one item per action.")
    touchpoints: TouchpointRefs = Field(
        [], description="Where the customer meets us on this path: touchpoint ids, or new ones inline."
    )
    emotion: EmotionValue | None = None
    pain_points: PainPoints = Field(
        [], description="What goes wrong on this path: text, or {title: ..., severity: 1..5}."
    )


def image_value(value: Any) -> Any:
    """``image: shot.svg`` has no alt text: say how to write it (alt text is required)."""
    if isinstance(value, str):
        raise ValueError(f"needs alt text: write image: {{src: {value[:40]}, alt: what the picture shows}}")
    return value


class StageImage(Base):
    """A storyboard picture of the stage: a file in the docs folder, with alt text."""

    model_config = ConfigDict(title="Storyboard image")

    src: Annotated[Text, AfterValidator(local_path)] = Field(
        description="The image file, relative to this page as in a Markdown image, e.g. ../img/sign-up.svg."
    )
    alt: Text = Field(description="What the picture shows, for readers who cannot see it (required).")


LaneId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$",
        description="A lane id: a built-in lane (actions, emotion, pain_points, ...) or one from the taxonomy.",
    ),
]
