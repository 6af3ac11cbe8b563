"""Seeded single-cell edits of the example handbook's sheets, imported in-process: no exception escapes, and every
map the import writes still validates (the rest is reported, one line per problem)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from journeymaps.interop.csv_export import csv_text, export_tables
from journeymaps.interop.csv_import import import_rows
from journeymaps.pipeline import build
from journeymaps.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NASTY = [
    "",
    " ",
    "-",
    "'",
    "''",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-0",
    "0,5",
    "2.0000001",
    "true",
    "maybe",
    "maya=",
    "maya=1; maya=2",
    "=1+1",
    "'=1+1",
    "@SUM(A1)",
    "\x1b[2J\x1b[31mred",
    "a\nb\r\nc\rd",
    "\t",
    "stage-1",
    "start",
    "video-id",
    "Ünïcødé",
    "注册",
    "../../outside",
    "x" * 200_000,
    "\x00",
    "{a: b}",
    "[1, 2]",
    "&anchor",
    "*alias",
    "null",
    "~",
    "- item",
    "#comment",
    "key: value",
]


def test_seeded_single_cell_edits_never_escape(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    docs = tmp_path / "content"
    rng = random.Random(15)
    handbook = build(Settings.for_folder(docs, tmp_path))
    tables = {name: tables for name, tables in export_tables(handbook).items() if name != "metrics.csv"}
    names = ["stages.csv", "stages.csv", "stages.csv", "pain_points.csv", "opportunities.csv", "quotes.csv"]
    written = 0
    for _ in range(100):
        name = rng.choice(names)
        columns, rows = tables[name]
        row = dict(rng.choice(rows))
        row[rng.choice(columns)] = rng.choice(NASTY) if rng.random() < 0.8 else rng.choice(NASTY) + rng.choice(NASTY)
        report = import_rows(csv_text(columns, [row]), name, docs, handbook.catalog, tmp_path)
        assert all("\n" not in line and "\x1b" not in line for line in report.lines())
        if report.written:
            written += 1
            handbook = build(Settings.for_folder(docs, tmp_path))
            errors = [str(d) for d in handbook.catalog.report.errors]
            assert errors == [], (row, report.written)
    assert written > 10
