"""The pipeline in one call: load -> validate -> resolve -> analyse, for a docs folder.

Used by the command line (no site build) and by the MkDocs adapter, which
passes the files MkDocs found so nothing is read twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .analyse import Analysis, analyse
from .load import SourceDoc, iter_markdown, load_file
from .resolve import Catalog, resolve
from .taxonomy import Taxonomy, load_taxonomy
from .validate import Validated, validate


@dataclass
class Handbook:
    catalog: Catalog
    analysis: Analysis
    docs: dict[str, SourceDoc]  # every loaded page, entity or not, by src_uri
    timings: dict[str, float] = field(default_factory=dict)  # seconds per pipeline stage


def validate_docs(docs: Iterable[SourceDoc]) -> list[Validated]:
    return [validate(doc) for doc in docs if doc.data is not None]


def build_handbook(docs: Iterable[SourceDoc], taxonomy: Taxonomy, *, use_directory_urls: bool = True,
                   review_every: int = 90, as_of: date | None = None) -> Handbook:
    docs = list(docs)
    t0 = time.perf_counter()
    validated = validate_docs(docs)
    t1 = time.perf_counter()
    catalog = resolve(validated, taxonomy, use_directory_urls)
    for doc in docs:  # warnings about pages that are not entities (e.g. `type: cjmm`)
        if doc.data is None:
            catalog.report.extend(doc.diagnostics)
    t2 = time.perf_counter()
    analysis = analyse(catalog, review_every, as_of)
    t3 = time.perf_counter()
    return Handbook(catalog, analysis, {d.src_uri: d for d in docs},
                    {"validate": t1 - t0, "resolve": t2 - t1, "analyse": t3 - t2})


def release_sources(handbook: Handbook) -> int:
    """Drop the raw frontmatter (the YAML as parsed) of every page that validated into its model.

    The pipeline reads it only while validating and resolving; what renders afterwards is the typed
    model, and a line for a message comes from the page's YAML text. A one-shot build (``mkdocs build``,
    the CLI) calls this after :func:`build_handbook`: at 1,000 maps it is ~30 MB, about 40% of the
    catalog's memory. ``mkdocs serve`` keeps it, to validate unchanged pages again without parsing them.
    Pages that did not validate keep theirs (their page shows what the author wrote, e.g. the title).
    Returns the number of pages released."""
    released = 0
    for src_uri, validated in handbook.catalog.by_src.items():
        doc = handbook.docs.get(src_uri)
        if doc is not None and validated.model is not None and doc.data is not None:
            doc.data = None
            released += 1
    return released


def load_docs_dir(docs_dir: Path, root: Path) -> list[SourceDoc]:
    return [load_file(f, docs_dir, root) for f in iter_markdown(docs_dir)]


def build_from_folder(docs_dir: Path, root: Path, taxonomy_file: Path | None = None, **options: object) -> Handbook:
    """Everything the CLI needs, from a folder on disk."""
    taxonomy, tax_diags = load_taxonomy(taxonomy_file, (taxonomy_file and _display(taxonomy_file, root)) or None)
    handbook = build_handbook(load_docs_dir(docs_dir, root), taxonomy, **options)  # type: ignore[arg-type]
    handbook.catalog.report.extend(tax_diags)
    return handbook


def _display(file: Path, root: Path) -> str:
    from .load import display_path

    return display_path(file.resolve(), root.resolve())
