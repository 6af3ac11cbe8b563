"""Opportunity backlog and map health: handbooks built so each view has a known right answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

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
    titles = [r.select("td")[1].get_text(strip=True) for r in rows]
    # scores: 5*(6-1)=25, 2*(6-1)=10, 4*(6-4)=8, 1*(6-5)=1, then the unscored one
    assert titles == ["Cheap and broad", "Tie low impact", "Tie high impact", "Hard and narrow", "Unscored idea"]
    assert [("jm-next-quarter" in (r.get("class") or [])) for r in rows] == [True, True, True, False, False]
    assert rows[0]["data-owner"] == "web-team" and rows[0]["data-map"] == "a" and rows[0]["data-persona"] == "maya"
    assert rows[0].select_one("a")["href"] == "../maps/a/#stage-one"


def test_equal_scores_prefer_higher_impact(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/b.md", fill("B").replace("impact: 2, effort: 1", "impact: 2, effort: 2").replace("impact: 4, effort: 4", "impact: 4, effort: 4"))
    result = build("--strict")
    rows = result.html("opportunities/index.html").select("table.jm-opportunities tbody tr")
    titles = [r.select("td")[1].get_text(strip=True) for r in rows]
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
    lint = subprocess.run([sys.executable, "-m", "journeymaps.cli", "lint", "content", "--fail-on", "stale"],
                          cwd=project, capture_output=True, text=True)
    assert lint.returncode == 1
    assert "content/maps/old.md:5: reviewed: review overdue: last reviewed 2026-01-10, due 2026-04-10 [stale]" in lint.stdout
    advice = subprocess.run([sys.executable, "-m", "journeymaps.cli", "lint", "content"], cwd=project, capture_output=True, text=True)
    assert advice.returncode == 0
    summary = result.html("maps/old/index.html").select_one(".jm-health").get_text(" ", strip=True)
    assert "3 findings" in summary and "stale" in summary
