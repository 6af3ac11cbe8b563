"""Two charts of the handbook's generated pages, as inline SVG that scales with the page.

- :func:`before_after`: a future state against its current state, both curves on one axis, stage by stage, with
  added and dropped stages in place (:func:`in_place`).
- :func:`impact_effort`: the opportunities on an impact x effort matrix, each dot a link to its map's stage.

Both have a text equivalent: the first a ``<desc>`` (the table under it says the same), the second a named group of
links, each named in full (the ranked table under it is the long form). Deterministic, every user text escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from journeymaps.analysis.compare import StageChange
from journeymaps.i18n import _
from journeymaps.render.environment import one_byte
from journeymaps.render.svg import SVG_NS, _clamp, _hash_id
from journeymaps.vocabulary import emotion_level, num, signed

__all__ = ["before_after", "impact_effort", "in_place"]


def in_place(changes: Sequence[StageChange], future_ids: Sequence[str]) -> list[Any]:
    """The stage changes in the future map's order, each dropped stage just after the current stage before it (not
    after the last stage)."""
    by_id = {c.stage_id: c for c in changes}
    current = [c.stage_id for c in changes if c.before_name is not None]
    future = [sid for sid in future_ids if sid in by_id]
    out: list[str] = []
    added: list[str] = []  # waiting for the next kept stage: a dropped stage comes before its replacement
    ci = 0
    for sid in future:
        if sid not in current:
            added.append(sid)
            continue
        pos = current.index(sid)
        if pos >= ci:
            out += [d for d in current[ci:pos] if by_id[d].status == "dropped"]
            ci = pos + 1
        out += [*added, sid]
        added = []
    out += [d for d in current[ci:] if by_id[d].status == "dropped"] + added
    out += [sid for sid in by_id if sid not in out]
    return [by_id[sid] for sid in out]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _lines(name: str, width: int) -> list[str]:
    """A stage name in at most two lines of about ``width`` characters."""
    words, lines = name.split(), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > width and len(lines) < 2:
            lines.append(w)
        else:
            lines[-1] = f"{lines[-1]} {w}".strip()
    return lines


def before_after(changes: Sequence[StageChange], *, title: str) -> Markup:
    """Both curves on one axis: the current state dashed and grey, the future state solid; a stage only one side
    has is marked "added" or "dropped" under its column."""
    n = max(1, len(changes))
    col, left, top, plot = 128.0, 44.0, 16.0, 150.0
    width, height = left + n * col + 8, top + plot + 62
    ident = _hash_id("before-after", tuple((c.stage_id, c.before, c.after) for c in changes), title)

    def x(i: int) -> float:
        return left + (i + 0.5) * col

    def y(v: float) -> float:
        return top + (2 - _clamp(v)) / 4 * plot

    words = []
    for c in changes:
        name = c.after_name or c.before_name or c.stage_id
        if c.status == "added":
            words.append(_("%(stage)s: added, %(after)s", stage=name, after=signed(c.after)))
        elif c.status == "dropped":
            words.append(_("%(stage)s: dropped (was %(before)s)", stage=name, before=signed(c.before)))
        else:
            words.append(
                _("%(stage)s: %(before)s to %(after)s", stage=name, before=signed(c.before), after=signed(c.after))
            )
    out = [
        f'<svg xmlns="{SVG_NS}" class="jm-before-after" viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e("; ".join(words))}.</desc>',
    ]
    for level in (2, 1, 0, -1, -2):
        cls = "jm-chart-zero" if level == 0 else "jm-chart-rule"
        yl = num(y(level))
        out.append(f'<line class="{cls}" x1="{num(left)}" x2="{num(width - 8)}" y1="{yl}" y2="{yl}"/>')
        out.append(
            f'<text class="jm-chart-axis" x="{num(left - 6)}" y="{num(y(level) + 4)}" text-anchor="end">'
            f"{_e(signed(level))}</text>"
        )
    for key, cls in (("before", "jm-chart-before"), ("after", "jm-chart-after")):
        # a stage only the other state has is skipped, not a gap: the line runs on past it
        skip = "added" if key == "before" else "dropped"
        points = [(x(i), getattr(c, key)) for i, c in enumerate(changes) if c.status != skip]
        run: list[str] = []
        runs: list[list[str]] = [run]
        for px, v in points:
            if v is None:
                run = []
                runs.append(run)
            else:
                run.append(f"{num(px)},{num(y(v))}")
        for r in runs:
            if len(r) > 1:
                out.append(f'<polyline class="{cls}" points="{" ".join(r)}"/>')
        for px, v in points:
            if v is not None:
                radius = 4 if key == "before" else 6
                out.append(f'<circle class="{cls}-dot" cx="{num(px)}" cy="{num(y(v))}" r="{radius}"/>')
    for i, c in enumerate(changes):
        name = c.after_name or c.before_name or c.stage_id
        for k, line in enumerate(_lines(name, 18)):
            out.append(
                f'<text class="jm-chart-stage" x="{num(x(i))}" y="{num(top + plot + 20 + 14 * k)}" '
                f'text-anchor="middle" font-size="12">{_e(line)}</text>'
            )
        if c.status in ("added", "dropped"):
            word = _("added") if c.status == "added" else _("dropped")
            out.append(
                f'<text class="jm-chart-{c.status}" x="{num(x(i))}" y="{num(top + plot + 52)}" '
                f'text-anchor="middle">{_e(word)}</text>'
            )
        elif c.before is not None and c.after is not None and c.after != c.before:
            d = c.after - c.before
            ly = (y(c.before) + y(c.after)) / 2
            out.append(
                f'<text class="jm-chart-dot-label jm-emotion-{emotion_level(d)}" x="{num(x(i) + 10)}" '
                f'y="{num(ly + 4)}">{_e(signed(round(d, 2)))}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def impact_effort(rows: Sequence[Any], href: Callable[[Any], str | None], *, title: str) -> Markup:
    """Scored opportunities on a 5 x 5 matrix, effort across (low on the left), impact up; quick wins (high impact,
    low effort) shaded. Each dot is its rank, a link to its stage, named in full for screen readers. Only ranked
    (open) opportunities are drawn: done and dropped ones have no rank, and the matrix is for choosing what to do
    next."""
    cell, left, top = 96.0, 64.0, 28.0
    size = 5 * cell
    width, height = left + size + 16, top + size + 48
    scored = [r for r in rows if r.rank and r.opportunity.impact and r.opportunity.effort]
    ident = _hash_id("matrix", tuple((r.rank, r.opportunity.title) for r in scored), title)

    def cx(effort: int) -> float:
        return left + (effort - 0.5) * cell

    def cy(impact: int) -> float:
        return top + (5 - impact + 0.5) * cell

    out = [
        f'<svg xmlns="{SVG_NS}" class="jm-matrix" viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" '
        f'role="group" aria-labelledby="{ident}-t">',
        f'<title id="{ident}-t">{_e(title)}</title>',
        f'<rect class="jm-chart-quick" x="{num(left)}" y="{num(top)}" width="{num(cell * 2.5)}" '
        f'height="{num(cell * 2.5)}"/>',
    ]
    for k in range(6):
        out.append(
            f'<line class="jm-chart-rule" x1="{num(left + k * cell)}" x2="{num(left + k * cell)}" y1="{num(top)}" '
            f'y2="{num(top + size)}"/>'
        )
        out.append(
            f'<line class="jm-chart-rule" x1="{num(left)}" x2="{num(left + size)}" y1="{num(top + k * cell)}" '
            f'y2="{num(top + k * cell)}"/>'
        )
    for k in range(1, 6):
        out.append(
            f'<text class="jm-chart-axis" x="{num(cx(k))}" y="{num(top + size + 16)}" text-anchor="middle">{k}</text>'
        )
        out.append(f'<text class="jm-chart-axis" x="{num(left - 8)}" y="{num(cy(k) + 4)}" text-anchor="end">{k}</text>')
    effort_axis = _("Effort (1 easy, 5 very hard)")
    impact_axis = _("Impact (1 few customers, 5 almost all)")
    out.append(
        f'<text class="jm-chart-axis" x="{num(left + size / 2)}" y="{num(top + size + 36)}" text-anchor="middle">'
        f"{_e(effort_axis)} →</text>"
    )
    out.append(
        f'<text class="jm-chart-axis" transform="translate(16 {num(top + size / 2)}) rotate(-90)" text-anchor="middle">'
        f"{_e(impact_axis)} →</text>"
    )
    corners = (
        (left + 8, top + 18, "start", _("Quick wins")),
        (left + size - 8, top + 18, "end", _("Big bets")),
        (left + 8, top + size - 10, "start", _("Fill-ins")),
        (left + size - 8, top + size - 10, "end", _("Money pits")),
    )
    for qx, qy, anchor, word in corners:
        out.append(
            f'<text class="jm-chart-corner" x="{num(qx)}" y="{num(qy)}" text-anchor="{anchor}">{_e(word)}</text>'
        )
    # (rank, markup): written in rank order, the order Tab and a screen reader meet the dots (column by column, they
    # met 2, 12, 7, 8, 3, ...)
    dots: list[tuple[int, str]] = []
    cells: dict[tuple[int, int], list[Any]] = {}
    for r in scored:
        cells.setdefault((r.opportunity.effort, r.opportunity.impact), []).append(r)
    for (effort, impact), members in sorted(cells.items()):
        shown, more = (members, []) if len(members) <= 9 else (members[:8], members[8:])  # a cell holds nine dots
        places = [(cx(effort) + dx, cy(impact) + dy) for dx, dy in (_dot_offset(k, len(members)) for k in range(9))]
        if more:  # the ninth place says how many more, and which (the table below lists them all)
            px, py = places[8]
            ranks = ", ".join(str(r.rank) for r in more)
            said = _("%(n)s more here: ranks %(ranks)s", n=len(more), ranks=ranks)
            dots.append(
                (
                    more[0].rank,
                    f'<g class="jm-chart-more" role="img" aria-label="{_e(said)}"><title>{_e(said)}</title>'
                    f'<circle class="jm-chart-dot" cx="{num(px)}" cy="{num(py)}" r="11"/>'
                    f'<text class="jm-chart-rank" x="{num(px)}" y="{num(py + 4)}" text-anchor="middle">'
                    f"+{len(more)}</text>"
                    "</g>",
                )
            )
        for (px, py), r in zip(places, shown):
            name = _(
                "%(rank)s. %(title)s, %(map)s › %(stage)s; impact %(impact)s, effort %(effort)s, priority %(score)s",
                rank=r.rank,
                title=r.opportunity.title,
                map=r.map_title,
                stage=r.stage_name,
                impact=impact,
                effort=effort,
                score=r.score,
            )
            link = href(r) or "#"
            dots.append(
                (
                    r.rank,
                    f'<a href="{_e(link)}" aria-label="{_e(name)}">'
                    f'<circle class="jm-chart-dot{" jm-chart-next" if r.next_quarter else ""}" cx="{num(px)}" '
                    f'cy="{num(py)}" r="11"/>'
                    f'<text class="jm-chart-rank" x="{num(px)}" y="{num(py + 4)}" text-anchor="middle">'
                    f"{r.rank}</text></a>",
                )
            )
    out.extend(markup for _rank, markup in sorted(dots, key=lambda dot: dot[0]))
    out.append("</svg>")
    return one_byte(Markup("".join(out)))  # drawn on the backlog, a page kept at one byte a character


def _dot_offset(k: int, n: int) -> tuple[float, float]:
    """The ``k``-th of ``n`` dots in a matrix cell, from the cell's centre: rows of three, 26 px apart."""
    return ((k % 3) - (min(n, 3) - 1) / 2) * 26, (k // 3 - (min(n - 1, 8) // 3) / 2) * 26
