"""The files side of the adapter: MkDocs' files as the pipeline's pages, and the generated files added back.

Only this package imports MkDocs; here its ``Files`` become
:class:`~journeymaps.sources.files.RawPage` for the pipeline, and the registry's
generated pages become ``File`` objects for MkDocs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from journeymaps.catalog.collisions import fold_path, output_collisions
from journeymaps.catalog.generated import (
    CATALOG_JSON,
    SCHEMA_FILE,
    GeneratedPage,
    Registry,
)
from journeymaps.catalog.taxonomy import site_lanes
from journeymaps.catalog.urls import dest_path, page_url
from journeymaps.diagnostics import Diagnostic, Report
from journeymaps.handbook import Handbook
from journeymaps.history.log import CommitChanges, History
from journeymaps.settings import Settings, display_path
from journeymaps.sources.files import RawPage, is_page, unreadable
from journeymaps.sources.frontmatter import decode
from journeymaps.validation.schema import schema_text

__all__ = [
    "GENERATOR",
    "add_generated",
    "author_path",
    "core_src",
    "drop_unreadable",
    "entity_titles",
    "language_prefix",
    "localize_history",
    "mark_languages",
    "mkdocs_pages",
    "page_meta",
    "unprefixed",
]

GENERATOR = "journeymaps"
"""``File.generated_by`` of the files the plugin adds."""


def core_src(file: File) -> str:
    """The page's path as the handbook knows it. mkdocs-static-i18n builds one language at a time and gives each
    file its path without the language (``norm_src_uri``: ``maps/x.md`` for ``fr/maps/x.md`` and for
    ``maps/x.fr.md``): ids come from it, so the same map in two languages is one id in each language's handbook."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def language_prefix(files: Files, use_directory_urls: bool) -> str:
    """The folder this build publishes its pages under (``fr/`` for mkdocs-static-i18n's French build, ``""``
    otherwise): where a page's output is, less where its language-free path would put it. The handbook's own
    links are relative, so they are the same under any prefix; its generated pages and files go under it."""
    seen: dict[str, int] = {}
    for file in files.documentation_pages():
        norm = getattr(file, "norm_src_uri", None)
        if norm is None or file.generated_by is not None:
            continue
        own = dest_path(norm, use_directory_urls)
        if file.dest_uri.endswith(own):
            prefix = file.dest_uri[: -len(own)]
            seen[prefix] = seen.get(prefix, 0) + 1
    return max(seen, key=lambda p: seen[p]) if seen else ""


def unprefixed(url: str, prefix: str) -> str:
    """A page's URL in this language's site (:func:`language_prefix`; the handbook's links are relative)."""
    return url[len(prefix) :] if url.startswith(prefix) else url


