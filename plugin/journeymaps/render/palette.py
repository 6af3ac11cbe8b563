"""The series' looks: each a colour, a dash and a marker, so that no two series of a chart look the same, on paper
and in black and white too. The stylesheet's ``jm-series-{n}`` classes give the colours for the web (dark mode)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DASHES", "PALETTE", "PALETTE_SIZE", "SHAPES", "chart_colours", "series_style", "stroke"]

DASHES: tuple[str, ...] = ("", "6 4", "2 3", "10 3 2 3")
"""``stroke-dasharray`` per series index (cycled); ``""`` means a solid line."""

SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "diamond")
"""Marker shape per series index (cycled)."""

PALETTE: tuple[str, ...] = ("#1f6feb", "#c2410c", "#6d28d9", "#047857", "#be185d", "#0e7490", "#854d0e", "#4d7c0f")
"""Series colours, written as each group's ``color`` attribute so the SVG is right on its own (print,
PDF); the stylesheet's ``jm-series-{n}`` classes override them (dark mode)."""

PALETTE_SIZE = len(PALETTE)
"""Number of ``jm-series-{n}`` colour classes in the stylesheet (cycled)."""


def series_style(c: int) -> tuple[int, str, str]:
    """Series ``c``'s colour (a ``jm-series-{n}`` index), dash and marker. Past the eight colours the dash and the
    marker move on by one, so series 8 is not series 0 again (a solid blue line with circles)."""
    k = c + c // PALETTE_SIZE
    return c % PALETTE_SIZE, DASHES[k % len(DASHES)], SHAPES[k % len(SHAPES)]


def stroke(c: int) -> tuple[str, str]:
    """Series ``c``'s line as paper draws it: its colour (``#rrggbb``) and dash (a PDF legend's sample)."""
    colour, dash, _shape = series_style(c)
    return PALETTE[colour], dash


def chart_colours(own: Iterable[int]) -> list[int]:
    """The series of one chart, each in its persona's own colour unless a series before it has that colour (a
    handbook's 9th persona has the 1st's): then the next colour free in the chart; past eight series, the colours
    again with other dashes and markers (:func:`series_style`). No two series of a chart look the same."""
    used: list[int] = []
    for c in own:
        if len(used) < PALETTE_SIZE:
            while c % PALETTE_SIZE in {u % PALETTE_SIZE for u in used}:
                c += 1
            c %= PALETTE_SIZE
        while c in used:
            c += PALETTE_SIZE
        used.append(c)
    return used
