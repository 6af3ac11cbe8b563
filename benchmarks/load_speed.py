#!/usr/bin/env python3
"""The load step (reading and parsing every page's frontmatter) of two checkouts, side by side.

    .venv/bin/python benchmarks/load_speed.py --before /work/main/plugin [--maps 1000] [--rounds 3] [--build]

On a generated handbook of N maps (benchmarks/generate.py), each round runs, in fresh processes and alternating
(before, after, before, after, ...):

  load   the CPU time (``time.process_time``) of ``PageLoader.load`` over every page of the docs folder, read
         from disk as the build reads it, without the page cache (a cold build's load step); then, in the same
         process, of ``Pipeline.build`` (load, validate, resolve, analyse: the plugin's work before rendering);
  build  with ``--build``: a cold ``mkdocs build`` (``.cache/`` deleted first): the CPU time of the whole build
         (user + system, from the kernel), and the plugin's summary line (load and the plugin's total, wall time).

It prints the median of each for both checkouts, and the ratio after/before. Compare on a quiet machine; the
two sides take turns so that a busy neighbour slows both alike. ``--before`` and ``--after`` are the ``plugin``
folders of the checkouts (``--after`` defaults to this one's).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import TIMINGS, handbook_project

HERE = Path(__file__).resolve().parent

CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import journeymaps
from journeymaps.settings import Settings
from journeymaps.sources.files import folder_pages
from journeymaps.sources.loader import PageLoader
from journeymaps.pipeline import Pipeline
docs = Path(sys.argv[2])
settings = Settings.for_folder(docs, docs.parent)
started = time.process_time()
loaded = PageLoader(None).load(folder_pages(settings))
seconds = time.process_time() - started
del loaded
started = time.process_time()
handbook = Pipeline(settings).build()
pipeline = time.process_time() - started
found = {"seconds": seconds, "pipeline": pipeline, "module": journeymaps.__file__, "timings": handbook.timings}
print(json.dumps(found))
"""


def load_seconds(plugin: Path, docs: Path) -> tuple[float, float]:
    """CPU seconds of one cold load of every page, then of the whole pipeline (load, validate, resolve, analyse; no
    page cache), in a fresh process importing journeymaps from ``plugin``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(plugin), str(docs)], env=env, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    if not found["module"].startswith(str(plugin)):
        raise SystemExit(f"{plugin}: imported {found['module']} instead")
    steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in found["timings"].items())
    print(f"  pipeline steps, wall s: {steps}", file=sys.stderr)
    return float(found["seconds"]), float(found["pipeline"])


def build_figures(plugin: Path, project: Path) -> tuple[float, float, float, float]:
    """A cold ``mkdocs build``: CPU seconds, wall seconds, and the load and plugin seconds of its summary line."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(plugin), "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed with {plugin}:\n{output[-3000:]}")
    found = TIMINGS.search(output)
    if found is None:
        raise SystemExit(f"no summary line in the build's output:\n{output[-3000:]}")
    print(f"  {found.group(0)}", file=sys.stderr)
    return usage.ru_utime + usage.ru_stime, wall, float(found.group(3)), float(found.group(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="the plugin folder of the checkout to compare with")
    parser.add_argument("--after", type=Path, default=HERE.parent / "plugin")
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time cold mkdocs builds")
    parser.add_argument("--project", type=Path, help="an existing project (mkdocs.yml and content/) to use")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    with tempfile.TemporaryDirectory(prefix="jm-load-") as tmp:
        project = handbook_project(args.project, args.maps, Path(tmp))
        docs = project / re.search(r"docs_dir:\s*(\S+)", (project / "mkdocs.yml").read_text()).group(1)  # type: ignore[union-attr]
        loads: dict[str, list[float]] = {side: [] for side in sides}
        pipelines: dict[str, list[float]] = {side: [] for side in sides}
        builds: dict[str, list[tuple[float, float, float, float]]] = {side: [] for side in sides}
        for number in range(args.rounds):
            for side, plugin in sides.items():
                load, pipeline = load_seconds(plugin, docs)
                loads[side].append(load)
                pipelines[side].append(pipeline)
                if args.build:
                    builds[side].append(build_figures(plugin, project))
                print(f"round {number + 1} {side}: load {loads[side][-1]:.2f} s CPU", file=sys.stderr)
    print(f"{args.maps} maps, {args.rounds} rounds alternated; medians")
    print(f"{'':28}{'before':>10}{'after':>10}{'after/before':>14}")
    row = "{:28}{:>10.2f}{:>10.2f}{:>14.2f}"
    before, after = (statistics.median(loads[s]) for s in sides)
    print(row.format("PageLoader.load, CPU s", before, after, after / before))
    before, after = (statistics.median(pipelines[s]) for s in sides)
    print(row.format("Pipeline.build, CPU s", before, after, after / before))
    if args.build:
        names = ("cold build, CPU s", "cold build, wall s", "load in summary, wall s", "plugin in summary, wall s")
        for index, name in enumerate(names):
            b, a = (statistics.median(run[index] for run in builds[s]) for s in sides)
            print(row.format(name, b, a, a / b))
        for side in sides:
            load_cpu = statistics.median(loads[side]) / statistics.median(run[0] for run in builds[side])
            load_wall = statistics.median(run[2] / run[1] for run in builds[side])
            plugin = statistics.median(run[3] / run[1] for run in builds[side])
            print(
                f"{side}: load CPU / build CPU {load_cpu:.1%}; of the build's wall time: load {load_wall:.1%}, "
                f"plugin {plugin:.1%}"
            )


if __name__ == "__main__":
    main()
