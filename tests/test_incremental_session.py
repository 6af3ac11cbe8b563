"""A serve session of many edits stays exact: after every rebuild of one session (edits that follow each other,
several files at once, a file moved, a map deleted and then restored, an error and its fix, a file saved without a
change), the served site is the site a separate ``mkdocs build`` of the same sources writes, byte for byte.

The session runs in this process as ``mkdocs serve`` drives it (tests/test_incremental.py); each full build runs in
its own process, as a user's, so that it shares nothing with the session's plugin instance."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build

from conftest import mkdocs
from test_incremental import (
    _config,
    _edit,
    _new_touchpoint,
    _persona_name,
    _plugin,
    _same_site,
    _site,
    _stage_emotion,
    handbook,  # noqa: F401 (the fixture)
)


def _moved(docs: Path) -> None:
    (docs / "maps" / "cjm-6.md").rename(docs / "maps" / "journey-six.md")


def _deleted_and_used(docs: Path) -> None:
    (docs / "maps" / "cjm-5.md").rename(docs.parent / "cjm-5.md.saved")  # out of the docs folder
    _new_touchpoint(docs)
    _edit(docs / "maps" / "cjm-8.md", lambda d: d["stages"][1]["touchpoints"].append("kiosk"))


def _restored(docs: Path) -> None:
    (docs.parent / "cjm-5.md.saved").rename(docs / "maps" / "cjm-5.md")


def _broken(docs: Path) -> None:
    path = docs / "maps" / "cjm-9.md"
    (docs.parent / "cjm-9.md.saved").write_bytes(path.read_bytes())

    def change(data: dict[str, Any]) -> None:
        data["stages"][0]["emotion"] = 9

    _edit(path, change)


def _fixed_and_saved_unchanged(docs: Path) -> None:
    (docs / "maps" / "cjm-9.md").write_bytes((docs.parent / "cjm-9.md.saved").read_bytes())
    os.utime(docs / "personas" / "persona-2.md")


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("a stage's emotion and a persona's name", lambda docs: (_stage_emotion(docs), _persona_name(docs))),
    ("a map's file renamed", _moved),
    ("a map deleted, a new touchpoint used by another", _deleted_and_used),
    ("the deleted map restored as it was", _restored),
    ("an error", _broken),
    ("the error undone, a file saved unchanged", _fixed_and_saved_unchanged),
]


def test_every_rebuild_of_a_long_serve_session_is_the_full_build(handbook: Path) -> None:  # noqa: F811
    config = _config(handbook, "served", "serve")
    mkdocs_build(config)
    total = len(_plugin(config).incremental.rendered)
    rendered = {}
    for name, edit in STEPS:
        edit(handbook / "content")
        config = _config(handbook, "served", "serve")
        mkdocs_build(config, dirty=True)
        rendered[name] = len(_plugin(config).incremental.rendered)
        full = mkdocs(handbook, "-d", "full")
        assert full.returncode == 0, full.stderr[-2000:]
        _same_site(_site(handbook / "served"), _site(handbook / "full"))
    config.plugins.on_shutdown()
    assert all(0 < n < total for n in rendered.values()), rendered
    assert rendered["an error"] < total / 2, rendered


def test_the_example_served_is_the_example_built(tmp_path: Path) -> None:
    """The example handbook (a blueprint, future states, inline touchpoints, the taxonomy's own lanes): the first
    build of a serve session, which keeps every page's YAML for the next rebuild, writes the site a one-shot build
    writes, which lets the YAML go (every line a message or a health finding names included)."""
    from conftest import example_handbook

    project = example_handbook(tmp_path)
    sites = {}
    for command in ("serve", "build"):
        config = _config(project, command, command)
        mkdocs_build(config)
        config.plugins.on_shutdown()
        sites[command] = _site(project / command)
    _same_site(sites["serve"], sites["build"])
