"""Which sources each page of the handbook is made from: the dependency graph of incremental rebuilds.

A page's HTML is the author's own Markdown and what the renderer adds from the catalog. This module says, for
every page the handbook renders (entity pages and the registry's generated pages), which *entities* the renderer
reads for it, and gives each entity a *state*: a digest of everything the renderer can read about it (a persona or
a map: its file as written, frontmatter and body; a touchpoint: every field of its entry). A page's key is a digest
of its own file, the diagnostics on that file, and the states of its entities: two builds that give a page the same
key render the same fragments for it. Entities are named by kind and id, so a page that names an id nobody declares
depends on its absence (the key changes when someone declares it, or when a declared id is renamed away).

What each page reads (kept next to :mod:`journeymaps.render.pages` and ``render/sections.py``; the incremental
test builds every edit kind both ways and compares the output byte for byte, so a read missing here fails it):

- a map page: the map; its personas (cards, series labels); the touchpoints of its stages (lanes, Mermaid); the
  maps it zooms into, that zoom into it, its future states and the map it is the future of (links, titles,
  comparison pages and their titles);
- a persona page: the persona; its maps (title, kind, emotion series: the whole map); their touchpoints;
- a touchpoint page: the touchpoint; the maps it occurs in; the personas of those maps (the emotion rows);
- a comparison page (a CJM in its CEM, a future state): what the pages of the maps it compares read;
- a section index: what its list shows (:data:`INDEX_READS`), as *aspects* of entities where the list shows less
  than the entity's page: the personas index reads each persona and how many maps it has; the touchpoints index
  each touchpoint and how many stages use it; the opportunities index each map's opportunities (with the map's
  title, stages and personas) and each persona; the changes index the title of each file in the git history. The
  other indexes (maps, health, comparisons) read everything (:data:`EVERYTHING`): their rows summarise whole maps.

What is the same for every page (the taxonomy, the review date, settings) is the adapter's global key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from hashlib import blake2b

from journeymaps.catalog.generated import GeneratedPage, Registry
from journeymaps.catalog.resolve import Catalog, TouchpointEntry
from journeymaps.diagnostics import Diagnostic
from journeymaps.sources.frontmatter import SourceDoc
from journeymaps.validation.models import Cem, Cjm

__all__ = ["EVERYTHING", "Dependencies", "dependencies", "digest"]

Entity = tuple[str, str]
"""(kind, id): ``map``, ``persona`` or ``touchpoint``."""

EVERYTHING = "*"
"""The state that stands for every entity of the handbook (an index page lists them all)."""

INDEX_READS = {
    "personas": ("persona", "persona-maps"),
    "touchpoints": ("touchpoint-listing",),
    "opportunities": ("opportunities", "persona"),
    "changes": ("source",),
}
"""Section index -> the kinds of entity (or aspect) it reads, for every id of that kind; the other sections read
everything. ``persona-maps``: how many maps list the persona; ``touchpoint-listing``: the touchpoint and how many
stages use it; ``opportunities``: a map's title, URL, stages, personas and opportunities (what a backlog row
shows); ``source``: the title of a file the git history names (``changes``)."""


def digest(*parts: str) -> str:
    """A digest of ``parts``, each followed by a NUL (one call to the hash: a page's key has dozens of parts)."""
    text = "".join(part + "\0" for part in parts)
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def doc_digest(doc: SourceDoc) -> str:
    """A page's source as the pipeline read it: frontmatter text, body and the messages reading it gave."""
    return digest(doc.yaml_text, doc.body, *map(str, doc.diagnostics))


def _touchpoint_state(tp: TouchpointEntry) -> str:
    return digest(
        repr((tp.id, tp.name, tp.channel, tp.ownership, tp.owner, tp.weight, tp.description, tp.src_uri, tp.path))
        + repr(tp.brand)
        + repr(tp.inline)
    )


@dataclass
class Dependencies:
    """The entities each rendered page reads, and the state of every entity, for one build."""

    catalog: Catalog
    registry: Registry
    states: dict[Entity, str] = field(default_factory=dict)
    history_paths: Iterable[str] = ()
    """The Markdown files the git history names (the changes index shows their titles)."""
    _diagnostics: dict[str, list[str]] | None = None
    _everything: str | None = None
    _tags: dict[Entity, str] = field(default_factory=dict)

    def state(self, entity: Entity) -> str:
        found = self.states.get(entity)
        if found is not None:
            return found
        kind, ident = entity
        cat = self.catalog
        if kind in ASPECTS:
            found = ASPECTS[kind](cat, ident)
        elif kind == "touchpoint":
            tp = cat.touchpoints.get(ident)
            found = _touchpoint_state(tp) if tp is not None else "missing"
        else:
            v = (cat.personas if kind == "persona" else cat.maps).get(ident)
            found = f"{v.doc.src_uri}:{doc_digest(v.doc)}" if v is not None else "missing"
            if kind == "persona" and ident in cat.photos:  # its cards show the photo while its file is there
                found += f":{cat.photos[ident].src_uri}"
        self.states[entity] = found
        return found

    def _tagged(self, entity: Entity) -> str:
        """``kind:id:state``, as a page's key lists it (made once per entity: pages share their sources)."""
        found = self._tags.get(entity)
        if found is None:
            found = self._tags[entity] = f"{entity[0]}:{entity[1]}:{self.state(entity)}"
        return found

    def everything(self) -> str:
        """One digest of every entity (an index page's state)."""
        if self._everything is None:
            cat = self.catalog
            entities = [("map", m) for m in sorted(cat.maps)] + [("persona", p) for p in sorted(cat.personas)]
            entities += [("touchpoint", t) for t in sorted(cat.touchpoints)]
            self._everything = digest(*map(self._tagged, entities))
        return self._everything

    def diagnostics(self, path: str) -> list[str]:
        """The messages on the file at ``path`` (they are shown on its page), grouped by path once per build."""
        if self._diagnostics is None:
            grouped: dict[str, list[str]] = {}
            for d in self.catalog.report.sorted():
                grouped.setdefault(d.path, []).append(str(d))
            self._diagnostics = grouped
        return self._diagnostics.get(path, [])

    # -- what each page reads ------------------------------------------------------------------
    def of_map(self, mid: str) -> set[Entity]:
        cat = self.catalog
        out: set[Entity] = {("map", mid)}
        v = cat.maps.get(mid)
        if v is None:
            return out
        out |= {("persona", p) for p in v.personas}
        out |= {("touchpoint", t) for ids in cat.stage_touchpoints.get(mid, []) for t in ids}
        out |= {("touchpoint", t) for stage in cat.path_touchpoints.get(mid, []) for ids in stage for t in ids}
        related: list[str] = []
        if isinstance(v.model, Cjm):
            related += [t.partition("#")[0] for t in v.model.zooms_into]
        future_of = getattr(v.model, "future_of", None)
        if isinstance(future_of, str):
            related.append(future_of)
        related += [c for c, _ in cat.zoomed_by.get(mid, [])]
        related += cat.futures.get(mid, [])
        blueprint = getattr(v.model, "blueprint", None)
        related += [blueprint] if isinstance(blueprint, str) else []
        related += cat.blueprints.get(mid, [])
        for page in self.registry.comparisons_of(mid):
            related += page.args
            if page.kind == "future":
                current = getattr(cat.maps[page.args[0]].model, "future_of", None)
                related += [current] if isinstance(current, str) else []
        out |= {("map", m) for m in related}
        return out

    def of_persona(self, pid: str) -> set[Entity]:
        cat = self.catalog
        out: set[Entity] = {("persona", pid)}
        for mid in cat.persona_maps.get(pid, []):
            out.add(("map", mid))
            out |= {("touchpoint", t) for ids in cat.stage_touchpoints.get(mid, []) for t in ids}
        return out

    def of_touchpoint(self, tp: TouchpointEntry) -> set[Entity]:
        cat = self.catalog
        out: set[Entity] = {("touchpoint", tp.id)}
        for occ in tp.occurrences:
            out.add(("map", occ.map_id))
            v = cat.maps.get(occ.map_id)
            if v is not None:
                out |= {("persona", p) for p in v.personas}
        return out

    def of_index(self, section: str, history_paths: Iterable[str]) -> set[Entity] | None:
        """What the index of ``section`` reads (None: everything)."""
        kinds = INDEX_READS.get(section)
        if kinds is None:
            return None
        cat = self.catalog
        ids: dict[str, Iterable[str]] = {
            "persona": cat.personas,
            "persona-maps": cat.personas,
            "touchpoint-listing": cat.touchpoints,
            "opportunities": cat.maps,
            "source": history_paths,
        }
        return {(kind, ident) for kind in kinds for ident in ids[kind]}

    def of_generated(self, page: GeneratedPage) -> set[Entity] | None:
        """None: the page reads everything."""
        if page.kind == "index":
            return self.of_index(page.section, self.history_paths)
        if page.kind == "touchpoint":
            tp = self.catalog.touchpoints.get(page.args[0])
            return self.of_touchpoint(tp) if tp is not None else {("touchpoint", page.args[0])}
        if page.kind in ("pair", "future"):
            out: set[Entity] = set()
            for mid in page.args:
                out |= self.of_map(mid)
                v = self.catalog.maps.get(mid)
                current = getattr(v.model, "future_of", None) if v is not None else None
                if isinstance(current, str):
                    out |= self.of_map(current)
            return out
        return None

    def of_page(self, src_uri: str, generated: GeneratedPage | None) -> set[Entity] | None:
        """The entities the fragments of the page at ``src_uri`` read (None: every entity; empty: none, the page
        is the author's alone)."""
        cat = self.catalog
        if generated is not None and (generated.kind != "touchpoint" or cat.by_src.get(src_uri) is not None):
            out = self.of_generated(generated)
            if out is None:
                return None
        else:
            out = set()
        v = cat.by_src.get(src_uri)
        tp = cat.touchpoint_at(src_uri)
        if tp is not None and (v is None or v.kind == "touchpoint"):
            out |= self.of_touchpoint(tp)
        elif v is not None and v.kind in ("cjm", "cem"):
            out |= self.of_map(v.id)
            if cat.maps.get(v.id) is not v:
                out.add(("map", v.id))  # a duplicate id: the page shows the error, whose words name the other file
        elif v is not None and v.kind == "persona":
            out |= self.of_persona(v.id)
        return out

    def key(self, src_uri: str, generated: GeneratedPage | None, own: str, path: str | None) -> str:
        """The page's key: its own source (``own``: a digest of the file MkDocs reads, empty for a generated page),
        the messages on it, and the states of what it reads."""
        reads = self.of_page(src_uri, generated)
        if reads is None:
            states: Iterable[str] = [EVERYTHING, self.everything()]
        else:
            states = map(self._tagged, sorted(reads))
        return digest(src_uri, own, *(self.diagnostics(path) if path else ()), *states)


def _opportunities_state(cat: Catalog, mid: str) -> str:
    v = cat.maps.get(mid)
    m = v.model if v is not None else None
    if v is None or not isinstance(m, (Cjm, Cem)):
        return "missing" if v is None else "no model"
    stages = [(s.name, [repr(op.__dict__) for op in s.opportunities]) for s in m.stages]
    return digest(repr((v.doc.src_uri, m.title, v.stage_ids, v.personas, stages)))


def _source_state(cat: Catalog, src_uri: str) -> str:
    v = cat.by_src.get(src_uri)
    return digest(repr((v.kind, v.id, v.title))) if v is not None else "missing"


ASPECTS: dict[str, Callable[[Catalog, str], str]] = {
    "persona-maps": lambda cat, pid: str(len(cat.persona_maps.get(pid, []))),
    "touchpoint-listing": lambda cat, tid: (
        f"{_touchpoint_state(cat.touchpoints[tid])}:{len(cat.touchpoints[tid].occurrences)}"
        if tid in cat.touchpoints
        else "missing"
    ),
    "opportunities": _opportunities_state,
    "source": _source_state,
}
"""The state of each aspect of an entity that an index reads (:data:`INDEX_READS`)."""


def dependencies(catalog: Catalog, registry: Registry, history_paths: Iterable[str] = ()) -> Dependencies:
    return Dependencies(catalog, registry, history_paths=sorted(set(history_paths)))


def diagnostic_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics]
