"""Spreadsheets, out: maps to CSV files analysts can pivot (``journeymaps export csv``).

``stages.csv`` has one row per map x stage (the map, the stage, its
emotion(s), counts, and each lane's items joined one per line in the cell,
and a column per lane the taxonomy declares, e.g. ``customer_effort``);
each built-in lane also gets its own CSV (``actions.csv``, ``pain_points.csv``, ...) with one row per item
and its map and stage ids. A stage's own lanes are its main
path; ``paths.csv`` has one row per alternative path (name, share, emotion, its
actions, touchpoints and pain points), for reading only: paths are edited in the map. The columns are the
contract :mod:`journeymaps.interop.csv_import` reads back.

A text cell that a spreadsheet could take for a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return: OWASP's CSV
injection) is written with a ``'`` in front, and so is a text that starts
with ``'`` itself; the import removes one leading ``'`` from every cell
(:func:`restore`), so every text comes back exactly. In a cell of items, one
per line (a lane), each line is quoted on its own and the import removes one
``'`` from each line: an analyst may add a line on top, or sort the lines,
and every item still comes back as it was. Numbers in the number
columns (an emotion of -1) are written as numbers.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from journeymaps.catalog.resolve import Catalog
from journeymaps.catalog.taxonomy import Lane, Taxonomy
from journeymaps.handbook import Handbook
from journeymaps.validation.ids import slugify
from journeymaps.validation.items import Opportunity, PainPoint, Quote
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import priority, two_decimals

STAGE_FILE = "stages.csv"
STAGE_COLUMNS = (
    "map_id",
    "map_type",
    "map_title",
    "state",
    "map_kind",
    "personas",
    "stage_number",
    "stage_id",
    "stage_name",
    "goal",
    "emotion",
    "emotion_by_persona",
    "moment_of_truth",
    "owner",
    "actions_count",
    "touchpoints_count",
    "pain_points_count",
    "opportunities_count",
    "quotes_count",
    "actions",
    "thoughts",
    "expectations",
    "touchpoints",
    "pain_points",
    "opportunities",
    "quotes",
    "physical_evidence",
    "frontstage",
    "backstage",
    "support",
    "influences",
    "time",
    "source",
)
DERIVED = {
    "actions_count",
    "touchpoints_count",
    "pain_points_count",
    "opportunities_count",
    "quotes_count",
    "source",
    "stage_number",
}
NUMBER_COLUMNS = frozenset(
    {*DERIVED - {"source"}, "emotion", "item", "severity", "impact", "effort", "priority", "value", "share"}
)
"""Columns of numbers: a cell there that is a number is written as it is (``-1`` is a number, not a formula)."""
TEXT_LANES = (
    "actions",
    "thoughts",
    "expectations",
    "physical_evidence",
    "frontstage",
    "backstage",
    "support",
    "influences",
)
TITLED_LANES = {"pain_points": "title", "opportunities": "title", "quotes": "text"}
# One CSV per lane: its columns after map_id, stage_id, item.
LANE_COLUMNS: dict[str, tuple[str, ...]] = {
    "actions": ("text",),
    "thoughts": ("text",),
    "expectations": ("text",),
    "touchpoints": ("touchpoint_id", "name", "channel", "ownership", "weight"),
    "pain_points": ("title", "severity"),
    "opportunities": ("title", "impact", "effort", "priority", "owner", "status", "link"),
    "quotes": ("text", "source"),
    "metrics": ("metric", "value"),
    "physical_evidence": ("text",),
    "frontstage": ("text",),
    "backstage": ("text",),
    "support": ("text",),
    "influences": ("text",),
}
PATH_FILE = "paths.csv"
PATH_COLUMNS = (
    "map_id",
    "stage_id",
    "stage_name",
    "path",
    "share",
    "emotion",
    "actions",
    "touchpoints",
    "pain_points",
)
"""``paths.csv``: one row per alternative path of a stage (for reading only; ``stages.csv`` is the main path)."""
NEW_MAP_BODY = (
    "Created from a spreadsheet (`journeymaps import csv`). Say what this map is for and the research\n"
    "behind it; add `evidence` to the frontmatter.\n"
)


def _num(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


def one_line(text: Any) -> str:
    return " ".join(str(text).split())


QUOTE = "'"
# What makes a spreadsheet read a cell as a formula (OWASP), with the full-width forms some locales accept too;
# a cell that starts with the quote itself is quoted as well, so that removing one quote is always right.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20" + QUOTE)


def neutralise(text: str) -> str:
    """``=1+1`` -> ``'=1+1``: a text a spreadsheet would evaluate (even after leading spaces, or after a control
    character a client may drop) is kept a text."""
    if text[:1] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START or not text[:1].isprintable():
        return QUOTE + text
    return text


class Lines(str):
    """A cell of items, one per line (:func:`_joined`): :func:`csv_text` quotes each line on its own."""


def neutralise_lines(text: str) -> str:
    """Each line of a cell of items quoted as a cell would be: the quote travels with its line."""
    return "\n".join(neutralise(line) for line in text.split("\n"))


def restore(cell: str) -> str:
    """The text of a cell as the export wrote it: one leading ``'`` removed (``''a`` is ``'a``)."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _joined(items: Iterable[Any]) -> str:
    """Lane items in one cell, one per line (spreadsheets show line breaks inside a cell)."""
    return Lines("\n".join(one_line(i) for i in items))


