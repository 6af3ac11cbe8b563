"""Collisions: two things published at one place of the site. FORMAT.md makes them errors, never an overwrite.

What the catalog can see without MkDocs (so the command line reports it too):

- an entity page at a section index URL (``maps/index.md``, ``personas/README.md``):
  an error on the file; its page is kept, and the generated list is added below it;
- a map whose PDF would be the handbook's (id ``handbook``: ``pdf/handbook.pdf``):
  an error on its id, and that map gets no PDF;
- a future-state map whose comparison page would be the compare index (id ``index``):
  an error on its id, and the comparison is left out;
- two entity pages written to one output file (``maps/x.md`` and ``maps/x/index.md``):
  an error on the later one (MkDocs publishes the first);
- outputs that differ only by case (``maps/Foo.md`` and ``maps/foo.md``): one file on
  macOS and Windows, so a warning on the later one; so are outputs that differ only in how an
  accented letter is written (``é`` as one character, NFC, or as ``e`` and an accent, NFD, as macOS
  names files): one file on macOS (:func:`fold_path`).

The MkDocs adapter checks every file of the site with the same rules
(:func:`output_collisions`), static files and generated files included.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeymaps.catalog.urls import dest_path, future_src, page_url, pdf_path
from journeymaps.diagnostics import Diagnostic, Severity
from journeymaps.validation.ids import slugify

if TYPE_CHECKING:
    from journeymaps.catalog.resolve import Catalog

__all__ = [
    "HANDBOOK_PDF",
    "SECTION_FOLDERS",
    "check_catalog",
    "fold_path",
    "output_collisions",
    "pdf_taken",
    "publish_order",
]

SECTION_FOLDERS = ("personas", "maps", "touchpoints", "compare", "opportunities", "health", "changes")
"""The folders whose index page the handbook generates (``catalog.generated.INDEXES``)."""
HANDBOOK_PDF = pdf_path("handbook", "")


def pdf_taken(kind: str, ident: str) -> bool:
    """The entity's PDF would be written where another generated PDF goes (a map with the id ``handbook``)."""
    return kind != "handbook" and pdf_path(kind, ident) == HANDBOOK_PDF


def publish_order(src_uri: str) -> tuple[str, bool, bool, str]:
    """The order MkDocs publishes pages in: folder by folder, ``index.md`` before ``README.md`` before the others
    (MkDocs keeps ``index.md`` and leaves out a ``README.md`` beside it)."""
    folder, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    return folder, stem not in ("index", "README"), stem != "index", src_uri


def fold_path(path: str) -> str:
    """``path`` as a file system that ignores case compares it: macOS and Windows fold letter by letter (``ß`` is
    not ``ss``, which ``str.casefold`` makes it), and macOS also takes an accented letter however it is written
    (NFC or NFD)."""
    if path.isascii():
        return path.lower()
    return "".join(c if len(low := c.lower()) != 1 else low for c in unicodedata.normalize("NFC", path))


def output_collisions(outputs: Sequence[tuple[str, str]]) -> list[Diagnostic]:
    """``outputs``: (output path relative to the site, the file it comes from as the author sees it), in the order
    they are published. A second file at one output is an error on it; outputs that differ only by case are a
    warning on the later one. One line per file."""
    exact: dict[str, str] = {}
    folded: dict[str, tuple[str, str]] = {}
    out: list[Diagnostic] = []
    for dest, source in outputs:
        first = exact.get(dest)
        if first is not None:
            if first != source:
                out.append(
                    Diagnostic(
                        source,
                        None,
                        "",
                        f"this file is published at {dest}, like {first}, which is kept; rename or move one of them",
                    )
                )
            continue
        exact[dest] = source
        other = folded.setdefault(fold_path(dest), (dest, source))
        if other[0] != dest:
            nfc = unicodedata.normalize("NFC", dest) == unicodedata.normalize("NFC", other[0])
            how, where = ("in how its accented letters are written (NFC, NFD)", "macOS") if nfc else ("by case", "")
            out.append(
                Diagnostic(
                    source,
                    None,
                    "",
                    f"this file is published at {dest}, which differs only {how} from {other[0]} ({other[1]}): "
                    f"they are one file on {where or 'macOS and Windows'}; rename one of them",
                    Severity.WARNING,
                )
            )
    return out


def check_catalog(cat: Catalog) -> list[Diagnostic]:
    """The collisions among entity pages and their PDFs (see the module's docstring)."""
    problems: list[Diagnostic] = []
    indexes = {page_url(f"{folder}/index.md", cat.use_directory_urls): folder for folder in SECTION_FOLDERS}
    entities = sorted(cat.by_src.values(), key=lambda v: publish_order(v.doc.src_uri))
    for v in entities:
        folder = indexes.get(cat.url(v.doc.src_uri))
        if folder is not None and v.kind in ("persona", "touchpoint", "cjm", "cem"):
            name = v.id if v.doc.lines.get(("id",)) is not None else slugify(v.title) or v.kind
            d = Diagnostic(
                v.doc.path,
                v.doc.line(("type",)),
                "type",
                f"a {v.kind} page at {folder}/, the URL of the generated {folder} index; move it to a file of its own "
                f"(e.g. {folder}/{name}.md): until then the page shows the index's list below the {v.kind}",
            )
            v.diagnostics.append(d)
    for mid, v in cat.maps.items():
        if pdf_taken("map", mid):
            explicit = v.doc.lines.get(("id",)) is not None
            d = Diagnostic(
                v.doc.path,
                v.doc.line(("id",)) if explicit else None,
                "id",
                f"map id '{mid}' would put the map's PDF at {pdf_path('map', mid)}, the handbook's own PDF; the map "
                f"gets no PDF until it has another id{'' if explicit else ' (add `id:`, or rename the file)'}",
                suggestion=f"{mid}-map",
            )
            v.diagnostics.append(d)
    for fid in (fid for futures in cat.futures.values() for fid in futures):
        if cat.url(future_src(fid)) in indexes:  # a section index's URL (id `index`); the registry leaves it out
            v = cat.maps[fid]
            explicit = v.doc.lines.get(("id",)) is not None
            v.diagnostics.append(
                Diagnostic(
                    v.doc.path,
                    v.doc.line(("id",) if explicit else ("future_of",)),
                    "id" if explicit else "future_of",
                    f"map id '{fid}' would put the comparison with its current state at {future_src(fid)}, the "
                    "generated CJM vs CEM index; the comparison is left out until the map has another id"
                    f"{'' if explicit else ' (add `id:`, or rename the file)'}",
                    suggestion=f"{fid}-future",
                )
            )
    problems += output_collisions([(dest_path(v.doc.src_uri, cat.use_directory_urls), v.doc.path) for v in entities])
    return problems
