"""Where pages come from: the docs folder on disk, or text in memory (a git revision: :mod:`journeymaps.history.git`).

Each source yields :class:`RawPage` (a page's place and its text, not yet
parsed); :class:`journeymaps.sources.loader.PageLoader` parses them. The MkDocs
adapter has a source of its own (the files MkDocs found), so the build reads
exactly the files MkDocs publishes. Every source reads the same kind of file
(:func:`is_page`), so ``validate``, ``diff`` and the build see one handbook.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymaps.diagnostics import Diagnostic
from journeymaps.settings import Settings

__all__ = [
    "MARKDOWN_SUFFIXES",
    "RawPage",
    "folder_pages",
    "is_page",
    "iter_markdown",
    "language_of",
    "read_page",
    "text_pages",
    "unreadable",
]

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class RawPage:
    """One Markdown page before it is parsed: where it is and what it holds."""

    src_uri: str
    """Relative to the docs folder, with forward slashes."""
    path: str
    """As the author sees it, from the project folder (messages name it)."""
    text: str | None = None
    data: bytes | None = None
    """The bytes, when the text is not known to be UTF-8 (decoded by the loader, with a message)."""
    problem: Diagnostic | None = None
    """Why the page could not be read at all."""


def is_page(src_uri: str) -> bool:
    """A Markdown page the handbook reads: a Markdown suffix, and no hidden file or folder on the way."""
    parts = src_uri.split("/")
    return src_uri.endswith(MARKDOWN_SUFFIXES) and not any(p.startswith(".") for p in parts)


def iter_markdown(docs_dir: Path) -> Iterator[Path]:
    """Every Markdown file under ``docs_dir``, in a stable order, skipping hidden folders, and a ``README.md``
    beside an ``index.md`` (MkDocs publishes the index and leaves the README out); a linked folder is read
    through its link, as MkDocs does, unless it leads back to a folder above it."""
    # MkDocs follows links to folders (`os.walk(followlinks=True)`): so does the handbook, except into a loop
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        above = {os.path.realpath(p) for p in [dirpath, *(str(a) for a in Path(dirpath).parents)]}
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) not in above
        )
        for name in sorted(filenames):
            if is_page(name) and not (name == "README.md" and "index.md" in filenames):
                yield Path(dirpath) / name


def unreadable(file: Path) -> str | None:
    """Why ``file`` cannot be read as a page without blocking or failing (a dangling symlink, a symlink loop, no
    permission to read it, a fifo or a device, which would block a reader forever), or None when it is a regular
    file this user may read.

    Use it before opening a file from the docs folder (MkDocs' ``File.content_string`` opens anything)."""
    try:
        info = file.stat()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file; the handbook skips it"
    if not os.access(file, os.R_OK):  # no permission: MkDocs would stop with a traceback when it reads it
        return f"cannot be read: {os.strerror(errno.EACCES)}"
    return None


def read_page(file: Path, src_uri: str, path: str) -> RawPage:
    """One file from disk; what cannot be read (gone, a loop, a device, no permission) is a problem, not an error."""
    problem = unreadable(file)
    if problem is not None:
        return RawPage(src_uri, path, problem=Diagnostic(path, None, "", problem))
    try:
        return RawPage(src_uri, path, data=file.read_bytes())
    except OSError as exc:
        return RawPage(src_uri, path, problem=Diagnostic(path, None, "", f"cannot be read: {exc.strerror or exc}"))


def language_of(src_uri: str, settings: Settings) -> tuple[str | None, str]:
    """(language, path without it) of a page of a site with ``settings.languages``, as mkdocs-static-i18n reads
    it: ``fr/maps/x.md`` (folders) or ``maps/x.fr.md`` (suffixes) is ``("fr", "maps/x.md")``; a page that names
    no language is the default language's (suffixes) or every language's (a page outside the language folders)."""
    if settings.language_structure == "suffix":
        stem, dot, suffix = src_uri.rpartition(".")
        base, _, lang = stem.rpartition(".")
        if base and lang in settings.languages and "/" not in lang:
            return lang, f"{base}{dot}{suffix}"
        return settings.languages[0], src_uri
    first, _, rest = src_uri.partition("/")
    return (first, rest) if rest and first in settings.languages else (None, src_uri)


def folder_pages(settings: Settings) -> Iterator[RawPage]:
    """Every page of the docs folder on disk; with ``settings.page_language``, that language's pages under their paths
    without it, and the default language's where it has none (as mkdocs-static-i18n builds that language)."""
    files = [(file, file.relative_to(settings.docs_dir).as_posix()) for file in iter_markdown(settings.docs_dir)]
    if settings.page_language is not None and settings.languages:
        chosen: dict[str, tuple[Path, int]] = {}
        for file, src in files:
            lang, norm = language_of(src, settings)
            rank = 0 if lang == settings.page_language else 1 if lang in (None, settings.languages[0]) else None
            if rank is not None and (norm not in chosen or rank < chosen[norm][1]):
                chosen[norm] = (file, rank)
        for norm, (file, _) in sorted(chosen.items()):
            yield read_page(file, norm, settings.display(file))
        return
    for file, src in files:
        yield read_page(file, src, settings.display(file))


def text_pages(settings: Settings, files: Mapping[str, str | bytes]) -> Iterator[RawPage]:
    """Pages given as text or bytes (``src_uri -> content``), e.g. a git revision's files (bytes: read as a file
    on disk is, a file that is not UTF-8 said so), shown under the docs folder."""
    for src_uri in sorted(files):
        folder = src_uri.rpartition("/")[0]
        beside_index = src_uri.endswith("README.md") and f"{folder}/index.md".lstrip("/") in files
        if is_page(src_uri) and not (src_uri.rpartition("/")[2] == "README.md" and beside_index):
            content, path = files[src_uri], settings.display(settings.docs_dir / src_uri)
            if isinstance(content, bytes):
                yield RawPage(src_uri, path, data=content)
            else:
                yield RawPage(src_uri, path, text=content)
