"""Spreadsheets, in: what an import did (maps written, rows not taken) and the guarded write of an edited map.

A map is written only when something changed and the result validates on its
own, and never outside the docs folder; every reason it is not is one line
of the report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymaps.i18n import _
from journeymaps.interop.frontmatter_edit import MapEditor
from journeymaps.interop.mapfile import FileExists, OutsideDocs, write_in_docs
from journeymaps.settings import display_path
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.validate import validate


@dataclass
class ImportReport:
    written: list[tuple[str, list[str]]] = field(default_factory=list)
    """(file, what changed) per map written."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(row, line) per row (or map) not taken: where, what, what to do."""
    unchanged: int = 0

    def problem(self, row: int, line: str) -> None:
        self.problems.append((row, line))

    def lines(self) -> list[str]:
        """The problems in row order (stable for rows with several)."""
        return [line for _row, line in sorted(self.problems, key=lambda p: p[0])]


def shown(path: Path, root: Path) -> str:
    """A path under the docs folder as the author sees it (a symbolic link named as itself, not its target)."""
    return display_path(Path(os.path.abspath(path)), root)


def save(editor: MapEditor, docs_dir: Path, root: Path, where: str, row: int, mid: str, report: ImportReport) -> None:
    """Write the edited map when something changed and the result validates (on its own); else report why not."""
    if not editor.changes:
        report.unchanged += 1
        return
    path = editor.path
    text = editor.text()
    name = shown(path, root)
    result = validate(load_text(text, name, path.relative_to(docs_dir).as_posix()))
    problems = [d for d in result.diagnostics if d.is_error]
    if problems:
        for d in problems:
            report.problem(
                row, f"{where}: " + _("not taken, %(map)s would not validate: %(problem)s", map=mid, problem=d)
            )
        return
    lost = editor.lost_comments(text)
    for line, comment in lost:  # nothing the author wrote is lost
        said = _(
            "not taken: %(path)s:%(line)s: the comment '%(comment)s' would be lost (it is inside a {...} or [...] "
            "written over several lines, which is written back on one); write that part one key per line, or move "
            "the comment, and import again",
            path=name,
            line=line,
            comment=comment,
        )
        report.problem(row, f"{where}: {said}")
    if lost:
        return
    try:
        write_in_docs(path, text, docs_dir, new=editor.original is None)
    except OutsideDocs:
        said = _(
            "not taken: %(path)s leads outside %(folder)s (a symbolic link); an import writes only inside the docs "
            "folder",
            path=name,
            folder=shown(docs_dir, root),
        )
        report.problem(row, f"{where}: {said}")
        return
    except FileExists:
        report.problem(row, f"{where}: " + _("not taken: %(path)s appeared meanwhile; import again", path=name))
        return
    except OSError as exc:
        said = _("not taken: %(path)s cannot be written: %(why)s", path=name, why=exc.strerror or exc)
        report.problem(row, f"{where}: {said}")
        return
    report.written.append((name, editor.changes))
