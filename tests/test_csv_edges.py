"""Spreadsheet export and import (`journeymaps export csv`, `journeymaps import csv`): the edges an outside tester
found. Each test writes a handbook (or copies the example one), runs the real CLI and reads the files back."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PERSONA, Writer
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text

ROOT = Path(__file__).resolve().parent.parent


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not (project / "mkdocs.yml").exists():
        (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True, input=""
    )


def sheet(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def save_sheet(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


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
    assert proc.returncode == 1 and proc.stderr.rstrip().endswith("(save it as 'CSV UTF-8')"), proc.stderr


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
