"""What the generated pages say is true of the sources, from an outside audit that computed it independently: a
mean is rounded once (1/21 is 0, not +0.1), a touchpoint on an alternative path shows that path's experience, the
PDF summary names every persona a hot spot hurts, a one-stage map has no scroll cue. Real builds, read back."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs

CONFIG = """site_name: Truth
docs_dir: docs
theme: {name: material}
plugins:
  - journeymaps: {pdf: false}
"""
LIFE = """---
type: cem
title: Life
personas: [ann, bob, cat]
stages:
  - {name: S1, emotion: {ann: 1, bob: 0, cat: 0}}
  - {name: S2, emotion: {ann: 1, bob: 0, cat: 0}}
  - {name: S3, emotion: 1}
  - {name: S4, emotion: 0}
  - {name: S5, emotion: 0}
  - {name: S6, emotion: 0}
  - name: Get help
    emotion: {ann: -1, bob: -2, cat: -1}
    opportunities:
      - {title: Explain held payments, impact: 5, effort: 2, link: "https://linear.app/acme/issue/PAY-12"}
      - {title: Call back instead of a queue, impact: 3, effort: 2}
---
"""
VERIFY = """---
type: cjm
title: Verify
persona: ann
stages:
  - name: Verify
    emotion: -2
    touchpoints: [video-call]
    pain_points: [{title: Queue is 40 minutes, severity: 5}]
    opportunities:
      - {title: Explain held payments in the app, impact: 5, effort: 1, link: "https://linear.app/acme/issue/PAY-12"}
      - {title: Scan the chip first, impact: 4, effort: 2}
    paths:
      - name: Chip scan
        emotion: 1
        touchpoints: [{name: Chip scan app, channel: app}]
        pain_points: [{title: Old phones cannot read the chip, severity: 2}]
