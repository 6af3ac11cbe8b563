"""The data-only view of a map that the web page, the search text and the PDF all render.

:func:`map_view` gathers, per stage, what the journey grid shows (touchpoints,
channels, each persona's emotion, opportunities with their priority) and
which lanes have anything to show. It draws nothing: the web page draws its
curve across every stage, the PDF one per page of stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymaps.analysis.facts import MapFacts
from journeymaps.catalog.resolve import Catalog, TouchpointEntry, Validated
from journeymaps.catalog.taxonomy import Taxonomy
from journeymaps.handbook import Handbook
from journeymaps.i18n import N_, _
from journeymaps.render.branches import Branch
from journeymaps.render.svg import Series
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import priority, said

__all__ = [
    "BLUEPRINT",
    "LANES",
    "PATH_LANES",
    "MapView",
    "Stage",
    "has_content",
    "main_share",
    "map_lanes",
    "map_view",
    "persona_name",
    "touchpoints_by_stage",
]

LANES: tuple[tuple[str, str, str], ...] = (
    ("goal", N_("Goal"), "text"),
    ("actions", N_("Actions"), "list"),
    ("emotion", N_("Emotion"), "emotion"),
    ("pain_points", N_("Pain points"), "pain_points"),
    ("opportunities", N_("Opportunities"), "opportunities"),
    ("thoughts", N_("Thoughts"), "list"),
    ("expectations", N_("Expectations"), "list"),
    ("touchpoints", N_("Touchpoints"), "touchpoints"),
    ("channels", N_("Channels"), "channels"),
    ("quotes", N_("Quotes"), "quotes"),
    ("metrics", N_("Metrics"), "metrics"),
    ("influences", N_("Influences"), "list"),
    ("owner", N_("Owner"), "text"),
    ("physical_evidence", N_("Physical evidence"), "list"),
    ("frontstage", N_("Frontstage"), "list"),
    ("backstage", N_("Backstage"), "list"),
    ("support", N_("Support processes"), "list"),
)
"""The lanes of the journey grid, in order: (key, label, kind of cell). The story a reader follows first: what
the customer does, how it feels, what hurts and what the team will do about it; then what they think and expect,
and where it happens (touchpoints, channels)."""

BLUEPRINT: tuple[tuple[str, str, str], ...] = (
    ("physical_evidence", N_("Physical evidence"), "list"),
    ("actions", N_("Customer actions"), "list"),
    ("line-interaction", N_("Line of interaction"), "line"),
    ("touchpoints", N_("Touchpoints"), "touchpoints"),
    ("frontstage", N_("Frontstage"), "list"),
    ("line-visibility", N_("Line of visibility"), "line"),
    ("backstage", N_("Backstage"), "list"),
    ("line-internal", N_("Line of internal interaction"), "line"),
    ("support", N_("Support processes"), "list"),
)
"""A service blueprint's lanes, top to bottom, with the method's three lines (kind ``line``): always drawn, so the
blueprint keeps its shape; the map's other lanes (emotion, pain points, ...) follow below."""
PARTS = {
    "morning": N_("Morning"),
    "midday": N_("Midday"),
    "afternoon": N_("Afternoon"),
    "evening": N_("Evening"),
    "night": N_("Night"),
}
BRANDS = ("brands", N_("Brands met"), "brands")
"""Day-in-the-life maps: where the customer meets our brand, another brand, or none."""


