"""The registry of generated pages: every page and file the handbook adds to a site.

One place says, for each generated page, its source path (hence its URL), its
title, what kind of page it is (the renderer picks the template by kind),
where it goes in the navigation, which of Material's sidebars it hides and
whether search indexes it. The MkDocs adapter adds the files and groups the
navigation from it; the renderer renders by it; the maps index and the map
pages link to what it lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from journeymaps.catalog.resolve import Catalog
from journeymaps.catalog.urls import future_src, pair_src
from journeymaps.i18n import N_, _
from journeymaps.validation.schema import SCHEMA_PATH

__all__ = [
    "CATALOG_JSON",
    "HOME",
    "INDEXES",
    "MAP_PAGE_HIDE",
    "SCHEMA_FILE",
    "GeneratedPage",
    "Registry",
    "registry",
]

CATALOG_JSON = "journeymaps.json"
"""The whole catalog as JSON, at the site's root."""
SCHEMA_FILE = SCHEMA_PATH
"""The JSON Schema of the frontmatter, for editors."""
MAP_PAGE_HIDE = ("navigation", "toc")
"""Sidebars a map page hides: the journey grid needs the width (an author's own `hide:` wins)."""
WIDE_TABLES_HIDE = ("toc",)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str
    kind: str
    """``home`` (the handbook's overview, where the author wrote no home page), ``index`` (a section's index page),
    ``pair`` (a CJM beside its CEM stage), ``future`` (a future state
    against its current one) or ``touchpoint`` (the page of a touchpoint declared inside a map)."""
    section: str = ""
    """For an index page: which one (``personas``, ``maps``, ...); the renderer's key."""
    args: tuple[str, ...] = ()
    """The map ids a comparison page compares."""
    hide: tuple[str, ...] = ()
    """Material sidebars hidden on the page (``page.meta.hide``) unless the author says otherwise."""
    search: bool = True
    """Whether search indexes the page."""
    nav_group: str | None = None
    """The navigation group the page heads (an index) or belongs to (a comparison)."""


HOME = GeneratedPage("index.md", N_("Home"), "home", search=False)
"""The site's home page when the author has none (no ``index.md`` or ``README.md`` at the top of the docs folder): an
overview of the handbook, its sections and what to look at first. The author's own home page is never touched, and
nothing is added to it. Search leaves it out: every line repeats a page search finds itself."""

INDEXES: tuple[GeneratedPage, ...] = (
    GeneratedPage("personas/index.md", N_("Personas"), "index", "personas", nav_group="Personas"),
    GeneratedPage("maps/index.md", N_("Maps"), "index", "maps", nav_group="Maps"),
    GeneratedPage("touchpoints/index.md", N_("Touchpoints"), "index", "touchpoints", nav_group="Touchpoints"),
    GeneratedPage(
        "compare/index.md", N_("CJM vs CEM"), "index", "compare", hide=WIDE_TABLES_HIDE, nav_group="CJM vs CEM"
    ),
    GeneratedPage(
        "opportunities/index.md",
        N_("Opportunities"),
        "index",
        "opportunities",
        hide=WIDE_TABLES_HIDE,
        nav_group="Opportunities",
    ),
    GeneratedPage(
        "health/index.md", N_("Map health"), "index", "health", hide=WIDE_TABLES_HIDE, nav_group="Map health"
    ),
    GeneratedPage("changes/index.md", N_("Recent changes"), "index", "changes", nav_group="Recent changes"),
)
"""The section index pages, in navigation order (one per ``catalog.collisions.SECTION_FOLDERS``). An author's own
page at one of their URLs (``index.md``, or ``README.md`` without an ``index.md`` beside it) is kept, and the
generated list is added under its text; an entity page there is an error (:mod:`journeymaps.catalog.collisions`)
and keeps its page, with the list below it. Their titles are English here (``nav_group`` is the group's key);
:func:`registry` and :meth:`Registry.nav_groups` say them in the active language."""


