"""URLs: where MkDocs publishes a source file, and relative links between pages.

MkDocs 1.6's own rules (``mkdocs.structure.files.File``), written here so the
core needs no MkDocs to know its links: only ``index.md``, or ``README.md``
exactly so spelled, is the folder's index (``readme.md`` and ``Index.md`` are
pages of their own); ``use_directory_urls`` gives ``maps/x/`` instead of
``maps/x.html``; and the URL is percent-encoded (``urllib.parse.quote``), so a
``#``, ``?``, ``%``, space or non-ASCII letter in a file name is part of the
path, never an anchor or a query. :func:`page_url` equals MkDocs' ``Page.url``
(the home page is ``""``); ``tests/test_collisions_urls.py`` holds it to that.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote


def pair_src(cem_id: str, cjm_id: str) -> str:
    """The generated page that shows CJM ``cjm_id`` beside the stage of CEM ``cem_id`` it zooms into."""
    return f"compare/{cem_id}/{cjm_id}.md"


def future_src(future_id: str) -> str:
    """The generated page that compares future-state map ``future_id`` with its current state."""
    return f"compare/{future_id}.md"


@lru_cache(maxsize=1 << 16)
def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page ``src_uri`` (relative to the site root, percent-encoded)."""
    url = quote(_dest(src_uri, use_directory_urls))
    if use_directory_urls and posixpath.basename(url) == "index.html":
        url = posixpath.dirname(url) + "/"
    return "" if url in ("/", "./") else url


def _dest(src_uri: str, use_directory_urls: bool) -> str:
    parent, filename = posixpath.split(src_uri)
    stem, _ = posixpath.splitext(filename)
    name = "index" if stem == "README" else stem
    if not use_directory_urls or name == "index":
        return posixpath.join(parent, name + ".html")
    return posixpath.join(parent, name, "index.html")


def dest_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The output file of a page, relative to the site folder (a file system path: not percent-encoded)."""
    return _dest(src_uri, use_directory_urls)


@lru_cache(
    maxsize=4096
)  # a page links to the same targets again and again (a bigger cache only holds other pages' links)
def relative_url(target: str, base: str) -> str:
    """A link from the page at URL ``base`` to the URL ``target`` (both relative to the site root)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    if not base or base == ".":
        rel = target or "."
    else:
        head, _, tail = base.rpartition("/")
        folder = [p for p in (head if "." in tail else base).split("/") if p]  # `x/y.html` lives in `x/`
        parts = [p for p in target.split("/") if p]
        common = 0
        while common < min(len(folder), len(parts)) and folder[common] == parts[common]:
            common += 1
        rel = "/".join([".."] * (len(folder) - common) + parts[common:]) or "."
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + anchor


def pdf_path(kind: str, ident: str) -> str:
    """Where an entity's PDF is published, relative to the site root (FORMAT.md, generated pages)."""
    if kind == "persona":
        return f"pdf/personas/{ident}.pdf"
    if kind == "handbook":
        return "pdf/handbook.pdf"
    return f"pdf/{ident}.pdf"
