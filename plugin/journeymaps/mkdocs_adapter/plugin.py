"""The journeymaps MkDocs plugin: a thin adapter around the core pipeline.

Event order (MkDocs 1.6), and what each does here:

- ``on_startup``: remember whether this is ``serve`` (PDFs off by default there); the plugin instance lives across
  serve rebuilds, so its pipeline (and its parse cache) does too.
- ``on_config`` (priority -10: after theme plugins set up their dirs, after mike's): the build's settings, made
  once; a published site's ``site_url`` and cache folder (:mod:`.publishing`); the package templates appended to
  ``theme.dirs`` (a site's ``custom_dir`` wins); the stylesheets and script.
- ``on_files``: a short sequence of named steps, see there.
- ``on_nav``: group entity and generated pages as the registry says.
- ``on_page_read_source`` / ``on_page_markdown``: an entity page's body and
  metadata from our parse; titles and page settings from the registry.
- ``on_env``: a one-shot build without PDFs renders its pages ahead, frees the catalog (:mod:`.ahead`).
- ``on_page_context`` (priority 50, before search) / ``on_post_page``: the
  rendered fragments around the author's own body, added just before the
  page is written and dropped just after (memory: one page at a time).
- ``on_post_build``: ``journeymaps.json``; the PDFs (cached, over a process
  pool: :mod:`journeymaps.export`), with progress lines; fail when ``strict``;
  after the search plugin (priority -50), a one-shot build's search entries.
- ``on_serve``: rebuilds render only the pages whose sources changed (:mod:`.incremental`; ``incremental:
  false`` turns it off), and Python's full garbage collections wait for the pauses between them (:mod:`.idle_gc`).

With ``enabled: false`` every event returns at once: the site builds as if the plugin were not there.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeymaps import i18n
from journeymaps.catalog.generated import HOME, GeneratedPage
from journeymaps.export.pdf import pdf_support
from journeymaps.handbook import Handbook
from journeymaps.mkdocs_adapter.ahead import Ahead, Counts, PageParts, page_parts, render_ahead
from journeymaps.mkdocs_adapter.config import JourneymapsConfig, add_assets, icon_dirs, settings_of, site_language
from journeymaps.mkdocs_adapter.files import (
    add_generated,
    core_src,
    drop_unreadable,
    entity_titles,
    language_prefix,
    localize_history,
    mark_languages,
    mkdocs_pages,
    page_meta,
    unprefixed,
)
from journeymaps.mkdocs_adapter.meta import page_settings, theme_meta
from journeymaps.mkdocs_adapter.navigation import regroup
from journeymaps.mkdocs_adapter.output import export_pdfs, give_back_memory, pdf_outputs, write_catalog
from journeymaps.mkdocs_adapter.publishing import as_published
from journeymaps.mkdocs_adapter.search_index import SearchReads, around_text, search_plugin, search_reads
from journeymaps.mkdocs_adapter.serve_events import ServeEvents
from journeymaps.mkdocs_adapter.speaking import speaking
from journeymaps.mkdocs_adapter.timing import Timings
from journeymaps.pipeline import Pipeline, release_sources
from journeymaps.render.catalog_json import iter_catalog_json
from journeymaps.render.environment import PACKAGE_TEMPLATES, Icons, make_environment
from journeymaps.render.pages import PageRenderer
from journeymaps.settings import Settings

log = logging.getLogger("mkdocs.plugins.journeymaps")


class NotConfigured(RuntimeError):
    """State of the plugin used before the event that makes it."""


class JourneymapsPlugin(ServeEvents, BasePlugin[JourneymapsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.timings = Timings()
        self._pdf = False  # PDFs are made by this build (see _wants_pdf)
        self._told_no_pdf = False
        self._settings: Settings | None = None
        self._speech: i18n.Speech | None = None
        self._pipeline: Pipeline | None = None
        self._handbook: Handbook | None = None
        self._renderer: PageRenderer | None = None
        self._live: dict[str, GeneratedPage] = {}  # src_uri -> a generated page this build renders (see add_generated)
        self._author_html: dict[str, str] = {}  # src_uri -> the page's own HTML while ours is added (one at a time)
        self._full_html: dict[str, str] = {}  # src_uri -> a map page's full HTML while search reads its words
        self._search = False  # a search plugin indexes the pages
        self._page_meta: dict[str, dict[str, Any]] = {}  # src_uri -> an entity page's metadata for MkDocs
        self._titles: dict[str, tuple[str | None, bool]] = {}  # src_uri -> (an entity page's title, a map's?)
        self._ahead: Ahead | None = None  # a one-shot build's pages, rendered before its page loop (on_env)
        self._prefix = ""  # the folder of this language's build (mkdocs-static-i18n), see files.language_prefix

    # -- state, guarded ------------------------------------------------------
    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise NotConfigured("journeymaps: settings are made in on_config")
        return self._settings

    @property
    def handbook(self) -> Handbook:
        if self._handbook is None:
            raise NotConfigured("journeymaps: the handbook is built in on_files")
        return self._handbook

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            raise NotConfigured("journeymaps: the renderer is made in on_files")
        return self._renderer

    @property
    def active(self) -> bool:
        """The plugin is enabled and has built a handbook for this build."""
        return self.config.enabled and (self._handbook is not None or self._ahead is not None)

    @property
    def parse_count(self) -> int:
        """Pages parsed by the last build (serve rebuilds re-parse only changed files)."""
        return self._handbook.parsed if self._handbook is not None else 0

    @property
    def pdf_enabled(self) -> bool:
        return self._pdf and (self.command != "serve" or self.config.pdf_on_serve)

    def _wants_pdf(self, asked: bool | None) -> bool:
        if asked is False:
            return False
        missing = pdf_support()
        if missing is None:
            return True
        if asked:
            raise PluginError(f"journeymaps: `pdf: true` needs WeasyPrint and pypdf: {missing}; or set `pdf: false`")
        if not self._told_no_pdf:  # once, not on every serve rebuild
            log.info(f"journeymaps: no PDFs: {missing}")
            self._told_no_pdf = True
        return False

    # -- events ----------------------------------------------------------------
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    # Priority -10: after theme plugins (material's) have set up theme.dirs, so ours come last.
    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.rebuild_started()  # serve: no idle collection while a rebuild runs (serve_events)
        if not self.config.enabled:
            return config
        settings = self._settings = settings_of(config, self.config)
        as_published(config, settings.cache_dir)  # mike's version URL a folder again; the cache out of git
        self._speech = settings.speech()  # theme.language and the site's `strings`: each rendering event speaks it
        # PDFs: `pdf: true` needs WeasyPrint (one clear line when it is missing); unset, they are made when it is there.
        self._pdf = self._wants_pdf(settings.options.pdf)
        # serve keeps its pipeline until mkdocs.yml changes; a one-shot build (which releases what serve keeps) has
        # its own, even in a process whose plugin instance served before (MkDocs keeps one per process)
        keep = self.command == "serve"
        if self._pipeline is None or self._pipeline.settings != settings or self._pipeline.keep != keep:
            self._pipeline = Pipeline(settings, cache=True, keep=keep)
        config.theme.dirs.append(str(PACKAGE_TEMPLATES))
        self._search = search_plugin(config) is not None
        add_assets(config)  # the plugin's CSS and JS; offline by default: material's Roboto served from the site
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """mkdocs-static-i18n sets each language's ``theme.language`` in its on_config, after ours: speak that."""
        if self._settings is not None and site_language(config) != self._settings.language:
            self._settings = replace(self._settings, language=site_language(config))
            self._speech = self._settings.speech()

    # Priority -110: after other plugins added or removed files (mkdocs-static-i18n keeps one language's at -100),
    # so the handbook is made of what MkDocs publishes.
    @event_priority(-110)
    @speaking
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self._pipeline is None:
            self.incremental.fresh()  # turned off while serving: the site without it, from an empty folder
            return files
        self.timings.reset()
        # Files nobody can read (a dangling link, a fifo) leave the site first: MkDocs would fail or hang on them.
        unreadable = drop_unreadable(files, self.settings)
        # Read every Markdown page MkDocs found; the pipeline parses only what changed since it last saw it.
        self._prefix = language_prefix(files, config.use_directory_urls)
        handbook = self._handbook = self._pipeline.build(mkdocs_pages(files, self.settings))
        handbook.report.extend(unreadable)
        self.timings.add(handbook.timings)
        if self._pipeline.loader.cache_problem:
            log.info(
                f"journeymaps: the page cache cannot be written ({self._pipeline.loader.cache_problem}); "
                "the next build parses every page again"
            )
        # Entity pages get their metadata from our parse: MkDocs does not parse their frontmatter again. What the
        # theme prints from it is escaped or checked here (mkdocs_adapter.meta), before the diagnostics are logged.
        statuses = config.extra.get("status") if config.extra else None  # a site's own statuses
        self._page_meta = theme_meta(page_meta(handbook), handbook, self._override_dirs(config), statuses)
        self._titles = entity_titles(handbook)
        # A one-shot build never rebuilds: the raw YAML of pages that validated is not needed again (memory).
        if self.command != "serve":
            release_sources(handbook)
        # The renderer of this build: templates (a site's custom_dir first), icons, history, link policy.
        with self.timings("render"):
            self._renderer = PageRenderer(
                handbook,
                make_environment(self._override_dirs(config)),
                Icons(icon_dirs(config)),
                pdf=self.pdf_enabled,
                pdf_handbook=self.config.pdf_handbook,
                history=localize_history(self._read_history(), files),
                repo_url=self.settings.repo_url,
                site_name=self.settings.site_name,
            )
        # The generated pages of the registry; an author's file at one of their URLs is reported, never replaced.
        pdfs = pdf_outputs(handbook.catalog, self.config.pdf_handbook) if self.pdf_enabled else []
        self._live = add_generated(files, config, self.renderer.registry, handbook, self.settings, pdfs, self._prefix)
        mark_languages(files, config)
        # Every diagnostic, once, sorted: errors as errors (mkdocs --strict counts warnings too).
        for d in handbook.report.sorted():
            (log.error if d.is_error else log.warning)(str(d))
        return files

    def _override_dirs(self, config: MkDocsConfig) -> list[Path]:
        return [Path(d) for d in config.theme.dirs if Path(d).resolve() != PACKAGE_TEMPLATES.resolve()]

    @speaking
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.active:
            return nav
        with self.timings("render"):
            groups, by_src = [], {core_src(f): f for f in files.documentation_pages()}
            for title, index_src, members in self.renderer.registry.nav_groups(self.handbook.catalog, self._live):
                index = by_src.get(index_src)
                pages = [f.page for f in (by_src.get(s) for s in members) if f is not None and f.page is not None]
                groups.append((title, index.page if index is not None else None, pages))
            home = by_src[HOME.src_uri].page if HOME.src_uri in self._live else None  # the generated home page
            return self.serve_keys(regroup(nav, groups, self.config.nav_threshold, self._title_of, home), files, config)

    def _title_of(self, page: Page) -> str:
        return self._entity_title(core_src(page.file)) or str(page.title or "")

    def nav_title(self, page: Page) -> str | None:
        """A page's title in a written navigation (`generate`): ours as HTML (themes print it), else MkDocs'."""
        ours = self._entity_title(core_src(page.file)) or getattr(self._live.get(core_src(page.file)), "title", None)
        return str(escape(ours)) if ours else page.title

    def _entity_title(self, src_uri: str) -> str | None:
        return self._titles.get(src_uri, (None, False))[0]

    @event_priority(-100)  # after other plugins' on_env: the last event before MkDocs reads the pages
    @speaking
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """A one-shot build without PDFs needs the catalog for nothing its pages do not get here: each page's
        parts, entity pages' bodies and ``journeymaps.json`` go to a spool, and the catalog is freed (memory)."""
        if not self.active or self.command == "serve" or self.pdf_enabled or self._ahead is not None:
            return env
        with self.timings("render"):
            pages = [(core_src(f), f.page.url) for f in files.documentation_pages() if f.page is not None]
            ahead = render_ahead(self.handbook, pages, self._parts, self._page_meta, json=self.config.json)
        self._ahead, self._handbook, self._renderer = ahead, None, None
        give_back_memory()
        return env

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """An entity page, parsed in on_files: MkDocs gets its body alone, not the frontmatter again (1,000 maps:
        ~1.7 s, ~25 MB of stages in page.meta), after a blank line (so that it reads no metadata there, not even
        MultiMarkdown `Key: value` lines); on_page_markdown gives it its metadata. Others: MkDocs reads them."""
        src = core_src(page.file)
        if not self.active or src not in self._page_meta:
            return None
        body = self._ahead.take_body(src) if self._ahead is not None else self.handbook.docs[src].body
        return None if body is None else "\n" + body

    # Priority 100: first, so that other plugins' page_markdown (tags, blog, ...) see the page's metadata.
    @event_priority(100)
    @speaking
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.active:
            return markdown
        with self.timings("render"):
            self._page_settings(page)
        return markdown

    def _page_settings(self, page: Page) -> None:
        src = core_src(page.file)
        meta = self._page_meta.get(src) if self.command == "serve" else self._page_meta.pop(src, None)
        page.meta = page_settings(page.meta, meta, self._titles.get(src), self._live.get(src))

    # Priority 50: before other plugins' page_context (material's search indexes page.content there). The fragments
    # are added here, not in on_page_content, because MkDocs keeps every page's content from the first page read
    # to the last page written: added late and dropped again in on_post_page, only one page's map HTML is alive
    # at a time (at 1,000 maps, ~150 MB less peak memory). With a search plugin, a map page holds the words of
    # its grid without the grid's markup until search has read it (render.search: its HTML parser costs about
    # half a build otherwise); priority -100, after every other plugin, puts the grid in.
    @speaking
    def _add_fragments(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if not self.active or page.content is None:
            return context
        with self.timings("render"):
            self._fragments(page)
        self.incremental.before_search(page)
        return context

    def around(self, src: str, page_url: str) -> tuple[str, str]:
        """(HTML before, HTML after) the author's own content of the page at ``src``: what this plugin adds to it
        (empty strings: nothing). The build puts them around the page's HTML, ``journeymaps generate`` around its
        Markdown (:mod:`.generate`)."""
        generated = self._live.get(src)
        if generated is not None and self._entity_title(src) is None:
            return "", self.renderer.generated(generated, page_url)
        # an entity page; at a section index's URL (an error on the page) it keeps its page, the list below
        before, after = self.renderer.entity(src, page_url)
        if generated is not None:
            after += self.renderer.generated(generated, page_url)
        return before, after

    def _parts(self, src: str, url: str) -> PageParts:
        """The parts of the page at ``src`` whose URL is ``url`` (MkDocs': in this language's folder)."""
        return page_parts(self.around, self._reads if self._search else None, src, unprefixed(url, self._prefix))

    def _reads(self, src: str, before: str) -> SearchReads:
        return search_reads(self.renderer, src, self._live.get(src), self._entity_title(src) is not None, before)

    def _fragments(self, page: Page) -> None:
        assert page.content is not None
        html = page.content
        src = core_src(page.file)
        parts = self._ahead.take_page(src) if self._ahead is not None else self._parts(src, page.url)
        if parts is None or not (parts.before or parts.after):
            return
        self._author_html[src] = html
        full = parts.before + html + parts.after
        search_text = around_text(parts.search, html)
        if search_text is not None:
            self._full_html[src] = full
            full = search_text[0] + html + search_text[1]
        page.content = full

    def _show_grid(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        full = self._full_html.pop(core_src(page.file), None)
        if full is not None:
            page.content = full
        self.incremental.after_search(page)
        return context

    on_page_context = CombinedEvent(event_priority(50)(_add_fragments), event_priority(-100)(_show_grid))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page is written: give MkDocs back the author's own HTML, so ours can be freed."""
        html = self._author_html.pop(core_src(page.file), None)
        if html is not None:
            page.content = html
        return output

    # Priority 50: before material's search plugin writes its index (the largest allocation of a build), so
    # that a one-shot build can free the catalog first, and write the index's entries after it (peak memory).
    @speaking
    def _build_done(self, *, config: MkDocsConfig) -> None:
        if not self.active:
            return
        try:
            self.incremental.finish(config)
            self._post_build(Path(config.site_dir) / self._prefix)
        finally:
            if self.command != "serve":  # the catalog is not needed again; `serve` keeps it for the next rebuild
                if self._ahead is not None:
                    self._ahead.take_search(config)
                self._handbook = self._renderer = None
                self._author_html, self._full_html, self._page_meta = {}, {}, {}
                give_back_memory()
            self.rebuild_ended()

    def _after_search(self, *, config: MkDocsConfig) -> None:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.finish(Path(config.site_dir))

    # -50: after search wrote its index (0); before what reads it or builds again (offline, static-i18n: -100)
    on_post_build = CombinedEvent(event_priority(50)(_build_done), event_priority(-50)(_after_search))

    def _post_build(self, site_dir: Path) -> None:
        ahead = self._ahead  # None: the catalog is here (serve, PDFs)
        counts = ahead.counts if ahead is not None else Counts.of(self.handbook)
        if self.config.json:
            lines = ahead.catalog() if ahead else iter_catalog_json(self.handbook, self.catalog_lines())
            write_catalog(site_dir, lines)
        said = f"{counts.parsed} parsed{self.incremental.summary()}"
        log.info(f"journeymaps: {counts.pages} pages; {self.timings.summary()}; {said}")
        errors = counts.errors
        if self.pdf_enabled:
            errors += export_pdfs(self.renderer, self.settings, site_dir, self.renderer.history, log)
        if self.config.strict and errors:
            raise PluginError(f"journeymaps: {errors} error(s) in the handbook (see above)")
