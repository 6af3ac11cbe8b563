"""Analyse: a semantic diff of the handbook between two states (two git revisions,
or a revision and the working tree), for reviewers: what changed in the maps
(stages, emotions, pain points, ...), not which YAML lines moved.

Input is two :class:`~journeymaps.pipeline.Handbook` objects; nothing here runs
git (see :mod:`journeymaps.history.git` and :mod:`journeymaps.history.log`). Content that is invalid in either state
is reported as such, never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from journeymaps.analysis.health import map_health
from journeymaps.handbook import Handbook
from journeymaps.history.delivery import delivery_changes
from journeymaps.history.markdown import code as _code
from journeymaps.history.markdown import em as _em
from journeymaps.history.markdown import md as _md
from journeymaps.history.markdown import strong as _strong
from journeymaps.history.markdown import tick as _tick
from journeymaps.history.semdiff_lanes import lane_changes
from journeymaps.history.semdiff_match import group, renames
from journeymaps.history.semdiff_paths import path_changes
from journeymaps.i18n import N_, _, ngettext
from journeymaps.validation.models import Persona, Touchpoint
from journeymaps.vocabulary import signed

KIND_LABEL = {"persona": N_("Persona"), "touchpoint": N_("Touchpoint"), "cjm": N_("Map (CJM)"), "cem": N_("Map (CEM)")}
"""A kind's name in the diff (English here; said with ``_()``)."""
STATUS_LABEL = {
    "added": N_("added"),
    "removed": N_("removed"),
    "invalid": N_("does not validate"),
    "renamed": N_("renamed"),
    "moved": N_("moved"),
    "changed": N_("changed"),
}


@dataclass
class Change:
    kind: str  # e.g. "stage-added", "emotion", "pain-point-removed", "field"
    text: str  # the readable line
    stage: str | None = None
    before: Any = None
    after: Any = None


@dataclass
class EntityDiff:
    kind: str  # persona | touchpoint | cjm | cem
    id: str
    title: str
    status: str  # added | removed | renamed | moved | changed
    path: str
    old_id: str | None = None
    old_path: str | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class HandbookDiff:
    base: str
    head: str
    entities: list[EntityDiff]
    invalid: list[dict[str, str]]  # {"revision", "message"}

    def summary(self) -> str:
        counts: dict[tuple[str, str], int] = {}
        for e in self.entities:
            noun = "map" if e.kind in ("cjm", "cem") else e.kind
            counts[(noun, e.status)] = counts.get((noun, e.status), 0) + 1
        parts = [
            _("%(things)s %(status)s", things=_things(noun, n), status=_(STATUS_LABEL[status]))
            for (noun, status), n in sorted(counts.items())
        ]
        if self.invalid:
            n = len(self.invalid)
            parts.append(ngettext("%(n)s problem in the sources", "%(n)s problems in the sources", n))
        return "; ".join(parts) if parts else _("no changes to personas, touchpoints or maps")

    def markdown(self) -> str:
        lines = [f"**journeymaps diff** `{self.base}` → `{self.head}`: {self.summary()}.", ""]
        for e in self.entities:
            head = f"### {_(KIND_LABEL[e.kind])}: {_md(e.title)} (`{e.id}`) — {_(STATUS_LABEL[e.status])}"
            lines += [head, ""]
            if e.status == "renamed":
                before, after = _code(e.old_path or ""), _code(e.path)
                lines.append(
                    "- "
                    + _(
                        "renamed from %(old)s (%(before)s → %(after)s)",
                        old=_tick(e.old_id or ""),
                        before=before,
                        after=after,
                    )
                )
            elif e.status == "moved":
                before, after = _code(e.old_path or ""), _code(e.path)
                lines.append("- " + _("file moved: %(before)s → %(after)s", before=before, after=after))
            elif e.status in ("added", "removed"):
                lines.append(f"- {_code(e.path)}")
            elif e.status == "invalid":
                lines.append("- " + _("%(path)s: see the problems below", path=_code(e.path)))
            lines += [f"- {c.text}" for c in e.changes]
            lines.append("")
        if self.invalid:
            lines += ["### " + _("Problems in the sources"), ""]
            lines += [
                "- " + _("at %(revision)s: %(message)s", revision=_tick(p["revision"]), message=_code(p["message"]))
                for p in self.invalid
            ]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def json(self) -> str:
        data = {
            "base": self.base,
            "head": self.head,
            "summary": self.summary(),
            "entities": [asdict(e) for e in self.entities],
            "invalid": self.invalid,
        }
        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _things(noun: str, n: int) -> str:
    """``n`` maps, personas or touchpoints, in the active language."""
    if noun == "persona":
        return ngettext("%(n)s persona", "%(n)s personas", n)
    if noun == "touchpoint":
        return ngettext("%(n)s touchpoint", "%(n)s touchpoints", n)
    return ngettext("%(n)s map", "%(n)s maps", n)


