"""Navigation: entity pages grouped under Personas / Maps / Touchpoints.

A group with more pages than the threshold is reached through its index page
only, so every page's HTML stays small however large the handbook grows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

Group = tuple[str, Page | None, list[Page]]


def regroup(
    nav: Navigation,
    groups: Sequence[Group],
    threshold: int,
    title_of: Callable[[Page], str],
    home: Page | None = None,
) -> Navigation:
    """``nav`` with the groups' pages under their sections, where the first of them was; ``home``: the generated home
    page, first (MkDocs puts an author's ``index.md`` first; a generated file comes last)."""
    moved = {id(p) for _, index, pages in groups for p in ([index] if index else []) + pages}
    position: list[int] = []

    def prune(items: list[StructureItem], top: bool) -> list[StructureItem]:
        kept: list[StructureItem] = []
        for _i, item in enumerate(items):
            if id(item) in moved:
                if top and not position:
                    position.append(len(kept))
                continue
            if isinstance(item, Section):
                before = len(item.children)
                item.children = prune(list(item.children), False)
                if not item.children:
                    if top and not position:
                        position.append(len(kept))
                    continue
                if top and not position and len(item.children) < before:
                    position.append(len(kept) + 1)
            kept.append(item)
        return kept

    items = prune([item for item in nav.items if item is not home], True)
    new: list[StructureItem] = []
    for title, index, pages in groups:
        if index is None and not pages:
            continue
        members = sorted(pages, key=lambda p: (title_of(p).lower(), p.file.src_uri))
        if len(members) > threshold or not members:
            if index is not None:
                new.append(index)
            continue
        children: list[StructureItem] = [index] if index is not None else []
        new.append(Section(escape(title), children + list(members)))  # themes print it unescaped; a site's word
    at = position[0] if position else len(items)
    items[at:at] = new
    items[:0] = [home] if home is not None else []
    nav.items = items
    nav.pages = _pages(items)
    _link(items, None)
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
    return nav


def _pages(items: Sequence[StructureItem]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out.extend(_pages(item.children))
    return out


def _link(items: Sequence[StructureItem], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)
        elif isinstance(item, Link):
            pass
