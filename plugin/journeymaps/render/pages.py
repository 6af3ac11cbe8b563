"""Stage 5, render: the HTML fragments of entity pages and index pages.

The adapter puts these around the author's own Markdown body: a map page is
its header and journey grid, then the body; a persona page is its profile
card, the body, then where the persona appears. Everything user-written is
escaped by the autoescaping environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..build import Handbook
from ..diagnostics import Diagnostic
from ..models import Cem, Cjm, Opportunity, Persona
from ..resolve import TouchpointEntry
from ..urls import pdf_path, relative_url
from .environment import Icons, signed
from ..backlog import NEXT_QUARTER, rank_opportunities
from ..compare import cem_coverage, future_comparison, unplaced_cjms
from ..health import handbook_health, map_health
from ..history import History
from ..ids import slugify
from ..interop import mermaid_of_map
from .svg import Series, emotion_curve, sparkline

# The lanes of the journey grid, in order: (key, label, kind of cell).
LANES: tuple[tuple[str, str, str], ...] = (
    ("goal", "Goal", "text"),
    ("actions", "Actions", "list"),
    ("thoughts", "Thoughts", "list"),
    ("expectations", "Expectations", "list"),
    ("touchpoints", "Touchpoints", "touchpoints"),
    ("channels", "Channels", "channels"),
    ("emotion", "Emotion", "emotion"),
    ("pain_points", "Pain points", "pain_points"),
    ("opportunities", "Opportunities", "opportunities"),
    ("quotes", "Quotes", "quotes"),
    ("metrics", "Metrics", "metrics"),
    ("influences", "Influences", "list"),
    ("owner", "Owner", "text"),
    ("backstage", "Backstage", "list"),
    ("support", "Support processes", "list"),
)
COLUMN_WIDTH = 224
HISTORY_ENTRIES = 5
"""Commits listed under "History" on an entity page."""
CHANGES_SHOWN = 30
"""Commits listed on the changes/ page."""
EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}


def emotion_word(value: float | None) -> str:
    return "no data" if value is None else EMOTION_WORDS[max(-2, min(2, round(value)))]


def priority(op: Opportunity) -> float | None:
    """Impact over effort, both 1..5: high impact for little effort comes first."""
    if op.impact is None or op.effort is None:
        return None
    return round(op.impact / op.effort, 2)


@dataclass
class PageRenderer:
    handbook: Handbook
    env: Environment
    icons: Icons
    pdf: bool = False
    """PDFs are written by this build: pages get a "Download PDF" link."""
    pdf_handbook: bool = True
    absolute_base: str | None = None
    history: History | None = None
    """Git history of the docs folder (None: not read, e.g. PDFs)."""
    repo_url: str | None = None
    """Links become ``absolute_base + url`` (PDFs of a site with a ``site_url``) instead of relative links."""
    _by_map: dict[str, list[tuple[str, tuple[str, tuple[str, ...], str]]]] | None = field(default=None, init=False, repr=False)
    _channels: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    _pair_curves: dict[tuple[str, tuple[int, ...]], str] = field(default_factory=dict, init=False, repr=False)

    # -- helpers --------------------------------------------------------
    def _link(self, page_url: str, target_url: str | None) -> str | None:
        if target_url is None:
            return None
        if self.absolute_base is not None:
            return self.absolute_base.rstrip("/") + "/" + target_url.lstrip("/")
        return relative_url(target_url, page_url)

    def _render(self, template: str, page_url: str, **context: Any) -> str:
        cat = self.handbook.catalog
        values: dict[str, Any] = dict(
            link=lambda kind, ident: self._link(page_url, cat.entity_url(kind, ident)),
            url=lambda target: self._link(page_url, target),
            icon=self.icons, channel=self.channel, signed=signed, emotion_word=emotion_word,
            pdf=self.pdf, pdf_handbook=self.pdf and self.pdf_handbook, pdf_path=pdf_path)
        values.update(context)
        return self.env.get_template(template).render(**values)

    def channel(self, channel_id: str) -> dict[str, Any]:
        found = self._channels.get(channel_id)
        if found is None:
            term = self.handbook.catalog.taxonomy.channel(channel_id)
            found = self._channels[channel_id] = {"id": channel_id, "label": term.label,
                                                  "icon": self.icons(term.icon) if term.icon else Markup("")}
        return found

    def errors(self, src_uri: str) -> list[Diagnostic]:
        return self.handbook.catalog.report.for_path(self.handbook.docs[src_uri].path) if src_uri in self.handbook.docs else []

    def persona_card(self, pid: str) -> dict[str, Any] | None:
        v = self.handbook.catalog.personas.get(pid)
        return {"id": pid, "model": v.model} if v is not None and isinstance(v.model, Persona) else None

    # -- entity pages ---------------------------------------------------
    def entity(self, src_uri: str, page_url: str) -> tuple[str, str]:
        """(HTML before the author's body, HTML after it) for the entity page at ``src_uri``."""
        before, after = self._entity(src_uri, page_url)
        if (before or after) and self.history is not None and self.history.available:
            recent = self.history.recent(src_uri, HISTORY_ENTRIES)
            if recent:
                after += self._render("journeymaps/partials/history.html", page_url, recent=recent,
                                      commit_url=self.commit_url, changes_url=self._link(page_url, "changes/"))
        return before, after

    def commit_url(self, sha: str) -> str | None:
        """A commit's page on the repository host, when mkdocs.yml sets ``repo_url``."""
        return f"{self.repo_url.rstrip('/')}/commit/{sha}" if self.repo_url else None

    def _entity(self, src_uri: str, page_url: str) -> tuple[str, str]:
        cat = self.handbook.catalog
        v = cat.by_src.get(src_uri)
        tp = cat.touchpoint_at(src_uri)
        errors = self.errors(src_uri)
        box = self._render("journeymaps/partials/errors.html", page_url, errors=errors) if errors else ""
        if tp is not None and (v is None or v.kind == "touchpoint"):
            return box + self._touchpoint(tp, page_url), self._touchpoint_after(tp, page_url)
        if v is None or v.model is None:
            return box, ""
        owners = cat.personas if v.kind == "persona" else cat.maps
        if owners.get(v.id) is not v:  # a duplicate id: the id belongs to another file; show the error, not that file's content
            return box, ""
        if isinstance(v.model, (Cjm, Cem)):
            return box + self._map(v.id, page_url), ""
        if isinstance(v.model, Persona):
            return box + self._render("journeymaps/persona.html", page_url, p=self.persona_card(v.id), full=True), \
                self.persona_after(v.id, page_url)
        return box, ""

    def _map(self, mid: str, page_url: str) -> str:
        return self._render("journeymaps/map.html", page_url, **self.map_context(mid, page_url))

    def map_context(self, mid: str, page_url: str, *, column_width: int = COLUMN_WIDTH, web: bool = True) -> dict[str, Any]:
        """Everything the map header and journey grid templates need (``web=False``: no web-only links)."""
        cat, facts = self.handbook.catalog, self.handbook.analysis.maps[mid]
        v = cat.maps[mid]
        m = v.model
        assert isinstance(m, (Cjm, Cem))
        names = {pid: self._pname(pid) for pid in v.personas}
        series = [Series(names.get(pid, "Emotion") or "Emotion", tuple(vals), pid) for pid, vals in facts.series.items()]
        stages = []
        for i, (st, tps) in enumerate(zip(m.stages, self._touchpoints_by_stage(mid))):
            stages.append({
                "id": v.stage_ids[i], "s": st, "touchpoints": tps, "index": i,
                "channels": sorted({t.channel for t in tps}),
                "emotions": [(names.get(pid, ""), vals[i]) for pid, vals in facts.series.items()],
                "opportunities": [(op, priority(op)) for op in st.opportunities],
            })
        lanes = [lane for lane in LANES if any(self._has(lane[0], s) for s in stages)]
        curve = emotion_curve([s.name for s in m.stages], series, facts.moments_of_truth,
                              column_width=column_width, title=f"Emotion curve: {m.title}")
        zooms = [(t.partition("#")[0], t.partition("#")[2]) for t in (m.zooms_into if isinstance(m, Cjm) else [])]
        return dict(
            m=m, v=v, facts=facts, stages=stages, lanes=lanes, curve=Markup(curve), series=series,
            personas=[c for c in (self.persona_card(p) for p in v.personas) if c],
            zooms=[z for z in zooms if (mid, z[1]) in cat.zoomed_by.get(z[0], [])], zoomed_by=cat.zoomed_by.get(mid, []),
            futures=cat.futures.get(mid, []), current=m.future_of if m.future_of in cat.maps else None,
            cat=cat, as_of=self.handbook.analysis.as_of, column_width=column_width,
            health=map_health(cat, self.handbook.analysis, mid) if web else [],
            comparisons=self._comparisons_of(mid, page_url) if web else [],
            health_url=self._link(page_url, cat.url("health/index.md")),
            evidence=[(e, cat.taxonomy.evidence_type(e.type) if e.type else None) for e in m.evidence],
            mermaid=mermaid_of_map(cat, mid) if web else None,
        )

    def search_text(self, src_uri: str) -> tuple[str, str] | None:
        """What a search index should read for the map page at ``src_uri`` instead of its grid: the same words, as
        (an intro for before the page's own text: the map's kind, personas and scope; the stages for after it: per
        stage a heading with the grid column's id, then its lanes as sentences), without the grid's markup, curve
        or Mermaid source. None for every other page.

        Material's search reads every tag of a page with a pure-Python HTML parser; a grid is hundreds of tags,
        so indexing this instead takes a fraction of the time and gives readable results that open the stage.
        """
        cat = self.handbook.catalog
        v = cat.by_src.get(src_uri)
        if v is None or not isinstance(v.model, (Cjm, Cem)) or cat.maps.get(v.id) is not v or self.errors(src_uri):
            return None
        m = v.model
        stages = []
        for i, (st, tps) in enumerate(zip(m.stages, self._touchpoints_by_stage(v.id))):
            lanes = []
            for key, label, kind in LANES:
                value = getattr(st, key, None)
                if kind == "text" and value:
                    lanes.append((label, str(value)))
                elif kind == "list" and value:
                    lanes.append((label, "; ".join(value)))
                elif kind == "touchpoints" and tps:
                    lanes.append((label, "; ".join(f"{t.name} ({self.channel(t.channel)['label']})" for t in tps)))
                elif kind == "pain_points" and value:
                    lanes.append((label, "; ".join(pp.title for pp in value)))
                elif kind == "opportunities" and value:
                    lanes.append((label, "; ".join(op.title + (f" ({op.owner})" if op.owner else "") for op in value)))
                elif kind == "quotes" and value:
                    lanes.append((label, " ".join(f"“{q.text}”" + (f" ({q.source})" if q.source else "") for q in value)))
                elif kind == "metrics" and value:
                    lanes.append((label, "; ".join(f"{k.replace('_', ' ')} {value[k]}" for k in sorted(value))))
            stages.append({"id": v.stage_ids[i], "name": st.name, "moment_of_truth": st.moment_of_truth, "lanes": lanes})
        template = self.env.get_template("journeymaps/search_map.html")
        context = template.new_context(dict(m=m, v=v, stages=stages,
                                            personas=[self._pname(p) for p in v.personas]))
        return "".join(template.blocks["intro"](context)), "".join(template.blocks["stages"](context))

    def _touchpoints_by_stage(self, mid: str) -> list[list[TouchpointEntry]]:
        """The touchpoints of each stage of map ``mid``, in stage order."""
        cat = self.handbook.catalog
        per_stage = cat.stage_touchpoints.get(mid)
        m = cat.maps[mid].model
        assert isinstance(m, (Cjm, Cem))
        return [[cat.touchpoints[t] for t in ids] for ids in per_stage] if per_stage else [[] for _ in m.stages]

    def _comparisons_of(self, mid: str, page_url: str) -> list[tuple[str, str]]:
        """(title, link) of every comparison page this map takes part in."""
        out = []
        for src, (_, _, title) in self._compare_pages_by_map().get(mid, []):
            out.append((title, relative_url(self.handbook.catalog.url(src), page_url)))
        if self.handbook.catalog.maps[mid].kind == "cem":
            out.insert(0, ("Coverage by CJMs", relative_url(self.handbook.catalog.url("compare/index.md"), page_url) + "#" + mid))
        return out

    @staticmethod
    def _has(lane: str, stage: dict[str, Any]) -> bool:
        st = stage["s"]
        if lane == "touchpoints":
            return bool(stage["touchpoints"])
        if lane == "channels":
            return bool(stage["channels"])
        if lane == "emotion":
            return any(value is not None for _, value in stage["emotions"])
        return bool(getattr(st, lane))

    def persona_after(self, pid: str, page_url: str) -> str:
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        rows = []
        touchpoints: dict[str, TouchpointEntry] = {}
        for mid in cat.persona_maps.get(pid, []):
            v = cat.maps[mid]
            if not isinstance(v.model, (Cjm, Cem)):
                continue
            values = analysis.maps[mid].series.get(pid, [])
            rows.append({"id": mid, "m": v.model, "kind": v.kind,
                         "spark": Markup(sparkline(values, label=f"{cat.personas[pid].title} in {v.model.title}")),
                         "mean": _mean(values)})
            for ids in cat.stage_touchpoints.get(mid, []):
                for t in ids:
                    touchpoints[t] = cat.touchpoints[t]
        ordered = sorted(touchpoints.values(), key=lambda t: (t.name.lower(), t.id))
        return self._render("journeymaps/persona_after.html", page_url, rows=rows, touchpoints=ordered,
                            channels=sorted({t.channel for t in ordered}))

    def _touchpoint(self, tp: TouchpointEntry, page_url: str) -> str:
        return self._render("journeymaps/touchpoint.html", page_url, t=tp)

    def _touchpoint_after(self, tp: TouchpointEntry, page_url: str) -> str:
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        rows = []
        for occ in tp.occurrences:
            v = cat.maps[occ.map_id]
            m = v.model
            assert isinstance(m, (Cjm, Cem))
            st = m.stages[occ.stage_index]
            emotions = [(self._pname(p), vals[occ.stage_index])
                        for p, vals in analysis.maps[occ.map_id].series.items()]
            rows.append({"map_id": occ.map_id, "m": m, "stage": st, "stage_id": occ.stage_id, "emotions": emotions})
        return self._render("journeymaps/touchpoint_after.html", page_url, t=tp, rows=rows)

    def _pname(self, pid: str | None) -> str:
        cat = self.handbook.catalog
        return cat.personas[pid].title if pid and pid in cat.personas else (pid or "")

    # -- comparison pages -------------------------------------------------
    def _compare_pages_by_map(self) -> dict[str, list[tuple[str, tuple[str, tuple[str, ...], str]]]]:
        if self._by_map is None:
            self._by_map = {}
            cat = self.handbook.catalog
            for src, page in self.compare_pages().items():
                kind, args, _ = page
                ids = list(args) + ([cat.maps[args[0]].model.future_of] if kind == "future" else [])  # type: ignore[union-attr]
                for mid in dict.fromkeys(ids):
                    self._by_map.setdefault(mid, []).append((src, page))
        return self._by_map

    def compare_pages(self) -> dict[str, tuple[str, tuple[str, ...], str]]:
        """Generated comparison pages: src_uri -> (kind, arguments, title)."""
        cat = self.handbook.catalog
        out: dict[str, tuple[str, tuple[str, ...], str]] = {}
        for cem_id, pairs in sorted(cat.zoomed_by.items()):
            for cjm_id, _ in pairs:
                out[pair_src(cem_id, cjm_id)] = ("pair", (cem_id, cjm_id), f"{cat.maps[cjm_id].title} in {cat.maps[cem_id].title}")
        for current, futures in sorted(cat.futures.items()):
            for fid in futures:
                out[future_src(fid)] = ("future", (fid,), f"{cat.maps[fid].title} vs current state")
        return out

    def compare_page(self, kind: str, args: tuple[str, ...], page_url: str) -> str:
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        if kind == "future":
            fc = future_comparison(cat, args[0])
            return self._render("journeymaps/compare_future.html", page_url, fc=fc, cat=cat) if fc else ""
        cem_id, cjm_id = args
        cem_v, cjm_v = cat.maps[cem_id], cat.maps[cjm_id]
        cem, cjm = cem_v.model, cjm_v.model
        assert isinstance(cem, Cem) and isinstance(cjm, Cjm)
        stage_ids = [s for c, s in cat.zoomed_by[cem_id] if c == cjm_id]
        indexes = [cem_v.stage_ids.index(s) for s in stage_ids]
        cem_facts = analysis.maps[cem_id]
        cem_stages = [{"id": cem_v.stage_ids[i], "s": cem.stages[i],
                       "emotions": [(self._pname(p), vals[i]) for p, vals in cem_facts.series.items()]} for i in indexes]
        cem_series = [Series(self._pname(p), tuple(vals), p) for p, vals in cem_facts.series.items()]
        marks = [i in indexes for i in range(len(cem.stages))]
        key = (cem_id, tuple(indexes))  # a CEM's curve is the same on every pair that details the same stages
        if key not in self._pair_curves:
            if len(self._pair_curves) >= 64:  # pages come grouped by CEM: a few recent curves get the reuse
                self._pair_curves.clear()
            self._pair_curves[key] = emotion_curve([s.name for s in cem.stages], cem_series, marks, column_width=PAIR_COLUMN,
                                                   title=f"{cem.title}: emotion (the detailed stage is marked)")
        cem_curve = self._pair_curves[key]
        cjm_facts = analysis.maps[cjm_id]
        cjm_curve = emotion_curve([s.name for s in cjm.stages],
                                  [Series(self._pname(p), tuple(v), p) for p, v in cjm_facts.series.items()],
                                  cjm_facts.moments_of_truth, column_width=PAIR_COLUMN, title=f"{cjm.title}: emotion")
        cem_tps = {t for i in indexes for t in cat.stage_touchpoints.get(cem_id, [])[i]}
        cjm_tps = {t for ids in cat.stage_touchpoints.get(cjm_id, []) for t in ids}
        return self._render("journeymaps/compare_pair.html", page_url, cat=cat, cem_id=cem_id, cjm_id=cjm_id, cem=cem, cjm=cjm,
                            cjm_persona=self._pname(cjm_v.personas[0] if cjm_v.personas else None), cem_stages=cem_stages,
                            cem_curve=Markup(cem_curve), cjm_curve=Markup(cjm_curve), column_width=PAIR_COLUMN,
                            cem_stage_names=[s.name for s in cem.stages], legend_names=[s.name for s in cem_series],
                            tp_both=sorted(cem_tps & cjm_tps), tp_cem=sorted(cem_tps - cjm_tps), tp_cjm=sorted(cjm_tps - cem_tps))

    # -- index pages ----------------------------------------------------
    def index(self, kind: str, page_url: str) -> str:
        cat, analysis = self.handbook.catalog, self.handbook.analysis
        if kind == "personas":
            items = sorted((self.persona_card(pid) for pid in cat.personas), key=lambda c: (c or {}).get("id", ""))
            return self._render("journeymaps/index_personas.html", page_url, personas=[c for c in items if c],
                                counts={pid: len(cat.persona_maps.get(pid, [])) for pid in cat.personas},
                                broken=[v for v in cat.personas.values() if v.model is None])
        if kind == "maps":
            maps = []
            for mid in sorted(cat.maps, key=lambda k: (cat.maps[k].kind != "cem", cat.maps[k].title.lower(), k)):
                v = cat.maps[mid]
                maps.append({"id": mid, "v": v, "m": v.model, "facts": analysis.maps.get(mid),
                             "personas": [p for p in v.personas if p in cat.personas]})
            return self._render("journeymaps/index_maps.html", page_url, maps=maps,
                                personas=sorted(cat.personas), cat=cat)
        if kind == "opportunities":
            ranked = rank_opportunities(cat)
            owners = sorted({r.opportunity.owner for r in ranked if r.opportunity.owner})
            return self._render(
                "journeymaps/opportunities.html", page_url, ranked=ranked, next_quarter=NEXT_QUARTER,
                maps=sorted({(r.map_id, r.map_title) for r in ranked}, key=lambda x: x[1].lower()),
                personas=[(p, cat.personas[p].title) for p in sorted(cat.personas)],
                owners=[(owner_key(o), o) for o in owners], owner_key=owner_key)
        if kind == "health":
            return self._render("journeymaps/health.html", page_url, health=handbook_health(cat, analysis),
                                cat=cat, analysis=analysis)
        if kind == "changes":
            history = self.history
            commits = []
            for entry in (history.commits if history is not None and history.available else []):
                if len(commits) == CHANGES_SHOWN:
                    break
                files = []
                for change in entry.files:
                    if not change.path.endswith(".md"):
                        continue  # images and other assets
                    v = cat.by_src.get(change.path)
                    files.append({"change": change, "v": v, "url": self._link(page_url, cat.url(change.path)) if v else None})
                if files:
                    commits.append({"c": entry.commit, "files": files})
            return self._render("journeymaps/changes.html", page_url, commits=commits, commit_url=self.commit_url,
                                available=history is not None and history.available,
                                reason=history.reason if history is not None else "")
        if kind == "compare":
            coverages = [c for c in (cem_coverage(cat, analysis, mid) for mid in sorted(cat.maps)) if c]
            futures = [(f, c) for c in sorted(cat.futures) for f in cat.futures[c]]
            return self._render("journeymaps/compare_index.html", page_url, coverages=coverages,
                                unplaced=unplaced_cjms(cat), futures=futures, cat=cat, pname=self._pname,
                                names=lambda ids: ", ".join(self._pname(p) for p in ids),
                                pair_url=lambda a, b: cat.url(pair_src(a, b)), future_url=lambda f: cat.url(future_src(f)))
        touchpoints = sorted(cat.touchpoints.values(), key=lambda t: (t.channel, t.name.lower(), t.id))
        return self._render("journeymaps/index_touchpoints.html", page_url, touchpoints=touchpoints)


PAIR_COLUMN = 150
"""Width (px) of a stage column in the curves of a pair page."""


def pair_src(cem_id: str, cjm_id: str) -> str:
    return f"compare/{cem_id}/{cjm_id}.md"


def future_src(future_id: str) -> str:
    return f"compare/{future_id}.md"


def owner_key(owner: str | None) -> str:
    """A filter value for an owner: its slug (owners are free text)."""
    return slugify(owner) if owner else ""


def _mean(values: list[float | None]) -> float | None:
    known = [x for x in values if x is not None]
    return round(sum(known) / len(known), 2) if known else None
