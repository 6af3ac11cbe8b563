"""Analyse: map health, what the practice says a useful map needs.

Findings are advice, not build errors: each names the map, what is missing or
off, why it matters, and the field to fix.
"""

from __future__ import annotations

from journeymaps.analysis.facts import Analysis, Finding
from journeymaps.catalog.resolve import Catalog
from journeymaps.validation.models import Cem, Cjm

# Codes, for `journeymaps lint --fail-on`.
CODES = ("layer", "assumption", "stale", "never-reviewed", "stage-count", "personas", "no-emotion", "no-owner")


LAYERS = (
    ("structure", "stages", "the customer's stages give the map its shape"),
    (
        "interactions",
        "touchpoints",
        "touchpoints and channels show where customers meet you, including places you don't own",
    ),
    (
        "behaviour",
        "actions / expectations",
        "the gap between what customers expect and what happens is where problems form",
    ),
    ("experience", "emotion / pain_points", "stages without emotions make a process diagram, not a journey map"),
    ("strategy", "opportunities", "a map with emotions but no opportunities is a complaint log"),
)


def map_health(catalog: Catalog, analysis: Analysis, map_id: str) -> list[Finding]:
    """The map's findings, computed once per build (the map page and the health page share them). Their lines
    come from the map's field positions, read from its YAML for this and let go again (at 1,000 maps, ~30 MB)."""
    found = analysis.health.get(map_id)
    if found is None:
        found = analysis.health[map_id] = _map_health(catalog, analysis, map_id)
        catalog.maps[map_id].doc.forget_lines()
    return found


def _map_health(catalog: Catalog, analysis: Analysis, map_id: str) -> list[Finding]:
    if map_id not in analysis.maps:  # the map did not validate: its errors say what is wrong
        return []
    v, m = catalog.maps[map_id], catalog.map_model(map_id)
    facts = analysis.maps[map_id]
    out: list[Finding] = []

    def add(
        code: str, message: str, reason: str, field: str, loc: tuple[str | int, ...] = (), anchor: str = ""
    ) -> None:
        out.append(
            Finding(map_id, code, message, reason, field, v.doc.line(loc) if loc else v.doc.line(("type",)), anchor)
        )

    present = {
        "structure": bool(m.stages),
        "interactions": any(catalog.stage_touchpoints.get(map_id, [])),
        "behaviour": any(s.actions or s.expectations for s in m.stages),
        "experience": any(value is not None for value in facts.stage_means) or any(s.pain_points for s in m.stages),
        "strategy": any(s.opportunities for s in m.stages),
    }
    for layer, field, reason in LAYERS:
        if not present[layer]:
            add(
                "layer",
                f"missing the {layer} layer (no {field} in any stage)",
                reason,
                f"stages[].{field.split(' ')[0]}",
                ("stages",),
            )
    if facts.assumption_based:
        add(
            "assumption",
            "assumption-based: no evidence, or only `assumption`",
            "a map built on assumptions is a hypothesis until research backs it",
            "evidence",
            ("evidence",),
        )
    if facts.review.reviewed is None:
        add(
            "never-reviewed",
            "never reviewed (no `reviewed` date)",
            "a map is a living document: review it at least quarterly",
            "reviewed",
        )
    elif facts.review.stale:
        add(
            "stale",
            f"review overdue: last reviewed {facts.review.reviewed.isoformat()}, due "
            f"{facts.review.due.isoformat() if facts.review.due else ''}",
            "a stale map is worse than none: people act on what it says",
            "reviewed",
            ("reviewed",),
        )
    if isinstance(m, Cjm) and not 4 <= len(m.stages) <= 7:
        add(
            "stage-count",
            f"{len(m.stages)} stages; most useful journey maps have 4 to 7",
            "too few stages hide where it hurts; too many turn a journey into a process",
            "stages",
            ("stages",),
        )
    if isinstance(m, Cem) and len(v.personas) > 3:
        add(
            "personas",
            f"{len(v.personas)} personas; start with two or three",
            "with many personas a map stops saying anything specific",
            "personas",
            ("personas",),
        )
    for i, stage in enumerate(m.stages):
        if facts.stage_means[i] is None:
            add(
                "no-emotion",
                f"stage '{stage.name}' has no emotion",
                "emotions show where the journey hurts",
                f"stages[{i}].emotion",
                ("stages", i),
                v.stage_ids[i],
            )
        if not stage.owner:
            add(
                "no-owner",
                f"stage '{stage.name}' has no owner",
                "each stage needs someone who keeps it true",
                f"stages[{i}].owner",
                ("stages", i),
                v.stage_ids[i],
            )
    seen: set[str] = set()
    for i, ids in enumerate(catalog.stage_touchpoints.get(map_id, [])):
        for tid in ids:
            tp = catalog.touchpoints[tid]
            if not tp.owner and tid not in seen:
                seen.add(tid)
                out.append(
                    Finding(
                        map_id,
                        "no-owner",
                        f"touchpoint '{tp.name}' has no owner",
                        "touchpoints without an owner drift",
                        "owner",
                        None,
                        v.stage_ids[i],
                    )
                )
    return out


def handbook_health(catalog: Catalog, analysis: Analysis) -> dict[str, list[Finding]]:
    return {mid: map_health(catalog, analysis, mid) for mid in sorted(catalog.maps)}
