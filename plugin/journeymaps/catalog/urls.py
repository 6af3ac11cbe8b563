"""URLs: where MkDocs publishes a source file, and relative links between pages.

The same rules as MkDocs 1.x (``index.md``/``README.md`` become the folder's
index; ``use_directory_urls`` gives ``maps/x/`` instead of ``maps/x.html``),
written here so the core needs no MkDocs to know its links.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def dest_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The output file of a page, relative to the site folder."""
    url = page_url(src_uri, use_directory_urls)
    return f"{url}index.html" if url.endswith("/") or url == "" else url


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
