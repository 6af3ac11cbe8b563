"""The search plugin's index (material's, or MkDocs' own), as incremental rebuilds read and complete it."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

__all__ = ["entries_of", "search_index", "search_plugin_forget", "set_entries"]


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
