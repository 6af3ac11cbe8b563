"""Spreadsheets: maps to CSV files analysts can pivot, and CSV rows back into maps.

``export``: ``stages.csv`` has one row per map x stage (the map, the stage,
its emotion(s), counts, and each lane's items joined one per line in the
cell); each lane also gets its own CSV (``actions.csv``,
``pain_points.csv``, ...) with one row per item and its map and stage ids.

``import``: rows of a ``stages.csv`` create or update maps. A column the
file does not have is left alone; a cell whose meaning equals what the map
already says is left alone too (so exporting and importing changes
nothing). Updates edit the frontmatter in place
(:mod:`journeymaps.frontmatter_edit`), keeping the author's comments, quotes
and layout, and the Markdown body as it is.
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

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .diagnostics import closest
from .frontmatter_edit import EditError, MapEditor, flow_map, flow_seq
from .ids import is_valid_id, slugify
from .load import display_path, load_text
from .models import Cem, Cjm, Opportunity, PainPoint, Quote
from .resolve import Catalog
from .validate import validate

STAGE_FILE = "stages.csv"
STAGE_COLUMNS = (
    "map_id", "map_type", "map_title", "state", "personas", "stage_number", "stage_id", "stage_name", "goal",
    "emotion", "emotion_by_persona", "moment_of_truth", "owner",
    "actions_count", "touchpoints_count", "pain_points_count", "opportunities_count", "quotes_count",
    "actions", "thoughts", "expectations", "touchpoints", "pain_points", "opportunities", "quotes",
    "backstage", "support", "influences", "source",
)
DERIVED = {"actions_count", "touchpoints_count", "pain_points_count", "opportunities_count", "quotes_count",
           "source", "stage_number"}
TEXT_LANES = ("actions", "thoughts", "expectations", "backstage", "support", "influences")
TITLED_LANES = {"pain_points": "title", "opportunities": "title", "quotes": "text"}
# One CSV per lane: its columns after map_id, stage_id, item.
LANE_COLUMNS: dict[str, tuple[str, ...]] = {
    "actions": ("text",), "thoughts": ("text",), "expectations": ("text",),
    "touchpoints": ("touchpoint_id", "name", "channel", "ownership", "weight"),
    "pain_points": ("title", "severity"),
    "opportunities": ("title", "impact", "effort", "priority", "owner"),
    "quotes": ("text", "source"),
    "metrics": ("metric", "value"),
    "backstage": ("text",), "support": ("text",), "influences": ("text",),
}
NEW_MAP_BODY = ("Created from a spreadsheet (`journeymaps import csv`). Say what this map is for and the research\n"
                "behind it; add `evidence` to the frontmatter.\n")
TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}


def _num(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _joined(items: Iterable[Any]) -> str:
    """Lane items in one cell, one per line (spreadsheets show line breaks inside a cell)."""
    return "\n".join(_one_line(i) for i in items)


# -- export ---------------------------------------------------------------------------------------

def export_tables(catalog: Catalog) -> dict[str, tuple[tuple[str, ...], list[dict[str, str]]]]:
    """file name -> (columns, rows), for every valid map, in map id order."""
    from .analyse import emotion_series
    from .render.pages import priority

    stage_rows: list[dict[str, str]] = []
    lanes: dict[str, list[dict[str, str]]] = {lane: [] for lane in LANE_COLUMNS}
    for mid in sorted(catalog.maps):
        v = catalog.maps[mid]
        m = v.model
        if not isinstance(m, (Cjm, Cem)):
            continue
        series = emotion_series(m, v.personas)
        for i, st in enumerate(m.stages):
            sid = v.stage_ids[i]
            tps = catalog.stage_touchpoints.get(mid, [[]] * len(m.stages))[i]
            values = [x for x in (vals[i] for vals in series.values()) if x is not None]
            pains: list[PainPoint] = list(st.pain_points)  # type: ignore[attr-defined]
            opportunities: list[Opportunity] = list(st.opportunities)  # type: ignore[attr-defined]
            quotes: list[Quote] = list(st.quotes)  # type: ignore[attr-defined]
            by_persona = isinstance(st.emotion, dict)
            emotion = st.emotion if not by_persona else (sum(values) / len(values) if values else None)
            stage_rows.append({
                "map_id": mid, "map_type": v.kind, "map_title": m.title, "state": m.state,
                "personas": ", ".join(v.personas), "stage_number": str(i + 1), "stage_id": sid, "stage_name": st.name,
                "goal": _one_line(st.goal or ""), "emotion": _num(round(emotion, 2) if isinstance(emotion, float) else emotion),
                "emotion_by_persona": "; ".join(f"{p}={_num(x)}" for p, x in st.emotion.items()) if isinstance(st.emotion, dict) else "",
                "moment_of_truth": "true" if st.moment_of_truth else "false", "owner": st.owner or "",
                "actions_count": str(len(st.actions)), "touchpoints_count": str(len(tps)),
                "pain_points_count": str(len(pains)), "opportunities_count": str(len(opportunities)),
                "quotes_count": str(len(quotes)),
                **{lane: _joined(getattr(st, lane)) for lane in TEXT_LANES},
                "touchpoints": _joined(tps),
                "pain_points": _joined(p.title for p in pains),
                "opportunities": _joined(o.title for o in opportunities),
                "quotes": _joined(q.text for q in quotes),
                "source": v.doc.path,
            })
            where = {"map_id": mid, "stage_id": sid}
            for lane in TEXT_LANES:
                lanes[lane] += [{**where, "item": str(n), "text": _one_line(t)} for n, t in enumerate(getattr(st, lane), 1)]
            for n, tid in enumerate(tps, 1):
                tp = catalog.touchpoints[tid]
                lanes["touchpoints"].append({**where, "item": str(n), "touchpoint_id": tid, "name": tp.name,
                                             "channel": tp.channel, "ownership": tp.ownership, "weight": tp.weight or ""})
            for n, pp in enumerate(pains, 1):
                lanes["pain_points"].append({**where, "item": str(n), "title": _one_line(pp.title), "severity": _num(pp.severity)})
            for n, op in enumerate(opportunities, 1):
                lanes["opportunities"].append({**where, "item": str(n), "title": _one_line(op.title), "impact": _num(op.impact),
                                               "effort": _num(op.effort), "priority": _num(priority(op)), "owner": op.owner or ""})
            for n, q in enumerate(quotes, 1):
                lanes["quotes"].append({**where, "item": str(n), "text": _one_line(q.text), "source": q.source or ""})
            for n, (key, value) in enumerate(st.metrics.items(), 1):
                lanes["metrics"].append({**where, "item": str(n), "metric": key, "value": _one_line(value)})
    tables: dict[str, tuple[tuple[str, ...], list[dict[str, str]]]] = {STAGE_FILE: (STAGE_COLUMNS, stage_rows)}
    for lane, columns in LANE_COLUMNS.items():
        tables[f"{lane}.csv"] = (("map_id", "stage_id", "item", *columns), lanes[lane])
    return tables


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


class WouldOverwrite(Exception):
    """Export files are there and differ from this export (maybe edited in a spreadsheet); nothing was written."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__(", ".join(p.as_posix() for p in paths))


