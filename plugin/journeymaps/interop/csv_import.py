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

The lane files of scored items (``pain_points.csv``, ``opportunities.csv``,
``quotes.csv``) can be imported too: each row updates (or adds) one item,
found by its title, in an existing map and stage; items not in the file are
kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymaps.catalog.resolve import Catalog
from journeymaps.diagnostics import closest
from journeymaps.interop.csv_export import (
    LANE_COLUMNS,
    NEW_MAP_BODY,
    STAGE_COLUMNS,
    TEXT_LANES,
    TITLED_LANES,
    one_line,
)
from journeymaps.interop.csv_rows import (
    RowError,
    StageRow,
    as_list,
    bool_cell,
    check_row,
    emotion_cell,
    persona_emotions,
    read_rows,
    split_cell,
    title_of,
    touchpoint_id,
)
from journeymaps.interop.frontmatter_edit import (
    EditError,
    MapEditor,
    flow_map,
    flow_seq,
)
from journeymaps.settings import display_path
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.ids import is_valid_id, slugify
from journeymaps.validation.validate import validate


@dataclass
class ImportReport:
    written: list[tuple[str, list[str]]] = field(default_factory=list)
    """(file, what changed) per map written."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(row, line) per row (or map) not taken: where, what, what to do."""
    unchanged: int = 0

    def problem(self, row: int, line: str) -> None:
        self.problems.append((row, line))

    def lines(self) -> list[str]:
        """The problems in row order (stable for rows with several)."""
        return [line for _, line in sorted(self.problems, key=lambda p: p[0])]


def _update_stage(editor: MapEditor, stage: CommentedMap, row: StageRow, where: str, kind: str) -> None:
    cells = row.cells
    if (
        "stage_name" in cells
        and cells["stage_name"].strip()
        and one_line(stage.get("name", "")) != cells["stage_name"].strip()
    ):
        editor.set(stage, "name", cells["stage_name"].strip(), where)
    for key in ("goal", "owner"):
        if key in cells and one_line(stage.get(key) or "") != cells[key].strip():
            editor.set(stage, key, cells[key].strip() or None, where)
    if "moment_of_truth" in cells:
        moment = bool_cell(cells["moment_of_truth"])
        if bool(stage.get("moment_of_truth", False)) != moment:
            editor.set(stage, "moment_of_truth", True if moment else None, where)
    by_persona = (
        persona_emotions(cells.get("emotion_by_persona", "")) if cells.get("emotion_by_persona", "").strip() else None
    )
    if by_persona is not None:
        if kind != "cem":
            raise RowError("emotion_by_persona is for a cem; a cjm has one emotion per stage (use the emotion column)")
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
            wanted = split_cell(cells[lane])
            if [one_line(x) for x in as_list(stage.get(lane))] != wanted:
                editor.set(stage, lane, flow_seq(wanted) if wanted else None, where)
    for lane, key in TITLED_LANES.items():
        if lane in cells:
            wanted = split_cell(cells[lane])
            items = as_list(stage.get(lane))
            if [title_of(x, key) for x in items] != wanted:
                by_title = {title_of(x, key): x for x in items}
                merged = [by_title.get(title, title) for title in wanted]  # known titles keep severity, impact, ...
                editor.set(
                    stage,
                    lane,
                    (flow_seq(merged) if all(isinstance(x, str) for x in merged) else CommentedSeq(merged))
                    if merged
                    else None,
                    where,
                )
    if "touchpoints" in cells:
        wanted = split_cell(cells["touchpoints"])
        items = as_list(stage.get("touchpoints"))
        if [touchpoint_id(x) for x in items] != wanted:
            bad = [t for t in wanted if not is_valid_id(t)]
            if bad:
                raise RowError(f"touchpoints: '{bad[0]}' is not a touchpoint id; try '{slugify(bad[0])}'")
            by_id = {touchpoint_id(x): x for x in items}
            merged = [by_id.get(t, t) for t in wanted]  # inline touchpoints keep their fields
            editor.set(
                stage,
                "touchpoints",
                (flow_seq(merged) if all(isinstance(x, str) for x in merged) else CommentedSeq(merged))
                if merged
                else None,
                where,
            )


