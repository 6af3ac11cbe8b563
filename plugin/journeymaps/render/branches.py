"""Alternative paths on the emotion curve: where a stage has paths, the curve splits there and joins again.

Each path with an emotion leaves the main line at the stage before (a dashed line from its point), has its own
hollow point at the stage, labelled with the path's name and share, and joins the main line at the stage after.
The main line stays the stage's own emotion (the main path). The web lane (:mod:`journeymaps.render.lane_svg`,
x in percent) and the print curve (:mod:`journeymaps.render.svg`, x in pixels) draw them with the same code: they
pass how to place a stage (``x``) and a value (``y``).

Deterministic and escaped like the curves that call it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from journeymaps.i18n import _
from journeymaps.vocabulary import emotion_word, isolate, num, signed

__all__ = ["Branch", "branch_name", "describe_branches", "draw_branches"]

LABEL_GAP = 13.0
"""Vertical room (px) of one path label: two paths of a stage at about the same value get a label each."""


@dataclass(frozen=True)
class Branch:
    """One alternative path of one stage on the curve.

    Attributes:
        stage: The stage's position among the curve's stages.
        name: The path's name.
        value: Its emotion, -2..2.
        share: The share of the stage's customers who take it, in %, if known.
    """

    stage: int
    name: str
    value: float
    share: float | None = None


def branch_name(branch: Branch) -> str:
    """The path's label: its name, and its share when known (``In a branch (30%)``)."""
    if branch.share is None:
        return isolate(branch.name)
    return _("%(name)s (%(n)s%%)", name=isolate(branch.name), n=num(branch.share))


def describe_branches(stages: Sequence[str], branches: Sequence[Branch]) -> str:
    """The paths in words, for the curve's ``<desc>``; empty when there are none."""
    shown = [b for b in branches if 0 <= b.stage < len(stages)]
    if not shown:
        return ""
    parts = [
        _(
            "%(stage)s, path %(path)s: %(value)s (%(word)s)",
            stage=stages[b.stage],
            path=branch_name(b),
            value=signed(b.value),
            word=emotion_word(b.value),
        )
        for b in shown
    ]
    return " " + _("Alternative paths: %(paths)s.", paths="; ".join(parts))


def draw_branches(
    branches: Sequence[Branch],
    main: Sequence[float | None],
    stages: Sequence[str],
    x: Callable[[int], str],
    y: Callable[[float], float],
    *,
    font: int = 11,
) -> str:
    """The paths of a curve as one SVG group (empty text when there are none).

    Args:
        branches: The paths, each at its stage.
        main: The main line's value per stage (where a path splits from and joins again).
        stages: The stage names, in order.
        x: The x of a stage's point, as an SVG coordinate (``"50%"`` or ``"336"``).
        y: The y (px) of a value.
        font: The labels' font size (px).
    """
    n = len(stages)
    shown = [b for b in branches if 0 <= b.stage < n]
    if not shown:
        return ""
    out = ['<g class="jm-curve-paths" color="#3949ab">']
    labels: dict[int, list[float]] = {}
    for b in shown:
        i, py = b.stage, y(b.value)
        name = escape(branch_name(b), quote=True)
        out.append(f'<g class="jm-curve-path" data-stage="{i}" data-path="{escape(b.name, quote=True)}">')
        for j in (i - 1, i + 1):  # split from the stage before, join again at the stage after
            other = main[j] if 0 <= j < len(main) else None
            if other is not None:  # drawn left to right: stage before -> the path's point -> stage after
                kind, (i1, y1), (i2, y2) = (
                    ("jm-path-split", (j, y(other)), (i, py)) if j < i else ("jm-path-join", (i, py), (j, y(other)))
                )
                out.append(
                    f'<line class="{kind}" x1="{x(i1)}" y1="{num(y1)}" x2="{x(i2)}" y2="{num(y2)}" '
                    f'stroke="currentColor" stroke-width="2" stroke-dasharray="3 3" fill="none"/>'
                )
        hover = escape(f"{b.name}, {stages[i]}: {signed(b.value)} ({emotion_word(b.value)})", quote=True)
        right = i > (n - 1) / 2  # in the right half the label goes left of its point, so it stays in the curve
        anchor = ' text-anchor="end"' if right else ""
        ly = py + 4
        while any(abs(ly - taken) < LABEL_GAP for taken in labels.get(i, [])):
            ly += LABEL_GAP
        labels.setdefault(i, []).append(ly)
        out.append(
            f'<svg class="jm-curve-mark" x="{x(i)}" y="{num(py)}" overflow="visible">'
            f'<circle class="jm-path-point" cx="0" cy="0" r="5" fill="#ffffff" stroke="currentColor" '
            f'stroke-width="2"><title>{hover}</title></circle></svg>'
        )
        label = f"{branch_name(b)} {signed(b.value)}"
        width = round(len(label) * font * 0.58) + 6  # about the text's width: a backing that keeps it readable
        out.append(
            f'<svg class="jm-curve-mark" x="{x(i)}" y="{num(ly)}" overflow="visible" aria-hidden="true">'
            f'<rect class="jm-path-label-bg" x="{-9 - width + 3 if right else 6}" y="{-font}" width="{width}" '
            f'height="{font + 4}" rx="3" fill="#ffffff" fill-opacity="0.85"/></svg>'
        )
        out.append(
            f'<text class="jm-path-label" x="{x(i)}" dx="{-9 if right else 9}" y="{num(ly)}" font-size="{font}" '
            f'fill="currentColor"{anchor}>{name} {escape(signed(b.value))}</text>'
        )
        out.append("</g>")
    out.append("</g>")
    return "".join(out)
