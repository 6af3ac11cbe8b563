"""An experiment, not product code: a one-shot build that renders its pages ahead in a forked worker process.

Add it to a handbook's mkdocs.yml as a hook (``hooks: [<this checkout>/benchmarks/forked_render.py]``; Linux, PDFs
off) and run ``mkdocs build``. At ``on_env`` the plugin normally renders every page's parts into its spool before
MkDocs' page loop (``mkdocs_adapter/ahead.py``). Here a forked child renders them instead, page by page in the
loop's order, while the parent goes on with MkDocs' page loop and takes each page's parts as the child sends their
place in the spool (the parent frees its catalog as usual). The build's summary line then shows the parent's own
time (its "render" is the time spent waiting for, and reading, the child's pages). At the end the hook prints the
wait, the largest sum of the two processes' proportional set sizes (PSS: memory pages both share are counted
half in each; sampled every 10 ms while the child lives) and each one's peak RSS.

Measured at 1,000 maps in the performance guide (tenth pass): the build's wall time falls by about a quarter, the
plugin's own time in the parent is 15-20% of it, and the two processes hold about 190 MB at once, 2.4 x the plain
site: what the child reads becomes its own copy (Python writes reference counts into every object it touches).
"""

from __future__ import annotations

import gc
import json as jsonlib
import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from journeymaps.mkdocs_adapter import ahead, plugin
from journeymaps.render.catalog_json import iter_catalog_json

FOUND: dict[str, float] = {"wait": 0.0, "sum": 0.0, "parent": 0.0, "child": 0.0, "child_rss": 0.0}
_END = "END\n"


def _pss(pid: int | str) -> float:
    """The proportional set size of process ``pid``, MB (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            return next((int(line.split()[1]) / 1024 for line in f if line.startswith("Pss:")), 0.0)
    except OSError:
        return 0.0


def _sample(child: int, stop: threading.Event) -> None:
    while not stop.is_set():
        mine, its = _pss("self"), _pss(child)
        FOUND["sum"] = max(FOUND["sum"], mine + its)
        FOUND["parent"], FOUND["child"] = max(FOUND["parent"], mine), max(FOUND["child"], its)
        time.sleep(0.01)


def render_in_child(
    handbook: Any,
    pages: Iterable[tuple[str, str]],
    parts: Callable[[str, str], ahead.PageParts],
    entity_pages: Iterable[str],
    *,
    json: bool,
) -> ahead.Ahead:
    """``render_ahead``'s work, the pages' parts and ``journeymaps.json`` made by a forked child."""
    spooled = ahead.Ahead(ahead.Counts.of(handbook))
    for src in entity_pages:
        spooled.put_body(src, handbook.docs[src].body)
    spool = spooled._spool
    spool._file.flush()
    pages = list(pages)
    read, write = os.pipe()
    gc.freeze()  # the child's collector leaves the objects they share alone
    child = os.fork()
    if child == 0:
        try:
            os.close(read)
            out = os.fdopen(write, "w")
            # its own offset in the spool file: the parent reads it meanwhile
            spool._file = open(f"/proc/self/fd/{spool._file.fileno()}", "r+b")  # noqa: SIM115

            def sent(key: str) -> None:
                spool._file.flush()
                start, sizes = spool._at[key]
                out.write(json_line(key, start, sizes))
                out.flush()

            for src, url in pages:
                spooled.put_page(src, parts(src, url))
                sent("page:" + src)
            if json:
                spooled.put_catalog(iter_catalog_json(handbook))
                sent("journeymaps.json")
            out.write(_END)
            out.close()
        finally:
            os._exit(0)
    os.close(write)
    gc.unfreeze()
    stop = threading.Event()
    threading.Thread(target=_sample, args=(child, stop), daemon=True).start()
    spooled._child = (os.fdopen(read), child, stop)  # type: ignore[attr-defined]
    return spooled


def json_line(key: str, start: int, sizes: tuple[int, ...]) -> str:
    return jsonlib.dumps([key, start, list(sizes)]) + "\n"


def _pull(spooled: ahead.Ahead, key: str) -> None:
    """Read the child's news until ``key`` is in the spool (or the child is done)."""
    child = getattr(spooled, "_child", None)
    started = time.perf_counter()
    while child is not None and key not in spooled._spool._at:
        pipe, pid, stop = child
        line = pipe.readline()
        if line in ("", _END):
            FOUND["child_rss"] = os.wait4(pid, 0)[2].ru_maxrss / 1024
            stop.set()
            spooled._child = child = None  # type: ignore[attr-defined]
            break
        got, start, sizes = jsonlib.loads(line)
        spooled._spool._at[got] = (start, tuple(sizes))
    FOUND["wait"] += time.perf_counter() - started


_take_page, _catalog = ahead.Ahead.take_page, ahead.Ahead.catalog


def _take_page_from_child(self: ahead.Ahead, src: str) -> ahead.PageParts | None:
    _pull(self, "page:" + src)
    return _take_page(self, src)


def _catalog_from_child(self: ahead.Ahead) -> Any:
    _pull(self, "")  # no such key: everything the child sends
    return _catalog(self)


ahead.Ahead.take_page = _take_page_from_child  # type: ignore[method-assign]
ahead.Ahead.catalog = _catalog_from_child  # type: ignore[method-assign]
plugin.render_ahead = render_in_child  # type: ignore[assignment]


def on_post_build(config: Any) -> None:
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"forked render: waited {FOUND['wait']:.2f} s; PSS of both at once at most {FOUND['sum']:.1f} MB (parent "
        f"{FOUND['parent']:.1f}, child {FOUND['child']:.1f}); peak RSS parent {parent_rss:.1f} MB, child "
        f"{FOUND['child_rss']:.1f} MB",
        file=sys.stderr,
    )
