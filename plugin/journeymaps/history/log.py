"""Git history of the docs folder, from one ``git log`` call per build.

:func:`read_history` runs ``git log -z --raw -p -U0`` once for the whole folder
and parses it into commits, each with the files it touched, how (added, edited,
removed, renamed) and which frontmatter fields its changed lines name.

The output is read where git puts each part, never by what a line looks like:
a record separator and NUL-terminated header fields open a commit, its files
and how they changed come from the ``--raw`` entries (NUL-terminated paths, so
any file name is exact), and a hunk is read for exactly the number of lines its
``@@`` header counts. A changed line that reads ``+++ b/maps/other.md`` or
``diff --git ...``, or a file name with a newline, is content, never a header. From
that come an entity's "last changed" and recent commits, the handbook's
``changes/`` page, and the version label of PDFs. Outside git, without git,
or in a shallow clone, :attr:`History.available` is False and pages omit it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from journeymaps.analysis.facts import utc_time
from journeymaps.i18n import N_, _

_RECORD = "\x1e"
_FIELD = "\x1f"

# Fields a changed line can name, and how the changes page calls them (English; said with ``_()``).
FIELD_LABELS = {
    "emotion": N_("emotion"),
    "pain_points": N_("pain points"),
    "opportunities": N_("opportunities"),
    "quotes": N_("quotes"),
    "touchpoints": N_("touchpoints"),
    "name": N_("names"),
    "title": N_("title"),
    "actions": N_("actions"),
    "thoughts": N_("thoughts"),
    "expectations": N_("expectations"),
    "goal": N_("goals"),
    "goals": N_("goals"),
    "moment_of_truth": N_("moments of truth"),
    "metrics": N_("metrics"),
    "evidence": N_("evidence"),
    "reviewed": N_("review date"),
    "persona": N_("persona"),
    "personas": N_("personas"),
    "state": N_("state"),
    "zooms_into": N_("zooms_into"),
    "future_of": N_("future_of"),
    "owner": N_("owners"),
    "backstage": N_("backstage"),
    "support": N_("support processes"),
    "severity": N_("pain points"),
    "impact": N_("opportunities"),
    "effort": N_("opportunities"),
    "channel": N_("channel"),
    "role": N_("role"),
    "needs": N_("needs"),
    "frustrations": N_("frustrations"),
    "behaviors": N_("behaviours"),
    "quote": N_("quote"),
    "segment": N_("segment"),
    "weight": N_("weight"),
    "ownership": N_("ownership"),
}
_KEY = re.compile(r"^(\s*)(-\s*)?\{?\s*([a-z_]+)\s*:")
_FLOW_KEY = re.compile(r"[{,]\s*([a-z_]+)\s*:")
SHALLOW = "the clone is shallow (fetch the full history: actions/checkout with fetch-depth: 0)"


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    author: str
    timestamp: int
    subject: str

    @property
    def date(self) -> str:
        return utc_time(self.timestamp).date().isoformat()

    @property
    def label(self) -> str:
        """What a PDF footer shows, e.g. ``a1b2c3d, 2026-11-20``."""
        return f"{self.short}, {self.date}"


@dataclass
class FileChange:
    path: str  # docs-relative path today: after the commit (before it, for a removal), or after a later rename
    status: str  # added | edited | removed | renamed
    old_path: str | None = None
    fields: list[str] = field(default_factory=list)  # labels of the fields its changed lines name
    then: str | None = None  # the path in the commit, when the file was renamed since (as `git log --follow`)

    def describe(self) -> str:
        """How the file changed, in the active language (``edited: emotion, pain points``)."""
        if self.status == "renamed":
            what = _("renamed from %(path)s", path=self.old_path)
        else:
            what = {"added": _("added"), "removed": _("removed")}.get(self.status) or _("edited")
        return what + (f": {', '.join(_(f) for f in self.fields)}" if self.fields else "")


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


def head_of(folder: Path) -> str:
    """The commit checked out in ``folder``'s repository ("" outside one): serve reads the history again when a
    commit is made."""
    return _git_says(folder, "rev-parse", "HEAD")


def _git_says(folder: Path, *args: str) -> str:
    """What ``git *args`` prints in ``folder``, stripped; "" when git cannot say (no git, not a repository)."""
    try:
        proc = subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.decode("utf-8", "replace").strip() if proc.returncode == 0 else ""


def _grafts(git_dir: Path) -> set[str] | None:
    """The commits a shallow clone stops at (its ``shallow`` file): one of the docs folder's commits among them
    means its history is cut. A shallow fetch of another branch (CI's ``git fetch origin gh-pages --depth=1``)
    makes the clone shallow too, without cutting the folder's history."""
    try:
        return set((git_dir / "shallow").read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return None  # shallow, and git does not say where: as cut


def read_history(folder: Path) -> History:
    """The history of every file under ``folder`` (one ``git log`` call)."""
    if shutil.which("git") is None:
        return History(False, "git is not installed")
    if not folder.is_dir():
        return History(False, f"{folder} is not a folder")
    said = _git_says(folder, "rev-parse", "--is-shallow-repository", "--git-common-dir", "--show-prefix")
    shallow, common, prefix = ([*said.split("\n"), "", ""])[:3]
    cut = _grafts(folder / common) if shallow == "true" else set()  # where a shallow clone's history stops
    try:
        proc = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "-z",
                f"--format={_RECORD}%H{_FIELD}%h{_FIELD}%an{_FIELD}%ct{_FIELD}%s",
                "--raw",
                "-p",
                "--cc",  # a merge: what it changed beyond its parents (a conflict's resolution)
                "-U0",
                "-M",
                "--src-prefix=a/",  # whatever the user's diff.noprefix or diff.mnemonicPrefix say
                "--dst-prefix=b/",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--relative",
                "--",
                ".",
            ],
            cwd=folder,
            capture_output=True,  # bytes: text mode would turn a lone CR inside a changed line into a line break
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return History(False, f"git log failed: {exc}")
    if proc.returncode != 0:
        first = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["git log failed"])[0]
        return History(False, first)
    history = parse_log(proc.stdout.decode("utf-8", "replace"), prefix.strip())
    if cut is None or any(c.commit.sha in cut for c in history.commits):  # the history goes past the clone's end
        return History(False, SHALLOW)
    if not history.commits:
        return History(False, "no commits touch the docs folder yet")
    return history


