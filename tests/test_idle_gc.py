"""Under `mkdocs serve`, Python's full garbage collection runs in the pause after a rebuild, not during the next one
(journeymaps.mkdocs_adapter.idle_gc): real in-process serve sessions on a generated handbook, as MkDocs drives them
(the config loaded again for each rebuild, the plugin kept)."""

from __future__ import annotations

import gc
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from build import HANDBOOK_CONFIG  # noqa: E402  (search and journeymaps, PDFs off)
from generate import generate  # noqa: E402


class Node:
    """A cycle, as a replaced site structure or catalog leaves them: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def project(tmp_path: Path) -> Path:
    generate(tmp_path / "content", 4)
    (tmp_path / "mkdocs.yml").write_text(HANDBOOK_CONFIG, encoding="utf-8")
    gc.unfreeze()  # whatever an earlier test left frozen
    return tmp_path


def _build(project: Path, command: str, dirty: bool = False) -> MkDocsConfig:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    mkdocs_build(config, dirty=dirty)
    return config


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins["journeymaps"]


def test_serve_collects_between_rebuilds_and_frees_what_a_rebuild_left(project: Path) -> None:
    config = _build(project, "serve")
    idle = _plugin(config).idle  # MkDocs keeps one plugin per process: an earlier serve's collector, maybe
    assert idle is not None and idle._timer is not None  # the first build's collection is waiting
    first, made = idle._timer, idle.collections
    assert idle.collect() and gc.get_freeze_count() > 0  # what is alive now is frozen...
    assert first.finished.is_set()  # (the waiting one is not needed any more)
    node = Node()
    dead = weakref.ref(node)
    assert idle.collect()  # ...the node too, as the catalog of one rebuild is frozen by the pause after it
    del node
    gc.collect()
    assert dead() is not None  # frozen: the collections during a build do not look at it

    idle.build_ended()  # a collection waits, as after a rebuild
    pending = idle._timer
    config = _build(project, "serve", dirty=True)  # a rebuild: the pending collection is cancelled, a new one waits
    assert pending is not None and pending.finished.is_set()
    assert idle._timer is not None and idle._timer is not pending
    assert idle.collections == made + 2
    assert idle.collect()  # the pause after it: the node is freed
    assert dead() is None

    config.plugins.on_shutdown()
    assert idle._timer is None and gc.get_freeze_count() == 0


def test_no_collection_while_a_rebuild_runs_and_the_pause_runs_one(project: Path) -> None:
    config = _build(project, "serve")
    plugin = _plugin(config)
    idle = plugin.idle
    made = idle.collections
    seen: list[bool] = []
    on_nav = plugin.on_nav

    def during(*args: Any, **kwargs: Any) -> Any:
        seen.append(idle.collect())  # what the timer would do, if it fired mid-build
        return on_nav(*args, **kwargs)

    plugin.on_nav, delay, idle.delay = during, idle.delay, 0.05
    try:
        config = _build(project, "serve", dirty=True)
    finally:  # the plugin and its collector live on in this process: as they were
        del plugin.on_nav
        idle.delay = delay
    assert seen == [False] and idle.collections == made
    deadline = time.monotonic() + 10
    while idle.collections == made and time.monotonic() < deadline:
        time.sleep(0.02)
    assert idle.collections == made + 1  # the timer thread ran it, after the rebuild
    config.plugins.on_shutdown()
    assert gc.get_freeze_count() == 0


def test_a_one_shot_build_leaves_the_collector_alone(project: Path) -> None:
    config = _build(project, "build")
    assert _plugin(config).idle is None
    assert gc.get_freeze_count() == 0
    config.plugins.on_shutdown()
