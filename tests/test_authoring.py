"""Authoring tools: `journeymaps new`, the editor schema, Mermaid and spreadsheet interop."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CEM, CJM, PERSONA, Writer
from journeymaps.catalog.taxonomy import site_lanes
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.schema import schema_text
from test_error_classes import CASES

ROOT = Path(__file__).resolve().parent.parent


def run(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if not (project / "mkdocs.yml").exists():  # the site these tests work on: its pages are in content/
        (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        input=stdin if stdin is not None else "",
    )


def errors(project: Path) -> list[str]:
    report = build(Settings.for_folder(project / "content", project)).catalog.report
    return [str(d) for d in report.sorted()]


# -- journeymaps new ---------------------------------------------------------------------------


def test_scaffolded_handbook_validates_and_builds(project: Path, build: Callable[..., Any]) -> None:
    steps = [
        ("persona", "--title", "Maya Okafor", "--id", "maya"),
        ("persona", "--title", "Daniel"),
        ("touchpoint", "--title", "Support chat", "--channel", "chat"),
        (
            "cem",
            "--title",
            "Customer lifecycle",
            "--persona",
            "maya, daniel",
            "--stages",
            "Discover, Open account, Grow",
        ),
        (
            "cjm",
            "--title",
            "Account opening: the first 10 days",
            "--persona",
            "maya",
            "--zooms-into",
            "customer-lifecycle#open-account",
            "--stages",
            "Sign up, Verify identity, First payment",
        ),
        ("cjm", "--title", "Account opening (future)", "--future-of", "account-opening-the-first-10-days"),
    ]
    paths = []
    for step in steps:
        proc = run(project, "new", *step)
        assert proc.returncode == 0, proc.stderr
        paths.append(proc.stdout.strip())
    assert paths == [
        "content/personas/maya.md",
        "content/personas/daniel.md",
        "content/touchpoints/support-chat.md",
        "content/maps/customer-lifecycle.md",
        "content/maps/account-opening-the-first-10-days.md",
        "content/maps/account-opening-future.md",
    ]
    future = (project / paths[-1]).read_text(encoding="utf-8")
    assert "future_of: account-opening-the-first-10-days" in future and "state: future" in future
    assert "id: verify-identity" in future and "persona: maya" in future  # copied from the current-state map
    cjm = (project / paths[4]).read_text(encoding="utf-8")
    assert "title: 'Account opening: the first 10 days'" in cjm  # pyyaml quotes what needs quoting
    assert "# -2 very negative" in cjm and "severity: 1 minor .. 5 critical" in cjm
    assert errors(project) == []
    validator = jsonschema.Draft7Validator(json.loads(schema_text()))
    for path in paths:  # the editor schema accepts every skeleton too
        doc = load_text((project / path).read_text(encoding="utf-8"), path, path)
        assert not list(validator.iter_errors(_json(doc.data))), path
    result = build("--strict")
    assert result.code == 0, result.output
    page = result.html("maps/account-opening-the-first-10-days/index.html")
    assert "Sign up" in page.get_text()


def test_new_refuses_to_overwrite(project: Path) -> None:
    assert run(project, "new", "persona", "--title", "Maya").returncode == 0
    path = project / "content/personas/maya.md"
    path.write_text(path.read_text() + "\nMy notes.\n")
    before = path.read_text()
    proc = run(project, "new", "persona", "--title", "Maya")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (
        "journeymaps new: content/personas/maya.md already exists; nothing was written "
        "(choose another --title or --id, or edit that file)\n"
    )
    assert path.read_text() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("cjm", "--title", "Checkout"), "a new cjm needs --persona, --stages"),
        (("cjm", "--title", "Checkout", "--persona", "maya, raj", "--stages", "A"), "a cjm has exactly one persona"),
        (
            ("cem", "--title", "Life", "--persona", "maya", "--stages", "A", "--zooms-into", "x#y"),
            "--zooms-into is for a cjm",
        ),
        (
            ("cjm", "--title", "Checkout", "--persona", "maya", "--stages", "A", "--zooms-into", "life"),
            "must be cem-id#stage-id",
        ),
        (("touchpoint", "--title", "Chat"), "a new touchpoint needs --channel"),
        (("persona", "--title", "Мария"), "gives no id"),
        (("cjm", "--title", "X", "--persona", "maya", "--stages", "Pay, pay"), "two stages would have the id 'pay'"),
    ],
)
def test_new_bad_input_is_one_line(project: Path, args: tuple[str, ...], message: str) -> None:
    proc = run(project, "new", *args)
    assert proc.returncode == 1 and message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not list((project / "content").rglob("*.md"))


def test_new_asks_on_a_terminal() -> None:
    from journeymaps.interop.scaffold import (
        NewEntity,
        ask_essentials,
        missing_essentials,
    )

    answers = iter(["Paying a supplier", "daniel", "Add supplier, Approve, Pay"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    req = ask_essentials(NewEntity(kind="cjm"), ask)
    assert len(asked) == 3 and missing_essentials(req) == []
    assert (req.ident, req.personas, req.stages) == (
        "paying-a-supplier",
        ("daniel",),
        ("Add supplier", "Approve", "Pay"),
    )


def test_new_uses_docs_dir_of_mkdocs_yml(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: handbook\n")
    (project / "handbook").mkdir()  # the folder docs_dir names must be there (test_scaffold_edges)
    proc = run(project, "new", "persona", "--title", "Priya")
    assert proc.stdout.strip() == "handbook/personas/priya.md" and (project / "handbook/personas/priya.md").is_file()


# -- the editor schema -------------------------------------------------------------------------


def _json(data: Any) -> Any:
    """Frontmatter as an editor's YAML server sees it: dates are text."""
    return json.loads(json.dumps(data, default=str))


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "site_config" / "journeymaps.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(site_lanes(ROOT / "site_config" / "taxonomy.yml")), (
        "site_config/journeymaps.schema.json is stale: run `journeymaps schema -o site_config/journeymaps.schema.json`"
    )


