"""Git history of the docs folder, from one ``git log`` call per build.

:func:`read_history` runs ``git log -p -U0`` once for the whole folder and
parses it into commits, each with the files it touched, how (added, edited,
removed, renamed) and which frontmatter fields its changed lines name. From
that come an entity's "last changed" and recent commits, the handbook's
``changes/`` page, and the version label of PDFs. Outside git, without git,
or in a shallow clone, :attr:`History.available` is False and pages omit it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

_RECORD = "\x1e"
_FIELD = "\x1f"

# Fields a changed line can name, and how the changes page calls them.
FIELD_LABELS = {
    "emotion": "emotion",
    "pain_points": "pain points",
    "opportunities": "opportunities",
    "quotes": "quotes",
    "touchpoints": "touchpoints",
    "name": "names",
    "title": "title",
    "actions": "actions",
    "thoughts": "thoughts",
    "expectations": "expectations",
    "goal": "goals",
    "goals": "goals",
    "moment_of_truth": "moments of truth",
    "metrics": "metrics",
    "evidence": "evidence",
    "reviewed": "review date",
    "persona": "persona",
    "personas": "personas",
    "state": "state",
    "zooms_into": "zooms_into",
    "future_of": "future_of",
    "owner": "owners",
    "backstage": "backstage",
    "support": "support processes",
    "severity": "pain points",
    "impact": "opportunities",
    "effort": "opportunities",
    "channel": "channel",
    "role": "role",
    "needs": "needs",
    "frustrations": "frustrations",
    "behaviors": "behaviours",
    "quote": "quote",
    "segment": "segment",
    "weight": "weight",
    "ownership": "ownership",
}
_KEY = re.compile(r"^[+-]\s*(?:-\s*)?\{?\s*([a-z_]+)\s*:")


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    author: str
    timestamp: int
    subject: str

    @property
    def date(self) -> str:
        return datetime.fromtimestamp(self.timestamp, UTC).date().isoformat()

    @property
    def label(self) -> str:
        """What a PDF footer shows, e.g. ``a1b2c3d, 2026-11-20``."""
        return f"{self.short}, {self.date}"


@dataclass
class FileChange:
    path: str  # docs-relative path after the commit (before it, for a removal)
    status: str  # added | edited | removed | renamed
    old_path: str | None = None
    fields: list[str] = field(default_factory=list)  # labels of the fields its changed lines name

    def describe(self) -> str:
        what = {"added": "added", "removed": "removed", "renamed": f"renamed from {self.old_path}", "edited": "edited"}[
            self.status
        ]
        return what + (f": {', '.join(self.fields)}" if self.fields else "")


@dataclass
class CommitChanges:
    commit: Commit
    files: list[FileChange]


@dataclass
class History:
    available: bool
    reason: str = ""  # why not, for the one info line
    commits: list[CommitChanges] = field(default_factory=list)  # newest first
    by_path: dict[str, list[tuple[Commit, FileChange]]] = field(default_factory=dict)  # newest first

    def last(self, path: str) -> Commit | None:
        entries = self.by_path.get(path)
        return entries[0][0] if entries else None

    def recent(self, path: str, n: int) -> list[tuple[Commit, FileChange]]:
        return self.by_path.get(path, [])[:n]

    def last_commits(self) -> dict[str, Commit]:
        return {path: entries[0][0] for path, entries in self.by_path.items()}


def read_history(folder: Path) -> History:
    """The history of every file under ``folder`` (one ``git log`` call)."""
    if shutil.which("git") is None:
        return History(False, "git is not installed")
    if not folder.is_dir():
        return History(False, f"{folder} is not a folder")
    try:
        proc = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                f"--format={_RECORD}%H{_FIELD}%h{_FIELD}%an{_FIELD}%ct{_FIELD}%d{_FIELD}%s",
                "-p",
                "-U0",
                "-M",
                "--no-color",
                "--no-ext-diff",
                "--relative",
                "--",
                ".",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return History(False, f"git log failed: {exc}")
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["git log failed"])[0]
        return History(False, first)
    history = parse_log(proc.stdout)
    if not history.commits:
        return History(False, "no commits touch the docs folder yet")
    return history


def parse_log(text: str) -> History:
    history = History(True)
    for record in text.split(_RECORD)[1:]:
        head, _, patch = record.partition("\n")
        parts = head.split(_FIELD)
        if len(parts) < 6 or not parts[3].strip().isdigit():
            continue
        sha, short, author, stamp, decoration, subject = parts[:6]
        if "grafted" in decoration:
            return History(False, "the clone is shallow (fetch the full history: actions/checkout with fetch-depth: 0)")
        commit = Commit(sha, short, author, int(stamp), subject)
        files = _parse_patch(patch)
        history.commits.append(CommitChanges(commit, files))
        for change in files:
            history.by_path.setdefault(change.path, []).append((commit, change))
    return history


def _parse_patch(patch: str) -> list[FileChange]:
    files: list[FileChange] = []
    current: FileChange | None = None
    old = new = None
    fields: dict[str, None] = {}

    def close() -> None:
        nonlocal current
        if current is not None:
            current.fields = list(fields)
            files.append(current)
        current = None

    for line in patch.splitlines():
        if line.startswith("diff --git "):
            close()
            fields = {}
            current, old, new = FileChange("", "edited"), None, None
            # for a pure rename (no ---/+++ lines) the paths come from "rename from/to"
            match = re.match(r"diff --git a/(.*) b/(.*)$", line)
            if match:
                current.path = match.group(2)
                old = match.group(1)
            continue
        if current is None:
            continue
        if line.startswith("new file mode"):
            current.status = "added"
        elif line.startswith("deleted file mode"):
            current.status = "removed"
        elif line.startswith("rename from "):
            current.status, current.old_path = "renamed", line[len("rename from ") :]
        elif line.startswith("rename to "):
            current.path = line[len("rename to ") :]
        elif line.startswith("--- "):
            old = None if line[4:] == "/dev/null" else line[6:]
        elif line.startswith("+++ "):
            new = None if line[4:] == "/dev/null" else line[6:]
            if new is not None:
                current.path = new
            elif old is not None:
                current.path = old
        elif line[:1] in ("+", "-") and current.status in ("edited", "renamed"):
            match = _KEY.match(line)
            if match and match.group(1) in FIELD_LABELS:
                fields[FIELD_LABELS[match.group(1)]] = None
    close()
    return files
