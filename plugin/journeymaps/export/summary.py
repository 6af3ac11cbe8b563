"""The handbook's report sections: an executive summary, the opportunity backlog and the CJM-vs-CEM comparison.

Each is one print document (A4), rendered and cached like a map's PDF and placed in the handbook by the assembly
(the summary after the contents, the backlog and the comparison after the maps), each with its bookmark. They are
not published on their own: the web has the same facts on its generated pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymaps.analysis.backlog import NEXT_QUARTER, RankedOpportunity
from journeymaps.analysis.compare import CemCoverage, cem_coverage
from journeymaps.analysis.health import map_health
from journeymaps.catalog.urls import pdf_path
from journeymaps.export.documents import CURVE_SCALE, PdfJob
from journeymaps.export.fit import PX_PER_MM
from journeymaps.export.print_curve import print_curve
from journeymaps.i18n import _
from journeymaps.render.map_view import persona_name
from journeymaps.render.palette import stroke
from journeymaps.render.svg import emotion_curve
from journeymaps.validation.models import Cem, Cjm

if TYPE_CHECKING:
    from journeymaps.export.documents import PrintDocuments

SUMMARY_WIDTH_MM = 190.0
"""The text width of an A4 portrait page (pdf.css margins): the summary's curves fill it."""
SUMMARY_CURVE_PX = 110
NEXT = 3
"""Opportunities named per CEM in the summary."""
SECTIONS = ("summary", "backlog", "compare")
"""The report sections, by ident; the summary goes before the personas and maps, the others after them."""


def section_out(ident: str) -> str:
    """The section's name in the cache and the assembly (beside the handbook; never written to the site)."""
    return pdf_path("handbook", "").removesuffix(".pdf") + f".{ident}.pdf"


def section_title(ident: str) -> str:
    return {"summary": _("Executive summary"), "backlog": _("Opportunity backlog"), "compare": _("CJM vs CEM")}[ident]


def _family(docs: PrintDocuments, cem_id: str) -> set[str]:
    """The CEM and the CJMs that detail its stages."""
    return {cem_id} | {cjm for cjm, _stage in docs.cat.zoomed_by.get(cem_id, [])}


def _health_line(docs: PrintDocuments, mid: str) -> dict[str, Any]:
    analysis = docs.renderer.handbook.analysis
    findings = map_health(docs.cat, analysis, mid)
    v = docs.cat.maps[mid]
    return {
        "id": mid,
        "title": v.title,
        "kind": v.kind.upper(),
        "state": v.model.state if isinstance(v.model, (Cjm, Cem)) else "",
        "findings": [f.message for f in findings],
    }


def _cem_summary(docs: PrintDocuments, cov: CemCoverage, ranked: list[RankedOpportunity]) -> dict[str, Any]:
    analysis = docs.renderer.handbook.analysis
    v = docs.cat.maps[cov.cem_id]
    facts = analysis.maps[cov.cem_id]
    n = max(1, len(cov.stages))
    column = round(SUMMARY_WIDTH_MM * PX_PER_MM / n / CURVE_SCALE)
    names = {p: persona_name(docs.cat, p) for p in v.personas}
    colours = docs.renderer.series_colours(list(facts.series))  # as on the web pages
    series = [(names.get(p, p) or _("Emotion"), *stroke(c)) for p, c in zip(facts.series, colours, strict=True)]
    view = docs.renderer.map_view(cov.cem_id)
    curve = emotion_curve(
        [s.name for s in cov.stages],
        view.series,
        facts.moments_of_truth,
        column_width=column,
        height=round(SUMMARY_CURVE_PX / CURVE_SCALE),
        title=_("Emotion curve: %(title)s", title=cov.title),
        colours=docs.renderer.series_colours([s.key for s in view.series]),
    )
    hot = []
    for s in cov.stages:
        if not s.hot:
            continue
        low = sorted((value, names.get(p, p)) for p, value in s.emotions.items() if value is not None)
        # every persona the stage hurts (-1 or lower: what makes it a hot spot), lowest first, as the web page
        hot.append({"stage": s, "low": [(name, value) for value, name in low if value <= -1]})
    family = _family(docs, cov.cem_id)
    return {
        "id": cov.cem_id,
        "title": cov.title,
        "curve": print_curve(curve, CURVE_SCALE),  # its labels in the print font
        "stages": cov.stages,
        "series": series,
        "hot": hot,
        "next": [r for r in ranked if r.rank is not None and r.map_id in family][:NEXT],
        "uncovered": [names.get(p, p) for p in cov.uncovered_personas],
    }


def section_jobs(docs: PrintDocuments) -> list[PdfJob]:
    """The three report sections of the handbook (none when the handbook has no maps)."""
    cat, analysis = docs.cat, docs.renderer.handbook.analysis
    maps = sorted(
        (mid for mid, _v, _m in cat.valid_maps() if mid in analysis.maps),
        key=lambda mid: (cat.maps[mid].kind != "cem", cat.maps[mid].title.lower(), mid),
    )
    if not maps:
        return []
    ranked = docs.renderer.ranked  # the backlog as the site's opportunities index ranks it, once per build
    coverages = [c for c in (cem_coverage(cat, analysis, mid) for mid in maps if cat.maps[mid].kind == "cem") if c]
    common: dict[str, Any] = {
        "created": None,
        "version": None,
        "page_size": "A4 portrait",
        "pname": lambda pid: persona_name(cat, pid),
        "next_quarter": NEXT_QUARTER,
    }
    cems = [_cem_summary(docs, c, ranked) for c in coverages]
    top = [r for r in ranked if r.rank is not None][:NEXT]
    shown = {id(r) for c in cems for r in c["next"]}
    contexts: dict[str, dict[str, Any]] = {
        "summary": {
            "cems": cems,
            "top": top,
            "top_elsewhere": any(id(r) not in shown for r in top),  # of a map no CEM's family holds
            "health": [_health_line(docs, mid) for mid in maps],
        },
        "backlog": {"ranked": ranked},
        "compare": {"coverages": coverages},
    }
    jobs = []
    for ident in SECTIONS:
        if ident == "compare" and not coverages:  # a page saying "No CEM in this handbook." tells a board nothing
            continue
        out = section_out(ident)
        title = section_title(ident)
        html = docs.page(
            f"journeymaps/pdf/{ident}.html",
            pdf_path("handbook", ""),  # links are read from the handbook's folder
            section_title=title,
            **common,
            **contexts[ident],
        )
        jobs.append(PdfJob("section", ident, title, out, html))
    return jobs
