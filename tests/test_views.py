"""Opportunity backlog and map health: handbooks built so each view has a known right answer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import PERSONA, BuildResult, Writer

MAP = """
---
type: cjm
title: {title}
persona: maya
reviewed: {reviewed}
evidence: {evidence}
stages:
  - name: One
    owner: Team A
    actions: [Act]
    touchpoints: [{{name: Form, channel: web, owner: Web}}]
    emotion: -1
    opportunities:
      - {{title: Cheap and broad, impact: 5, effort: 1, owner: Web team}}
      - {{title: Unscored idea}}
      - {{title: Hard and narrow, impact: 1, effort: 5}}
  - name: Two
    owner: Team A
    emotion: 0
    opportunities:
      - {{title: Tie low impact, impact: 2, effort: 1}}
      - {{title: Tie high impact, impact: 4, effort: 4}}
  - name: Three
    owner: Team A
    emotion: 1
  - name: Four
    emotion: 1
---
"""


def fill(title: str, reviewed: str = "2026-11-01", evidence: str = "[{type: interviews, note: Six}]") -> str:
    return MAP.format(title=title, reviewed=reviewed, evidence=evidence)


def test_opportunities_ranked_with_stable_ties(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/a.md", fill("A"))
    result = build("--strict")
    assert result.code == 0, result.output
    rows = result.html("opportunities/index.html").select("table.jm-opportunities tbody tr")
    titles = [r.select_one(".jm-opp-title").get_text(strip=True) for r in rows]
    # scores: 5*(6-1)=25, 2*(6-1)=10, 4*(6-4)=8, 1*(6-5)=1, then the unscored one
    assert titles == ["Cheap and broad", "Tie low impact", "Tie high impact", "Hard and narrow", "Unscored idea"]
    assert [("jm-next-quarter" in (r.get("class") or [])) for r in rows] == [True, True, True, False, False]
    assert rows[0]["data-owner"] == "web-team" and rows[0]["data-map"] == "a" and rows[0]["data-persona"] == "maya"
    assert rows[0].select_one("a")["href"] == "../maps/a/#stage-one"


def test_equal_scores_prefer_higher_impact(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    write(
        "maps/b.md",
        fill("B")
        .replace("impact: 2, effort: 1", "impact: 2, effort: 2")
        .replace("impact: 4, effort: 4", "impact: 4, effort: 4"),
    )
    result = build("--strict")
    rows = result.html("opportunities/index.html").select("table.jm-opportunities tbody tr")
    titles = [r.select_one(".jm-opp-title").get_text(strip=True) for r in rows]
    assert titles[1:3] == ["Tie high impact", "Tie low impact"]  # both score 8: impact 4 before impact 2


def test_health_findings(project: Path, write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/fresh.md", fill("Fresh"))
    write("maps/old.md", fill("Old", reviewed="2026-01-10", evidence="[{type: assumption, note: Workshop}]"))
    result = build("--strict")
    health = result.html("health/index.html")
    old = [li.get_text(" ", strip=True) for li in health.select("h2#old + ul li")]
    assert any(t.startswith("review overdue: last reviewed 2026-01-10") for t in old), old
    assert any(t.startswith("assumption-based") for t in old), old
    fresh = [li.get_text(" ", strip=True) for li in health.select("h2#fresh + ul li")]
    assert [t.split(".")[0].strip() for t in fresh] == ["stage 'Four' has no owner"]
    lint = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "lint", "content", "--fail-on", "stale"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 1
    assert (
        "content/maps/old.md:5: reviewed: review overdue: last reviewed 2026-01-10, due 2026-04-10 [stale]"
        in lint.stdout
    )
    advice = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "lint", "content"], cwd=project, capture_output=True, text=True
    )
    assert advice.returncode == 0
    summary = result.html("maps/old/index.html").select_one(".jm-health").get_text(" ", strip=True)
    assert "3 findings" in summary and "stale" in summary


COMPARE_CEM = """
---
type: cem
title: Lifecycle
personas: [maya, raj]
stages:
  - {name: Discover, emotion: {maya: 1, raj: 0}}
  - name: Open
    emotion: {maya: -1, raj: 0}
    touchpoints: [{name: Branch, channel: branch}, {name: Form, channel: web}]
    pain_points: [Slow checks]
  - {name: Use, emotion: {maya: 1, raj: 1}}
  - {name: Leave, emotion: {maya: 0, raj: -2}}
  - {name: Renew, emotion: {maya: 1, raj: 1}, moment_of_truth: true}
