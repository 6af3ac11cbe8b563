"""The one build entry: load -> validate -> resolve -> analyse, for any source of pages.

The MkDocs adapter (on every build and ``serve`` rebuild) and every command of
the command line call :class:`Pipeline` (or :func:`build`, for one build), with
the same :class:`~journeymaps.settings.Settings`; they differ only in where the
pages come from (:mod:`journeymaps.sources.files`, or the files MkDocs found).
The pipeline owns the taxonomy, the parse cache, the diagnostics, and letting
go of the raw sources after a one-shot build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from journeymaps.analysis.facts import analyse
from journeymaps.analysis.health import handbook_health
from journeymaps.catalog.resolve import resolve
from journeymaps.catalog.taxonomy import Taxonomy, load_taxonomy
from journeymaps.diagnostics import Diagnostic
from journeymaps.handbook import Handbook
from journeymaps.settings import Settings
from journeymaps.sources.files import RawPage, folder_pages
from journeymaps.sources.frontmatter import SourceDoc
from journeymaps.sources.loader import PageLoader
from journeymaps.validation.validate import Validated, validate

__all__ = ["Pipeline", "assemble", "build", "release_sources"]


class Pipeline:
    """Builds handbooks with one set of settings; kept between ``serve`` rebuilds (``keep=True``) so unchanged
    pages are not parsed again. ``cache=True`` also keeps parsed pages on disk, in the settings' cache folder."""

    def __init__(self, settings: Settings, *, cache: bool = False, keep: bool = False) -> None:
        self.settings = settings
        self.keep = keep
        self.loader = PageLoader(settings.cache_dir if cache else None, keep=keep)
        self._validated: dict[str, tuple[SourceDoc, Validated, list[Diagnostic]]] = {}

    def _validate(self, doc: SourceDoc) -> Validated:
        """Kept between builds: a page the loader gave back unchanged (the same object) keeps its validation; the
        catalog adds its messages to a copy (resolving appends to ``diagnostics``)."""
        found = self._validated.get(doc.src_uri)
        if found is not None and found[0] is doc:
            return replace(found[1], diagnostics=list(found[2]))
        v = validate(doc)
        self._validated[doc.src_uri] = (doc, v, list(v.diagnostics))
        return replace(v, diagnostics=list(v.diagnostics))

    def taxonomy(self) -> tuple[Taxonomy, list[Diagnostic]]:
        """The built-in taxonomy with the site's file, read on every build (``serve`` sees it change)."""
        file = self.settings.taxonomy_file
        return load_taxonomy(file, self.settings.display(file) if file else None)

    def build(self, pages: Iterable[RawPage] | None = None, *, as_of: date | None = None) -> Handbook:
        """The handbook of ``pages`` (default: the docs folder on disk)."""
        started = time.perf_counter()
        streamed = _Streamed()
        docs = self.loader.load(
            folder_pages(self.settings) if pages is None else pages, None if self.keep else streamed.validate
        )
        loaded = time.perf_counter() - started - streamed.seconds
        taxonomy, problems = self.taxonomy()
        if self.keep:
            self._validated = {d.src_uri: self._validated[d.src_uri] for d in docs if d.src_uri in self._validated}
        check = self._validate if self.keep else streamed.check
        handbook = assemble(docs, taxonomy, self.settings, as_of=as_of, check=check)
        handbook.report.extend(problems)
        handbook.timings = {"load": loaded, **handbook.timings}
        handbook.timings["validate"] += streamed.seconds
        handbook.parsed = self.loader.parsed
        return handbook


class _Streamed:
    """A one-shot build validates each page as soon as it is read, and lets go of the bulk of its parsed YAML
    (``stages``) once it has a model: only one map's stages are alive as parsed YAML at a time (at 1,000 maps, with
    the page cache's bytes, the build holds 97 MB after the pipeline instead of 115 MB). What is kept of the
    frontmatter is what later steps read (the page's metadata for the theme, how ``lanes`` and ``zooms_into`` were
    written)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._done: dict[int, Validated] = {}

    def validate(self, doc: SourceDoc) -> None:
        if doc.data is None:
            return
        started = time.perf_counter()
        v = self._done[id(doc)] = validate(doc)
        if v.model is not None and "stages" in doc.data:
            doc.data = {k: value for k, value in doc.data.items() if k != "stages"}
        self.seconds += time.perf_counter() - started

    def check(self, doc: SourceDoc) -> Validated:
        found = self._done.pop(id(doc), None)
        return found if found is not None else validate(doc)


def build(settings: Settings, pages: Iterable[RawPage] | None = None, *, as_of: date | None = None) -> Handbook:
    """One build of the handbook (the command line's): no cache, nothing kept afterwards."""
    return Pipeline(settings).build(pages, as_of=as_of)


def assemble(
    docs: Iterable[SourceDoc],
    taxonomy: Taxonomy,
    settings: Settings | None = None,
    *,
    as_of: date | None = None,
    check: Callable[[SourceDoc], Validated] = validate,
) -> Handbook:
    """Validate (with ``check``), resolve and analyse pages already loaded."""
    docs = list(docs)
    settings = settings or Settings.for_folder(Path("."))
    t0 = time.perf_counter()
    validated = [check(doc) for doc in docs if doc.data is not None]
    t1 = time.perf_counter()
    catalog = resolve(validated, taxonomy, settings.use_directory_urls, docs_dir=settings.docs_dir)
    for doc in docs:  # what is said about pages that are not entities (e.g. `type: cjmm`, an unreadable file)
        if doc.data is None:
            catalog.report.extend(doc.diagnostics)
    t2 = time.perf_counter()
    analysis = analyse(catalog, settings.review_every, as_of)
    t3 = time.perf_counter()
    return Handbook(
        catalog, analysis, {d.src_uri: d for d in docs}, {"validate": t1 - t0, "resolve": t2 - t1, "analyse": t3 - t2}
    )


def release_sources(handbook: Handbook) -> int:
    """Drop the raw frontmatter (the YAML as parsed, and its text) of every page that validated into its model.

    The pipeline reads them only while validating, resolving and analysing (every message and health finding
    gets its line then); what renders afterwards is the typed model. A one-shot build (``mkdocs build``, the CLI)
    lets them go: at 1,000 maps the parsed YAML is ~30 MB, about 40% of the catalog's memory, and the text
    ~6 MB more. After this, :meth:`~journeymaps.sources.frontmatter.SourceDoc.line` answers from the lines read
    while parsing and those already asked, never from the text. ``mkdocs serve`` keeps both, to validate
    unchanged pages again without parsing them. Pages that did not validate keep theirs (their page shows what
    the author wrote, e.g. the title). Returns the number of pages released."""
    released = [
        doc
        for src_uri, validated in handbook.catalog.by_src.items()
        if (doc := handbook.docs.get(src_uri)) is not None and validated.model is not None and doc.data is not None
    ]
    for doc in released:
        doc.data = None
    handbook_health(handbook.catalog, handbook.analysis)  # every finding asks its line while the text is here
    for doc in released:
        doc.yaml_text = ""
    return len(released)
