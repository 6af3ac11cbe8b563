"""Git history is read where git puts each part: a changed line or a commit message that looks like a diff header
is never taken for one, and every file name (spaces, `#`, quotes, non-ASCII) is attributed exactly. Real repos."""

from __future__ import annotations

from pathlib import Path

from conftest import git
from journeymaps.history.log import read_history


def put(repo: Path, rel: str, text: str) -> None:
    path = repo / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


MAP = "---\ntype: cjm\ntitle: {title}\npersona: maya\nstages:\n  - {{name: Join, emotion: 1}}\n---\n"
NAMES = ["maps/a.md", "maps/b.md", "maps/c d#é.md", 'maps/q"uote.md', "maps/tab\there.md"]


def test_lines_that_look_like_headers_are_content(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    for name in NAMES:
        put(tmp_path, name, MAP.format(title=name))
    first = commit(tmp_path, "Add maps", "2026-10-01T10:00:00Z")
    # only maps/a.md changes, but its new lines read like git's own headers, and so does the message body
    put(
        tmp_path,
        "maps/a.md",
        MAP.format(title="A2")
        + "++ b/maps/b.md\n-- a/maps/b.md\ndiff --git a/maps/b.md b/maps/b.md\n@@ -1 +1 @@\n"
        + "+emotion: 2\nline with a lone \r carriage return\nand a \u2028 line separator and \x1e\x1f in a line\n",
    )
    body = "diff --git a/maps/b.md b/maps/b.md\n+++ b/maps/b.md\n@@ -1 +1 @@\n+emotion: 1"
    second = commit(tmp_path, f"Edit a\n\n{body}", "2026-10-02T10:00:00Z")
    # a removed line that reads like a header, in a file whose name git quotes
    put(tmp_path, 'maps/q"uote.md', MAP.format(title="Q2").replace("emotion: 1", "emotion: -1"))
    third = commit(tmp_path, "Edit q", "2026-10-03T10:00:00Z")
    git(tmp_path, "mv", "content/maps/c d#é.md", "content/maps/e f#ü.md")
    fourth = commit(tmp_path, "+++ b/maps/b.md", "2026-10-04T10:00:00Z")

    history = read_history(tmp_path / "content")
    assert history.available, history.reason
    # each file as the commit named it (`then`, when renamed since: `path` is its path of today, as --follow)
    changes = {c.commit.sha: [(f.then or f.path, f.status, f.old_path) for f in c.files] for c in history.commits}
    assert changes == {
        fourth: [("maps/e f#ü.md", "renamed", "maps/c d#é.md")],
        third: [('maps/q"uote.md', "edited", None)],
        second: [("maps/a.md", "edited", None)],
        first: [(name, "added", None) for name in sorted(NAMES)],
    }
    assert [c.sha for c, _ in history.by_path["maps/b.md"]] == [first]  # never the commits that only mention it
    assert [(f.path, f.then) for f in history.commits[-1].files if f.then] == [("maps/e f#ü.md", "maps/c d#é.md")]
    fields = {c.commit.sha: [f.fields for f in c.files] for c in history.commits}
    assert fields[second] == [["title"]]  # `+emotion: 2` inside the content is a changed line of a.md, not a hunk
    # read through the quoted `diff --git "a/maps/q\"uote.md" ...`; the keys of a flow mapping each count
    assert fields[third] == [["title", "names", "emotion"]]
    assert [c.commit.subject for c in history.commits] == ["+++ b/maps/b.md", "Edit q", "Edit a", "Add maps"]
