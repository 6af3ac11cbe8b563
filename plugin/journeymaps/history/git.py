"""Git revisions of the docs folder, for ``journeymaps diff``: the Markdown files
of a folder as they were at a revision, read with two git calls (``ls-tree``,
then one ``cat-file --batch`` for all the files). The history shown on pages
comes from :mod:`journeymaps.history.log`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from journeymaps.settings import Settings
from journeymaps.sources.files import RawPage, text_pages


class GitError(Exception):
    """A git command failed: the message is git's first line of complaint."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=300,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"git could not run: {exc}") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {' '.join(args)} failed")
    return proc.stdout


def repo_root(folder: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())


def files_at(revision: str, folder: Path, root: Path | None = None) -> dict[str, bytes]:
    """``{path relative to folder: bytes}`` of every ``.md`` file under ``folder`` at ``revision`` (decoded as a
    file on disk is: one that is not UTF-8 is a problem of the sources, not text with replacement characters).
    ``root``: the repository's top folder (else ``folder``'s, which must exist)."""
    root = root or repo_root(folder)
    prefix = folder.resolve().relative_to(root.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    except GitError:
        raise GitError(f"unknown revision '{revision}' (a branch, tag or commit of this repository)") from None
    listing = _git(["ls-tree", "-r", "-z", "--name-only", revision, "--", prefix or "."], root).decode(
        "utf-8", "replace"
    )
    paths = [p for p in listing.split("\0") if p.endswith(".md")]
    if not paths:
        return {}
    request = "".join(f"{revision}:{p}\n" for p in paths).encode("utf-8")
    out = _git(["cat-file", "--batch"], root, request)
    files: dict[str, bytes] = {}
    pos = 0
    for path in paths:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) < 3 or header[1] != b"blob":
            pos = header_end + 1
            continue
        size = int(header[2])
        body = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        files[path[len(prefix) :]] = body
    return files


_DOCS_DIR = re.compile(r"""^docs_dir:[ \t]*(["']?)([^"'#\n]+?)\1[ \t]*(?:#.*)?$""", re.M)


def revision_pages(settings: Settings, revision: str, config: Path | None = None) -> list[RawPage]:
    """The docs folder's pages as they were at a git revision (raises :class:`GitError`): the folder the site's
    ``config`` (mkdocs.yml) named then, when it named another (a docs folder renamed since)."""
    known = config is not None and config.is_file()
    folder, root = settings.docs_dir, repo_root(config.parent if config is not None and known else settings.docs_dir)
    if config is not None and known:
        try:
            where = config.resolve().relative_to(root.resolve()).as_posix()
            then = _DOCS_DIR.search(_git(["show", f"{revision}:{where}"], root).decode("utf-8", "replace"))
        except (GitError, ValueError):
            then = None
        if then is not None:
            folder = config.parent / then.group(2).strip()
    return list(text_pages(settings, files_at(revision, folder, root)))
