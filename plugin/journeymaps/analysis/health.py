"""Analyse: map health, what the practice says a useful map needs.

Findings are advice, not build errors: each names the map, what is missing or
off, why it matters, and the field to fix.
"""

from __future__ import annotations

from journeymaps.analysis.facts import Analysis, Finding
from journeymaps.catalog.resolve import Catalog
from journeymaps.i18n import N_, _, ngettext
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import day

# Codes, for `journeymaps lint --fail-on`.
CODES = (
    "layer",
    "assumption",
    "stale",
    "never-reviewed",
    "stage-count",
    "personas",
    "no-emotion",
    "no-owner",
    "blueprint-backstage",
)


LAYERS = (
    ("structure", N_("structure"), "stages", N_("the customer's stages give the map its shape")),
    (
        "interactions",
        N_("interactions"),
        "touchpoints",
        N_("touchpoints and channels show where customers meet you, including places you don't own"),
    ),
    (
        "behaviour",
        N_("behaviour"),
        "actions / expectations",
        N_("the gap between what customers expect and what happens is where problems form"),
    ),
    (
        "experience",
        N_("experience"),
        "emotion / pain_points",
        N_("stages without emotions make a process diagram, not a journey map"),
    ),
    ("strategy", N_("strategy"), "opportunities", N_("a map with emotions but no opportunities is a complaint log")),
)
"""(layer, its name for readers, the fields that make it, why it matters). Findings are said in the active
language; their codes and fields are the format's and stay as they are."""


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
    a_day = m.kind == "day-in-the-life"  # the customer's wider day: no opportunities or stage owners asked of it
    for layer, name, field, reason in LAYERS:
        if not present[layer] and not (a_day and layer == "strategy"):
            add(
                "layer",
                _("missing the %(layer)s layer (no %(field)s in any stage)", layer=_(name), field=field),
                _(reason),
                f"stages[].{field.split(' ')[0]}",
                ("stages",),
            )
    if facts.assumption_based:
        add(
            "assumption",
            _("assumption-based: no evidence, or only `assumption`"),
            _("a map built on assumptions is a hypothesis until research backs it"),
            "evidence",
            ("evidence",),
        )
    if facts.review.reviewed is None:
        add(
            "never-reviewed",
            _("never reviewed (no `reviewed` date)"),
            _("a map is a living document: review it at least quarterly"),
            "reviewed",
        )
    elif facts.review.stale:
        add(
            "stale",
            _(
                "review overdue: last reviewed %(reviewed)s, due %(due)s",
                reviewed=day(facts.review.reviewed),
                due=day(facts.review.due) if facts.review.due else "",
            ),
            _("a stale map is worse than none: people act on what it says"),
            "reviewed",
            ("reviewed",),
        )
    if isinstance(m, Cjm) and not 4 <= len(m.stages) <= 7:
        add(
            "stage-count",
            ngettext(
                "%(n)s stage; most useful journey maps have 4 to 7",
                "%(n)s stages; most useful journey maps have 4 to 7",
                len(m.stages),
            ),
            _("too few stages hide where it hurts; too many turn a journey into a process"),
            "stages",
            ("stages",),
        )
    if isinstance(m, Cem) and len(v.personas) > 3:
        add(
            "personas",
            _("%(n)s personas; start with two or three", n=len(v.personas)),
            _("with many personas a map stops saying anything specific"),
            "personas",
            ("personas",),
        )
    for i, stage in enumerate(m.stages):
        if facts.stage_means[i] is None:
            add(
                "no-emotion",
                _("stage '%(stage)s' has no emotion", stage=stage.name),
                _("emotions show where the journey hurts"),
                f"stages[{i}].emotion",
                ("stages", i),
                v.stage_ids[i],
            )
        if not stage.owner and not a_day:
            add(
                "no-owner",
                _("stage '%(stage)s' has no owner", stage=stage.name),
                _("each stage needs someone who keeps it true"),
                f"stages[{i}].owner",
                ("stages", i),
                v.stage_ids[i],
            )
        if m.kind == "blueprint" and stage.frontstage and not (stage.backstage or stage.support):
            add(
                "blueprint-backstage",
                _("blueprint stage '%(stage)s' has frontstage steps and nothing behind them", stage=stage.name),
                _("a frontstage step with no backstage or support process is a promise no one keeps"),
                f"stages[{i}].backstage",
                ("stages", i, "frontstage"),
                v.stage_ids[i],
            )
    seen: set[str] = set()
    for i, ids in enumerate(catalog.stage_touchpoints.get(map_id, [])):
        for j, tid in enumerate(ids):
            tp = catalog.touchpoints[tid]
            if not tp.owner and not tp.brand and tid not in seen:  # another brand's is not ours to own
                seen.add(tid)
                own = None if tp.inline else catalog.by_src.get(tp.src_uri)  # its `owner:` goes in its own file
                out.append(
                    Finding(
                        map_id,
                        "no-owner",
                        _("touchpoint '%(name)s' has no owner", name=tp.name),
                        _("touchpoints without an owner drift"),
                        "owner" if own is not None else f"stages[{i}].touchpoints[{j}].owner",
                        own.doc.line(("name",)) if own is not None else v.doc.line(("stages", i, "touchpoints", j)),
                        v.stage_ids[i],
                        own.doc.path if own is not None else None,
                    )
                )
    return out


def handbook_health(catalog: Catalog, analysis: Analysis) -> dict[str, list[Finding]]:
    return {mid: map_health(catalog, analysis, mid) for mid in sorted(catalog.maps)}
