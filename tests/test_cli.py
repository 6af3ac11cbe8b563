"""The command line, run as a user runs it: no site build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from conftest import CEM, CJM, PERSONA, Writer


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True)


def test_validate_reports_the_same_lines_as_the_build(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM.replace("signup-form", "sigup-form"))
    write("maps/second.md", CJM.replace("emotion: -2", "emotion: 5").replace("Account opening", "Second"))
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    proc = run(project, "validate", "content")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "ERROR: content/maps/opening.md:12: stages[0].touchpoints[0]: touchpoint 'sigup-form' does not exist (did "
        "you mean 'signup-form'?)",
        "ERROR: content/maps/second.md:14: stages[1].emotion: 5 is outside -2..2",
    ]
    assert "Traceback" not in proc.stderr
    write("maps/opening.md", CJM)
    write("maps/second.md", CJM.replace("Account opening", "Second"))
    proc = run(project, "validate", "content")
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[-1] == "2 personas, 3 maps, 2 touchpoints: 0 errors, 0 warnings"


def test_missing_folder_is_one_line(project: Path, write: Writer) -> None:
    proc = run(project, "validate", "nope")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("journeymaps validate: nope: no such folder")
    write("personas/maya.md", PERSONA)
    proc = run(project, "validate", "content/personas/maya.md")  # a page, for the folder
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "content/personas/maya.md: is a file, not a folder (give the docs folder" in proc.stderr


def test_a_docs_folder_that_is_not_the_sites_names_the_sites(project: Path, write: Writer) -> None:
    """A new project keeps its pages in docs/: `validate pages` says which folder is the site's, instead of
    repeating a command that fails (it suggested `journeymaps validate content`)."""
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("site_name: New\ndocs_dir: docs\nplugins: [journeymaps]\n", encoding="utf-8")
    proc = run(project, "validate", "pages")
    assert proc.returncode == 2 and proc.stderr.strip() == (
        "journeymaps validate: pages: no such folder "
        "(the site's docs folder is docs: run `journeymaps validate` without it)"
    ), proc.stderr


def test_every_command_names_itself_on_its_error_line(project: Path) -> None:
    """One prefix for a command's one-line errors, `journeymaps <command>:`, whichever part of it found the problem
    (the shared site options, the command itself, git)."""
    for args in (
        ("validate", "-f", "nope.yml"),
        ("lint", "-f", "nope.yml"),
        ("generate", "-f", "nope.yml", "--out", "out"),
        ("diff", "no-such-branch", "-f", "nope.yml"),
        ("export", "mermaid", "--docs-dir", "nope", "some-map"),
        ("import", "csv", "nope.csv"),
    ):
        proc = run(project, *args)
        assert proc.returncode in (1, 2) and proc.stderr.count("\n") == 1, (args, proc.stderr)
        assert proc.stderr.startswith(f"journeymaps {args[0]}: "), proc.stderr


def test_schema_flags_what_the_loader_flags() -> None:
    schema = json.loads(
        subprocess.run(
            [sys.executable, "-m", "journeymaps.cli", "schema"], capture_output=True, text=True, check=True
        ).stdout
    )
    validator = jsonschema.Draft7Validator(schema)
    good = {"type": "cjm", "title": "T", "persona": "maya", "stages": [{"name": "A", "emotion": 1, "pain_points": "x"}]}
    assert not list(validator.iter_errors(good))
    for bad in (
        {**good, "stages": [{"name": "A", "emotion": 5}]},
        {**good, "id": "../x"},
        {"type": "persona"},
        {**good, "state": "later"},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_a_path_that_cannot_be_written_is_one_line(project: Path, write: Writer) -> None:
    """Paths mistyped on the command line (a file where a folder goes, a folder where a file goes, a missing folder,
    a dangling link where a new map goes): one line naming the path and what is wrong; nothing is written."""
    write("personas/maya.md", PERSONA)
    (project / "stages.csv").write_text("mine", encoding="utf-8")
    (project / "content" / "maps").mkdir()
    (project / "content" / "maps" / "dang.md").symlink_to("nowhere.md")
    cases = [
        (("export", "csv", "--docs-dir", "content", "--out", "stages.csv"), "stages.csv: is already there (a file, or"),
        (("export", "csv", "--docs-dir", "content", "--out", "stages.csv/sub"), "is not a folder: a part of the path"),
        (("schema", "-o", "nodir/x.json"), "nodir/x.json: does not exist: make its folder first"),
        (("schema", "-o", "content"), "content: is a folder; name a file"),
        (
            ("new", "cjm", "--docs-dir", "content", "--title", "dang", "--persona", "maya", "--stages", "A"),
            "dang.md: is",
        ),
    ]
    for args, said in cases:
        proc = run(project, *args)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, (args, proc.stderr)
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"journeymaps {args[0]}: ") and said in lines[0], (args, lines)
    assert (project / "stages.csv").read_text(encoding="utf-8") == "mine"
    assert (project / "content" / "maps" / "dang.md").is_symlink() and not (project / "content" / "nowhere.md").exists()
    assert not (project / "content" / "maps" / "nowhere.md").exists()


def test_validate_reports_what_the_build_reports_of_the_sites_files(project: Path, write: Writer) -> None:
    """With a mkdocs.yml, validate checks the docs folder's files as the build does (MkDocs' own file list): a file
    of the author's where a generated page or file goes, two files at one output, mkdocs.yml's own warnings; the
    same lines as `mkdocs build`, and --strict fails where `mkdocs build --strict` does."""
    from conftest import SITE_CONFIG, mkdocs

    (project / "mkdocs.yml").write_text(SITE_CONFIG + "      pdff: true\n", encoding="utf-8")
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM.replace("zooms_into: lifecycle#open\n", ""))
    write("maps/fut.md", CJM.replace("zooms_into: lifecycle#open\n", "state: future\nfuture_of: opening\n"))
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    write("compare/fut.md", "# My own comparison\n")
    write("journeymaps.json", "{}")
    write("notes/x.md", "# X\n")
    write("notes/x/index.md", "# Also X\n")
    proc = run(project, "validate")
    said = [line.split(": ", 1)[1] for line in proc.stdout.splitlines()]
    built = mkdocs(project)
    from_build = [
        line.split("-  ", 1)[1]
        for line in built.stderr.splitlines()
        if line.startswith(("ERROR", "WARNING")) and "journeymaps" not in line.split("-  ", 1)[1][:12]
    ]
    assert len(said) == 4, proc.stdout
    for line in said:
        assert any(line in b or b in line for b in from_build), (line, from_build)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_validate_checks_what_the_theme_prints_as_the_build_does(project: Path, write: Writer) -> None:
    """The keys the theme reads from an entity page (template, status, icon, description): validate says what
    `mkdocs build` says of them, the same lines, and --strict fails where the build's strict mode does."""
    from conftest import SITE_CONFIG, mkdocs

    (project / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    write("personas/maya.md", PERSONA)
    keys = "template: ../../secret.html\nstatus: whatever\nicon: nope/nothing\ndescription: [a, b]\n"
    write("maps/opening.md", CJM.replace("zooms_into: lifecycle#open\n", keys))
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    proc = run(project, "validate", "--strict")
    said = [line.split(": ", 1)[1] for line in proc.stdout.splitlines() if line.startswith(("ERROR", "WARNING"))]
    built = mkdocs(project, "--strict")
    from_build = [
        line.split("-  ", 1)[1] for line in built.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))
    ]
    assert len(said) == 4 and said == [line for line in from_build if "maps/opening.md" in line], (said, from_build)
    assert [line.split(": ")[1] for line in said] == ["template", "status", "icon", "description"]
    assert proc.returncode == 1 and built.returncode == 1


