"""Parse pages, once: in memory between ``serve`` rebuilds, on disk between builds.

A :class:`PageLoader` turns :class:`~journeymaps.sources.files.RawPage` into
:class:`~journeymaps.sources.frontmatter.SourceDoc`. A page whose place and text
are unchanged is taken from memory (the loader lives as long as the MkDocs
plugin instance, across ``serve`` rebuilds) or from the disk cache
(:class:`~journeymaps.sources.parse_cache.ParseCache`, keyed on the page and on
the code that parses it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from journeymaps.sources.files import RawPage
from journeymaps.sources.frontmatter import SourceDoc, decode, load_bytes, load_text
from journeymaps.sources.parse_cache import ParseCache, page_key

__all__ = ["PageLoader"]


class PageLoader:
    """Parses pages; ``cache_dir`` (optional) keeps them on disk, ``keep`` keeps them in memory for the next build."""

    def __init__(self, cache_dir: Path | None = None, *, keep: bool = False) -> None:
        self.cache_dir = cache_dir
        self.keep = keep
        self.parsed = 0
        """Pages the last :meth:`load` parsed (the others came from memory or the disk cache)."""
        self.cache_problem: str | None = None
        """Why the disk cache could not be written by the last :meth:`load`, if it could not."""
        self._memory: dict[str, tuple[str, SourceDoc]] = {}
        self._store: ParseCache | None = None

    def load(self, pages: Iterable[RawPage], each: Callable[[SourceDoc], None] | None = None) -> list[SourceDoc]:
        """Every page, parsed or reused, in the order given; ``each`` is called with every page as soon as it is
        read (and cached: it may let the page's data go)."""
        if self._store is None and self.cache_dir is not None:
            self._store = ParseCache(self.cache_dir)
        store = self._store
        if store is not None:
            store.start()
        docs: list[SourceDoc] = []
        seen: set[str] = set()
        self.parsed = 0
        for page in pages:
            seen.add(page.src_uri)
            if page.problem is not None:
                docs.append(SourceDoc(path=page.path, src_uri=page.src_uri, diagnostics=[page.problem]))
                continue
            text, data = page.text, page.data
            if text is not None and "\x00" in text:  # UTF-16 read as UTF-8 (it is, when it holds only ASCII)
                data = text.encode("utf-8", "surrogatepass")
                text = None
            if text is None:  # bytes: UTF-8 text is parsed (and cached) as text; anything else with a message
                text, problem = decode(data or b"", page.path)
                if problem is not None:
                    docs.append(load_bytes(data or b"", page.path, page.src_uri))
                    self.parsed += 1
                    continue
            docs.append(self._text(page.src_uri, page.path, text, store))
            if each is not None:
                each(docs[-1])
        for gone in set(self._memory) - seen:
            del self._memory[gone]
        if store is not None:
            self.cache_problem = store.save()
        if not self.keep:  # a one-shot build: nothing is reused after it
            self._memory, self._store = {}, None
        return docs

    def _text(self, src_uri: str, path: str, text: str, store: ParseCache | None) -> SourceDoc:
        key = page_key(path, src_uri, text)
        cached = self._memory.get(src_uri)
        if cached is not None and cached[0] == key:
            if store is not None:
                store.keep(key, cached[1])
            return cached[1]
        doc = store.get(key) if store is not None else None
        if doc is None:
            doc = load_text(text, path, src_uri)
            if store is not None:
                store.put(key, doc)
            self.parsed += 1
        if self.keep:
            self._memory[src_uri] = (key, doc)
        return doc
