"""Stage 5, render: the HTML the handbook adds to its pages.

:class:`PageRenderer` renders the fragments around an entity page's own
Markdown body (a map's header and journey grid; a persona's card and where the
persona appears; a touchpoint's page) and the generated pages of the registry
(:mod:`journeymaps.catalog.generated`, rendered by :mod:`.sections`). Print
(:mod:`journeymaps.export.documents`) uses the same renderer, templates and map
view with its own link policy. Everything user-written is escaped by the
autoescaping environment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from journeymaps import i18n
from journeymaps.analysis.backlog import RankedOpportunity, rank_opportunities
from journeymaps.analysis.health import map_health
from journeymaps.catalog.collisions import pdf_taken
from journeymaps.catalog.generated import GeneratedPage, Registry, registry
from journeymaps.catalog.resolve import TouchpointEntry
from journeymaps.catalog.urls import pdf_path
from journeymaps.diagnostics import Diagnostic
from journeymaps.handbook import Handbook
from journeymaps.history.log import History
from journeymaps.i18n import _, term_label
from journeymaps.interop.mermaid_maps import mermaid_of_map
from journeymaps.render.cells import Cells, once
from journeymaps.render.charts import before_after, impact_effort, in_place
from journeymaps.render.environment import Icons
from journeymaps.render.lane_svg import emotion_lane
from journeymaps.render.links import Links
from journeymaps.render.map_view import MapView, map_view, persona_name
from journeymaps.render.palette import PALETTE_SIZE, chart_colours
from journeymaps.render.search import search_text
from journeymaps.render.sections import render_generated
from journeymaps.render.signs import sign
from journeymaps.render.svg import Series, sparkline
from journeymaps.validation.models import Cem, Cjm, Persona
from journeymaps.vocabulary import emotion_level, emotion_word, mean, signed

__all__ = ["COLUMN_WIDTH", "PageRenderer", "code_spans", "initials"]

COLUMN_WIDTH = 224


def code_spans(text: str) -> Markup:
    """``text`` escaped, with each pair of backticks made inline code: ``"only `assumption`"`` ->
    ``only <code>assumption</code>``."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick stays as it is
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    return Markup("".join(str(escape(p)) if i % 2 == 0 else f"<code>{escape(p)}</code>" for i, p in enumerate(parts)))


def initials(name: str) -> str:
    """A persona's avatar letters: the first letters of the first and last words, ``"Maya Okafor"`` -> ``"MO"``."""
    words = [w for w in name.split() if w[:1].isalnum()]
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper() if words else "?"


"""Width (px) of a stage column of the journey grid on the web."""
HISTORY_ENTRIES = 5
"""Commits listed under "History" on an entity page."""