---
"""

COMPARE_CJM = """
---
type: cjm
title: Opening
persona: maya
zooms_into: lifecycle#open
stages:
  - name: Apply
    emotion: 0
    touchpoints: [{name: Form, channel: web}]
    pain_points: [Long form]
  - name: Verify
    emotion: -2
    touchpoints: [{name: Email, channel: email}]
    pain_points: [Document rejected, No status]
  - {name: Start, emotion: 1}
---
"""

FUTURE = """
---
type: cjm
title: Opening, future
persona: maya
state: future
future_of: opening
stages:
  - name: Apply
    emotion: 1
    touchpoints: [{name: Form, channel: web}]
    pain_points: [Long form]
  - name: Verify
    emotion: 0
    touchpoints: [{name: App, channel: app}]
    pain_points: [no status]
    opportunities: [{title: Live status tracker, impact: 4, effort: 2}]
  - {name: Celebrate, emotion: 2}
---
"""


def compare_handbook(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", COMPARE_CEM)
    write("maps/opening.md", COMPARE_CJM)
    write("maps/opening-future.md", FUTURE)
    write("maps/orphan.md", "---\ntype: cjm\ntitle: Orphan\npersona: raj\nstages:\n  - {name: Only, emotion: 0}\n---\n")


def test_cem_coverage_hot_spots(write: Writer, build: Callable[..., BuildResult]) -> None:
    compare_handbook(write)
    result = build()
    assert result.code == 0, result.output
    page = result.html("compare/index.html")
    rows = page.select("table.jm-coverage tbody tr")
    assert [r.th.a.get_text(strip=True) for r in rows] == ["Discover", "Open", "Use", "Leave", "Renew"]
    assert rows[1].select("td")[0].get_text(" ", strip=True).startswith("-1")
    assert [a.get_text() for a in rows[1].select("td")[-1].select("a")] == ["Opening"]
    assert "3 stages" in rows[1].select("td")[-1].get_text()
    # Open is negative but detailed; Leave (raj -2) and Renew (moment of truth) are not: exactly these two
    hot = [li.a.get_text(strip=True) for li in page.select("li.jm-hotspot")]
    assert hot == ["Leave", "Renew"]
    assert "Raj Patel -2" in page.select("li.jm-hotspot")[0].get_text()
    assert [li.a.get_text(strip=True) for li in page.select("li.jm-uncovered")] == ["Raj Patel"]
    # the orphan zooms into nothing; the future state is placed through its current state
    assert [a.get_text() for a in page.select("h2#not-placed + ul a")] == ["Orphan"]
    side = {
        r.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in r.select("td")]
        for r in page.select("table.jm-side-by-side tbody tr")
    }
    assert side["Scope"] == ["5 stages", "3 stages in 1 map"]
    assert side["Channel coverage"] == ["2: Branch, Website", "2: Email, Website"]  # the channels as pages name them
    assert side["Primary output"] == ["1 pain point, 0 ranked opportunities", "3 pain points, 0 ranked opportunities"]
    # each map page links to the comparisons it takes part in
    links = result.html("maps/opening/index.html").select("dt:-soup-contains('Compare') + dd a")
    assert [a["href"] for a in links] == ["../../compare/lifecycle/opening/", "../../compare/opening-future/"]


def test_pair_page(write: Writer, build: Callable[..., BuildResult]) -> None:
    compare_handbook(write)
    result = build()
    page = result.html("compare/lifecycle/opening/index.html")
    assert page.title and page.title.get_text().startswith("Opening in Lifecycle")
    assert [th.get_text() for th in page.select("table.jm-cem-stage thead th")][1:] == ["Open"]
    tps = [td.get_text(" ", strip=True) for td in page.select("h2:-soup-contains('Touchpoints') + table tbody td")]
    assert tps == ["Form", "Branch", "Email"]
    assert len(page.select("svg.jm-curve, svg")) >= 2


def test_future_comparison(write: Writer, build: Callable[..., BuildResult]) -> None:
    compare_handbook(write)
    result = build()
    page = result.html("compare/opening-future/index.html")
    rows = [
        [c.get_text(" ", strip=True) for c in r.select("th, td")]
        for r in page.select("table.jm-stage-changes tbody tr")
    ]
    assert [r[:2] for r in rows] == [
        ["Apply", "kept"],
        ["Verify", "kept"],
        ["Start", "dropped"],
        ["Celebrate", "added"],
    ]
    signs = [r.select_one("td svg.jm-sign") for r in page.select("table.jm-stage-changes tbody tr")]
    assert [s["class"][-1] if s else None for s in signs] == [None, None, "jm-sign-dropped", "jm-sign-added"]
    assert rows[1][2:] == ["-2", "0", "+2"]  # before, after, difference
    # the chart above draws both curves: 3 current stages (Start dropped), 3 future ones (Celebrate added)
    chart = page.select_one("figure.jm-chart svg.jm-before-after")
    assert len(chart.select("circle.jm-chart-before-dot")) == 3 and len(chart.select("circle.jm-chart-after-dot")) == 3
    assert "Celebrate: added, +" in chart.find("desc").get_text()
    # "No status" stays (matched case-insensitively); "Document rejected" is exactly the one resolved
    resolved = page.select("ul.jm-resolved li")
    assert [li.get_text(" ", strip=True) for li in resolved] == ["Document rejected (Verify)"]
    assert all(li.select_one("svg.jm-sign-ok") for li in resolved)
    assert "Live status tracker" in page.select_one("h2:-soup-contains('New opportunities') + ul").get_text()
    touch = page.select_one("h2:-soup-contains('Touchpoints') + p").get_text(" ", strip=True)
    assert "Added: App" in touch and "Retired: Email" in touch


def test_no_two_personas_of_a_chart_look_alike(write: Writer, build: Callable[..., BuildResult]) -> None:
    """A persona's colour is its place among the handbook's personas, in eight colours: the 1st and the 9th drew
    the same line (colour, dash and marker) on one CEM's curve. In one chart each series now looks its own."""
    ids = [f"p{n}" for n in range(1, 10)]
    for pid in ids:
        write(f"personas/{pid}.md", PERSONA.replace("Maya Chen", f"Persona {pid.upper()}"))
    emotions = "{" + ", ".join(f"{pid}: {n % 5 - 2}" for n, pid in enumerate(ids)) + "}"
    write(
        "maps/two.md",
        "---\ntype: cem\ntitle: Two alike\npersonas: [p1, p9]\nstages:\n"
        "  - {name: Discover, emotion: {p1: 1, p9: -1}}\n  - {name: Use, emotion: {p1: 0, p9: 1}}\n---\n",
    )
    write(
        "maps/all.md",
        f"---\ntype: cem\ntitle: All nine\npersonas: [{', '.join(ids)}]\nstages:\n"
        f"  - {{name: Discover, emotion: {emotions}}}\n  - {{name: Use, emotion: {emotions}}}\n---\n",
    )
    result = build("--strict")
    assert result.code == 0, result.output
    for page, n in (("maps/two/index.html", 2), ("maps/all/index.html", 9)):
        html = result.html(page)
        curves = html.select("svg.jm-lane-curve")
        assert len(curves) == 2  # the grid's and the phone's
        for curve in curves:
            looks = []
            for group in curve.find_all("g", class_="jm-curve-series", recursive=True):
                colour = next(c for c in group["class"] if c.startswith("jm-series-"))
                line = group.select_one(".jm-curve-line")
                marker = group.select_one(".jm-curve-point")
                shape = next(c for c in marker["class"] if c.startswith("jm-marker-"))
                looks.append((colour, line.get("stroke-dasharray"), shape))
            assert len(looks) == n and len(set(looks)) == n, (page, looks)
        legend = [
            (li["class"][0], li.select_one("line").get("stroke-dasharray")) for li in html.select("ul.jm-legend li")
        ]
        assert len(legend) >= n and len(set(legend[:n])) == n, (page, legend)