def write_tables(catalog: Catalog, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write every table as UTF-8 CSV with a byte-order mark (so Excel reads the accents right).
    Files already there with other content (edits not imported yet?) are only replaced with ``force``."""
    texts = {out_dir / name: csv_text(columns, rows) for name, (columns, rows) in export_tables(catalog).items()}
    changed = [path for path, text in texts.items()
               if path.exists() and path.read_bytes() != text.encode("utf-8-sig")]
    if changed and not force:
        raise WouldOverwrite(changed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8-sig", newline="")
    return list(texts)


# -- import ---------------------------------------------------------------------------------------

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


class RowError(Exception):
    pass


def _cells(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _emotion_cell(text: str, column: str) -> float | int | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip())
    except ValueError:
        raise RowError(f"{column}: '{text}' is not a number; use a number in -2..2") from None
    if math.isnan(value) or not -2 <= value <= 2:
        raise RowError(f"{column}: {text.strip()} is outside -2..2")
    return int(value) if value == int(value) else value


def _by_persona(text: str) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        pid, sep, value = part.partition("=") if "=" in part else part.partition(":")
        pid = pid.strip()
        if not sep or not is_valid_id(pid):
            raise RowError(f"emotion_by_persona: '{part.strip()}' should be persona-id=number, e.g. maya=1; daniel=-1")
        number = _emotion_cell(value, f"emotion_by_persona ({pid})")
        if number is not None:
            out[pid] = number
    return out


def _bool_cell(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(f"moment_of_truth: '{text}' is not true or false")


@dataclass
class StageRow:
    number: int  # the row number a spreadsheet shows (the header is row 1)
    cells: dict[str, str]

    def get(self, column: str) -> str | None:
        value = self.cells.get(column)
        return None if value is None else value


def read_rows(text: str) -> tuple[list[str], list[StageRow]]:
    """The header and the rows. Commas, semicolons (Excel in many European locales) and tabs all work."""
    text = text.removeprefix("\ufeff")
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:  # one column: nothing to tell apart
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        cells = {str(k).strip(): (v or "") for k, v in raw.items() if k is not None}
        rows.append(StageRow(reader.line_num, cells))
    # DictReader's line_num counts physical lines (cells may span lines): number rows as a spreadsheet does
    for index, row in enumerate(rows, start=2):
        row.number = index
    return header, rows


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _title_of(item: Any, key: str) -> str:
    if isinstance(item, dict):
        return _one_line(item.get(key, ""))
    return _one_line(item)


def _touchpoint_id(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("id") or slugify(str(item.get("name", ""))))
    return str(item)


def _check_row(row: StageRow, kind: str) -> None:
    """Read every cell of a row that can be wrong; raise RowError for the first problem."""
    cells = row.cells
    if "moment_of_truth" in cells:
        _bool_cell(cells["moment_of_truth"])
    if cells.get("emotion_by_persona", "").strip():
        if kind != "cem":
            raise RowError("emotion_by_persona is for a cem; a cjm has one emotion per stage (use the emotion column)")
        _by_persona(cells["emotion_by_persona"])
    if "emotion" in cells:
        _emotion_cell(cells["emotion"], "emotion")
    bad = [t for t in _cells(cells.get("touchpoints", "")) if not is_valid_id(t)]
    if bad:
        raise RowError(f"touchpoints: '{bad[0]}' is not a touchpoint id; try '{slugify(bad[0])}'")


def _update_stage(editor: MapEditor, stage: CommentedMap, row: StageRow, where: str, kind: str) -> None:
    cells = row.cells
    if "stage_name" in cells and cells["stage_name"].strip() and _one_line(stage.get("name", "")) != cells["stage_name"].strip():
        editor.set(stage, "name", cells["stage_name"].strip(), where)
    for key in ("goal", "owner"):
        if key in cells and _one_line(stage.get(key) or "") != cells[key].strip():
            editor.set(stage, key, cells[key].strip() or None, where)
    if "moment_of_truth" in cells:
        moment = _bool_cell(cells["moment_of_truth"])
        if bool(stage.get("moment_of_truth", False)) != moment:
            editor.set(stage, "moment_of_truth", True if moment else None, where)
    by_persona = _by_persona(cells.get("emotion_by_persona", "")) if cells.get("emotion_by_persona", "").strip() else None
    if by_persona is not None:
        if kind != "cem":
            raise RowError("emotion_by_persona is for a cem; a cjm has one emotion per stage (use the emotion column)")
        current = stage.get("emotion")
        if not isinstance(current, dict) or {k: float(v) for k, v in current.items()} != {k: float(v) for k, v in by_persona.items()}:
            editor.set(stage, "emotion", flow_map(by_persona), where)
    elif "emotion" in cells:
        wanted_emotion = _emotion_cell(cells["emotion"], "emotion")
        current = stage.get("emotion")
        same = (current is None and wanted_emotion is None) or (
            isinstance(current, (int, float)) and not isinstance(current, bool) and wanted_emotion is not None
            and float(current) == float(wanted_emotion))
        if isinstance(current, dict) and "emotion_by_persona" in cells:
            same = False  # the per-persona cell was emptied: the emotion column says what it is now
        elif isinstance(current, dict):
            same = True  # per-persona emotions are changed in emotion_by_persona; the mean is derived
        if not same:
            editor.set(stage, "emotion", wanted_emotion, where)
    for lane in TEXT_LANES:
        if lane in cells:
            wanted = _cells(cells[lane])
            if [_one_line(x) for x in _as_list(stage.get(lane))] != wanted:
                editor.set(stage, lane, flow_seq(wanted) if wanted else None, where)
    for lane, key in TITLED_LANES.items():
        if lane in cells:
            wanted = _cells(cells[lane])
            items = _as_list(stage.get(lane))
            if [_title_of(x, key) for x in items] != wanted:
                by_title = {_title_of(x, key): x for x in items}
                merged = [by_title.get(title, title) for title in wanted]  # known titles keep severity, impact, ...
                editor.set(stage, lane, (flow_seq(merged) if all(isinstance(x, str) for x in merged) else CommentedSeq(merged))
                           if merged else None, where)
    if "touchpoints" in cells:
        wanted = _cells(cells["touchpoints"])
        items = _as_list(stage.get("touchpoints"))
        if [_touchpoint_id(x) for x in items] != wanted:
            bad = [t for t in wanted if not is_valid_id(t)]
            if bad:
                raise RowError(f"touchpoints: '{bad[0]}' is not a touchpoint id; try '{slugify(bad[0])}'")
            by_id = {_touchpoint_id(x): x for x in items}
            merged = [by_id.get(t, t) for t in wanted]  # inline touchpoints keep their fields
            editor.set(stage, "touchpoints", (flow_seq(merged) if all(isinstance(x, str) for x in merged) else CommentedSeq(merged))
                       if merged else None, where)


def _update_map_fields(editor: MapEditor, existing: Any, rows: list[StageRow], source: str, report: ImportReport) -> None:
    """The map title follows the sheet; type, state and personas are only changed in the file (reported)."""
    first = rows[0]
    titles = {r.cells["map_title"].strip() for r in rows if r.cells.get("map_title", "").strip()}
    if len(titles) > 1:
        report.problem(first.number, f"{source}:{first.number}: map '{existing.id}' has different map_title cells "
                               f"({', '.join(sorted(titles))}); the title is not changed")
    elif titles and titles != {_one_line(editor.data.get("title", ""))}:
        editor.set(editor.data, "title", titles.pop(), "map")
    for column, current in (("map_type", existing.kind), ("state", str(editor.data.get("state") or "current")),
                            ("personas", ", ".join(existing.personas))):
        cell = first.cells.get(column, "").strip()
        if cell and ", ".join(p.strip() for p in re.split(r"[,;]", cell) if p.strip()) != current:
            report.problem(first.number, f"{source}:{first.number}: {column} '{cell}' differs from the map's ('{current}'); "
                                   f"not changed: edit {existing.doc.path} to change it")


def _new_map(mid: str, rows: list[StageRow]) -> dict[str, Any]:
    first = rows[0].cells
    kind = first.get("map_type", "").strip().lower()
    if kind not in ("cjm", "cem"):
        guess = closest(kind, ("cjm", "cem")) if kind else None
        raise RowError(f"map '{mid}' does not exist yet, and map_type '{first.get('map_type', '')}' is not cjm or cem"
                       + (f" (did you mean '{guess}'?)" if guess else "; fill in map_type, map_title and personas to create it"))
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
    lane = next((name for name, cols in LANE_COLUMNS.items()
                 if header[:3] == ["map_id", "stage_id", "item"] and set(header[3:]) <= set(cols) and cols[0] in header), None)
    if lane in ITEM_LANES:
        return _import_lane(lane, header, rows, source, docs_dir, catalog, root, report)
    if lane is not None:
        report.problem(1, f"{source}:1: {lane}.csv is for reading only; edit {lane.replace('_', ' ')} in stages.csv, "
                          "where each lane is a cell (one item per line); pain_points.csv, opportunities.csv and "
                          "quotes.csv can be imported")
        return report
    if "map_id" not in header or not ({"stage_id", "stage_name"} & set(header)):
        report.problem(1, f"{source}:1: needs the columns map_id and stage_id (or stage_name); the first row must name "
                          "the columns, as in the stages.csv that `journeymaps export csv` writes")
        return report
    unknown = [h for h in header if h and h not in STAGE_COLUMNS]
    for h in unknown:
        guess = closest(h, STAGE_COLUMNS)
        report.problem(1, f"{source}:1: column '{h}' is not a stages.csv column, so it is ignored"
                               + (f" (did you mean '{guess}'?)" if guess else ""))
    by_map: dict[str, list[StageRow]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if not any(v.strip() for v in row.cells.values()):
            continue
        mid = row.cells.get("map_id", "").strip()
        name = row.cells.get("stage_name", "").strip()
        sid = row.cells.get("stage_id", "").strip() or slugify(name)
        if not mid:
            report.problem(row.number, f"{source}:{row.number}: map_id is empty; fill it in (the map's id, e.g. account-opening)")
            continue
        if not is_valid_id(mid):
            report.problem(row.number, f"{source}:{row.number}: map_id '{mid}' is not a valid id; try '{slugify(mid)}'")
            continue
        if not sid or not is_valid_id(sid):
            report.problem(row.number, f"{source}:{row.number}: stage_id '{sid}' is not a valid id"
                                   + (f"; try '{slugify(sid)}'" if slugify(sid) else "; fill in stage_name or stage_id"))
            continue
        if (mid, sid) in seen:
            report.problem(row.number, f"{source}:{row.number}: map '{mid}' stage '{sid}' is already in row {seen[(mid, sid)]}; "
                                   "one row per map and stage")
            continue
        seen[(mid, sid)] = row.number
        row.cells["stage_id"] = sid
        by_map.setdefault(mid, []).append(row)
    for mid, map_rows in by_map.items():
        _import_map(mid, map_rows, source, docs_dir, catalog, root, report)
    return report


def _import_map(mid: str, rows: list[StageRow], source: str, docs_dir: Path, catalog: Catalog | None, root: Path,
                report: ImportReport) -> None:
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
                raise RowError(f"{path.as_posix()} exists but is not a valid map with id '{mid}'; fix it first "
                               "(journeymaps validate)")
            editor = MapEditor(path, None, _new_map(mid, rows), body=NEW_MAP_BODY)
            kind = str(editor.data["type"])
    except (RowError, EditError, OSError, UnicodeDecodeError) as exc:
        report.problem(rows[0].number, f"{source}:{numbers}: not taken: {exc}")
        return
    except Exception as exc:  # ruamel's parse errors: the YAML of the file does not parse
        report.problem(rows[0].number, f"{source}:{numbers}: not taken: {display_path(path.resolve(), root)} cannot be read "
                               f"({type(exc).__name__}); fix it first (journeymaps validate)")
        return
    for row in rows:
        sid = row.cells["stage_id"]
        index = editor.stage_index(sid)
        try:
            _check_row(row, kind)  # every cell read before anything changes: a bad row leaves no trace
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


def _import_lane(lane: str, header: list[str], rows: list[StageRow], source: str, docs_dir: Path,
                 catalog: Catalog | None, root: Path, report: ImportReport) -> ImportReport:
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
            report.problem(row.number, f"{source}:{row.number}: map '{mid}' does not exist; a lane file only updates "
                                       "existing maps" + (f" (did you mean '{known}'?)" if known else ""))
            continue
        by_map.setdefault(mid, []).append(row)
    for mid, map_rows in by_map.items():
        existing = catalog.maps[mid]  # type: ignore[union-attr]
        path = docs_dir / existing.doc.src_uri
        try:
            editor = MapEditor(path, path.read_text(encoding="utf-8"))
        except Exception as exc:  # noqa: BLE001 - unreadable or unparsable file: report, never crash
            report.problem(map_rows[0].number, f"{source}:{map_rows[0].number}: not taken: {existing.doc.path} cannot be "
                                               f"read ({type(exc).__name__}); fix it first (journeymaps validate)")
            continue
        for row in map_rows:
            try:
                sid = row.cells.get("stage_id", "").strip()
                index = editor.stage_index(sid)
                if index is None:
                    raise RowError(f"map '{mid}' has no stage '{sid}' (its stages: {', '.join(existing.stage_ids)}); "
                                   "add stages in stages.csv")
                title = _one_line(row.cells.get(key, ""))
                if not title:
                    raise RowError(f"{key} is empty; fill it in")
                values = {f: _item_value(kind, f, row.cells[f]) for f, kind in fields.items() if f in row.cells}
                _update_item(editor, editor.stages()[index], lane, key, title, values, f"stages[{index}].{lane}")
            except RowError as exc:
                report.problem(row.number, f"{source}:{row.number}: {exc}")
        _save(editor, docs_dir, root, f"{source}:{', '.join(str(r.number) for r in map_rows)}", map_rows[0].number, mid, report)
    return report


def _update_item(editor: MapEditor, stage: CommentedMap, lane: str, key: str, title: str,
                 values: dict[str, int | str | None], where: str) -> None:
    items = stage.get(lane)
    if not isinstance(items, list):
        items = CommentedSeq(_as_list(items))
    position = next((i for i, item in enumerate(items) if _title_of(item, key) == title), None)
    current = items[position] if position is not None else title
    fields = {k: v for k, v in current.items()} if isinstance(current, dict) else {key: current}
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
