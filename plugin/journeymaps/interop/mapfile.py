"""Writing entity pages: frontmatter as YAML (pyyaml), then the Markdown body.

Used by the importers. A new file is never written over an existing one, and
nothing is written outside the docs folder (:func:`write_in_docs`), whatever
symbolic link is on the way.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from journeymaps.catalog.collisions import fold_path
from journeymaps.i18n import _


class FileExists(Exception):
    """The file is already there; nothing was written."""


class OutsideDocs(Exception):
    """A symbolic link leads the file outside the docs folder; nothing was written."""


class Dumper12(yaml.SafeDumper):
    """PyYAML's writer, quoting text that YAML 1.2 would read as something else: pages are read as YAML 1.2 (as
    editors read them), where ``1e3`` and ``0o17`` are numbers; PyYAML's own rules (YAML 1.1) left them plain."""


for _first, _numbers in (
    ("-+0123456789.", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"),
    ("0", "0o[0-7]+"),
):
    Dumper12.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(f"^(?:{_numbers})$"), list(_first))


class _HandbookDumper(Dumper12):
    """Lists of mappings indented under their key (``stages:`` then ``  - name: ...``), as the handbook writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def frontmatter_text(data: dict[str, Any]) -> str:
    """``---``, the YAML (keys in the given order; short lists inline), ``---``."""
    body = yaml.dump(
        data, Dumper=_HandbookDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    return f"---\n{body}---\n"


def case_twin(path: Path) -> Path | None:
    """A file beside ``path`` (which is not there) that macOS or Windows take for it: its name differs only by case
    (``Onboarding.md``), or in how an accented letter is written (NFC, NFD). Git cannot check out both there."""
    folded = fold_path(path.name)
    try:
        names = sorted(path.parent.iterdir())
    except OSError:  # no folder yet: nothing beside it
        return None
    return next((p for p in names if p.name != path.name and fold_path(p.name) == folded), None)


def twin_words(path: Path, twin: Path) -> str:
    """Why a new file is not written beside its twin (see :func:`case_twin`)."""
    return _(
        "%(twin)s is there, and %(name)s would be the same file on macOS and Windows (the names differ only by case "
        "or accents); nothing was written",
        twin=twin.as_posix(),
        name=path.name,
    )


def write_new_page(path: Path, data: dict[str, Any], body: str, docs_dir: Path) -> None:
    """Write frontmatter and body to a new file in ``docs_dir``: FileExists when ``path`` exists (even in a race),
    OutsideDocs when a symbolic link would take it out of the docs folder."""
    write_in_docs(path, frontmatter_text(data) + "\n" + body.rstrip("\n") + "\n", docs_dir, new=True)


def write_in_docs(path: Path, text: str, docs_dir: Path, *, new: bool) -> None:
    """Write ``text`` (as UTF-8, line endings as they are) to ``path`` in ``docs_dir``.

    The real place is checked first: when a symbolic link (the file, or a folder on the way) leads outside
    the docs folder, raise OutsideDocs. A new file is created only if nothing is there (not even a dangling
    link: FileExists); an existing one is replaced whole (a new file moved over it, with its permissions), so
    a crash leaves the old text or the new one, and a link swapped in meanwhile is replaced, not followed.
    """
    docs = docs_dir.resolve()
    real = path.resolve()
    if not real.is_relative_to(docs):
        raise OutsideDocs(real.as_posix())
    data = text.encode("utf-8")
    if new:
        real.parent.mkdir(parents=True, exist_ok=True)
        if not real.parent.resolve().is_relative_to(docs):  # a link made meanwhile
            raise OutsideDocs(real.parent.resolve().as_posix())
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(real, flags, 0o666)
        except FileExistsError as exc:
            raise FileExists(path.as_posix()) from exc
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return
    mode = real.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(dir=real.parent, prefix=".", suffix=".journeymaps-import")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(temp, mode)
        os.replace(temp, real)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
