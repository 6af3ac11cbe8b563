"""Git: history on pages, the changes page, `journeymaps diff` between revisions, one git call per build, mike."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import GIT_AUTHOR, PERSONA, SITE_CONFIG, git

GIT_ENV = {**GIT_AUTHOR, "SOURCE_DATE_EPOCH": "1795305600"}

CEM = """
---
type: cem
title: Lifecycle
personas: [maya, raj]
stages:
  - {name: Join, emotion: {maya: 1, raj: 0}}
  - {name: Use, emotion: {maya: 0, raj: -1}}
---
"""
OPENING = """
---
type: cjm
title: Opening
persona: maya
evidence: [{type: interviews, note: Eight}]
stages:
  - {name: Sign up, emotion: 1}
  - name: Verify
    emotion: -1
    pain_points: [Call drops, No status]
---
"""


def put(repo: Path, rel: str, text: str) -> None:
    path = repo / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> dict[str, str]:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.lstrip(), encoding="utf-8")
    put(tmp_path, "personas/maya.md", PERSONA)
    put(tmp_path, "personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    put(tmp_path, "maps/lifecycle.md", CEM)
    put(tmp_path, "maps/opening.md", OPENING)
    shas = {"c1": commit(tmp_path, "First maps", "2026-11-01T10:00:00Z")}
    put(tmp_path, "maps/opening.md", OPENING.replace("    emotion: -1\n", "    emotion: 1\n") + "")
    text = (tmp_path / "content/maps/opening.md").read_text()
    (tmp_path / "content/maps/opening.md").write_text(
        text.replace("---\n", "  - {name: Confirm, emotion: 2}\n---\n", 2).replace(
            "  - {name: Confirm, emotion: 2}\n---\n", "---\n", 1
        )
    )
    shas["c2"] = commit(tmp_path, "Opening: confirm stage, verify is fine now", "2026-11-05T10:00:00Z")
    text = (tmp_path / "content/maps/opening.md").read_text()
    (tmp_path / "content/maps/opening.md").write_text(text.replace("[Call drops, No status]", "[No status]"))
    git(tmp_path, "mv", "content/personas/raj.md", "content/personas/rajesh.md")
    put(tmp_path, "maps/lifecycle.md", CEM.replace("[maya, raj]", "[maya, rajesh]").replace("raj:", "rajesh:"))
    shas["c3"] = commit(tmp_path, "Call drops fixed; Raj is rajesh", "2026-11-10T10:00:00Z")
    put(
        tmp_path,
        "maps/broken.md",
        "---\ntype: cjm\ntitle: Broken\npersona: maya\nstages:\n  - {name: A, emotion: 5}\n---\n",
    )
    shas["c4"] = commit(tmp_path, "Work in progress", "2026-11-12T10:00:00Z")
    shas["root"] = str(tmp_path)
    return shas


def run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV, **(env or {})}
    )


def test_diff_names_exactly_the_changes(repo: dict[str, str]) -> None:
    root = Path(repo["root"])
    assert (root / "content/maps/opening.md").read_text().count("Confirm") == 1
    proc = run(root, "-m", "journeymaps.cli", "diff", repo["c1"], "HEAD")
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert md.splitlines()[0] == (
        f"**journeymaps diff** `{repo['c1']}` → `HEAD`: 2 maps changed; 1 persona renamed; 1 problem in the sources."
    )
    opening = md.split("### Map (CJM): Opening (`opening`) — changed")[1].split("###")[0]
    assert [line for line in opening.splitlines() if line.startswith("- ")] == [
        "- stage added: **Confirm** (position 3)",
        "- emotion at *Verify*: -1 → +1",
        "- pain point removed at *Verify*: “Call drops”",
    ]
    assert (
        "### Persona: Raj Patel (`rajesh`) — renamed\n\n- renamed from `raj` (`personas/raj.md` → `personas/rajesh.md`)"
        in md
    )
    assert "- personas: maya, raj → maya, rajesh" in md
    assert "- at `HEAD`: `content/maps/broken.md:6: stages[0].emotion: 5 is outside -2..2`" in md

    data = json.loads(run(root, "-m", "journeymaps.cli", "diff", repo["c1"], "HEAD", "--format", "json").stdout)
    by_id = {e["id"]: e for e in data["entities"]}
    assert set(by_id) == {"opening", "lifecycle", "rajesh"}
    assert [c["kind"] for c in by_id["opening"]["changes"]] == ["stage-added", "emotion", "pain-point-removed"]
    assert by_id["opening"]["changes"][1]["before"] == -1 and by_id["opening"]["changes"][1]["after"] == 1
    assert by_id["rajesh"]["status"] == "renamed" and by_id["rajesh"]["old_id"] == "raj"
    assert len(data["invalid"]) == 1 and data["invalid"][0]["revision"] == "HEAD"

    # the working tree is the default HEAD; an unknown revision is one line, not a traceback
    (root / "content/maps/opening.md").write_text(
        (root / "content/maps/opening.md").read_text().replace("title: Opening", "title: Opening an account")
    )
    work = run(root, "-m", "journeymaps.cli", "diff", "HEAD")
    assert "- title: Opening → Opening an account" in work.stdout
    bad = run(root, "-m", "journeymaps.cli", "diff", "no-such-branch")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "journeymaps diff: unknown revision 'no-such-branch' (a branch, tag or commit of this repository)"
    ]


def test_diff_of_a_commit_lists_a_file_that_is_not_utf8(repo: dict[str, str]) -> None:
    """A page saved in another encoding is a problem of the sources at a commit, as in the working tree."""
    root = Path(repo["root"])
    (root / "content/maps/latin.md").write_bytes(
        b"---\ntype: cjm\ntitle: Caf\xe9\npersona: maya\nstages: [{name: A}]\n---\n"
    )
    sha = commit(root, "A page in Latin-1", "2026-11-13T10:00:00Z")
    said = "content/maps/latin.md:3: the file is not UTF-8 text (byte 0xe9)"
    for args in ((repo["c4"], sha), (repo["c4"],)):  # the commit, and the working tree
        md = run(root, "-m", "journeymaps.cli", "diff", *args).stdout
        assert said in md, md


def test_pages_show_history_with_one_git_call(repo: dict[str, str], tmp_path: Path) -> None:
    root = Path(repo["root"])
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    calls = tmp_path / "git-calls.txt"
    (bin_dir / "git").write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec {shutil.which("git")} "$@"\n')
    (bin_dir / "git").chmod(0o755)
    proc = run(root, "-m", "mkdocs", "build", env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stderr
    said = (
        calls.read_text().rstrip("\n").split("\n")
    )  # one `git log` for the whole build, after asking if the clone is shallow
    assert len(said) == 2 and said[0].startswith("rev-parse --is-shallow-repository") and " log " in said[1], said

    def page(rel: str) -> BeautifulSoup:
        return BeautifulSoup((root / "site" / rel).read_text(encoding="utf-8"), "html.parser")

    last = page("maps/opening/index.html").select_one(".jm-last-changed").get_text(" ", strip=True)
    assert last == f"Last changed 2026-11-10 by Ana Research, {repo['c3']}"
    items = [li.get_text(" ", strip=True) for li in page("maps/opening/index.html").select(".jm-history-list li")]
    assert [i.split()[1] for i in items] == [repo["c3"], repo["c2"], repo["c1"]]
    assert "edited: pain points" in items[0] and "edited: emotion, names" in items[1] and "added" in items[2]
    assert (
        page("personas/maya/index.html").select_one(".jm-last-changed").get_text(" ", strip=True).endswith(repo["c1"])
    )
    changes = page("changes/index.html")
    commits = changes.select("li.jm-commit")
    assert [c.select_one("strong").get_text() for c in commits] == [
        "Work in progress",
        "Call drops fixed; Raj is rajesh",
        "Opening: confirm stage, verify is fine now",
        "First maps",
    ]
    touched = [li.get_text(" ", strip=True) for li in commits[1].select("li.jm-change")]
    assert "CJM Opening : edited: pain points" in touched
    assert "Persona Raj Patel : renamed from personas/raj.md" in touched


def test_build_outside_git(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.lstrip(), encoding="utf-8")
    put(tmp_path, "personas/maya.md", PERSONA)
    proc = run(tmp_path, "-m", "mkdocs", "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "journeymaps: no git history on pages" in proc.stderr
    html = (tmp_path / "site/personas/maya/index.html").read_text(encoding="utf-8")
    assert "jm-history" not in html


def test_mike_deploys_two_versions(repo: dict[str, str]) -> None:
    root = Path(repo["root"])
    (root / "mkdocs.yml").write_text(
        SITE_CONFIG.lstrip() + "extra:\n  version:\n    provider: mike\n", encoding="utf-8"
    )
    (root / "content/maps/broken.md").unlink()
    commit(root, "Release", "2026-11-15T10:00:00Z")
    for version in ("1.0", "2.0"):
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "mike"), "deploy", "--update-aliases", version, "latest"],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, **GIT_ENV, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
        )
        assert proc.returncode == 0, proc.stderr
    files = set(git(root, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {"1.0/maps/opening/index.html", "2.0/maps/opening/index.html", "versions.json"} <= files
    versions = json.loads(git(root, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2.0", ["latest"]), ("1.0", [])]


def test_changes_page_links_a_renamed_file_before_its_rename(repo: dict[str, str]) -> None:
    """The commits before a `git mv` name the file by its old path: the changes page links its page of today, as
    it links the others (`git log --follow`), and its own history lists them."""
    root = Path(repo["root"])
    git(root, "mv", "content/maps/opening.md", "content/maps/opening-an-account.md")
    commit(root, "Opening is opening-an-account", "2026-11-14T10:00:00Z")
    proc = run(root, "-m", "mkdocs", "build")
    assert proc.returncode == 0, proc.stderr
    changes = BeautifulSoup((root / "site/changes/index.html").read_text(encoding="utf-8"), "html.parser")
    commits = {c.select_one("strong").get_text(): c for c in changes.select("li.jm-commit")}
    links = {
        subject: [(a.get_text(), a["href"]) for li in c.select("li.jm-change") for a in li.select("a")]
        for subject, c in commits.items()
    }
    assert links["Opening is opening-an-account"] == [("Opening", "../maps/opening-an-account/")]
    assert ("Raj Patel", "../personas/rajesh/") in links["First maps"]  # added as personas/raj.md
    assert ("Opening", "../maps/opening-an-account/") in links["First maps"]
    assert links["Opening: confirm stage, verify is fine now"] == [("Opening", "../maps/opening-an-account/")]
    first = [li.get_text(" ", strip=True) for li in commits["First maps"].select("li.jm-change")]
    assert not [text for text in first if ".md" in text], first  # no file shown as a bare path
    page = BeautifulSoup((root / "site/maps/opening-an-account/index.html").read_text(encoding="utf-8"), "html.parser")
    items = [li.get_text(" ", strip=True) for li in page.select(".jm-history-list li")]
    assert len(items) == 4 and "renamed from maps/opening.md" in items[0] and "added" in items[-1], items