# -- export ---------------------------------------------------------------------------------------


def lane_columns(taxonomy: Taxonomy | None) -> dict[str, Lane]:
    """stages.csv column -> the taxonomy's lane, in the taxonomy's order."""
    if taxonomy is None:
        return {}
    return {(key if key not in STAGE_COLUMNS else f"lane_{key}"): lane for key, lane in taxonomy.lanes.items()}


def export_cells(catalog: Catalog, mid: str, index: int) -> dict[str, str]:
    """The lane cells of stage ``index`` of map ``mid`` (every declared lane, empty where the stage has none)."""
    per_stage = catalog.lane_values.get(mid, [])
    values = per_stage[index] if index < len(per_stage) else {}
    out = {}
    for column, lane in lane_columns(catalog.taxonomy).items():
        value = values.get(lane.id)
        if value is None:
            out[column] = ""
        elif isinstance(value, list):
            out[column] = _joined(value)
        else:
            out[column] = one_line(value)
    return out


def export_tables(handbook: Handbook) -> dict[str, tuple[tuple[str, ...], list[dict[str, str]]]]:
    """file name -> (columns, rows), for every valid map, in map id order."""
    catalog = handbook.catalog
    stage_rows: list[dict[str, str]] = []
    path_rows: list[dict[str, str]] = []
    lanes: dict[str, list[dict[str, str]]] = {lane: [] for lane in LANE_COLUMNS}
    for mid in sorted(catalog.maps):
        v = catalog.maps[mid]
        m = v.model
        if not isinstance(m, (Cjm, Cem)):
            continue
        means = handbook.analysis.maps[mid].stage_means
        for i, st in enumerate(m.stages):
            sid = v.stage_ids[i]
            tps = catalog.stage_touchpoints.get(mid, [[]] * len(m.stages))[i]
            # as written, unknown ids too (an import of the unedited sheet must not drop a misspelt one)
            refs = [ref if isinstance(ref, str) else (ref.id or slugify(ref.name)) for ref in st.touchpoints]
            pains: list[PainPoint] = list(st.pain_points)
            opportunities: list[Opportunity] = list(st.opportunities)
            quotes: list[Quote] = list(st.quotes)
            emotion = (
                two_decimals(means[i]) if isinstance(st.emotion, dict) else st.emotion
            )  # a cem's stage: the mean over its personas
            stage_rows.append(
                {
                    "map_id": mid,
                    "map_type": v.kind,
                    "map_title": m.title,
                    "state": m.state,
                    "map_kind": m.kind,
                    "personas": ", ".join(v.personas),
                    "stage_number": str(i + 1),
                    "stage_id": sid,
                    "stage_name": st.name,
                    "goal": one_line(st.goal or ""),
                    "emotion": _num(emotion),
                    "emotion_by_persona": "; ".join(f"{p}={_num(x)}" for p, x in st.emotion.items())
                    if isinstance(st.emotion, dict)
                    else "",
                    "moment_of_truth": "true" if st.moment_of_truth else "false",
                    "owner": st.owner or "",
                    "actions_count": str(len(st.actions)),
                    "touchpoints_count": str(len(refs)),
                    "pain_points_count": str(len(pains)),
                    "opportunities_count": str(len(opportunities)),
                    "quotes_count": str(len(quotes)),
                    **{lane: _joined(getattr(st, lane)) for lane in TEXT_LANES},
                    "touchpoints": _joined(ref for ref in refs if ref),
                    "pain_points": _joined(p.title for p in pains),
                    "opportunities": _joined(o.title for o in opportunities),
                    "quotes": _joined(q.text for q in quotes),
                    "time": st.time or st.part_of_day or "",
                    **export_cells(catalog, mid, i),
                    "source": v.doc.path,
                }
            )
            where = {"map_id": mid, "stage_id": sid}
            for lane in TEXT_LANES:
                lanes[lane] += [
                    {**where, "item": str(n), "text": one_line(t)} for n, t in enumerate(getattr(st, lane), 1)
                ]
            for n, tid in enumerate(tps, 1):
                tp = catalog.touchpoints[tid]
                lanes["touchpoints"].append(
                    {
                        **where,
                        "item": str(n),
                        "touchpoint_id": tid,
                        "name": tp.name,
                        "channel": tp.channel,
                        "ownership": tp.ownership,
                        "weight": tp.weight or "",
                    }
                )
            for n, pp in enumerate(pains, 1):
                lanes["pain_points"].append(
                    {**where, "item": str(n), "title": one_line(pp.title), "severity": _num(pp.severity)}
                )
            for n, op in enumerate(opportunities, 1):
                lanes["opportunities"].append(
                    {
                        **where,
                        "item": str(n),
                        "title": one_line(op.title),
                        "impact": _num(op.impact),
                        "effort": _num(op.effort),
                        "priority": _num(priority(op.impact, op.effort)),
                        "owner": op.owner or "",
                        "status": op.status,
                        "link": op.link or "",
                    }
                )
            for n, q in enumerate(quotes, 1):
                lanes["quotes"].append({**where, "item": str(n), "text": one_line(q.text), "source": q.source or ""})
            for n, (key, value) in enumerate(st.metrics.items(), 1):
                lanes["metrics"].append({**where, "item": str(n), "metric": key, "value": one_line(value)})
            for path in st.paths:
                path_rows.append(
                    {
                        "map_id": mid,
                        "stage_id": sid,
                        "stage_name": one_line(st.name),
                        "path": one_line(path.name),
                        "share": _num(path.share),
                        "emotion": _num(path.emotion),
                        "actions": _joined(path.actions),
                        "touchpoints": _joined(
                            t if isinstance(t, str) else t.id or slugify(t.name) for t in path.touchpoints
                        ),
                        "pain_points": _joined(pp.title for pp in path.pain_points),
                    }
                )
    stage_columns = (*STAGE_COLUMNS[:-1], *lane_columns(catalog.taxonomy), STAGE_COLUMNS[-1])  # the team's lanes too
    tables: dict[str, tuple[tuple[str, ...], list[dict[str, str]]]] = {STAGE_FILE: (stage_columns, stage_rows)}
    for lane, columns in LANE_COLUMNS.items():
        tables[f"{lane}.csv"] = (("map_id", "stage_id", "item", *columns), lanes[lane])
    tables[PATH_FILE] = (PATH_COLUMNS, path_rows)
    return tables


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                column: cell
                if column in NUMBER_COLUMNS and is_number(cell)
                else neutralise_lines(cell)
                if isinstance(cell, Lines)
                else neutralise(cell)
                for column, cell in row.items()
            }
        )
    return out.getvalue()


class WouldOverwrite(Exception):
    """Export files are there and differ from this export (maybe edited in a spreadsheet); nothing was written."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__(", ".join(p.as_posix() for p in paths))


def write_tables(handbook: Handbook, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write every table as UTF-8 CSV with a byte-order mark (so Excel reads the accents right).
    Files already there with other content (edits not imported yet?) are only replaced with ``force``."""
    texts = {out_dir / name: csv_text(columns, rows) for name, (columns, rows) in export_tables(handbook).items()}
    changed = [path for path, text in texts.items() if path.exists() and path.read_bytes() != text.encode("utf-8-sig")]
    if changed and not force:
        raise WouldOverwrite(changed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8-sig", newline="")
    return list(texts)
