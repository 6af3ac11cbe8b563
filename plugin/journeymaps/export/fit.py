"""A map's PDF uses its page: a short map (few stages or lanes) is printed larger until it fills the sheet.

A journey poster is handed over on its paper (A3 landscape unless the map says otherwise); at the grid's reading size a
map of four stages and six lanes filled its top half and left the rest white. The whole map (header band, grid, curve,
pictures) is scaled by one factor, the zoom, the largest of :data:`ZOOMS` (and :data:`FEW_ZOOMS`, for a map of few
stages) at which every page of stages still fits its own page. It is laid out on a page ``zoom`` times smaller and
written ``zoom`` times larger (WeasyPrint's ``write_pdf(zoom=...)``): the paper and its margins, the footer and the page
number stay where every PDF has them, and the map's type and grid grow together, the lane labels column with them, so
nothing is re-wrapped differently from what the smaller page shows. A map that fills its page already (or runs over it)
prints as it always did.

The map's print document (:mod:`.documents`) says how: its paper (and a larger zoom it may take) in
``<meta name="journeymaps-fit">``, an empty marker after each page of stages (``id="jm-fit-end-N"``, whose place
WeasyPrint reports), and its emotion curve drawn once per zoom (between ``<!--jm-zoom Z-->`` and ``<!--/jm-zoom-->``: a
curve's labels must not be stretched with its width). A document without the meta, a persona's or a report's, is laid
out once, unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

ZOOMS = (0.9, 0.95, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6)
"""The scales a map may print at: 1.6 sets the grid's 8.5 pt text at 13.6 pt and the title at 32 pt; 0.9, for a map
that runs a little over its page (a row or two of a page of stages on a page of its own), at 7.65 pt."""
FEW_STAGES = 3
FEW_ZOOMS = (1.7, 1.8, 1.9, 2.0)
"""The scales past 1.6 a map of at most :data:`FEW_STAGES` stages a page may print at: 2.0 sets the grid's text at
17 pt, its stage names at 20 pt and the title at 40 pt (measured in the PDF): poster type on A3, read from a wall or
across a table, and no larger. Why these maps only: their columns are a third of the page or wider, so the map stays
short at 1.6 and leaves the page's lower part empty (the example's maps cut to 1 to 3 stages filled 0.69 to 0.84 of
it, a sparse one 0.58); at 2.0 a column still holds some 38 characters a line (3 stages, A3 landscape), so the text
re-wraps little and the map grows into the page. With four stages or more a column would hold 28 characters or fewer
at 2.0, ragged short lines: those maps keep 1.6 at most, and print as before. Another paper for a small map was
measured and not taken: portrait filled 0.51 to 0.68 at 1.6 (narrower columns make the map taller, the page is taller
still), and a smaller sheet than the site's paper is not what it prints on."""
FILL = 0.98
"""The share of the page's text area (above the footer) the scaled map may fill."""
MARGINS_MM = (10.0, 10.0, 14.0, 10.0)
"""The pages' margins (top, right, bottom, left; pdf.css ``@page``): they stay the same at every zoom."""
FOOTER_PT = 8.0
FOOTER_PAD_MM = 3.0
"""The running footer's size and its distance below the text area (pdf.css ``@bottom-left``)."""
GROWTH = 1.5
"""How a map's height grows with the zoom, at first guess (as ``zoom ** GROWTH``: more than the zoom, as its text
re-wraps in narrower columns; the example's maps grew by 1.1 to 1.4); each layout measures it again."""
MOST_OVER = 1.5
"""A map that runs over its pages by more (half a page of rows on a page of their own) is not made smaller: it
would not fit at 0.9 either."""
MAX_LAYOUTS = 3
"""Layouts per map at most: the one at 1.0, a guess from it, one correction."""
LEAST_GAIN = 1.2
"""The smallest zoom worth more layouts: a map that fills its page too far for this (expected) prints at 1.0. Each
layout costs as much as the rest of the map's PDF (20 generated maps of 0.8 of a page: 49 layouts for 22 documents,
CPU per map 1.9 x, all to print at 1.1)."""
PX_PER_MM = 96 / 25.4
"""CSS pixels per millimetre (96 to the inch): the print documents and their fit measure in both."""
META = re.compile(r'<meta name="journeymaps-fit" content="([0-9.]+) ([0-9.]+)(?: ([0-9.]+))?">')
VARIANT = re.compile(r"<!--jm-zoom ([0-9.]+)-->(.*?)<!--/jm-zoom-->", re.S)
END = "jm-fit-end-"
MARKER = re.compile(r'<[a-z]+ [^<>]*\bid="jm-fit-end-([0-9]+)"')
"""A page of stages' marker: an element's ``id``, in a tag. The same words in an author's text (a map's Markdown
body, a curve label) are never in a tag: its ``<`` is escaped, while a ``"`` may be left as typed."""

Layout = Callable[[str], Any]
"""Lays a document's HTML out: WeasyPrint's ``HTML(string=...).render(...)``, a ``Document``."""