def _num(v: float | None) -> str:
    return _("none") if v is None else signed(v)


def _entities(hb: Handbook) -> dict[str, tuple[str, Any]]:
    """id -> (kind, entity view) for every valid persona, file touchpoint and map."""
    out: dict[str, tuple[str, Any]] = {}
    for v in hb.catalog.by_src.values():
        if v.model is not None and v.kind in KIND_LABEL:
            out[v.id] = (v.kind, v)
    return out


STEP_LANES = (
    ("actions", N_("action")),
    ("physical_evidence", N_("physical evidence")),
    ("frontstage", N_("frontstage step")),
    ("backstage", N_("backstage step")),
    ("support", N_("support process")),
)


def _list_changes(label: str, before: Iterable[str], after: Iterable[str], stage: str | None = None) -> list[Change]:
    """``label``: what the items are, in English (the change's kind); the text says it in the active language."""
    b, a = list(dict.fromkeys(before)), list(dict.fromkeys(after))
    slug = label.replace(" ", "-")
    what, at = _(label), f"*{_md(stage)}*" if stage else ""

    def text(added: bool, item: str) -> str:
        if added:
            if at:
                return _("%(what)s added at %(stage)s: “%(item)s”", what=what, stage=at, item=_md(item))
            return _("%(what)s added: “%(item)s”", what=what, item=_md(item))
        if at:
            return _("%(what)s removed at %(stage)s: “%(item)s”", what=what, stage=at, item=_md(item))
        return _("%(what)s removed: “%(item)s”", what=what, item=_md(item))

    out = [Change(f"{slug}-added", text(True, x), stage, None, x) for x in a if x not in b]
    out += [Change(f"{slug}-removed", text(False, x), stage, x, None) for x in b if x not in a]
    return out


def _field(label: str, before: Any, after: Any) -> list[Change]:
    if before == after:
        return []

    def show(x: Any) -> str:
        return _("none") if x in (None, "", []) else _md(", ".join(map(str, x)) if isinstance(x, list) else str(x))

    return [Change("field", f"{label}: {show(before)} → {show(after)}", None, before, after)]


def _persona_changes(old: Persona, new: Persona) -> list[Change]:
    out: list[Change] = []
    for key in ("name", "role", "segment", "quote"):
        out += _field(key, getattr(old, key), getattr(new, key))
    for key, label in (
        ("goals", N_("goal")),
        ("needs", N_("need")),
        ("frustrations", N_("frustration")),
        ("behaviors", N_("behaviour")),
        ("channels", N_("channel")),
    ):
        out += _list_changes(label, getattr(old, key), getattr(new, key))
    out += _list_changes(N_("evidence"), [_evidence(e) for e in old.evidence], [_evidence(e) for e in new.evidence])
    return out


def _touchpoint_changes(old: Touchpoint, new: Touchpoint) -> list[Change]:
    out: list[Change] = []
    for key in ("name", "channel", "ownership", "owner", "weight"):
        out += _field(key, getattr(old, key), getattr(new, key))
    return out


def _evidence(e: Any) -> str:
    return " ".join(x for x in (f"[{e.type}]" if e.type else "", e.note or "", e.link or "") if x)