_STATUS = {"A": "added", "C": "added", "D": "removed", "R": "renamed"}  # M, T (type change): edited
_HUNK = re.compile(r"(@@+) ((?:-\d+(?:,\d+)? )+)\+\d+(?:,(\d+))? @@+")
_COUNT = re.compile(r"-\d+(?:,(\d+))?")


class _Reader:
    """``git log -z --raw -p`` output, read front to back."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def until(self, end: str) -> str:
        """The text up to the next ``end`` (or the end), which is consumed."""
        stop = self.text.find(end, self.pos)
        if stop < 0:
            stop = len(self.text)
        out, self.pos = self.text[self.pos : stop], stop + len(end)
        return out

    def skip(self, chars: str) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in chars:
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]


def parse_log(text: str, prefix: str = "") -> History:
    """The commits of ``git log -z --format=<RS>%H<US>%h<US>%an<US>%ct<US>%s --raw -p --cc -U0 --relative`` output.
    A file's history goes on past a rename, as ``git log --follow``: the commits before it name the file by its path
    of today (``then``: the path the commit gave it). ``prefix``: the folder's path in the repository
    (``content/``), which a merge's entries name (--relative skips them)."""
    history = History(True)
    reader = _Reader(text)
    reader.until(_RECORD)  # nothing comes before the first record
    later: dict[str, str] = {}  # a path that was renamed -> the path it has now (commits are read newest first)
    while not reader.at_end():
        parts = reader.until("\0").split(_FIELD, 4)
        if len(parts) < 5 or not parts[3].strip().isdigit():
            reader.until(_RECORD)
            continue
        sha, short, author, stamp, subject = parts
        commit = Commit(sha, short, author, int(stamp), subject)
        files = _raw_entries(reader, prefix)
        _patch_fields(reader, files, prefix)  # up to the next record's separator
        reader.skip(_RECORD)
        history.commits.append(CommitChanges(commit, files))
        for change in files:
            now = later.get(change.path, change.path)
            if change.status == "renamed" and change.old_path is not None:
                later[change.old_path] = now
            elif change.status == "added":
                later.pop(change.path, None)  # older commits of this path were another file's
            if now != change.path:  # the changes page links the file's page of today
                change.then, change.path = change.path, now
            history.by_path.setdefault(now, []).append((commit, change))
    return history


