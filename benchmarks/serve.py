#!/usr/bin/env python3
"""Live preview at scale: what one saved edit costs under `mkdocs serve`, side by side with full builds.

    .venv/bin/python benchmarks/serve.py [--sizes 100 1000] [--full]

For each N (maps), on the generated handbook (benchmarks/generate.py; PDFs off), in one run:

  - a plain mkdocs-material site of the same files (benchmarks/build.py's copy): `mkdocs build`, time and peak RSS;
  - the handbook's `mkdocs build` without a page cache (cold): time, peak RSS, the plugin's own time;
  - a serve session in one process, driven as `mkdocs serve` drives MkDocs (the config loaded again for each
    rebuild, the plugin kept): the first build, a rebuild with nothing changed rendering every page (warm: what
    every rebuild cost before incremental serve, and what `incremental: false` costs), then, each a dirty
    rebuild after one edit made a few seconds after the last rebuild (READING: an author looks at the page):
    (a) one stage's emotion, (b) a persona's name, (c) a new map. Each prints its time, its ratio to the warm full
    rebuild, and the pages it rendered.

Targets (issue 21), at N = 1000: (a) <= 10% of a full build, (b) <= 30%, peak RSS of `mkdocs build` <= 1.5 x
the plain site's, the plugin's own time <= 15% of the cold build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import HANDBOOK_CONFIG, PLAIN_CONFIG, TIMINGS, plain_copy
from generate import generate
from measure import run_mkdocs

RENDERED = re.compile(r"(\d+) pages rendered, (\d+) kept")
READING = 3.0
"""Seconds between a rebuild and the next edit, as an author looks at the page before saving again (serve makes its
full garbage collection in that pause: journeymaps.mkdocs_adapter.idle_gc). Not timed."""


def _edit_front(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body, encoding="utf-8")


def _stage(data: dict) -> None:
    data["stages"][0]["emotion"] = 2 if data["stages"][0]["emotion"] != 2 else -2


def session(project: Path) -> dict[str, object]:
    """One serve session in this process (see the module's docstring); what it measured."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Keep())
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    docs = project / "content"

    def rebuild(dirty: bool) -> tuple[float, int]:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "served"))
        config.plugins.on_startup(command="serve", dirty=False)
        lines.clear()
        start = time.perf_counter()
        build(config, dirty=dirty)
        seconds = time.perf_counter() - start
        said = next((m for m in lines if RENDERED.search(m)), "")
        found = RENDERED.search(said)
        time.sleep(READING)
        return seconds, int(found.group(1)) if found else -1

    out: dict[str, object] = {}
    shutil.rmtree(project / ".cache", ignore_errors=True)
    out["first"] = rebuild(False)
    out["warm"] = rebuild(False)
    _edit_front(docs / "maps" / "cjm-3.md", _stage)
    out["stage"] = rebuild(True)
    _edit_front(docs / "personas" / "persona-1.md", lambda d: d.__setitem__("name", "Renamed persona"))
    out["persona"] = rebuild(True)
    text = (docs / "maps" / "cjm-4.md").read_text(encoding="utf-8").replace("title: Journey 4", "title: New journey")
    (docs / "maps" / "cjm-new.md").write_text(text, encoding="utf-8")
    out["new_map"] = rebuild(True)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def bench(n: int, folder: Path, code: Path | None = None, plain_mb: float | None = None) -> dict[str, object]:
    """One row; ``code``: the plugin folder to import journeymaps from (another checkout, for a before/after in
    one run); ``plain_mb``: the plain site's peak RSS measured before (its build is skipped, its time not shown)."""
    a, b = folder / f"handbook-{n}", folder / f"plain-{n}"
    (a / "content" / "maps" / "cjm-new.md").unlink(missing_ok=True)
    generate(a / "content", n)  # again for each row: the edits of the last session undone
    (a / "mkdocs.yml").write_text(HANDBOOK_CONFIG, encoding="utf-8")
    extra = {"PYTHONPATH": str(code)} if code else {}
    if plain_mb is None:
        plain_copy(a / "content", b / "content")
        (b / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
        plain = run_mkdocs(b)
        plain_seconds, plain_rss = plain.seconds, plain.peak_rss_mb
    else:
        plain_seconds, plain_rss = float("nan"), plain_mb
    shutil.rmtree(a / ".cache", ignore_errors=True)
    cold = run_mkdocs(a, extra)
    match = TIMINGS.search(cold.output)
    own = float(match.group(2)) if match else float("nan")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1", **extra}
    child = subprocess.run(
        [sys.executable, __file__, "--session", str(a)], env=env, capture_output=True, text=True, check=False
    )
    if child.returncode != 0:
        raise SystemExit(f"serve session failed:\n{child.stderr[-3000:]}")
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    pages = len(list((a / "content").rglob("*.md")))
    return {
        "n": n,
        "pages": pages,
        "plain": plain_seconds,
        "plain_rss": plain_rss,
        "code": str(code or ""),
        "cold": cold.seconds,
        "cold_rss": cold.peak_rss_mb,
        "own": own,
        **measured,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--full", action="store_true", help="also N = 3000")
    parser.add_argument("--keep", type=Path, help="build here and keep the projects")
    parser.add_argument("--session", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--code",
        type=Path,
        nargs="+",
        help="plugin folders (e.g. /work/main/plugin and ./plugin) measured one after the other on the same handbook",
    )
    parser.add_argument("--plain-mb", type=float, help="the plain site's peak RSS from an earlier run (skip its build)")
    args = parser.parse_args()
    if args.session:
        print(json.dumps(session(args.session)))
        return
    sizes = sorted(set(args.sizes + ([3000] if args.full else [])))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-bench-serve-"))
    print(
        "| N maps | pages | plain build | cold build (plugin share) | warm full rebuild | (a) one stage | "
        "(b) persona name | (c) new map | peak RSS build / plain | peak RSS serve session |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    try:
        for n, code in [(n, c) for n in sizes for c in (args.code or [None])]:
            r = bench(n, folder, code.resolve() if code else None, args.plain_mb)
            rows.append(r)
            if code:
                print(f"| {code} |")
            warm = r["warm"][0]  # type: ignore[index]

            def edit(key: str, r: dict[str, object] = r, warm: float = warm) -> str:
                seconds, rendered = r[key]  # type: ignore[misc]
                return f"{seconds:.2f} s ({seconds / warm:.0%}, {rendered} pages)"

            print(
                f"| {n} | {r['pages']} | {r['plain']:.1f} s | {r['cold']:.1f} s ({r['own'] / r['cold']:.0%}) | "  # type: ignore[operator]
                f"{warm:.1f} s ({r['warm'][1]} pages) | {edit('stage')} | {edit('persona')} | {edit('new_map')} | "  # type: ignore[index]
                f"{r['cold_rss']:.0f} / {r['plain_rss']:.0f} MB ({r['cold_rss'] / r['plain_rss']:.2f} x) | "  # type: ignore[operator]
                f"{r['rss_mb']:.0f} MB |",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    for r in rows:
        if r["n"] != 1000:
            continue
        if r["code"]:
            print(r["code"])
        warm = r["warm"][0]  # type: ignore[index]
        checks = [
            ("one-stage edit <= 10% of a full rebuild", r["stage"][0] / warm, 0.10),  # type: ignore[index]
            ("persona-name edit <= 30% of a full rebuild", r["persona"][0] / warm, 0.30),  # type: ignore[index]
            ("peak RSS of the build <= 1.5 x plain", r["cold_rss"] / r["plain_rss"], 1.5),  # type: ignore[operator]
            ("plugin's own time <= 15% of the cold build", r["own"] / r["cold"], 0.15),  # type: ignore[operator]
        ]
        for what, value, limit in checks:
            print(f"{'PASS' if value <= limit else 'MISS'}  {what} ({value:.2f})")


if __name__ == "__main__":
    main()
