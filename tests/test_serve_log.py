"""A serve rebuild says what a full build of the same sources says: the warnings of the pages it keeps too (a broken
link, a missing anchor), in the full build's order. MkDocs reads no kept page, so nothing else would say them; an
author who saved another file would see the warning go while the broken link stays. In-process rebuilds on real
MkDocsConfigs, dirty as `on_serve` makes them (test_serve_edges)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build

from test_incremental import _config, _full, _plugin, _same_site, _site, _stage_emotion, handbook

__all__ = ["handbook"]  # the fixture, shared

NOTES = "# Notes\n\nSee [the plan](nowhere.md), [the budget](maps/cjm-3.md#budget) and [here](#here).\n"


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno >= logging.WARNING or "contains a link" in text or "unrecognized relative link" in text:
            self.lines.append(f"{record.levelname}: {text}")


@contextmanager
def _said() -> Iterator[list[str]]:
    handler = _Said()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)  # as the command line sets it (MkDocs' link checks say INFO)
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _full_said(project: Path) -> tuple[dict[str, bytes], list[str]]:
    with _said() as lines:
        site = _full(project)
    return site, lines


def _served(project: Path, *edits: Callable[[Path], None]) -> list[tuple[list[str], list[str], int]]:
    """A serve session: after each edit, what the dirty rebuild said, what a full build of the same sources said
    (built after the session, from a copy: the process's plugin instance is serve's), and how many pages it kept."""
    config = _config(project, "served", "serve")
    mkdocs_build(config)
    is_dirty = False

    def builder() -> bool:  # serve's builder keeps its `is_dirty` in a closure, as this one
        return is_dirty

    _plugin(config).incremental.serve(builder)
    rebuilds = []
    for n, edit in enumerate(edits):
        edit(project)
        config = _config(project, "served", "serve")
        with _said() as rebuild:
            mkdocs_build(config, dirty=True)
        rebuilds.append((rebuild, _plugin(config).incremental.skipped))
        shutil.copytree(project, project.parent / f"sources-{n}", ignore=shutil.ignore_patterns("served"))
        shutil.copytree(project / "served", project.parent / f"served-{n}")
    config.plugins.on_shutdown()
    said = []
    for n, (rebuild, kept) in enumerate(rebuilds):
        site, full = _full_said(project.parent / f"sources-{n}")
        _same_site(_site(project.parent / f"served-{n}"), site)
        said.append((rebuild, full, kept))
    return said


def test_a_kept_page_says_its_warnings_again(handbook: Path) -> None:
    """Its broken link and its link to a missing anchor, said by MkDocs while it read the page and after the pages
    were written (anchors), each time the page is kept; and a kept page's link to an anchor the map it links to lost
    (a heading of the map's text renamed) is said, as a full build says it."""
    (handbook / "content" / "notes.md").write_text(NOTES, encoding="utf-8")
    journey = handbook / "content" / "maps" / "cjm-3.md"
    with journey.open("a", encoding="utf-8") as fh:
        fh.write("\n## Budget\n\nWhat the journey costs; [last year's](../budget-2025.md).\n")

    def budget_renamed(project: Path) -> None:
        journey.write_text(journey.read_text(encoding="utf-8").replace("## Budget", "## Costs"), encoding="utf-8")

    def map_saved(project: Path) -> None:
        _stage_emotion(project / "content")

    said = _served(handbook, map_saved, budget_renamed, map_saved)
    for rebuild, full, kept in said:
        assert kept > 20  # the notes page among them
        assert rebuild == full
        assert any("'nowhere.md', but the target is not found" in line for line in rebuild)
        assert any("'#here', but there is no such anchor" in line for line in rebuild)
        assert any("'../budget-2025.md', but the target" in line for line in rebuild)  # the map's, rendered
    lost = [any("does not contain an anchor '#budget'" in line for line in rebuild) for rebuild, _, _ in said]
    assert lost == [False, True, True]