def _raw_entries(reader: _Reader, prefix: str = "") -> list[FileChange]:
    """The ``--raw`` entries: ``:<modes> <shas> <status>\\0<path>\\0`` (a second path for a rename or copy)."""
    files: list[FileChange] = []
    reader.skip("\0\n")
    while reader.peek() == ":":
        entry = reader.until("\0")
        letters = entry.rsplit(" ", 1)[-1]
        status = letters[:1]
        first = reader.until("\0")
        if entry.startswith("::"):  # a merge's file (--cc): one path, from the top; added when new to every parent
            path = first[len(prefix) :] if first.startswith(prefix) else first
            files.append(FileChange(path, "added" if set(letters) == {"A"} else "edited"))
        elif status in ("R", "C"):
            second = reader.until("\0")
            files.append(FileChange(second, _STATUS[status], old_path=first if status == "R" else None))
        else:
            files.append(FileChange(first, _STATUS.get(status, "edited")))
        reader.skip("\n")
    reader.skip("\0\n")
    return files


def _headers(change: FileChange, prefix: str) -> list[str]:
    """How ``diff --git`` (``diff --cc``, a merge's, from the top) names a file's diff (a path with a quote,
    backslash or control character is C-quoted)."""
    return [
        f"diff --git {_quoted('a/' + (change.old_path or change.path))} {_quoted('b/' + change.path)}",
        f"diff --cc {_quoted(prefix + change.path)}",
    ]


def _quoted(path: str) -> str:
    if not any(c in '"\\' or ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return path
    escapes = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    return (
        '"' + "".join(escapes.get(c, f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in path) + '"'
    )


def _patch_fields(reader: _Reader, files: list[FileChange], prefix: str = "") -> None:
    """Read one commit's patch up to the next record: the fields its changed lines name, per file. A hunk is read
    for the number of lines its header counts, so no changed line is ever taken for a header."""
    headers = {header: change for change in files for header in _headers(change, prefix)}
    current: FileChange | None = None
    fields: dict[str, None] = {}
    while not reader.at_end() and reader.peek() != _RECORD:
        line = reader.until("\n")
        if line.startswith(("diff --git ", "diff --cc ")):
            if current is not None:
                current.fields = list(fields)
            current, fields = headers.get(line), {}
            continue
        hunk = _HUNK.match(line)
        if hunk is None:
            continue  # an extended header line (index, mode, rename, similarity, ---/+++, binary)
        # one count per parent (one, or a merge's), then the result's; a line has one sign column per parent
        parents = [int(n) if n else 1 for n in _COUNT.findall(hunk.group(2))]
        result = 1 if hunk.group(3) is None else int(hunk.group(3))
        width = len(hunk.group(1)) - 1
        while (result or any(parents)) and not reader.at_end():
            line = reader.until("\n")
            signs = line[:width]
            if len(signs) < width or any(c not in " +-" for c in signs):
                continue  # "\\ No newline at end of file"
            if "-" not in signs:
                result = max(result - 1, 0)
            parents = [max(n - 1, 0) if c != "+" else n for n, c in zip(parents, signs)]
            if signs.strip() and current is not None and current.status in ("edited", "renamed"):
                fields.update(dict.fromkeys(_fields_of(line[width:])))
    if current is not None:
        current.fields = list(fields)


def _fields_of(text: str) -> list[str]:
    """The fields a changed line names: its key, and the keys of a flow mapping (``- {title: ..., severity: 4}``).
    A list item's title says nothing of its list (a pain point's, an opportunity's): the item's other keys do."""
    match = _KEY.match(text)
    if match is None:
        return []
    indent, item, key = match.groups()
    keys = [key, *_FLOW_KEY.findall(text)] if "{" in text else [key]
    nested = bool(indent or item)
    return [FIELD_LABELS[k] for k in dict.fromkeys(keys) if k in FIELD_LABELS and not (nested and k == "title")]