def _update_map_fields(
    editor: MapEditor, existing: Any, rows: list[StageRow], source: str, report: ImportReport
) -> None:
    """The map title follows the sheet; type, state and personas are only changed in the file (reported)."""
    first = rows[0]
    titles = {r.cells["map_title"].strip() for r in rows if r.cells.get("map_title", "").strip()}
    if len(titles) > 1:
        report.problem(
            first.number,
            f"{source}:{first.number}: map '{existing.id}' has different map_title cells "
            f"({', '.join(sorted(titles))}); the title is not changed",
        )
    elif titles and titles != {one_line(editor.data.get("title", ""))}:
        editor.set(editor.data, "title", titles.pop(), "map")
    for column, current in (
        ("map_type", existing.kind),
        ("state", str(editor.data.get("state") or "current")),
        ("personas", ", ".join(existing.personas)),
    ):
        cell = first.cells.get(column, "").strip()
        if cell and ", ".join(p.strip() for p in re.split(r"[,;]", cell) if p.strip()) != current:
            report.problem(
                first.number,
                f"{source}:{first.number}: {column} '{cell}' differs from the map's ('{current}'); "
                f"not changed: edit {existing.doc.path} to change it",
            )


def _new_map(mid: str, rows: list[StageRow]) -> dict[str, Any]:
    first = rows[0].cells
    kind = first.get("map_type", "").strip().lower()
    if kind not in ("cjm", "cem"):
        guess = closest(kind, ("cjm", "cem")) if kind else None
        raise RowError(
            f"map '{mid}' does not exist yet, and map_type '{first.get('map_type', '')}' is not cjm or cem"
            + (f" (did you mean '{guess}'?)" if guess else "; fill in map_type, map_title and personas to create it")
        )
    title = first.get("map_title", "").strip()
    personas = [p.strip() for p in re.split(r"[,;\n]", first.get("personas", "")) if p.strip()]
    if not title:
        raise RowError(f"map '{mid}' does not exist yet: map_title is needed to create it")
    if not personas:
        raise RowError(f"map '{mid}' does not exist yet: personas is needed to create it (persona ids, e.g. maya)")
    bad = [p for p in personas if not is_valid_id(p)]
    if bad:
        raise RowError(f"personas: '{bad[0]}' is not a persona id; try '{slugify(bad[0])}'")
    if kind == "cjm" and len(personas) != 1:
        raise RowError(f"personas: a cjm has exactly one persona; found {len(personas)} ({', '.join(personas)})")
    data: dict[str, Any] = {"type": kind, "title": title}
    state = first.get("state", "").strip().lower()
    if state and state not in ("current", "future"):
        raise RowError(f"state: '{state}' is not current or future")
    if state == "future":
        data["state"] = "future"
    if kind == "cjm":
        data["persona"] = personas[0]
    else:
        data["personas"] = flow_seq(personas)
    data["stages"] = CommentedSeq()
    return data


