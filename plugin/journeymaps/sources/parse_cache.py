"""A hash-keyed cache of loaded pages on disk, so a build does not parse unchanged YAML again.

Each entry is one page as :func:`journeymaps.sources.frontmatter.load_text` returned it, keyed
by a hash of the page's path and text, kept as ``marshal`` bytes from the moment it is made (a build
may let the page's parsed YAML go as soon as it is validated; at 1,000 maps the bytes are about a
third of the objects' memory). The file is written with ``marshal``
(plain data only: strings, numbers, lists, dicts, tuples; it runs no code when
read), so a cache left by another version of journeymaps or of Python is
simply not used. Like material's plugin caches, it lives in the project's
``.cache/`` folder and can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from journeymaps.diagnostics import Diagnostic, Severity
from journeymaps.sources.frontmatter import SourceDoc
from journeymaps.sources.written import from_plain, to_plain
from journeymaps.version import __version__, code_digest

FILE_NAME = "pages.marshal"
PRODUCERS = (
    "sources/frontmatter.py",
    "sources/encoding.py",
    "sources/yaml_values.py",
    "sources/parse_cache.py",
    "sources/written.py",
    "diagnostics.py",
)
"""The modules whose code makes a cache entry: the entries are keyed on their bytes, so a change to the loader
(a new message, a fixed limit) is never answered from a cache written by the old code."""


_CODE = code_digest(Path(__file__).resolve().parent.parent, PRODUCERS)
_STAMP = (
    f"journeymaps {__version__}; code {_CODE}; python {sys.version_info[0]}.{sys.version_info[1]}; "
    f"marshal {marshal.version}"
)


def page_key(path: str, src_uri: str, text: str) -> str:
    """What a loaded page depends on: where it is (messages name it) and what it says."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (path, src_uri, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _pack(doc: SourceDoc, written: bool = False) -> tuple[Any, ...]:
    """The page as plain data; ``written``: numbers kept as written (``1e3``) are tagged tuples."""
    diags = tuple((d.path, d.line, d.field, d.message, d.severity.value, d.suggestion) for d in doc.diagnostics)
    data = to_plain(doc.data) if written else doc.data
    return (doc.path, doc.src_uri, data, doc.yaml_text, doc.body, diags, doc.shallow_lines, written)


def _unpack(entry: tuple[Any, ...]) -> SourceDoc:
    path, src_uri, data, yaml_text, body, diags, shallow, written = entry
    return SourceDoc(
        path=path,
        src_uri=src_uri,
        data=from_plain(data) if written else data,
        yaml_text=yaml_text,
        body=body,
        diagnostics=[Diagnostic(p, ln, f, m, Severity(s), sg) for p, ln, f, m, s, sg in diags],
        shallow_lines=shallow,
    )


class ParseCache:
    """Read once; per build :meth:`start`, then :meth:`get` / :meth:`put` / :meth:`keep` per page, and
    :meth:`save` the entries this build used (pages since removed or edited drop out)."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / FILE_NAME
        self._old: dict[str, bytes] = self._read()
        self._used: dict[str, bytes] = {}
        self.changed = False

    def start(self) -> None:
        self._used, self.changed = {}, False

    def keep(self, key: str, doc: SourceDoc) -> None:
        """A page this build took from memory (``mkdocs serve``): keep its entry."""
        if key in self._old:
            self._used[key] = self._old[key]
        else:
            self.put(key, doc)

    def _read(self) -> dict[str, bytes]:
        try:
            with self.file.open("rb") as fh:
                stamp, entries = marshal.load(fh)
        except Exception:  # missing, partial, another format, bytes of any origin: start empty (OSError, EOFError, ...)
            return {}
        return entries if stamp == _STAMP and isinstance(entries, dict) else {}

    def get(self, key: str) -> SourceDoc | None:
        entry = self._old.get(key)
        if entry is None:
            return None
        try:
            doc = _unpack(marshal.loads(entry))
        except (ValueError, TypeError, KeyError, EOFError):  # an entry of another shape (a foreign file): a miss
            del self._old[key]
            return None
        self._used[key] = entry
        return doc

    def put(self, key: str, doc: SourceDoc) -> None:
        try:
            entry = marshal.dumps(_pack(doc))
        except ValueError:  # a number kept as written (+2, 1e3): tagged; a recursive list: kept out
            try:
                entry = marshal.dumps(_pack(doc, written=True))
            except (ValueError, RecursionError):
                return
        self._used[key] = entry
        self.changed = True

    def save(self) -> str | None:
        """Write the entries this build used (pages since removed drop out); the reason when it cannot."""
        if not self.changed and len(self._used) == len(self._old):
            return None
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            part = self.file.with_name(f"{self.file.name}.{os.getpid()}.part")
            with part.open("wb") as fh:
                marshal.dump((_STAMP, self._used), fh)
            part.replace(self.file)  # readers never see half a file
        except OSError as exc:
            return f"{self.file}: {exc.strerror or exc}"
        self._old, self.changed = dict(self._used), False
        return None
