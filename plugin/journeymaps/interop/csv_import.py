"""Spreadsheets, in: CSV rows back into maps (``journeymaps import csv``).

Rows of a ``stages.csv`` create or update maps. A column the file does not
have is left alone; a cell whose meaning equals what the map already says is
left alone too (so exporting and importing changes nothing). Updates edit the
frontmatter in place (:mod:`journeymaps.interop.frontmatter_edit`), keeping
the author's comments, quotes and layout, and the Markdown body as it is.
Stages are never deleted by an import, and items of a structured lane (pain
points, opportunities, quotes) keep their other fields (severity, impact,
...) as long as their title is still in the cell. Every row that cannot be
taken is reported with its row number and the reason; a map whose result
would not validate is not written.

A stage is found by its id, or, in a sheet without one, by its name. A
stage renamed in the sheet keeps its id: when the id came from the old name,
it is written down (``id:``), so links to it (``zooms_into``) still hold.

The lane files of scored items (``pain_points.csv``, ``opportunities.csv``,
``quotes.csv``) can be imported too (:mod:`journeymaps.interop.csv_lanes`).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from journeymaps.catalog.resolve import Catalog
from journeymaps.catalog.taxonomy import Lane
from journeymaps.diagnostics import closest
from journeymaps.i18n import _
from journeymaps.interop.csv_check import Pending, save_all
from journeymaps.interop.csv_custom import check_cells, import_cells
from journeymaps.interop.csv_export import (
    NEW_MAP_BODY,
    STAGE_COLUMNS,
    TEXT_LANES,
    TITLED_LANES,
    lane_columns,
    one_line,
)
from journeymaps.interop.csv_lanes import ITEM_LANES, import_lane, lane_file, read_only
from journeymaps.interop.csv_new import new_map
from journeymaps.interop.csv_report import ImportReport, shown
from journeymaps.interop.csv_rows import (
    RowError,
    StageRow,
    Unreadable,
    as_list,
    as_lists,
    bool_cell,
    cem_only,
    check_mean,
    check_row,
    emotion_cell,
    not_an_id,
    persona_emotions,
    read_rows,
    shown_cell,
    split_cell,
    title_of,
    touchpoint_id,
    whole,
)
from journeymaps.interop.frontmatter_edit import EditError, MapEditor, flow_map, same_text, stage_id_of
from journeymaps.interop.mapfile import case_twin, twin_words
from journeymaps.interop.said import did_you_mean
from journeymaps.settings import Settings
from journeymaps.sources.encoding import NotUtf8, read_utf8
from journeymaps.validation.fields import PARTS_OF_DAY
from journeymaps.validation.ids import is_valid_id, slugify

__all__ = ["ImportReport", "import_rows"]


def _update_stage(editor: MapEditor, index: int, row: StageRow, kind: str, lanes: dict[str, Lane]) -> None:
    stage = editor.stage(index)
    where = f"stages[{index}]"
    cells = row.cells
    name = cells.get("stage_name", "").strip()
    if name and not same_text(one_line(stage.get("name", "")), name):
        sid = stage_id_of(stage, index)
        editor.set(stage, "name", name, where)
        if stage_id_of(stage, index) != sid:  # the id came from the old name: keep it, links point to it
            editor.insert_after(stage, "name", "id", sid, where)
    for key in ("goal", "owner"):
        if key in cells and not same_text(one_line(stage.get(key) or ""), cells[key].strip()):
            editor.set(stage, key, cells[key].strip() or None, where)
    if "time" in cells:
        _update_time(editor, stage, cells["time"], where)
    if "moment_of_truth" in cells:
        moment = bool_cell(cells["moment_of_truth"])
        if bool(stage.get("moment_of_truth", False)) != moment:
            editor.set(stage, "moment_of_truth", True if moment else None, where)
    by_persona = (
        persona_emotions(cells.get("emotion_by_persona", "")) if cells.get("emotion_by_persona", "").strip() else None
    )
    if by_persona is not None:
        if kind != "cem":
            raise RowError(cem_only())
        current = stage.get("emotion")
        if not isinstance(current, dict) or {k: float(v) for k, v in current.items()} != {
            k: float(v) for k, v in by_persona.items()
        }:
            editor.set(stage, "emotion", flow_map(by_persona), where)
    elif "emotion" in cells:
        wanted_emotion = emotion_cell(cells["emotion"], "emotion")
        current = stage.get("emotion")
        same = (current is None and wanted_emotion is None) or (
            isinstance(current, (int, float))
            and not isinstance(current, bool)
            and wanted_emotion is not None
            and float(current) == float(wanted_emotion)
        )
        if isinstance(current, dict) and "emotion_by_persona" in cells:
            same = False  # the per-persona cell was emptied: the emotion column says what it is now
        elif isinstance(current, dict):
            same = True  # per-persona emotions are changed in emotion_by_persona; the mean is derived
        if not same:
            editor.set(stage, "emotion", wanted_emotion, where)
    for lane in TEXT_LANES:
        if lane in cells:
            editor.set_items(stage, lane, split_cell(cells[lane]), one_line, where)
    for lane, key in TITLED_LANES.items():
        if lane in cells:  # known titles keep severity, impact, ...: the n-th of equal titles the n-th's
            editor.set_items(stage, lane, split_cell(cells[lane]), partial(title_of, key=key), where)
    if "touchpoints" in cells:
        wanted = split_cell(cells["touchpoints"])
        bad = [t for t in wanted if not is_valid_id(t)]
        if bad:
            raise RowError(not_an_id(bad[0]))
        # inline touchpoints keep their fields; one whose name makes no id (and has no `id:`) cannot be named in
        # the cell, so it stays (at the end)
        unnamed = [touchpoint_id(x) for x in as_list(stage.get("touchpoints"))].count("")
        editor.set_items(stage, "touchpoints", wanted + [""] * unnamed, touchpoint_id, where)
    import_cells(editor, stage, cells, lanes, where)


def _update_time(editor: MapEditor, stage: CommentedMap, cell: str, where: str) -> None:
    """The time cell: HH:MM (``time``) or a part of the day (``part_of_day``); the model checks what it says."""
    wanted = cell.strip().lower()
    current = str(stage.get("time") or stage.get("part_of_day") or "").strip().lower()
    if wanted.zfill(5) == current.zfill(5):  # 7:30 is 07:30
        return
    if wanted in PARTS_OF_DAY:
        editor.set(stage, "time", None, where)
        editor.set(stage, "part_of_day", wanted, where)
    else:
        editor.set(stage, "part_of_day", None, where)
        editor.set(stage, "time", wanted or None, where)


def _update_map_fields(
    editor: MapEditor, existing: Any, rows: list[StageRow], source: str, report: ImportReport
) -> None:
    """The map title follows the sheet; type, state and personas are only changed in the file (reported)."""
    first = rows[0]
    titles = {r.cells["map_title"].strip() for r in rows if r.cells.get("map_title", "").strip()}
    if len(titles) > 1:
        said = _(
            "map '%(id)s' has different map_title cells (%(titles)s); the title is not changed",
            id=existing.id,
            titles=", ".join(shown_cell(t) for t in sorted(titles)),
        )
        report.problem(first.number, f"{source}:{first.number}: {said}")
    elif titles and not same_text(next(iter(titles)), one_line(editor.data.get("title", ""))):
        editor.set(editor.data, "title", titles.pop(), "map")
    for column, current in (
        ("map_type", existing.kind),
        ("state", str(editor.data.get("state") or "current")),
        ("map_kind", str(editor.data.get("kind") or "journey")),
        ("personas", ", ".join(existing.personas)),
    ):
        cell = first.cells.get(column, "").strip()
        if cell and ", ".join(p.strip() for p in re.split(r"[,;]", cell) if p.strip()) != current:
            said = _(
                "%(column)s '%(cell)s' differs from the map's ('%(current)s'); not changed: edit %(path)s to change it",
                column=column,
                cell=shown_cell(cell),
                current=current,
                path=existing.doc.path,
            )
            report.problem(first.number, f"{source}:{first.number}: {said}")


def import_rows(
    text: str, source: str, docs_dir: Path, catalog: Catalog | None, root: Path, settings: Settings | None = None
) -> ImportReport:
    """Create or update maps from the rows of a stages.csv; write what validates (with the whole handbook, built
    with ``settings``), report the rest."""
    report = ImportReport()
    try:
        header, rows = read_rows(text)
    except Unreadable as exc:
        said = _("cannot be read as CSV (%(why)s); save it again as CSV UTF-8", why=exc)
        report.problem(exc.row, f"{source}:{exc.row}: {said}")
        return report
    twice = {h: [i + 1 for i, c in enumerate(header) if c == h] for h in header if h and header.count(h) > 1}
    for h, at in twice.items():  # which one the author meant is not the import's to guess
        said = _(
            "column '%(column)s' is there twice (columns %(first)s and %(second)s); keep one",
            column=shown_cell(h),
            first=at[0],
            second=at[1],
        )
        report.problem(1, f"{source}:1: {said}")
    if twice:
        return report
    lane = lane_file(header, Path(source).stem)
    if lane is not None and lane not in ITEM_LANES:
        report.problem(1, f"{source}:1: {read_only(lane, header)}")
        return report
    if "path" in header and "share" in header:
        only = _("paths.csv is for reading only; edit a stage's alternative paths (paths:) in its map")
        report.problem(1, f"{source}:1: {only}")
        return report
    for row in rows:  # a row with more or fewer cells than the header is not taken
        cut = whole(row, header, source)
        if cut:
            report.problem(row.number, cut)
    rows = [row for row in rows if not row.blank and row.width == len(header)]
    if lane is not None:
        return import_lane(lane, rows, source, docs_dir, catalog, root, report, settings)
    if "map_id" not in header or not ({"stage_id", "stage_name"} & set(header)):
        said = _(
            "needs the columns map_id and stage_id (or stage_name); the first row must name the columns, as in the "
            "stages.csv that `journeymaps export csv` writes"
        )
        report.problem(1, f"{source}:1: {said}")
        return report
    lanes = lane_columns(catalog.taxonomy if catalog is not None else None)  # the taxonomy's lanes: columns too
    as_lists(
        rows, {*TEXT_LANES, *TITLED_LANES, "touchpoints", *(c for c, lane in lanes.items() if lane.kind == "list")}
    )
    unknown = [h for h in header if h and h not in STAGE_COLUMNS and h not in lanes]
    for h in unknown:
        said = _("column '%(column)s' is not a stages.csv column, so it is ignored", column=shown_cell(h))
        report.problem(1, f"{source}:1: {said}{did_you_mean(closest(h, [*STAGE_COLUMNS, *lanes]))}")
    by_map: dict[str, list[StageRow]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        mid = row.cells.get("map_id", "").strip()
        name = row.cells.get("stage_name", "").strip()
        here = f"{source}:{row.number}: "
        if not mid:
            report.problem(row.number, here + _("map_id is empty; fill it in (the map's id, e.g. account-opening)"))
            continue
        if not is_valid_id(mid):
            said = _("map_id '%(id)s' is not a valid id; try '%(slug)s'", id=shown_cell(mid), slug=slugify(mid))
            report.problem(row.number, here + said)
            continue
        sid = row.cells.get("stage_id", "").strip() or _stage_id_by_name(catalog, mid, name, seen) or slugify(name)
        if (sid and not is_valid_id(sid)) or not (sid or name):
            said = (
                _("stage_id '%(id)s' is not a valid id; try '%(slug)s'", id=shown_cell(sid), slug=slugify(sid))
                if slugify(sid)
                else _("stage_id '%(id)s' is not a valid id; fill in stage_name or stage_id", id=shown_cell(sid))
            )
            report.problem(row.number, here + said)
            continue
        # a new stage whose name makes no id (e.g. Chinese): it gets the id of its place (stage-4), as it would
        key = (mid, sid or f"stage_name:{name}")
        if key in seen:
            said = _(
                "map '%(id)s' stage '%(stage)s' is already in row %(row)s; one row per map and stage",
                id=mid,
                stage=shown_cell(sid or name),
                row=seen[key],
            )
            report.problem(row.number, here + said)
            continue
        seen[key] = row.number
        row.cells["stage_id"] = sid
        by_map.setdefault(mid, []).append(row)
    pending = [_import_map(mid, map_rows, source, docs_dir, catalog, root, report) for mid, map_rows in by_map.items()]
    save_all([p for p in pending if p is not None], source, docs_dir, root, catalog, settings, report)
    return report


def _stage_id_by_name(catalog: Catalog | None, mid: str, name: str, seen: dict[tuple[str, str], int]) -> str:
    """The id of the map's first stage named ``name`` that no earlier row took ('' when none): a sheet without
    stage ids still finds stages whose id is not the slug of their name."""
    existing = catalog.maps.get(mid) if catalog is not None and name else None
    if existing is None or existing.model is None:
        return ""
    return next(
        (
            sid
            for sid, stage in zip(existing.stage_ids, existing.model.stages)  # type: ignore[union-attr]
            if same_text(one_line(stage.name), name) and (mid, sid) not in seen
        ),
        "",
    )


def _import_map(
    mid: str,
    rows: list[StageRow],
    source: str,
    docs_dir: Path,
    catalog: Catalog | None,
    root: Path,
    report: ImportReport,
) -> Pending | None:
    """The map with the rows' edits, to be written (None when it cannot be edited: said in the report)."""
    existing = catalog.maps.get(mid) if catalog is not None else None
    lanes = lane_columns(catalog.taxonomy if catalog is not None else None)
    numbers = ", ".join(str(r.number) for r in rows)
    try:
        if existing is not None:
            path = docs_dir / existing.doc.src_uri
            editor = MapEditor(path, read_utf8(path, existing.doc.path))  # its line endings and BOM as they are
            kind = existing.kind
            _update_map_fields(editor, existing, rows, source, report)
        else:
            path = docs_dir / "maps" / f"{mid}.md"
            if path.exists():
                said = _(
                    "%(path)s exists but is not a valid map with id '%(id)s'; fix it first (journeymaps validate)",
                    path=path.as_posix(),
                    id=mid,
                )
                raise RowError(said)
            if (twin := case_twin(path)) is not None:
                raise RowError(twin_words(path, twin))
            editor = MapEditor(path, None, new_map(mid, rows), body=NEW_MAP_BODY)
            kind = str(editor.data["type"])
    except (RowError, EditError, OSError, NotUtf8) as exc:
        report.problem(rows[0].number, f"{source}:{numbers}: " + _("not taken: %(why)s", why=exc))
        return None
    except Exception as exc:  # ruamel's parse errors: the YAML of the file does not parse
        said = _(
            "not taken: %(path)s cannot be read (%(error)s); fix it first (journeymaps validate)",
            path=shown(path, root),
            error=type(exc).__name__,
        )
        report.problem(rows[0].number, f"{source}:{numbers}: {said}")
        return None
    pending = Pending(mid, editor, rows)
    personas = existing.personas if existing is not None else [str(p) for p in as_list(editor.data.get("personas"))]
    for row in rows:
        sid = row.cells["stage_id"]
        index = editor.stage_index(sid)
        try:
            check_row(row, kind)  # every cell read before anything changes: a bad row leaves no trace
            check_cells(row.cells, lanes)
            check_mean(row.cells, editor.stage(index).get("emotion") if index is not None else None, personas)
            if index is None:
                name = row.cells.get("stage_name", "").strip()
                if not name:
                    said = _(
                        "stage '%(id)s' is new to map '%(map)s', and stage_name is empty; fill it in", id=sid, map=mid
                    )
                    raise RowError(said)
                stage = CommentedMap({"name": name})
                index = len(editor.stages())
                if sid and stage_id_of(stage, index) != sid:
                    stage["id"] = sid
                editor.stages().append(stage)
                editor.changes.append(_("stage '%(id)s' added", id=stage_id_of(stage, index)))
            _update_stage(editor, index, row, kind, lanes)
            pending.stage_rows.setdefault(index, row.number)
        except RowError as exc:
            report.problem(row.number, f"{source}:{row.number}: {exc}")
    return pending
