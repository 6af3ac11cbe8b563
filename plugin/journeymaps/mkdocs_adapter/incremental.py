"""Incremental ``mkdocs serve`` rebuilds: only the pages whose inputs changed are rendered again, exactly.

The mechanism is MkDocs' own dirty build (``mkdocs serve --dirty``; the plugin makes it the default of ``mkdocs
serve``, see :func:`make_serve_dirty`), with ``File.is_modified()`` made exact. MkDocs by itself calls a page
modified when its file is newer than its output; it neither knows that a map page shows its persona's name nor
keeps navigation, titles or the search index right for the pages it skips. Here, on every build:

1. ``on_nav`` (:meth:`Incremental.plan`): each page gets a *key*, a digest of everything its HTML is made from: its
   file as MkDocs reads it, the messages on it, the states of the entities its fragments read (the dependency
   graph, :mod:`journeymaps.catalog.dependencies`) and its neighbours (``<link rel="prev">``, the footer). A
   site-wide key covers what every page shows: the mkdocs.yml and the taxonomy files, the theme and override
   folders (every file's size and time), the versions of MkDocs, the theme and journeymaps, the plugin's settings,
   the review date, and the navigation as the theme draws it (every item's title, URL and, for entity pages,
   metadata; the text of the author's own pages in it).
2. then (:meth:`Incremental.navigation`): a page is *unmodified* when the last build gave it the same key under the
   same site-wide key and no file it may link to was added or removed (a page whose text names the file). Only
   unmodified pages are skipped; they get back what other pages read of them (title, metadata) from the last build.
3. after the search plugin read a page: the page's title, metadata and search entries are kept for the next build
   (a rendered page that search would read exactly as last time keeps its entries, unread: its HTML parser is the
   costliest step of a rebuild).
4. ``on_post_build``, before the search plugin writes its index: the index is put together in a full build's
   order, new entries for rendered pages and kept ones for the others; outputs of files that are gone are removed.

What the plugin cannot bound makes every page render again: a different site-wide key, a plugin it does not know
(anything but search and journeymaps), a Markdown extension that includes other files (snippets), the first build,
a build that failed. So the output of each rebuild is, byte for byte, what a full build of the same sources writes
(``tests/test_incremental.py`` checks it for every kind of edit). ``incremental: false`` turns it off.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from journeymaps.catalog.dependencies import dependencies, digest, doc_digest
from journeymaps.catalog.generated import GeneratedPage, Registry
from journeymaps.handbook import Handbook
from journeymaps.mkdocs_adapter.compiled import CompiledTemplates
from journeymaps.mkdocs_adapter.page_log import PageLog, Said
from journeymaps.mkdocs_adapter.search_index import (
    entries_of,
    search_index,
    search_plugin,
    search_plugin_forget,
    set_entries,
)
from journeymaps.mkdocs_adapter.site_key import bounded, settings_key, theme_stamp
from journeymaps.settings import Settings

__all__ = ["Incremental", "make_serve_dirty", "nav_identity"]

log = logging.getLogger("mkdocs.plugins.journeymaps")

DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class PageState:
    key: str
    title: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    entries: list[Any] = field(default_factory=list)
    searched: str = ""  # what the search plugin read of the page (its entries are kept while it reads the same)
    said: Said | None = None  # what the build said of it (page_log: a kept page says it again)


@dataclass
class BuildState:
    site: str = ""
    pages: dict[str, PageState] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # other files: (inode, size, time)


class Incremental:
    """One site's incremental state, kept by the plugin across ``serve`` rebuilds."""

    def __init__(self) -> None:
        self.enabled = False
        self.dirty = False  # serve's rebuilds were made dirty: MkDocs no longer empties the site folder
        self.last: BuildState | None = None  # the last build that finished
        self.now = BuildState()
        self.rendered: list[str] = []  # src_uri of the pages rendered by this build, in order
        self.skipped = 0
        self.search_kept = 0  # rendered pages whose search entries were kept (the search plugin read the same)
        self._reused: dict[str, MutableMapping[str, Any]] = {}
        self._files: Files | None = None
        self._previous: BuildState | None = None
        self._search: Any = None
        self._before: dict[str, int] = {}
        self._site_parts: list[str] = []
        self._texts: dict[str, str] = {}
        self._compiled: dict[str, CompiledTemplates] = {}
        self._site_dir = ""
        self._searching = ""  # the search plugin's settings: its entries of a page are kept while they are the same
        self.said = PageLog()

    def compiled(self, env: Environment, wanted: bool, kind: str) -> Environment:
        """Under serve, ``env`` compiles each template once for the whole session (one cache per ``kind`` of
        environment, the theme's or the plugin's: a template compiles differently with other settings)."""
        if wanted:
            env.bytecode_cache = self._compiled.setdefault(kind, CompiledTemplates())
        return env

    # -- on_files --------------------------------------------------------------------------------
    def plan(
        self,
        enabled: bool,
        files: Files,
        config: MkDocsConfig,
        handbook: Handbook,
        registry: Registry,
        live: dict[str, GeneratedPage],
        settings: Settings,
        history_paths: Iterable[str] = (),
        history_head: str = "",
    ) -> None:
        """Every page's key for this build (the site-wide key is finished in :meth:`navigation`). ``history_paths``:
        the files the git history names (the changes index shows their titles); ``history_head``: its commit."""
        last = self.last
        self.last = None  # until this build finishes: a failed build leaves nothing to reuse
        self.now, self.rendered, self.skipped, self._before = BuildState(), [], 0, {}
        self.search_kept, self._reused = 0, {}
        self.enabled = enabled and bounded(config)
        self._files, self._search = files, search_index(config)
        self._previous = last if self.enabled else None
        self._site_dir = config.site_dir
        if not self.enabled:
            self.said.stop()
            self.fresh()  # every page renders (incremental: false now, or a plugin it does not know)
            return
        self.said.start(config)
        search = search_plugin(config)
        self._searching = repr(dict(search.config)) if search is not None else ""
        self._site_parts = [
            settings_key(config, settings, handbook),
            history_head,  # a new commit: the history boxes and the changes index
            *(theme_stamp(Path(d)) for d in config.theme.dirs),
        ]
        self._texts = {}
        deps = dependencies(handbook.catalog, registry, history_paths)
        for file in files.documentation_pages():
            src = file.src_uri
            doc = handbook.docs.get(src)
            if doc is not None and file.generated_by is None:
                own = doc_digest(doc)
                self._texts[src] = doc.yaml_text + doc.body
            elif file.generated_by is None:
                try:
                    text = file.content_string
                except (OSError, UnicodeDecodeError):
                    text = repr(file.content_bytes) if file.abs_src_path else ""
                own, self._texts[src] = digest(text), text
            else:
                own = digest(file.content_string)
            path = doc.path if doc is not None else None
            self.now.pages[src] = PageState(deps.key(src, live.get(src), own, path))
        self.now.outputs = {f.dest_uri for f in files}
        self.now.sources = {f.src_uri for f in files}
        self.now.stats = {  # the files MkDocs copies
            f.src_uri: _stat(f.abs_src_path)
            for f in files
            if f.abs_src_path and f.generated_by is None and not f.is_documentation_page()
        }

    # -- on_nav ----------------------------------------------------------------------------------
    def navigation(self, nav: Navigation, files: Files, identity: Callable[[str], str | None]) -> None:
        """Finish the site-wide key with the navigation; mark each page modified or not, exactly. ``identity``:
        what the theme's navigation shows of an entity or generated page (title, metadata), None for others."""
        last = self._previous
        if self.enabled:
            own = {src: state.key for src, state in self.now.pages.items()}
            self.now.site = digest(*self._site_parts, *_nav_parts(nav.items, identity, own))
            for file in files.documentation_pages():  # a page links its neighbours (<link rel="prev">, the footer)
                state = self.now.pages.get(file.src_uri)
                if state is not None and file.page is not None:
                    near = [file.page.previous_page, file.page.next_page]
                    state.key = digest(state.key, *(_shown(p, identity, own) for p in near))
        if not self.enabled or last is None or last.site != self.now.site:
            self.fresh()
            for file in files.documentation_pages():  # every page renders, whatever the file times say
                _set_modified(file, True)
            return
        for src, stat in self.now.stats.items():  # MkDocs copies a file newer than its copy: one moved over it
            copied = files.get_file_from_path(src)  # may be older
            if last.stats.get(src) != stat and copied is not None:
                _set_modified(copied, True)
        gone = {Path(s).name for s in last.sources ^ self.now.sources}
        for file in files.documentation_pages():
            state, before = self.now.pages.get(file.src_uri), last.pages.get(file.src_uri)
            same = state is not None and before is not None and before.key == state.key
            if same and gone:
                text = self._texts.get(file.src_uri, "")
                same = not any(name in text for name in gone)
            _set_modified(file, not same)
            if same and before is not None:  # the page is not read: what was said of it is said again
                file.is_modified = self.said.kept(file, before.said, files)  # type: ignore[method-assign]
            if same and state is not None and before is not None and file.page is not None:
                state.title, state.meta, state.entries = before.title, before.meta, before.entries
                state.searched = before.searched
                file.page.__dict__["title"] = before.title  # what other pages' navigation reads of it
                file.page.meta = dict(before.meta)
                self.skipped += 1

    def fresh(self) -> None:
        """Under a dirty serve, before a rebuild that renders every page: the site folder emptied, as MkDocs empties
        it for a full build (what the last build wrote and this one does not is gone: a deleted page after
        `incremental: false`, `json: false`, the other URL style, the plugin turned off)."""
        if self.dirty and self._site_dir:
            clean_directory(self._site_dir)

    def forget(self) -> None:
        """A build that failed (strict mode's abort too) leaves nothing to reuse: the next renders every page and
        says its warnings again."""
        self.last = None
        self.said.stop()

    def key_of(self, src_uri: str) -> str | None:
        """The finished build's key of the page at ``src_uri`` with the site-wide key (None: not incremental)."""
        state = self.last.pages.get(src_uri) if self.last is not None and self.last.site else None
        return f"{self.last.site}:{state.key}" if self.last is not None and state is not None and state.key else None

    def summary(self) -> str:
        """For the build's info line: how many pages this build rendered (under serve)."""
        return f"; {len(self.rendered)} pages rendered, {self.skipped} kept" if self.enabled else ""

    def serve(self, builder: Callable[..., Any]) -> None:
        """``on_serve``: make the rebuilds dirty builds (see :func:`make_serve_dirty`) when this site can have them."""
        if self.enabled:
            self.dirty = make_serve_dirty(builder)
            if not self.dirty:
                log.info("journeymaps: this MkDocs' serve cannot be told to skip pages; every rebuild renders all")

    # -- on_page_context: around the search plugin -------------------------------------------------
    def before_search(self, page: Page) -> None:
        """The page as the search plugin is about to read it: when it reads what it read last build, it is told to
        skip the page (its HTML parser is the costliest part of a rebuild) and the page keeps its entries."""
        src = page.file.src_uri
        self._before[src] = len(entries_of(self._search)) if self._search is not None else 0
        if not self.enabled or self._search is None:
            return
        state = self.now.pages.get(src)
        if state is None:
            return
        state.searched = digest(
            str(page.content), page.url, str(page.title), repr(page.meta), _toc(page.toc), self._searching
        )
        before = self._previous.pages.get(src) if self._previous is not None else None
        if before is not None and before.searched == state.searched:
            self._reused[src] = page.meta
            page.meta = {**page.meta, "search": {"exclude": True}}

    def after_search(self, page: Page) -> None:
        if page.content is None or page.file.src_uri not in self._before:
            return  # not a page the plugin saw before search (the plugin is off, or had no handbook)
        src = page.file.src_uri
        self.rendered.append(src)
        if not self.enabled:
            return  # nothing is kept for a next build (mkdocs build; incremental: false)
        state = self.now.pages.get(src)
        if state is None:
            state = self.now.pages[src] = PageState("")
        meta = self._reused.pop(src, None)
        before = self._previous.pages.get(src) if meta is not None and self._previous is not None else None
        if meta is not None and before is not None:
            page.meta = meta
            state.entries = before.entries
            self.search_kept += 1
        elif self._search is not None:
            state.entries = list(entries_of(self._search)[self._before.get(src, 0) :])
        state.title, state.meta = page.title, dict(page.meta)

    # -- on_post_build -----------------------------------------------------------------------------
    def finish(self, config: MkDocsConfig) -> None:
        """The search index in a full build's order; outputs of files that are gone removed; the state kept."""
        search_plugin_forget(config)  # every page it did not index is put back here, or every page was rendered
        if not self.enabled or self._files is None:
            return
        site_dir = Path(config.site_dir)
        if self._search is not None and (self.skipped or self.search_kept):
            entries: list[Any] = []
            for file in self._files.documentation_pages():
                state = self.now.pages.get(file.src_uri)
                entries += state.entries if state is not None else []
            set_entries(self._search, entries)
        for src, said in self.said.finish(self._files).items():
            if src in self.now.pages:
                self.now.pages[src].said = said
        last = self._previous
        if last is not None:
            for gone in sorted(last.outputs - self.now.outputs):
                _remove(site_dir, gone)
        self.last, self._previous, self._files = self.now, None, None