def _map_changes(
    old_hb: Handbook, new_hb: Handbook, mid_old: str, mid_new: str, aliases: dict[str, str]
) -> list[Change]:
    ov, nv = old_hb.catalog.maps[mid_old], new_hb.catalog.maps[mid_new]
    om, nm = old_hb.catalog.map_model(mid_old), new_hb.catalog.map_model(mid_new)
    out: list[Change] = []
    out += _field("type", ov.kind, nv.kind)
    out += _field("title", om.title, nm.title)
    out += _field("state", om.state, nm.state)
    out += _field("kind", om.kind, nm.kind)
    out += _field("blueprint", om.blueprint, nm.blueprint)
    out += _field("personas" if nv.kind == "cem" else "persona", list(ov.personas), list(nv.personas))
    out += _field("zooms_into", list(om.zooms_into), list(nm.zooms_into))
    out += _field("future_of", om.future_of, nm.future_of)
    out += _field("owner", om.owner, nm.owner)
    out += _field("scope", om.scope, nm.scope)
    out += _field("lanes", list(om.lanes), list(nm.lanes))
    out += _field(
        "reviewed", om.reviewed.isoformat() if om.reviewed else None, nm.reviewed.isoformat() if nm.reviewed else None
    )
    out += _list_changes(N_("evidence"), [_evidence(e) for e in om.evidence], [_evidence(e) for e in nm.evidence])

    o_ids, n_ids = list(ov.stage_ids), list(nv.stage_ids)
    o_st, n_st = dict(zip(o_ids, om.stages)), dict(zip(n_ids, nm.stages))
    for pos, sid in enumerate(n_ids, 1):
        if sid not in o_st:
            name = n_st[sid].name
            shown = _("stage added: %(stage)s (position %(n)s)", stage=_strong(name), n=pos)
            out.append(Change("stage-added", shown, name))
    for sid in o_ids:
        if sid not in n_st:
            name = o_st[sid].name
            out.append(Change("stage-removed", _("stage removed: %(stage)s", stage=_strong(name)), name))
    common_old = [s for s in o_ids if s in n_st]
    common_new = [s for s in n_ids if s in o_st]
    if common_old != common_new:
        out.append(
            Change(
                "stages-reordered",
                _(
                    "stages reordered: %(before)s → %(after)s",
                    before=", ".join(_md(o_st[s].name) for s in common_old),
                    after=", ".join(_md(n_st[s].name) for s in common_new),
                ),
                None,
                common_old,
                common_new,
            )
        )
    o_series, n_series = old_hb.analysis.maps[mid_old].series, new_hb.analysis.maps[mid_new].series
    names = {pid: (new_hb.catalog.personas[pid].title if pid in new_hb.catalog.personas else pid) for pid in n_series}
    o_tps, n_tps = old_hb.catalog.stage_touchpoints.get(mid_old, []), new_hb.catalog.stage_touchpoints.get(mid_new, [])
    for sid in common_new:
        os_, ns = o_st[sid], n_st[sid]
        oi, ni = o_ids.index(sid), n_ids.index(sid)
        renamed = _("stage %(stage)s name", stage=_em(ns.name))
        out += _field(renamed, os_.name, ns.name) if os_.name != ns.name else []
        out += _field(
            _("stage %(stage)s time", stage=_em(ns.name)), os_.time or os_.part_of_day, ns.time or ns.part_of_day
        )
        for pid in n_series:
            was = aliases.get(pid, pid)  # a renamed persona; a CJM's one persona, another now: its one curve
            was = next(iter(o_series)) if was not in o_series and nv.kind == ov.kind == "cjm" else was
            before = o_series[was][oi] if was in o_series else None
            after = n_series[pid][ni]
            if before != after:
                who = f" ({_md(names[pid])})" if len(n_series) > 1 or nv.kind == "cem" else ""
                out.append(
                    Change(
                        "emotion",
                        _(
                            "emotion at %(stage)s%(who)s: %(before)s → %(after)s",
                            stage=_em(ns.name),
                            who=who,
                            before=_num(before),
                            after=_num(after),
                        ),
                        ns.name,
                        before,
                        after,
                    )
                )
        for key, noun in STEP_LANES:  # what the customer does, and a blueprint's steps (by their lane's noun)
            out += _list_changes(noun, getattr(os_, key), getattr(ns, key), ns.name)
        out += _list_changes(
            N_("pain point"), [p.title for p in os_.pain_points], [p.title for p in ns.pain_points], ns.name
        )
        out += _list_changes(
            N_("opportunity"), [o.title for o in os_.opportunities], [o.title for o in ns.opportunities], ns.name
        )
        out += [Change(*c) for c in delivery_changes(os_.opportunities, ns.opportunities, ns.name, _md)]
        out += _list_changes(N_("quote"), [q.text for q in os_.quotes], [q.text for q in ns.quotes], ns.name)
        old_t = [old_hb.catalog.touchpoints[t].name for t in (o_tps[oi] if oi < len(o_tps) else [])]
        new_t = [new_hb.catalog.touchpoints[t].name for t in (n_tps[ni] if ni < len(n_tps) else [])]
        out += _list_changes(N_("touchpoint"), old_t, new_t, ns.name)
        out += [Change(kind, text, ns.name, b, a) for kind, text, b, a in path_changes(os_, ns, _md, _em)]
        out += [Change(*c) for c in lane_changes(old_hb, new_hb, (mid_old, oi, os_), (mid_new, ni, ns))]
        if os_.moment_of_truth != ns.moment_of_truth:
            out.append(
                Change(
                    "moment-of-truth",
                    _("%(stage)s is now a moment of truth", stage=_em(ns.name))
                    if ns.moment_of_truth
                    else _("%(stage)s is no longer a moment of truth", stage=_em(ns.name)),
                    ns.name,
                    os_.moment_of_truth,
                    ns.moment_of_truth,
                )
            )
    o_health = {f.code for f in map_health(old_hb.catalog, old_hb.analysis, mid_old)}
    n_health = {f.code for f in map_health(new_hb.catalog, new_hb.analysis, mid_new)}
    for code in sorted(n_health - o_health):
        out.append(Change("health", _("health: now %(code)s", code=_strong(code)), None, None, code))
    for code in sorted(o_health - n_health):
        out.append(Change("health", _("health: no longer %(code)s", code=code), None, code, None))
    return out


