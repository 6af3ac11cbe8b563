"""Stage 3, resolve: the catalog of every entity and every cross-reference.

Personas <-> maps <-> stages <-> touchpoints <-> channels, cem <-> the cjms
that zoom into its stages, future <-> current state. Every reference that
does not resolve is reported here, with a "did you mean" where one is close.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from journeymaps.catalog.collisions import check_catalog
from journeymaps.catalog.lanes import LaneValue, StageImage, check_lanes, persona_photos
from journeymaps.catalog.taxonomy import Taxonomy
from journeymaps.catalog.urls import page_url
from journeymaps.diagnostics import Diagnostic, Report, Severity, closest, field_path
from journeymaps.validation.compact import with_values
from journeymaps.validation.ids import slugify
from journeymaps.validation.items import Evidence, InlineTouchpoint
from journeymaps.validation.models import Cem, Cjm, Persona, Stage, Touchpoint
from journeymaps.validation.validate import Validated


@dataclass(frozen=True)
class StageRef:
    map_id: str
    stage_index: int
    stage_id: str


@dataclass
class TouchpointEntry:
    """A touchpoint, file-defined or declared inline in a stage."""

    id: str
    name: str
    channel: str
    ownership: str = "owned"
    owner: str | None = None
    weight: str | None = None
    description: str | None = None
    src_uri: str = ""  # the page: the author's file, or the generated touchpoints/<id>.md
    path: str = ""  # where it is defined, as the author sees it
    inline: bool = False
    brand: str | None = None  # not ours: the other brand the customer meets there
    occurrences: list[StageRef] = field(default_factory=list)


@dataclass
class Catalog:
    """Everything the handbook knows, resolved. Built once per build."""

    taxonomy: Taxonomy
    use_directory_urls: bool = True
    personas: dict[str, Validated] = field(default_factory=dict)
    maps: dict[str, Validated] = field(default_factory=dict)
    touchpoints: dict[str, TouchpointEntry] = field(default_factory=dict)
    by_src: dict[str, Validated] = field(default_factory=dict)
    zoomed_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # cem id -> [(cjm id, stage id)]
    futures: dict[str, list[str]] = field(default_factory=dict)  # current id -> future ids
    blueprints: dict[str, list[str]] = field(default_factory=dict)  # blueprint id -> ids of the maps it backs
    persona_maps: dict[str, list[str]] = field(default_factory=dict)
    # resolved, per map: stage index -> touchpoint ids (unresolved refs dropped)
    stage_touchpoints: dict[str, list[list[str]]] = field(default_factory=dict)
    # the same for the stages' alternative paths: per map, stage index -> path index -> touchpoint ids
    path_touchpoints: dict[str, list[list[list[str]]]] = field(default_factory=dict)
    # per map, per stage: the taxonomy's lanes (lane id -> value) and the storyboard image
    lane_values: dict[str, list[dict[str, LaneValue]]] = field(default_factory=dict)
    stage_images: dict[str, list[StageImage | None]] = field(default_factory=dict)
    photos: dict[str, StageImage] = field(default_factory=dict)  # persona id -> its photo
    report: Report = field(default_factory=Report)
    _touchpoint_pages: dict[str, TouchpointEntry] | None = field(default=None, init=False, repr=False)

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.use_directory_urls)

    def entity_url(self, kind: str, ident: str) -> str | None:
        if kind == "touchpoint":
            tp = self.touchpoints.get(ident)
            return self.url(tp.src_uri) if tp else None
        table = self.personas if kind == "persona" else self.maps
        found = table.get(ident)
        return self.url(found.doc.src_uri) if found else None

    def touchpoint_at(self, src_uri: str) -> TouchpointEntry | None:
        """The touchpoint whose page is ``src_uri`` (its own file, or the generated page of an inline one)."""
        if self._touchpoint_pages is None:
            self._touchpoint_pages = {t.src_uri: t for t in self.touchpoints.values()}
        return self._touchpoint_pages.get(src_uri)

    def valid_maps(self) -> Iterator[tuple[str, Validated, Cjm | Cem]]:
        """(id, entry, model) of every map whose page validated, in the catalog's order."""
        for mid, v in self.maps.items():
            if isinstance(v.model, (Cjm, Cem)):
                yield mid, v, v.model

    def map_model(self, mid: str) -> Cjm | Cem:
        """The model of map ``mid``, which validated (a ``KeyError`` says which map did not)."""
        model = self.maps[mid].model
        if not isinstance(model, (Cjm, Cem)):
            raise KeyError(f"map '{mid}' did not validate")
        return model