# The error corpus (test_error_classes.CASES): what the schema catches while typing. The rest needs the other
# files (references) or the parser (YAML syntax, duplicate keys, which the editor's YAML parser flags itself).
SCHEMA_CATCHES = {
    "wrong type",
    "missing key",
    "bad state",
    "two personas",
    "no persona",
    "future_of on current",
    "severity",
    "non-numeric emotion",
}
NEEDS_OTHER_FILES = {"unknown touchpoint", "unknown cem", "unknown stage", "future_of missing", "duplicate stage id"}
PARSER = {"yaml", "tab", "duplicate key"}


def test_the_sites_schema_knows_its_own_lanes_and_no_others() -> None:
    lanes = site_lanes(ROOT / "site_config" / "taxonomy.yml")
    assert lanes["customer_effort"] == ("Customer effort", "rating")
    validator = jsonschema.Draft7Validator(json.loads(schema_text(lanes)))
    good = _json(load_text(CJM.lstrip("\n"), "m.md", "m.md").data)
    assert not list(validator.iter_errors({**good, "stages": [{"name": "A", "customer_effort": 4}]}))
    for bad in ({"name": "A", "customer_effort": 7}, {"name": "A", "customer_efort": 4}, {"name": "A", "emoton": 1}):
        assert list(validator.iter_errors({**good, "stages": [bad]})), bad
    # without a taxonomy (the plain `journeymaps schema`), a lane is an unknown key like any other
    plain = jsonschema.Draft7Validator(json.loads(schema_text()))
    assert list(plain.iter_errors({**good, "stages": [{"name": "A", "customer_effort": 4}]}))


