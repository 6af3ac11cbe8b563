#!/usr/bin/env python3
"""PDF export at scale: cold render, warm rebuild, handbook assembly, memory.

    .venv/bin/python benchmarks/pdf.py [--sizes 50 500] [--keep DIR] [--against REV] [--rounds N]

For each size, on a generated handbook (benchmarks/generate.py), measured side
by side in one run:

- cold: a build with PDFs and an empty cache; render time per PDF per core;
- warm: the same build again (nothing changed) against a build with `pdf: false`;
- assembly: the time to assemble handbook.pdf against the cold render time;
- peak RSS of the build and its PDF workers together.

Targets (issue 4): warm/off <= 1.1; assembly <= 10% of the cold render;
peak RSS < 1 GB at 500 maps; cold render <= 0.5 s per map per core.

With ``--against REV`` (a git revision of this repository, e.g. the commit before a change) the same
measurements run for that revision's code too, alternating with this checkout's, ``--rounds`` times on the same
generated handbook, and the script prints this checkout's figures against REV's: side by side in one run, so a
busy machine slows both alike. The figures to compare are ratios (per PDF per core, warm/off, assembly share).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import build, make_project

RENDERED = re.compile(r"PDF (\d+)/(\d+) rendered \(([\d.]+) s\)")
SUMMARY = re.compile(
    r"(\d+) PDFs \(rendered (\d+), reused (\d+)\) \+ handbook \((\d+) pages, (?:assembled in ([\d.]+) s|reused)\)"
)


def one(size: int, folder: Path, code: Path | None = None) -> dict[str, float]:
    """One round at ``size`` maps; ``code``: a ``plugin/`` folder to run instead of the installed package."""
    project = folder / f"h{size}"
    if not (project / "content").exists():
        make_project(project, size)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # a cold build starts with no PDF or parse cache
    env = {"PYTHONPATH": str(code)} if code else None
    cores = os.cpu_count() or 1
    cold = build(project, pdf=True, extra_env=env)
    rendered = RENDERED.findall(cold.output)
    summary = SUMMARY.search(cold.output)
    assert rendered and summary, cold.output[-2000:]
    pdfs = int(summary.group(1))
    render_s = float(rendered[-1][2])
    assembly_s = float(summary.group(5) or 0)
    warm = build(project, pdf=True, extra_env=env)
    warm_summary = SUMMARY.search(warm.output)
    assert warm_summary and warm_summary.group(2) == "0", warm.output[-2000:]
    off = build(project, pdf=False, extra_env=env)
    return {
        "maps": size,
        "pdfs": pdfs,
        "pages": int(summary.group(4)),
        "cold_s": cold.seconds,
        "render_s": render_s,
        "per_pdf_core_s": render_s * cores / pdfs,
        # CPU seconds the PDFs cost per map: the cold build with PDFs against the build without (steady under load)
        "pdf_cpu_per_map_s": (cold.cpu_seconds - off.cpu_seconds) / size,
        "warm_s": warm.seconds,
        "off_s": off.seconds,
        "warm_off": warm.seconds / off.seconds,
        "assembly_s": assembly_s,
        "assembly_share": assembly_s / render_s,
        "peak_mb": cold.peak_rss_mb,
        "warm_peak_mb": warm.peak_rss_mb,
    }


def _line(label: str, row: dict[str, float]) -> str:
    return (
        f"{label}{row['maps']:>5} maps: {row['pdfs']} PDFs, handbook {row['pages']} pages | cold build "
        f"{row['cold_s']:.1f} s (render {row['render_s']:.1f} s = {row['per_pdf_core_s']:.2f} s per PDF per core) | "
        f"PDF CPU {row['pdf_cpu_per_map_s']:.2f} s per map | "
        f"warm {row['warm_s']:.2f} s vs pdf off {row['off_s']:.2f} s: ratio {row['warm_off']:.2f} | "
        f"assembly {row['assembly_s']:.1f} s = {row['assembly_share']:.0%} of the render | "
        f"peak RSS {row['peak_mb']:.0f} MB (warm {row['warm_peak_mb']:.0f} MB)"
    )


def _checkout(rev: str, folder: Path) -> Path:
    """REV's ``plugin/`` folder, from a detached git worktree in ``folder``."""
    repo = Path(__file__).resolve().parent.parent
    target = folder / f"rev-{rev}"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "-q", "--detach", str(target), rev], check=True)
    return target


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}


KEYS = (
    ("per_pdf_core_s", "cold render per PDF per core"),
    ("pdf_cpu_per_map_s", "PDF CPU per map"),
    ("warm_off", "warm/off"),
    ("assembly_share", "assembly share"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--keep", type=Path, help="build here and keep the projects (default: a temporary folder)")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision's code, alternating")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per size (with --against: per revision)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-bench-pdf-"))
    print(f"{os.cpu_count()} cores; projects in {folder}")
    rows: list[dict[str, float]] = []
    other = _checkout(args.against, folder) if args.against else None
    try:
        for size in args.sizes:
            mine, theirs = [], []
            for _ in range(args.rounds):
                if other:
                    theirs.append(one(size, folder, other / "plugin"))
                    print(_line(f"{args.against}: ", theirs[-1]), flush=True)
                mine.append(one(size, folder))
                print(_line("this:    " if other else "", mine[-1]), flush=True)
            rows += mine
            if other:
                a, b = _mean(mine), _mean(theirs)
                for key, name in KEYS:
                    print(
                        f"{size:>5} maps, {name}: this {a[key]:.3f} vs {args.against} {b[key]:.3f} "
                        f"= {a[key] / b[key]:.2f}x"
                    )
    finally:
        if other:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], check=False)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    checks = [
        ("warm/off <= 1.1", all(r["warm_off"] <= 1.1 for r in rows)),
        ("assembly <= 10% of the cold render", all(r["assembly_share"] <= 0.10 for r in rows)),
        ("peak RSS < 1 GB", all(r["peak_mb"] < 1024 for r in rows)),
        ("cold render <= 0.5 s per PDF per core", all(r["per_pdf_core_s"] <= 0.5 for r in rows)),
    ]
    for name, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}")


if __name__ == "__main__":
    main()