def nav_identity(
    handbook: Handbook, live: dict[str, GeneratedPage], page_meta: dict[str, dict[str, Any]]
) -> Callable[[str], str | None]:
    """What the theme's navigation shows of an entity or generated page (title, metadata); None for an author's
    own page (its key, hence its text, stands for it)."""
    cat = handbook.catalog

    def identity(src_uri: str) -> str | None:
        v = cat.by_src.get(src_uri)
        tp = cat.touchpoint_at(src_uri)
        title = v.title if v is not None else tp.name if tp is not None else None
        generated = live.get(src_uri)
        if title is None and generated is None:
            return None
        return repr((title, generated, page_meta.get(src_uri)))

    return identity


def _shown(page: Page | None, identity: Callable[[str], str | None], own: dict[str, str]) -> str:
    if page is None:
        return ""
    src = page.file.src_uri
    shown = identity(src)
    return f"P:{src}:{page.url}:{own.get(src, '') if shown is None else shown}"


def _nav_parts(items: Iterable[StructureItem], identity: Callable[[str], str | None], own: dict[str, str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, Section):
            out += ["(", f"S:{item.title}", *_nav_parts(item.children, identity, own), ")"]
        elif isinstance(item, Page):
            # an entity or generated page: its title and metadata; an author's own page: its key (its text)
            out.append(_shown(item, identity, own))
        elif isinstance(item, Link):
            out.append(f"L:{item.title}:{item.url}")
    return out


def _toc(items: Iterable[Any]) -> str:
    return "".join(f"({item.title}|{item.url}|{_toc(item.children)})" for item in items)


def _set_modified(file: File, modified: bool) -> None:
    file.is_modified = (lambda: True) if modified else (lambda: False)  # type: ignore[method-assign]


def _stat(path: str) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _remove(site_dir: Path, dest_uri: str) -> None:
    path = site_dir / dest_uri
    try:
        path.unlink()
    except OSError:
        return
    parent = path.parent
    while parent != site_dir and site_dir in parent.parents:
        try:
            parent.rmdir()  # only when empty
        except OSError:
            return
        parent = parent.parent


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def make_serve_dirty(builder: Callable[..., Any]) -> bool:
    """Make ``mkdocs serve``'s rebuilds dirty builds (MkDocs 1.6 keeps the flag in its builder's closure), and
    drop MkDocs' warning that a dirty build is inexact: here it is exact. False: the builder is not the one this
    was written for (another MkDocs); serve then renders every page on every rebuild."""
    code = getattr(builder, "__code__", None)
    cells = getattr(builder, "__closure__", None)
    if code is None or not cells or "is_dirty" not in code.co_freevars:
        return False
    cell = cells[code.co_freevars.index("is_dirty")]
    if not isinstance(cell.cell_contents, bool):
        return False
    cell.cell_contents = True
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DropDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DropDirtyWarning())
    return True