def test_lint_names_the_file_and_line_where_a_touchpoint_gets_its_owner(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    proc = run(project, "lint", "content")
    found = [line for line in proc.stdout.splitlines() if "touchpoint '" in line and "[no-owner]" in line]
    assert found == [
        "content/touchpoints/signup-form.md:3: owner: touchpoint 'Signup form' has no owner [no-owner]",
        "content/maps/opening.md:12: stages[0].touchpoints[1].owner: touchpoint 'Video ID call' has no owner "
        "[no-owner]",
    ], proc.stdout


def test_lint_names_a_map_it_could_not_check(project: Path, write: Writer) -> None:
    """A map that does not validate has no findings looked for: lint says so, and its help lists every code."""
    write("personas/maya.md", PERSONA)
    write("maps/short.md", "---\ntype: cjm\ntitle: Short\npersona: maya\nstages:\n  - {name: Only}\n---\n")
    write("maps/broken.md", "---\ntype: cjm\ntitle: Broken: yes\npersona: maya\n---\n")
    proc = run(project, "lint", "content")
    assert "content/maps/broken.md: not checked: it does not validate (journeymaps validate says why)" in (
        proc.stderr.splitlines()
    ), proc.stderr
    from journeymaps.analysis.health import CODES

    usage = " ".join(run(project, "lint", "--help").stdout.split())
    assert all(code in usage for code in CODES), usage


def test_lint_says_one_finding_in_one_map_in_the_singular(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/short.md", "---\ntype: cjm\ntitle: Short\npersona: maya\nstages:\n  - {name: Only}\n---\n")
    proc = run(project, "lint", "content")
    found = [line for line in proc.stdout.splitlines() if line.startswith("content/")]
    summary = proc.stderr.splitlines()[-1]
    assert summary == (f"{len(found)} findings in 1 map" if len(found) != 1 else "1 finding in 1 map"), proc.stdout
    assert summary.endswith(" in 1 map")


def test_schema_output_replaces_a_schema_but_never_a_page(project: Path, write: Writer) -> None:
    page = write("maps/opening.md", CJM)
    before = page.read_bytes()
    proc = run(project, "schema", "-o", "content/maps/opening.md")
    assert proc.returncode == 1 and proc.stderr.strip().endswith("is not a JSON Schema; nothing written (name another)")
    assert page.read_bytes() == before
    target = project / "schema.json"
    assert run(project, "schema", "-o", "schema.json").returncode == 0
    target.write_text(target.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    assert run(project, "schema", "-o", "schema.json").returncode == 0  # an earlier schema: replaced
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run(project, "schema").stdout)


def test_validate_is_strict_where_the_site_builds_strict(project: Path, write: Writer) -> None:
    from conftest import SITE_CONFIG

    write("personas/maya.md", PERSONA)
    write("touchpoints/kiosk.md", "---\ntype: touchpoint\nname: Kiosk\nchannel: kioskk\n---\n")  # a warning
    (project / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    assert run(project, "validate").returncode == 0
    (project / "mkdocs.yml").write_text(SITE_CONFIG + "strict: true\n", encoding="utf-8")
    proc = run(project, "validate")
    assert proc.returncode == 1 and "unknown channel 'kioskk'" in proc.stdout