def _lanes(
    kind: str, stages: Sequence[dict[str, Any]], every: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The lanes the grid draws: of ``every`` lane (:func:`map_lanes`), those with something to show; a blueprint's
    lanes and lines first, always; a day's brands after its touchpoints."""
    shown = [lane for lane in every if any(has_content(lane[0], s) for s in stages)]
    if kind == "blueprint":
        keys = {key for key, _label, _kind in BLUEPRINT}
        return [*BLUEPRINT, *(lane for lane in shown if lane[0] not in keys)]
    if kind == "day-in-the-life":
        at = next((i + 1 for i, lane in enumerate(shown) if lane[0] == "touchpoints"), len(shown))
        return [*shown[:at], BRANDS, *shown[at:]]
    return shown


STORYBOARD: tuple[str, str, str] = ("image", N_("Storyboard"), "image")
"""The storyboard lane (the stages' pictures), above the others unless the map's ``lanes:`` says otherwise."""


def map_lanes(taxonomy: Taxonomy, chosen: list[str] | None = None) -> list[tuple[str, str, str]]:
    """Every lane in grid order: the storyboard, the built-in lanes and the taxonomy's (kind ``custom_text``,
    ``custom_list`` or ``rating``) where each says it goes; ``chosen`` (a map's ``lanes:``): those, in that
    order."""
    lanes = [STORYBOARD, *LANES]
    for lane in taxonomy.lanes.values():
        ids = [key for key, _, _ in lanes]
        entry = (lane.id, lane.label, "rating" if lane.kind == "rating" else f"custom_{lane.kind}")
        if lane.after in ids:
            lanes.insert(ids.index(lane.after) + 1, entry)
        elif lane.before in ids:
            lanes.insert(ids.index(lane.before), entry)
        elif lane.position is not None and not (lane.after or lane.before):
            lanes.insert(min(lane.position - 1, len(lanes)), entry)
        else:
            lanes.append(entry)
    if chosen:
        by_id = {lane[0]: lane for lane in lanes}
        return [by_id[key] for key in dict.fromkeys(chosen) if key in by_id]
    return lanes


class Stage(dict[str, Any]):
    """A stage (or an alternative path) of a map view: a dict whose keys read as attributes too. Templates read
    ``s.paths``, ``s.touchpoints``... thousands of times per build; on a plain dict Jinja tries the attribute
    first and fails (an exception each time) before it finds the key."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class MapView:
    """A map as its grid shows it."""

    map_id: str
    v: Validated
    model: Cjm | Cem
    facts: MapFacts
    stages: list[Stage]
    """Per stage: ``id``, ``s`` (the stage), ``index``, ``touchpoints``, ``channels``, ``emotions``
    ((persona name, value) per persona), ``opportunities`` ((opportunity, priority) per item), ``paths`` (its
    alternative paths, see :func:`_paths`), ``main_share`` (the main path's share, when the paths all have one),
    ``custom`` (the taxonomy's lanes: id -> value), ``image`` (its storyboard picture, or None), ``said`` (each of
    ``emotions`` as :func:`~journeymaps.vocabulary.said` says it), ``felt`` (the ``emotions`` with a value, as
    (persona name, value as said)) and ``felt_paths`` (the ``paths`` with an emotion)."""
    lanes: list[tuple[str, str, str]]
    """The lanes with something to show in at least one stage."""
    series: list[Series]
    """One curve per persona, for :func:`journeymaps.render.svg.emotion_curve`."""
    branches: list[Branch]
    """The stages' alternative paths that have an emotion: where the curve splits and joins again."""
    kind: str = "journey"
    """The map's kind: journey, day-in-the-life or blueprint (its grid's lanes and stage headers follow it)."""

    @property
    def fixed(self) -> frozenset[str]:
        """Lanes drawn on every page of stages, empty or not: a blueprint's lanes and lines, a day's brands."""
        if self.kind == "blueprint":
            return frozenset(key for key, _label, _kind in BLUEPRINT)
        return frozenset([BRANDS[0]]) if self.kind == "day-in-the-life" else frozenset()


def persona_name(catalog: Catalog, pid: str | None) -> str:
    """A persona's name, or its id when it has no (valid) page."""
    return catalog.personas[pid].title if pid and pid in catalog.personas else (pid or "")


def touchpoints_by_stage(catalog: Catalog, mid: str) -> list[list[TouchpointEntry]]:
    """The touchpoints of each stage of map ``mid``, in stage order."""
    per_stage = catalog.stage_touchpoints.get(mid)
    m = catalog.map_model(mid)
    return [[catalog.touchpoints[t] for t in ids] for ids in per_stage] if per_stage else [[] for _ in m.stages]


PATH_LANES = ("actions", "touchpoints", "pain_points")
"""The lanes a stage's alternative paths have their own items in (their emotion is on the curve)."""


def has_content(lane: str, stage: dict[str, Any]) -> bool:
    """Whether the grid shows anything in ``lane`` for ``stage`` (a map view's stage)."""
    if lane in PATH_LANES and any(has_content(lane, p) for p in stage.get("paths", [])):
        return True
    if lane in ("touchpoints", "channels"):
        return bool(stage[lane])
    if lane == "emotion":
        return any(value is not None for _, value in stage["emotions"]) or any(
            p["s"].emotion is not None for p in stage.get("paths", [])
        )
    if lane == "image":
        return stage.get("image") is not None
    if lane in stage.get("custom", {}):
        return True
    return bool(getattr(stage["s"], lane, None)) if lane in type(stage["s"]).model_fields else False


def _paths(cat: Catalog, mid: str, i: int, stage: Any) -> list[Stage]:
    """A stage's alternative paths as the grid shows them: ``name``, ``share``, ``s`` (the path: its actions,
    emotion, pain points) and ``touchpoints`` (resolved)."""
    per_path = cat.path_touchpoints.get(mid, [])
    ids = per_path[i] if i < len(per_path) else []
    return [
        Stage(
            name=p.name,
            share=p.share,
            s=p,
            touchpoints=[cat.touchpoints[t] for t in (ids[k] if k < len(ids) else [])],
            paths=[],  # a path has no paths of its own: the cell macro draws it like a stage
        )
        for k, p in enumerate(stage.paths)
    ]


def main_share(stage: dict[str, Any]) -> float | None:
    """The main path's share: what the paths leave when every one of them has a share."""
    shares = [p["share"] for p in stage.get("paths", [])]
    if not shares or any(x is None for x in shares):
        return None
    return max(0.0, 100.0 - sum(shares))


def map_view(handbook: Handbook, mid: str) -> MapView:
    cat, facts = handbook.catalog, handbook.analysis.maps[mid]
    v, m = cat.maps[mid], cat.map_model(mid)
    names = {pid: persona_name(cat, pid) for pid in v.personas}
    series = [Series(names.get(pid, "Emotion") or "Emotion", tuple(vals), pid) for pid, vals in facts.series.items()]
    stages: list[Stage] = []
    custom, images = cat.lane_values.get(mid, []), cat.stage_images.get(mid, [])
    for i, (st, tps) in enumerate(zip(m.stages, touchpoints_by_stage(cat, mid))):
        stages.append(
            Stage(
                {
                    "id": v.stage_ids[i],
                    "s": st,
                    "touchpoints": tps,
                    "index": i,
                    "channels": sorted({t.channel for t in tps}),
                    "emotions": [(names.get(pid, ""), vals[i]) for pid, vals in facts.series.items()],
                    "opportunities": [(op, priority(op.impact, op.effort)) for op in st.opportunities],
                    "when": st.time or (_(PARTS[st.part_of_day]) if st.part_of_day else ""),
                    "brands": [t.brand for t in tps if t.brand],
                    "ours": [t for t in tps if not t.brand],
                    "paths": _paths(cat, mid, i, st),
                    "custom": custom[i] if i < len(custom) else {},
                    "image": images[i] if i < len(images) else None,
                }
            )
        )
        stage = stages[-1]
        stage["main_share"] = main_share(stage)
        words = stage["said"] = [said(value) for _name, value in stage["emotions"]]
        felt = zip(stage["emotions"], words)
        stage["felt"] = [(name, *spoken) for (name, value), spoken in felt if value is not None]
        stage["felt_paths"] = [p for p in stage["paths"] if p["s"].emotion is not None]
    branches = [
        Branch(i, p.name, p.emotion, p.share)
        for i, st in enumerate(m.stages)
        for p in st.paths
        if p.emotion is not None
    ]
    return MapView(
        mid, v, m, facts, stages, _lanes(m.kind, stages, map_lanes(cat.taxonomy, m.lanes)), series, branches, m.kind
    )