def mark_languages(files: Files, config: MkDocsConfig) -> None:
    """Under mkdocs-static-i18n, the generated pages say their language as its own files do (``locale``,
    ``alternates``): its language switcher then leads from ``fr/maps/`` to ``maps/`` (every language has every
    generated page), not to whichever page it showed before."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None)
    if i18n is None or current is None:
        return
    default, langs = i18n.default_language, i18n.build_languages
    for file in files.documentation_pages():
        src = getattr(file, "norm_src_uri", None)
        if file.generated_by != GENERATOR or src is None:
            continue
        file.locale = file.locale_alternate_of = current  # type: ignore[attr-defined]
        file.localization = None  # type: ignore[attr-defined]
        udu = config.use_directory_urls
        file.alternates = {  # type: ignore[attr-defined]
            lang: SimpleNamespace(url=page_url(("" if lang == default else f"{lang}/") + src, udu)) for lang in langs
        }


def localize_history(history: History, files: Files) -> History:
    """The git history as this build's pages know their paths: under mkdocs-static-i18n, ``fr/maps/x.md`` (what git
    says) is ``maps/x.md`` (:func:`core_src`), and the other languages' pages are not this handbook's. Without
    such a plugin, the history as it is."""
    paths = {f.src_uri: core_src(f) for f in files.documentation_pages() if f.generated_by is None}
    if all(real == core for real, core in paths.items()):
        return history
    commits = []
    for entry in history.commits:
        changes = [replace(c, path=paths[c.path]) for c in entry.files if c.path in paths]
        if changes:
            commits.append(CommitChanges(entry.commit, changes))
    by_path = {paths[real]: entries for real, entries in history.by_path.items() if real in paths}
    return History(history.available, history.reason, commits, by_path)


def drop_unreadable(files: Files, settings: Settings) -> list[Diagnostic]:
    """Take out of the site every file of the docs folder that cannot be read without failing or blocking (a
    dangling symlink, a symlink loop, a fifo or a device): MkDocs would stop with a traceback on the first two and
    wait forever on the others. One line each, as `journeymaps validate` says it; the rest of the site builds."""
    problems = []
    for file in list(files):
        if file.generated_by is not None or file.abs_src_path is None or file.inclusion == InclusionLevel.EXCLUDED:
            continue  # MkDocs leaves excluded files alone (an editor's `.#map.md` lock, a dangling link): so do we
        why = unreadable(Path(file.abs_src_path))
        if why is not None:
            problems.append(Diagnostic(settings.display(Path(file.abs_src_path)), None, "", why))
            files.remove(file)
    return problems


@lru_cache(maxsize=1 << 16)
def author_path(abs_src_path: str, root: Path, docs: tuple[str, Path] | None = None) -> str:
    """A file's path as messages name it, once per file and project: every ``serve`` rebuild reads every page, and
    resolving the path took a third of that. Resolved (a link shows where it leads), except below the docs folder
    (``docs``: the folder as MkDocs has it, and resolved): a page reached through a link to a folder is named as
    the site has it (``content/archive/x.md``), as `journeymaps validate` names it."""
    if docs is not None and abs_src_path.startswith(docs[0] + os.sep):
        return display_path(docs[1] / abs_src_path[len(docs[0]) + 1 :], root)
    return display_path(Path(abs_src_path).resolve(), root)


def mkdocs_pages(files: Files, settings: Settings) -> Iterator[RawPage]:
    """The Markdown pages MkDocs found (not the ones we generate), in a stable order."""
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        src = core_src(file)
        if file.generated_by == GENERATOR or file.abs_src_path is None or not is_page(src):
            continue
        path = author_path(file.abs_src_path, settings.root, _docs_of(file.src_dir, settings.docs_dir))
        try:
            text = file.content_string
        except UnicodeDecodeError:  # not UTF-8: MkDocs would stop with a traceback; show it with U+FFFD instead
            data, source = file.content_bytes, file.abs_src_path
            file.content_string = decode(data, path)[0]
            file.abs_src_path = source  # still the author's file (edit links, serve's watcher)
            yield RawPage(src, path, data=data)
            continue
        except OSError as exc:
            yield RawPage(src, path, problem=Diagnostic(path, None, "", f"cannot be read: {exc.strerror or exc}"))
            continue
        yield RawPage(src, path, text=text)


def page_meta(handbook: Handbook) -> dict[str, dict[str, Any]]:
    """Each entity page's metadata for MkDocs, themes and other plugins: its frontmatter without `stages` (the
    bulk of a map, which the grid renders from the catalog). Dates stay text, as the format reads them."""
    return {
        src: {k: v for k, v in doc.data.items() if k != "stages"}
        for src, doc in handbook.docs.items()
        if doc.entity_type is not None and isinstance(doc.data, dict)
    }


def entity_titles(handbook: Handbook) -> dict[str, tuple[str | None, bool]]:
    """src_uri -> (the title of the entity page there, whether it is a map's): what pages need of the catalog for
    their title and settings, kept when a one-shot build frees the catalog before its pages (:mod:`.ahead`)."""
    cat = handbook.catalog
    out: dict[str, tuple[str | None, bool]] = {t.src_uri: (t.name, False) for t in cat.touchpoints.values()}
    out.update((src, (v.title, v.kind in ("cjm", "cem"))) for src, v in cat.by_src.items())
    return out


def _generated(config: MkDocsConfig, src_uri: str, content: str, prefix: str = "") -> File:
    file = File.generated(config, prefix + src_uri, content=content)
    file.generated_by = GENERATOR
    file.norm_src_uri = src_uri  # type: ignore[attr-defined]  # its path without the language, as i18n's files
    return file


def add_generated(
    files: Files,
    config: MkDocsConfig,
    registry: Registry,
    handbook: Handbook,
    settings: Settings,
    pdfs: Sequence[tuple[str, str]] = (),
    prefix: str = "",
) -> dict[str, GeneratedPage]:
    """Add the registry's pages and the generated files to ``files``. An author's file where a generated page or
    file would go (by MkDocs' own output path: ``maps/README.md`` is where ``maps/index.md`` goes) is reported on
    that file and kept (an index page: our list goes under the author's text); nothing the author wrote is
    overwritten. ``pdfs``: (output path, what it is) of the PDFs this build writes; an author's file there is an
    error and is not published (like one at ``journeymaps.json``). Then every output of the site is checked for
    collisions (:func:`journeymaps.catalog.collisions.output_collisions`). Returns the generated pages this build
    renders, by the source path of the page they are rendered on. ``prefix``: the folder of this language's
    build (:func:`language_prefix`), where the generated pages and files go."""
    report = handbook.report
    live: dict[str, GeneratedPage] = {}
    by_dest = {f.dest_uri: f for f in files}

    def conflict(existing: File, message: str) -> None:
        report.add(Diagnostic(_display(existing, settings), None, "", message))

    for page in registry.pages.values():
        existing = by_dest.get(prefix + dest_path(page.src_uri, config.use_directory_urls))
        if existing is not None and page.kind == "home":
            continue  # the author's own home page (or a file there): the overview is only for a site without one
        if existing is None:
            # the title as HTML (MkDocs themes print it unescaped): the site's `strings` may say any text
            title = escape(page.title)
            titled = page.kind in ("index", "home")
            text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n" if titled else ""
            file = _generated(config, page.src_uri, text, prefix)
            files.append(file)
            by_dest[file.dest_uri] = file
            if page.kind != "touchpoint":  # an inline touchpoint's page is rendered as an entity page
                live[page.src_uri] = page
        elif page.kind == "index" and existing.is_documentation_page():
            live[core_src(existing)] = page  # an author's own index page gets the list under its text
        else:
            conflict(existing, _taken(page, handbook))
    reserved = [
        (prefix + path, what)
        for path, what in [
            *(((CATALOG_JSON, "the catalog"),) if settings.options.json else ()),
            *(((SCHEMA_FILE, "the frontmatter schema"),) if settings.options.schema else ()),
            *pdfs,
        ]
    ]
    for path, what in reserved:
        existing = by_dest.get(path)
        if existing is not None:
            conflict(
                existing,
                f"'{path}' is generated by journeymaps ({what}); this file is not published: rename or move it",
            )
            files.remove(existing)
    if settings.options.schema:  # the editor schema, published with the site (a static file, also under `serve`)
        files.append(_generated(config, SCHEMA_FILE, schema_text(site_lanes(settings.taxonomy_file)), prefix))
    _check_outputs(files, reserved, config.docs_dir, settings, report)
    return live


def _taken(page: GeneratedPage, handbook: Handbook) -> str:
    """What is wrong with a file at the path of a generated page."""
    if page.kind == "touchpoint":
        tp = handbook.catalog.touchpoints[page.args[0]]
        return (
            f"this file is at the URL of the generated page of inline touchpoint '{tp.id}' (declared in {tp.path}); "
            "rename the file or give the touchpoint another id"
        )
    if page.kind == "index":  # a file that is not a page (e.g. maps/index.html) where the index page goes
        return (
            f"this file is where the generated '{page.title}' index page goes; rename or move it (a Markdown page "
            "of your own there, index.md or README.md, is kept, with the list below it)"
        )
    return f"this file is at the URL of a generated comparison page ({page.title}); rename or move it"


def _display(file: File, settings: Settings) -> str:
    """The file as the author sees it (one of the theme's or a plugin's: who made it)."""
    if file.generated_by is not None:
        return f"generated by {file.generated_by}"
    if not file.abs_src_path:
        return f"{file.src_uri} of a plugin"
    return author_path(file.abs_src_path, settings.root, _docs_of(file.src_dir, settings.docs_dir))


@lru_cache(maxsize=64)
def _docs_of(src_dir: str | None, docs_dir: Path) -> tuple[str, Path] | None:
    """(the docs folder as MkDocs has it, and resolved) when a file's ``src_dir`` is the docs folder (see
    :func:`author_path`), once per folder: every page of every serve rebuild asks."""
    return (src_dir, docs_dir) if src_dir and Path(src_dir) == docs_dir else None


def _check_outputs(
    files: Files, generated: Sequence[tuple[str, str]], docs_dir: str, settings: Settings, report: Report
) -> None:
    """Two files at one output (the later is not published), or outputs that differ only by case (one file on
    macOS and Windows): one line on the author's later file. The theme's, the plugins' and the generated outputs
    come first, so the line is always on a file the author can rename."""
    docs = Path(docs_dir)
    # a site has a few source folders and thousands of files: each folder compared once
    is_docs = {folder: folder is not None and Path(folder) == docs for folder in {f.src_dir for f in files}}
    theirs = [f for f in files if f.generated_by is None and is_docs[f.src_dir]]
    authors = {id(f) for f in theirs}
    ours = [f for f in files if id(f) not in authors]
    # Only files at an output that another file shares (up to case) can be named in a message: the others keep a
    # stand-in (resolving every path of a large site costs a noticeable part of each `serve` rebuild).
    folded: dict[str, int] = {}
    for dest in [f.dest_uri for f in files] + [path for path, _ in generated]:
        folded[fold_path(dest)] = folded.get(fold_path(dest), 0) + 1

    def shown_as(f: File) -> str:
        return _display(f, settings) if folded[fold_path(f.dest_uri)] > 1 else f"\0{f.dest_uri}"

    outputs = [(f.dest_uri, shown_as(f)) for f in ours]
    taken = {dest for dest, _ in outputs}
    outputs += [(path, what) for path, what in generated if path not in taken]
    shown = [(f, shown_as(f)) for f in theirs]
    problems = output_collisions(outputs + [(f.dest_uri, where) for f, where in shown])
    report.extend(problems)
    unpublished = {d.path for d in problems if d.is_error}
    for file, where in shown:
        if where in unpublished:
            files.remove(file)
