"""Map kinds (``kind: journey | day-in-the-life | blueprint``), read back from one real MkDocs build: a service
blueprint's lanes and its three lines (web page and PDF), the blueprint link both ways, a day's stages in time order
with the brands met, the lint note, the diff, the CSV round trip, the scaffolder and ``journeymaps.json``."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs

PERSONA = """
---
type: persona
name: Maya Chen
---
"""
CEM = """
---
type: cem
title: Lifecycle
personas: [maya]
stages:
  - {name: Discover, id: discover, emotion: 1}
  - {name: Open account, id: open, emotion: -1}
---
"""
JOURNEY = """
---
type: cjm
title: Account opening
persona: maya
blueprint: opening-blueprint
zooms_into: lifecycle#open
stages:
  - {name: Apply, emotion: 1, touchpoints: [{name: Signup form, channel: web, owner: Squad}]}
  - {name: Verify, emotion: -1}
---
"""
BLUEPRINT = """
---
type: cjm
kind: blueprint
title: Account opening, behind the scenes
persona: maya
stages:
  - name: Apply
    physical_evidence: [Open account screen]
    actions: [Fills the form]
    touchpoints: [signup-form]
    frontstage: [Address look-up]
    backstage: [Application record]
    support: [Companies House API]
    emotion: 1
  - name: Verify
    actions: [Holds passport to the camera]
    frontstage: [Agent on video]
    emotion: -1
---
"""
DAY = """
---
type: cjm
kind: day-in-the-life
title: Maya's Tuesday
persona: maya
zooms_into: lifecycle#discover
stages:
  - name: Wake up
    time: "07:10"
    touchpoints: [signup-form]
    emotion: 0
  - name: Bus
    time: "8:15"
    touchpoints: [{name: Bus ticket app, channel: app, brand: First Bus}]
    emotion: 1
  - name: Lunch
    part_of_day: midday
    emotion: -1
  - name: Evening
    time: "19:30"
    emotion: 0
---
"""
CONFIG = """
site_name: Kinds
docs_dir: content
theme: {name: material}
plugins:
  - journeymaps:
      pdf: true
      pdf_workers: 1
