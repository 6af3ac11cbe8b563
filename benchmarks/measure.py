"""Shared by the benchmark scripts: build a generated handbook with the real `mkdocs`
command, and measure wall time and the peak memory of the whole process tree
(the build and its PDF workers), sampled from /proc (Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

CONFIG = """site_name: Benchmark handbook
docs_dir: content
theme: {{name: material}}
plugins:
  - journeymaps:
      pdf: {pdf}
      nav_threshold: 50
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    output: str
    cpu_seconds: float = 0.0
    """CPU time of the build and the PDF workers it waited for (user + system): on a busy machine, much
    steadier than wall time."""


def make_project(folder: Path, maps: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    generate(folder / "content", maps)
    return folder


def _tree_rss_kb(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def build(project: Path, *, pdf: bool, extra_env: dict[str, str] | None = None) -> Run:
    """Build the generated handbook in ``project`` with PDFs on or off."""
    (project / "mkdocs.yml").write_text(CONFIG.format(pdf=str(pdf).lower()), encoding="utf-8")
    return run_mkdocs(project, extra_env)


def run_mkdocs(project: Path, extra_env: dict[str, str] | None = None) -> Run:
    """`mkdocs build` in ``project`` (its own mkdocs.yml): wall time, peak RSS of the process tree, output."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    # the kernel's own peak of the build process (exact, where sampling every 0.1 s can miss a short peak such as
    # the search index being written); the sampled sum over the process tree covers the PDF workers
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.stdout.close()
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{output[-3000:]}")
    return Run(seconds, max(peak, usage.ru_maxrss) / 1024, output, usage.ru_utime + usage.ru_stime)
