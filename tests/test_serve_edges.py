"""Live preview's edges, found by an outside test of `mkdocs serve`: each session below ends in the site a full
build of the same sources writes, byte for byte. In-process rebuilds on real MkDocsConfigs, as test_incremental's;
the session's rebuilds are dirty, as `on_serve` makes them (MkDocs then no longer empties the site folder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort

from conftest import commit_all, git
from test_incremental import CONFIG, _config, _edit, _full, _plugin, _same_site, _site, _stage_emotion, handbook

__all__ = ["handbook"]  # the fixture, shared

Edit = Callable[[Path], None]


def _session(project: Path, *edits: Edit) -> tuple[dict[str, bytes], list[str]]:
    """The first build, then a dirty rebuild after each edit (``edit(project)``); whether each rebuild built."""
    config = _config(project, "served", "serve")
    mkdocs_build(config)
    is_dirty = False

    def builder() -> bool:  # serve's builder keeps its `is_dirty` in a closure, as this one
        return is_dirty

    _plugin(config).incremental.serve(builder)  # what on_serve does (test_incremental: the real `mkdocs serve`)
    assert _plugin(config).incremental.dirty and builder()
    outcomes = []
    for edit in edits:
        edit(project)
        config = _config(project, "served", "serve")
        try:
            mkdocs_build(config, dirty=True)
            outcomes.append("built")
        except Abort:
            outcomes.append("aborted")
    config.plugins.on_shutdown()
    return _site(project / "served"), outcomes


def _options(project: Path, lines: str) -> None:
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as fh:
        fh.write(lines)


def _map_saved(project: Path) -> None:
    _stage_emotion(project / "content")


def test_a_new_persona_first_in_order_moves_every_colour(handbook: Path) -> None:
    """A persona's colour is its place among the handbook's personas: a new one sorting first moves them all."""

    def new_persona(project: Path) -> None:
        (project / "content" / "personas" / "aaron.md").write_text(
            "---\ntype: persona\nname: Aaron Able\n---\n", encoding="utf-8"
        )

    served, outcomes = _session(handbook, new_persona)
    assert outcomes == ["built"]
    _same_site(served, _full(handbook))


def test_a_picture_replaced_by_an_older_file_is_copied(handbook: Path) -> None:
    """MkDocs copies a file newer than its copy; one moved over it (`cp -p`, an unpacked archive) may be older."""
    picture = handbook / "content" / "img" / "find.svg"
    picture.parent.mkdir()
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', encoding="utf-8")

    def older_picture(project: Path) -> None:
        new = project / "older.svg"
        new.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="2"/></svg>', "utf-8")
        os.utime(new, (946684800, 946684800))  # 2000-01-01
        os.replace(new, picture)

    served, _ = _session(handbook, older_picture)
    assert b"<rect" in served["img/find.svg"]
    _same_site(served, _full(handbook))


def test_strict_mode_stays_aborted_until_the_warning_is_gone(handbook: Path) -> None:
    """`strict: true` aborts a rebuild after its pages are written: the next, after an unrelated save, must not
    keep the broken page unsaid and publish it."""
    _options(handbook, "strict: true\n")
    home = handbook / "content" / "index.md"

    def broken_link(project: Path) -> None:
        home.write_text("# Home\n\nSee [the plan](nowhere.md).\n", encoding="utf-8")

    def fixed(project: Path) -> None:
        home.write_text("# Home\n\nSee the plan.\n", encoding="utf-8")

    served, outcomes = _session(handbook, broken_link, _map_saved, fixed)
    assert outcomes == ["aborted", "aborted", "built"]
    _same_site(served, _full(handbook))


def test_an_edit_of_an_inherited_config_renders_every_page(handbook: Path) -> None:
    (handbook / "base.yml").write_text("copyright: Old Name Ltd\n", encoding="utf-8")
    text = (handbook / "mkdocs.yml").read_text(encoding="utf-8")
    (handbook / "mkdocs.yml").write_text("INHERIT: base.yml\n" + text, encoding="utf-8")

    def renamed(project: Path) -> None:
        (project / "base.yml").write_text("copyright: New Name GmbH\n", encoding="utf-8")
        _map_saved(project)  # MkDocs does not watch base.yml: a save of a page rebuilds

    served, _ = _session(handbook, renamed)
    assert b"New Name GmbH" in served["index.html"]
    _same_site(served, _full(handbook))


def test_options_changed_while_serving_leave_no_stale_outputs(handbook: Path) -> None:
    """`incremental: false` and then a deleted map; `json: false`: what the last build wrote and this one does not
    is gone, as after a full build (which empties the folder)."""

    def not_incremental(project: Path) -> None:
        _options(project, "      incremental: false\n")

    def deleted(project: Path) -> None:
        (project / "content" / "maps" / "cjm-5.md").unlink()

    def no_json(project: Path) -> None:
        _options(project, "      json: false\n")

    served, outcomes = _session(handbook, not_incremental, deleted, no_json)
    assert outcomes == ["built"] * 3
    assert "maps/cjm-5/index.html" not in served and "journeymaps.json" not in served
    _same_site(served, _full(handbook))


def test_the_plugin_turned_off_while_serving_leaves_the_site_without_it(handbook: Path) -> None:
    def off(project: Path) -> None:
        _options(project, "      enabled: false\n")

    served, _ = _session(handbook, off)
    assert "opportunities/index.html" not in served
    _same_site(served, _full(handbook))


def test_a_search_setting_changed_while_serving_indexes_again(handbook: Path) -> None:
    """The kept search entries of a page are the search plugin's with its settings: MkDocs' own theme and search,
    `indexing: full` then `titles`."""
    config = CONFIG.format(threshold=1).replace("theme: {name: material, custom_dir: overrides}", "theme: mkdocs")
    (handbook / "mkdocs.yml").write_text(config.replace("  - search\n", "  - search: {indexing: full}\n"), "utf-8")

    def titles(project: Path) -> None:
        text = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(text.replace("indexing: full", "indexing: titles"), "utf-8")

    served, _ = _session(handbook, titles)
    _same_site(served, _full(handbook))


def test_a_commit_made_while_serving_shows(handbook: Path) -> None:
    """The history boxes and the changes index read git again when a commit is made."""
    commit_all(handbook, "Maps")

    def committed(project: Path) -> None:
        _edit(project / "content" / "maps" / "cjm-3.md", lambda d: d.__setitem__("title", "Committed title"))
        git(project, "commit", "-q", "-am", "Retitle a journey")

    served, _ = _session(handbook, committed)
    assert b"Retitle a journey" in served["changes/index.html"]
    _same_site(served, _full(handbook))