"""
BLUEPRINT_ORDER = [
    "physical_evidence",
    "actions",
    "line-interaction",
    "touchpoints",
    "frontstage",
    "line-visibility",
    "backstage",
    "line-internal",
    "support",
]


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True, check=False
    )


def write_project(root: Path) -> Path:
    files = {
        "personas/maya.md": PERSONA,
        "maps/lifecycle.md": CEM,
        "maps/opening.md": JOURNEY,
        "maps/opening-blueprint.md": BLUEPRINT,
        "maps/tuesday.md": DAY,
    }
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = write_project(tmp_path_factory.mktemp("kinds"))
    proc = mkdocs(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"root": root, "site": root / "site", "log": proc.stderr}


def page(site: dict[str, Any], rel: str) -> BeautifulSoup:
    return BeautifulSoup((site["site"] / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_blueprint_lanes_in_order_with_the_three_lines_on_the_web(site: dict[str, Any]) -> None:
    html = page(site, "maps/opening-blueprint")
    grid = html.select_one("table.jm-grid.jm-kind-blueprint")
    assert grid is not None
    rows = [
        next(c for c in tr["class"] if c.startswith("jm-row-")).removeprefix("jm-row-")
        for tr in grid.tbody.find_all("tr", recursive=False)
    ]
    assert rows[: len(BLUEPRINT_ORDER)] == BLUEPRINT_ORDER
    assert rows.index("emotion") > rows.index("support")  # the map's other lanes follow the blueprint's
    lines = {
        key: (tr.th.get_text(" ", strip=True), tr.select_one("td.jm-line-rule"))
        for key in ("line-interaction", "line-visibility", "line-internal")
        for tr in grid.select(f"tr.jm-row-{key}")
    }
    assert [label for label, _cell in lines.values()] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    for label, cell in lines.values():  # a rule across every stage, with its name on it
        assert cell is not None and cell["colspan"] == "2" and cell.get_text(strip=True) == label
    # the second stage has a frontstage step and nothing behind it: its backstage and support cells are empty
    backstage = grid.select_one("tr.jm-row-backstage").find_all("td")
    assert [td.get_text(strip=True) for td in backstage] == ["Application record", ""]
    # the phone cards draw the lines too, between the same lanes
    card = html.select_one(".jm-stage-card dl")
    terms = [dt.get_text(strip=True) for dt in card.find_all("dt")]
    assert terms.index("Customer actions") < terms.index("Line of interaction") < terms.index("Touchpoints")
    assert terms.index("Frontstage") < terms.index("Line of visibility") < terms.index("Backstage")


def test_blueprint_lines_in_the_pdf(site: dict[str, Any]) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is installed by tasks.py")
    from pypdf import PdfReader

    pdf = site["site"] / "pdf" / "opening-blueprint.pdf"
    assert len(PdfReader(pdf).pages) >= 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip().lower() for line in text.splitlines()]

    def first(words: str) -> int:  # a lane's name may wrap in its narrow column: its first word leads
        return next(i for i, line in enumerate(lines) if line.startswith(words.lower()))

    order = [
        "Physical evidence",
        "Customer actions",
        "Line of interaction",
        "Touchpoints",
        "Frontstage",
        "Line of visibility",
        "Backstage",
        "Line of internal interaction",
        "Support",
    ]
    positions = [first(label) for label in order]
    assert positions == sorted(positions), list(zip(order, positions))
    assert "companies house api" in text.lower()


def test_blueprint_link_shown_both_ways(site: dict[str, Any]) -> None:
    journey = page(site, "maps/opening")
    link = journey.select_one("a.jm-blueprint-link")
    assert link is not None and link.get_text(strip=True) == "Account opening, behind the scenes"
    assert link["href"] == "../opening-blueprint/"
    blueprint = page(site, "maps/opening-blueprint")
    backs = blueprint.select("a.jm-backs-link")
    assert [(a.get_text(strip=True), a["href"]) for a in backs] == [("Account opening", "../opening/")]
    assert blueprint.select_one(".jm-badge-blueprint").get_text(strip=True) == "Service blueprint"
    data = json.loads((site["site"] / "journeymaps.json").read_text(encoding="utf-8"))
    assert data["maps"]["opening-blueprint"]["kind"] == "blueprint"
    assert data["maps"]["opening-blueprint"]["blueprint_of"] == ["opening"]
    assert data["maps"]["opening"]["kind"] == "journey"
    assert data["maps"]["opening"]["data"]["blueprint"] == "opening-blueprint"


def test_a_day_reads_in_time_order_with_the_brands_met(site: dict[str, Any]) -> None:
    html = page(site, "maps/tuesday")
    heads = html.select("table.jm-grid.jm-kind-day-in-the-life thead th.jm-stage")
    assert [th.select_one(".jm-when").get_text(strip=True) for th in heads] == ["07:10", "08:15", "Midday", "19:30"]
    assert [th.get_text(" ", strip=True).split(" ", 2)[-1] for th in heads] == ["Wake up", "Bus", "Lunch", "Evening"]
    brands = html.select_one("tr.jm-row-brands").find_all("td")
    assert [td.get_text(" ", strip=True) for td in brands] == ["Our brand", "First Bus", "No brand", "No brand"]
    assert html.select_one(".jm-badge-day").get_text(strip=True) == "Day in the life"
    assert "time order" not in site["log"]  # in order: no warning


def test_a_day_is_context_on_the_comparison_page_and_asks_for_no_opportunities(site: dict[str, Any]) -> None:
    compare = page(site, "compare")
    days = compare.select_one("#days-in-the-life + p + ul")
    assert [a.get_text(strip=True) for a in days.select("a")] == ["Maya's Tuesday"]
    # on its CEM stage it is shown as context, and there is no emotion comparison page for it
    discover = compare.select_one("table.jm-coverage tbody tr")
    assert "Maya's Tuesday" in discover.get_text(" ", strip=True) and "context, not compared" in discover.get_text()
    assert not (site["site"] / "compare" / "lifecycle" / "tuesday").exists()
    assert (site["site"] / "compare").exists()
    lint = cli(site["root"], "lint")
    tuesday = [line for line in lint.stdout.splitlines() if line.startswith("content/maps/tuesday.md")]
    assert tuesday and not any("opportunities" in line or "[no-owner]" in line for line in tuesday)


def test_lint_notes_a_blueprint_frontstage_with_nothing_behind_it(site: dict[str, Any]) -> None:
    lint = cli(site["root"], "lint")
    notes = [line for line in lint.stdout.splitlines() if "[blueprint-backstage]" in line]
    assert notes == [
        "content/maps/opening-blueprint.md:17: stages[1].backstage: blueprint stage 'Verify' has frontstage steps "
        "and nothing behind them [blueprint-backstage]"
    ]


def test_diff_reports_a_kind_change(site: dict[str, Any], tmp_path: Path) -> None:
    root = write_project(tmp_path)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "maps"], cwd=root, check=True)
    day = root / "content" / "maps" / "tuesday.md"
    day.write_text(day.read_text(encoding="utf-8").replace("kind: day-in-the-life\n", ""), encoding="utf-8")
    blueprint = next((root / "content" / "maps").glob("*blueprint*.md"))
    text = blueprint.read_text(encoding="utf-8")
    assert "frontstage: [Agent on video]" in text and "support: [Companies House API]" in text
    text = text.replace("frontstage: [Agent on video]", "frontstage: [Agent on video]\n    backstage: [Agent rota]")
    blueprint.write_text(text.replace("support: [Companies House API]", "support: []"), encoding="utf-8")
    out = cli(root, "diff", "HEAD", "--format", "json")
    assert out.returncode == 0, out.stderr
    changes = {e["id"]: e["changes"] for e in json.loads(out.stdout)["entities"]}
    kind = [c for c in changes["tuesday"] if c["text"].startswith("kind:")]
    assert [(c["before"], c["after"]) for c in kind] == [("day-in-the-life", "journey")]
    # a blueprint's steps behind the line of visibility are reviewed like any other lane's items
    steps = {(c["kind"], c["before"], c["after"]) for c in changes["opening-blueprint"] if c["kind"] != "health"}
    assert steps == {
        ("backstage-step-added", None, "Agent rota"),
        ("support-process-removed", "Companies House API", None),
    }


def test_csv_round_trip_keeps_the_kind(site: dict[str, Any], tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert cli(root, "export", "csv", "--out", "sheets").returncode == 0
    sheet = root / "sheets" / "stages.csv"
    text = sheet.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    kinds = {r["map_id"]: r["map_kind"] for r in rows}
    assert kinds == {
        "lifecycle": "journey",
        "opening": "journey",
        "opening-blueprint": "blueprint",
        "tuesday": "day-in-the-life",
    }
    assert [r["time"] for r in rows if r["map_id"] == "tuesday"] == ["07:10", "08:15", "midday", "19:30"]
    before = {p: p.read_bytes() for p in (root / "content").rglob("*.md")}
    same = cli(root, "import", "csv", str(sheet))
    assert same.returncode == 0, same.stdout + same.stderr
    assert {p: p.read_bytes() for p in (root / "content").rglob("*.md")} == before  # nothing to change
    # a new map from the sheet keeps its kind
    fields = list(rows[0])
    new = dict.fromkeys(fields, "")
    new.update(map_id="new-day", map_type="cjm", map_title="A new day", map_kind="day-in-the-life", personas="maya")
    new.update(stage_name="Breakfast", time="07:45")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerow(new)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    made = cli(root, "import", "csv", str(sheet))
    assert made.returncode == 0, made.stdout + made.stderr
    created = (root / "content" / "maps" / "new-day.md").read_text(encoding="utf-8")
    assert "kind: day-in-the-life\n" in created and "time: 07:45" in created.replace("'", "").replace('"', "")
    assert cli(root, "validate").returncode == 0


def test_scaffolder_writes_a_blueprint_skeleton(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    made = cli(
        root, "new", "cjm", "--kind", "blueprint", "--title", "Claims", "--persona", "maya", "--stages", "Report, Pay"
    )
    assert made.returncode == 0, made.stderr
    text = (root / "content" / "maps" / "claims.md").read_text(encoding="utf-8")
    assert "\nkind: blueprint" in text
    stage = text.split("- name: Report")[1].split("- name: Pay")[0].splitlines()[1:]  # after the name's own line
    assert [line.split(":")[0].strip() for line in stage if line.strip()] == [
        "id",
        "physical_evidence",
        "actions",
        "touchpoints",
        "frontstage",
        "backstage",
        "support",
        "emotion",
        "pain_points",
        "owner",
    ]
    check = cli(root, "validate")
    assert check.returncode == 0, check.stdout + check.stderr
    wrong = cli(root, "new", "cjm", "--kind", "blueprnt", "--title", "X", "--persona", "maya", "--stages", "A")
    assert wrong.returncode != 0 and "did you mean 'blueprint'?" in wrong.stderr
