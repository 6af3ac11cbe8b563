"""The spreadsheet round trip, with real clients as the oracle: pandas reads what we export, openpyxl holds it as
Excel would, and the Markdown is diffed after an import.

The example handbook (``content/``) plus a map of hostile texts is exported with the real CLI; every CSV must
open without a single formula cell (OWASP CSV injection), numbers must stay numbers, an unedited re-import must
change no byte, and editing exactly one field in a sheet must change exactly that field in the Markdown.
"""

from __future__ import annotations

import csv
import difflib
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from journeymaps.interop.csv_export import NUMBER_COLUMNS, csv_text
from journeymaps.interop.csv_rows import read_rows
from journeymaps.sources.frontmatter import load_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"]
HOSTILE_MAP = r"""---
type: cjm
title: "=1+1"
persona: maya
stages:
  - name: "+SUM(A1)"
    goal: "-2+3"
    owner: "@cmd"
    actions: ["=HYPERLINK(\"http://example.com\")", plain, "-1", "\t=x"]
    emotion: -1
    pain_points:
      - {title: "@cmd", severity: 3}
      - "'quoted"
    opportunities:
      - {title: "\r=x", impact: 2, effort: 1, owner: "=owner"}
    quotes:
      - {text: "''twice", source: "+source"}
      - {text: "\t=x"}
    metrics: {nps: -12, formula: "=1+2", change: "-5%"}
  - name: "-2+3"
    id: minus
    goal: "'"
    emotion: -0.5
    thoughts: ["\t=x", "\r=x"]
    touchpoints: [{name: "=Tp", channel: web}]
  - name: "@cmd"
    id: at
    actions: ["'=already quoted"]
---
Hostile texts, as an outside tester wrote them.
"""
IMPORTABLE = ("stages.csv", "pain_points.csv", "opportunities.csv", "quotes.csv")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True, input=""
    )


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """The example handbook and its site config, with the hostile map, exported to sheets/."""
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content/maps/hostile.md").write_text(HOSTILE_MAP, encoding="utf-8")
    proc = run(tmp_path, "export", "csv", "--out", "sheets")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return tmp_path


