#!/usr/bin/env python3
"""The example handbook on each engine, build times side by side.

    .venv/bin/python benchmarks/engines.py [--runs 3] [--pdf]

In one run and alternating (one build of each engine, then again), on a copy of
the repo's example (content/, mkdocs.yml, site_config/, themes/; PDFs off unless
--pdf, the page cache kept between runs as a user's would be):

- MkDocs 1.6 with the plugin (`mkdocs build`);
- ProperDocs with the plugin (`properdocs build`), when installed;
- TechDocs: `mkdocs build` with techdocs-core in plugins, in the virtualenv
  tests/test_techdocs.py makes under .cache/ (run it once first);
- Zensical: `journeymaps generate --engine zensical`, then `zensical build`
  (both timed, and their sum), when zensical is installed;
- MkDocs 1.6 without the plugin: `journeymaps generate`, then `mkdocs build`
  of the generated folder.

Prints the median wall and CPU time of each and their ratios to MkDocs with the plugin.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}


Time = tuple[float, float]
"""(wall seconds, CPU seconds): CPU (user + system of the build's processes) is steadier on a shared machine."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Time:
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(str(c) for c in cmd)} failed in {cwd}:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return seconds, _children_cpu() - cpu


def plus(a: Time, b: Time) -> Time:
    return a[0] + b[0], a[1] + b[1]


def copy_example(work: Path, *, pdf: bool, techdocs: bool = False) -> Path:
    work.mkdir(parents=True)
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, work / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not pdf:
        config = config.replace("pdf: true", "pdf: false")
    if techdocs:
        config = config.replace("\n  - search\n", "\n  - techdocs-core\n")
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work


def techdocs_python() -> Path | None:
    found = sorted((ROOT / ".cache").glob("techdocs-*/.ready"))
    return found[-1].parent / "bin" / "python" if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="PDFs on (cached after the first run)")
    args = parser.parse_args()
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="jm-engines-"))
    engines: dict[str, Callable[[], Time]] = {}
    notes: list[str] = []
    plain = copy_example(tmp / "mkdocs", pdf=args.pdf)
    engines["MkDocs 1.6 + plugin"] = lambda: timed([py, "-m", "mkdocs", "build", "-q"], plain)
    if importlib.util.find_spec("properdocs") is not None:
        proper = copy_example(tmp / "properdocs", pdf=args.pdf)
        engines["ProperDocs 1.6 + plugin"] = lambda: timed([py, "-m", "properdocs", "build", "-q"], proper)
    else:
        notes.append("ProperDocs: not installed (it is in the test extra)")
    techdocs = techdocs_python()
    if techdocs is not None:
        tech = copy_example(tmp / "techdocs", pdf=args.pdf, techdocs=True)
        env = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}
        tech_build = [techdocs, "-m", "mkdocs", "build", "-q"]
        engines["TechDocs (techdocs-core) + plugin"] = lambda: timed(tech_build, tech, env)
    else:
        notes.append("TechDocs: no virtualenv yet (run tests/test_techdocs.py once)")
    source = copy_example(tmp / "generate", pdf=args.pdf)
    parts: dict[str, list[Time]] = {"  of which journeymaps generate": [], "  of which zensical build": []}

    def generate(engine: str) -> Time:
        out = f"out-{engine}"
        return timed([py, "-m", "journeymaps.cli", "generate", "--out", out, "--engine", engine], source)

    if importlib.util.find_spec("zensical") is not None:

        def zensical() -> Time:
            gen = generate("zensical")
            build = timed([py, "-m", "zensical", "build", "--clean"], source / "out-zensical")
            parts["  of which journeymaps generate"].append(gen)
            parts["  of which zensical build"].append(build)
            return plus(gen, build)

        engines[f"Zensical {version('zensical')}: generate + build"] = zensical
    else:
        notes.append("Zensical: not installed (pip install 'journeymaps[zensical]')")
    engines["MkDocs 1.6 no plugin: generate + build"] = lambda: plus(
        generate("mkdocs"), timed([py, "-m", "mkdocs", "build", "-q"], source / "out-mkdocs")
    )
    times: dict[str, list[Time]] = {name: [] for name in engines}
    for _ in range(args.runs):
        for name, run in engines.items():
            times[name].append(run())
    times.update({name: values for name, values in parts.items() if values})
    base = [statistics.median(t[i] for t in times["MkDocs 1.6 + plugin"]) for i in (0, 1)]
    print(f"example handbook, PDFs {'on' if args.pdf else 'off'}, median of {args.runs} runs\n")
    print(f"| {'engine':<42} | {'wall s':>6} | {'vs MkDocs':>9} | {'CPU s':>6} | {'vs MkDocs':>9} |")
    print(f"| {'-' * 42} | {'-' * 5}:| {'-' * 8}:| {'-' * 5}:| {'-' * 8}:|")
    for name, values in times.items():
        wall, cpu = (statistics.median(t[i] for t in values) for i in (0, 1))
        print(f"| {name:<42} | {wall:6.2f} | {wall / base[0]:8.2f}x | {cpu:6.2f} | {cpu / base[1]:8.2f}x |")
    for note in notes:
        print(f"\nnote: {note}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
