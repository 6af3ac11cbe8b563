"""Export, step 2: HTML documents to PDF files with WeasyPrint, cached and in parallel.

- The cache is a folder of ``<sha256>.pdf`` files (:class:`PdfCache`); a job
  whose key is there is never rendered again.
- Jobs that miss are rendered by a pool of worker processes
  (:func:`render_jobs`); each worker writes straight into the cache, so no PDF
  travels between processes.
- A job that fails is reported with its reason; the others still finish.
- Output is byte-for-byte deterministic: no clock, the document id is the
  key, dates come from the document's metadata (git or ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymaps.export.documents import PdfJob
from journeymaps.export.fit import render as fitted
from journeymaps.export.glyphs import Installed, collecting
from journeymaps.export.tagging import tidy, write_options

Progress = Callable[[str], None]
PROGRESS_EVERY = 2.0
"""Seconds between progress lines while rendering."""
TASKS_PER_WORKER = 64
"""A worker process is replaced after this many PDFs, so memory stays flat on big handbooks."""


PDF_EXTRA = "pip install 'journeymaps[pdf]'"
"""How to get what PDFs need (WeasyPrint and pypdf)."""


def pdf_support() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint or pypdf is not installed), or None when they can.

    Looked up without importing either (a build without PDFs stays fast); a WeasyPrint whose system libraries are
    missing is found at render time, per PDF, with the reason."""
    from importlib.util import find_spec

    missing = [name for name in ("weasyprint", "pypdf") if find_spec(name) is None]
    return f"{' and '.join(missing)} not installed ({PDF_EXTRA})" if missing else None


def engine_version() -> str:
    """The renderer's version, part of every cache key.

    Read from package metadata: no import, so warm builds stay fast."""
    from importlib.metadata import version

    return f"weasyprint {version('weasyprint')}, pydyf {version('pydyf')}"


SIDECAR_FORMAT = "journeymaps-pdf-cache 2"
"""The ``format`` of the JSON written beside each cached PDF: a sidecar without it is not ours (a miss)."""