def test_schema_flags_what_the_loader_flags() -> None:
    assert set(CASES) == SCHEMA_CATCHES | NEEDS_OTHER_FILES | PARSER
    validator = jsonschema.Draft7Validator(json.loads(schema_text()))
    good = _json(load_text(CJM.lstrip("\n"), "m.md", "m.md").data)
    assert not list(validator.iter_errors(good))
    for case in sorted(SCHEMA_CATCHES):
        old, new, _ = CASES[case]
        data = load_text(CJM.lstrip("\n").replace(old, new, 1), "m.md", "m.md").data
        assert list(validator.iter_errors(_json(data))), case
    for bad in (
        {**good, "stages": [{"name": "A", "emotion": 2.5}]},
        {**good, "personna": "maya"},
        {**good, "stages": [{"name": "A", "emoton": 1}]},
        {**good, "stages": [{"name": "A", "pain_points": [{"title": "x", "severity": 0}]}]},
        {"type": "cem", "title": "L", "personas": ["a"], "zooms_into": "x#y", "stages": [{"name": "A"}]},
        {"type": "cem", "title": "L", "personas": ["a"], "stages": [{"name": "A", "emotion": {"a": -3}}]},
    ):
        assert list(validator.iter_errors(bad)), bad
    # editors point at the field and say what is wrong (the entity's schema is chosen by its type)
    wrong = {**good, "stages": [{"name": "A", "emotion": 5, "emoton": 1}]}
    found = sorted((list(e.absolute_path), e.validator) for e in validator.iter_errors(wrong))
    assert found == [(["stages", 0], "additionalProperties"), (["stages", 0, "emotion"], "maximum")]
    # what MkDocs and material read is not a typo; a cem's per-persona emotions are fine
    assert not list(validator.iter_errors({**good, "tags": ["onboarding"], "hide": ["toc"]}))
    assert not list(validator.iter_errors(_json(load_text(CEM.lstrip("\n"), "c.md", "c.md").data)))
    assert not list(validator.iter_errors(_json(load_text(PERSONA.lstrip("\n"), "p.md", "p.md").data)))


def test_example_handbook_matches_the_schema() -> None:
    validator = jsonschema.Draft7Validator(json.loads(schema_text(site_lanes(ROOT / "site_config" / "taxonomy.yml"))))
    for path in sorted((ROOT / "content").rglob("*.md")):
        doc = load_text(path.read_text(encoding="utf-8"), path.name, path.name)
        if doc.data is not None:
            problems = [e.message for e in validator.iter_errors(_json(doc.data))]
            assert not problems, (path, problems)


def test_schema_is_published_with_the_site(write: Writer, build: Callable[..., Any]) -> None:
    write("personas/maya.md", PERSONA)
    result = build()
    assert result.code == 0, result.output
    assert (result.site / "schema" / "journeymaps.schema.json").read_text(encoding="utf-8") == schema_text()
    write("schema/journeymaps.schema.json", "{}")  # an author's file there is an error, not silently replaced
    result = build("--strict")
    assert result.code == 1
    assert (
        "content/schema/journeymaps.schema.json: 'schema/journeymaps.schema.json' is generated by journeymaps"
        in result.output
    )


# -- Mermaid -----------------------------------------------------------------------------------

# Written by hand from Mermaid's documented `journey` syntax (mermaid.js.org/syntax/userJourney.html).
MERMAID_DOCS_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""
MERMAID_IN_MARKDOWN = """\
# Checkout research

```mermaid
---
title: ignored config title
---
%%{init: {"theme": "forest"}}%%
journey
  title Buying a plant online
  accTitle: Plant shop journey
  section Browse
    Search for monstera: 4: Shopper
    Compare prices: 3: Shopper
  section Checkout
    Enter card details: 2: Shopper
    Card declined: 1: Shopper
```
"""


