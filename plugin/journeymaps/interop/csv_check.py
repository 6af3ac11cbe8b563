"""Spreadsheets, in: the maps an import would write, checked together with the whole handbook before any is.

A map that validates on its own may still not fit the handbook: a persona or a touchpoint it names does not
exist (``pryia``, ``invoice-editr``). The handbook is built in memory, with the new texts of the maps the import
edits or creates in place of (or next to) the files on disk, and each error the build finds in such a map that
the handbook did not have before is one line of the report, at the row of the sheet that made it, with the
validator's suggestion; that map is not written. (An error the map already had is the author's to fix in the
file: it does not stop an edit from a sheet.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from journeymaps.catalog.resolve import Catalog
from journeymaps.diagnostics import Diagnostic, one_line
from journeymaps.i18n import _
from journeymaps.interop.csv_report import ImportReport, save
from journeymaps.interop.csv_rows import StageRow
from journeymaps.interop.frontmatter_edit import MapEditor
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.files import RawPage, folder_pages
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.validate import validate

__all__ = ["Pending", "save_all"]

_STAGE = re.compile(r"stages\[(\d+)\]")


@dataclass
class Pending:
    """A map an import has edited (or created), not written yet."""

    mid: str
    editor: MapEditor
    rows: list[StageRow]
    stage_rows: dict[int, int] = field(default_factory=dict)
    """stage index -> the number of the first row that edited that stage (an error there is said at that row)."""

    def row_of(self, diagnostic: Diagnostic) -> int:
        match = _STAGE.match(diagnostic.field)
        index = int(match.group(1)) if match else None
        return self.stage_rows.get(index, self.rows[0].number) if index is not None else self.rows[0].number


def _site(settings: Settings | None, docs_dir: Path, root: Path) -> Settings:
    """The settings the handbook is built with, as the command line builds it (a site made with mkdocs-static-i18n:
    its default language's pages)."""
    if settings is None:
        return Settings.for_folder(docs_dir.resolve(), root.resolve())
    if settings.languages and settings.page_language is None:
        return replace(settings, page_language=settings.languages[0])
    return settings


def _key(d: Diagnostic) -> tuple[str, str | None]:
    return d.message, d.suggestion


def _new_errors(
    pending: list[Pending], docs_dir: Path, root: Path, catalog: Catalog | None, settings: Settings | None
) -> dict[int, list[Diagnostic]]:
    """id(pending) -> the errors the handbook would have in that map after the import, and has not now."""
    site = _site(settings, docs_dir, root)
    texts: dict[str, str] = {}
    for p in pending:
        src = p.editor.path.relative_to(docs_dir).as_posix()
        text = p.editor.text()
        if any(d.is_error for d in validate(load_text(text, src, src)).diagnostics):
            continue  # not valid on its own: save() says why, as it always has
        texts[src] = text
    if not texts:
        return {}
    left = dict(texts)
    pages = [
        RawPage(page.src_uri, page.path, text=left.pop(page.src_uri)) if page.src_uri in left else page
        for page in (folder_pages(site) if site.docs_dir.is_dir() else [])
    ]
    pages += [RawPage(src, site.display(site.docs_dir / src), text=text) for src, text in left.items()]
    after = build(site, pages).catalog.report.errors
    before = catalog.report.errors if catalog is not None else []
    out: dict[int, list[Diagnostic]] = {}
    for p in pending:
        src = p.editor.path.relative_to(docs_dir).as_posix()
        if src not in texts:
            continue
        shown = site.display(site.docs_dir / src)
        mine = [d for d in after if d.path == shown]
        had = Counter(_key(d) for d in before if d.path == shown)  # errors it has now are not the import's
        new = []
        for d in mine:
            if had[_key(d)] > 0:
                had[_key(d)] -= 1
            else:
                new.append(d)
        if new:
            out[id(p)] = new
    return out


def save_all(
    pending: list[Pending],
    source: str,
    docs_dir: Path,
    root: Path,
    catalog: Catalog | None,
    settings: Settings | None,
    report: ImportReport,
) -> None:
    """Write each edited map that validates with the whole handbook; report every error of the others, one line
    each, at the row of the sheet that made it."""
    changed = [p for p in pending if p.editor.changes]
    blocked = _new_errors(changed, docs_dir, root, catalog, settings) if changed else {}
    for p in pending:
        numbers = ", ".join(str(r.number) for r in p.rows)
        errors = blocked.get(id(p))
        if not errors:
            save(p.editor, docs_dir, root, f"{source}:{numbers}", p.rows[0].number, p.mid, report)
            continue
        for d in errors:
            row = p.row_of(d)
            said = _("not taken, %(map)s would not validate: %(problem)s", map=p.mid, problem=d.said)
            report.problem(row, one_line(f"{source}:{row}: {said}"))