def _write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder: readers (and a later build after a
    crash or a full disk) see the old file or the new one, never half of one."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def record(pdf: Path, pages: int, missing: str = "", covered: str = "") -> None:
    """Write the sidecar of the finished PDF ``pdf``: its page count, size and hash (so a truncated or altered PDF
    is recognised as a miss), the characters no font had (:mod:`.glyphs`) and those of them an installed font had
    all the same (``covered``: a hyphen WeasyPrint adds in the word's font). Written after the PDF, so an entry
    with a sidecar is complete."""
    data = pdf.read_bytes()
    facts = {
        "format": SIDECAR_FORMAT,
        "pages": pages,
        "missing": missing,
        "covered": covered,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _write_atomic(pdf.with_suffix(".json"), json.dumps(facts, sort_keys=True).encode("utf-8"))


class PdfCache:
    """Rendered PDFs by content key, in ``folder`` (e.g. ``.cache/journeymaps/pdf``).

    An entry is ``<key>.pdf`` and the sidecar ``<key>.json`` that :func:`record` writes after it. Anything else
    (a missing, empty, truncated or foreign PDF or sidecar: what a crash, a full disk or another tool leaves) is
    a miss, and the PDF is rendered again over it: the cache heals itself."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pages: dict[str, int] = {}  # keys checked whole in this build -> page count
        self._missing: dict[str, str] = {}  # -> the characters no font had (printed as boxes)
        self._fonts = Installed()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def _check(self, key: str) -> int | None:
        """The entry's page count when the PDF and its sidecar are whole and agree, else None."""
        pdf = self.path(key)
        try:
            facts = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
            if not isinstance(facts, dict) or facts.get("format") != SIDECAR_FORMAT:
                return None
            pages, size, digest = facts.get("pages"), facts.get("bytes"), facts.get("sha256")
            if not (isinstance(pages, int) and pages > 0 and isinstance(size, int) and isinstance(digest, str)):
                return None
            missing = facts.get("missing")
            if not isinstance(missing, str):
                return None
            # printed boxes, and a font for them may be here now: rendered again to know. Not for the characters a
            # font had when it was rendered (covered): they would print as boxes again, and the build that rendered
            # the PDF found it a miss at once and stopped (KeyError in the handbook's assembly)
            covered = facts.get("covered")
            uncovered = "".join(c for c in missing if not isinstance(covered, str) or c not in covered)
            if uncovered and self._fonts.any_of(uncovered) is not False:
                return None
            self._missing[key] = missing
            if pdf.stat().st_size != size:
                return None
            data = pdf.read_bytes()
        except (OSError, ValueError):  # missing or unreadable; not JSON (an empty or half-written sidecar)
            return None
        return pages if hashlib.sha256(data).hexdigest() == digest else None

    def has(self, key: str) -> bool:
        if key not in self._pages:
            pages = self._check(key)
            if pages is None:
                return False
            self._pages[key] = pages
        return True

    def pages(self, key: str) -> int:
        """The page count of a cached PDF, recorded beside it when it was rendered (raises KeyError on a miss)."""
        if not self.has(key):
            raise KeyError(f"no whole PDF in the cache for {key}")
        return self._pages[key]

    def record(self, key: str, pages: int) -> None:
        """Write the sidecar of a PDF this process wrote at :meth:`path`."""
        record(self.path(key), pages)
        self._pages[key] = pages

    def missing(self, key: str) -> str:
        """The characters the cached PDF prints as empty boxes (no font had them), "" for none."""
        return self._missing.get(key, "") if self.has(key) else ""

    def writable(self) -> str | None:
        """Why PDFs cannot be written into the folder (read-only, not a folder, disk full), or None."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.folder / ".probe", b"")
            (self.folder / ".probe").unlink(missing_ok=True)
        except OSError as exc:
            return f"{self.folder}: {exc.strerror or exc}"
        return None

    def prune(self, keep: set[str]) -> int:
        """Delete cached PDFs this build did not use (and temporary files left by a crash); the number deleted."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        stale = time.time() - 3600  # a temporary file older than an hour was left by a crash, not a running build
        for file in [*self.folder.glob("*.pdf"), *self.folder.glob("*.json"), *self.folder.glob("*.tmp")]:
            try:
                if file.stem in keep or (file.suffix == ".tmp" and file.stat().st_mtime >= stale):
                    continue
                file.unlink(missing_ok=True)
            except OSError:  # a read-only folder: nothing is kept tidy, nothing fails
                continue
            removed += 1
        return removed


# -- the worker side ------------------------------------------------------------------
_STYLESHEETS: list[object] = []
_STAMPER: list[Any] = []
_RELEASED_AT_EXIT: list[object] = []
_FONTS = Installed()  # the worker's list of installed fonts, read when a PDF first prints a box


def _release_worker() -> None:
    """Let go of the worker's stylesheet, font configuration and stamper while Python still runs. WeasyPrint copies
    the print font's faces into a temporary folder (~0.5 MB) and removes it when the font configuration is freed;
    kept to the end of the process it never was: a pool worker ends with os._exit, and in the build's own process
    the folder's removal failed at interpreter shutdown (one folder left in the temp dir by every worker of every
    PDF build)."""
    _STYLESHEETS.clear()
    _STAMPER.clear()


def _init_worker(css: str, fonts: str = "", faces: dict[str, bytes] | None = None) -> None:
    """Parse the shared stylesheet once per worker process; render the page-number font sample."""
    if not _RELEASED_AT_EXIT:  # multiprocessing runs it as a worker ends, and at the exit of the build's process
        _RELEASED_AT_EXIT.append(multiprocessing.util.Finalize(None, _release_worker, exitpriority=10))
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from journeymaps.export.print_fonts import fetcher as make_fetcher
    from journeymaps.export.print_fonts import use_faces
    from journeymaps.export.stamp import Stamper, label_of, sample_html

    use_faces(faces or {})
    fetcher = make_fetcher()
    config = FontConfiguration()  # @font-face rules load into it: the stylesheets and every render share it
    _STYLESHEETS[:] = [CSS(string=css, url_fetcher=fetcher, font_config=config), config, fetcher]
    template = label_of(css)  # the build's language: a worker process speaks none of its own
    # the sample shares the configuration: its @font-face rules are the stylesheet's, already loaded
    built: list[Any] = []
    sample = HTML(string=sample_html(fonts, template), url_fetcher=fetcher).write_pdf(
        font_config=config, finisher=lambda document, pdf: built.append(pdf)
    )
    _STAMPER[:] = [Stamper.from_sample(built[0], sample, template)]


def _finisher(document: Any, pdf: Any) -> None:
    """What is done to a PDF as WeasyPrint writes it: its tagging finished (tagging.tidy), its page numbers stamped."""
    tidy(document, pdf)
    _STAMPER[0](document, pdf)


def render_one(html: str, key: str, target: str) -> tuple[str, str | None]:
    """Render ``html`` to ``target`` (written atomically); (key, None) or (key, reason of the failure)."""
    try:
        from weasyprint import HTML

        from journeymaps.export.print_icons import document_images

        if not _STYLESHEETS:
            raise RuntimeError("worker not initialised")
        stylesheet, config, fetcher = _STYLESHEETS
        images = document_images(html)  # the worker's icons, parsed once (print_icons)

        def layout(source: str) -> Any:
            return HTML(string=source, base_url=None, url_fetcher=fetcher).render(
                stylesheets=[stylesheet], font_config=config, cache=images
            )

        with collecting() as missing:  # the characters no font has, drawn as boxes (glyphs)
            document, zoom = fitted(html, layout)  # a short map is printed larger, to fill its page
            pdf = Path(target)
            pdf.with_suffix(".json").unlink(missing_ok=True)  # a stale sidecar must not vouch for the new PDF
            # each page's own number is stamped on as the PDF is written (stamp.Stamper): the handbook swaps it
            pdf_id = key[:32].encode("ascii")
            body = document.write_pdf(
                pdf_identifier=pdf_id, uncompressed_pdf=False, finisher=_finisher, zoom=zoom, **write_options(html)
            )
        _write_atomic(pdf, body)
        boxes = "".join(sorted(missing))
        record(pdf, len(document.pages), boxes, "".join(c for c in boxes if _FONTS.any_of(c) is True))
        return key, None
    except Exception as exc:  # a failing document must not stop the others
        return key, f"{type(exc).__name__}: {exc}".strip()


# -- the parent side ------------------------------------------------------------------
class RenderPool:
    """Renders documents to PDF files: in this process (one worker), or over worker processes
    started on first use and replaced every :data:`TASKS_PER_WORKER` documents each, so memory
    stays flat on big handbooks. (``max_tasks_per_child`` is not used: it can hang on Python 3.11.)
    """

    def __init__(self, css: str, workers: int = 0, fonts: str = "", font_cache: Path | None = None) -> None:
        self.css = css
        self.fonts = fonts
        self.font_cache = font_cache
        self._faces: dict[str, bytes] | None = None
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0
        self._local_ready = False

    @property
    def started(self) -> bool:
        return self._pool is not None

    @property
    def faces(self) -> dict[str, bytes]:
        """The print font's faces, decompressed once for every worker (on first use: no PDF, no work)."""
        if self._faces is None:
            from journeymaps.export.print_fonts import decompressed_faces

            self._faces = decompressed_faces(self.font_cache)
        return self._faces

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is not None and self._submitted >= self.workers * TASKS_PER_WORKER:
            self._pool.shutdown(wait=True)  # recycle: fresh processes, memory back to the system
            self._pool = None
        if self._pool is None:
            # spawn: a clean interpreter per worker (no threads or state inherited from the build)
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.css, self.fonts, self.faces),
            )
            self._submitted = 0
        return self._pool

    def _local(self, html: str, key: str, target: str) -> tuple[str, str | None]:
        if not self._local_ready:
            _init_worker(self.css, self.fonts, self.faces)
            self._local_ready = True
        return render_one(html, key, target)

    def render_many(self, items: Sequence[tuple[str, str, str]]) -> Iterator[tuple[str, str | None]]:
        """(html, key, target) items -> (key, error or None), in the order they finish."""
        if self.workers == 1 or (len(items) == 1 and not self.started):
            for item in items:
                yield self._local(*item)
            return
        batch = self.workers * TASKS_PER_WORKER
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            pool = self._executor()
            self._submitted += len(chunk)
            for future in as_completed([pool.submit(render_one, *item) for item in chunk]):
                yield future.result()

    def render(self, html: str, key: str, target: str) -> str | None:
        """One document; on the warm workers when they run, else here."""
        if self._pool is not None:
            return self._pool.submit(render_one, html, key, target).result()[1]
        return self._local(html, key, target)[1]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._local_ready:  # this process rendered too: its font folder goes now, not at exit
            _release_worker()
            self._local_ready = False

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class RenderReport:
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    failures: list[tuple[PdfJob, str]] = field(default_factory=list)


