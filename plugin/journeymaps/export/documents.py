"""Export, step 1: the print documents. One self-contained HTML document per
map (the journey grid laid out for paper) and per persona (an A4 one-pager),
plus the handbook's cover and contents.

Everything here is plain Jinja and needs no PDF library, so it is cheap: the
HTML of a document is what its cache key is made of (see :mod:`.pdf`), which
covers the entity's data, what it links to, the templates and the version.
"""

from __future__ import annotations

import base64
import hashlib
import math
import mimetypes
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from journeymaps.analysis.facts import utc_time
from journeymaps.catalog.collisions import pdf_taken
from journeymaps.catalog.lanes import StageImage
from journeymaps.catalog.urls import pdf_path
from journeymaps.export.fit import MARGINS_MM, PX_PER_MM
from journeymaps.export.fit import meta as fit_meta
from journeymaps.export.fit import variants as zoom_variants
from journeymaps.export.print_curve import print_curve
from journeymaps.export.print_icons import PrintIcons, PrintRenderer
from journeymaps.export.prose import findings, to_html
from journeymaps.export.tagging import UNTAGGED
from journeymaps.history.log import Commit
from journeymaps.i18n import _, ngettext
from journeymaps.render.links import Links
from journeymaps.render.map_view import has_content
from journeymaps.render.pages import PageRenderer
from journeymaps.render.palette import stroke
from journeymaps.render.svg import Series, emotion_curve
from journeymaps.validation.models import Cem, Cjm, Persona
from journeymaps.version import __version__
from journeymaps.version import code_digest as package_digest
from journeymaps.vocabulary import day

# Paper sizes in millimetres, portrait (width, height); the names of CSS `@page { size }`.
PAPER_MM: dict[str, tuple[float, float]] = {
    "A5": (148, 210),
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "ledger": (279.4, 431.8),
}
MARGIN_MM = MARGINS_MM[1]
"""Left and right page margins (fit.MARGINS_MM, as pdf.css ``@page`` sets them)."""
LANE_MM = 28.0
LANE_PX = round(LANE_MM * PX_PER_MM)
"""Width of the lane-label column in a map PDF (pdf.css ``.jm-pgrid col.jm-lane-col``)."""
MIN_STAGE_PX = 180
"""A stage column is never narrower: 7 stages fit A3 landscape, 5 A4 landscape; more go on the next page."""
CURVE_PX = 120
"""Height of the emotion curve in a map PDF."""
CURVE_SCALE = 1.1
"""The curve is drawn this much smaller than its cell and scaled up to fill it: its smallest labels (9 px, the
axis) print at 7.4 pt, its value labels at 9 pt."""

TITLE_PT = (20.0, 8.5)
"""A map's title on paper (pdf.css ``h1``, ``--jm-t-xl``) and the least it is set at: the body's size."""
TITLE_CHARS = 80
"""Titles up to this long are printed at the full size; a longer one smaller, as :func:`title_pt` says."""