@dataclass
class PageRenderer:
    handbook: Handbook
    env: Environment
    icons: Icons
    pdf: bool = False
    """PDFs are written by this build: pages get a "Download PDF" link."""
    pdf_handbook: bool = True
    links: Links = field(default_factory=Links)
    history: History | None = None
    """Git history of the docs folder (None: not read, e.g. PDFs)."""
    repo_url: str | None = None
    site_name: str = ""
    """The site's name (the generated home page's heading)."""
    _channels: dict[tuple[object, str], dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    _fragments: dict[tuple[object, ...], Markup] = field(default_factory=dict, init=False, repr=False)
    _registry: Registry | None = field(default=None, init=False, repr=False)
    _pair_curves: dict[tuple[str, tuple[int, ...]], str] = field(default_factory=dict, init=False, repr=False)
    _colours: dict[str, int] | None = field(default=None, init=False, repr=False)
    _occurrences: dict[tuple[object, str, int], dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    _ranked: list[RankedOpportunity] | None = field(default=None, init=False, repr=False)

    # -- what every template gets --------------------------------------
    @property
    def registry(self) -> Registry:
        """The generated pages of this handbook."""
        if self._registry is None:
            self._registry = registry(self.handbook.catalog)
        return self._registry

    @property
    def ranked(self) -> list[RankedOpportunity]:
        """The backlog, ranked once per build: the opportunities index and the home page show it."""
        if self._ranked is None:
            self._ranked = rank_opportunities(self.handbook.catalog)
        return self._ranked

    def link(self, page_url: str, target_url: str | None) -> str | None:
        """A link from the page at ``page_url`` to ``target_url`` (both site-relative), by the link policy."""
        return self.links(page_url, target_url)

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_url``: links, icons and channels are relative to that page."""
        cat = self.handbook.catalog
        values: dict[str, Any] = {
            "link": lambda kind, ident: self.link(page_url, cat.entity_url(kind, ident)),
            "url": lambda target: self.link(page_url, target),
            "icon": self.icons,
            "sign": sign,
            "persona_colour": self.persona_colour,
            "photo": cat.photos.get,
            "initials": initials,
            "code_spans": code_spans,
            "channel": self.channel,
            "channel_chip": self.channel_chip,
            "channel_label": lambda ident: self.channel(ident)["label"],
            "evidence_label": lambda ident: term_label(cat.taxonomy.evidence_type(ident).label),
            "labels": lambda ids, label: ", ".join(map(label, ids)),
            "fragment": self.fragment,
            "once": once,
            "pdf": self.pdf,
            "pdf_handbook": self.pdf and self.pdf_handbook,
            "pdf_path": pdf_path,
            "pdf_taken": pdf_taken,
        }
        link = values["link"]
        values["opportunity_matrix"] = lambda rows: impact_effort(
            rows,
            lambda r: f"{link('map', r.map_id)}#stage-{r.stage_id}",
            title=_("Opportunities by impact and effort"),
        )
        values["stages_in_place"] = lambda fc: in_place(fc.stages, cat.maps[fc.future_id].stage_ids)
        values["before_after"] = before_after
        values.update(context)
        return self.env.get_template(template).render(**values)

    def channel(self, channel_id: str) -> dict[str, Any]:
        """A channel as pages show it: its id, its label in the language spoken (a built-in one translated), icon."""
        found = self._channels.get((i18n.active(), channel_id))
        if found is None:
            term = self.handbook.catalog.taxonomy.channel(channel_id)
            found = self._channels[(i18n.active(), channel_id)] = {
                "id": channel_id,
                "label": term_label(term.label),
                "icon": self.icons(term.icon) if term.icon else Markup(""),
            }
        return found

    def channel_chip(self, channel_id: str) -> Markup:
        """``partials/channel.html`` for a channel (``c``: :meth:`channel`): the same chip on every page, rendered
        once per build and language."""
        template = "journeymaps/partials/channel.html"
        key = (template, i18n.active(), channel_id)
        return self._kept(key, lambda: self.render(template, "", c=self.channel(channel_id)))

    def fragment(self, template: str, **values: Any) -> Markup:
        """A small template that reads only ``values`` (hashable), rendered once per build and language and reused
        by every page (a rating's dots). Such a template, or a site's override of it, must not depend on the page
        (no links)."""
        key = (template, i18n.active(), *sorted(values.items()))
        return self._kept(key, lambda: self.render(template, "", **values))

    def _kept(self, key: tuple[object, ...], render: Callable[[], str]) -> Markup:
        """A fragment shared by every page of the build: ``render()`` once per ``key``."""
        found = self._fragments.get(key)
        if found is None:
            found = self._fragments[key] = Markup(render())
        return found

    def errors(self, src_uri: str) -> list[Diagnostic]:
        return self.handbook.report.for_path(self.handbook.docs[src_uri].path) if src_uri in self.handbook.docs else []

    def persona_card(self, pid: str) -> dict[str, Any] | None:
        v = self.handbook.catalog.personas.get(pid)
        return {"id": pid, "model": v.model} if v is not None and isinstance(v.model, Persona) else None

    def persona_colour(self, pid: str | None) -> int:
        """The persona's colour (``jm-series-{n}``), the same on every page: its place among the handbook's personas."""
        if self._colours is None:  # asked for every series and avatar of every page: the order is made once
            self._colours = {p: i % PALETTE_SIZE for i, p in enumerate(sorted(self.handbook.catalog.personas))}
        return self._colours.get(pid, 0) if pid is not None else 0

    def series_colours(self, pids: Sequence[str | None]) -> list[int]:
        """The series of one chart in their personas' own colours, no two alike (``palette.chart_colours``)."""
        return chart_colours(self.persona_colour(pid) for pid in pids)

    def persona_name(self, pid: str | None) -> str:
        return persona_name(self.handbook.catalog, pid)

    def commit_url(self, sha: str) -> str | None:
        """A commit's page on the repository host, when mkdocs.yml sets ``repo_url``."""
        return f"{self.repo_url.rstrip('/')}/commit/{sha}" if self.repo_url else None

    # -- entity pages ---------------------------------------------------
    def entity(self, src_uri: str, page_url: str) -> tuple[str, str]:
        """(HTML before the author's body, HTML after it) for the entity page at ``src_uri``."""
        before, after = self._entity(src_uri, page_url)
        if (before or after) and self.history is not None and self.history.available:
            recent = self.history.recent(src_uri, HISTORY_ENTRIES)
            if recent:
                after += self.render(
                    "journeymaps/partials/history.html",
                    page_url,
                    recent=recent,
                    commit_url=self.commit_url,
                    changes_url=self.link(page_url, self.handbook.catalog.url("changes/index.md")),
                )
        return before, after

    def _entity(self, src_uri: str, page_url: str) -> tuple[str, str]:
        cat = self.handbook.catalog
        v = cat.by_src.get(src_uri)
        tp = cat.touchpoint_at(src_uri)
        errors = self.errors(src_uri)
        box = self.render("journeymaps/partials/errors.html", page_url, errors=errors) if errors else ""
        if tp is not None and (v is None or v.kind == "touchpoint"):
            return box + self.render("journeymaps/touchpoint.html", page_url, t=tp), self._touchpoint_after(
                tp, page_url
            )
        if v is None or v.model is None:
            return box, ""
        owners = cat.personas if v.kind == "persona" else cat.maps
        if (
            owners.get(v.id) is not v
        ):  # a duplicate id: the id belongs to another file; show the error, not that file's content
            return box, ""
        if isinstance(v.model, (Cjm, Cem)):
            return box + self.render("journeymaps/map.html", page_url, **self.map_context(v.id, page_url)), ""
        if isinstance(v.model, Persona):
            return box + self.render(
                "journeymaps/persona.html", page_url, p=self.persona_card(v.id), full=True
            ), self.persona_after(v.id, page_url)
        return box, ""

    def map_view(self, mid: str) -> MapView:
        return map_view(self.handbook, mid)

    def map_context(self, mid: str, page_url: str, *, view: MapView | None = None, web: bool = True) -> dict[str, Any]:
        """What the map header and journey grid templates need, except the curve (``web=False``: no web-only parts)."""
        cat = self.handbook.catalog
        view = view or self.map_view(mid)
        m = view.model
        zooms = [(t.partition("#")[0], t.partition("#")[2]) for t in (m.zooms_into if isinstance(m, Cjm) else [])]
        context: dict[str, Any] = {
            "m": m,
            "v": view.v,
            "facts": view.facts,
            "stages": view.stages,
            "lanes": view.lanes,
            "kind": view.kind,
            "blueprint": m.blueprint if m.blueprint in cat.blueprints else None,
            "backs": cat.blueprints.get(mid, []),
            "series": view.series,
            "personas": [c for c in (self.persona_card(p) for p in view.v.personas) if c],
            "zooms": [z for z in zooms if (mid, z[1]) in cat.zoomed_by.get(z[0], [])],
            "zoomed_by": cat.zoomed_by.get(mid, []),
            "futures": cat.futures.get(mid, []),
            "current": m.future_of if m.future_of in cat.maps else None,
            "cat": cat,
            "as_of": self.handbook.analysis.as_of,
            "health": map_health(cat, self.handbook.analysis, mid) if web else [],
            "comparisons": self._comparisons_of(mid, page_url) if web else [],
            "health_url": self.link(page_url, cat.url("health/index.md")),
            "evidence": [(e, cat.taxonomy.evidence_type(e.type) if e.type else None) for e in m.evidence],
            "mermaid": mermaid_of_map(self.handbook, mid) if web else None,
            "cells": Cells(),  # the grid's cells, drawn again by the phone cards
        }
        if web:
            names, mots = [s.name for s in m.stages], view.facts.moments_of_truth
            colours = self.series_colours([s.key for s in view.series])
            ghost = self._ghost(mid)
            draw = partial(emotion_lane, names, view.series, mots, ghost=ghost, colours=colours, branches=view.branches)
            context["curve"] = Markup(draw(title=_("Emotion curve: %(title)s", title=m.title)))
            context["phone_curve"] = Markup(
                draw(height=190, compact=True, title=_("Emotion curve, small: %(title)s", title=m.title))
            )
            context["column_width"], context["fluid"], context["ghost"] = COLUMN_WIDTH, True, ghost is not None
            context["series_colours"] = colours
        else:  # the PDF draws its curves (export.documents) in the same persona colours
            context["series_colours"] = self.series_colours([s.key for s in view.series])
        return context

    def _ghost(self, mid: str) -> Series | None:
        """A future state's current-state curve, stage by stage by stage id (the persona's own, else the first)."""
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        m = cat.map_model(mid)
        current = m.future_of if m.future_of in analysis.maps else None
        if current is None:
            return None
        series = analysis.maps[current].series
        if not series:
            return None
        pid = next((p for p in cat.maps[mid].personas if p in series), next(iter(series)))
        ids = cat.maps[current].stage_ids
        values = tuple(series[pid][ids.index(sid)] if sid in ids else None for sid in cat.maps[mid].stage_ids)
        return Series(_("Current state"), values, "current")

    def _comparisons_of(self, mid: str, page_url: str) -> list[tuple[str, str | None]]:
        """(title, link) of every comparison page this map takes part in."""
        cat = self.handbook.catalog
        out = [(page.title, self.link(page_url, cat.url(page.src_uri))) for page in self.registry.comparisons_of(mid)]
        if cat.maps[mid].kind == "cem":
            out.insert(0, (_("Coverage by CJMs"), f"{self.link(page_url, cat.url('compare/index.md'))}#{mid}"))
        return out

    def persona_after(self, pid: str, page_url: str) -> str:
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        rows = []
        touchpoints: dict[str, TouchpointEntry] = {}
        for mid in cat.persona_maps.get(pid, []):
            if mid not in analysis.maps:  # the map did not validate
                continue
            m, values = cat.map_model(mid), analysis.maps[mid].series.get(pid, [])
            rows.append(
                {
                    "id": mid,
                    "m": m,
                    "kind": cat.maps[mid].kind,
                    "spark": Markup(
                        sparkline(
                            values, label=_("%(persona)s in %(map)s", persona=cat.personas[pid].title, map=m.title)
                        )
                    ),
                    "mean": mean(values),
                }
            )
            for ids in cat.stage_touchpoints.get(mid, []):
                for t in ids:
                    touchpoints[t] = cat.touchpoints[t]
        ordered = sorted(touchpoints.values(), key=lambda t: (t.name.lower(), t.id))
        return self.render(
            "journeymaps/persona_after.html",
            page_url,
            rows=rows,
            touchpoints=ordered,
            channels=sorted({t.channel for t in ordered}),
        )

    def _touchpoint_after(self, tp: TouchpointEntry, page_url: str) -> str:
        """The maps and stages a touchpoint occurs in (a stage's emotion words made once per build, for every
        touchpoint of the stage), on the main path, on alternative paths."""
        cat = self.handbook.catalog
        rows = []
        for occ in tp.occurrences:
            m = cat.map_model(occ.map_id)
            key = (i18n.active(), occ.map_id, occ.stage_index)
            found = self._occurrences.get(key)
            if found is None:
                found = self._occurrences[key] = self._occurrence(occ.map_id, occ.stage_index)
            stage, i = m.stages[occ.stage_index], occ.stage_index  # the main path's experience, or each path's
            main, on = tp.id in cat.stage_touchpoints[occ.map_id][i], cat.path_touchpoints[occ.map_id][i]
            paths = [p for p, ids in zip(stage.paths, on, strict=True) if tp.id in ids]
            rows.append({"href": self.link(page_url, cat.entity_url("map", occ.map_id)), "m": m, "stage": stage,
                         "stage_id": occ.stage_id, "main": main, "paths": paths, **found})  # fmt: skip
        return self.render("journeymaps/touchpoint_after.html", page_url, t=tp, rows=rows)

    def _occurrence(self, mid: str, index: int) -> dict[str, Any]:
        """A stage's emotions on a touchpoint page: (persona, level, value, word, line break after)."""
        series = self.handbook.analysis.maps[mid].series
        last = len(series) - 1
        emotions = tuple(
            (self.persona_name(p), emotion_level(value), signed(value), emotion_word(value), i < last)
            for i, (p, value) in enumerate((p, vals[index]) for p, vals in series.items())
            if value is not None
        )
        return {"emotions": emotions, "several": len(series) > 1}

    # -- generated pages ---------------------------------------------------
    def generated(self, page: GeneratedPage, page_url: str) -> str:
        """The HTML of a generated page of the registry (added after an index page's own text, if any)."""
        return render_generated(self, page, page_url)

    def pair_curve(self, key: tuple[str, tuple[int, ...]], draw: Any) -> str:
        """A CEM's curve on a pair page, shared by the pairs that detail the same stages (a few recent ones kept)."""
        if key not in self._pair_curves:
            if len(self._pair_curves) >= 64:  # pages come grouped by CEM: a few recent curves get the reuse
                self._pair_curves.clear()
            self._pair_curves[key] = draw()
        return self._pair_curves[key]

    def search_text(self, src_uri: str) -> tuple[str, str] | None:
        """See :func:`journeymaps.render.search.search_text`."""
        return search_text(self, src_uri)
