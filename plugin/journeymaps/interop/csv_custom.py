"""Spreadsheets, in: the lanes a team adds (the taxonomy's ``lanes:``), one ``stages.csv`` column per lane
(:func:`journeymaps.interop.csv_export.lane_columns` names them). A text lane is one line of text, a list
lane one item per line (as the built-in lanes), a rating
a whole number from 1 to 5; an empty cell removes the lane from the stage.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from journeymaps.catalog.taxonomy import Lane
from journeymaps.i18n import _
from journeymaps.interop.csv_export import one_line
from journeymaps.interop.csv_rows import RowError, shown_cell, split_cell
from journeymaps.interop.frontmatter_edit import MapEditor

__all__ = ["check_cells", "import_cells"]


def _rating(column: str, text: str) -> int | None:
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = 0.5
    if not number.is_integer() or not 1 <= number <= 5:
        said = _(
            "%(column)s: '%(text)s' is not a rating; write a whole number from 1 to 5",
            column=column,
            text=shown_cell(text),
        )
        raise RowError(said)
    return int(number)


def check_cells(cells: dict[str, str], lanes: dict[str, Lane]) -> None:
    """Read every lane cell of a row before anything changes (a bad row leaves no trace)."""
    for column, lane in lanes.items():
        if column in cells and lane.kind == "rating":
            _rating(column, cells[column].strip())


def import_cells(
    editor: MapEditor, stage: CommentedMap, cells: dict[str, str], lanes: dict[str, Lane], where: str
) -> None:
    """Write the row's lane cells into the stage; a cell that says what the stage says already changes nothing."""
    for column, lane in lanes.items():
        if column not in cells:
            continue
        text = cells[column].strip()
        current: Any = stage.get(lane.id)
        if lane.kind == "rating":
            wanted = _rating(column, text)
            same = isinstance(current, (int, float)) and not isinstance(current, bool) and current == wanted
            if not same and not (current is None and wanted is None):
                editor.set(stage, lane.id, wanted, where)
        elif lane.kind == "list":
            editor.set_items(stage, lane.id, split_cell(text), one_line, where)
        elif one_line(current if current is not None else "") != one_line(text):
            editor.set(stage, lane.id, one_line(text) or None, where)
