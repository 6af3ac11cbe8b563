#!/usr/bin/env python3
"""The render step alone: every page of a handbook rendered once, from one pipeline build (no MkDocs).

    PYTHONPATH=plugin .venv/bin/python benchmarks/render.py DOCS_DIR [--rounds 3] [--profile OUT] [--digest]

Builds the handbook once (load -> analyse, not timed), then renders, as a
site build does, every entity page (the HTML around its body), every
generated page and every map's search text, ``--rounds`` times with a fresh
renderer each round (the environment compiles its templates again, as a new
build does). Prints each round's wall and CPU seconds and their medians. ``--profile OUT``
writes cProfile's statistics of one more round to OUT (``python -m pstats``);
``--digest`` prints a SHA-256 of everything rendered, to compare two
checkouts' output (PYTHONPATH=main/plugin vs PYTHONPATH=branch/plugin).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import statistics
import time
from pathlib import Path

from journeymaps.pipeline import build
from journeymaps.render.environment import Icons, make_environment
from journeymaps.render.pages import PageRenderer
from journeymaps.settings import Settings


def render_all(handbook: object) -> list[str]:
    """Every fragment a site build renders, in a fixed order."""
    renderer = PageRenderer(handbook, make_environment(), Icons())  # type: ignore[arg-type]
    cat = renderer.handbook.catalog
    out: list[str] = []
    for src in sorted(cat.by_src):
        out += renderer.entity(src, cat.url(src))
        out += renderer.search_text(src) or ()
    for page in renderer.registry.pages.values():
        if page.section != "changes":  # needs the site's git history
            out.append(renderer.generated(page, cat.url(page.src_uri)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docs_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--digest", action="store_true")
    args = parser.parse_args()
    handbook = build(Settings.for_folder(args.docs_dir, args.docs_dir.parent))
    times, cpu = [], []
    out: list[str] = []
    for _ in range(args.rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        out = render_all(handbook)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    for name, seconds in (("wall", times), ("CPU", cpu)) if times else ():
        shown = " ".join(f"{t:.2f}" for t in seconds)
        print(f"render {name} (s): {shown}; median {statistics.median(seconds):.2f}")
    if args.digest:
        print(f"{len(out)} fragments, sha256 {hashlib.sha256(''.join(out).encode()).hexdigest()}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(render_all, handbook)
        profiler.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()