def snapshot(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def excel_reads(text: str) -> Any:
    """A CSV cell as Excel takes it when it opens the file: a number, a formula (a text that starts with = + - or
    @, also after blanks, or their full-width forms), else a text. openpyxl holds a formula as a text with '='."""
    try:
        return float(text)
    except ValueError:
        pass
    start = text.lstrip(" \t\r\n")
    if start[:1] in ("=", "\uff1d"):
        return "=" + start[1:]
    if start[:1] in ("+", "-", "@", "\uff0b", "\uff0d", "\uff20"):
        return "=" + start
    return text


def workbook_of(sheets: Path) -> Any:
    """Every CSV of the export read by pandas (as text, nothing taken for empty) into one workbook, a sheet each."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(sheets.glob("*.csv")):
        frame = pandas.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        sheet = book.create_sheet(path.stem)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([excel_reads(cell) for cell in row])
    return book


def test_the_excel_model_sees_the_hostile_texts_as_formulas() -> None:
    """The oracle can fail: the texts an outside tester used are formulas to it, unless the export quotes them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([excel_reads(text) for text in HOSTILE])
    sheet.append([excel_reads("'" + text) for text in HOSTILE])
    assert [cell.data_type for cell in sheet[1]] == ["f"] * len(HOSTILE)
    assert [cell.data_type for cell in sheet[2]] == ["s"] * len(HOSTILE)
    sheet.append([excel_reads("-1"), excel_reads("0.5")])
    assert [(cell.data_type, cell.value) for cell in sheet[3][:2]] == [("n", -1), ("n", 0.5)]


def test_no_exported_cell_is_a_formula_and_numbers_stay_numbers(handbook: Path, tmp_path: Path) -> None:
    book = workbook_of(handbook / "sheets")
    formulas = [
        f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    # saved as .xlsx and opened again, as a user would keep it: still no formula
    book.save(tmp_path / "handbook.xlsx")
    again = openpyxl.load_workbook(tmp_path / "handbook.xlsx")
    assert not [c for s in again.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    # the number columns hold numbers, negative emotions included (a metric's value may be a text: 18%)
    stages = again["stages"]
    header = [c.value for c in stages[1]]
    hostile = [r for r in stages.iter_rows(min_row=2, values_only=True) if r[0] == "hostile"]
    by_column = [dict(zip(header, r)) for r in hostile]
    assert [(r["emotion"], r["stage_name"], r["goal"]) for r in by_column] == [
        (-1, "'+SUM(A1)", "'-2+3"),
        (-0.5, "'-2+3", "''"),
        (None, "'@cmd", None),
    ]
    numbers = [
        (sheet.title, column, cell)
        for sheet in again.worksheets
        for column, cells in zip([c.value for c in sheet[1]], sheet.iter_cols(min_row=2, values_only=True))
        if column in NUMBER_COLUMNS - {"value"}
        for cell in cells
        if cell is not None and not isinstance(cell, (int, float))
    ]
    assert numbers == []
    metrics = again["metrics"]
    assert [r[3:] for r in metrics.iter_rows(min_row=2, values_only=True) if r[0] == "hostile"] == [
        ("nps", -12),
        ("formula", "'=1+2"),
        ("change", "'-5%"),
    ]


def test_an_unedited_re_import_changes_no_byte(handbook: Path) -> None:
    before = snapshot(handbook)
    for name in IMPORTABLE:
        proc = run(handbook, "import", "csv", f"sheets/{name}")
        assert proc.returncode == 0 and proc.stdout == "", (name, proc.stdout, proc.stderr)
        assert proc.stderr.startswith("0 maps written"), proc.stderr
    assert snapshot(handbook) == before
    # and the quoted texts came back exactly: the export of the re-imported handbook is the same
    first = {p.name: p.read_bytes() for p in (handbook / "sheets").glob("*.csv")}
    assert run(handbook, "export", "csv", "--out", "again").returncode == 0
    assert {p.name: p.read_bytes() for p in (handbook / "again").glob("*.csv")} == first


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


Edit = tuple[str, str, str, str, Callable[[str], str], tuple[Any, ...], Any]
# (file, map id, stage id (in a lane file: stage id#item), column, new cell from old, YAML path, value there after)
EDITS: list[Edit] = [
    ("stages.csv", "account-opening", "details", "emotion", lambda _: "1", ("stages", 1, "emotion"), 1),
    ("stages.csv", "account-opening", "details", "emotion", lambda _: "-1,5", ("stages", 1, "emotion"), -1.5),
    ("stages.csv", "account-opening", "start", "goal", lambda _: "Begin fast", ("stages", 0, "goal"), "Begin fast"),
    ("stages.csv", "hostile", "minus", "stage_name", lambda _: "=RENAMED()", ("stages", 1, "name"), "=RENAMED()"),
    ("stages.csv", "hostile", "minus", "stage_name", lambda _: "''=typed", ("stages", 1, "name"), "'=typed"),
    ("stages.csv", "hostile", "minus", "goal", lambda _: "'-3", ("stages", 1, "goal"), "-3"),
    ("stages.csv", "hostile", "sum-a1", "goal", lambda c: c + "+4", ("stages", 0, "goal"), "-2+3+4"),
    (
        "stages.csv",
        "hostile",
        "sum-a1",
        "actions",
        lambda c: c.replace("plain", "plainer"),
        ("stages", 0, "actions", 1),
        "plainer",
    ),
    (
        "stages.csv",
        "account-opening",
        "documents",
        "pain_points",
        lambda c: c.replace("asked for twice", "asked for three times"),
        ("stages", 2, "pain_points", 1),
        "Documents asked for three times",
    ),
    (
        "stages.csv",
        "account-opening",
        "start",
        "moment_of_truth",
        lambda _: "yes",
        ("stages", 0, "moment_of_truth"),
        True,
    ),
    ("stages.csv", "account-opening", "start", "owner", lambda _: "@Growth", ("stages", 0, "owner"), "@Growth"),
    (
        "opportunities.csv",
        "account-opening",
        "video-id#1",
        "effort",
        lambda _: "2",
        ("stages", 3, "opportunities", 0, "effort"),
        2,
    ),
    (
        "pain_points.csv",
        "hostile",
        "sum-a1#1",
        "severity",
        lambda _: "5",
        ("stages", 0, "pain_points", 0, "severity"),
        5,
    ),
    (
        "pain_points.csv",
        "hostile",
        "sum-a1#2",
        "severity",
        lambda _: "1",
        ("stages", 0, "pain_points", 1),
        {"title": "'quoted", "severity": 1},
    ),
    (
        "quotes.csv",
        "hostile",
        "sum-a1#1",
        "source",
        lambda _: "-Interview 9",
        ("stages", 0, "quotes", 0, "source"),
        "-Interview 9",
    ),
]


def _edit_sheet(sheet: Path, mid: str, where: str, column: str, change: Callable[[str], str]) -> None:
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns, rows = list(reader.fieldnames or []), list(reader)
    sid, _, item = where.partition("#")
    targets = [r for r in rows if r["map_id"] == mid and r["stage_id"] == sid and r.get("item", "") == item]
    assert len(targets) == 1
    targets[0][column] = change(targets[0][column])
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e[0]}:{e[1]}:{e[2]}:{e[3]}:{i}" for i, e in enumerate(EDITS)])
def test_editing_one_field_in_a_sheet_changes_exactly_that_field(handbook: Path, edit: Edit) -> None:
    name, mid, where, column, change, path, value = edit
    before = snapshot(handbook)
    _edit_sheet(handbook / "sheets" / name, mid, where, column, change)
    proc = run(handbook, "import", "csv", f"sheets/{name}")
    assert proc.returncode == 0, proc.stderr
    after = snapshot(handbook)
    changed = [p for p in before if before[p] != after[p]]
    assert changed == [handbook / f"content/maps/{mid}.md"]
    old, new = before[changed[0]].decode(), after[changed[0]].decode()
    # the data: exactly that field, as the handbook reads it
    expected = load_text(old, "m", "m").data
    _set(expected, path, value)
    assert load_text(new, "m", "m").data == expected
    # the text: one line changed (or added), nothing else moved
    diff = [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len([d for d in diff if d.startswith("+")]) == 1 and len([d for d in diff if d.startswith("-")]) <= 1, diff


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_survives_the_sheet_and_is_never_a_formula(text: str) -> None:
    """The quoting rule on any text: the cell Excel reads is no formula, and the import gets the text back."""
    cell = csv_text(("title", "item"), [{"title": text, "item": "1"}])
    _, rows = read_rows(cell)
    assert [row.cells["title"] for row in rows] == [text]
    written = pandas.read_csv(io.StringIO(cell), dtype=str, keep_default_na=False)["title"][0]
    book = openpyxl.Workbook()
    book.active.append([excel_reads(ILLEGAL_CHARACTERS_RE.sub("", written))])  # what a worksheet can hold
    assert book.active["A1"].data_type != "f", repr(written)
