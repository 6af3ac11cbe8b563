"""Analyse: comparisons. CEM coverage by CJMs (and where to map next), one CJM against
the CEM stage it details, and a future-state map against its current state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymaps.analysis.backlog import is_open, score
from journeymaps.analysis.facts import Analysis
from journeymaps.catalog.resolve import Catalog
from journeymaps.i18n import _
from journeymaps.validation.models import Cem, Cjm


@dataclass
class ZoomingCjm:
    map_id: str
    title: str
    persona: str | None
    state: str
    stages: int
    mean_emotion: float | None

    @property
    def diagnoses(self) -> bool:
        """A current-state CJM says how the stage is today; a future-state one is the target, not a diagnosis."""
        return self.state != "future"


@dataclass
class CemStageCoverage:
    index: int
    stage_id: str
    name: str
    emotions: dict[str, float | None]
    moment_of_truth: bool
    cjms: list[ZoomingCjm] = field(default_factory=list)
    context: list[ZoomingCjm] = field(default_factory=list)
    """Day-in-the-life maps and blueprints on this stage: shown, not counted as its CJMs."""

    @property
    def hot(self) -> bool:
        return self.moment_of_truth or any(v is not None and v <= -1 for v in self.emotions.values())

    @property
    def diagnosed(self) -> bool:
        """A current-state CJM zooms into it: a future-state one is the target, not a diagnosis of today."""
        return any(z.diagnoses for z in self.cjms)


@dataclass
class Profile:
    """One column of the CEM vs CJM table, counted from the maps' own data."""

    maps: int
    stages: int
    personas: list[str]
    channels: list[str]
    evidence: list[str]
    pain_points: int
    opportunities_scored: int
    owners: list[str]
    scopes: list[str]


@dataclass
class CemCoverage:
    cem_id: str
    title: str
    personas: list[str]
    stages: list[CemStageCoverage]
    hot_spots: list[CemStageCoverage]
    uncovered_personas: list[str]
    cem_profile: Profile
    cjm_profile: Profile


def _profile(catalog: Catalog, analysis: Analysis, ids: list[str]) -> Profile:
    stages = pains = scored = 0
    personas: set[str] = set()
    channels: set[str] = set()
    evidence: set[str] = set()
    owners: set[str] = set()
    scopes: list[str] = []
    for mid in ids:
        if mid not in analysis.maps:  # the map did not validate
            continue
        v, m = catalog.maps[mid], catalog.map_model(mid)
        stages += len(m.stages)
        personas.update(v.personas)
        channels.update(analysis.maps[mid].channels)
        evidence.update(e.type for e in m.evidence if e.type)
        owners.update(x for x in [m.owner, *(s.owner for s in m.stages)] if x)
        if m.scope:
            scopes.append(m.scope)
        for s in m.stages:
            pains += len(s.pain_points)
            scored += sum(score(op) is not None and is_open(op) for op in s.opportunities)  # what the backlog ranks
    return Profile(
        len(ids), stages, sorted(personas), sorted(channels), sorted(evidence), pains, scored, sorted(owners), scopes
    )


def cem_coverage(catalog: Catalog, analysis: Analysis, cem_id: str) -> CemCoverage | None:
    v = catalog.maps.get(cem_id)
    if v is None or not isinstance(v.model, Cem):
        return None
    m = v.model
    facts = analysis.maps[cem_id]
    stages = [
        CemStageCoverage(
            i,
            v.stage_ids[i],
            s.name,
            {p: facts.series[p][i] for p in v.personas if p in facts.series},
            s.moment_of_truth,
        )
        for i, s in enumerate(m.stages)
    ]
    by_id = {s.stage_id: s for s in stages}
    cjm_ids: list[str] = []
    for cjm_id, stage_id in catalog.zoomed_by.get(cem_id, []):
        c = catalog.maps[cjm_id]
        if not isinstance(c.model, Cjm) or stage_id not in by_id:
            continue
        counted = c.model.kind == "journey"
        (by_id[stage_id].cjms if counted else by_id[stage_id].context).append(
            ZoomingCjm(
                cjm_id,
                c.model.title,
                c.personas[0] if c.personas else None,
                c.model.state,
                len(c.model.stages),
                analysis.maps[cjm_id].mean_emotion,
            )
        )
        if counted and cjm_id not in cjm_ids:
            cjm_ids.append(cjm_id)
    # a persona is followed by a CJM that diagnoses today (a future-state one is the target)
    covered = {z.persona for s in stages for z in s.cjms if z.diagnoses and z.persona}
    return CemCoverage(
        cem_id,
        m.title,
        list(v.personas),
        stages,
        [s for s in stages if s.hot and not s.diagnosed],
        [p for p in v.personas if p not in covered],
        _profile(catalog, analysis, [cem_id]),
        _profile(catalog, analysis, cjm_ids),
    )


