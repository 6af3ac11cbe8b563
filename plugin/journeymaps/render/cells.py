"""Each cell of a map page, rendered once: the web grid and the phone cards show the same cells.

A map page draws every stage's content in every lane twice, as the grid's
``<td>`` and as the phone card's ``<dd>`` (``partials/lane_cell.html``'s
``cell(kind, key, s)`` for both). :class:`Cells` keeps each cell's HTML for
the page being rendered, so the second drawing reuses the first's string.
A site that overrides ``lane_cell.html`` still draws every cell with its own
macro: the templates pass the macro in (``cells(lane.cell, kind, key, s)``).
The package's templates ask for a lane's cells at once (``cells.row``, the
grid) and a stage's (``cells.card``, a phone card): a template call per lane
or stage instead of one per cell, the HTML still the macro's alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext

__all__ = ["NOT_CELLS", "Cells", "once"]

NOT_CELLS = ("emotion", "line")
"""Lanes the templates draw themselves, not with ``cell()``: the emotion curve and a blueprint's lines."""


class Cells:
    """The cells of one page: ``cells(macro, kind, key, s)`` is ``macro(kind, key, s)``, rendered once per stage
    and lane. Made per page (a stage's dict is only the same object within one page's view)."""

    def __init__(self) -> None:
        self._done: dict[tuple[str, str, int], tuple[Any, str]] = {}
        self._names: dict[str, str] = {}

    def __call__(self, macro: Callable[[str, str, Any], str], kind: str, key: str, s: Any) -> str:
        at = (kind, key, id(s))
        found = self._done.get(at)
        if found is None or found[0] is not s:
            found = self._done[at] = (s, macro(kind, key, s))  # the stage kept: its id stays its own
        return found[1]

    def row(self, macro: Callable[[str, str, Any], str], kind: str, key: str, stages: Sequence[Any]) -> list[str]:
        """One lane's cells, stage by stage (the grid's row): one template call per lane, not per cell."""
        return [self(macro, kind, key, s) for s in stages]

    @pass_eval_context
    def card(
        self,
        eval_ctx: EvalContext,
        macro: Callable[[str, str, Any], str],
        lanes: Sequence[tuple[str, str, str]],
        s: Any,
        say: Callable[..., str],
    ) -> list[tuple[str, str, str, str]]:
        """One stage's lanes as (key, name, kind, its cell without surrounding blanks) (a phone card): one template
        call per stage, not per cell. ``name`` is the lane's label in the words of ``say``, the template's ``_``
        (called as the template calls it, with its evaluation context), once per page. The emotion and the
        blueprint's lines are not cells: their HTML is ``""``."""
        names = self._names
        out = []
        for key, label, kind in lanes:
            name = names.get(label)
            if name is None:
                name = names[label] = say(eval_ctx, label)
            html = "" if kind in NOT_CELLS else self(macro, kind, key, s)
            if len(str.strip(html)) != len(html):  # Markup.strip makes a new Markup even with nothing to strip
                html = html.strip()
            out.append((key, name, kind, html))
        return out


def once(make: Callable[..., Any]) -> Callable[..., Any]:
    """``make`` (a macro) with its results kept by argument, for one page: a row's status chip, the same in every
    row of its status (``{% set chip = once(delivery.chip) %}``)."""
    done: dict[tuple[Any, ...], Any] = {}

    def call(*args: Any) -> Any:
        found = done.get(args)
        if found is None:
            found = done[args] = make(*args)
        return found

    return call