def test_mermaid_docs_example_imports(project: Path) -> None:
    (project / "day.mmd").write_text(MERMAID_DOCS_EXAMPLE)
    proc = run(project, "import", "mermaid", "day.mmd")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "content/maps/my-working-day.md"
    assert (
        "day.mmd: 2 actors (Me, Cat) but a cjm has one persona: 'me' (use --persona to choose, "
        "or --type cem to keep them all)"
    ) in proc.stderr.splitlines()
    assert (
        "day.mmd:3: section 'Go to work': tasks scored 5, 3, 1; the stage's emotion is their mean, 0 (-2..2)"
        in proc.stderr
    )
    doc = load_text((project / proc.stdout.strip()).read_text(), "m.md", "maps/my-working-day.md")
    data = doc.data
    assert data is not None and data["persona"] == "me" and data["title"] == "My working day"
    assert [(s["name"], s["actions"], s["emotion"]) for s in data["stages"]] == [
        ("Go to work", ["Make tea", "Go upstairs", "Do work"], 0),
        ("Go home", ["Go downstairs", "Sit down"], 2),
    ]
    (project / "content/personas").mkdir()
    (project / "content/personas/me.md").write_text("---\ntype: persona\nname: Me\n---\n")
    assert errors(project) == []
    # as a cem, each actor keeps their own emotion; importing again never overwrites
    proc = run(project, "import", "mermaid", "day.mmd", "--type", "cem", "--id", "working-day-cem")
    data = load_text((project / "content/maps/working-day-cem.md").read_text(), "m.md", "m.md").data
    assert (
        data is not None and data["personas"] == ["me", "cat"] and data["stages"][0]["emotion"] == {"me": 0, "cat": -2}
    )
    again = run(project, "import", "mermaid", "day.mmd", "--type", "cem", "--id", "working-day-cem")
    assert again.returncode == 1 and "already" in again.stderr and again.stderr.count("\n") == 1


def test_mermaid_in_markdown_with_config_imports(project: Path) -> None:
    (project / "plant.md").write_text(MERMAID_IN_MARKDOWN)
    proc = run(project, "import", "mermaid", "plant.md", "--persona", "sam")
    assert proc.returncode == 0, proc.stderr
    assert "plant.md:10: accessibility title/description is not kept (write it in the page body)" in proc.stderr
    data = load_text((project / "content/maps/buying-a-plant-online.md").read_text(), "m", "m").data
    assert data is not None and data["persona"] == "sam"
    assert [s["emotion"] for s in data["stages"]] == [0.5, -1.5]


@pytest.mark.parametrize(
    "text, message",
    [
        ("graph TD\n  A --> B\n", "x.mmd:1: expected the first line to be `journey`"),
        ("", "x.mmd: no `journey` diagram found"),
        ("journey\n  title Empty\n", "x.mmd: the journey has no sections or tasks"),
    ],
)
def test_mermaid_bad_input_is_one_line(project: Path, text: str, message: str) -> None:
    (project / "x.mmd").write_text(text)
    proc = run(project, "import", "mermaid", "x.mmd", "--persona", "maya")
    assert (
        proc.returncode == 1
        and proc.stderr.startswith("journeymaps import: " + message)
        and proc.stderr.count("\n") == 1
    )


