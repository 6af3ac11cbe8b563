"""The history on pages as a team's repository makes it, from an outside test of the review workflow: branch names,
shallow CI clones, a merge's own resolution, a file moved with `git mv`, an item added to a list, the user's own
git settings. Real repositories, read with the one `git log` the build makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git
from journeymaps.history.log import SHALLOW, read_history
from test_collisions_git import commit, put

MAP = """---
type: cjm
title: Invoicing
persona: maya
stages:
  - name: Create
    emotion: 0
    pain_points:
      - {title: Fee shown late, severity: 4}
  - name: Pay
    emotion: 1
---
"""


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    put(repo, "maps/invoicing.md", MAP)
    commit(repo, "Add the invoicing map", "2026-10-01T10:00:00Z")
    return repo


def _changes(repo: Path, path: str) -> list[tuple[str, str]]:
    history = read_history(repo / "content")
    assert history.available, history.reason
    return [(c.subject, change.describe()) for c, change in history.recent(path, 10)]


def test_a_branch_named_grafted_keeps_the_history(tmp_path: Path) -> None:
    """git's shallow marker, "grafted", is also a word a branch or a tag may hold."""
    repo = _repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature/grafted-onboarding")
    git(repo, "tag", "ungrafted")
    assert _changes(repo, "maps/invoicing.md") == [("Add the invoicing map", "added")]


def test_a_shallow_clone_says_so(tmp_path: Path) -> None:
    """CI's checkout is shallow by default: the reason names the fix (fetch-depth: 0), at any depth."""
    repo = _repo(tmp_path)
    put(repo, "maps/invoicing.md", MAP.replace("emotion: 0", "emotion: -1"))
    commit(repo, "Create hurts", "2026-10-02T10:00:00Z")
    for depth in ("1", "2"):
        clone = tmp_path / f"clone-{depth}"
        git(tmp_path, "clone", "-q", "--depth", depth, f"file://{repo}", str(clone))
        history = read_history(clone / "content")
        assert not history.available and history.reason == SHALLOW


def test_a_shallow_fetch_of_another_branch_keeps_the_history(tmp_path: Path) -> None:
    """CI's publish step fetches gh-pages with --depth=1: the clone is shallow, the docs folder's history is whole."""
    repo = _repo(tmp_path)
    git(repo, "checkout", "-q", "--orphan", "gh-pages")
    put(repo, "index.html", "<p>published</p>")
    commit(repo, "Deploy", "2026-10-02T10:00:00Z")
    git(repo, "checkout", "-q", "main")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--single-branch", "--branch", "main", f"file://{repo}", str(clone))
    git(clone, "fetch", "-q", "origin", "gh-pages", "--depth=1")
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    assert _changes(clone, "maps/invoicing.md") == [("Add the invoicing map", "added")]


def test_an_item_added_to_a_list_names_the_list(tmp_path: Path) -> None:
    """`- {title: ..., severity: 2}` is a pain point, not the map's title; a block item's keys say it too."""
    repo = _repo(tmp_path)
    pain = "      - {title: Fee shown late, severity: 4}\n"
    put(repo, "maps/invoicing.md", MAP.replace(pain, pain + "      - {title: No way to pause, severity: 2}\n"))
    commit(repo, "Add a pain point", "2026-10-02T10:00:00Z")
    block = "    opportunities:\n      - title: Show the fee first\n        impact: 4\n"
    put(repo, "maps/invoicing.md", MAP.replace("  - name: Pay\n", "  - name: Pay\n" + block))
    commit(repo, "An opportunity, and the pain point gone", "2026-10-03T10:00:00Z")
    put(repo, "maps/invoicing.md", MAP.replace("title: Invoicing", "title: Invoicing and payment"))
    commit(repo, "Retitle", "2026-10-04T10:00:00Z")
    assert _changes(repo, "maps/invoicing.md") == [
        ("Retitle", "edited: title, opportunities"),
        ("An opportunity, and the pain point gone", "edited: pain points, opportunities"),
        ("Add a pain point", "edited: pain points"),
        ("Add the invoicing map", "added"),
    ]