def render_jobs(
    jobs: Sequence[PdfJob], cache: PdfCache, pool: RenderPool, *, progress: Progress | None = None
) -> RenderReport:
    """Make sure every job's PDF is in the cache: render the missing ones on ``pool``."""
    start = time.perf_counter()
    todo: dict[str, PdfJob] = {}
    for job in jobs:
        if not cache.has(job.key):
            todo.setdefault(job.key, job)
    report = RenderReport(reused=len(jobs) - len(todo))
    total, last = len(todo), start
    # the biggest documents first (the HTML's length stands for the work): a long one started last (the backlog of
    # a big handbook) would keep one worker busy while the others wait
    biggest_first = sorted(todo.items(), key=lambda item: -len(item[1].html))
    items = [(job.html, key, str(cache.path(key))) for key, job in biggest_first]
    for done, (key, error) in enumerate(pool.render_many(items), 1):
        if error is None:
            report.rendered += 1
        else:
            report.failures.append((todo[key], error))
        now = time.perf_counter()
        if progress and (now - last >= PROGRESS_EVERY or done == total):
            progress(f"PDF {done}/{total} rendered ({now - start:.1f} s)")
            last = now
    report.failures.sort(key=lambda failure: failure[0].out)
    report.seconds = time.perf_counter() - start
    return report
