"""The emotion lane of a map's web page: a fluid inline SVG that fills the grid's stage columns.

:func:`journeymaps.render.svg.emotion_curve` draws on a fixed pixel grid (the PDF pages, the comparison pages);
this one draws on percentages of its width, so the curve follows stage columns that share the page's width
(``x = (i + 0.5) / n`` of the width), at any screen size, without scaling its text. On top of the curve:

- a positive band above the neutral line and a negative band below it;
- one colour, dash pattern and marker shape per persona; with several personas each one's line is shifted a few
  pixels sideways, so equal values never hide each other's markers;
- a value label per distinct value at a stage (one ``0`` for three personas at 0, not ``0 0 0``), coloured by
  value, placed above or below its marker away from the line, and moved until it overlaps no marker and no other
  label of its stage, while still nearer its own marker than any other value's (else left out);
- moments of truth as a labelled band;
- optionally a ghost: the current state's curve, faint and dashed, behind a future state's.

Deterministic and escaped like :mod:`journeymaps.render.svg`, whose helpers it shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from journeymaps.i18n import _, active
from journeymaps.render.branches import Branch, describe_branches, draw_branches
from journeymaps.render.palette import PALETTE, series_style
from journeymaps.render.svg import (
    SVG_NS,
    Series,
    _clamp,
    _describe,
    _esc,
    _hash_id,
    _marker,
    _value,
    point_title,
    slug,
)
from journeymaps.vocabulary import num, said

__all__ = ["emotion_lane"]

TOP = 30.0
"""Room (px) above +2: the moment-of-truth label and a label above a +2 point."""

BOTTOM = 24.0
"""Room (px) below -2: a label under a -2 point (its marker's half height, a gap and a line of type)."""

SPREAD = 14.0
"""Sideways gap (px) between the markers of two personas at one stage."""

FONT = 12
"""Font size (px) of the value labels."""

MARK = 8.0
"""Half the height (px) a marker takes, with its outline, for label placement."""


def _pct(fraction: float) -> str:
    """A fraction of the width as an SVG percentage, three decimals at most: ``0.5`` -> ``"50%"``."""
    text = f"{fraction * 100:.3f}".rstrip("0").rstrip(".")
    return ("0" if text in ("", "-0") else text) + "%"


def forget_texts() -> None:
    """Empty the caches of the curves' texts (a one-shot build, once its pages are rendered: memory)."""
    _said.cache_clear()
    _point_title.cache_clear()


@lru_cache(maxsize=64)
def _said(
    speech: object,
    stages: tuple[str, ...],
    series: tuple[Series, ...],
    mots: tuple[bool, ...],
    branches: tuple[Branch, ...],
) -> str:
    """The curve's text equivalent in the language ``speech``: a map page draws its curve twice (wide and phone)
    with the same text."""
    return _describe(stages, series, mots) + describe_branches(stages, branches)


@lru_cache(maxsize=1024)
def _point_title(speech: object, name: str, stage: str, value: float) -> str:
    """:func:`point_title` in the language ``speech``, escaped, once for a map page's two curves."""
    return _esc(point_title(name, stage, value))


@cache
def _marker_parts(shape: str) -> tuple[str, str]:
    """A marker of ``shape`` at (0, 0) around its hover title: (before the title's text, after it)."""
    before, _title, after = _marker(shape, 0, 0, "\x00").partition("\x00")
    return before, after


def _label_y(
    prefer_above: bool, my: float, taken: list[tuple[float, float]], height: float, others: Sequence[float] = ()
) -> float | None:
    """The baseline of a label near a marker at ``my``: above or below first, then further out, never over a box
    in ``taken`` ((top, bottom) of markers and labels already placed in the same stage), and never nearer a marker
    of another value (at a height in ``others``) than its own: a "-2" written above the markers at -1 reads as
    theirs. None where no place is left: no label (the phone's stage cards and the hover titles say
    every value)."""
    above, below = my - MARK - 3, my + MARK + FONT
    first, second, out = (above, below, -1) if prefer_above else (below, above, 1)
    candidates = [first, second] + [first + out * 14.0 * k for k in (1, 2, 3)]
    candidates += [second - out * 14.0 * k for k in (1, 2, 3)]
    for y in candidates:
        top, bottom = y - FONT + 1, y + 3
        if top < 2 or bottom > height - 1:
            continue
        middle = y - FONT / 3  # of the digits, as drawn
        if all(bottom <= t or top >= b for t, b in taken) and all(
            abs(o - middle) > abs(my - middle) + 2 for o in others
        ):
            return y
    return None


def emotion_lane(
    stages: Sequence[str],
    series: Sequence[Series],
    moments_of_truth: Sequence[bool],
    *,
    height: int = 220,
    title: str = "Emotion curve",
    ghost: Series | None = None,
    compact: bool = False,
    colours: Sequence[int] | None = None,
    band_label: str | None = None,
    branches: Sequence[Branch] = (),
) -> str:
    """Render the emotion lane of a map as a fluid inline ``<svg>`` (``width="100%"``).

    Args:
        stages: Stage names, in order.
        series: One series per persona.
        moments_of_truth: Per stage, whether it is a moment of truth.
        height: Height (px).
        title: Accessible title (also what makes the element ids unique on a page).
        ghost: The current state's values per stage of this (future) map, drawn faint and dashed.
        compact: A small curve (phones): no band words, no moment-of-truth words.
        colours: Per series, its colour, dash and marker index (a persona's own across pages); default 0, 1, 2...
        band_label: What the marked stages' band says (default "Moment of truth"; the pair page marks the stage a
            CJM details).
        branches: The stages' alternative paths: the curve splits at their stage and joins again at the next.
    """
    n = max(1, len(stages))
    band = band_label or _("Moment of truth")
    inner = max(1.0, height - TOP - BOTTOM)
    ident = _hash_id(
        "lane", tuple(stages), tuple(series), tuple(moments_of_truth), height, title, ghost, compact, tuple(branches)
    )

    xs = [_pct((i + 0.5) / n) for i in range(len(stages))]  # a stage's x, as written
    ys: dict[float, float] = {}
    nys: dict[float, str] = {}

    def xp(i: int) -> str:
        return xs[i]

    def y_of(value: float) -> float:
        found = ys.get(value)
        if found is None:
            found = ys[value] = TOP + (2.0 - _clamp(value)) / 4.0 * inner
        return found

    def ny(value: float) -> str:
        """``num(y_of(value))``: a point's height as written."""
        found = nys.get(value)
        if found is None:
            found = nys[value] = num(y_of(value))
        return found

    speech = active()
    described = list(series) + ([Series(_("Current state"), ghost.values)] if ghost else [])
    spoken = _said(speech, tuple(stages), tuple(described), tuple(moments_of_truth), tuple(branches))
    y0, y_top, y_bottom = y_of(0), y_of(2), y_of(-2)
    out: list[str] = [
        f'<svg xmlns="{SVG_NS}" class="jm-curve jm-lane-curve{" jm-lane-compact" if compact else ""}" width="100%" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{_esc(title)}</title>',
        f'<desc id="{ident}-desc">{_esc(spoken)}</desc>',
        f'<rect class="jm-band-pos" x="0" y="{num(y_top)}" width="100%" height="{num(y0 - y_top)}"/>',
        f'<rect class="jm-band-neg" x="0" y="{num(y0)}" width="100%" height="{num(y_bottom - y0)}"/>',
    ]
    for i in range(1, len(stages)):
        out.append(f'<line class="jm-curve-sep" x1="{_pct(i / n)}" y1="0" x2="{_pct(i / n)}" y2="{height}"/>')
    for i, is_mot in enumerate(moments_of_truth[: len(stages)]):
        if is_mot:
            out.append(
                f'<rect class="jm-curve-mot" data-stage="{i}" x="{_pct(i / n)}" y="0" width="{_pct(1 / n)}" '
                f'height="{height}"><title>{_esc(band)}</title></rect>'
            )
            if not compact:
                out.append(
                    f'<text class="jm-curve-mot-label" data-stage="{i}" x="{_pct(i / n)}" dx="6" y="15" '
                    f'font-size="11">{_esc(band)}</text>'
                )
    for level in (2, 1, -1, -2):
        out.append(f'<line class="jm-curve-grid" x1="0" y1="{num(y_of(level))}" x2="100%" y2="{num(y_of(level))}"/>')
    out.append(f'<line class="jm-curve-baseline" x1="0" y1="{num(y0)}" x2="100%" y2="{num(y0)}"/>')
    if not compact:
        positive, negative = _esc(_("positive")), _esc(_("negative"))  # outside the f-strings, where Babel looks
        out.append(
            f'<text class="jm-curve-axis" x="100%" dx="-6" y="{num(y_top + 12)}" text-anchor="end">{positive}</text>'
        )
        out.append(
            f'<text class="jm-curve-axis" x="100%" dx="-6" y="{num(y_bottom - 4)}" text-anchor="end">{negative}</text>'
        )

    if ghost is not None:
        values = [_value(ghost.values, i) for i in range(len(stages))]
        out.append('<g class="jm-curve-ghost" aria-hidden="true">')
        for i in range(len(stages) - 1):
            a, b = values[i], values[i + 1]
            if a is not None and b is not None:
                out.append(f'<line x1="{xs[i]}" y1="{ny(a)}" x2="{xs[i + 1]}" y2="{ny(b)}" stroke-dasharray="5 4"/>')
        for i, v in enumerate(values):
            if v is not None:
                out.append(f'<circle cx="{xs[i]}" cy="{ny(v)}" r="3"/>')
        out.append("</g>")

    drawn = [s for s in series if any(_value(s.values, i) is not None for i in range(len(stages)))]
    spread = SPREAD * min(1.0, 3 / max(1, len(drawn) - 1))  # at most 3 x SPREAD in all: 8 personas fit a phone
    offsets = {id(s): (k - (len(drawn) - 1) / 2) * spread for k, s in enumerate(drawn)}
    single = len(drawn) == 1
    for k, s in enumerate(series):
        c = colours[k] if colours is not None and k < len(colours) else k
        colour, dash, shape = series_style(c)
        key = slug(s.key)
        dx = offsets.get(id(s), 0.0)
        values = [_value(s.values, i) for i in range(len(stages))]
        move = f' transform="translate({num(dx)} 0)"' if dx else ""
        out.append(
            f'<g class="jm-curve-series jm-series-{colour}{f" jm-key-{key}" if key else ""}" data-series="{k}" '
            f'color="{PALETTE[colour]}"{move}>'
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for i in range(len(stages) - 1):
            a, b = values[i], values[i + 1]
            if a is not None and b is not None:
                out.append(
                    f'<line class="jm-curve-line jm-series-{colour}" x1="{xs[i]}" y1="{ny(a)}" '
                    f'x2="{xs[i + 1]}" y2="{ny(b)}" stroke="currentColor" stroke-width="3"{dash_attr}/>'
                )
        before, after = _marker_parts(shape)
        if single:  # one persona: each marker says its level too
            before = before.replace('class="jm-curve-point ', 'class="jm-curve-point jm-level-\x00 ', 1)
        for i, v in enumerate(values):
            if v is None:
                continue
            opening = before.replace("\x00", str(said(v)[2]), 1) if single else before
            mark = opening + _point_title(speech, s.name, stages[i], v) + after
            out.append(f'<svg class="jm-curve-mark" x="{xs[i]}" y="{ny(v)}" overflow="visible">{mark}</svg>')
        out.append("</g>")

    if series:
        main = [_value(series[0].values, i) for i in range(len(stages))]
        out.append(draw_branches(branches, main, stages, xp, y_of, font=FONT - 1))
    out.append('<g class="jm-curve-labels" aria-hidden="true">')
    for i in range(len(stages)):
        points = [(offsets[id(s)], _value(s.values, i), s) for s in drawn]
        present = [(dx, v, s) for dx, v, s in points if v is not None]
        taken = [(y_of(v) - MARK, y_of(v) + MARK) for _dx, v, _s in present]
        groups: dict[str, list[tuple[float, float, Series]]] = {}
        for p in present:
            groups.setdefault(said(p[1])[0], []).append(p)
        for text, members in sorted(groups.items(), key=lambda item: y_of(item[1][0][1])):
            v = members[0][1]
            dx = sum(m[0] for m in members) / len(members)
            ups = downs = 0
            for m in members:
                for j in (i - 1, i + 1):
                    other = _value(m[2].values, j) if 0 <= j < len(stages) else None
                    if other is not None and other != v:
                        ups, downs = ups + (other > v), downs + (other < v)
            others = [y_of(p[1]) for p in present if said(p[1])[0] != text]
            ly = _label_y(ups <= downs and _clamp(v) < 1.5, y_of(v), taken, height, others)
            if ly is None:
                continue
            taken.append((ly - FONT + 1, ly + 3))
            out.append(
                f'<text class="jm-curve-label jm-emotion-{said(v)[2]}" x="{xs[i]}" dx="{num(dx)}" '
                f'y="{num(ly)}" text-anchor="middle" font-size="{FONT}">{_esc(text)}</text>'
            )
    out.append("</g></svg>")
    return "".join(out)