def test_a_crowded_matrix_cell_says_how_many_more_and_which(write: Writer, build: Callable[..., BuildResult]) -> None:
    """A cell of the impact x effort matrix holds nine dots: the 10th and later opportunities of one cell were left
    out without a word. Past nine, the ninth place says "+N" and names their ranks."""
    write("personas/maya.md", PERSONA)
    opportunities = "".join(f"      - {{title: Idea {n:02d}, impact: 4, effort: 2}}\n" for n in range(1, 13))
    write(
        "maps/crowded.md",
        f"---\ntype: cjm\ntitle: Crowded\npersona: maya\nstages:\n  - name: One\n    opportunities:\n{opportunities}"
        "  - name: Two\n    opportunities: [{title: Alone, impact: 1, effort: 5}]\n---\n",
    )
    result = build("--strict")
    assert result.code == 0, result.output
    matrix = result.html("opportunities/index.html").select_one("svg.jm-matrix")
    dots = [a["aria-label"].split(",")[0] for a in matrix.select("a")]
    assert dots == [f"{n}. Idea {n:02d}" for n in range(1, 9)] + ["13. Alone"]
    (more,) = matrix.select("g.jm-chart-more")
    assert more.get_text(" ", strip=True).endswith("+4")
    assert more["aria-label"] == "4 more here: ranks 9, 10, 11, 12"