def label(zoom: float) -> str:
    return f"{zoom:.2f}"


def zooms(stages: int) -> tuple[float, ...]:
    """The scales a map whose widest page holds ``stages`` stages may print at."""
    return ZOOMS + FEW_ZOOMS if stages <= FEW_STAGES else ZOOMS


def variants(drawn: Callable[[float], str], stages: int = FEW_STAGES + 1) -> str:
    """One picture per zoom of :func:`zooms`, in the markers :func:`at_zoom` keeps one of: ``drawn(zoom)`` is its
    markup."""
    return "".join(f"<!--jm-zoom {label(z)}-->{drawn(z)}<!--/jm-zoom-->" for z in zooms(stages))


def meta(width_mm: float, height_mm: float, stages: int = FEW_STAGES + 1) -> str:
    """The ``<meta>`` of a document that is fitted to its paper (``width_mm`` by ``height_mm``, as printed), its widest
    page ``stages`` stages; the largest zoom follows when it is not the usual 1.6 (a map of four stages or more says
    what it always said)."""
    most = zooms(stages)[-1]
    extra = f" {label(most)}" if most != ZOOMS[-1] else ""
    return f'<meta name="journeymaps-fit" content="{width_mm:.2f} {height_mm:.2f}{extra}">'


def at_zoom(html: str, zoom: float, paper: tuple[float, float]) -> str:
    """The document laid out for ``zoom``: its page ``zoom`` times smaller (margins and footer too, so that they
    print unchanged), its pictures of that zoom only."""
    name = label(zoom)
    html = VARIANT.sub(lambda m: m.group(2) if m.group(1) == name else "", html)
    if zoom == 1.0:
        return html
    top, right, bottom, left = (f"{m / zoom:.3f}mm" for m in MARGINS_MM)
    footer = f"{FOOTER_PT / zoom:.3f}pt"
    css = (
        f"@page {{ size: {paper[0] / zoom:.3f}mm {paper[1] / zoom:.3f}mm; margin: {top} {right} {bottom} {left};"
        f" @bottom-left {{ font-size: {footer}; padding-top: {FOOTER_PAD_MM / zoom:.3f}mm }} }}"
        f" .jm-print-footer {{ font-size: {footer} }}"
    )
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def filled(document: Any, parts: int, zoom: float) -> float | None:
    """How many pages' text areas the longest page of stages takes: 0.6 fills 60% of its page, 1.2 runs a fifth of a
    page onto the next; None when a marker is missing."""
    top, bottom = MARGINS_MM[0] / zoom * PX_PER_MM, MARGINS_MM[2] / zoom * PX_PER_MM
    most, start = 0.0, 0
    for number in range(1, parts + 1):
        name = f"{END}{number}"
        found = next((i for i in range(start, len(document.pages)) if name in document.pages[i].anchors), None)
        if found is None:
            return None
        page = document.pages[found]
        most = max(most, found - start + (page.anchors[name][1] - top) / (page.height - top - bottom))
        start = found + 1  # the next page of stages starts on a page of its own
    return most


def fits(zoom: float, fill: float) -> bool:
    """Whether a layout at ``zoom`` keeps each page of stages on its page (a larger one, with room to spare)."""
    return fill <= (FILL if zoom > 1 else 1.0)


def render(html: str, layout: Layout) -> tuple[Any, float]:
    """Lay the document out at the zoom that fits it best: the largest that keeps each page of stages on its page,
    below 1.0 only for a map that runs a little over its pages. (document, zoom)."""
    found = META.search(html)
    if found is None:
        return layout(html), 1.0
    paper = (float(found.group(1)), float(found.group(2)))
    scales = ZOOMS + tuple(z for z in FEW_ZOOMS if found.group(3) and z <= float(found.group(3)))
    parts = len(set(MARKER.findall(html)))
    document = layout(at_zoom(html, 1.0, paper))
    fill = filled(document, parts, 1.0)
    if fill is None or fill <= 0 or fill > MOST_OVER:
        return document, 1.0
    best = (document, 1.0) if fits(1.0, fill) else None
    if best is not None and fill * LEAST_GAIN**GROWTH > FILL:
        return best  # full enough: a little larger type is not worth two more layouts
    too_big, growth = (math.inf if best else 1.0), GROWTH
    for _ in range(MAX_LAYOUTS - 1):
        options = [z for z in scales if (best[1] if best else 0.0) < z < too_big]
        likely = [z for z in options if fill * z**growth <= FILL]  # expected to fit, from the layout at 1.0
        if not likely and (best is not None or not options):
            break
        zoom = likely[-1] if likely else options[0]  # a map that runs over tries the smallest zoom first
        trial = layout(at_zoom(html, zoom, paper))
        trial_fill = filled(trial, parts, zoom)
        if trial_fill is None or not fits(zoom, trial_fill):
            too_big = zoom
            continue
        best = (trial, zoom)
        growth = max(1.0, math.log(trial_fill / fill) / math.log(zoom))
    return best or (document, 1.0)