@dataclass
class Registry:
    """Every generated page of one handbook, by source path."""

    pages: dict[str, GeneratedPage]
    collisions: list[GeneratedPage] = field(default_factory=list)
    """Pages that would take a path another generated page has, left out (an inline touchpoint or a future-state map
    with the id ``index``: the catalog reports them)."""
    by_map: dict[str, list[GeneratedPage]] = field(default_factory=dict)
    """Map id -> the comparison pages it takes part in (a future state's current map included), in page order."""

    def get(self, src_uri: str) -> GeneratedPage | None:
        return self.pages.get(src_uri)

    @property
    def comparisons(self) -> list[GeneratedPage]:
        return [p for p in self.pages.values() if p.kind in ("pair", "future")]

    def comparisons_of(self, map_id: str) -> list[GeneratedPage]:
        """The comparison pages a map takes part in (a future state's current map included)."""
        return self.by_map.get(map_id, [])

    def nav_groups(self, catalog: Catalog, live: dict[str, GeneratedPage]) -> list[tuple[str, str, list[str]]]:
        """(title, index page, member pages) per navigation group, in order. ``live`` are the generated pages the
        site has, by the source path of the page they are rendered on (a comparison at a path an author's file took
        is not among them; an index may be on an author's ``README.md``)."""
        index_src = {page.section: src for src, page in live.items() if page.kind == "index"}
        members = {
            "personas": [v.doc.src_uri for v in catalog.personas.values()],
            "maps": [v.doc.src_uri for v in catalog.maps.values()],
            "touchpoints": [t.src_uri for t in catalog.touchpoints.values()],
            "compare": sorted(p.src_uri for p in self.comparisons if p.src_uri in live),
        }
        groups = []
        for index in INDEXES:
            src = index_src.get(index.section, index.src_uri)
            groups.append((_(index.title), src, [m for m in members.get(index.section, []) if m != src]))
        return groups


def registry(catalog: Catalog) -> Registry:
    """The generated pages of ``catalog``: section indexes, comparisons, and inline touchpoints' pages."""
    pages: dict[str, GeneratedPage] = {p.src_uri: replace(p, title=_(p.title)) for p in (HOME, *INDEXES)}
    collisions: list[GeneratedPage] = []
    for tp in sorted(catalog.touchpoints.values(), key=lambda t: t.id):
        if tp.inline:
            page = GeneratedPage(tp.src_uri, tp.name, "touchpoint", args=(tp.id,), nav_group="Touchpoints")
            (collisions.append(page) if tp.src_uri in pages else pages.__setitem__(tp.src_uri, page))
    for cem_id, pairs in sorted(catalog.zoomed_by.items()):
        for cjm_id, _stage in pairs:
            if getattr(catalog.maps[cjm_id].model, "kind", "journey") != "journey":
                continue  # a day in the life or a blueprint is context for the CEM, not compared with it
            src = pair_src(cem_id, cjm_id)
            pages[src] = GeneratedPage(
                src,
                _("%(cjm)s in %(cem)s", cjm=catalog.maps[cjm_id].title, cem=catalog.maps[cem_id].title),
                "pair",
                args=(cem_id, cjm_id),
                hide=MAP_PAGE_HIDE,
                search=False,
                nav_group="CJM vs CEM",
            )
    for _current, futures in sorted(catalog.futures.items()):
        for fid in futures:
            src = future_src(fid)
            page = GeneratedPage(
                src,
                _("%(map)s vs current state", map=catalog.maps[fid].title),
                "future",
                args=(fid,),
                hide=MAP_PAGE_HIDE,
                search=False,
                nav_group="CJM vs CEM",
            )
            (collisions.append(page) if src in pages else pages.__setitem__(src, page))  # id `index` (resolve)
    by_map: dict[str, list[GeneratedPage]] = {}
    for page in pages.values():  # each comparison once, under every map it compares (indexed once: pages ask per map)
        if page.kind in ("pair", "future"):
            current = getattr(catalog.maps[page.args[0]].model, "future_of", None) if page.kind == "future" else None
            for mid in dict.fromkeys([*page.args, *([current] if current else [])]):
                by_map.setdefault(mid, []).append(page)
    return Registry(pages, collisions, by_map)
