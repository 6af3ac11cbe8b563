"""Spreadsheet import (`journeymaps import csv`): what an outside round of hostile testing broke.

Each test writes a handbook, exports it with the real CLI, edits the sheet as a user would, imports it with the
real CLI, and reads the Markdown back (bytes, YAML and a fresh build).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PERSONA, Writer
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text


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


def errors(project: Path) -> list[str]:
    return [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors]


def frontmatter(path: Path) -> dict:
    """The page's frontmatter as the handbook reads it."""
    data = load_text(path.read_bytes().decode("utf-8"), "p", "p").data
    assert data is not None
    return data


def export(project: Path) -> tuple[list[str], list[dict[str, str]]]:
    proc = run(project, "export", "csv", "--out", "sheets", "--force")
    assert proc.returncode == 0, proc.stderr
    return sheet(project / "sheets/stages.csv")


def import_sheet(project: Path, name: str = "stages.csv") -> subprocess.CompletedProcess[str]:
    return run(project, "import", "csv", f"sheets/{name}")


CEM = """
---
type: cem
title: Lifecycle
personas: [maya]
stages:
  - name: Discover
    emotion: 1
  - name: Open account
    emotion: -1
---
"""

ZOOMING = """
---
type: cjm
title: Opening
persona: maya
zooms_into: lifecycle#open-account
stages:
  - name: Sign up
    emotion: 1
---
"""


def test_renaming_a_stage_keeps_its_id_and_the_links_to_it(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", ZOOMING)
    columns, rows = export(project)
    rows[1]["stage_name"] = "Open an account"  # was "Open account": its id open-account came from the name
    rows[0]["stage_name"] = "Discovery"
    rows[2]["stage_name"] = "Sign-up"  # same slug: sign-up; nothing to keep
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "content/maps/lifecycle.md: stages[0].name, stages[0].id, stages[1].name, stages[1].id",
        "content/maps/opening.md: stages[0].name",
    ]
    text = (project / "content/maps/lifecycle.md").read_text()
    assert "  - name: Open an account\n    id: open-account\n    emotion: -1\n" in text  # the id right after the name
    assert "  - name: Discovery\n    id: discover\n" in text
    assert "id:" not in (project / "content/maps/opening.md").read_text()
    assert errors(project) == []  # zooms_into lifecycle#open-account still resolves
    # the next export and import change nothing
    columns, rows = export(project)
    assert [r["stage_id"] for r in rows] == ["discover", "open-account", "sign-up"]
    before = (project / "content/maps/lifecycle.md").read_bytes()
    assert import_sheet(project).stderr.endswith("0 maps written, 2 unchanged, 0 problems\n")
    assert (project / "content/maps/lifecycle.md").read_bytes() == before


ALIASED = """
---
type: cjm
title: Aliased
persona: maya
stages:
  - name: Sign up
    actions: &acts [Fills the form, Waits]
    pain_points:
      - &slow {title: Slow, severity: 2}
  - name: Verify
    actions: *acts
    pain_points:
      - *slow
    <<: &shared
      thoughts: [Is this safe]
  - name: Pay
    <<: *shared
---
Body.
"""