---
"""


def _handbook(root: Path, pdf: bool = False) -> Path:
    docs = root / "docs"
    for folder in ("maps", "personas", "touchpoints"):
        (docs / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG.replace("pdf: false", f"pdf: {str(pdf).lower()}"), encoding="utf-8")
    (docs / "index.md").write_text("# Truth\n", encoding="utf-8")
    for pid, name in (("ann", "Ann"), ("bob", "Bob"), ("cat", "Cat")):
        (docs / "personas" / f"{pid}.md").write_text(f"---\ntype: persona\nname: {name}\n---\n", encoding="utf-8")
    (docs / "touchpoints" / "video-call.md").write_text(
        "---\ntype: touchpoint\nname: Video call\nchannel: phone\n---\n", encoding="utf-8"
    )
    (docs / "maps" / "life.md").write_text(LIFE, encoding="utf-8")
    stages = "".join(f"  - {{name: E{i}, emotion: {1 if i <= 6 else 0}}}\n" for i in range(1, 12))
    (docs / "maps" / "eleven.md").write_text(
        f"---\ntype: cjm\ntitle: Eleven\npersona: ann\nzooms_into: life#s2\nstages:\n{stages}---\n", encoding="utf-8"
    )
    (docs / "maps" / "verify.md").write_text(VERIFY, encoding="utf-8")
    (docs / "maps" / "help-future.md").write_text(
        "---\ntype: cjm\ntitle: Help tomorrow\nstate: future\nfuture_of: verify\npersona: bob\n"
        "zooms_into: life#get-help\nstages:\n  - {name: Help, emotion: 1}\n---\n",
        encoding="utf-8",
    )
    (docs / "maps" / "single.md").write_text(
        "---\ntype: cjm\ntitle: Single\npersona: bob\nstages:\n  - {name: Only, emotion: 1}\n---\n", encoding="utf-8"
    )
    proc = mkdocs(root)
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def _text(node: object) -> str:
    return " ".join(str(node.get_text(" ")).split())  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _handbook(tmp_path_factory.mktemp("truth"))


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_a_mean_is_rounded_once(site: Path) -> None:
    """Life: 1/21 (1 + 1 + 3 - 4 over 3 personas x 7 stages) = 0.048 is 0 (it was +0.1: 0.05 first, then one
    decimal); Eleven: 6/11 = 0.545 is +0.5. journeymaps.json keeps two decimals."""
    rows = {_text(tr.td): _text(tr) for tr in _page(site, "maps/index.html").select("article table tbody tr")}
    life = next(text for title, text in rows.items() if title.startswith("Life"))
    eleven = next(text for title, text in rows.items() if title.startswith("Eleven"))
    assert re.search(r"(?<![+\-\d.])0(?![.\d])", life) and "+0.1" not in life, life
    assert "+0.5" in eleven and "+0.6" not in eleven, eleven
    compare = _text(_page(site, "compare/index.html").select_one("article"))
    assert "mean +0.5" in compare, compare
    catalog = __import__("json").loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    assert catalog["maps"]["life"]["mean_emotion"] == 0.05 and catalog["maps"]["eleven"]["mean_emotion"] == 0.55


def test_a_touchpoint_on_a_path_shows_that_paths_experience(site: Path) -> None:
    row = _text(_page(site, "touchpoints/chip-scan-app/index.html").select_one(".jm-backlinks tbody tr"))
    assert "Path: Chip scan" in row and "+1 positive" in row and "Old phones cannot read the chip" in row, row
    assert "-2" not in row and "Queue is 40 minutes" not in row, row
    main = _text(_page(site, "touchpoints/video-call/index.html").select_one(".jm-backlinks tbody tr"))
    assert "-2 very negative" in main and "Queue is 40 minutes" in main and "Chip scan" not in main, main


def test_a_one_stage_map_has_no_scroll_cue(site: Path) -> None:
    assert _page(site, "maps/single/index.html").select(".jm-scroll-cue") == []
    assert _page(site, "maps/eleven/index.html").select_one(".jm-scroll-cue") is not None


@pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None or shutil.which("pdftotext") is None,
    reason="the pdf extra and poppler-utils (python3 tasks.py setup)",
)
def test_the_pdf_summary_names_every_persona_a_hot_spot_hurts(tmp_path: Path) -> None:
    handbook = _handbook(tmp_path, pdf=True) / "pdf" / "handbook.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(handbook), "-"], capture_output=True, text=True).stdout.split())
    line = re.search(r"• Get help[^•]*?only a future state: Help tomorrow", text)
    assert line is not None, text[:2000]
    assert all(name in line.group(0) for name in ("Ann -1", "Bob -2", "Cat -1")), line.group(0)


def test_one_ticket_is_one_piece_of_work_in_the_backlog(site: Path) -> None:
    """The CEM's and the CJM's entry of PAY-12: ranked once (where it ranks highest), the other says which rank it
    shares; the next quarter's three are three pieces of work, and the matrix draws three dots."""
    rows = [_text(tr) for tr in _page(site, "opportunities/index.html").select("article table tbody tr")]
    ranked = [row for row in rows if "next quarter" in row]
    assert len(ranked) == 3, rows
    assert "Explain held payments in the app" in ranked[0] and "Scan the chip first" in ranked[1], ranked
    assert "Call back instead of a queue" in ranked[2], ranked
    again = next(row for row in rows if row.startswith("= 1: the same ticket"))
    assert "Explain held payments" in again and "in the app" not in again, again
    article = _text(_page(site, "opportunities/index.html").select_one("article"))
    assert "3 scored, 0 not yet scored" in article, article
    dots = _page(site, "opportunities/index.html").select(".jm-chart-dot")
    assert len(dots) == 3


def test_a_future_state_cjm_does_not_diagnose_a_hot_spot(site: Path) -> None:
    """Get help hurts every persona; only a future-state CJM (the target) zooms into it: still a hot spot, and its
    persona is not followed by a current-state CJM."""
    spots = [_text(li) for li in _page(site, "compare/index.html").select("li.jm-hotspot")]
    assert any(s.startswith("Get help") and "only a future-state CJM zooms into it" in s for s in spots), spots
    personas = [_text(li) for li in _page(site, "compare/index.html").select("li.jm-uncovered")]
    assert any("Bob" in p and "no current-state CJM follows them" in p for p in personas), personas
