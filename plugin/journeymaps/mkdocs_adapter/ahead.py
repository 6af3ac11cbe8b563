"""A one-shot build renders what it adds to every page before MkDocs' page loop, and frees the catalog first.

MkDocs reads and writes the pages one at a time, and what it keeps of each (the page, its table of contents, the
search plugin's entries) is made while the plugin's catalog is alive. Python's allocator gives an arena back to the
system only when nothing in it lives, so objects made among the catalog's kept most of its memory after the
catalog was freed (at 1,000 maps: 65 arenas, 21 MB of them free blocks, when the search plugin wrote its index,
the build's peak). So a build that needs the catalog for nothing after its pages (``mkdocs build`` without PDFs)
renders each page's parts at ``on_env`` into a spool file, writes ``journeymaps.json`` into it too, and lets the
catalog go before the first page is read: the pages are then made in the memory the catalog gave back. Under
``serve`` (the catalog is kept for the next rebuild) and with PDFs (made from the catalog after the pages), each
page's parts are rendered as the page is written, by the same function (:func:`page_parts`).

The build ends with material's search plugin writing its index, which it makes as one JSON text (alive three
times over as it is written: 26 MB at 1,000 maps, then the peak of the build). A one-shot build takes the index's
entries from it first and writes them after it, one at a time, into the index it wrote without them: the same
bytes (:func:`journeymaps.mkdocs_adapter.search_index.take_entries`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mkdocs.config.defaults import MkDocsConfig

from journeymaps.handbook import Handbook
from journeymaps.mkdocs_adapter.search_index import SearchReads, take_entries, write_entries
from journeymaps.render.catalog_json import iter_catalog_json

__all__ = ["Ahead", "Counts", "PageParts", "Spool", "page_parts", "render_ahead"]


@dataclass(frozen=True, slots=True)
class PageParts:
    """What the plugin adds around a page's own HTML, and what search reads there instead (:func:`search_reads`)."""

    before: str
    after: str
    search: SearchReads


def page_parts(
    around: Callable[[str, str], tuple[str, str]],
    reads: Callable[[str, str], SearchReads] | None,
    src: str,
    page_url: str,
) -> PageParts:
    """The parts of the page at ``src`` (URL ``page_url``, relative to this language's site): ``around`` gives the
    HTML before and after the author's own; ``reads`` what search reads (None: no search plugin)."""
    before, after = around(src, page_url)
    return PageParts(before, after, reads(src, before) if reads is not None and (before or after) else None)


_SLICE = 1 << 16
"""Characters of a text encoded at once into the spool."""


class Spool:
    """Text kept in a temporary file, by key, until taken (once)."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), after the pages)
        self._at: dict[str, tuple[int, tuple[int, ...]]] = {}

    def put(self, key: str, texts: Iterable[str]) -> None:
        start, sizes = self._file.seek(0, 2), []
        for text in texts:
            size = 0
            # A large text (the backlog: 4.8 MB at 1,000 maps) is written a slice at a time: its bytes all at once
            # were the build's peak (the catalog alive, the page's text too). The same bytes: each code point,
            # a lone surrogate too, is encoded on its own.
            for at in range(0, len(text), _SLICE):
                data = text[at : at + _SLICE].encode("utf-8", "surrogatepass")
                self._file.write(data)
                size += len(data)
            sizes.append(size)
        self._at[key] = (start, tuple(sizes))

    def take(self, key: str) -> list[str] | None:
        return None if key not in self._at else list(self.pieces(key))

    def pieces(self, key: str) -> Iterator[str]:
        """The texts put under ``key``, read one at a time (nothing if none)."""
        start, sizes = self._at.pop(key, (0, ()))
        for size in sizes:
            self._file.seek(start)
            start += size
            yield self._file.read(size).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()
        self._at = {}


_NONE, _INDEX, _TEXT = "-", "i", "t"


@dataclass(frozen=True, slots=True)
class Counts:
    """What the build's info line and ``strict`` say of the handbook."""

    pages: int
    parsed: int
    errors: int

    @classmethod
    def of(cls, handbook: Handbook) -> Counts:
        return cls(len(handbook.docs), handbook.parsed, len(handbook.report.errors))


def render_ahead(
    handbook: Handbook,
    pages: Iterable[tuple[str, str]],
    parts: Callable[[str, str], PageParts],
    entity_pages: Iterable[str],
    *,
    json: bool,
) -> Ahead:
    """The spool of a one-shot build: the ``parts`` of each of its ``pages`` (src_uri, URL), the body of each
    entity page (MkDocs reads them from us), ``journeymaps.json`` if the site publishes it."""
    ahead = Ahead(Counts.of(handbook))
    for src, url in pages:
        ahead.put_page(src, parts(src, url))
    for src in entity_pages:
        ahead.put_body(src, handbook.docs[src].body)
    if json:
        ahead.put_catalog(iter_catalog_json(handbook))
    return ahead


class Ahead:
    """The pages of a one-shot build, rendered before MkDocs reads the first of them (see the module)."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self._spool = Spool()
        self._search: list[Any] | None = None

    def take_search(self, config: MkDocsConfig) -> None:
        """Before the search plugin writes its index: its entries, written by :meth:`finish` instead (memory:
        :func:`journeymaps.mkdocs_adapter.search_index.take_entries`)."""
        self._search = take_entries(config)

    def finish(self, site_dir: Path) -> None:
        """After the search plugin wrote its index: the entries put in; the spool closed."""
        if self._search is not None:
            write_entries(site_dir, self._search)
            self._search = None
        self.close()

    def put_page(self, src: str, parts: PageParts) -> None:
        s = parts.search
        flag, reads = (_NONE, ("", "")) if s is None else (_INDEX, ("", "")) if s == "index" else (_TEXT, s)
        self._spool.put("page:" + src, (parts.before, parts.after, flag, *reads))

    def take_page(self, src: str) -> PageParts | None:
        got = self._spool.take("page:" + src)
        if got is None:
            return None
        before, after, flag, first, second = got
        return PageParts(before, after, None if flag == _NONE else "index" if flag == _INDEX else (first, second))

    def put_body(self, src: str, body: str) -> None:
        self._spool.put("body:" + src, (body,))

    def take_body(self, src: str) -> str | None:
        got = self._spool.take("body:" + src)
        return None if got is None else got[0]

    def put_catalog(self, pieces: Iterable[str]) -> None:
        """``journeymaps.json``, in pieces (its pieces are one entity each)."""
        self._spool.put("journeymaps.json", pieces)

    def catalog(self) -> Iterator[str]:
        return self._spool.pieces("journeymaps.json")

    def close(self) -> None:
        self._spool.close()
