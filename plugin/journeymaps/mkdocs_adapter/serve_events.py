"""The plugin's events and steps that are about ``mkdocs serve`` alone (a mixin of the plugin): see
:mod:`journeymaps.mkdocs_adapter.incremental`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from journeymaps.history.log import History, head_of, read_history
from journeymaps.mkdocs_adapter.idle_gc import IdleCollector
from journeymaps.mkdocs_adapter.incremental import Incremental, nav_identity
from journeymaps.settings import Settings

__all__ = ["ServeEvents"]

log = logging.getLogger("mkdocs.plugins.journeymaps")


class ServeEvents:
    """The plugin's events that are about serve alone (a mixin of the plugin, which has these attributes)."""

    command: str
    config: Any
    _settings: Settings | None
    _incremental: Incremental | None = None
    _json_lines: dict[tuple[str, str], tuple[str, str]] | None = None
    _idle: IdleCollector | None = None
    _history: History | None = None
    _history_of: Path | None = None  # the docs folder _history was read from
    _history_head = ""  # the commit it was read at

    @property
    def incremental(self) -> Incremental:
        """Which pages a serve rebuild renders again, and what it keeps of the others (lives as long as the plugin)."""
        if self._incremental is None:
            self._incremental = Incremental()
        return self._incremental

    @property
    def idle(self) -> IdleCollector | None:
        """Under serve, Python's full garbage collections between rebuilds (:mod:`.idle_gc`); None otherwise."""
        if self.command != "serve":
            return None
        if self._idle is None:
            self._idle = IdleCollector()
        return self._idle

    def _read_history(self) -> History:
        """One `git log` per build; under `mkdocs serve` once per docs folder and commit (MkDocs keeps one plugin
        instance per process, which may serve another site): a rebuild after a commit reads it again."""
        me: Any = self  # the plugin: its settings
        docs_dir = me.settings.docs_dir
        head = head_of(docs_dir) if self.command == "serve" else ""
        if (
            self._history is None
            or self.command != "serve"
            or (self._history_of, self._history_head) != (docs_dir, head)
        ):
            self._history, self._history_of, self._history_head = read_history(docs_dir), docs_dir, head
            if not self._history.available:
                log.info(f"journeymaps: no git history on pages ({self._history.reason})")
        return self._history

    def rebuild_started(self) -> None:
        if self.idle is not None:
            self.idle.build_started()

    def rebuild_ended(self) -> None:
        if self.idle is not None:
            self.idle.build_ended()

    def serve_keys(self, nav: Navigation, files: Files, config: MkDocsConfig) -> Navigation:
        """``on_nav``, once the navigation is final: every page's key, and which pages this rebuild renders."""
        me: Any = self  # the plugin: its handbook, renderer, settings, live pages and page metadata
        serving, inc = self.command == "serve", self.incremental
        inc.compiled(me.renderer.env, serving, "ours")
        wanted = serving and self.config.incremental
        history = me.renderer.history
        named = [c.path for e in history.commits for c in e.files] if history is not None and history.available else []
        inc.plan(
            wanted, files, config, me.handbook, me.renderer.registry, me._live, me.settings, named, self._history_head
        )
        inc.navigation(nav, files, nav_identity(me.handbook, me._live, me._page_meta))
        return nav

    def catalog_lines(self) -> Callable[[str, str, Callable[[], str]], str] | None:
        """Under serve, after a build that kept page keys: a line of ``journeymaps.json`` (one entity) is reused
        from the last rebuild when the entity's page has the same key under the same site-wide key (the page shows
        everything the line says: the dependency graph, :mod:`journeymaps.catalog.dependencies`), made otherwise."""
        me: Any = self
        inc, cat = self.incremental, me.handbook.catalog
        if self.command != "serve" or inc.last is None:
            self._json_lines = None
            return None
        before = self._json_lines or {}
        now: dict[tuple[str, str], tuple[str, str]] = {}
        self._json_lines = now

        def line(section: str, ident: str, make: Callable[[], str]) -> str:
            tp = section == "touchpoints"
            key = inc.key_of(cat.touchpoints[ident].src_uri if tp else getattr(cat, section)[ident].doc.src_uri)
            if key is None:
                return make()
            found = before.get((section, ident))
            now[(section, ident)] = found if found is not None and found[0] == key else (key, make())
            return now[(section, ident)][1]

        return line

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The theme's templates compiled once per serve session."""
        return self.incremental.compiled(env, self.config.enabled and self.command == "serve", "theme")

    def on_build_error(self, *, error: Exception) -> None:
        """A build that failed, strict mode's abort after the pages were written too: the next renders every page."""
        self.incremental.forget()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuilds: MkDocs' dirty builds, with is_modified made exact (see the module's docstring)."""
        self.incremental.serve(builder)
        self.rebuild_ended()  # the first build: its collection, before the first edit
        # the files the build reads outside the docs folder and mkdocs.yml (which MkDocs watches itself)
        settings = self._settings
        if self.config.enabled and settings is not None:
            for path in (settings.taxonomy_file, *settings.pdf_css):
                if path is not None and path.exists():
                    server.watch(str(path))
        return server

    def on_shutdown(self) -> None:
        if self._idle is not None:
            self._idle.close()
