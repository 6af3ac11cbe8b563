#!/usr/bin/env python3
"""Site build at scale: the handbook against a plain Markdown site of the same size.

    .venv/bin/python benchmarks/build.py [--sizes 100 1000] [--full] [--runs 3]

For each N (maps), in one run and alternating (a, b, a, b, ...):

  (a) the generated handbook (benchmarks/generate.py) built with journeymaps, PDFs off;
  (b) a plain mkdocs-material site with the same Markdown files, each holding
      the same text as plain Markdown (no plugin): the floor a user compares with.

It prints the median wall time of each, the ratio a/b, the peak RSS of each,
the output size, and the plugin's own time inside build (a) (load, validate,
resolve, analyse, render), read from the plugin's summary line. Every
handbook build (a) starts without the page cache (`.cache/`); one more
build at the end, with the cache the last one left, gives the warm time (a
rebuild where no page changed: CI with a restored cache, a second local
build). `--full` adds N = 3000.

Targets (issue 6): a/b <= 1.0 at N = 1000; time at 3000 <= 3.5 x time at
1000; peak RSS at 1000 <= 1.5 x the plain site's; plugin share <= 10%.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from measure import run_mkdocs

HANDBOOK_CONFIG = """site_name: Benchmark handbook
docs_dir: content
theme: {name: material}
plugins:
  - search
  - journeymaps:
      pdf: false
"""
PLAIN_CONFIG = """site_name: Benchmark plain site
docs_dir: content
theme: {name: material}
plugins:
  - search
"""
TIMINGS = re.compile(
    r"journeymaps: (\d+) pages; plugin time ([\d.]+) s \(load ([\d.]+), validate ([\d.]+), "
    r"resolve ([\d.]+), analyse ([\d.]+), render ([\d.]+)"
)


def handbook_project(project: Path | None, maps: int, scratch: Path) -> Path:
    """``project`` if given (an existing mkdocs.yml and its docs), else a generated handbook of ``maps`` maps in
    ``scratch``, with :data:`HANDBOOK_CONFIG`."""
    if project is not None:
        return project
    project = scratch / "project"
    generate(project / "content", maps)
    (project / "mkdocs.yml").write_text(HANDBOOK_CONFIG, encoding="utf-8")
    return project


def _words(value: object) -> list[str]:
    """Every text of a frontmatter value, in order."""
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in ([str(k)] if not isinstance(v, (dict, list)) else []) + _words(v)]
    if isinstance(value, list):
        return [w for v in value for w in _words(v)]
    return [str(value)]


def plain_copy(handbook: Path, plain: Path) -> None:
    """The same files, the same text, as plain Markdown: a heading, a bullet per frontmatter value, the body."""
    for src in handbook.rglob("*.md"):
        text = src.read_text(encoding="utf-8")
        body, data = text, {}
        if text.startswith("---\n"):
            head, _, body = text[4:].partition("\n---\n")
            data = yaml.safe_load(head) or {}
        title = data.get("title") or data.get("name") or src.stem
        lines = [f"# {title}", ""] + [f"- {w}" for w in _words(data)] + ["", body]
        out = plain / src.relative_to(handbook)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines), encoding="utf-8")


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def bench(n: int, folder: Path, runs: int) -> dict[str, float]:
    a, b = folder / f"handbook-{n}", folder / f"plain-{n}"
    generate(a / "content", n)
    plain_copy(a / "content", b / "content")
    (a / "mkdocs.yml").write_text(HANDBOOK_CONFIG, encoding="utf-8")
    (b / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    times_a, times_b, rss_a, rss_b, inside = [], [], [], [], []
    for _ in range(runs):
        shutil.rmtree(a / ".cache", ignore_errors=True)  # cold: no page cache from the run before
        ra = run_mkdocs(a)
        rb = run_mkdocs(b)
        times_a.append(ra.seconds)
        times_b.append(rb.seconds)
        rss_a.append(ra.peak_rss_mb)
        rss_b.append(rb.peak_rss_mb)
        match = TIMINGS.search(ra.output)
        assert match, ra.output[-2000:]
        inside.append([float(x) for x in match.groups()[1:]])
    warm = run_mkdocs(a)  # the page cache of the last cold run: unchanged pages are not parsed again
    warm_match = TIMINGS.search(warm.output)
    assert warm_match, warm.output[-2000:]
    pages = len(list((a / "content").rglob("*.md")))
    own = [statistics.median(col) for col in zip(*inside)]
    ta, tb = statistics.median(times_a), statistics.median(times_b)
    return {
        "n": n,
        "pages": pages,
        "a": ta,
        "b": tb,
        "ratio": ta / tb,
        "rss_a": max(rss_a),
        "rss_b": max(rss_b),
        "size_a": size_mb(a / "site"),
        "size_b": size_mb(b / "site"),
        "own": own[0],
        "share": own[0] / ta,
        "load": own[1],
        "validate": own[2],
        "resolve": own[3],
        "analyse": own[4],
        "render": own[5],
        "warm": warm.seconds,
        "warm_own": float(warm_match.group(2)),
        "warm_share": float(warm_match.group(2)) / warm.seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--full", action="store_true", help="also N = 3000")
    parser.add_argument("--runs", type=int, default=3, help="builds of each site per size (the median is reported)")
    parser.add_argument("--keep", type=Path, help="build here and keep the projects")
    args = parser.parse_args()
    sizes = args.sizes + ([3000] if args.full and 3000 not in args.sizes else [])
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-bench-build-"))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.runs} runs each, alternating"
    )
    print(
        "| N maps | source pages | handbook (a) | plain (b) | a/b | peak RSS a | peak RSS b | output a | output b | "
        "plugin time (share) | load / validate / resolve / analyse / render | warm handbook (plugin share) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    rows = []
    try:
        for n in sorted(sizes):
            r = bench(n, folder, args.runs)
            rows.append(r)
            print(
                f"| {n} | {r['pages']} | {r['a']:.1f} s | {r['b']:.1f} s | {r['ratio']:.2f} | "
                f"{r['rss_a']:.0f} MB | {r['rss_b']:.0f} MB | {r['size_a']:.0f} MB | {r['size_b']:.0f} MB | "
                f"{r['own']:.1f} s ({r['share']:.0%}) | "
                f"{r['load']:.2f} / {r['validate']:.2f} / {r['resolve']:.2f} / {r['analyse']:.2f} / "
                f"{r['render']:.2f} s | "
                f"{r['warm']:.1f} s ({r['warm_own']:.1f} s, {r['warm_share']:.0%}) |",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    by_n = {r["n"]: r for r in rows}
    if 1000 in by_n:
        r = by_n[1000]
        print(f"{'PASS' if r['ratio'] <= 1.0 else 'MISS'}  handbook / plain at 1000 <= 1.0 ({r['ratio']:.2f})")
        print(
            f"{'PASS' if r['rss_a'] <= 1.5 * r['rss_b'] else 'MISS'}  peak RSS at 1000 <= 1.5 x plain "
            f"({r['rss_a'] / r['rss_b']:.2f} x)"
        )
        print(f"{'PASS' if r['share'] <= 0.10 else 'MISS'}  plugin share at 1000 <= 10% ({r['share']:.0%})")
        if 3000 in by_n:
            scale = by_n[3000]["a"] / r["a"]
            print(f"{'PASS' if scale <= 3.5 else 'MISS'}  time at 3000 <= 3.5 x time at 1000 ({scale:.2f} x)")


if __name__ == "__main__":
    main()
