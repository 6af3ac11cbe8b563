#!/usr/bin/env python3
"""PDF export at scale: cold render, warm rebuild, handbook assembly, memory.

    .venv/bin/python benchmarks/pdf.py [--sizes 50 500] [--keep DIR]

For each size, on a generated handbook (benchmarks/generate.py), measured side
by side in one run:

- cold: a build with PDFs and an empty cache; render time per PDF per core;
- warm: the same build again (nothing changed) against a build with `pdf: false`;
- assembly: the time to assemble handbook.pdf against the cold render time;
- peak RSS of the build and its PDF workers together.

Targets (issue 4): warm/off <= 1.1; assembly <= 10% of the cold render;
peak RSS < 1 GB at 500 maps; cold render <= 0.5 s per map per core.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import build, make_project

RENDERED = re.compile(r"PDF (\d+)/(\d+) rendered \(([\d.]+) s\)")
SUMMARY = re.compile(
    r"(\d+) PDFs \(rendered (\d+), reused (\d+)\) \+ handbook \((\d+) pages, (?:assembled in ([\d.]+) s|reused)\)"
)


def one(size: int, folder: Path) -> dict[str, float]:
    project = make_project(folder / f"h{size}", size)
    cores = os.cpu_count() or 1
    cold = build(project, pdf=True)
    rendered = RENDERED.findall(cold.output)
    summary = SUMMARY.search(cold.output)
    assert rendered and summary, cold.output[-2000:]
    pdfs = int(summary.group(1))
    render_s = float(rendered[-1][2])
    assembly_s = float(summary.group(5) or 0)
    warm = build(project, pdf=True)
    warm_summary = SUMMARY.search(warm.output)
    assert warm_summary and warm_summary.group(2) == "0", warm.output[-2000:]
    off = build(project, pdf=False)
    return {
        "maps": size,
        "pdfs": pdfs,
        "pages": int(summary.group(4)),
        "cold_s": cold.seconds,
        "render_s": render_s,
        "per_pdf_core_s": render_s * cores / pdfs,
        "warm_s": warm.seconds,
        "off_s": off.seconds,
        "warm_off": warm.seconds / off.seconds,
        "assembly_s": assembly_s,
        "assembly_share": assembly_s / render_s,
        "peak_mb": cold.peak_rss_mb,
        "warm_peak_mb": warm.peak_rss_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--keep", type=Path, help="build here and keep the projects (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-bench-pdf-"))
    print(f"{os.cpu_count()} cores; projects in {folder}")
    rows = []
    try:
        for size in args.sizes:
            row = one(size, folder)
            rows.append(row)
            print(
                f"{size:>5} maps: {row['pdfs']} PDFs, handbook {row['pages']} pages | cold build {row['cold_s']:.1f} s "
                f"(render {row['render_s']:.1f} s = {row['per_pdf_core_s']:.2f} s per PDF per core) | "
                f"warm {row['warm_s']:.2f} s vs pdf off {row['off_s']:.2f} s: ratio {row['warm_off']:.2f} | "
                f"assembly {row['assembly_s']:.1f} s = {row['assembly_share']:.0%} of the render | "
                f"peak RSS {row['peak_mb']:.0f} MB (warm {row['warm_peak_mb']:.0f} MB)",
                flush=True,
            )
    finally:
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
