"""The search plugin's index (material's, or MkDocs' own): what it reads of the plugin's pages, and how incremental
rebuilds read and complete it."""

from __future__ import annotations

from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig

from journeymaps.catalog.generated import GeneratedPage
from journeymaps.render.pages import PageRenderer

__all__ = [
    "SearchReads",
    "around_text",
    "entries_of",
    "search_index",
    "search_plugin_forget",
    "search_reads",
    "set_entries",
]


SearchReads = tuple[str, str] | Literal["index"] | None
"""What search reads around a page's own HTML: (before, after); ``"index"``: a section index (see
:func:`search_reads`), decided by whether the author wrote text of their own; None: the page as it is."""


def search_reads(
    renderer: PageRenderer, src: str, generated: GeneratedPage | None, entity: bool, before: str
) -> SearchReads:
    """What search reads around a page's own HTML instead of the plugin's: a map's words without the grid's markup
    (:mod:`journeymaps.render.search`); of a section index (``generated``, not an ``entity`` page), its title and
    the author's text, not the generated rows (each repeats what its own page says; the backlog alone matched every
    search): :func:`around_text`. A touchpoint page is read with what comes ``before`` the author's text (its
    channel, owner and stakes), not its table of the stages it occurs in: each row repeats a map's stage, which
    search finds on the map (at 1,000 maps that table was 2 of the index's 9 MB)."""
    if generated is not None and generated.kind == "index" and not entity:
        return "index"
    if renderer.handbook.catalog.touchpoint_at(src) is not None:
        return before, ""
    return renderer.search_text(src)


def around_text(reads: SearchReads, html: str) -> tuple[str, str] | None:
    """``reads`` around the page's own ``html``: a section index without text of its own gets an empty paragraph,
    the one entry that carries its title."""
    if reads == "index":
        return ("", "") if html.strip() else ("<p></p>", "")
    return reads


def search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index (material's or MkDocs' own), or None."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search":
            return getattr(plugin, "search_index", None)
    return None


def entries_of(index: Any) -> list[Any]:
    found = getattr(index, "entries", None)
    return found if isinstance(found, list) else getattr(index, "_entries", [])


def set_entries(index: Any, entries: list[Any]) -> None:
    if isinstance(getattr(index, "entries", None), list):
        index.entries = entries
    else:
        index._entries = entries


def search_plugin_forget(config: MkDocsConfig) -> None:
    """material's search merges the last index into a dirty build's: the index here is already whole."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search" and hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None