def title_pt(title: str) -> float | None:
    """The font size of a long map title (None: the stylesheet's 20 pt). A longer title keeps the area an 80-character
    one takes (size with the square root of the length), down to the body's 8.5 pt: a 5,000-character title at 20 pt
    filled two A3 pages before the map began, and left the first page blank."""
    if len(title) <= TITLE_CHARS:
        return None
    return round(max(TITLE_PT[1], TITLE_PT[0] * math.sqrt(TITLE_CHARS / len(title))), 1)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to write: its HTML and where it goes."""

    kind: str  # "map" | "persona" | "cover"
    ident: str
    title: str
    out: str  # site-relative path, e.g. "pdf/account-opening.pdf"
    html: str
    key: str = ""  # content hash: set by :func:`keyed`


PACKAGE = Path(__file__).resolve().parent.parent
"""The journeymaps package folder; :func:`code_digest` reads the files below it that make the PDFs."""
CODE_FILES = (
    "export/*.py",
    "templates/journeymaps/pdf/*.html",
    "templates/assets/journeymaps/*.css",
    "templates/assets/journeymaps/fonts/*",
)
"""The code that makes a PDF besides its HTML: the export package (the worker's zoom, page numbers, icons, fonts), the
print templates and style sheets, the print font (every file in its folder)."""


@cache
def code_digest() -> str:
    """:func:`journeymaps.version.code_digest` of :data:`CODE_FILES`, part of every PDF's cache key: a changed
    ``export/fit.py`` makes new PDFs, not the ones the old code made, without waiting for a new version number.
    Read once per process (some 40 files, 0.4 MB: about a millisecond)."""
    return package_digest(PACKAGE, CODE_FILES)


def keyed(job: PdfJob, css: str, engine_version: str) -> PdfJob:
    """The job with its cache key: the hash of everything its bytes depend on (the code too: :func:`code_digest`)."""
    digest = hashlib.sha256()
    for part in (__version__, code_digest(), engine_version, css, job.kind, job.out, job.html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return replace(job, key=digest.hexdigest())


def paper_mm(size: str, orientation: str) -> tuple[float, float]:
    """The paper's (width, height) in millimetres, as printed."""
    width_mm, height_mm = PAPER_MM[size]
    return (height_mm, width_mm) if orientation == "landscape" else (width_mm, height_mm)


def column_px(width_mm: float, stages: int, zoom: float) -> float:
    """The width of each of a page's ``stages`` columns, in the px of a page laid out at ``zoom`` (:mod:`.fit`: the
    page is ``zoom`` times smaller, the lane labels column is not)."""
    return max(1.0, ((width_mm - 2 * MARGIN_MM) / zoom * PX_PER_MM - LANE_PX) / max(1, stages))


def stage_chunks(n_stages: int, size: str, orientation: str) -> tuple[list[range], int]:
    """Split a map's stages over pages: (ranges of stage indexes, column width in px).

    As many stages as fit at :data:`MIN_STAGE_PX` go on one page; the pages
    share the stages evenly (15 stages, 7 per page: 5 + 5 + 5, not 7 + 7 + 1).
    """
    width_mm, _height = paper_mm(size, orientation)
    usable = int((width_mm - 2 * MARGIN_MM) * PX_PER_MM) - LANE_PX
    per_page = max(1, usable // MIN_STAGE_PX)
    pages = max(1, math.ceil(n_stages / per_page))
    base, extra = divmod(n_stages, pages)
    ranges, start = [], 0
    for i in range(pages):
        count = base + (1 if i < extra else 0)
        ranges.append(range(start, start + count))
        start += count
    widest = max((len(r) for r in ranges), default=1) or 1
    return ranges, max(MIN_STAGE_PX, usable // widest)


def _curve(
    names: list[str],
    series: list[Series],
    moments: list[bool],
    title: str,
    colours: list[int],
    branches: list[Any],
    width_mm: float,
    zoom: float,
) -> str:
    """A page's emotion curve, as wide as its columns at ``zoom`` (:mod:`.fit`), for paper (:mod:`.print_curve`)."""
    column = column_px(width_mm, len(names), zoom)
    svg = emotion_curve(
        names,
        series,
        moments,
        column_width=round(column / CURVE_SCALE),
        height=round(CURVE_PX / CURVE_SCALE),
        title=title,
        colours=colours,
        branches=branches,
    )
    return print_curve(svg, CURVE_SCALE)


def image_data(image: StageImage | None) -> str:
    """A storyboard picture as a ``data:`` URL: the PDF embeds it (PDFs fetch nothing), and the document's cache
    key, the hash of its HTML, changes with the picture."""
    if image is None or image.file is None:
        return ""
    try:
        data = image.file.read_bytes()
    except OSError:
        return ""
    mime = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def iso_timestamp(epoch: int | None) -> str | None:
    return None if epoch is None else utc_time(epoch).strftime("%Y-%m-%dT%H:%M:%SZ")


MIKE_VERSION = "MIKE_DOCS_VERSION"
"""Where a build learns the version of the site it makes: ``mike deploy 2.0`` runs ``mkdocs build`` with this variable
set to ``2.0`` (mike's ``mkdocs_utils.docs_version_var``; its plugin reads it too, to put the version in
``site_url``). Aliases (``latest``) are not in it: they are folders that point at the version."""


def published_version() -> str | None:
    """The site's version when mike is publishing it, else None (a plain ``mkdocs build``)."""
    return os.environ.get(MIKE_VERSION, "").strip() or None


@dataclass
class PrintSettings:
    site_name: str
    site_url: str | None
    page_size: str = "A3"
    orientation: str = "landscape"
    commits: dict[str, Commit] | None = None  # last commit per docs-relative path
    source_date_epoch: int | None = None
    site_version: str | None = field(default_factory=published_version)
    """The version of the site the handbook belongs to (mike's), printed on its cover; None: nothing printed."""
    tags: bool = True
    """Tagged PDFs (export/tagging.py); False: each document says so in its HTML (:data:`.tagging.UNTAGGED`), so
    the cache key changes with it and the worker writes it untagged."""
    fit: bool = True
    """A short map is printed larger to fill its page (:mod:`.fit`); off where the site has its own print
    stylesheet (``pdf_css``): its page and margins are printed as it sets them."""


class PrintDocuments:
    """Renders the print HTML of maps, personas and the handbook cover."""

    def __init__(self, web: PageRenderer, settings: PrintSettings) -> None:
        self.settings = settings
        # the web pages' templates and icons (as pictures: print_icons), with the print link policy: absolute when
        # the site has a URL. A renderer of its own: the web pages' kept fragments (channel chips) stay inline SVG
        self.renderer = PrintRenderer(
            web.handbook, web.env, PrintIcons(web.icons), links=Links(settings.site_url or None)
        )
        self.cat = web.handbook.catalog

    # -- what each document says about its version and date ------------
    def _version(self, src_uri: str) -> tuple[str | None, str | None]:
        """(footer version label, metadata timestamp) of the entity at ``src_uri``."""
        commit = (self.settings.commits or {}).get(src_uri)
        if commit is not None:  # the date as the locale writes it
            return f"{commit.short}, {day(commit.date)}", iso_timestamp(commit.timestamp)
        return None, iso_timestamp(self.settings.source_date_epoch)

    def page(self, template: str, out: str, **context: Any) -> str:
        """The print document ``template`` for the PDF at ``out`` (every one: maps, personas, cover, sections)."""
        untagged = Markup(UNTAGGED) if not self.settings.tags else ""
        return self.renderer.render(template, out, site_name=self.settings.site_name, untagged=untagged, **context)

    # -- documents ------------------------------------------------------
    def map_job(self, mid: str) -> PdfJob | None:
        v = self.cat.maps.get(mid)
        if v is None or not isinstance(v.model, (Cjm, Cem)) or pdf_taken("map", mid):
            return None  # a map whose PDF would overwrite the handbook's has none (an error on its id says so)
        m = v.model
        size = (m.pdf.size if m.pdf and m.pdf.size else None) or self.settings.page_size
        orientation = (m.pdf.orientation if m.pdf and m.pdf.orientation else None) or self.settings.orientation
        out = pdf_path("map", mid)
        chunks, column_width = stage_chunks(len(m.stages), size, orientation)
        paper = paper_mm(size, orientation)
        widest = max(len(r) for r in chunks)  # a map of few stages may print larger (fit.FEW_ZOOMS)
        view = self.renderer.map_view(mid)
        colours = self.renderer.series_colours([s.key for s in view.series])  # as on the web page
        parts = []
        for r in chunks:  # the same map view as the web page; a curve per page of stages, its lanes only
            names = [m.stages[i].name for i in r]
            lanes = [
                lane
                for lane in view.lanes
                if lane[0] in view.fixed or any(has_content(lane[0], view.stages[i]) for i in r)
            ]
            sliced = [
                Series(s.name, tuple(s.values[i] if i < len(s.values) else None for i in r), s.key) for s in view.series
            ]
            title = _(
                "Emotion curve: %(title)s, stages %(first)s to %(last)s", title=m.title, first=r.start + 1, last=r.stop
            )
            moments = [view.facts.moments_of_truth[i] for i in r]
            branches = [replace(b, stage=b.stage - r.start) for b in view.branches if b.stage in r]
            part = {"first": r.start + 1, "last": r.stop, "stages": view.stages[r.start : r.stop], "lanes": lanes}
            drawn = partial(_curve, names, sliced, moments, title, colours, branches, paper[0])
            parts.append({**part, "curve": Markup(zoom_variants(drawn, widest) if self.settings.fit else drawn(1.0))})
        version, created = self._version(v.doc.src_uri)
        html = self.page(
            "journeymaps/pdf/map.html",
            out,
            **self.renderer.map_context(mid, out, view=view, web=False),
            parts=parts,
            page_size=f"{size} {orientation}",
            fit=Markup(fit_meta(*paper, widest)) if self.settings.fit else "",
            column_width=column_width,
            version=version,
            created=created,
            print_doc=True,
            image_data=image_data,
            lane_width=LANE_PX,
            findings=findings(v.doc.body),
            title_pt=title_pt(m.title),
            legend=[  # the curve's colours (renderer.series_colours), as on the web pages
                (x.name, *stroke(c), x.key)
                for x, c in zip(view.series, self.renderer.series_colours([x.key for x in view.series]), strict=True)
            ],
        )
        return PdfJob("map", mid, m.title, out, html)

    def persona_job(self, pid: str) -> PdfJob | None:
        v = self.cat.personas.get(pid)
        if v is None or not isinstance(v.model, Persona):
            return None
        out = pdf_path("persona", pid)
        version, created = self._version(v.doc.src_uri)
        html = self.page(
            "journeymaps/pdf/persona.html",
            out,
            p=self.renderer.persona_card(pid),
            full=True,
            after=Markup(self.renderer.persona_after(pid, out)),
            bio=to_html(v.doc.body) if v.doc.body.strip() else None,
            image_data=image_data,
            version=version,
            created=created,
            page_size="A4 portrait",
        )
        return PdfJob("persona", pid, v.model.name, out, html)

    def jobs(self) -> list[PdfJob]:
        """Every persona, then every map: the handbook's order."""
        personas = sorted(self.cat.personas, key=lambda p: (self.cat.personas[p].title.lower(), p))
        maps = sorted(
            self.cat.maps, key=lambda mid: (self.cat.maps[mid].kind != "cem", self.cat.maps[mid].title.lower(), mid)
        )
        out = [self.persona_job(p) for p in personas] + [self.map_job(mid) for mid in maps]
        return [j for j in out if j is not None]

    def cover(self, entries: Sequence[tuple[PdfJob, int]], created: str | None) -> PdfJob:
        """The handbook's cover and contents; ``entries`` are (job, first page number) in order."""
        out = pdf_path("handbook", "")
        rows = []
        for job, page in entries:
            if job.kind == "section":  # a report section: its link is its own name, which the assembly knows
                rows.append({"job": job, "page": page, "url": self.renderer.link(out, job.out), "detail": ""})
                continue
            url = self.renderer.link(out, self.cat.entity_url("persona" if job.kind == "persona" else "map", job.ident))
            v = self.cat.personas.get(job.ident) if job.kind == "persona" else self.cat.maps.get(job.ident)
            detail = ""
            if v is not None and isinstance(v.model, Persona):
                detail = v.model.role or ""
            elif v is not None and isinstance(v.model, (Cjm, Cem)):
                n = len(v.model.stages)
                state = _("current state") if v.model.state == "current" else _("future state")
                detail = f"{v.kind.upper()}, {state}, " + ngettext("%(n)s stage", "%(n)s stages", n, n=n)
            rows.append({"job": job, "page": page, "url": url, "detail": detail})
        html = self.page(
            "journeymaps/pdf/cover.html",
            out,
            rows=rows,
            created=created,
            version=None,
            date=day(created[:10]) if created else "",  # as the locale writes it
            site_version=self.settings.site_version,
            page_size="A4 portrait",
            personas=sum(1 for j, _ in entries if j.kind == "persona"),
            maps=sum(1 for j, _ in entries if j.kind == "map"),
        )
        return PdfJob("cover", "handbook", self.settings.site_name, out, html)
