"""What the adapter writes after the pages: ``journeymaps.json`` and the PDFs."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
from collections.abc import Iterable
from pathlib import Path

from journeymaps.analysis.facts import source_date_epoch
from journeymaps.catalog.collisions import HANDBOOK_PDF, pdf_taken
from journeymaps.catalog.generated import CATALOG_JSON
from journeymaps.catalog.resolve import Catalog
from journeymaps.catalog.urls import page_url, pdf_path, relative_url
from journeymaps.history.log import History
from journeymaps.mkdocs_adapter.files import author_path
from journeymaps.render.lane_svg import forget_texts
from journeymaps.render.pages import PageRenderer
from journeymaps.settings import Settings


def pdf_outputs(cat: Catalog, pdf_handbook: bool) -> list[tuple[str, str]]:
    """(path, what) of the PDFs a build writes, so that no author's file is published at one of them."""
    out = [(pdf_path("persona", pid), f"the PDF of persona '{pid}'") for pid, v in cat.personas.items() if v.model]
    out += [
        (pdf_path("map", mid), f"the PDF of map '{mid}'")
        for mid, v in cat.maps.items()
        if v.model is not None and not pdf_taken("map", mid)
    ]
    return out + ([(HANDBOOK_PDF, "the handbook's PDF")] if pdf_handbook else [])


def give_back_memory() -> None:
    """Return the memory the catalog held to the system once a one-shot build no longer needs it (before its pages,
    :mod:`.ahead`; after them with PDFs): the catalog's strings live on the C heap, which keeps freed memory for
    reuse unless asked to trim it (glibc; elsewhere nothing happens). The caches of URLs and texts
    the pages were rendered with go too: made while the catalog lived, they kept parts of its memory."""
    for cached in (page_url, relative_url, author_path):
        cached.cache_clear()
    forget_texts()
    gc.collect()
    with contextlib.suppress(AttributeError, OSError):  # not glibc (macOS, musl, Windows): nothing to trim
        ctypes.CDLL(None).malloc_trim(0)
    map_large_blocks()


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)


def map_large_blocks() -> None:
    """From now on, give each large block (128 KB or more: a page's HTML, its encoded bytes) back to the system as
    soon as it is freed (glibc; elsewhere nothing happens). glibc raises its threshold for mapping a block by itself
    each time a mapped one is freed (up to 32 MB); after the first large page, pages' texts come from the heap,
    which keeps their memory below the smaller blocks made after them: at 1,000 maps, 3.6 MB of the build's peak.
    A one-shot build only, once it has freed the catalog (:func:`give_back_memory`; the process ends with it)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


def write_catalog(site_dir: Path, pieces: Iterable[str]) -> None:
    """``journeymaps.json`` (:func:`journeymaps.render.catalog_json.iter_catalog_json`'s ``pieces``)."""
    with (site_dir / CATALOG_JSON).open("w", encoding="utf-8") as fh:
        fh.writelines(pieces)


def export_pdfs(
    renderer: PageRenderer, settings: Settings, site_dir: Path, history: History | None, log: logging.Logger
) -> int:
    """Write the PDFs; the number of PDFs that failed (each is logged with its reason)."""
    try:
        from journeymaps.export import PrintDocuments, PrintSettings
        from journeymaps.export import export_pdfs as export
    except ImportError as exc:
        log.error(
            f"journeymaps: PDF export needs WeasyPrint and pypdf (pip install 'journeymaps[pdf]'): {exc}; "
            "or set `pdf: false`"
        )
        return 1
    options = settings.options
    print_settings = PrintSettings(
        site_name=settings.site_name,
        site_url=settings.site_url,
        page_size=options.pdf_page_size,
        orientation=options.pdf_orientation,
        commits=history.last_commits() if history else {},
        source_date_epoch=source_date_epoch(),
        fit=not options.pdf_css,  # a site's own print stylesheet keeps its page as it sets it
        tags=options.pdf_tags,
    )
    report = export(
        PrintDocuments(renderer, print_settings),
        renderer.env,
        site_dir,
        settings.cache_dir,
        workers=options.pdf_workers,
        handbook=options.pdf_handbook,
        extra_css=list(settings.pdf_css),
        progress=lambda line: log.info(f"journeymaps: {line}"),
    )
    for job, reason in report.failures:
        log.error(f"journeymaps: {job.out}: the PDF of {job.kind} '{job.ident}' failed: {reason}")
    if report.unprintable:
        log.warning(report.unprintable)
    log.info(f"journeymaps: {report.summary()}")
    return len(report.failures)