def _error(
    v: Validated,
    loc: tuple[str | int, ...],
    message: str,
    suggestion: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    d = Diagnostic(v.doc.path, v.doc.line(loc), field_path(loc), message, severity, suggestion)
    v.diagnostics.append(d)
    return d


def resolve(
    entities: Iterable[Validated],
    taxonomy: Taxonomy,
    use_directory_urls: bool = True,
    inline_folder: str = "touchpoints",
    docs_dir: Path | None = None,
) -> Catalog:
    """The catalog of ``entities``; ``docs_dir``: where storyboard images are looked for (None: not checked)."""
    cat = Catalog(taxonomy=taxonomy, use_directory_urls=use_directory_urls)
    ordered = sorted(entities, key=lambda v: v.doc.src_uri)
    _register(cat, ordered)
    _inline_touchpoints(cat, inline_folder)
    for v in cat.personas.values():
        if isinstance(v.model, Persona):
            for i, ch in enumerate(v.model.channels):
                _check_channel(cat, v, ("channels", i), ch)
            _check_evidence(cat, v)
    for tp in cat.touchpoints.values():
        if not tp.inline:
            owner = cat.by_src[tp.src_uri]
            _check_channel(cat, owner, ("channel",), tp.channel)
    for v in cat.maps.values():
        if isinstance(v.model, (Cjm, Cem)):
            _resolve_map(cat, v)
    _check_future_cycles(cat)
    lanes = {k: lane.kind for k, lane in taxonomy.lanes.items()}
    cat.lane_values, cat.stage_images = check_lanes(cat.maps.values(), lanes, docs_dir)
    cat.photos = persona_photos(cat.personas.values(), docs_dir)
    collisions = check_catalog(cat)  # two things at one place of the site
    for v in ordered:
        cat.report.extend(v.diagnostics)
    cat.report.extend(collisions)
    return cat


def _register(cat: Catalog, ordered: list[Validated]) -> None:
    for v in ordered:
        cat.by_src[v.doc.src_uri] = v
        if v.kind == "persona":
            table = cat.personas
        elif v.kind in ("cjm", "cem"):
            table = cat.maps
        elif v.kind == "touchpoint":
            table = None
        else:
            continue
        if v.kind == "touchpoint":
            if v.id in cat.touchpoints:
                _error(
                    v,
                    ("id",),
                    f"touchpoint id '{v.id}' is already used by {cat.touchpoints[v.id].path}; ids must be unique "
                    "among touchpoints",
                )
                continue
            m = v.model
            cat.touchpoints[v.id] = TouchpointEntry(
                v.id,
                v.title,
                m.channel if isinstance(m, Touchpoint) else "",
                m.ownership if isinstance(m, Touchpoint) else "owned",
                m.owner if isinstance(m, Touchpoint) else None,
                m.weight if isinstance(m, Touchpoint) else None,
                m.description if isinstance(m, Touchpoint) else None,
                v.doc.src_uri,
                v.doc.path,
                brand=m.brand if isinstance(m, Touchpoint) else None,
            )
            continue
        assert table is not None
        if v.id in table:
            what = "personas" if v.kind == "persona" else "maps (cjm and cem together)"
            _error(
                v, ("id",), f"id '{v.id}' is already used by {table[v.id].doc.path}; ids must be unique among {what}"
            )
            continue
        table[v.id] = v


def _inline_touchpoints(cat: Catalog, folder: str) -> None:
    file_defined = set(cat.touchpoints)
    for v in cat.maps.values():
        if not isinstance(v.model, (Cjm, Cem)):
            continue
        for si, stage in enumerate(v.model.stages):
            for loc, ref in _stage_refs(si, stage):
                if not isinstance(ref, InlineTouchpoint):
                    continue
                tid = ref.id or slugify(ref.name)
                if not tid:
                    _error(v, (*loc, "name"), f"cannot make an id from the name '{ref.name}'; add `id:`")
                    continue
                if tid in file_defined:
                    _error(
                        v,
                        loc,
                        f"inline touchpoint id '{tid}' is already the id of {cat.touchpoints[tid].path}; "
                        f"refer to it by id (- {tid}) or give this one another `id:`",
                    )
                    continue
                if ref.channel:  # the first declaration's too
                    _check_channel(cat, v, (*loc, "channel"), ref.channel)
                existing = cat.touchpoints.get(tid)
                if existing is None:
                    if tid == "index":  # its page would be the generated touchpoints index (it gets none)
                        where = f"have its page at {folder}/index.md, where the generated {folder} index is"
                        _error(v, (*loc, "name"), f"inline touchpoint 'index' would {where}; give it another `id:`")
                    cat.touchpoints[tid] = TouchpointEntry(
                        tid,
                        ref.name,
                        ref.channel,
                        ref.ownership or "owned",
                        ref.owner,
                        ref.weight,
                        None,
                        f"{folder}/{tid}.md",
                        v.doc.path,
                        inline=True,
                        brand=ref.brand,
                    )
                    continue
                for key in ("name", "channel", "ownership", "owner", "weight", "brand"):
                    new = getattr(ref, key)
                    old = getattr(existing, key)
                    if new is not None and new != old and not (key == "ownership" and old == "owned" and new is None):
                        if old is None or (key == "ownership" and old == "owned" and ref.ownership):
                            setattr(existing, key, new)
                            continue
                        _error(
                            v,
                            (*loc, key),
                            f"inline touchpoint '{tid}' has {key} '{new}' here but '{old}' in "
                            f"{existing.path}; the first one is used",
                            severity=Severity.WARNING,
                        )


def _stage_refs(si: int, stage: Stage) -> Iterator[tuple[tuple[str | int, ...], str | InlineTouchpoint]]:
    """(location, reference) of every touchpoint of a stage: its own, then each alternative path's."""
    for ti, ref in enumerate(stage.touchpoints):
        yield ("stages", si, "touchpoints", ti), ref
    for pi, path in enumerate(stage.paths):
        for ti, ref in enumerate(path.touchpoints):
            yield ("stages", si, "paths", pi, "touchpoints", ti), ref


def _check_channel(cat: Catalog, v: Validated, loc: tuple[str | int, ...], channel: str) -> None:
    if channel and channel not in cat.taxonomy.channels:
        _error(
            v,
            loc,
            f"unknown channel '{channel}' (not in the {cat.taxonomy.source}; add it to the site taxonomy)",
            cat.taxonomy.suggest_channel(channel),
            Severity.WARNING,
        )


def _check_evidence(cat: Catalog, v: Validated) -> None:
    """Text that is exactly an evidence type (``- interviews``) names the type: the catalog gets a copy of the model
    that says so (serve keeps the model for the next build, whose taxonomy may differ)."""
    assert isinstance(v.model, (Persona, Cjm, Cem))
    evidence = v.model.evidence
    named = [
        Evidence.model_construct({"type", "link"} & e.model_fields_set | {"type"}, type=e.note, link=e.link)
        if e.type is None and e.note and e.note in cat.taxonomy.evidence
        else e
        for e in evidence
    ]
    if any(a is not b for a, b in zip(named, evidence)):
        v.model = with_values(v.model, evidence=named)
    for i, item in enumerate(named):
        if item.type and item.type not in cat.taxonomy.evidence:
            _error(
                v,
                ("evidence", i, "type"),
                f"unknown evidence type '{item.type}'",
                cat.taxonomy.suggest_evidence(item.type),
                Severity.WARNING,
            )


def _resolve_map(cat: Catalog, v: Validated) -> None:
    _check_evidence(cat, v)
    m = v.model
    assert isinstance(m, (Cjm, Cem))
    persona_loc = "persona" if m.persona else "personas"
    for i, pid in enumerate(v.personas):
        if pid in cat.personas:
            cat.persona_maps.setdefault(pid, []).append(v.id)
        else:
            loc = (persona_loc,) if persona_loc == "persona" else ("personas", i)
            _error(v, loc, f"persona '{pid}' does not exist", closest(pid, cat.personas))
    per_stage: list[list[str]] = []
    per_path: list[list[list[str]]] = []
    for si, stage in enumerate(m.stages):
        ids: dict[int | None, list[str]] = {None: []} | {pi: [] for pi in range(len(stage.paths))}
        seen: set[str] = set()  # a touchpoint of the stage and of one of its paths is one occurrence
        for where, ref in _stage_refs(si, stage):
            tid = ref if isinstance(ref, str) else (ref.id or slugify(ref.name))
            here = ids[where[3] if where[2] == "paths" and isinstance(where[3], int) else None]
            if tid in cat.touchpoints:
                if tid not in here:
                    here.append(tid)
                if tid not in seen:
                    seen.add(tid)
                    cat.touchpoints[tid].occurrences.append(StageRef(v.id, si, v.stage_ids[si]))
            elif isinstance(ref, str):
                _error(v, where, f"touchpoint '{ref}' does not exist", closest(ref, cat.touchpoints))
        per_stage.append(ids[None])
        per_path.append([ids[pi] for pi in range(len(stage.paths))])
    cat.stage_touchpoints[v.id] = per_stage
    cat.path_touchpoints[v.id] = per_path
    for zi, target in enumerate(m.zooms_into if isinstance(m, Cjm) else []):
        loc = (
            ("zooms_into", zi)
            if len(m.zooms_into) > 1 or isinstance((v.doc.data or {}).get("zooms_into"), list)
            else ("zooms_into",)
        )
        cem_id, _, stage_id = target.partition("#")
        cem = cat.maps.get(cem_id)
        if target in m.zooms_into[:zi]:  # the CJM would be listed twice beside the stage
            _error(v, loc, f"'{target}' is listed twice; remove one")
        elif cem is None:
            cems = [k for k, x in cat.maps.items() if x.kind == "cem"]
            _error(v, loc, f"map '{cem_id}' does not exist", closest(cem_id, cems))
        elif cem.model is None:
            pass  # the cem itself has errors, reported in its own file
        elif cem.kind != "cem":
            _error(v, loc, f"'{cem_id}' is a {cem.kind}, not a cem; zooms_into names a cem stage")
        elif stage_id not in cem.stage_ids:
            _error(
                v,
                loc,
                f"cem '{cem_id}' has no stage '{stage_id}' (its stages: {', '.join(cem.stage_ids)})",
                closest(stage_id, cem.stage_ids),
            )
        else:
            cat.zoomed_by.setdefault(cem_id, []).append((v.id, stage_id))
    current = cat.maps.get(m.future_of) if m.future_of and m.state == "future" else None
    if current is None and m.future_of and m.state == "future":
        _error(v, ("future_of",), f"map '{m.future_of}' does not exist", closest(m.future_of, cat.maps))
    elif current is v:
        _error(v, ("future_of",), f"future_of makes a cycle: {v.id} -> {v.id}")
    elif current is not None:
        cat.futures.setdefault(current.id, []).append(v.id)
        if current.model is not None and current.kind != v.kind:  # compared stage by stage: every stage would differ
            same = [k for k, x in cat.maps.items() if x.kind == v.kind and k != v.id]
            said = f"'{current.id}' is a {current.kind}; the current state of a {v.kind} is a {v.kind}"
            _error(v, ("future_of",), said, closest(current.id, same), Severity.WARNING)
    if m.blueprint and m.kind != "blueprint":
        bp = cat.maps.get(m.blueprint)
        if bp is None:
            blueprints = [k for k, x in cat.maps.items() if getattr(x.model, "kind", None) == "blueprint"]
            _error(v, ("blueprint",), f"map '{m.blueprint}' does not exist", closest(m.blueprint, blueprints))
        elif bp.model is not None and getattr(bp.model, "kind", None) != "blueprint":
            kind = getattr(bp.model, "kind", "journey")
            _error(v, ("blueprint",), f"'{m.blueprint}' is a {kind} map, not a blueprint; add `kind: blueprint` to it")
        elif bp.model is not None:
            cat.blueprints.setdefault(m.blueprint, []).append(v.id)


def _check_future_cycles(cat: Catalog) -> None:
    """A chain of future_of links (future of a future) is fine; one that comes back is an error."""
    links = {
        mid: v.model.future_of
        for mid, v in cat.maps.items()
        if isinstance(v.model, (Cjm, Cem))
        and v.model.state == "future"
        and v.model.future_of
        and v.model.future_of in cat.maps
        and v.model.future_of != mid
    }
    for start in sorted(links):
        chain, node = [start], links[start]
        while node in links and node not in chain:
            chain.append(node)
            node = links[node]
        if node == start:
            _error(cat.maps[start], ("future_of",), "future_of makes a cycle: " + " -> ".join([*chain, start]))
            cat.futures[links[start]] = [f for f in cat.futures.get(links[start], []) if f != start]
