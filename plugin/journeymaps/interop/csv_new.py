"""Spreadsheets, in: a map a ``stages.csv`` creates (rows with a map id the handbook does not have yet).

The first of its rows says what the map is (``map_type``, ``map_title``, ``personas``, and ``state`` and
``map_kind`` if not the defaults); :mod:`journeymaps.interop.csv_import` then adds its stages as it would to an
existing map.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from journeymaps.diagnostics import closest
from journeymaps.i18n import _
from journeymaps.interop.csv_rows import RowError, StageRow, shown_cell
from journeymaps.interop.frontmatter_edit import flow_seq
from journeymaps.interop.said import did_you_mean
from journeymaps.validation.fields import MAP_KINDS
from journeymaps.validation.ids import is_valid_id, slugify

__all__ = ["new_map"]


def new_map(mid: str, rows: list[StageRow]) -> dict[str, Any]:
    """The frontmatter of map ``mid``, new, from its first row (its stages come from the rows after); RowError
    when that row does not say what is needed to make it."""
    first = rows[0].cells
    kind = first.get("map_type", "").strip().lower()
    if kind not in ("cjm", "cem"):
        guess = closest(kind, ("cjm", "cem")) if kind else None
        said = _(
            "map '%(id)s' does not exist yet, and map_type '%(cell)s' is not cjm or cem",
            id=mid,
            cell=shown_cell(first.get("map_type", "")),
        )
        fill = "; " + _("fill in map_type, map_title and personas to create it")
        raise RowError(said + (did_you_mean(guess) if guess else fill))
    title = first.get("map_title", "").strip()
    personas = [p.strip() for p in re.split(r"[,;\n]", first.get("personas", "")) if p.strip()]
    if not title:
        raise RowError(_("map '%(id)s' does not exist yet: map_title is needed to create it", id=mid))
    if not personas:
        said = _("map '%(id)s' does not exist yet: personas is needed to create it (persona ids, e.g. maya)", id=mid)
        raise RowError(said)
    bad = [p for p in personas if not is_valid_id(p)]
    if bad:
        said = _(
            "personas: '%(text)s' is not a persona id; try '%(slug)s'", text=shown_cell(bad[0]), slug=slugify(bad[0])
        )
        raise RowError(said)
    if kind == "cjm" and len(personas) != 1:
        said = _(
            "personas: a cjm has exactly one persona; found %(n)s (%(ids)s)", n=len(personas), ids=", ".join(personas)
        )
        raise RowError(said)
    data: dict[str, Any] = {"type": kind, "title": title}
    state = first.get("state", "").strip().lower()
    if state and state not in ("current", "future"):
        raise RowError(_("state: '%(text)s' is not current or future", text=shown_cell(state)))
    if state == "future":
        data["state"] = "future"
    map_kind = first.get("map_kind", "").strip().lower()
    if map_kind and map_kind not in MAP_KINDS:
        said = _("map_kind: '%(text)s' is not one of: %(kinds)s", text=shown_cell(map_kind), kinds=", ".join(MAP_KINDS))
        raise RowError(said + did_you_mean(closest(map_kind, MAP_KINDS)))
    if map_kind and map_kind != "journey":
        data["kind"] = map_kind
    if kind == "cjm":
        data["persona"] = personas[0]
    else:
        data["personas"] = flow_seq(personas)
    data["stages"] = CommentedSeq()
    return data