def _changes(
    kind: str, old_hb: Handbook, new_hb: Handbook, old: Any, new: Any, aliases: dict[str, str]
) -> list[Change]:
    if kind in ("cjm", "cem"):
        return _map_changes(old_hb, new_hb, old.id, new.id, aliases)
    if isinstance(new.model, Persona) and isinstance(old.model, Persona):
        return _persona_changes(old.model, new.model)
    if isinstance(new.model, Touchpoint) and isinstance(old.model, Touchpoint):
        return _touchpoint_changes(old.model, new.model)
    return []


def diff_handbooks(old_hb: Handbook, new_hb: Handbook, base: str, head: str) -> HandbookDiff:
    old, new = _entities(old_hb), _entities(new_hb)
    entities: list[EntityDiff] = []
    added = [i for i in new if i not in old]
    removed = [i for i in old if i not in new]
    renamed = renames(old, new)  # the same or alike content under a new id
    aliases = {i: o for i, o in renamed.items() if new[i][0] == "persona"}
    for i in sorted(new):
        kind, v = new[i]
        title = v.title
        if i in renamed:
            o = old[renamed[i]][1]
            changes = _changes(kind, old_hb, new_hb, o, v, aliases)
            entities.append(EntityDiff(kind, i, title, "renamed", v.doc.src_uri, renamed[i], o.doc.src_uri, changes))
        elif i in added:
            entities.append(EntityDiff(kind, i, title, "added", v.doc.src_uri))
        else:
            okind, o = old[i]
            if group(okind) != group(kind):
                entities.append(EntityDiff(okind, i, o.title, "removed", o.doc.src_uri))
                entities.append(EntityDiff(kind, i, title, "added", v.doc.src_uri))
                continue
            changes = _changes(kind, old_hb, new_hb, o, v, aliases)
            if o.doc.src_uri != v.doc.src_uri:
                entities.append(EntityDiff(kind, i, title, "moved", v.doc.src_uri, None, o.doc.src_uri, changes))
            elif changes:
                entities.append(EntityDiff(kind, i, title, "changed", v.doc.src_uri, changes=changes))
    for i in sorted(removed):
        if i not in renamed.values():
            kind, o = old[i]
            gone = o.doc.src_uri not in new_hb.docs  # else the file is there, and does not validate at the head
            entities.append(EntityDiff(kind, i, o.title, "removed" if gone else "invalid", o.doc.src_uri))
    order = {"cem": 0, "cjm": 1, "persona": 2, "touchpoint": 3}
    entities.sort(key=lambda e: (order[e.kind], e.id))
    invalid = [
        {"revision": rev, "message": str(d)}
        for rev, hb in ((base, old_hb), (head, new_hb))
        for d in hb.catalog.report.errors
    ]
    # an error present at both revisions is not news (on another line, if lines moved): report the ones HEAD has,
    # and those only BASE had once
    seen = {(d.path, d.field, d.message) for d in new_hb.catalog.report.errors}
    fixed = [str(d) for d in old_hb.catalog.report.errors if (d.path, d.field, d.message) not in seen]
    invalid = [p for p in invalid if p["revision"] == head or p["message"] in fixed]
    return HandbookDiff(base, head, entities, invalid)
