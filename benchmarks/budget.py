#!/usr/bin/env python3
"""The plugin's share of a cold build: the 15% target (issue 21) against the floors of its own work, in one run.

    .venv/bin/python benchmarks/budget.py [--maps 1000] [--builds 2] [--rounds 3] [--project DIR]

On a generated handbook of N maps (benchmarks/generate.py; PDFs off) it runs, in one run:

  - cold ``mkdocs build`` (``.cache/`` deleted), ``--builds`` times: the build's wall time, the plugin's own time
    (its summary line: load, validate, resolve, analyse, render) and MkDocs' and material's part (the rest);
  - the budget: the plugin's time ``own`` is 15% of the build when ``own = 0.15 x (rest + own)``, that is
    ``own = rest x 0.15 / 0.85``;
  - the floors, CPU seconds, best of ``--rounds``, in this process: libyaml (PyYAML's C parser) reading every
    page's frontmatter, as events alone and as the nodes any YAML loader with line numbers builds; pydantic-core
    checking every page's model from data already parsed (the models alone: none of the plugin's own checks);
  - the plugin's render of every page (benchmarks/render.py's ``render_all``), its time and the HTML it makes;
  - the grid's cells (``partials/lane_cell.html``'s ``cell`` macro, the most called template code) against the
    same HTML written in plain Python (:func:`python_cell`, for the lanes the generated maps use, checked equal
    cell by cell): how much faster a second, non-overridable renderer in Python would make the hottest markup.

What the budget leaves after the floors is what any implementation would have for resolving the catalog and
rendering every page's HTML: the script prints it as the rate of HTML it would need, beside today's.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jinja2.nodes import EvalContext

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugin"))
from markupsafe import escape

from build import handbook_project
from journeymaps.pipeline import build
from journeymaps.render import cells as cells_module
from journeymaps.render.environment import Icons, make_environment
from journeymaps.render.pages import PageRenderer
from journeymaps.settings import Settings
from journeymaps.sources.files import folder_pages
from journeymaps.sources.frontmatter import normalise, split_frontmatter
from journeymaps.sources.loader import PageLoader
from journeymaps.validation.models import MODELS
from load_speed import build_figures
from render import render_all

HERE = Path(__file__).resolve().parent
SHARE = 0.15
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def best(rounds: int, work: Callable[[], object]) -> float:
    """The least CPU time of ``rounds`` runs of ``work``, without the cyclic garbage collector (the plugin parses
    without it too: the nodes are many short-lived objects in no cycle)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        started = time.process_time()
        try:
            work()
        finally:
            times.append(time.process_time() - started)
            gc.enable()
    return min(times)


def floors(docs_dir: Path, rounds: int) -> dict[str, float]:
    settings = Settings.for_folder(docs_dir, docs_dir.parent)
    raw = list(folder_pages(settings))  # read once: the parser's floor and the models' data come from the same text
    texts = []
    for page in raw:
        text = page.text if page.text is not None else (page.data or b"").decode("utf-8", "replace")
        yaml_text, _ = split_frontmatter(normalise(text))
        if yaml_text:
            texts.append(yaml_text)
    docs = [d for d in PageLoader(None).load(raw) if d.data is not None and d.entity_type in MODELS]
    pairs = [(MODELS[d.entity_type], d.data) for d in docs if d.entity_type is not None]
    handbook = build(settings)
    html: list[str] = []

    def render() -> None:
        html[:] = render_all(handbook)

    macro, plain, differ = cells_compared(handbook, rounds)
    return {
        "macro": macro,
        "plain": plain,
        "differ": differ,
        "yaml_mb": sum(map(len, texts)) / 1e6,
        "events": best(rounds, lambda: [list(yaml.parse(t, Loader=_Loader)) for t in texts]),
        "nodes": best(rounds, lambda: [yaml.compose(t, Loader=_Loader) for t in texts]),
        "models": best(rounds, lambda: [model.model_validate(data) for model, data in pairs]),
        "render": best(rounds, render),
        "html_mb": sum(map(len, html)) / 1e6,
        "pages": len(handbook.docs),
    }


Cell = tuple[Callable[..., Any], str, str, Any, str]


def grid_cells(handbook: Any) -> tuple[PageRenderer, list[Cell]]:
    """Every grid cell the entity pages draw: (macro, kind, key, stage, page URL), caught as the pages render."""
    renderer = PageRenderer(handbook, make_environment(), Icons())
    found: list[Cell] = []
    page = [""]
    row = cells_module.Cells.row

    def caught(self: Any, macro: Callable[..., Any], kind: str, key: str, stages: Any) -> list[str]:
        found.extend((macro, kind, key, s, page[0]) for s in stages)
        return row(self, macro, kind, key, stages)

    cells_module.Cells.row = caught  # type: ignore[method-assign]
    try:
        cat = handbook.catalog
        for src in sorted(cat.by_src):
            page[0] = cat.url(src)
            renderer.entity(src, page[0])
    finally:
        cells_module.Cells.row = row  # type: ignore[method-assign]
    return renderer, found


