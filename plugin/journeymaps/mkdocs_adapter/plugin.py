"""The journeymaps MkDocs plugin: a thin adapter around the core pipeline.

Event order (MkDocs 1.6), and what each does here:

- ``on_startup``: remember whether this is ``serve`` (PDFs off by default there);
  the plugin instance lives across serve rebuilds, so its parse cache does too.
- ``on_config`` (priority -10: after theme plugins set up their dirs): append
  the package templates to ``theme.dirs`` (a site's ``custom_dir`` wins),
  add the stylesheet and script.
- ``on_files``: load every Markdown page's frontmatter, run validate -> resolve
  -> analyse, log every diagnostic, add the generated pages.
- ``on_nav``: group entity pages under Personas / Maps / Touchpoints.
- ``on_page_markdown``: titles and page settings.
- ``on_page_context`` (priority 50, before search) / ``on_post_page``: the
  rendered fragments around the author's own body, added just before the
  page is written and dropped just after (memory: one page at a time).
  Other plugins see them in ``page_context`` at lower priority and in
  ``post_page``; in ``page_content`` and after the build they see only the
  author's HTML.
- ``on_files`` also adds ``schema/journeymaps.schema.json``, the JSON Schema for editors.
- ``on_post_build``: write ``journeymaps.json``; the PDFs (cached, over a
  process pool: :mod:`journeymaps.export`), with progress lines; fail when
  ``strict`` is set.
"""

from __future__ import annotations

import functools
import logging
import time
from html import escape
from pathlib import Path
from typing import Any, Callable, Literal, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..analyse import source_date_epoch
from ..build import Handbook, build_handbook, release_sources
from ..diagnostics import Diagnostic
from ..history import History, read_history
from ..load import SourceDoc, decode, display_path, load_bytes, load_text
from ..parse_cache import ParseCache, page_key
from ..render.catalog_json import iter_catalog_json
from ..render.environment import PACKAGE_TEMPLATES, Icons, make_environment
from ..render.pages import PageRenderer
from ..schema import SCHEMA_PATH, schema_text
from ..taxonomy import Taxonomy, load_taxonomy
from .config import JourneymapsConfig
from .navigation import regroup

log = logging.getLogger("mkdocs.plugins.journeymaps")

INDEX_PAGES = {"personas/index.md": ("personas", "Personas"), "maps/index.md": ("maps", "Maps"),
               "touchpoints/index.md": ("touchpoints", "Touchpoints"),
               "compare/index.md": ("compare", "CJM vs CEM"),
               "opportunities/index.md": ("opportunities", "Opportunities"), "health/index.md": ("health", "Map health"),
               "changes/index.md": ("changes", "Recent changes")}
RESERVED = ("journeymaps.json",)
THEME_META = ("description", "subtitle")
"""Frontmatter keys that themes print into the page's HTML without escaping (a touchpoint has a `description`)."""
CSS = "assets/journeymaps/journeymaps.css"
PRINT_CSS = "assets/journeymaps/print.css"
JS = "assets/journeymaps/journeymaps.js"


def page_meta(data: dict[str, Any]) -> dict[str, Any]:
    """An entity page's metadata for MkDocs, themes and other plugins: its frontmatter without `stages` (the
    bulk of a map, which the grid renders from the catalog). Dates stay text, as the format reads them."""
    return {key: value for key, value in data.items() if key != "stages"}


F = TypeVar("F", bound=Callable[..., Any])