def cem_coverages(catalog: Catalog, analysis: Analysis) -> list[CemCoverage]:
    """The coverage of every CEM of the handbook, by id."""
    return [c for c in (cem_coverage(catalog, analysis, mid) for mid in sorted(catalog.maps)) if c]


def context_maps(catalog: Catalog) -> list[str]:
    """The day-in-the-life maps: the customer's wider day, context for every comparison (not compared)."""
    return [mid for mid, v, m in catalog.valid_maps() if m.kind == "day-in-the-life"]


def unplaced_cjms(catalog: Catalog) -> list[str]:
    placed = {cjm for pairs in catalog.zoomed_by.values() for cjm, _ in pairs}
    # a future-state map is placed through its current state
    return [
        mid
        for mid, v in sorted(catalog.maps.items())
        if isinstance(v.model, Cjm)
        and v.model.kind == "journey"  # a day in the life or a blueprint is context, not a CEM stage's detail
        and mid not in placed
        and not (v.model.state == "future" and v.model.future_of in catalog.maps)
    ]


@dataclass
class StageChange:
    stage_id: str
    before_name: str | None
    after_name: str | None
    before: float | None
    after: float | None

    @property
    def status(self) -> str:
        if self.before_name is None:
            return "added"
        if self.after_name is None:
            return "dropped"
        return "kept"

    @property
    def label(self) -> str:
        """The status as readers see it, in the active language."""
        return {"added": _("added"), "dropped": _("dropped")}.get(self.status) or _("kept")

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else round(self.after - self.before, 2)


@dataclass
class FutureComparison:
    future_id: str
    current_id: str
    stages: list[StageChange]
    resolved: list[tuple[str, str]]  # (pain point, stage name in the current map)
    remaining: list[tuple[str, str]]
    new_opportunities: list[tuple[str, str]]
    touchpoints_added: list[str]
    touchpoints_retired: list[str]


def future_comparison(catalog: Catalog, analysis: Analysis, future_id: str) -> FutureComparison | None:
    fv = catalog.maps.get(future_id)
    if fv is None or not isinstance(fv.model, (Cjm, Cem)) or fv.model.state != "future" or not fv.model.future_of:
        return None
    cv = catalog.maps.get(fv.model.future_of)
    if cv is None or not isinstance(cv.model, (Cjm, Cem)):
        return None
    f, c = fv.model, cv.model
    f_stages = dict(zip(fv.stage_ids, f.stages))
    c_stages = dict(zip(cv.stage_ids, c.stages))
    f_means = dict(zip(fv.stage_ids, analysis.maps[fv.id].stage_means))
    c_means = dict(zip(cv.stage_ids, analysis.maps[cv.id].stage_means))
    order = list(cv.stage_ids) + [sid for sid in fv.stage_ids if sid not in c_stages]
    changes = [
        StageChange(
            sid,
            c_stages[sid].name if sid in c_stages else None,
            f_stages[sid].name if sid in f_stages else None,
            c_means.get(sid),
            f_means.get(sid),
        )
        for sid in order
    ]
    after_pains = {p.title.casefold() for s in f.stages for p in s.pain_points}
    before_ops = {o.title.casefold() for s in c.stages for o in s.opportunities}
    resolved: list[tuple[str, str]] = []
    remaining: list[tuple[str, str]] = []
    for s in c.stages:
        for p in s.pain_points:
            (remaining if p.title.casefold() in after_pains else resolved).append((p.title, s.name))
    new_ops = [(o.title, s.name) for s in f.stages for o in s.opportunities if o.title.casefold() not in before_ops]
    before_tps = {t for ids in catalog.stage_touchpoints.get(cv.id, []) for t in ids}
    after_tps = {t for ids in catalog.stage_touchpoints.get(fv.id, []) for t in ids}
    return FutureComparison(
        future_id,
        cv.id,
        changes,
        resolved,
        remaining,
        new_ops,
        sorted(after_tps - before_tps),
        sorted(before_tps - after_tps),
    )
