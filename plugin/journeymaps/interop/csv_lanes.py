"""Spreadsheets, in: the lane files of scored items (``pain_points.csv``, ``opportunities.csv``, ``quotes.csv``).

Each row updates (or adds) one item of an existing map and stage, found by
its title (a quote by its text); when a stage has several items with that
title, the row's ``item`` number picks one, else the rows take them in
order. Items not in the file are kept.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymaps.catalog.resolve import Catalog
from journeymaps.diagnostics import closest
from journeymaps.i18n import _
from journeymaps.interop.csv_check import Pending, save_all
from journeymaps.interop.csv_export import LANE_COLUMNS, one_line
from journeymaps.interop.csv_report import ImportReport
from journeymaps.interop.csv_rows import RowError, StageRow, as_list, shown_cell, title_of
from journeymaps.interop.frontmatter_edit import EditError, MapEditor, flow_map, same_text
from journeymaps.interop.said import did_you_mean
from journeymaps.settings import Settings
from journeymaps.sources.encoding import NotUtf8, read_utf8
from journeymaps.validation.fields import STATUSES, status_word, web_link

# Lane files that can be imported: lane -> (the item's text key, its other fields and how to read them).
ITEM_LANES: dict[str, tuple[str, dict[str, str]]] = {
    "pain_points": ("title", {"severity": "score"}),
    "opportunities": (
        "title",
        {"impact": "score", "effort": "score", "owner": "text", "status": "status", "link": "link"},
    ),
    "quotes": ("text", {"source": "text"}),
}


def lane_file(header: list[str], stem: str) -> str | None:
    """The lane whose file has these columns (``map_id, stage_id, item`` and the lane's), or None. Several lane
    files have the same columns (``actions.csv``, ``thoughts.csv``, ... are ``text``): the file's name tells
    which; a renamed one is ``"?"``, one of those."""
    if header[:3] != ["map_id", "stage_id", "item"]:
        return None
    lanes = [name for name, cols in LANE_COLUMNS.items() if set(header[3:]) <= set(cols) and cols[0] in header]
    if stem in lanes:
        return stem
    return lanes[0] if len(lanes) == 1 else ("?" if lanes else None)


def read_only(lane: str, header: list[str]) -> str:
    """Why a lane file that cannot be imported is not: it names the file and the lane it is."""
    if lane == "?":
        same = [f"{name}.csv" for name, cols in LANE_COLUMNS.items() if set(header[3:]) <= set(cols)]
        return _(
            "these are the columns of a lane file (%(files)s), which is for reading only; edit the lane in "
            "stages.csv, where each lane is a cell (one item per line); pain_points.csv, opportunities.csv and "
            "quotes.csv can be imported (under those names)",
            files=", ".join(same),
        )
    return _(
        "%(lane)s.csv is for reading only; edit %(words)s in stages.csv, where each lane is a cell (one item per "
        "line); pain_points.csv, opportunities.csv and quotes.csv can be imported (under those names)",
        lane=lane,
        words=lane.replace("_", " "),
    )


DEFAULTS: dict[str, str] = {"status": "idea"}
"""A field's value when the item does not set it: a cell saying so does not add the field."""


def _item_value(kind: str, column: str, text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    if kind == "text":
        return text
    if kind == "status":
        word = status_word(text)
        if word not in STATUSES:
            said = _(
                "%(column)s: '%(text)s' is not one of: %(words)s",
                column=column,
                text=shown_cell(text),
                words=", ".join(STATUSES),
            )
            raise RowError(said + did_you_mean(closest(word, STATUSES)))
        return str(word)
    if kind == "link":
        try:
            return web_link(text)
        except ValueError as exc:
            raise RowError(f"{column}: {exc}") from None
    try:
        value = float(text)
    except ValueError:
        said = _(
            "%(column)s: '%(text)s' is not a number; use a whole number in 1..5", column=column, text=shown_cell(text)
        )
        raise RowError(said) from None
    if not math.isfinite(value) or value != int(value) or not 1 <= value <= 5:
        raise RowError(_("%(column)s: %(text)s is outside 1..5 (whole numbers)", column=column, text=shown_cell(text)))
    return int(value)


def _item_number(row: StageRow) -> int | None:
    text = row.cells.get("item", "").strip()
    return int(text) if text.isdigit() else None


def import_lane(
    lane: str,
    rows: list[StageRow],
    source: str,
    docs_dir: Path,
    catalog: Catalog | None,
    root: Path,
    report: ImportReport,
    settings: Settings | None = None,
) -> ImportReport:
    """Update the items of one lane from its lane file: an item is found by its title (text for quotes) in
    its map and stage; the fields in the file are set (an empty cell removes the field); a title the stage does
    not have yet is added at the end. Items missing from the file are kept: remove items in stages.csv."""
    key, fields = ITEM_LANES[lane]
    by_map: dict[str, list[StageRow]] = {}
    for row in rows:
        mid = row.cells.get("map_id", "").strip()
        if catalog is None or mid not in catalog.maps:
            known = closest(mid, catalog.maps) if catalog is not None else None
            said = _("map '%(id)s' does not exist; a lane file only updates existing maps", id=shown_cell(mid))
            report.problem(row.number, f"{source}:{row.number}: {said}{did_you_mean(known)}")
            continue
        by_map.setdefault(mid, []).append(row)
    pending: list[Pending] = []
    for mid, map_rows in by_map.items():
        existing = catalog.maps[mid]  # type: ignore[union-attr]
        path = docs_dir / existing.doc.src_uri
        try:
            editor = MapEditor(path, read_utf8(path, existing.doc.path))
        except (EditError, NotUtf8) as exc:
            report.problem(map_rows[0].number, f"{source}:{map_rows[0].number}: " + _("not taken: %(why)s", why=exc))
            continue
        except Exception as exc:
            said = _(
                "not taken: %(path)s cannot be read (%(error)s); fix it first (journeymaps validate)",
                path=existing.doc.path,
                error=type(exc).__name__,
            )
            report.problem(map_rows[0].number, f"{source}:{map_rows[0].number}: {said}")
            continue
        pending.append(Pending(mid, editor, map_rows))
        taken: dict[int, set[int]] = {}  # stage index -> the items rows of this file have updated
        for row in map_rows:
            try:
                sid = row.cells.get("stage_id", "").strip()
                index = editor.stage_index(sid)
                if index is None:
                    said = _(
                        "map '%(id)s' has no stage '%(stage)s' (its stages: %(stages)s); add stages in stages.csv",
                        id=mid,
                        stage=shown_cell(sid),
                        stages=", ".join(existing.stage_ids),
                    )
                    raise RowError(said)
                title = one_line(row.cells.get(key, ""))
                if not title:
                    raise RowError(_("%(column)s is empty; fill it in", column=key))
                values = {f: _item_value(kind, f, row.cells[f]) for f, kind in fields.items() if f in row.cells}
                pending[-1].stage_rows.setdefault(index, row.number)
                _update_item(
                    editor,
                    editor.stage(index),
                    (lane, key, title),
                    values,
                    f"stages[{index}].{lane}",
                    _item_number(row),
                    taken.setdefault(index, set()),
                )
            except RowError as exc:
                report.problem(row.number, f"{source}:{row.number}: {exc}")
    save_all(pending, source, docs_dir, root, catalog, settings, report)
    return report


def _unchanged(field: str, value: int | str, fields: dict[str, Any]) -> bool:
    """The cell says what the item already means: the default of a field it does not set (``status: idea``), or
    its status in another spelling (``in progress``). The file is left as the author wrote it."""
    if field not in fields:
        return DEFAULTS.get(field) == value
    return field == "status" and status_word(fields[field]) == value


def _update_item(
    editor: MapEditor,
    stage: CommentedMap,
    item: tuple[str, str, str],
    values: dict[str, int | str | None],
    where: str,
    number: int | None,
    taken: set[int],
) -> None:
    """Set the fields of the item titled ``title`` (the ``number``-th item when it has that title, else the first
    such item no earlier row took), or add it at the end of the lane."""
    lane, key, title = item
    items = editor.own(stage, lane) if isinstance(stage.get(lane), list) else CommentedSeq(as_list(stage.get(lane)))
    matches = [i for i, x in enumerate(items) if same_text(title_of(x, key), title) and i not in taken]
    position = number - 1 if number is not None and number - 1 in matches else (matches[0] if matches else None)
    if position is not None:
        taken.add(position)
    current = items[position] if position is not None else title
    fields = dict(current.items()) if isinstance(current, dict) else {key: current}
    wanted = {**fields, **{f: v for f, v in values.items() if v is not None and not _unchanged(f, v, fields)}}
    for f, v in values.items():
        if v is None:
            wanted.pop(f, None)
    if position is not None and wanted == fields:
        return
    new_item: Any = wanted[key] if set(wanted) == {key} else flow_map(wanted)
    if isinstance(current, CommentedMap) and position is not None:
        current = editor.own(items, position)
        for f in list(current):
            if f not in wanted:
                del current[f]
        current.update(wanted)
        new_item = current
    if position is None:
        items.append(new_item)
        taken.add(len(items) - 1)
        editor.changes.append(_("%(field)s: '%(title)s' added", field=where, title=shown_cell(title)))
    else:
        items[position] = new_item
        editor.changes.append(f"{where}[{position}]")
    if stage.get(lane) is not items:
        stage[lane] = items
