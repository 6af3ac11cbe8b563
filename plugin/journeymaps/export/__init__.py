"""Stage 6, export: printable PDFs of every map and persona, and the handbook.

:func:`export_pdfs` runs the three steps: print documents (:mod:`.documents`),
cached parallel rendering (:mod:`.pdf`), handbook assembly (:mod:`.handbook`).
Needs the ``pdf`` extra (WeasyPrint, pypdf); nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from journeymaps.export.documents import (
    PdfJob,
    PrintDocuments,
    PrintSettings,
    iso_timestamp,
    keyed,
)
from journeymaps.export.glyphs import message
from journeymaps.export.pdf import (
    PdfCache,
    Progress,
    RenderPool,
    RenderReport,
    engine_version,
    render_jobs,
)
from journeymaps.export.print_fonts import fonts_css
from journeymaps.export.stamp import label_comment
from journeymaps.export.summary import section_jobs
from journeymaps.version import __version__

STYLESHEETS = ("assets/journeymaps/journeymaps.css", "assets/journeymaps/print.css", "assets/journeymaps/pdf.css")
FONTS = "assets/journeymaps/fonts/fonts.css"


@dataclass
class ExportReport:
    render: RenderReport
    written: list[str] = field(default_factory=list)  # site-relative paths
    handbook_pages: int = 0
    handbook_reused: bool = False
    assembly_seconds: float = 0.0
    seconds: float = 0.0
    used: set[str] = field(default_factory=set)  # cache keys this build used
    cache_problem: str | None = None
    """Why the PDF cache could not be used (the PDFs were made in a temporary folder), if it could not."""
    missing: dict[str, str] = field(default_factory=dict)
    """Each PDF (site path; a report section: the handbook's) with the characters it prints as empty boxes."""

    @property
    def unprintable(self) -> str | None:
        """One line on the characters no installed font has (:func:`.glyphs.message`), or None."""
        return message(self.missing)

    @property
    def failures(self) -> list[tuple[PdfJob, str]]:
        return self.render.failures

    def summary(self) -> str:
        r = self.render
        handbook = ""
        if self.handbook_pages:
            how = "reused" if self.handbook_reused else f"assembled in {self.assembly_seconds:.1f} s"
            handbook = f" + handbook ({self.handbook_pages} pages, {how})"
        failed = f", {len(r.failures)} failed" if r.failures else ""
        kept = f"; not cached: {self.cache_problem}" if self.cache_problem else ""
        return (
            f"{r.rendered + r.reused + len(r.failures)} PDFs (rendered {r.rendered}, reused {r.reused}{failed})"
            f"{handbook} in {self.seconds:.1f} s{kept}"
        )


def stylesheet_text(env: Environment, extra: Sequence[Path] = ()) -> str:
    """The CSS of the PDFs: the fonts, the package's (or a custom_dir's override of them), then the site's
    ``pdf_css``; it ends with the page-number label, so a PDF whose label changes is made again."""
    parts = [print_fonts(env)] + [_source(env, name) for name in STYLESHEETS]
    parts += [Path(p).read_text(encoding="utf-8") for p in extra]
    parts.append(label_comment())
    return "\n".join(parts)


def _source(env: Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def print_fonts(env: Environment) -> str:
    """The ``@font-face`` rules of the print font (the web's Roboto), pointing at the package's font files."""
    return fonts_css(_source(env, FONTS))


def export_pdfs(
    docs: PrintDocuments,
    env: Environment,
    site_dir: Path,
    cache_dir: Path,
    *,
    workers: int = 0,
    handbook: bool = True,
    extra_css: Sequence[Path] = (),
    progress: Progress | None = None,
) -> ExportReport:
    start = time.perf_counter()
    css = stylesheet_text(env, extra_css)
    engine = engine_version()
    sections = section_jobs(docs) if handbook else []
    jobs = [keyed(job, css, engine) for job in docs.jobs() + sections]
    cache = PdfCache(cache_dir / "pdf")
    problem = cache.writable() if jobs else None
    with tempfile.TemporaryDirectory(prefix="journeymaps-pdf-") as scratch:
        if problem is not None:  # a read-only or full cache folder: make the PDFs anyway, and say they are not kept
            cache = PdfCache(Path(scratch))
            if progress:
                progress(f"the PDF cache cannot be written ({problem}); every PDF is rendered and none is kept")
        if progress and jobs:
            progress(f"PDF: {len(jobs)} documents ({sum(not cache.has(j.key) for j in jobs)} to render)")
        with RenderPool(css, workers, print_fonts(env), cache_dir / "fonts") as pool:
            report = ExportReport(render_jobs(jobs, cache, pool, progress=progress), cache_problem=problem)
            _handbook(report, jobs, docs, env, cache, pool, css, engine, site_dir, handbook)
            for job in jobs:
                out = "pdf/handbook.pdf" if job.kind == "section" else job.out
                report.missing[out] = report.missing.get(out, "") + cache.missing(job.key)
    if not report.failures and problem is None:
        cache.prune(report.used)  # the cache holds what the last complete build used, no more
    report.seconds = time.perf_counter() - start
    return report


def _handbook(
    report: ExportReport,
    jobs: list[PdfJob],
    docs: PrintDocuments,
    env: Environment,
    cache: PdfCache,
    pool: RenderPool,
    css: str,
    engine: str,
    site_dir: Path,
    handbook: bool,
) -> None:
    failed = {job.key for job, _ in report.failures}
    done = [job for job in jobs if job.key not in failed]
    for job in done:
        if job.kind != "section":  # the report sections live in the handbook only
            _publish(cache.path(job.key), site_dir / job.out)
            report.written.append(job.out)
    report.used = {job.key for job in done}
    if handbook and done:
        # the handbook's order: the summary, the personas and maps, then the backlog and the comparison
        first = [job for job in done if job.kind == "section" and job.ident == "summary"]
        last = [job for job in done if job.kind == "section" and job.ident != "summary"]
        done = first + [job for job in done if job.kind != "section"] + last
        settings = docs.settings
        created = (
            iso_timestamp(settings.source_date_epoch)
            or max((iso_timestamp(c.timestamp) or "" for c in (settings.commits or {}).values()), default=None)
            or None
        )
        assert env.loader is not None
        cover_template = env.loader.get_source(env, "journeymaps/pdf/cover.html")[0]
        digest = hashlib.sha256(
            "\0".join(
                [__version__, engine, css, cover_template, settings.site_name, settings.site_url or "", created or ""]
                + [settings.site_version or ""]  # printed on the cover
                + [j.key for j in done]
            ).encode()
        )
        key = "handbook-" + digest.hexdigest()
        target = cache.path(key)
        if cache.has(key):
            report.handbook_reused = True
            report.handbook_pages = cache.pages(key)
        else:
            from journeymaps.export.handbook import assemble

            t0 = time.perf_counter()
            cover_keys: list[str] = []

            def render_cover(job: PdfJob) -> Path:
                job = keyed(job, css, engine)
                path = cache.path(job.key)
                if not cache.has(job.key):
                    error = pool.render(job.html, job.key, str(path))
                    if error:
                        raise RuntimeError(f"the handbook cover could not be rendered: {error}")
                cover_keys.append(job.key)
                return path

            urls = {  # what links point at: an entity's page, a report section's own name
                job.out: job.out
                if job.kind == "section"
                else docs.cat.entity_url("persona" if job.kind == "persona" else "map", job.ident) or ""
                for job in done
            }
            result = assemble(
                done,
                cache,
                lambda entries: docs.cover(entries, created),
                render_cover,
                urls,
                target,
                site_url=settings.site_url,
                title=settings.site_name,
                created=created,
            )
            for cover_key in cover_keys:  # the cover is only an ingredient
                cache.path(cover_key).unlink(missing_ok=True)
                cache.path(cover_key).with_suffix(".json").unlink(missing_ok=True)
            report.handbook_pages = result.pages
            cache.record(key, result.pages)
            report.assembly_seconds = time.perf_counter() - t0
        report.used.add(key)
        _publish(target, site_dir / "pdf" / "handbook.pdf")
        report.written.append("pdf/handbook.pdf")


def _publish(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


__all__ = ["ExportReport", "PdfJob", "PrintDocuments", "PrintSettings", "export_pdfs"]