def python_cell(r: PageRenderer, say: Callable[..., Any], kind: str, key: str, s: Any, url: str) -> str | None:
    """``cell(kind, key, s)`` of ``partials/lane_cell.html`` in plain Python, without its blank lines, for the
    lanes of the generated maps (None: a lane or a stage with paths it does not write)."""
    st = s.s
    if key in ("actions", "touchpoints", "pain_points") and s.paths:
        return None
    if kind == "list":
        items = getattr(st, key)
        return "<ul>" + "".join([f"<li>{escape(x)}</li>" for x in items]) + "</ul>" if items else ""
    if kind == "text":
        text = getattr(st, key)
        return f"<p>{escape(text)}</p>" if text else ""
    if kind == "touchpoints":
        out = []
        for t in s.touchpoints:
            high = ""
            if t.weight == "high":
                high = (
                    f' <span class="jm-weight jm-weight-high" title="{say("High stakes")}">{say("high stakes")}</span>'
                )
            href = escape(r.link(url, r.handbook.catalog.entity_url("touchpoint", t.id)))
            out.append(f'<li>{r.channel(t.channel)["icon"]}<a href="{href}">{escape(t.name)}</a>{high}</li>')
        return '<ul class="jm-tp-list">' + "".join(out) + "</ul>" if out else ""
    if kind == "channels":
        return "".join([r.channel_chip(c) for c in s.channels])
    if kind == "pain_points":
        out = []
        for pp in st.pain_points:
            sev = ""
            if pp.severity:
                n = pp.severity
                sev = (
                    f' <span class="jm-severity jm-severity-{escape(n)}" title="{say("Severity %(n)s of 5", n=n)}">'
                    f"{say('sev %(n)s/5', n=n)}</span>"
                )
            out.append(f"<li>{escape(pp.title)}{sev}</li>")
        return '<ul class="jm-pains">' + "".join(out) + "</ul>" if out else ""
    if kind == "quotes":
        return "".join(
            f'<blockquote class="jm-quote">“{escape(q.text)}”'
            + (f"<footer>{escape(q.source)}</footer>" if q.source else "")
            + "</blockquote>"
            for q in st.quotes
        )
    if kind == "metrics" and st.metrics:
        pairs = sorted(st.metrics.items(), key=lambda kv: kv[0].lower())
        rows = [f"<dt>{escape(name.replace('_', ' '))}</dt><dd>{escape(value)}</dd>" for name, value in pairs]
        return '<dl class="jm-metrics">' + "".join(rows) + "</dl>"
    return "" if kind == "metrics" else None


def cells_compared(handbook: Any, rounds: int) -> tuple[float, float, int]:
    """CPU seconds of the grid's cells drawn by the template's macro and by :func:`python_cell` (the cells both
    write), and how many of them differ (their surrounding blanks aside)."""
    renderer, cells = grid_cells(handbook)
    evaluation = EvalContext(renderer.env)
    gettext = renderer.env.globals["_"]

    def say(words: str, **values: Any) -> Any:
        return gettext(evaluation, words, **values)

    both = [c for c in cells if python_cell(renderer, say, c[1], c[2], c[3], c[4]) is not None]
    differ = sum(str(m(k, key, s)).strip() != python_cell(renderer, say, k, key, s, u) for m, k, key, s, u in both)
    macro = best(rounds, lambda: [m(k, key, s) for m, k, key, s, _ in both])
    plain = best(rounds, lambda: [python_cell(renderer, say, k, key, s, u) for _, k, key, s, u in both])
    print(f"  {len(both)} of {len(cells)} grid cells compared", file=sys.stderr)
    return macro, plain, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--builds", type=int, default=2, help="cold builds (their median is shown)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each floor (the least is shown)")
    parser.add_argument("--project", type=Path, help="an existing project (mkdocs.yml and content/) to use")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jm-budget-") as tmp:
        project = handbook_project(args.project, args.maps, Path(tmp))
        runs = [build_figures(HERE.parent / "plugin", project) for _ in range(args.builds)]
        found = floors(project / "content", args.rounds)
    wall = statistics.median(r[1] for r in runs)
    own = statistics.median(r[3] for r in runs)
    rest = wall - own
    budget = rest * SHARE / (1 - SHARE)
    parse_validate = found["nodes"] + found["models"]
    left = budget - parse_validate

    def row(label: str, seconds: float, note: str = "") -> None:
        print(f"  {label:44}{seconds:7.2f} s{note}")

    print(f"{args.maps} maps, {found['pages']} pages; cold builds: median of {args.builds}")
    row("cold build, wall", wall)
    row("the plugin's own time (summary line)", own, f"  ({own / wall:.0%} of the build)")
    row("MkDocs and material (the rest)", rest)
    row(f"budget: {SHARE:.0%} of the build", budget, f"  (= rest x {SHARE:.2f} / {1 - SHARE:.2f})")
    print(f"floors, CPU s, best of {args.rounds}:")
    row(f"libyaml, events of {found['yaml_mb']:.1f} MB of frontmatter", found["events"])
    row("libyaml, their nodes (line numbers)", found["nodes"])
    row("pydantic-core, the models from parsed data", found["models"])
    row("parse + models", parse_validate, f"  ({parse_validate / budget:.0%} of the budget)")
    mb = found["html_mb"]
    print(f"render, today: {found['render']:.2f} s CPU for {mb:.1f} MB of HTML ({mb / found['render']:.0f} MB/s)")
    if found["differ"]:
        print(f"WARNING: {found['differ']} cells differ: python_cell no longer writes what lane_cell.html does")
    print(
        f"grid cells: the template's macro {found['macro']:.2f} s, plain Python {found['plain']:.2f} s: "
        f"{found['macro'] / found['plain']:.1f} x faster ({found['differ']} cells differ)"
    )
    if left > 0:
        print(
            f"left for resolving and rendering: {left:.2f} s, {mb / left:.0f} MB/s of HTML "
            f"({found['render'] / left:.1f} x today's render speed)"
        )
    else:
        print(f"left for resolving and rendering: nothing ({-left:.2f} s over the budget before a page is rendered)")


if __name__ == "__main__":
    main()