def _roundtrip_handbook(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write(
        "maps/lifecycle.md",
        CEM.replace("name: Discover", "name: 'Discover: word of mouth; #1 source'").replace(
            "emotion: {maya: 1, raj: 0}", "emotion: {maya: 1, raj: 0}\n    actions: [Asks a friend, 'Reads: reviews']"
        ),
    )
    write(
        "maps/opening.md",
        CJM.replace("zooms_into: lifecycle#open\n", "")
        .replace("signup-form, ", "")
        .replace("emotion: 1", "emotion: 1.5\n    actions: [Fills the form, Title search]"),
    )


def test_mermaid_round_trip_keeps_stages_actions_scores_personas(project: Path, write: Writer) -> None:
    from journeymaps.interop.mermaid_maps import mermaid_of_map

    _roundtrip_handbook(write)
    handbook = build(Settings.for_folder(project / "content", project))
    catalog = handbook.catalog
    assert [str(d) for d in catalog.report.errors] == []
    for mid, kind in (("opening", "cjm"), ("lifecycle", "cem")):
        (project / f"{mid}.mmd").write_text(mermaid_of_map(handbook, mid).text)
        proc = run(project, "import", "mermaid", f"{mid}.mmd", "--type", kind, "--id", f"{mid}-again")
        assert proc.returncode == 0, proc.stderr
        before = catalog.maps[mid].model
        after = load_text((project / f"content/maps/{mid}-again.md").read_text(), "m", "m").data
        assert before is not None and after is not None
        assert after["title"] == before.title
        personas = after.get("personas") or [after["persona"]]
        assert personas == catalog.maps[mid].personas
        assert [s["name"] for s in after["stages"]] == [s.name for s in before.stages]
        assert [s.get("actions", []) for s in after["stages"]] == [s.actions for s in before.stages]
        assert [s.get("emotion") for s in after["stages"]] == [s.emotion for s in before.stages]
    assert [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors] == []


def test_map_page_has_the_mermaid_source(project: Path, write: Writer, build: Callable[..., Any]) -> None:
    _roundtrip_handbook(write)
    write(
        "maps/evil.md",
        "---\ntype: cjm\ntitle: '<script>alert(1)</script>'\npersona: maya\n"
        "stages: [{name: '</code><b>x</b>', actions: ['a <i>b</i>'], emotion: -2}]\n---\n",
    )
    result = build("--strict")
    assert result.code == 0, result.output
    page = result.html("maps/opening/index.html")
    details = page.select_one("details#mermaid")
    assert details is not None and details.summary.get_text(strip=True) == "Mermaid"
    code = details.select_one("pre code").get_text()
    assert code.startswith("journey\n    title Account opening\n    section Sign up\n")
    assert "      Fills the form: 4.5: Maya Chen\n" in code and "\u2060Title search" in code
    evil = result.html("maps/evil/index.html").select_one("details#mermaid pre code")
    assert evil.find("b") is None and evil.find("script") is None and evil.find("i") is None
    assert "a <i>b</i>: 1: Maya Chen" in evil.get_text()


# -- spreadsheets -----------------------------------------------------------------------------


def _csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def _csv_handbook(write: Writer) -> None:
    _roundtrip_handbook(write)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    write(
        "maps/opening.md",
        CJM.replace("zooms_into: lifecycle#open\n", "zooms_into: lifecycle#open  # agreed with CX leads\n").replace(
            "pain_points: [{title: Call drops, severity: 4}]",
            "pain_points: [{title: Call drops, severity: 4}, 'Unclear: which ID?']\n"
            "    opportunities: [{title: Call-back, impact: 4, effort: 2}]\n    quotes: ['I gave up']",
        ),
    )


def test_csv_export_import_round_trip_changes_nothing(project: Path, write: Writer) -> None:
    _csv_handbook(write)
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    proc = run(project, "export", "csv", "--out", "sheets")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "sheets/stages.csv" and "sheets/opportunities.csv" in proc.stdout
    _columns, rows = _csv_rows(project / "sheets/stages.csv")
    assert [(r["map_id"], r["stage_id"]) for r in rows] == [
        ("lifecycle", "discover"),
        ("lifecycle", "open"),
        ("opening", "sign-up"),
        ("opening", "verify-identity"),
    ]
    verify = rows[3]
    assert verify["pain_points"] == "Call drops\nUnclear: which ID?" and verify["pain_points_count"] == "2"
    assert (
        verify["emotion"] == "-2"
        and verify["personas"] == "maya"
        and rows[2]["touchpoints"] == "signup-form\nvideo-id-call"
    )
    assert rows[1]["emotion_by_persona"] == "maya=-1; raj=-2" and rows[1]["emotion"] == "-1.5"
    _, pains = _csv_rows(project / "sheets/pain_points.csv")
    assert pains == [
        {"map_id": "opening", "stage_id": "verify-identity", "item": "1", "title": "Call drops", "severity": "4"},
        {
            "map_id": "opening",
            "stage_id": "verify-identity",
            "item": "2",
            "title": "Unclear: which ID?",
            "severity": "",
        },
    ]
    _, opps = _csv_rows(project / "sheets/opportunities.csv")
    assert opps[0]["priority"] == "16"  # impact 4 x (6 - effort 2)
    again = run(project, "export", "csv", "--out", "sheets")  # deterministic: the same files are no conflict
    assert again.returncode == 0, again.stderr
    proc = run(project, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().endswith("0 maps written, 2 unchanged, 0 problems")
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.md")} == before


def test_csv_import_updates_keep_what_the_author_wrote(project: Path, write: Writer) -> None:
    _csv_handbook(write)
    run(project, "export", "csv", "--out", "sheets")
    columns, rows = _csv_rows(project / "sheets/stages.csv")
    rows[3]["emotion"] = "-1"
    rows[3]["pain_points"] = "Unclear: which ID?\nCall drops\nNo call-back offered"  # reordered, one added
    rows[2]["actions"] += "\nReads the FAQ"
    rows[1]["emotion_by_persona"] = "maya=0; raj=-2"
    new_stage = dict.fromkeys(columns, "")
    new_stage.update(map_id="opening", stage_name="First payment", emotion="2", moment_of_truth="yes")
    new_map = [dict.fromkeys(columns, "") for _ in range(2)]
    new_map[0].update(
        map_id="closing",
        map_type="cjm",
        map_title="Closing the account",
        personas="raj",
        stage_name="Decide to leave",
        emotion="-1",
        actions="Compares fees\nAsks the accountant",
    )
    new_map[1].update(map_id="closing", stage_name="Move the money", emotion="0,5", pain_points="Standing orders lost")
    _write_rows(project / "sheets/stages.csv", columns, [*rows, new_stage, *new_map])
    refused = run(project, "export", "csv", "--out", "sheets")  # edits not imported yet are never overwritten
    assert refused.returncode == 1 and refused.stderr == (
        "journeymaps export: sheets/stages.csv already there with other content (edited in a spreadsheet? import it "
        "first); nothing was written; --force replaces them\n"
    )
    proc = run(project, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "content/maps/lifecycle.md: stages[1].emotion",
        "content/maps/opening.md: stages[0].actions, stages[1].emotion, stages[1].pain_points, stage 'first-payment' "
        "added, "
        "stages[2].moment_of_truth, stages[2].emotion",
        "content/maps/closing.md: stage 'decide-to-leave' added, stages[0].emotion, stages[0].actions, stage "
        "'move-the-money' added, "
        "stages[1].emotion, stages[1].pain_points",
    ]
    opening = (project / "content/maps/opening.md").read_text()
    assert "zooms_into: lifecycle#open  # agreed with CX leads\n" in opening  # comments kept
    assert opening.endswith("---\nBody text.\n")  # the body as it was
    assert "{title: Call drops, severity: 4}" in opening  # known items keep their fields
    assert "quotes: ['I gave up']" in opening and "opportunities: [{title: Call-back, impact: 4, effort: 2}]" in opening
    assert errors(project) == []
    catalog = build(Settings.for_folder(project / "content", project)).catalog
    stage = catalog.maps["opening"].model.stages[1]  # type: ignore[union-attr]
    assert stage.emotion == -1 and [(p.title, p.severity) for p in stage.pain_points] == [
        ("Unclear: which ID?", None),
        ("Call drops", 4),
        ("No call-back offered", None),
    ]
    closing = catalog.maps["closing"].model
    assert closing is not None and [s.emotion for s in closing.stages] == [-1, 0.5]
    # a sheet saved by Excel in a semicolon locale (decimal commas too) reads the same
    (project / "sheets/semi.csv").write_text("map_id;stage_id;emotion\nclosing;move-the-money;-0,5\n", encoding="utf-8")
    proc = run(project, "import", "csv", "sheets/semi.csv")
    assert proc.stdout == "content/maps/closing.md: stages[1].emotion\n", proc.stderr
    (project / "sheets/semi.csv").write_text("map_id;stage_id;emotion\nclosing;move-the-money;0,5\n", encoding="utf-8")
    run(project, "import", "csv", "sheets/semi.csv")
    # and the data survives a second export
    run(project, "export", "csv", "--out", "again")
    _, rows2 = _csv_rows(project / "again/stages.csv")
    assert [(r["map_id"], r["stage_name"], r["emotion"]) for r in rows2 if r["map_id"] == "closing"] == [
        ("closing", "Decide to leave", "-1"),
        ("closing", "Move the money", "0.5"),
    ]


def test_csv_import_reports_every_row_it_cannot_take(project: Path, write: Writer) -> None:
    _csv_handbook(write)
    run(project, "export", "csv", "--out", "sheets")
    columns, rows = _csv_rows(project / "sheets/stages.csv")
    before = (project / "content/maps/opening.md").read_bytes()
    bad = [dict.fromkeys(columns, "") for _ in range(7)]
    bad[0].update(map_id="opening", stage_id="sign-up", emotion="5")
    bad[1].update(map_id="Bad Id", stage_name="X")
    bad[2].update(map_id="nowhere", map_type="cjmm", stage_name="A")
    bad[3].update(map_id="", stage_name="A")
    bad[4].update(map_id="newmap", map_type="cjm", map_title="New", personas="maya, raj", stage_name="A")
    bad[5].update(map_id="opening", stage_name="Pay", moment_of_truth="maybe")
    bad[6].update(map_id="lifecycle", stage_id="discover", emotion_by_persona="maya=1; raj=happy")
    rows[2]["emotion"] = "very good"
    _write_rows(project / "sheets/stages.csv", [*columns, "emoton"], [*rows[:2], rows[2], *bad[:6]])
    proc = run(project, "import", "csv", "sheets/stages.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "sheets/stages.csv:1: column 'emoton' is not a stages.csv column, so it is ignored (did you mean 'emotion'?)",
        "sheets/stages.csv:4: emotion: 'very good' is not a number; use a number in -2..2",
        "sheets/stages.csv:5: map 'opening' stage 'sign-up' is already in row 4; one row per map and stage",
        "sheets/stages.csv:6: map_id 'Bad Id' is not a valid id; try 'bad-id'",
        "sheets/stages.csv:7: not taken: map 'nowhere' does not exist yet, and map_type 'cjmm' is not cjm or cem "
        "(did you mean 'cjm'?)",
        "sheets/stages.csv:8: map_id is empty; fill it in (the map's id, e.g. account-opening)",
        "sheets/stages.csv:9: not taken: personas: a cjm has exactly one persona; found 2 (maya, raj)",
        "sheets/stages.csv:10: moment_of_truth: 'maybe' is not true or false",
        "0 maps written, 2 unchanged, 8 problems",
    ]
    assert (project / "content/maps/opening.md").read_bytes() == before  # a stage row that failed left no trace
    _write_rows(project / "sheets/stages.csv", columns, [bad[6]])
    proc = run(project, "import", "csv", "sheets/stages.csv")
    assert (
        "sheets/stages.csv:2: emotion_by_persona (raj): 'happy' is not a number; use a number in -2..2" in proc.stderr
    )
    (project / "sheets/notes.csv").write_text("Stage,Notes\nSign up,too long\n")
    proc = run(project, "import", "csv", "sheets/notes.csv")
    assert proc.returncode == 1 and proc.stderr.splitlines()[0] == (
        "sheets/notes.csv:1: needs the columns map_id and stage_id (or stage_name); the first row must name the "
        "columns, "
        "as in the stages.csv that `journeymaps export csv` writes"
    )
    assert "Traceback" not in proc.stderr


def test_validate_watch_rechecks_on_save(project: Path, write: Writer) -> None:
    """The editor task: marker lines around each check, problem lines in between, again after a save."""
    import re
    import time

    write("personas/maya.md", PERSONA)
    page = write("maps/opening.md", CJM.replace("zooms_into: lifecycle#open\n", "").replace("signup-form, ", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "journeymaps.cli", "validate", "content", "--watch", "--interval", "0.1"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )

    import queue
    import threading

    lines_out: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines_out.put(line.rstrip("\n")) for line in proc.stdout or []], daemon=True
    ).start()

    def one_check() -> list[str]:
        lines: list[str] = []
        while True:
            line = lines_out.get(timeout=30)
            if line == "journeymaps: checked":
                return lines
            lines.append(line)

    try:
        assert one_check() == ["journeymaps: checking"]
        time.sleep(0.05)
        page.write_text(page.read_text().replace("emotion: -2", "emotion: 5"))
        lines = one_check()
        assert lines == [
            "journeymaps: checking",
            "ERROR: content/maps/opening.md:13: stages[1].emotion: 5 is outside -2..2",
        ]
        tasks = json.loads(re.sub(r"^\s*//.*$", "", (ROOT / ".vscode/tasks.json").read_text(), flags=re.M))
        matcher = tasks["tasks"][0]["problemMatcher"][0]
        match = re.match(matcher["pattern"]["regexp"], lines[1])
        assert match and match.group(2, 3) == ("content/maps/opening.md", "13")
        assert re.match(matcher["background"]["activeEnd"], "journeymaps: checked")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_new_asks_for_the_essentials_in_a_terminal(project: Path) -> None:
    """`journeymaps new cjm` with no options, stdin a terminal: three questions, then a valid file."""
    import os
    import pty

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "journeymaps.cli", "new", "cjm", "--docs-dir", "content"],
            cwd=project,
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(primary, b"Paying a supplier\ndaniel\nAdd supplier, Approve, Pay\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 0, err
    assert "Map title" in out and "Persona id" in out and "Stages in order" in out
    assert out.strip().endswith("content/maps/paying-a-supplier.md")
    text = (project / "content/maps/paying-a-supplier.md").read_text()
    assert "persona: daniel" in text and "id: approve" in text


def test_csv_lane_file_import_scores_opportunities(project: Path, write: Writer) -> None:
    """The prioritisation loop: score opportunities in opportunities.csv, import, the maps keep everything else."""
    _csv_handbook(write)
    run(project, "export", "csv", "--out", "sheets")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    for lane in ("opportunities", "pain_points", "quotes"):
        proc = run(project, "import", "csv", f"sheets/{lane}.csv")
        assert proc.returncode == 0 and "0 maps written" in proc.stderr, proc.stderr
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.md")} == before
    columns, rows = _csv_rows(project / "sheets/opportunities.csv")
    assert rows == [
        {
            "map_id": "opening",
            "stage_id": "verify-identity",
            "item": "1",
            "title": "Call-back",
            "impact": "4",
            "effort": "2",
            "priority": "16",
            "owner": "",
            "status": "idea",
            "link": "",
        }
    ]
    rows[0].update(effort="1", owner="Care team")
    extra = [dict.fromkeys(columns, "") for _ in range(3)]
    extra[0].update(map_id="opening", stage_id="sign-up", title="Save the form as you type", impact="3", effort="2")
    extra[1].update(map_id="opening", stage_id="sign-up", title="Passkeys", impact="9")
    extra[2].update(map_id="openning", stage_id="sign-up", title="X")
    _write_rows(project / "sheets/opportunities.csv", columns, rows + extra)
    proc = run(project, "import", "csv", "sheets/opportunities.csv")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "content/maps/opening.md: stages[1].opportunities[0], "
        "stages[0].opportunities: 'Save the form as you type' added"
    ]
    assert proc.stderr.splitlines() == [
        "sheets/opportunities.csv:4: impact: 9 is outside 1..5 (whole numbers)",
        "sheets/opportunities.csv:5: map 'openning' does not exist; a lane file only updates existing maps (did you "
        "mean 'opening'?)",
        "1 map written, 0 unchanged, 2 problems",
    ]
    text = (project / "content/maps/opening.md").read_text()
    assert "opportunities: [{title: Call-back, impact: 4, effort: 1, owner: Care team}]" in text
    assert "zooms_into: lifecycle#open  # agreed with CX leads" in text and text.endswith("Body text.\n")
    catalog = build(Settings.for_folder(project / "content", project)).catalog
    assert [str(d) for d in catalog.report.errors] == []
    stage = catalog.maps["opening"].model.stages[0]  # type: ignore[union-attr]
    assert [(o.title, o.impact, o.effort) for o in stage.opportunities] == [("Save the form as you type", 3, 2)]
    proc = run(project, "import", "csv", "sheets/actions.csv")
    assert proc.returncode == 1 and "actions.csv is for reading only; edit actions in stages.csv" in proc.stderr
