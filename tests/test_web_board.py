"""The web pages as a CX lead shows them to a board: real MkDocs build, real Chromium (Debian's, via Playwright).

The example handbook (content/ + mkdocs.yml, PDFs off) is built with a few odd maps beside it and served on
localhost; every request to another host is answered empty. Each test measures something in the page (boxes,
computed colours, scroll widths) in light mode, in dark mode (material's slate scheme) or on a 390 px phone.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import chromium, http_folder, mkdocs, offline_tab, overlapping
from test_browser import _browser_or_skip

ROOT = Path(__file__).resolve().parent.parent

ODD_CEM = (
    "---\ntype: cem\ntitle: Twelve stages, three personas\npersonas: [maya, daniel, priya]\nstages:\n"
    + "".join(
        f"  - name: Step {i}\n    id: step-{i}\n    emotion: {{maya: {(i % 5) - 2}, daniel: {((i + 2) % 5) - 2}, "
        f"priya: {((i * 3) % 5) - 2}}}\n"
        for i in range(12)
    )
    + "---\n"
)
ODD = {"maps/twelve-stages.md": ODD_CEM}

MAP_PAGES = [
    "maps/customer-lifecycle/",
    "maps/account-opening/",
    "maps/account-opening-future/",
    "maps/twelve-stages/",
    "compare/customer-lifecycle/account-opening/",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _browser_or_skip()
    work = tmp_path_factory.mktemp("web-board")
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, work / name)
    for rel, text in ODD.items():
        (work / "content" / rel).write_text(text, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("pdf: true", "pdf: false"), encoding="utf-8")
    proc = mkdocs(work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with http_folder(work / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


LABELS_AND_MARKERS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.jm-lane-curve')) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the phone curve on a laptop, the wide one on a phone
    const mid = r => (r.top + r.bottom) / 2;
    const marks = [...svg.querySelectorAll('.jm-curve-series svg.jm-curve-mark')].map(m => ({
      x: m.getAttribute('x'), y: mid(m.querySelector('.jm-curve-point').getBoundingClientRect()),
      value: (m.querySelector('title').textContent.match(/: ([+-]?[0-9.]+) \\(/) || [])[1]}));
    for (const t of svg.querySelectorAll('.jm-curve-label')) {
      const here = marks.filter(m => m.x === t.getAttribute('x'));
      out.push({svg: svg.getAttribute('class'), stage: t.getAttribute('x'), text: t.textContent,
                y: mid(t.getBoundingClientRect()), marks: here.map(m => [m.value, m.y])});
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("path", MAP_PAGES)
def test_a_curve_label_sits_nearest_its_own_markers(browser: Any, base: str, path: str, width: int) -> None:
    """A value label is read as the value of the marker nearest to it. On the lifecycle CEM's "Get help" (Maya -1,
    Priya -1, Daniel -2) the "-2" was written above the two -1 markers (18 px from them, 57 px from Daniel's
    marker): no room was left under a -2 point (22 px for a 23 px label), so it went past the -1 markers."""
    tab = offline_tab(browser, base, width)
    try:
        tab.goto(base + path)
        labels = tab.evaluate(LABELS_AND_MARKERS)
        assert len(labels) >= 4, labels
        wrong = []
        for label in labels:
            own = [abs(y - label["y"]) for value, y in label["marks"] if value == label["text"]]
            other = [abs(y - label["y"]) for value, y in label["marks"] if value != label["text"]]
            assert own, label  # every label has markers of its value at its stage
            if other and min(other) <= min(own):
                wrong.append((label["stage"], label["text"], round(min(own)), round(min(other))))
        assert not wrong, f"labels nearer another value's marker (stage, label, own px, other px): {wrong}"
    finally:
        tab.context.close()


def _rgb(css: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)[:3]]
    return numbers[0], numbers[1], numbers[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed ``rgb()`` colours."""

    def lum(css: str) -> float:
        chans = [c / 255 for c in _rgb(css)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


SPLIT_WORDS = """(sel) => { const out = [];
  for (const root of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n; while ((n = walker.nextNode())) {
      const re = /[A-Za-z']+/g; let m;  // words of letters: a hyphen or a slash is a fair place to wrap
      while ((m = re.exec(n.data))) {
        if (m[0].length < 4) continue;
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out; }"""


@pytest.mark.parametrize(
    ("path", "width"),
    [
        ("touchpoints/", 390),
        ("touchpoints/signup-form/", 390),
        ("touchpoints/website/", 390),
        ("touchpoints/website/", 1440),
        ("compare/", 390),
    ],
)
def test_table_links_wrap_between_words(browser: Any, base: str, path: str, width: int) -> None:
    """Material gives links word-break: break-word, which lets a table column shrink below its longest word: the
    website touchpoint's Stage column read "Compar/e" at 1440 px; on a phone "applicatio/n", "Verificatio/n",
    "Remittanc/e". The page itself never scrolls sideways."""
    tab = offline_tab(browser, base, width)
    try:
        tab.goto(base + path)
        assert tab.locator(".jm-table a").count() >= 2
        split = tab.evaluate(SPLIT_WORDS, ".md-content .jm-table a")
        assert split == [], f"words broken inside themselves: {split}"
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        tab.context.close()


SVG_TYPE = """(sel) => [...document.querySelectorAll(sel)].filter(t => t.getBoundingClientRect().width > 0)
  .map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"""


def test_before_after_chart_keeps_legible_type_on_a_phone(browser: Any, base: str) -> None:
    """The future state's before/after chart (820 px wide for six stages) was shrunk to a 390 px phone: its stage
    names and values were drawn at 4.3 px. It keeps its size and scrolls sideways in a named, focusable region;
    the page does not."""
    from conftest import axe_violations

    tab = offline_tab(browser, base, 390, 844)
    try:
        tab.goto(base + "compare/account-opening-future/")
        sizes = tab.evaluate(SVG_TYPE, ".jm-before-after-chart svg.jm-before-after text")
        assert len(sizes) >= 10 and min(sizes) >= 9, sorted(sizes)[:5]
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        region = tab.locator(".jm-before-after-chart .jm-chart-scroll")
        assert region.get_attribute("tabindex") == "0" and (region.get_attribute("aria-label") or "").strip()
        assert tab.evaluate("(e) => e.scrollWidth > e.clientWidth", region.element_handle())  # it does scroll
        assert not [v for v in axe_violations(tab) if v.startswith("scrollable-region")]
    finally:
        tab.context.close()


def test_opportunity_matrix_reads_on_a_phone(browser: Any, base: str) -> None:
    """The impact x effort matrix (560 px) on a 390 px phone: its ranks, corner words and axes were 6.4-6.9 px. It
    fills the phone's width with larger type and dots; no two dots overlap; nothing scrolls sideways."""
    tab = offline_tab(browser, base, 390, 844)
    try:
        tab.goto(base + "opportunities/")
        sizes = tab.evaluate(SVG_TYPE, ".jm-matrix-chart svg.jm-matrix text")
        assert len(sizes) >= 20 and min(sizes) >= 8.5, sorted(sizes)[:5]
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll('.jm-matrix .jm-chart-dot')].map(c => {
                 const r = c.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
        )
        assert len(boxes) >= 10
        overlaps = overlapping(boxes, 1)
        assert not overlaps, overlaps[:3]
        figure = tab.locator(".jm-matrix-chart").bounding_box()
        chart = tab.locator(".jm-matrix-chart svg.jm-matrix").bounding_box()
        assert figure and chart and chart["x"] + chart["width"] <= figure["x"] + figure["width"] + 0.5
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_pair_curves_name_their_stages_in_whole_words(browser: Any, base: str, width: int) -> None:
    """The CJM-in-CEM page draws each curve under its stage names. On a phone seven names shared 356 px and broke
    inside words ("Discov/er", "Everyd/ay bankin/g", "applicatio/n"). Each stage's column is now as wide as its
    words and the pane scrolls sideways (named, focusable); each name stays over its own stage's points."""
    tab = offline_tab(browser, base, width)
    try:
        tab.goto(base + "compare/customer-lifecycle/account-opening/")
        split = tab.evaluate(SPLIT_WORDS, ".jm-pair-curve .jm-curve-stages")
        assert split == [], f"stage names broken inside words: {split}"
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        misplaced = tab.evaluate(
            """() => [...document.querySelectorAll('.jm-pair-curve')].flatMap(pane => {
                 const svg = pane.querySelector('svg.jm-lane-curve'), box = svg.getBoundingClientRect();
                 const names = [...pane.querySelectorAll('.jm-curve-stages span')];
                 const xs = [...new Set([...svg.querySelectorAll('.jm-curve-mark')].map(m => m.getAttribute('x')))];
                 return xs.map(x => { const at = box.left + parseFloat(x) / 100 * box.width;
                   const i = Math.floor((at - box.left) / box.width * names.length);
                   const r = names[i].getBoundingClientRect();
                   return Math.abs((r.left + r.right) / 2 - at); }).filter(d => d > 2); })"""
        )
        assert misplaced == []
        for region in tab.locator(".jm-pair-curve .jm-chart-scroll").all():
            assert region.get_attribute("tabindex") == "0" and (region.get_attribute("aria-label") or "").strip()
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [600, 660, 720])
@pytest.mark.parametrize("path", ["maps/", "opportunities/", "touchpoints/"])
def test_index_tables_fit_a_tablet(browser: Any, base: str, path: str, width: int) -> None:
    """Between a phone and a laptop (600-740 px: a tablet upright, a phone on its side) the maps index and the
    backlog made the whole page scroll sideways by up to 133 px: each header cell was at least 4 rem wide with
    1.25 em of padding, 'Mean emotion' on one line."""
    tab = offline_tab(browser, base, width)
    try:
        tab.goto(base + path)
        assert tab.locator("table.jm-table tbody tr").count() >= 3
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    finally:
        tab.context.close()
