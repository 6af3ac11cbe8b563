"""`journeymaps diff` as a pull request makes it, from an outside test of the review workflow: a CJM given another
persona, a persona renamed, a map moved and edited in one commit, a map that stops validating, the docs folder
renamed, a problem whose line moved, user text GitHub would read as a mention or math. The example handbook in a
real repository, the real command line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git

ROOT = Path(__file__).resolve().parent.parent
MAP = "content/maps/first-invoice.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "The handbook")
    return tmp_path


def _edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def _diff(repo: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "diff", "HEAD~1", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


def test_another_persona_for_a_cjm_changes_no_emotion(repo: Path) -> None:
    _edit(repo, MAP, "persona: maya\n", "persona: daniel\n")
    _commit(repo, "Daniel's journey")
    md = _diff(repo)
    assert "persona: maya → daniel" in md
    assert "emotion at" not in md, md


def test_a_renamed_persona_changes_no_emotion(repo: Path) -> None:
    git(repo, "mv", "content/personas/maya.md", "content/personas/maya-okafor.md")
    for path in sorted((repo / "content" / "maps").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bmaya\b", "maya-okafor", text), encoding="utf-8")
    _commit(repo, "Maya's full name as her id")
    md = _diff(repo)
    assert "(`maya-okafor`) — renamed" in md
    assert "emotion at" not in md, md


def test_a_map_moved_and_edited_is_renamed_with_its_changes(repo: Path) -> None:
    git(repo, "mv", MAP, "content/maps/invoicing.md")
    _edit(repo, "content/maps/invoicing.md", "    emotion: 0\n", "    emotion: -2\n")
    _commit(repo, "Invoicing, and paying hurts")
    md = _diff(repo)
    assert md.splitlines()[0].endswith(": 1 map renamed.")
    assert "renamed from `first-invoice`" in md and ": 0 → -2" in md, md
    assert " added" not in md and "removed" not in md


def test_a_map_that_stops_validating_is_not_removed(repo: Path) -> None:
    _edit(repo, MAP, "title: Sending the first invoice and getting paid", "title: Sending the invoice: getting paid")
    _commit(repo, "A colon in the title")
    md = _diff(repo)
    assert "removed" not in md, md
    assert "— does not validate" in md and "YAML does not parse" in md


def test_the_docs_folder_renamed_changes_nothing(repo: Path) -> None:
    git(repo, "mv", "content", "handbook")
    _edit(repo, "mkdocs.yml", "docs_dir: content", "docs_dir: handbook")
    _commit(repo, "The docs folder is the handbook")
    assert "no changes to personas, touchpoints or maps" in _diff(repo).splitlines()[0]


def test_a_problem_on_a_moved_line_is_said_once(repo: Path) -> None:
    _edit(repo, MAP, "persona: maya\n", "persona: mya\n")
    _commit(repo, "A typo")
    _edit(repo, MAP, "title: Sending", "# reviewed with Billing\ntitle: Sending")
    _commit(repo, "A comment")
    md = _diff(repo)
    assert md.count("persona 'mya' does not exist") == 1, md
    assert "at `HEAD`:" in md and "at `HEAD~1`:" not in md


def test_user_text_mentions_nobody_and_is_no_formula(repo: Path) -> None:
    """A PR comment: @team would notify a team, $5/$10 reads as math, &lt; as an entity."""
    _edit(repo, MAP, "title: Sending the first invoice and getting paid", "title: Ask @billing-team, $5/$10 &lt;b&gt;")
    _commit(repo, "A title a reviewer must read as written")
    md = _diff(repo)
    assert "@&#8203;billing-team" in md and "\\$5/\\$10" in md and "\\&lt;b\\&gt;" in md, md
    assert "@billing-team" not in md
