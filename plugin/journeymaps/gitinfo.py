"""Git facts about the sources: the last commit that changed each file.

One ``git log`` call for the whole docs folder (never one per file). Outside a
git work tree, or without git, every answer is empty and nothing fails: a
handbook builds from a plain folder too.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Commit:
    short: str
    timestamp: int  # committer time, seconds since the epoch

    @property
    def date(self) -> str:
        return datetime.fromtimestamp(self.timestamp, timezone.utc).date().isoformat()

    @property
    def label(self) -> str:
        """What a page footer shows, e.g. ``a1b2c3d, 2026-11-20``."""
        return f"{self.short}, {self.date}"


def last_commits(folder: Path) -> dict[str, Commit]:
    """The last commit of every tracked file under ``folder``, by path relative to it (``maps/x.md``)."""
    if shutil.which("git") is None or not folder.is_dir():
        return {}
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", f"--format={_RECORD}%h{_FIELD}%ct", "--name-only", "--relative", "--no-renames", "--", "."],
            cwd=folder, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode != 0:
        return {}
    out: dict[str, Commit] = {}
    for record in proc.stdout.split(_RECORD):
        head, _, names = record.partition("\n")
        short, _, stamp = head.partition(_FIELD)
        if not short or not stamp.strip().isdigit():
            continue
        commit = Commit(short, int(stamp))
        for name in names.splitlines():
            name = name.strip()
            if name and name not in out:  # newest first: the first time a file shows up is its last change
                out[name] = commit
    return out