def import_rows(text: str, source: str, docs_dir: Path, catalog: Catalog | None, root: Path) -> ImportReport:
    """Create or update maps from the rows of a stages.csv; write what validates, report the rest."""
    report = ImportReport()
    header, rows = read_rows(text)
    lane = next(
        (
            name
            for name, cols in LANE_COLUMNS.items()
            if header[:3] == ["map_id", "stage_id", "item"] and set(header[3:]) <= set(cols) and cols[0] in header
        ),
        None,
    )
    if lane in ITEM_LANES:
        return _import_lane(lane, header, rows, source, docs_dir, catalog, root, report)
    if lane is not None:
        report.problem(
            1,
            f"{source}:1: {lane}.csv is for reading only; edit {lane.replace('_', ' ')} in stages.csv, "
            "where each lane is a cell (one item per line); pain_points.csv, opportunities.csv and "
            "quotes.csv can be imported",
        )
        return report
    if "map_id" not in header or not ({"stage_id", "stage_name"} & set(header)):
        report.problem(
            1,
            f"{source}:1: needs the columns map_id and stage_id (or stage_name); the first row must name "
            "the columns, as in the stages.csv that `journeymaps export csv` writes",
        )
        return report
    unknown = [h for h in header if h and h not in STAGE_COLUMNS]
    for h in unknown:
        guess = closest(h, STAGE_COLUMNS)
        report.problem(
            1,
            f"{source}:1: column '{h}' is not a stages.csv column, so it is ignored"
            + (f" (did you mean '{guess}'?)" if guess else ""),
        )
    by_map: dict[str, list[StageRow]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if not any(v.strip() for v in row.cells.values()):
            continue
        mid = row.cells.get("map_id", "").strip()
        name = row.cells.get("stage_name", "").strip()
        sid = row.cells.get("stage_id", "").strip() or slugify(name)
        if not mid:
            report.problem(
                row.number, f"{source}:{row.number}: map_id is empty; fill it in (the map's id, e.g. account-opening)"
            )
            continue
        if not is_valid_id(mid):
            report.problem(row.number, f"{source}:{row.number}: map_id '{mid}' is not a valid id; try '{slugify(mid)}'")
            continue
        if not sid or not is_valid_id(sid):
            report.problem(
                row.number,
                f"{source}:{row.number}: stage_id '{sid}' is not a valid id"
                + (f"; try '{slugify(sid)}'" if slugify(sid) else "; fill in stage_name or stage_id"),
            )
            continue
        if (mid, sid) in seen:
            report.problem(
                row.number,
                f"{source}:{row.number}: map '{mid}' stage '{sid}' is already in row {seen[(mid, sid)]}; "
                "one row per map and stage",
            )
            continue
        seen[(mid, sid)] = row.number
        row.cells["stage_id"] = sid
        by_map.setdefault(mid, []).append(row)
    for mid, map_rows in by_map.items():
        _import_map(mid, map_rows, source, docs_dir, catalog, root, report)
    return report


def _import_map(
    mid: str,
    rows: list[StageRow],
    source: str,
    docs_dir: Path,
    catalog: Catalog | None,
    root: Path,
    report: ImportReport,
) -> None:
    existing = catalog.maps.get(mid) if catalog is not None else None
    numbers = ", ".join(str(r.number) for r in rows)
    try:
        if existing is not None:
            path = docs_dir / existing.doc.src_uri
            editor = MapEditor(path, path.read_text(encoding="utf-8"))
            kind = existing.kind
            _update_map_fields(editor, existing, rows, source, report)
        else:
            path = docs_dir / "maps" / f"{mid}.md"
            if path.exists():
                raise RowError(
                    f"{path.as_posix()} exists but is not a valid map with id '{mid}'; fix it first "
                    "(journeymaps validate)"
                )
            editor = MapEditor(path, None, _new_map(mid, rows), body=NEW_MAP_BODY)
            kind = str(editor.data["type"])
    except (RowError, EditError, OSError, UnicodeDecodeError) as exc:
        report.problem(rows[0].number, f"{source}:{numbers}: not taken: {exc}")
        return
    except Exception as exc:  # ruamel's parse errors: the YAML of the file does not parse
        report.problem(
            rows[0].number,
            f"{source}:{numbers}: not taken: {display_path(path.resolve(), root)} cannot be read "
            f"({type(exc).__name__}); fix it first (journeymaps validate)",
        )
        return
    for row in rows:
        sid = row.cells["stage_id"]
        index = editor.stage_index(sid)
        try:
            check_row(row, kind)  # every cell read before anything changes: a bad row leaves no trace
            if index is None:
                name = row.cells.get("stage_name", "").strip()
                if not name:
                    raise RowError(f"stage '{sid}' is new to map '{mid}', and stage_name is empty; fill it in")
                stage = CommentedMap({"name": name})
                if slugify(name) != sid:
                    stage["id"] = sid
                editor.stages().append(stage)
                editor.changes.append(f"stage '{sid}' added")
                index = len(editor.stages()) - 1
            _update_stage(editor, editor.stages()[index], row, f"stages[{index}]", kind)
        except RowError as exc:
            report.problem(row.number, f"{source}:{row.number}: {exc}")
    _save(editor, docs_dir, root, f"{source}:{numbers}", rows[0].number, mid, report)


# Lane files that can be imported: lane -> (the item's text key, its other fields and how to read them).
ITEM_LANES: dict[str, tuple[str, dict[str, str]]] = {
    "pain_points": ("title", {"severity": "score"}),
    "opportunities": ("title", {"impact": "score", "effort": "score", "owner": "text"}),
    "quotes": ("text", {"source": "text"}),
}


def _item_value(kind: str, column: str, text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    if kind == "text":
        return text
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{column}: '{text}' is not a number; use a whole number in 1..5") from None
    if value != int(value) or not 1 <= value <= 5:
        raise RowError(f"{column}: {text} is outside 1..5 (whole numbers)")
    return int(value)


def _import_lane(
    lane: str,
    header: list[str],
    rows: list[StageRow],
    source: str,
    docs_dir: Path,
    catalog: Catalog | None,
    root: Path,
    report: ImportReport,
) -> ImportReport:
    """Update the items of one lane from its lane file: an item is found by its title (text for quotes) in
    its map and stage; the fields in the file are set (an empty cell removes the field); a title the stage does
    not have yet is added at the end. Items missing from the file are kept: remove items in stages.csv."""
    key, fields = ITEM_LANES[lane]
    by_map: dict[str, list[StageRow]] = {}
    for row in rows:
        if not any(v.strip() for v in row.cells.values()):
            continue
        mid = row.cells.get("map_id", "").strip()
        if catalog is None or mid not in catalog.maps:
            known = closest(mid, catalog.maps) if catalog is not None else None
            report.problem(
                row.number,
                f"{source}:{row.number}: map '{mid}' does not exist; a lane file only updates "
                "existing maps" + (f" (did you mean '{known}'?)" if known else ""),
            )
            continue
        by_map.setdefault(mid, []).append(row)
    for mid, map_rows in by_map.items():
        existing = catalog.maps[mid]  # type: ignore[union-attr]
        path = docs_dir / existing.doc.src_uri
        try:
            editor = MapEditor(path, path.read_text(encoding="utf-8"))
        except Exception as exc:
            report.problem(
                map_rows[0].number,
                f"{source}:{map_rows[0].number}: not taken: {existing.doc.path} cannot be "
                f"read ({type(exc).__name__}); fix it first (journeymaps validate)",
            )
            continue
        for row in map_rows:
            try:
                sid = row.cells.get("stage_id", "").strip()
                index = editor.stage_index(sid)
                if index is None:
                    raise RowError(
                        f"map '{mid}' has no stage '{sid}' (its stages: {', '.join(existing.stage_ids)}); "
                        "add stages in stages.csv"
                    )
                title = one_line(row.cells.get(key, ""))
                if not title:
                    raise RowError(f"{key} is empty; fill it in")
                values = {f: _item_value(kind, f, row.cells[f]) for f, kind in fields.items() if f in row.cells}
                _update_item(editor, editor.stages()[index], lane, key, title, values, f"stages[{index}].{lane}")
            except RowError as exc:
                report.problem(row.number, f"{source}:{row.number}: {exc}")
        _save(
            editor,
            docs_dir,
            root,
            f"{source}:{', '.join(str(r.number) for r in map_rows)}",
            map_rows[0].number,
            mid,
            report,
        )
    return report


def _update_item(
    editor: MapEditor,
    stage: CommentedMap,
    lane: str,
    key: str,
    title: str,
    values: dict[str, int | str | None],
    where: str,
) -> None:
    items = stage.get(lane)
    if not isinstance(items, list):
        items = CommentedSeq(as_list(items))
    position = next((i for i, item in enumerate(items) if title_of(item, key) == title), None)
    current = items[position] if position is not None else title
    fields = dict(current.items()) if isinstance(current, dict) else {key: current}
    wanted = {**fields, **{f: v for f, v in values.items() if v is not None}}
    for f, v in values.items():
        if v is None:
            wanted.pop(f, None)
    if position is not None and wanted == fields:
        return
    new_item: Any = wanted[key] if set(wanted) == {key} else flow_map(wanted)
    if isinstance(current, CommentedMap) and position is not None:
        for f in list(current):
            if f not in wanted:
                del current[f]
        current.update(wanted)
        new_item = current
    if position is None:
        items.append(new_item)
        editor.changes.append(f"{where}: '{title}' added")
    else:
        items[position] = new_item
        editor.changes.append(f"{where}[{position}]")
    if stage.get(lane) is not items:
        stage[lane] = items


def _save(editor: MapEditor, docs_dir: Path, root: Path, where: str, row: int, mid: str, report: ImportReport) -> None:
    """Write the edited map when something changed and the result validates (on its own); else report why not."""
    if not editor.changes:
        report.unchanged += 1
        return
    path = editor.path
    text = editor.text()
    shown = display_path(path.resolve(), root)
    result = validate(load_text(text, shown, path.relative_to(docs_dir).as_posix()))
    problems = [d for d in result.diagnostics if d.is_error]
    if problems:
        for d in problems:
            report.problem(row, f"{where}: not taken, {mid} would not validate: {d}")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report.written.append((shown, editor.changes))
