"""The generated pages of the registry: section indexes and comparison pages.

:func:`render_generated` picks the renderer by the page's kind (and, for an
index, its section); each one gathers what its template shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from journeymaps.analysis.backlog import NEXT_QUARTER
from journeymaps.analysis.compare import cem_coverages, context_maps, future_comparison, unplaced_cjms
from journeymaps.analysis.health import handbook_health
from journeymaps.catalog.generated import INDEXES as SECTIONS
from journeymaps.catalog.generated import GeneratedPage
from journeymaps.catalog.urls import future_src, pair_src
from journeymaps.i18n import N_, _, ngettext
from journeymaps.render.lane_svg import emotion_lane
from journeymaps.render.signs import Sprite
from journeymaps.render.svg import Series
from journeymaps.validation.fields import STATUSES
from journeymaps.validation.ids import slugify
from journeymaps.validation.models import Cem, Cjm

if TYPE_CHECKING:
    from journeymaps.render.pages import PageRenderer

__all__ = ["CHANGES_SHOWN", "PAIR_COLUMN", "owner_key", "render_generated"]

CHANGES_SHOWN = 30
"""Commits listed on the changes/ page."""
PAIR_COLUMN = 150
"""Width (px) of a stage column in the curves of a pair page."""


def owner_key(owner: str | None) -> str:
    """A filter value for an owner: its slug (owners are free text)."""
    return slugify(owner) if owner else ""


def render_generated(r: PageRenderer, page: GeneratedPage, page_url: str) -> str:
    if page.kind == "home":
        return _home(r, page_url)
    if page.kind == "index":
        return INDEXES[page.section](r, page_url)
    if page.kind == "pair":
        return _pair(r, page.args[0], page.args[1], page_url)
    if page.kind == "future":
        return _future(r, page.args[0], page_url)
    return ""  # an inline touchpoint's page: the entity renderer makes it


def _home(r: PageRenderer, page_url: str) -> str:
    """The overview of a site without a home page of its own: each section with its count, then what to look at
    first (the backlog's next quarter, the painful stages no journey map details yet)."""
    cat, analysis = r.handbook.catalog, r.handbook.analysis
    ranked = r.ranked
    hot = [(c, s) for c in cem_coverages(cat, analysis) for s in c.hot_spots]
    findings = sum(1 for found in handbook_health(cat, analysis).values() if found)
    cems = sum(1 for v in cat.maps.values() if v.kind == "cem")
    counts = {
        "maps": ngettext("%(n)s map", "%(n)s maps", len(cat.maps))
        + (" · " + ngettext("%(n)s experience map", "%(n)s experience maps", cems) if cems else ""),
        "personas": ngettext("%(n)s persona", "%(n)s personas", len(cat.personas)),
        "touchpoints": ngettext("%(n)s touchpoint", "%(n)s touchpoints", len(cat.touchpoints)),
        "compare": ngettext(
            "%(n)s painful stage without a journey map", "%(n)s painful stages without a journey map", len(hot)
        ),
        "opportunities": ngettext("%(n)s open opportunity", "%(n)s open opportunities", sum(x.open for x in ranked)),
        "health": ngettext("%(n)s map with findings", "%(n)s maps with findings", findings),
    }
    sections = [
        {
            "title": _(s.title),
            "href": r.link(page_url, cat.url(s.src_uri)),
            "count": counts.get(s.section, ""),
            "blurb": _(HOME_BLURBS[s.section]),
        }
        for s in SECTIONS
    ]
    return r.render(
        "journeymaps/home.html",
        page_url,
        site_name=r.site_name,
        sections=sections,
        next_quarter=[x for x in ranked if x.next_quarter],
        hot=hot,
        compare_url=r.link(page_url, cat.url("compare/index.md")),
        backlog_url=r.link(page_url, cat.url("opportunities/index.md")),
    )


HOME_BLURBS = {
    "personas": N_("Who the maps are about, and where each of them appears."),
    "maps": N_("Every experience map and journey map, with its emotion curve."),
    "touchpoints": N_("Every touchpoint and channel, and the stages that use it."),
    "compare": N_("Which stages of the lifecycle journey maps detail, and which painful ones have none yet."),
    "opportunities": N_("Every opportunity, ranked by impact and effort, with its delivery status."),
    "health": N_("What each map still lacks: layers, evidence, a recent review, owners."),
    "changes": N_("What changed in the maps, commit by commit."),
}
"""A line under each section's name on the home page."""


def _personas(r: PageRenderer, page_url: str) -> str:
    cat = r.handbook.catalog
    items = sorted((r.persona_card(pid) for pid in cat.personas), key=lambda c: (c or {}).get("id", ""))
    return r.render(
        "journeymaps/index_personas.html",
        page_url,
        personas=[c for c in items if c],
        counts={pid: len(cat.persona_maps.get(pid, [])) for pid in cat.personas},
        broken=[v for v in cat.personas.values() if v.model is None],
    )


def _maps(r: PageRenderer, page_url: str) -> str:
    cat, analysis = r.handbook.catalog, r.handbook.analysis
    persona_links = {p: (r.link(page_url, cat.entity_url("persona", p)), v.title) for p, v in cat.personas.items()}
    maps = []
    for mid in sorted(cat.maps, key=lambda k: (cat.maps[k].kind != "cem", cat.maps[k].title.lower(), k)):
        v = cat.maps[mid]
        personas = [p for p in v.personas if p in cat.personas]
        maps.append(
            {
                "id": mid,
                "v": v,
                "m": v.model,
                "facts": analysis.maps.get(mid),
                "personas": personas,
                "href": r.link(page_url, cat.entity_url("map", mid)),  # made here: the page is rendered on every edit
                "persona_links": [persona_links[p] for p in personas],
            }
        )
    return r.render("journeymaps/index_maps.html", page_url, maps=maps, personas=sorted(cat.personas), cat=cat)


def _touchpoints(r: PageRenderer, page_url: str) -> str:
    touchpoints = sorted(r.handbook.catalog.touchpoints.values(), key=lambda t: (t.channel, t.name.lower(), t.id))
    return r.render("journeymaps/index_touchpoints.html", page_url, touchpoints=touchpoints)


def _opportunities(r: PageRenderer, page_url: str) -> str:
    cat = r.handbook.catalog
    ranked = r.ranked
    owners = sorted({x.opportunity.owner for x in ranked if x.opportunity.owner})
    statuses = [x.status for x in ranked]
    # per map and per owner, not per row: the backlog has a row per opportunity (6,000 at 1,000 maps)
    open_rows = [x for x in ranked if x.open]
    scored = sum(1 for x in open_rows if x.rank)  # counted here: four passes of template filters over every row
    hrefs = {mid: r.link(page_url, cat.entity_url("map", mid)) for mid in {x.map_id for x in ranked}}
    owner_keys = {o: owner_key(o) for o in {x.opportunity.owner for x in ranked}}
    return r.render(
        "journeymaps/opportunities.html",
        page_url,
        ranked=ranked,
        next_quarter=NEXT_QUARTER,
        maps=sorted({(x.map_id, x.map_title) for x in ranked}, key=lambda x: x[1].lower()),
        personas=[(p, cat.personas[p].title) for p in sorted(cat.personas)],
        owners=[(owner_keys[o], o) for o in owners],
        owner_key=owner_key,
        scored=scored,
        unscored=sum(1 for x in open_rows if x.score is None),
        any_ranked=any(x.rank for x in ranked),
        hrefs=hrefs,
        owner_keys=owner_keys,
        status_counts=[(s, statuses.count(s)) for s in STATUSES if s in statuses],
        sprite=Sprite(),  # a row's signs are drawn once on the page, not in every row
    )


def _health(r: PageRenderer, page_url: str) -> str:
    cat, analysis = r.handbook.catalog, r.handbook.analysis
    return r.render(
        "journeymaps/health.html", page_url, health=handbook_health(cat, analysis), cat=cat, analysis=analysis
    )


def _changes(r: PageRenderer, page_url: str) -> str:
    cat, history = r.handbook.catalog, r.history
    commits: list[dict[str, Any]] = []
    for entry in history.commits if history is not None and history.available else []:
        if len(commits) == CHANGES_SHOWN:
            break
        files = []
        for change in entry.files:
            if not change.path.endswith(".md"):
                continue  # images and other assets
            v = cat.by_src.get(change.path)
            files.append({"change": change, "v": v, "url": r.link(page_url, cat.url(change.path)) if v else None})
        if files:
            commits.append({"c": entry.commit, "files": files})
    return r.render(
        "journeymaps/changes.html",
        page_url,
        commits=commits,
        commit_url=r.commit_url,
        available=history is not None and history.available,
        reason=history.reason if history is not None else "",
    )


def _compare(r: PageRenderer, page_url: str) -> str:
    cat, analysis = r.handbook.catalog, r.handbook.analysis
    coverages = cem_coverages(cat, analysis)
    futures = [(f, c) for c in sorted(cat.futures) for f in cat.futures[c]]
    return r.render(
        "journeymaps/compare_index.html",
        page_url,
        coverages=coverages,
        unplaced=unplaced_cjms(cat),
        days=context_maps(cat),
        futures=futures,
        cat=cat,
        pname=r.persona_name,
        names=lambda ids: ", ".join(r.persona_name(p) for p in ids),
        pair_url=lambda a, b: cat.url(pair_src(a, b)),
        future_url=lambda f: cat.url(future_src(f)),
    )


INDEXES: dict[str, Callable[[PageRenderer, str], str]] = {
    "personas": _personas,
    "maps": _maps,
    "touchpoints": _touchpoints,
    "compare": _compare,
    "opportunities": _opportunities,
    "health": _health,
    "changes": _changes,
}
"""Index page renderers, by section (the registry's ``GeneratedPage.section``)."""


def _future(r: PageRenderer, future_id: str, page_url: str) -> str:
    cat = r.handbook.catalog
    fc = future_comparison(cat, r.handbook.analysis, future_id)
    return r.render("journeymaps/compare_future.html", page_url, fc=fc, cat=cat) if fc else ""


def _pair(r: PageRenderer, cem_id: str, cjm_id: str, page_url: str) -> str:
    cat, analysis = r.handbook.catalog, r.handbook.analysis
    cem_v, cjm_v = cat.maps[cem_id], cat.maps[cjm_id]
    cem, cjm = cem_v.model, cjm_v.model
    assert isinstance(cem, Cem) and isinstance(cjm, Cjm)
    stage_ids = [s for c, s in cat.zoomed_by[cem_id] if c == cjm_id]
    indexes = [cem_v.stage_ids.index(s) for s in stage_ids]
    cem_facts = analysis.maps[cem_id]
    cem_stages = [
        {
            "id": cem_v.stage_ids[i],
            "s": cem.stages[i],
            "emotions": [(r.persona_name(p), vals[i]) for p, vals in cem_facts.series.items()],
        }
        for i in indexes
    ]
    cem_series = [Series(r.persona_name(p), tuple(vals), p) for p, vals in cem_facts.series.items()]
    marks = [i in indexes for i in range(len(cem.stages))]
    cem_curve = r.pair_curve(
        (cem_id, tuple(indexes)),
        lambda: emotion_lane(
            [s.name for s in cem.stages],
            cem_series,
            marks,
            title=_("%(title)s: emotion (the detailed stage is marked)", title=cem.title),
            colours=r.series_colours([s.key for s in cem_series]),
            band_label=_("Detailed by this CJM"),
        ),
    )
    cjm_facts = analysis.maps[cjm_id]
    cjm_series = [Series(r.persona_name(p), tuple(v), p) for p, v in cjm_facts.series.items()]
    cjm_curve = emotion_lane(
        [s.name for s in cjm.stages],
        cjm_series,
        cjm_facts.moments_of_truth,
        title=_("%(title)s: emotion", title=cjm.title),
        colours=r.series_colours([s.key for s in cjm_series]),
    )
    cem_tps = {t for i in indexes for t in cat.stage_touchpoints.get(cem_id, [])[i]}
    cjm_tps = {t for ids in cat.stage_touchpoints.get(cjm_id, []) for t in ids}
    groups = (sorted(cem_tps & cjm_tps), sorted(cem_tps - cjm_tps), sorted(cjm_tps - cem_tps))
    legend_names = tuple(s.name for s in cem_series)
    legend_colours = tuple(r.series_colours([s.key for s in cem_series]))
    # the CEM's legend, the same on each of its pairs: rendered once per build (a site's _legend.html override too)
    legend = r.fragment("journeymaps/_legend.html", legend_names=legend_names, legend_colours=legend_colours)
    return r.render(
        "journeymaps/compare_pair.html",
        page_url,
        cat=cat,
        cem_id=cem_id,
        cjm_id=cjm_id,
        cem=cem,
        cjm=cjm,
        cjm_persona=r.persona_name(cjm_v.personas[0] if cjm_v.personas else None),
        cem_stages=cem_stages,
        cem_curve=Markup(cem_curve),
        cjm_curve=Markup(cjm_curve),
        column_width=PAIR_COLUMN,
        cem_stage_names=[s.name for s in cem.stages],
        legend_names=list(legend_names),
        legend_colours=list(legend_colours),
        legend=legend if len(legend_names) > 1 else Markup(""),
        tp_both=groups[0],
        tp_cem=groups[1],
        tp_cjm=groups[2],
        # each group's touchpoints as (link, name), made here rather than by template calls
        tp_links=[
            [(r.link(page_url, cat.entity_url("touchpoint", t)), cat.touchpoints[t].name) for t in g] for g in groups
        ],
    )
