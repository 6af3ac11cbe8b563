"""What a build says about each page, said again when a serve rebuild keeps the page.

MkDocs warns about a page while it reads it (a link to a missing file) and after every page is written (a link to
a missing anchor). A page that a rebuild keeps is neither read nor written, so without this its warnings would go
away at the next unrelated save while the broken link stays, and `strict` would let it through. For each page the
build keeps:

- what was logged while MkDocs read it and while it wrote it (MkDocs sets ``config._current_page`` for both; its
  ``page.active`` is set only while it writes), said again, in a full build's order, when MkDocs passes the kept
  page (it asks ``file.is_modified()`` at that very point: the first time while reading, then while writing);
- the anchors it has and the anchors it links to, given back to the kept page, so that MkDocs' own anchor check,
  after the pages are written, says what a full build says (a kept page's link to a page that lost the anchor too).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

__all__ = ["PageLog", "Said"]


@dataclass
class Said:
    """One page's part of a build's log, and its anchors."""

    reading: list[logging.LogRecord] = field(default_factory=list)
    writing: list[logging.LogRecord] = field(default_factory=list)
    anchors: set[str] | None = None  # the ids in the page (MkDocs' present_anchor_ids)
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # page src_uri -> {anchor: the link as written}


class PageLog(logging.Handler):
    """Collects, from MkDocs' logger, what is said while a page is read or written, per page (INFO and up)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.pages: dict[str, Said] = {}
        self._config: MkDocsConfig | None = None

    def start(self, config: MkDocsConfig) -> None:
        """A build begins: collect what is said of its pages."""
        self.pages, self._config = {}, config
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
        self._config = None

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self._config, "_current_page", None) if self._config is not None else None
        if page is not None:
            said = self.pages.setdefault(page.file.src_uri, Said())
            (said.writing if page.active else said.reading).append(record)

    def kept(self, file: File, before: Said | None, files: Files) -> Any:
        """``file.is_modified`` for a page this build keeps: False, and what ``before`` said, said again."""
        calls = 0

        def is_modified() -> bool:
            nonlocal calls
            calls += 1
            if before is not None:
                self._again(file, before, files, reading=calls == 1)
            return False

        return is_modified

    def _again(self, file: File, before: Said, files: Files, reading: bool) -> None:
        now = self.pages.setdefault(file.src_uri, Said())
        records = before.reading if reading else before.writing
        if reading and file.page is not None:  # before MkDocs checks the anchors of every page
            file.page.present_anchor_ids = None if before.anchors is None else set(before.anchors)
            linked = {files.get_file_from_path(src): dict(links) for src, links in before.links.items()}
            file.page.links_to_anchors = {f: links for f, links in linked.items() if f is not None}
        config, self._config = self._config, None  # said again, not collected again: kept below
        try:
            for record in records:
                logging.getLogger(record.name).handle(record)
        finally:
            self._config = config
        (now.reading if reading else now.writing).extend(records)

    def finish(self, files: Files) -> dict[str, Said]:
        """After MkDocs checked the anchors: every page's part of this build's log, with its anchors."""
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            said = self.pages.setdefault(file.src_uri, Said())
            said.anchors = None if page.present_anchor_ids is None else set(page.present_anchor_ids)
            said.links = {f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()}
        pages, self.pages = self.pages, {}
        self.stop()
        return pages