def test_a_list_shared_by_a_yaml_alias_is_edited_in_one_stage_only(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    path = write("maps/aliased.md", ALIASED)
    assert errors(project) == []
    columns, rows = export(project)
    before = path.read_bytes()
    assert import_sheet(project).returncode == 0
    assert path.read_bytes() == before  # unedited: untouched, aliases and all
    rows[1]["actions"] += "\nUploads a passport"
    rows[1]["thoughts"] += "\nWhy again?"
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 0, proc.stderr
    data = frontmatter(path)
    assert data["stages"][0]["actions"] == ["Fills the form", "Waits"]
    assert data["stages"][1]["actions"] == ["Fills the form", "Waits", "Uploads a passport"]
    assert data["stages"][1]["thoughts"] == ["Is this safe", "Why again?"]
    assert data["stages"][2]["thoughts"] == ["Is this safe"]  # the other stage merging the same mapping
    # the lane file: the shared pain point is scored in the second stage only
    _, pains = sheet(project / "sheets/pain_points.csv")
    assert [(p["stage_id"], p["title"], p["severity"]) for p in pains] == [
        ("sign-up", "Slow", "2"),
        ("verify", "Slow", "2"),
    ]
    pains[1]["severity"] = "5"
    save_sheet(project / "sheets/pain_points.csv", list(pains[0]), pains)
    proc = import_sheet(project, "pain_points.csv")
    assert proc.stdout == "content/maps/aliased.md: stages[1].pain_points[0]\n", proc.stderr
    data = frontmatter(path)
    assert [s.get("pain_points") for s in data["stages"]] == [
        [{"title": "Slow", "severity": 2}],
        [{"title": "Slow", "severity": 5}],
        None,
    ]
    assert path.read_text().endswith("---\nBody.\n") and errors(project) == []


DUPLICATES = """
---
type: cjm
title: Duplicates
persona: maya
stages:
  - name: Sign up
    pain_points:
      - {title: Slow, severity: 2}
      - Unclear
      - {title: Slow, severity: 5}
    quotes:
      - {text: I gave up, source: Interview 3}
      - {text: I gave up, source: Interview 7}
---
"""


def test_duplicate_titles_in_a_cell_keep_their_own_fields(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    path = write("maps/dups.md", DUPLICATES)
    columns, rows = export(project)
    assert rows[0]["pain_points"] == "Slow\nUnclear\nSlow" and rows[0]["quotes"] == "I gave up\nI gave up"
    before = path.read_bytes()
    assert import_sheet(project).returncode == 0 and path.read_bytes() == before
    rows[0]["pain_points"] = "Slow\nSlow\nUnclear\nNew one"  # moved one line, added one
    rows[0]["quotes"] = "I gave up\nI gave up\nToo slow"
    save_sheet(project / "sheets/stages.csv", columns, rows)
    assert import_sheet(project).returncode == 0
    stage = frontmatter(path)["stages"][0]
    assert stage["pain_points"] == [
        {"title": "Slow", "severity": 2},
        {"title": "Slow", "severity": 5},
        "Unclear",
        "New one",
    ]
    assert stage["quotes"] == [
        {"text": "I gave up", "source": "Interview 3"},
        {"text": "I gave up", "source": "Interview 7"},
        "Too slow",
    ]
    assert "&" not in path.read_text()  # no item written twice as an anchor and its alias
    # the lane file: the item number picks which of two equal titles a row scores
    export(project)
    lane_columns, pains = sheet(project / "sheets/pain_points.csv")
    assert [(p["item"], p["title"], p["severity"]) for p in pains][:2] == [("1", "Slow", "2"), ("2", "Slow", "5")]
    pains[1]["severity"] = "4"
    save_sheet(project / "sheets/pain_points.csv", lane_columns, pains)
    proc = import_sheet(project, "pain_points.csv")
    assert proc.stdout == "content/maps/dups.md: stages[0].pain_points[1]\n", proc.stderr
    assert frontmatter(path)["stages"][0]["pain_points"][:2] == [
        {"title": "Slow", "severity": 2},
        {"title": "Slow", "severity": 4},
    ]


CHINESE = """
---
type: cjm
title: 开户
persona: maya
stages:
  - name: 注册
    emotion: 1
    actions: [填写表格]
  - name: 验证身份
    emotion: -1
  - name: 首次付款
    emotion: 2
---
"""


def test_a_map_with_non_latin_stage_names_re_imports_from_its_own_export(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    path = write("maps/kaihu.md", CHINESE)
    columns, rows = export(project)
    assert [r["stage_id"] for r in rows] == ["stage-1", "stage-2", "stage-3"]
    before = path.read_bytes()
    proc = import_sheet(project)
    assert proc.returncode == 0 and proc.stderr == "0 maps written, 1 unchanged, 0 problems\n", proc.stderr
    assert path.read_bytes() == before
    rows[1]["emotion"] = "-2"
    rows[2]["stage_name"] = "第一次付款"  # renamed: its id is its place, stage-3, before and after
    new = dict.fromkeys(columns, "")
    new.update(map_id="kaihu", stage_name="使用", emotion="1")  # a new stage, no stage_id: stage-4
    save_sheet(project / "sheets/stages.csv", columns, [*rows, new])
    proc = import_sheet(project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "content/maps/kaihu.md: stages[1].emotion, stages[2].name, stage 'stage-4' added, stages[3].emotion\n"
    )
    data = frontmatter(path)
    assert [(s["name"], s.get("id"), s["emotion"]) for s in data["stages"]] == [
        ("注册", None, 1),
        ("验证身份", None, -2),
        ("第一次付款", None, 2),
        ("使用", None, 1),
    ]
    # a sheet with stage names and no stage ids finds the stages by name
    (project / "sheets/names.csv").write_text("map_id,stage_name,emotion\nkaihu,验证身份,0\n", encoding="utf-8")
    proc = import_sheet(project, "names.csv")
    assert proc.stdout == "content/maps/kaihu.md: stages[1].emotion\n", proc.stderr
    assert errors(project) == []


def test_a_crlf_file_with_a_bom_keeps_its_line_endings_and_bom(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    text = ZOOMING.replace("zooms_into: lifecycle#open-account\n", "").lstrip("\n")
    body = "Body line one.\r\nA line with a lone LF\nend.\r\n"
    path = project / "content/maps/opening.md"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() + body.encode())
    columns, rows = export(project)
    before = path.read_bytes()
    assert import_sheet(project).returncode == 0 and path.read_bytes() == before
    rows[0]["goal"] = "Get in quickly"
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.stdout == "content/maps/opening.md: stages[0].goal\n", proc.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n") and after.endswith(body.encode())  # the body byte for byte
    frontmatter_bytes = after[: -len(body.encode())]
    assert b"\n" not in frontmatter_bytes.replace(b"\r\n", b"")  # every line of the frontmatter ends in CRLF
    assert after == before.replace(b"    emotion: 1\r\n", b"    emotion: 1\r\n    goal: Get in quickly\r\n")
    assert errors(project) == []


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_an_import_never_writes_through_a_link_outside_the_docs_folder(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    outside = project / "elsewhere"
    outside.mkdir()
    (outside / "target.md").write_text(ZOOMING.replace("zooms_into: lifecycle#open-account\n", "").lstrip("\n"))
    (project / "content/maps").mkdir()
    (project / "content/maps/linked.md").symlink_to(outside / "target.md")
    columns, rows = export(project)
    assert [r["map_id"] for r in rows] == ["linked"]  # the build reads it
    rows[0]["emotion"] = "-1"
    new = dict.fromkeys(columns, "")
    new.update(map_id="fresh", map_type="cjm", map_title="Fresh", personas="maya", stage_name="A")
    save_sheet(project / "sheets/stages.csv", columns, [*rows, new])
    (project / "content/maps/fresh.md").symlink_to(outside / "fresh.md")  # a dangling link where a new map would go
    before = (outside / "target.md").read_bytes()
    proc = import_sheet(project)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "sheets/stages.csv:2: not taken: content/maps/linked.md leads outside content (a symbolic link); "
        "an import writes only inside the docs folder",
        "sheets/stages.csv:3: not taken: content/maps/fresh.md leads outside content (a symbolic link); "
        "an import writes only inside the docs folder",
        "0 maps written, 0 unchanged, 2 problems",
    ]
    assert (outside / "target.md").read_bytes() == before and not (outside / "fresh.md").exists()
    # a folder that is a link leads outside too
    (project / "content/maps/fresh.md").unlink()
    (project / "content/maps").rename(project / "content/old")
    (project / "content/maps").symlink_to(outside, target_is_directory=True)
    save_sheet(project / "sheets/stages.csv", columns, [new])
    proc = import_sheet(project)
    assert proc.stderr.splitlines()[0] == (
        "sheets/stages.csv:2: not taken: content/maps/fresh.md leads outside content (a symbolic link); "
        "an import writes only inside the docs folder"
    )
    assert sorted(p.name for p in outside.iterdir()) == ["target.md"]


def test_a_200_kb_cell_is_read_and_a_bad_one_is_one_short_line(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    path = write("maps/opening.md", ZOOMING.replace("zooms_into: lifecycle#open-account\n", ""))
    columns, rows = export(project)
    long_goal = "word " * 40_000  # 200 KB in one cell: more than the csv module's default field limit
    rows[0]["goal"] = long_goal.strip()
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 0 and proc.stdout == "content/maps/opening.md: stages[0].goal\n", proc.stderr
    assert frontmatter(path)["stages"][0]["goal"] == long_goal.strip()
    rows[0]["emotion"] = "\x1b[31m" + "9" * 200_000  # not a number: said in one short line, no ESC on the terminal
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "sheets/stages.csv:2: emotion: '\\x1b[31m" + "9" * 51 + "\u2026' is not a number; use a number in -2..2",
        "0 maps written, 1 unchanged, 1 problem",
    ]


def test_every_corpus_handbook_re_imports_from_its_own_export_unchanged(tmp_path: Path) -> None:
    """The bad-input corpus (BOM and CRLF files, unicode names, stages without ids, broken pages next to good
    ones): the export of each case, imported again, writes nothing (and a valid handbook reports nothing)."""
    from corpus_cases import load_corpus
    from journeymaps.interop.csv_export import csv_text, export_tables
    from journeymaps.interop.csv_import import import_rows

    corpus = load_corpus()
    exported = 0
    for case in corpus.cases:
        root = tmp_path / case.id
        docs = corpus.write(root, case)
        before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
        handbook = build(Settings.for_folder(docs, root))
        tables = export_tables(handbook)
        for name in ("stages.csv", "pain_points.csv", "opportunities.csv", "quotes.csv"):
            columns, rows = tables[name]
            exported += len(rows)
            report = import_rows(csv_text(columns, rows), name, docs, handbook.catalog, root)
            assert report.written == [], (case.id, name)
            if not case.errors:  # a map that does not validate may say so again; a valid one has nothing to say
                assert report.lines() == [], (case.id, name)
        assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before, case.id
    assert len(corpus.cases) > 50 and exported > 300


def test_a_column_named_twice_is_one_line_and_nothing_is_written(project: Path, write: Writer) -> None:
    """Two `emotion` columns (one pasted in from another sheet): which one the author meant is not for the import
    to guess. One line naming both columns; the maps stay as they were."""
    write("personas/maya.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    path = write("maps/opening.md", ZOOMING)
    before = path.read_bytes()
    columns, rows = export(project)
    with (project / "sheets/stages.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([*columns, "emotion"])
        out.writerows([*(row[c] for c in columns), "2"] for row in rows)
    proc = import_sheet(project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    said = [line for line in proc.stderr.splitlines() if "twice" in line]
    at = [i + 1 for i, c in enumerate([*columns, "emotion"]) if c == "emotion"]
    assert said == [f"sheets/stages.csv:1: column 'emotion' is there twice (columns {at[0]} and {at[1]}); keep one"]
    assert path.read_bytes() == before


def test_a_comment_inside_a_flow_mapping_is_never_dropped(project: Path, write: Writer) -> None:
    """A stage written as ``{...}`` over several lines with a comment inside: the round trip would write it on one
    line without the comment. The import leaves that map as it is and says where the comment is; a comment the
    round trip keeps (block style) does not stop it."""
    write("personas/maya.md", PERSONA)
    text = (
        "---\ntype: cjm\ntitle: Flow\npersona: maya\nstages:\n  - name: First  # kept\n    emotion: 1\n"
        '  - {name: "Third # not a comment",\n     emotion: -1,   # trailing\n'
        "     actions: [x,\n       y]}\n---\nBody\n"
    )
    path = write("maps/flow.md", text)
    columns, rows = export(project)
    rows[1]["emotion"] = "2"
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    said = [line for line in proc.stderr.splitlines() if "would be lost" in line]
    assert len(said) == 1 and "content/maps/flow.md:9: the comment '# trailing' would be lost" in said[0], said
    assert path.read_text(encoding="utf-8") == text
    rows[1]["emotion"] = "-1"
    rows[0]["emotion"] = "2"  # the block-style stage: its comment stays, the edit is taken
    path.write_text(text.replace('  - {name: "Third', '  - {name: "Third').replace("   # trailing", ""), "utf-8")
    save_sheet(project / "sheets/stages.csv", columns, rows)
    proc = import_sheet(project)
    assert proc.returncode == 0, proc.stderr
    assert "# kept" in path.read_text(encoding="utf-8") and frontmatter(path)["stages"][0]["emotion"] == 2
