"""The version of journeymaps (also part of every cache key), and a digest of the code that makes a cache's entries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__version__ = "0.1.0"


def code_digest(package: Path, patterns: Iterable[str]) -> str:
    """A digest of the files below ``package`` that ``patterns`` (globs) name, each file's path and bytes: part of a
    cache's key, so that what changed code would make is never answered from a cache the old code wrote (the parse
    cache: the loader; the PDF cache: the export package, print templates, style sheets and font)."""
    files = {f for pattern in patterns for f in package.glob(pattern) if f.is_file()}
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()
