"""Spreadsheet export and import (`journeymaps export csv`, `journeymaps import csv`): the edges an outside tester
found. Each test writes a handbook (or copies the example one), runs the real CLI and reads the files back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import PERSONA, Writer
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text
from test_csv_import import run, save_sheet, sheet  # the same command line and sheets

ROOT = Path(__file__).resolve().parent.parent


def frontmatter(path: Path) -> dict:
    data = load_text(path.read_bytes().decode("utf-8"), "p", "p").data
    assert data is not None
    return data


def errors(project: Path) -> list[str]:
    return [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors]


def snapshot(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example handbook and its site config."""
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


# -- 5: a read-only lane file names itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "lane", ["thoughts", "backstage", "support", "expectations", "frontstage", "influences", "physical_evidence"]
)
def test_a_read_only_lane_file_is_named_as_itself(example: Path, lane: str) -> None:
    assert run(example, "export", "csv", "--out", "sheets").returncode == 0
    before = snapshot(example)
    proc = run(example, "import", "csv", f"sheets/{lane}.csv")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(
        f"sheets/{lane}.csv:1: {lane}.csv is for reading only; edit {lane.replace('_', ' ')} in stages.csv"
    ), proc.stderr
    assert "actions" not in proc.stderr
    assert snapshot(example) == before


def test_a_renamed_text_lane_file_is_not_taken_for_actions(example: Path) -> None:
    assert run(example, "export", "csv", "--out", "sheets").returncode == 0
    shutil.copy(example / "sheets/thoughts.csv", example / "sheets/edited.csv")
    proc = run(example, "import", "csv", "sheets/edited.csv")
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first.startswith("sheets/edited.csv:1: these are the columns of a lane file (actions.csv, thoughts.csv,")
    assert "actions.csv is for reading only" not in first


# -- 6: the encoding hint follows an encoding problem only -------------------------------------------------------