def _timed(stage: str) -> Callable[[F], F]:
    """Add the time an event handler takes to the plugin's ``timings[stage]`` (the build's summary line)."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: "JourneymapsPlugin", *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

        return run  # type: ignore[return-value]

    return wrap


class JourneymapsPlugin(BasePlugin[JourneymapsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.handbook: Handbook | None = None
        self.renderer: PageRenderer | None = None
        self.taxonomy: Taxonomy | None = None
        self.root = Path.cwd()
        self.parse_count = 0  # pages parsed by the last build (serve rebuilds re-parse only changed files)
        self._parsed: dict[str, tuple[str, SourceDoc]] = {}  # src_uri -> (page key, page): kept across serve rebuilds
        self._store: ParseCache | None = None  # the same, on disk across builds
        self._generated: set[str] = set()
        self._compare: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self.timings: dict[str, float] = {}  # seconds per pipeline stage in this build
        self._history: History | None = None
        self._author_html: dict[str, str] = {}  # src_uri -> the page's own HTML while ours is added (one page at a time)
        self._full_html: dict[str, str] = {}  # src_uri -> a map page's full HTML while search reads its words
        self._search = False  # a search plugin indexes the pages
        self._page_meta: dict[str, dict[str, Any]] = {}  # src_uri -> an entity page's metadata for MkDocs (page_meta)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        config.theme.dirs.append(str(PACKAGE_TEMPLATES))
        self._search = any(name.split("/")[-1] == "search" for name in config.plugins)
        for sheet in (CSS, PRINT_CSS):
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)  # type: ignore[arg-type]
        tax_file = Path(self.config.taxonomy) if self.config.taxonomy else None
        self.taxonomy, tax_diags = load_taxonomy(tax_file, display_path(tax_file.resolve(), self.root) if tax_file else None)
        self._tax_diags = tax_diags
        return config

    @event_priority(-10)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.taxonomy is not None
        started = time.perf_counter()
        self.timings = {}
        docs_dir = Path(config.docs_dir)
        docs: list[SourceDoc] = []
        parsed = 0
        seen: set[str] = set()
        if self._store is None:
            self._store = ParseCache(self.root / self.config.cache_dir)
        store = self._store
        store.start()
        for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
            if file.generated_by == "journeymaps" or file.abs_src_path is None:
                continue
            path = display_path(Path(file.abs_src_path).resolve(), self.root)
            try:
                text = file.content_string
            except UnicodeDecodeError:  # not UTF-8: MkDocs would stop with a traceback; show it with U+FFFD instead
                data, source = file.content_bytes, file.abs_src_path
                docs.append(load_bytes(data, path, file.src_uri))
                file.content_string = decode(data, path)[0]
                file.abs_src_path = source  # still the author's file (edit links, serve's watcher)
                seen.add(file.src_uri)
                continue
            key = page_key(path, file.src_uri, text)
            cached = self._parsed.get(file.src_uri)
            if cached is not None and cached[0] == key:
                store.keep(key, cached[1])
            else:
                doc = store.get(key)
                if doc is None:
                    doc = load_text(text, path, file.src_uri)
                    store.put(key, doc)
                    parsed += 1
                cached = self._parsed[file.src_uri] = (key, doc)
            seen.add(file.src_uri)
            docs.append(cached[1])
        for gone in set(self._parsed) - seen:
            del self._parsed[gone]
        self.parse_count = parsed
        problem = store.save()
        if problem:
            log.info(f"journeymaps: the page cache cannot be written ({problem}); the next build parses every page again")
        self.timings["load"] = time.perf_counter() - started
        handbook = build_handbook(docs, self.taxonomy, use_directory_urls=config.use_directory_urls,
                                  review_every=self.config.review_every)
        handbook.catalog.report.extend(self._tax_diags)
        self.timings.update(handbook.timings)
        self.handbook = handbook
        self._page_meta = {src: page_meta(doc.data) for src, doc in handbook.docs.items()
                           if doc.entity_type is not None and isinstance(doc.data, dict)}
        if self.command != "serve":  # one build, never a rebuild: what only a rebuild reuses can go now
            self._parsed, self._store = {}, None
            release_sources(handbook)
        self.renderer = PageRenderer(handbook, make_environment(self._override_dirs(config)), Icons(_icon_dirs(config)),
                                     pdf=self.pdf_enabled, pdf_handbook=self.config.pdf_handbook,
                                     history=self._read_history(docs_dir), repo_url=config.repo_url or None)
        self._compare = self.renderer.compare_pages()
        self._add_generated(files, config, handbook, docs_dir)
        for d in handbook.catalog.report.sorted():
            (log.error if d.is_error else log.warning)(str(d))
        return files

    def _override_dirs(self, config: MkDocsConfig) -> list[Path]:
        return [Path(d) for d in config.theme.dirs if Path(d).resolve() != PACKAGE_TEMPLATES.resolve()]

    def _add_generated(self, files: Files, config: MkDocsConfig, handbook: Handbook, docs_dir: Path) -> None:
        cat = handbook.catalog
        self._generated = set()
        for src, (_, title) in INDEX_PAGES.items():
            if files.get_file_from_path(src) is None:
                files.append(_generated(config, src, f"---\ntitle: {title}\n---\n"))
                self._generated.add(src)
        for tp in sorted(cat.touchpoints.values(), key=lambda t: t.id):
            if not tp.inline:
                continue
            self._claim(files, config, cat, tp.src_uri,
                        f"this file is at the URL of the generated page of inline touchpoint '{tp.id}' "
                        f"(declared in {tp.path}); rename the file or give the touchpoint another id")
        for src in self._compare:
            self._claim(files, config, cat, src,
                        f"this file is at the URL of a generated comparison page ({self._compare[src][2]}); rename or move it")
        reserved_paths = [*(RESERVED if self.config.json else ()), *((SCHEMA_PATH,) if self.config.schema else ())]
        for reserved in reserved_paths:
            existing = files.get_file_from_path(reserved)
            if existing is not None:
                cat.report.add(Diagnostic(display_path(Path(existing.abs_src_path or reserved).resolve(), self.root), None, "",
                                          f"'{reserved}' is generated by journeymaps; rename or remove this file"))
                files.remove(existing)
        if self.config.schema:  # the editor schema, published with the site (a static file, also under `serve`)
            files.append(_generated(config, SCHEMA_PATH, schema_text()))

    def _claim(self, files: Files, config: MkDocsConfig, cat: Any, src: str, conflict: str) -> None:
        """Add the generated page at ``src``, or, when an author's file is already there, report ``conflict``
        on that file and leave it alone (nothing the author wrote is overwritten)."""
        existing = files.get_file_from_path(src)
        if existing is not None:
            cat.report.add(Diagnostic(display_path(Path(existing.abs_src_path or src).resolve(), self.root), None, "", conflict))
            return
        files.append(_generated(config, src, ""))
        self._generated.add(src)

    @_timed("render")
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.handbook is None:
            return nav
        cat = self.handbook.catalog
        groups = []
        for src, (kind, title) in INDEX_PAGES.items():
            index = files.get_file_from_path(src)
            if kind == "personas":
                members = [v.doc.src_uri for v in cat.personas.values()]
            elif kind == "maps":
                members = [v.doc.src_uri for v in cat.maps.values()]
            elif kind == "touchpoints":
                members = [t.src_uri for t in cat.touchpoints.values()]
            elif kind == "compare":
                members = sorted(s for s in self._compare if s in self._generated)
            else:
                members = []
            pages = [f.page for f in (files.get_file_from_path(s) for s in members) if f is not None and f.page is not None]
            groups.append((title, index.page if index is not None else None, pages))
        return regroup(nav, groups, self.config.nav_threshold, self._title_of)

    def _title_of(self, page: Page) -> str:
        return self._entity_title(page.file.src_uri) or str(page.title or "")

    def _entity_title(self, src_uri: str) -> str | None:
        if self.handbook is None:
            return None
        cat = self.handbook.catalog
        v = cat.by_src.get(src_uri)
        if v is not None:
            return v.title
        tp = cat.touchpoint_at(src_uri)
        return tp.name if tp else None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """An entity page was read and parsed in on_files: MkDocs gets its body alone instead of parsing the
        frontmatter a second time (at 1,000 maps, ~1.7 s and ~25 MB of stages kept in page.meta all build).
        on_page_markdown gives the page its metadata from the first parse. Other pages: MkDocs reads them."""
        if page.file.src_uri not in self._page_meta or self.handbook is None:
            return None
        doc = self.handbook.docs.get(page.file.src_uri)
        # a blank first line: MkDocs reads no metadata from the body (not even MultiMarkdown `Key: value` lines)
        return None if doc is None else "\n" + doc.body

    # Priority 100: first, so that other plugins' page_markdown (tags, blog, ...) see the page's metadata.
    @event_priority(100)
    @_timed("render")
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.handbook is not None
        meta = self._page_meta.get(page.file.src_uri) if self.command == "serve" else self._page_meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = {**meta, **page.meta}
        title = self._entity_title(page.file.src_uri)
        if title is not None:
            # MkDocs themes print the title (and material the description) unescaped: escape what the author wrote.
            page.meta["title"] = escape(title)
            for key in THEME_META:
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = escape(page.meta[key])
            if page.file.src_uri in self.handbook.catalog.by_src and self.handbook.catalog.by_src[page.file.src_uri].kind in ("cjm", "cem"):
                # the journey grid needs the width: material hides the sidebars (an author's `hide:` wins)
                page.meta.setdefault("hide", ["navigation", "toc"])
        elif page.file.src_uri in self._compare and page.file.src_uri in self._generated:
            page.meta["title"] = escape(self._compare[page.file.src_uri][2])
            page.meta.setdefault("hide", ["navigation", "toc"])
            # a comparison repeats its maps' text: search finds the maps themselves (and indexes half the HTML)
            page.meta.setdefault("search", {"exclude": True})
        elif page.file.src_uri in INDEX_PAGES and "title" not in page.meta:
            page.meta["title"] = INDEX_PAGES[page.file.src_uri][1]
        if page.file.src_uri in ("compare/index.md", "opportunities/index.md", "health/index.md"):
            page.meta.setdefault("hide", ["toc"])  # wide tables
        return markdown

    # Priority 50: before other plugins' page_context (material's search indexes page.content there). The fragments
    # are added here, not in on_page_content, because MkDocs keeps every page's content from the first page read
    # to the last page written: added late and dropped again in on_post_page, only one page's map HTML is alive
    # at a time (at 1,000 maps, ~150 MB less peak memory). With a search plugin, a map page holds the words of
    # its grid without the grid's markup until search has read it (PageRenderer.search_text: its HTML parser
    # costs about half a build otherwise); priority -100, after every other plugin, puts the grid in.
    @_timed("render")
    def _add_fragments(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.renderer is None or page.content is None:
            return context
        html = page.content
        src = page.file.src_uri
        if src in INDEX_PAGES:
            full = html + self.renderer.index(INDEX_PAGES[src][0], page.url)
        elif src in self._compare and src in self._generated:
            kind, args, _ = self._compare[src]
            full = html + self.renderer.compare_page(kind, args, page.url)
        else:
            before, after = self.renderer.entity(src, page.url)
            full = before + html + after if (before or after) else html
        if full is not html:
            self._author_html[src] = html
            search_text = self.renderer.search_text(src) if self._search else None
            if search_text is not None:
                self._full_html[src] = full
                full = search_text[0] + html + search_text[1]
            page.content = full
        return context

    def _show_grid(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        full = self._full_html.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(event_priority(50)(_add_fragments), event_priority(-100)(_show_grid))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page is written: give MkDocs back the author's own HTML, so ours can be freed."""
        html = self._author_html.pop(page.file.src_uri, None)
        if html is not None:
            page.content = html
        return output

    def _read_history(self, docs_dir: Path) -> History:
        """One `git log` per build; under `mkdocs serve` once, then kept (restart serve to see new commits)."""
        if self._history is None or self.command != "serve":
            self._history = read_history(docs_dir)
            if not self._history.available:
                log.info(f"journeymaps: no git history on pages ({self._history.reason})")
        return self._history

    @property
    def pdf_enabled(self) -> bool:
        return self.config.pdf and (self.command != "serve" or self.config.pdf_on_serve)

    # Priority 50: before material's search plugin writes its index (the largest allocation of a build), so
    # that a one-shot build can free the catalog first (peak memory).
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.handbook is None:
            return
        try:
            self._post_build(config)
        finally:
            if self.command != "serve":  # the catalog is not needed again; `serve` keeps it for the next rebuild
                self.handbook = self.renderer = None
                self._compare, self._author_html, self._full_html, self._page_meta = {}, {}, {}, {}

    def _post_build(self, config: MkDocsConfig) -> None:
        assert self.handbook is not None
        if self.config.json:
            out = Path(config.site_dir) / "journeymaps.json"
            with out.open("w", encoding="utf-8") as fh:
                fh.writelines(iter_catalog_json(self.handbook))
        errors = len(self.handbook.catalog.report.errors)
        tm = self.timings
        own = sum(tm.get(k, 0.0) for k in ("load", "validate", "resolve", "analyse", "render"))
        log.info(f"journeymaps: {len(self.handbook.docs)} pages; plugin time {own:.2f} s (load {tm.get('load', 0):.2f}, "
                 f"validate {tm.get('validate', 0):.2f}, resolve {tm.get('resolve', 0):.2f}, analyse {tm.get('analyse', 0):.2f}, "
                 f"render {tm.get('render', 0):.2f}); {self.parse_count} parsed")
        if self.pdf_enabled:
            errors += self._export_pdfs(config)
        if self.config.strict and errors:
            raise PluginError(f"journeymaps: {errors} error(s) in the handbook (see above)")

    def _export_pdfs(self, config: MkDocsConfig) -> int:
        """Write the PDFs; the number of PDFs that failed (each is logged with its reason)."""
        assert self.renderer is not None
        try:
            from ..export import PrintDocuments, PrintSettings, export_pdfs
        except ImportError as exc:
            log.error(f"journeymaps: PDF export needs WeasyPrint and pypdf (pip install 'journeymaps[pdf]'): {exc}; "
                      "or set `pdf: false`")
            return 1
        settings = PrintSettings(
            site_name=config.site_name, site_url=config.site_url or None, page_size=self.config.pdf_page_size,
            orientation=self.config.pdf_orientation, commits=self._history.last_commits() if self._history else {},
            source_date_epoch=source_date_epoch())
        report = export_pdfs(PrintDocuments(self.renderer, settings), self.renderer.env, Path(config.site_dir),
                             self.root / self.config.cache_dir, workers=self.config.pdf_workers,
                             handbook=self.config.pdf_handbook, extra_css=[Path(p) for p in self.config.pdf_css],
                             progress=lambda line: log.info(f"journeymaps: {line}"))
        for job, reason in report.failures:
            log.error(f"journeymaps: {job.out}: the PDF of {job.kind} '{job.ident}' failed: {reason}")
        log.info(f"journeymaps: {report.summary()}")
        return len(report.failures)


def _generated(config: MkDocsConfig, src_uri: str, content: str) -> File:
    file = File.generated(config, src_uri, content=content)
    file.generated_by = "journeymaps"
    return file


def _icon_dirs(config: MkDocsConfig) -> list[Path]:
    """Where material's icons are: ``.icons`` in each theme dir (custom_dir first)."""
    return [Path(d) / ".icons" for d in config.theme.dirs if (Path(d) / ".icons").is_dir()]
