"""Authoring tools: `journeymaps new`, the editor schema, Mermaid and spreadsheet interop."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest

from conftest import CEM, CJM, PERSONA, Writer
from journeymaps.build import build_from_folder
from journeymaps.load import load_text
from journeymaps.schema import schema_text
from test_error_classes import CASES

ROOT = Path(__file__).resolve().parent.parent


def run(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True,
                          input=stdin if stdin is not None else "")


def errors(project: Path) -> list[str]:
    report = build_from_folder(project / "content", project).catalog.report
    return [str(d) for d in report.sorted()]


# -- journeymaps new ---------------------------------------------------------------------------

def test_scaffolded_handbook_validates_and_builds(project: Path, build: Callable[..., Any]) -> None:
    steps = [
        ("persona", "--title", "Maya Okafor", "--id", "maya"),
        ("persona", "--title", "Daniel"),
        ("touchpoint", "--title", "Support chat", "--channel", "chat"),
        ("cem", "--title", "Customer lifecycle", "--persona", "maya, daniel", "--stages", "Discover, Open account, Grow"),
        ("cjm", "--title", "Account opening: the first 10 days", "--persona", "maya",
         "--zooms-into", "customer-lifecycle#open-account", "--stages", "Sign up, Verify identity, First payment"),
        ("cjm", "--title", "Account opening (future)", "--future-of", "account-opening-the-first-10-days"),
    ]
    paths = []
    for step in steps:
        proc = run(project, "new", *step)
        assert proc.returncode == 0, proc.stderr
        paths.append(proc.stdout.strip())
    assert paths == ["content/personas/maya.md", "content/personas/daniel.md", "content/touchpoints/support-chat.md",
                     "content/maps/customer-lifecycle.md", "content/maps/account-opening-the-first-10-days.md",
                     "content/maps/account-opening-future.md"]
    future = (project / paths[-1]).read_text(encoding="utf-8")
    assert "future_of: account-opening-the-first-10-days" in future and "state: future" in future
    assert "id: verify-identity" in future and "persona: maya" in future  # copied from the current-state map
    cjm = (project / paths[4]).read_text(encoding="utf-8")
    assert "title: 'Account opening: the first 10 days'" in cjm  # pyyaml quotes what needs quoting
    assert "# -2 very negative" in cjm and "severity: 1 minor .. 5 critical" in cjm
    assert errors(project) == []
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
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
    assert proc.stderr == ("journeymaps new: content/personas/maya.md already exists; nothing was written "
                           "(choose another --title or --id, or edit that file)\n")
    assert path.read_text() == before


@pytest.mark.parametrize("args, message", [
    (("cjm", "--title", "Checkout"), "a new cjm needs --persona, --stages"),
    (("cjm", "--title", "Checkout", "--persona", "maya, raj", "--stages", "A"), "a cjm has exactly one persona"),
    (("cem", "--title", "Life", "--persona", "maya", "--stages", "A", "--zooms-into", "x#y"), "--zooms-into is for a cjm"),
    (("cjm", "--title", "Checkout", "--persona", "maya", "--stages", "A", "--zooms-into", "life"), "must be cem-id#stage-id"),
    (("touchpoint", "--title", "Chat"), "a new touchpoint needs --channel"),
    (("persona", "--title", "Мария"), "gives no id"),
    (("cjm", "--title", "X", "--persona", "maya", "--stages", "Pay, pay"), "two stages would have the id 'pay'"),
])
def test_new_bad_input_is_one_line(project: Path, args: tuple[str, ...], message: str) -> None:
    proc = run(project, "new", *args)
    assert proc.returncode == 1 and message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not list((project / "content").rglob("*.md"))


def test_new_asks_on_a_terminal() -> None:
    from journeymaps.scaffold import NewEntity, ask_essentials, missing_essentials

    answers = iter(["Paying a supplier", "daniel", "Add supplier, Approve, Pay"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    req = ask_essentials(NewEntity(kind="cjm"), ask)
    assert len(asked) == 3 and missing_essentials(req) == []
    assert (req.ident, req.personas, req.stages) == ("paying-a-supplier", ("daniel",), ("Add supplier", "Approve", "Pay"))


def test_new_uses_docs_dir_of_mkdocs_yml(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: handbook\n")
    proc = run(project, "new", "persona", "--title", "Priya")
    assert proc.stdout.strip() == "handbook/personas/priya.md" and (project / "handbook/personas/priya.md").is_file()


# -- the editor schema -------------------------------------------------------------------------

def _json(data: Any) -> Any:
    """Frontmatter as an editor's YAML server sees it: dates are text."""
    return json.loads(json.dumps(data, default=str))


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "journeymaps.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/journeymaps.schema.json is stale: run `journeymaps schema -o schema/journeymaps.schema.json`"


# The error corpus (test_error_classes.CASES): what the schema catches while typing. The rest needs the other
# files (references) or the parser (YAML syntax, duplicate keys, which the editor's YAML parser flags itself).
SCHEMA_CATCHES = {"wrong type", "missing key", "bad state", "two personas", "no persona", "future_of on current",
                  "severity", "non-numeric emotion"}
NEEDS_OTHER_FILES = {"unknown touchpoint", "unknown cem", "unknown stage", "future_of missing", "duplicate stage id"}
PARSER = {"yaml", "tab", "duplicate key"}


def test_schema_flags_what_the_loader_flags() -> None:
    assert SCHEMA_CATCHES | NEEDS_OTHER_FILES | PARSER == set(CASES)
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    good = _json(load_text(CJM.lstrip("\n"), "m.md", "m.md").data)
    assert not list(validator.iter_errors(good))
    for case in sorted(SCHEMA_CATCHES):
        old, new, _ = CASES[case]
        data = load_text(CJM.lstrip("\n").replace(old, new, 1), "m.md", "m.md").data
        assert list(validator.iter_errors(_json(data))), case
    for bad in ({**good, "stages": [{"name": "A", "emotion": 2.5}]}, {**good, "personna": "maya"},
                {**good, "stages": [{"name": "A", "emoton": 1}]}, {**good, "stages": [{"name": "A", "pain_points": [{"title": "x", "severity": 0}]}]},
                {"type": "cem", "title": "L", "personas": ["a"], "zooms_into": "x#y", "stages": [{"name": "A"}]},
                {"type": "cem", "title": "L", "personas": ["a"], "stages": [{"name": "A", "emotion": {"a": -3}}]}):
        assert list(validator.iter_errors(bad)), bad
    # what MkDocs and material read is not a typo; a cem's per-persona emotions are fine
    assert not list(validator.iter_errors({**good, "tags": ["onboarding"], "hide": ["toc"]}))
    assert not list(validator.iter_errors(_json(load_text(CEM.lstrip("\n"), "c.md", "c.md").data)))
    assert not list(validator.iter_errors(_json(load_text(PERSONA.lstrip("\n"), "p.md", "p.md").data)))


def test_example_handbook_matches_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
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
