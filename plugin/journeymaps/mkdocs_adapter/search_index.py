"""The search plugin's index (material's, or MkDocs' own): what it reads of the plugin's pages, and how incremental
rebuilds read and complete it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig

from journeymaps.catalog.generated import GeneratedPage
from journeymaps.render.pages import PageRenderer

__all__ = [
    "SearchReads",
    "around_text",
    "entries_of",
    "search_index",
    "search_plugin",
    "search_plugin_forget",
    "search_reads",
    "set_entries",
    "take_entries",
    "write_entries",
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


def search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin (material's ``search`` or ``material/search``, or MkDocs' own), or None."""
    return next((plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search"), None)


def search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index (material's or MkDocs' own), or None."""
    return getattr(search_plugin(config), "search_index", None)


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
    plugin = search_plugin(config)
    if hasattr(plugin, "search_index_prev"):
        plugin.search_index_prev = None


SEARCH_INDEX = "search/search_index.json"
_FRAME_END = b'"docs":[]}'


def take_entries(config: MkDocsConfig) -> list[Any] | None:
    """The entries of material's search index, taken from it before it writes the index (a one-shot build; None:
    another search plugin, or none). It then writes its index without them, and :func:`write_entries` puts them
    in: material makes the whole index one JSON text, alive three times over as it is written (at 1,000 maps
    about 25 MB, the peak of a build), where entry by entry needs a few kilobytes. Same bytes either way."""
    plugin = search_plugin(config)
    if plugin is None or not type(plugin).__module__.startswith("material.plugins.search"):
        return None
    index = getattr(plugin, "search_index", None)
    if index is None or not plugin.config.get("enabled", True):
        return None
    entries = entries_of(index)
    set_entries(index, [])
    return entries


def write_entries(site_dir: Path, entries: list[Any]) -> None:
    """Complete the index the search plugin wrote without ``entries`` (see :func:`take_entries`)."""
    path = site_dir / SEARCH_INDEX
    frame = path.read_bytes()
    if not frame.endswith(_FRAME_END):  # not the shape expected: the whole index at once, as the plugin does
        data = json.loads(frame)
        data["docs"] = entries
        path.write_bytes(json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"))
        return
    with path.open("wb") as fh:
        fh.write(frame[: -len(b"]}")])
        for i, entry in enumerate(entries):
            fh.write(b"," if i else b"")
            fh.write(json.dumps(entry, separators=(",", ":"), default=str).encode("utf-8"))
        fh.write(b"]}")
