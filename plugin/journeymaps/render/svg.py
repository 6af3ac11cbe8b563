"""Inline SVG: the emotion curve of a map and the sparkline of a persona's maps.

Both renderers are pure functions of their input: the same input gives the
same bytes (numbers go through one fixed formatter, ids are a short hash of
the input). Every piece of user text (stage names, persona names, titles,
labels) is XML-escaped with :func:`html.escape` before it is written.

Colour is never the only signal: each series has its own marker shape and its
own dash pattern, every point carries its value as text, and the ``<desc>`` of
the curve is a full text equivalent of the chart. Colours come from the
stylesheet through the ``jm-series-{n}`` classes; the SVG itself only carries
``currentColor`` presentation attributes as fallbacks.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from journeymaps.i18n import _
from journeymaps.render.branches import Branch, describe_branches, draw_branches
from journeymaps.render.palette import PALETTE, series_style
from journeymaps.render.signs import SIGNS
from journeymaps.vocabulary import emotion_word, num, signed

__all__ = [
    "SVG_NS",
    "Series",
    "emotion_curve",
    "slug",
    "sparkline",
]

SVG_NS = "http://www.w3.org/2000/svg"
"""The SVG namespace written as ``xmlns`` on every root element."""

PAD_Y = 22.0
"""Vertical padding (px) of the curve above +2 and below -2, room for labels."""

SPREAD = 6.0
"""Horizontal distance (px) between the points of two series at one stage (at most: narrow columns get less), so
that personas at the same value are all seen (the web's lane curve spreads them the same way)."""

LABEL_DX = 8.0
"""Horizontal gap (px) between a point and its value label, at least."""

LABEL_GAP = LABEL_DX + 4
"""From the rightmost point of a stage to its value labels, where the column has room: clear of the widest marker
(a diamond, 6.5 px each side) and a path's ring (6 px), by 5 px at least."""

LABEL_EM = 0.6
"""A value label's width per character, in em, at most (Roboto's figures and signs are 0.56 em and less)."""

FONT_SIZE = 11
"""Fallback font size of the curve's text (the stylesheet overrides it)."""

STAR = SIGNS["moment"]
"""The moment-of-truth star (24 x 24 path data), drawn at half size at the top left of its column."""


@dataclass(frozen=True)
class Series:
    """One line of the emotion curve: a persona's emotion per stage.

    Attributes:
        name: Display name of the persona, e.g. ``"Maya Chen"`` (may be empty).
        values: One value per stage in -2..2; ``None`` means no emotion at
            that stage. Missing trailing values are treated as ``None``,
            extra values are ignored.
        key: Stable id (the persona id); slugged to ``[a-z0-9-]`` and written
            as the CSS class ``jm-key-{slug}`` on the series group.
    """

    name: str
    values: tuple[float | None, ...]
    key: str = ""


# --------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------


def _clamp(value: float) -> float:
    """Clamp ``value`` into the emotion range -2..2."""
    return max(-2.0, min(2.0, value))


def slug(text: str) -> str:
    """Slug ``text`` to ``[a-z0-9-]`` for use in a CSS class name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _esc(text: str) -> str:
    """Escape ``text`` for XML content and attribute values."""
    return escape(text, quote=True)


def _value(values: Sequence[float | None], i: int) -> float | None:
    """Return ``values[i]`` as a finite float, or ``None`` (missing, None, NaN, inf)."""
    if i >= len(values):
        return None
    v = values[i]
    if v is None:
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split ``points`` at every ``None`` into runs of consecutive points.

    Runs of a single point are dropped: they draw no line (their marker
    shows the value).
    """
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(p)
    return [r for r in runs if len(r) > 1]


def _path_d(run: Sequence[tuple[float, float]]) -> str:
    """Path data ``M x,y L x,y ...`` through the points of one run."""
    return " ".join(f"{'M' if i == 0 else 'L'}{num(x)},{num(y)}" for i, (x, y) in enumerate(run))


def _marker(shape: str, x: float, y: float, title: str) -> str:
    """One point marker of ``shape`` centred on (x, y), with a hover ``<title>``."""
    cls = f"jm-curve-point jm-marker-{shape}"
    t = f"<title>{_esc(title)}</title>"
    if shape == "circle":
        return f'<circle class="{cls}" cx="{num(x)}" cy="{num(y)}" r="5" fill="currentColor">{t}</circle>'
    if shape == "square":
        return (
            f'<rect class="{cls}" x="{num(x - 4.5)}" y="{num(y - 4.5)}" width="9" height="9" '
            f'fill="currentColor">{t}</rect>'
        )
    if shape == "triangle":
        corners = [(x, y - 6.0), (x + 6.0, y + 4.5), (x - 6.0, y + 4.5)]
    else:  # diamond
        corners = [(x, y - 6.5), (x + 6.5, y), (x, y + 6.5), (x - 6.5, y)]
    pts = " ".join(f"{num(px)},{num(py)}" for px, py in corners)
    return f'<polygon class="{cls}" points="{pts}" fill="currentColor">{t}</polygon>'


def _hash_id(*parts: object) -> str:
    """A deterministic, short element id derived from ``parts``."""
    return "jm-curve-" + hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------
# Emotion curve
# --------------------------------------------------------------------------


def _describe(stages: Sequence[str], series: Sequence[Series], mot: Sequence[bool]) -> str:
    """The full text equivalent of the curve (unescaped).

    E.g. ``"Maya Chen: Sign up +1 (positive), Verify identity -2 (very
    negative, moment of truth)"``; series are separated by ``"; "``.
    """
    if not any(_value(s.values, i) is not None for s in series for i in range(len(stages))):
        return _("No emotion data.")
    texts: list[str] = []
    for s in series:
        bits: list[str] = []
        for i, stage in enumerate(stages):
            v = _value(s.values, i)
            notes = [] if v is None else [emotion_word(v)]
            if i < len(mot) and mot[i]:
                notes.append(_("moment of truth"))
            shown = _("no data") if v is None else signed(v)
            bits.append(f"{stage} {shown}" + (f" ({', '.join(notes)})" if notes else ""))
        texts.append((f"{s.name}: " if s.name else "") + ", ".join(bits))
    return "; ".join(texts) + "."


def point_title(name: str, stage: str, value: float) -> str:
    """A curve point's hover text and accessible name, the same on the web and in print: whose it is (when the
    curve has a name), the stage, the value and its word."""
    word = emotion_word(value)
    if name:
        return _("%(name)s at %(stage)s: %(value)s (%(word)s)", name=name, stage=stage, value=signed(value), word=word)
    return _("%(stage)s: %(value)s (%(word)s)", stage=stage, value=signed(value), word=word)


def emotion_curve(
    stages: Sequence[str],
    series: Sequence[Series],
    moments_of_truth: Sequence[bool],
    *,
    column_width: int = 224,
    height: int = 160,
    title: str = "Emotion curve",
    colours: Sequence[int] | None = None,
    branches: Sequence[Branch] = (),
) -> str:
    """Render the emotion curve of a map as an inline ``<svg>`` string.

    The SVG is laid over the emotion lane of a table whose stage columns are
    ``column_width`` wide: point ``i`` is centred at
    ``x = i * column_width + column_width / 2``; +2 is at the top, -2 at the
    bottom (with :data:`PAD_Y` padding). Values outside -2..2 are clamped for
    drawing; ``None`` values leave a gap in the line.

    Args:
        stages: Stage names, in order.
        series: One series per persona (a cjm has one, a cem may have several).
        moments_of_truth: Per stage, whether it is a moment of truth.
        column_width: Width (px) of one stage column.
        height: Height (px) of the SVG.
        title: Accessible title of the chart.
        colours: Per series, its colour, dash and marker index (a persona's own, as on the web pages); by default
            the series' position.
        branches: The stages' alternative paths: the curve splits at their stage and joins again at the next.

    Returns:
        The ``<svg>`` markup (no XML declaration), deterministic for the input.
    """
    n_stages = len(stages)
    width = n_stages * column_width
    ident = _hash_id(tuple(stages), tuple(series), tuple(moments_of_truth), column_width, height, title, *branches)
    said = _describe(stages, series, moments_of_truth) + describe_branches(stages, branches)
    inner = max(1.0, height - 2 * PAD_Y)

    def x_of(i: int) -> float:
        return i * column_width + column_width / 2

    def y_of(value: float) -> float:
        return PAD_Y + (2.0 - _clamp(value)) / 4.0 * inner

    out: list[str] = [
        f'<svg xmlns="{SVG_NS}" class="jm-curve" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{_esc(title)}</title>',
        f'<desc id="{ident}-desc">{_esc(said)}</desc>',
    ]

    # Moments of truth: a dashed band behind the column, a star (a path, not a glyph a font may lack) at its top.
    for i, is_mot in enumerate(moments_of_truth[:n_stages]):
        if not is_mot:
            continue
        left = i * column_width
        out.append(
            f'<rect class="jm-curve-mot" data-stage="{i}" x="{num(left + 2)}" y="1" '
            f'width="{num(max(0, column_width - 4))}" height="{num(max(0, height - 2))}" '
            f'fill="none" stroke="currentColor" stroke-dasharray="4 3"/>'
        )
        said = _esc(_("Moment of truth"))  # outside the f-string, where Babel looks
        out.append(
            f'<g class="jm-curve-mot-label" data-stage="{i}" transform="translate({num(left + 6)} 3) scale(0.5)">'
            f'<title>{said}</title><path d="{STAR}" fill="currentColor"/></g>'
        )

    # Grid, neutral baseline and the tiny +2 / -2 axis labels.
    for level in (2, 1, -1, -2):
        gy = num(y_of(level))
        out.append(
            f'<line class="jm-curve-grid" x1="0" y1="{gy}" x2="{width}" y2="{gy}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
    y0 = num(y_of(0))
    out.append(
        f'<line class="jm-curve-baseline" x1="0" y1="{y0}" x2="{width}" y2="{y0}" '
        f'stroke="currentColor" stroke-dasharray="4 4"/>'
    )
    # beside their lines, not on them (9 px type, figures 6.5 px tall): '+2' just above its line, '-2' just below
    out.append(f'<text class="jm-curve-axis" x="2" y="{num(y_of(2) - 2)}" font-size="9">+2</text>')
    out.append(f'<text class="jm-curve-axis" x="2" y="{num(y_of(-2) + 9)}" font-size="9">-2</text>')

    # One group per series: line segments, markers, value labels (one label per value per stage: two personas
    # at the same value share it, instead of printing "0 0" side by side).
    labelled: set[tuple[int, float]] = set()
    spread = min(SPREAD, column_width * 0.4 / len(series)) if len(series) > 1 else 0.0
    shifts = [(n - (len(series) - 1) / 2) * spread for n in range(len(series))]  # personas at one value side by side
    # Each stage's rightmost point, of every series and path (a path's ring is at its stage's centre): one stage's
    # labels stand at different heights, each above its point, where the points of the value above are; right of
    # them all, no point hides a label. (Shifted per series instead, a label stood over the next stage's point.)
    rings = {b.stage for b in branches}
    rightmost = [
        max(
            [x_of(i) + d for d, s in zip(shifts, series, strict=True) if _value(s.values, i) is not None]
            + [x_of(i)] * (i in rings),
            default=x_of(i),
        )
        for i in range(n_stages)
    ]
    for n, s in enumerate(series):
        dx = shifts[n]
        c = colours[n] if colours is not None and n < len(colours) else n
        colour, dash, shape = series_style(c)
        key = slug(s.key)
        group_cls = f"jm-curve-series jm-series-{colour}" + (f" jm-key-{key}" if key else "")
        values = [_value(s.values, i) for i in range(n_stages)]
        out.append(f'<g class="{group_cls}" data-series="{n}" color="{PALETTE[colour]}">')
        points = [None if v is None else (x_of(i) + dx, y_of(v)) for i, v in enumerate(values)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _segments(points):
            out.append(
                f'<path class="jm-curve-line jm-series-{colour}" d="{_path_d(run)}" fill="none" '
                f'stroke="currentColor" stroke-width="2.5"{dash_attr}/>'
            )
        for i, v in enumerate(values):
            if v is None:
                continue
            x, y = x_of(i) + dx, y_of(v)
            hover = point_title(s.name, stages[i], v)
            out.append(_marker(shape, x, y, hover))
            if (i, _clamp(v)) in labelled:
                continue
            labelled.add((i, _clamp(v)))
            ly = y - 9  # above its point: the padding above +2 holds it (below, it met the labels of 0 and +1)
            text = _esc(signed(v))
            wide, start = LABEL_EM * FONT_SIZE * len(text), rightmost[i]
            # in its stage's column where there is room, else as close to its points as may be; inside the picture
            lx = min(max(min(start + LABEL_GAP, (i + 1) * column_width - 1 - wide), start + LABEL_DX), width - 1 - wide)
            out.append(
                f'<text class="jm-curve-label" x="{num(lx)}" y="{num(ly)}" '
                f'font-size="{FONT_SIZE}" stroke="none">{text}</text>'
            )
        out.append("</g>")
    if series:
        main = [_value(series[0].values, i) for i in range(n_stages)]
        out.append(draw_branches(branches, main, stages, lambda i: num(x_of(i)), y_of, font=FONT_SIZE - 1))

    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------
# Sparkline
# --------------------------------------------------------------------------


def sparkline(values: Sequence[float | None], *, width: int = 120, height: int = 28, label: str) -> str:
    """Render a small inline ``<svg>`` sparkline of emotion values.

    Point ``i`` is centred in the ``i``-th of ``len(values)`` equal slots;
    +2 is at the top, -2 at the bottom. A baseline marks 0, a line runs
    through the non-``None`` values (split at gaps) and a dot marks each value.

    Args:
        values: Emotion values in -2..2 (clamped); ``None`` means no data.
        width: Width (px) of the SVG.
        height: Height (px) of the SVG.
        label: Accessible name; the aria-label is ``"{label}: +1, -2, no data"``.

    Returns:
        The ``<svg>`` markup (no XML declaration), deterministic for the input.
    """
    clean = [_value(values, i) for i in range(len(values))]
    step = width / max(1, len(clean))
    pad = 3.0

    def y_of(v: float) -> float:
        return pad + (2.0 - _clamp(v)) / 4.0 * max(1.0, height - 2 * pad)

    text = ", ".join("no data" if v is None else signed(v) for v in clean) or "no data"
    y0 = num(y_of(0))
    out: list[str] = [
        f'<svg xmlns="{SVG_NS}" class="jm-sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_esc(label + ": " + text)}">',
        f'<line class="jm-sparkline-baseline" x1="0" y1="{y0}" x2="{width}" y2="{y0}" '
        f'stroke="currentColor" stroke-opacity="0.3"/>',
    ]
    points = [None if v is None else (i * step + step / 2, y_of(v)) for i, v in enumerate(clean)]
    for run in _segments(points):
        out.append(f'<path class="jm-sparkline-line" d="{_path_d(run)}" fill="none" stroke="currentColor"/>')
    for p in points:
        if p is not None:
            out.append(
                f'<circle class="jm-sparkline-dot" cx="{num(p[0])}" cy="{num(p[1])}" r="2" fill="currentColor"/>'
            )
    out.append("</svg>")
    return "".join(out)