def test_a_missing_file_is_not_told_to_be_saved_as_utf8(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    proc = run(project, "import", "csv", "nosuch.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["journeymaps import: nosuch.csv: cannot be read: No such file or directory"]
    (project / "latin1.csv").write_bytes("map_id,stage_id,goal\nx,y,Caf\xe9\n".encode("latin-1"))
    proc = run(project, "import", "csv", "latin1.csv")
    assert proc.returncode == 1 and "latin1.csv:2: not UTF-8 text (byte 0xe9); save it as 'CSV UTF-8'" in proc.stderr


# -- 7: a partial export exits 1 ---------------------------------------------------------------------------------


def test_an_export_that_leaves_a_map_out_exits_1(example: Path) -> None:
    (example / "content/maps/broken.md").write_text('---\ntype: cjm\ntitle: "broken\n---\n', encoding="utf-8")
    proc = run(example, "export", "csv", "--out", "sheets")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "journeymaps export: content/maps/broken.md: not exported, it does not validate (see journeymaps validate)"
    )
    _, rows = sheet(example / "sheets/stages.csv")  # the other maps are there
    assert "account-opening" in {r["map_id"] for r in rows}
    (example / "content/maps/broken.md").unlink()
    assert run(example, "export", "csv", "--out", "again").returncode == 0


# -- 8: the guide says what priority is ---------------------------------------------------------------------------


def test_the_guides_opportunities_example_is_the_export(example: Path) -> None:
    guide = (ROOT / "content/guide/spreadsheets.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(map_id,stage_id,item,title,impact[^`]*)```", guide)
    assert block is not None
    assert run(example, "export", "csv", "--out", "sheets").returncode == 0
    lines = (example / "sheets/opportunities.csv").read_text(encoding="utf-8-sig").splitlines()
    shown = block.group(1).splitlines()
    assert shown == lines[: len(shown)]
    prose = " ".join(guide.split())
    assert "impact / effort" not in prose and "impact × (6 − effort)" in prose


# -- 1: the formula quote is per line in a cell of items ---------------------------------------------------------

FORMULAS = """
---
type: cjm
title: Formula pains
persona: maya
stages:
  - name: Pay
    actions: [Opens the bill, "=Checks the total", "'Quoted' in the mail"]
    pain_points:
      - {title: "=Fee shown only at the end", severity: 5}
      - {title: Slow refund, severity: 2}
      - {title: "'Apostrophe' first, severity kept", severity: 4}
      - {title: "-Minus first", severity: 1}
---
Body.
"""


def test_an_item_that_needs_the_quote_keeps_its_fields_when_lines_move(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    path = write("maps/fx.md", FORMULAS)
    assert run(project, "export", "csv", "--out", "sheets").returncode == 0
    columns, rows = sheet(project / "sheets/stages.csv")
    pains = rows[0]["pain_points"].split("\n")
    assert pains == [
        "'=Fee shown only at the end",
        "Slow refund",
        "''Apostrophe' first, severity kept",
        "'-Minus first",
    ]
    assert rows[0]["actions"].split("\n") == ["Opens the bill", "'=Checks the total", "''Quoted' in the mail"]
    before = path.read_bytes()
    proc = run(project, "import", "csv", "sheets/stages.csv")  # the round trip: unchanged
    assert proc.returncode == 0 and proc.stderr == "0 maps written, 1 unchanged, 0 problems\n", proc.stderr
    assert path.read_bytes() == before
    # the analyst adds a line on top and sorts the rest
    rows[0]["pain_points"] = "\n".join(["Card declined", *sorted(pains, reverse=True)])
    rows[0]["actions"] = "\n".join(reversed(rows[0]["actions"].split("\n")))
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = run(project, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 0, proc.stderr
    stage = frontmatter(path)["stages"][0]
    assert sorted(stage["pain_points"], key=str) == sorted(
        [
            "Card declined",
            {"title": "=Fee shown only at the end", "severity": 5},
            {"title": "Slow refund", "severity": 2},
            {"title": "'Apostrophe' first, severity kept", "severity": 4},
            {"title": "-Minus first", "severity": 1},
        ],
        key=str,
    )
    assert stage["actions"] == ["'Quoted' in the mail", "=Checks the total", "Opens the bill"]
    assert errors(project) == []
    # exported again and imported again: still unchanged
    assert run(project, "export", "csv", "--out", "again").returncode == 0
    before = path.read_bytes()
    proc = run(project, "import", "csv", "again/stages.csv")
    assert proc.stderr == "0 maps written, 1 unchanged, 0 problems\n" and path.read_bytes() == before


# -- 2: the mean of a cem stage's per-persona emotions is not silently ignored -------------------------------------


def test_an_edited_mean_of_per_persona_emotions_is_reported(example: Path) -> None:
    before = snapshot(example)
    (example / "edit.csv").write_text("map_id,stage_id,emotion\ncustomer-lifecycle,discover,-2\n", encoding="utf-8")
    proc = run(example, "import", "csv", "edit.csv")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "edit.csv:2: emotion: -2 is not taken: this stage has one emotion per persona, and emotion is their mean "
        "(0.33); edit emotion_by_persona instead (maya=1; daniel=0; priya=0)",
        "0 maps written, 1 unchanged, 1 problem",
    ]
    assert snapshot(example) == before
    # the whole sheet as exported, with that one cell changed: the same line; the mean as exported is no change
    assert run(example, "export", "csv", "--out", "sheets").returncode == 0
    columns, rows = sheet(example / "sheets/stages.csv")
    target = next(r for r in rows if r["map_id"] == "customer-lifecycle" and r["stage_id"] == "discover")
    assert target["emotion"] == "0.33"
    target["emotion"] = "-2"
    save_sheet(example / "sheets/stages.csv", columns, rows)
    proc = run(example, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 1 and "sheets/stages.csv:" in proc.stderr and "edit emotion_by_persona" in proc.stderr
    assert snapshot(example) == before
    # a new per-persona value with the old mean left in the emotion column is taken
    target["emotion"] = "0.33"
    target["emotion_by_persona"] = "maya=2; daniel=0; priya=0"
    save_sheet(example / "sheets/stages.csv", columns, rows)
    proc = run(example, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 0, proc.stderr
    assert frontmatter(example / "content/maps/customer-lifecycle.md")["stages"][0]["emotion"]["maya"] == 2


# -- 3: a map that would not validate with the whole handbook is not written ---------------------------------------


def test_an_unknown_persona_or_touchpoint_is_reported_and_nothing_written(example: Path) -> None:
    before = snapshot(example)
    (example / "new.csv").write_text(
        "map_id,map_type,map_title,personas,stage_id,stage_name\n"
        "year-end,cjm,Filing the year-end accounts,pryia,gather,Gather the year\n",
        encoding="utf-8",
    )
    proc = run(example, "import", "csv", "new.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "new.csv:2: not taken, year-end would not validate: persona: persona 'pryia' does not exist "
        "(did you mean 'priya'?)",
        "0 maps written, 0 unchanged, 1 problem",
    ]
    (example / "tp.csv").write_text(
        "map_id,stage_id,touchpoints,goal\n"
        "first-invoice,create,invoice-editor,Send it\n"
        "first-invoice,client-pays,invoice-editr,\n",
        encoding="utf-8",
    )
    proc = run(example, "import", "csv", "tp.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "tp.csv:3: not taken, first-invoice would not validate: stages[1].touchpoints[0]: touchpoint "
        "'invoice-editr' does not exist (did you mean 'invoice-editor'?)",
        "0 maps written, 0 unchanged, 1 problem",
    ]
    assert snapshot(example) == before and errors(example) == []
    (example / "tp.csv").write_text(
        'map_id,stage_id,touchpoints\nfirst-invoice,create,"invoice-editor\nweb-dashboard"\n'
    )
    proc = run(example, "import", "csv", "tp.csv")  # a valid id: written
    assert proc.returncode == 0 and proc.stdout == "content/maps/first-invoice.md: stages[0].touchpoints\n"
    assert errors(example) == []
    # a missing touchpoint the map named before is not the sheet's doing: it does not stop an edit
    old = example / "content/maps/old.md"
    old.write_text("---\ntype: cjm\ntitle: Old\npersona: maya\nstages:\n  - name: A\n    touchpoints: [nope]\n---\n")
    assert len(errors(example)) == 1
    (example / "edit.csv").write_text("map_id,stage_id,goal\nold,a,Get it done\n", encoding="utf-8")
    proc = run(example, "import", "csv", "edit.csv")
    assert proc.returncode == 0 and proc.stdout == "content/maps/old.md: stages[0].goal\n", proc.stderr
    assert frontmatter(old)["stages"][0]["goal"] == "Get it done"


# -- 4: a row with more or fewer cells than the header -----------------------------------------------------------


def test_a_row_cut_short_or_too_long_is_reported_and_not_taken(example: Path) -> None:
    before = snapshot(example)
    (example / "short.csv").write_text(
        "map_id,stage_id,emotion,goal\nfirst-invoice,client-pays\nfirst-invoice,create,1,Send it,extra\n,,,\n",
        encoding="utf-8",
    )
    proc = run(example, "import", "csv", "short.csv")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "short.csv:2: 2 cells, but the header has 4 (no cell for emotion, goal); not taken: a missing cell is not "
        "an empty one; give the row its 4 cells (empty ones too) and import again",
        "short.csv:3: 5 cells, but the header has 4; not taken: the cells after 'goal' have no column (pasted one "
        "column off?); remove them, or name their column in row 1, and import again",
        "0 maps written, 0 unchanged, 2 problems",
    ]
    assert snapshot(example) == before
    # in a lane file too
    (example / "pain_points.csv").write_text(
        "map_id,stage_id,item,title,severity\naccount-opening,documents,1,Proof of address rejected for being a PDF\n",
        encoding="utf-8",
    )
    proc = run(example, "import", "csv", "pain_points.csv")
    assert proc.returncode == 1 and proc.stderr.startswith("pain_points.csv:2: 4 cells, but the header has 5")
    assert snapshot(example) == before