def _two_branches(repo: Path, side: tuple[str, str, str]) -> None:
    """Branch `side` with one commit (path, text, subject), then main's own: Pay is great."""
    git(repo, "checkout", "-q", "-b", "side")
    put(repo, side[0], side[1])
    commit(repo, side[2], "2026-10-02T10:00:00Z")
    git(repo, "checkout", "-q", "main")
    put(repo, "maps/invoicing.md", MAP.replace("emotion: 1", "emotion: 2"))
    commit(repo, "Pay is great", "2026-10-03T10:00:00Z")


def test_a_merge_that_resolved_a_conflict_is_the_last_change(tmp_path: Path) -> None:
    """The content of today came from the merge (neither side had it): the merge is in the map's history."""
    repo = _repo(tmp_path)
    _two_branches(repo, ("maps/invoicing.md", MAP.replace("emotion: 1", "emotion: -1"), "Pay is worse"))
    with pytest.raises(AssertionError, match=r"^git merge"):  # the conflict
        git(repo, "merge", "-q", "side")
    put(repo, "maps/invoicing.md", MAP)  # resolved to neither side: emotion 1
    commit(repo, "Merge side: Pay is fine", "2026-10-04T10:00:00Z")
    changes = _changes(repo, "maps/invoicing.md")
    assert changes[0] == ("Merge side: Pay is fine", "edited: emotion")
    assert {"Pay is worse", "Pay is great", "Add the invoicing map"} <= {subject for subject, _ in changes}


def test_a_clean_merge_adds_nothing_to_a_file(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _two_branches(repo, ("maps/other.md", MAP.replace("Invoicing", "Other"), "Another map"))
    git(repo, "merge", "-q", "--no-edit", "side", when="2026-10-04T10:00:00Z")
    assert [s for s, _ in _changes(repo, "maps/invoicing.md")] == ["Pay is great", "Add the invoicing map"]
    assert [s for s, _ in _changes(repo, "maps/other.md")] == ["Another map"]


def test_the_history_goes_on_past_a_move(tmp_path: Path) -> None:
    """`git mv` into a folder: the map's box lists the edits made before the move (git log --follow's)."""
    repo = _repo(tmp_path)
    put(repo, "maps/invoicing.md", MAP.replace("emotion: 1", "emotion: 2"))
    commit(repo, "Pay is great", "2026-10-02T10:00:00Z")
    (repo / "content" / "maps" / "billing").mkdir()
    git(repo, "mv", "content/maps/invoicing.md", "content/maps/billing/invoicing.md")
    commit(repo, "Move into billing", "2026-10-03T10:00:00Z")
    put(repo, "maps/invoicing.md", MAP.replace("Invoicing", "A new map at the old path"))
    commit(repo, "A new map where the old one was", "2026-10-04T10:00:00Z")
    assert _changes(repo, "maps/billing/invoicing.md") == [
        ("Move into billing", "renamed from maps/invoicing.md"),
        ("Pay is great", "edited: emotion"),
        ("Add the invoicing map", "added"),
    ]
    assert _changes(repo, "maps/invoicing.md") == [("A new map where the old one was", "added")]


def test_the_users_diff_settings_change_nothing(tmp_path: Path) -> None:
    """diff.noprefix, diff.mnemonicPrefix: the pages are the same on every machine."""
    repo = _repo(tmp_path)
    put(repo, "maps/invoicing.md", MAP.replace("emotion: 1", "emotion: 2"))
    commit(repo, "Pay is great", "2026-10-02T10:00:00Z")
    before = _changes(repo, "maps/invoicing.md")
    assert before[0] == ("Pay is great", "edited: emotion")
    for setting in ("diff.noprefix", "diff.mnemonicPrefix"):
        git(repo, "config", setting, "true")
        assert _changes(repo, "maps/invoicing.md") == before
