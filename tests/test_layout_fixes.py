"""Layout defects an outside tester found, measured in real Chromium (Debian's, driven by Playwright).

One small handbook is built once for the module: a map whose stages carry wide metric values, an 18-stage map with
a long title (it scrolls sideways, it prints squeezed), an experience map of eight personas with long names, and a
persona who appears in two maps with long titles. Each test measures the page as a reader gets it: boxes inside
their cells, nothing wider than a 390 px phone, the grid's scroll box as tall as its table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import chromium, http_folder, mkdocs, offline_tab
from test_browser import _browser_or_skip

PHONE = 390

METRICS = "    metrics:\n" + "".join(
    f"      {k}: {v}\n"
    for k, v in {
        "avg_order_value": '"£12,480.00"',
        "nps": '"-12 (n=1,204)"',
        "csat": "4.1/5",
        "first_contact_resolution": "71%",
    }.items()
)
METRICS_MAP = (
    "---\ntype: cjm\ntitle: Metrics heavy\npersona: pat\nstages:\n"
    + "".join(f"  - name: Stage {i}\n    emotion: 0\n    owner: x\n{METRICS}" for i in range(1, 13))
    + "---\n"
)
WIDE_TITLE = "Enterprise onboarding — from first demo to renewal (FY27)"
STAGE_NAMES = ["Discover", "Research pricing and compare offerings", "Request a demo", "Negotiate contract terms"]
WIDE_MAP = (
    f"---\ntype: cjm\ntitle: {WIDE_TITLE}\npersona: pat\nstages:\n"
    + "".join(
        f"  - name: {STAGE_NAMES[i % 4]} {i}\n    emotion: {(i % 5) - 2}\n"
        "    actions: [Reviews the 48-page DPA with outside counsel]\n"
        f"    metrics: {{median_days_in_stage: {10 + i}, conversion_to_next_stage: {90 - i}%}}\n"
        "    owner: Enterprise sales\n"
        + ("    opportunities: [{title: Pre-filled SIG Lite, impact: 4, effort: 2}]\n" if i == 0 else "")
        for i in range(18)
    )
    + "---\n"
)
CEM_PERSONAS = ["amira", *(f"p{i}" for i in range(2, 9))]
CEM_MAP = (
    "---\ntype: cem\ntitle: Eight-persona experience map\n"
    f"personas: [{', '.join(CEM_PERSONAS)}]\nstages:\n"
    + "".join(
        f"  - name: {name}\n    emotion: {{"
        + ", ".join(f"{p}: {(i + j) % 5 - 2}" for j, p in enumerate(CEM_PERSONAS))
        + "}\n"
        for i, name in enumerate(["Discover", "Compare", "Join", "Use", "Leave"])
    )
    + "---\n"
)
PAYMENTS = (
    "---\ntype: cjm\ntitle: Paying international suppliers\npersona: olivia\nstages:\n"
    "  - {name: Receive invoice, emotion: 0.5}\n  - {name: Set up payee, emotion: -1.5}\n"
    "  - {name: Approve, emotion: -2}\n---\n"
)
PAYMENTS_FUTURE = (
    "---\ntype: cjm\ntitle: Paying international suppliers (2027 target)\npersona: olivia\nstate: future\n"
    "future_of: payments\nstages:\n"
    "  - {name: Receive invoice, emotion: 1}\n  - {name: Set up payee, emotion: 0.5}\n  - {name: Approve, emotion: 1}\n"
    "---\n"
)


def _persona(name: str) -> str:
    return f'---\ntype: persona\nname: "{name}"\nrole: Operator\n---\n'


PERSONAS = {
    "pat": "Pat Doe",
    "olivia": "Olivia Fernández-Castellanos",
    "amira": "أميرة الحسيني — Amira Al-Husseini & Co",
    **{f"p{i}": f"Persona number p{i} with a rather long display name indeed" for i in range(2, 9)},
}
MAPS = {
    "metrics": METRICS_MAP,
    "wide": WIDE_MAP,
    "cem8": CEM_MAP,
    "payments": PAYMENTS,
    "payments-future": PAYMENTS_FUTURE,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _browser_or_skip()
    work = tmp_path_factory.mktemp("layout")
    for folder, pages in (("personas", {k: _persona(v) for k, v in PERSONAS.items()}), ("maps", MAPS)):
        (work / "content" / folder).mkdir(parents=True)
        for stem, text in pages.items():
            (work / "content" / folder / f"{stem}.md").write_text(text, encoding="utf-8")
    (work / "content" / "index.md").write_text("# Layout\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: Layout\ndocs_dir: content\ntheme:\n  name: material\n"
        "plugins:\n  - journeymaps:\n      pdf: false\n",
        encoding="utf-8",
    )
    proc = mkdocs(work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = work / "site"
    for page in ("maps/metrics", "maps/wide", "maps/cem8", "personas/olivia", "opportunities", "maps"):
        assert (site / page / "index.html").exists(), page
    with http_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def _tab(browser: Any, base: str, width: int, height: int = 900, scheme: str = "light") -> Any:
    return offline_tab(browser, base, width, height, scheme)


# Every metric name and value of the grid: its text's line boxes, the cell's box, and the pairs of name/value boxes
# of one cell that overlap.
METRIC_BOXES = """() => [...document.querySelectorAll('.jm-grid td dl.jm-metrics')].map(dl => {
  const td = dl.closest('td'), cell = td.getBoundingClientRect(), boxes = [];
  for (const e of dl.querySelectorAll('dt, dd')) {
    const range = document.createRange(); range.selectNodeContents(e);
    for (const r of range.getClientRects())
      if (r.width > 0) boxes.push([e.tagName + ' ' + e.textContent, r.left, r.top, r.right, r.bottom]);
  }
  const outside = boxes.filter(b => b[1] < cell.left - .5 || b[3] > cell.right + .5).map(b => b[0]);
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    const meet = a[1] < b[3] - .5 && b[1] < a[3] - .5 && a[2] < b[4] - .5 && b[2] < a[4] - .5;
    if (a[0] !== b[0] && meet) overlaps.push([a[0], b[0]]);
  }));
  return {stage: td.cellIndex, outside, overlaps, overflow: td.scrollWidth - td.clientWidth};
})"""


def _metric_faults(tab: Any) -> list[Any]:
    cells = tab.evaluate(METRIC_BOXES)
    assert cells, "no metrics in the grid"
    return [c for c in cells if c["outside"] or c["overlaps"] or c["overflow"] > 0]


@pytest.mark.parametrize("width", [1440, 1100])
def test_metric_values_stay_in_their_stage_column(browser: Any, base: str, width: int) -> None:
    """A value wider than the room beside its name ("£12,480.00", "-12 (n=1,204)") goes under it, inside the
    column: no text over the next stage's column, no name under a value."""
    tab = _tab(browser, base, width)
    try:
        for page in ("maps/metrics/", "maps/wide/"):
            tab.goto(base + page)
            faults = _metric_faults(tab)
            assert not faults, (page, faults[:3])
    finally:
        tab.context.close()


def test_browser_print_keeps_metric_values_off_their_names(browser: Any, base: str) -> None:
    """Printing the web page of an 18-stage map (A4 landscape: about 1030 px of paper for the grid): each metric's
    name and value are legible, inside their stage's column."""
    tab = _tab(browser, base, 1030)
    try:
        tab.emulate_media(media="print")
        tab.goto(base + "maps/wide/")
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"  # print.css
        faults = _metric_faults(tab)
        assert not faults, faults[:3]
        # the grid fits the paper: nothing is cut off at the right edge
        assert tab.evaluate("document.querySelector('table.jm-grid').getBoundingClientRect().right") <= 1030
    finally:
        tab.context.close()


@pytest.mark.parametrize("page", ["maps/metrics/", "maps/wide/"])
def test_the_grid_scroll_box_ends_with_its_table(browser: Any, base: str, page: str) -> None:
    """The screen-reader table of the emotion lane (clipped to 1 px) does not stretch the grid's scroll box: no
    empty bordered area under the last lane. It is still in the page, for screen readers."""
    tab = _tab(browser, base, 1440)
    try:
        tab.goto(base + page)
        assert tab.locator(".jm-grid-frame.jm-overflows").count() == 1  # the grid scrolls sideways
        wrap, table = tab.evaluate(
            "() => { const w = document.querySelector('.jm-grid-wrap');"
            " return [w.scrollHeight, w.querySelector('table.jm-grid').offsetHeight]; }"
        )
        assert wrap <= table + 2, (wrap, table)
        hidden = tab.locator(".jm-emotion-cell .jm-sr-only table", has_text="Emotion by stage")
        stages = tab.locator(".jm-grid thead th.jm-stage").count()
        assert hidden.count() == 1 and hidden.locator("tr").count() == stages + 1
        # material leaves it alone (it wraps a table without a class in a scroll box no keyboard reaches)
        assert tab.locator(".jm-emotion-cell .md-typeset__scrollwrap").count() == 0
    finally:
        tab.context.close()


def test_filter_selects_fit_a_phone(browser: Any, base: str) -> None:
    """The filters' drop-downs are no wider than the phone: a long map title or persona name does not make the
    page scroll sideways."""
    tab = _tab(browser, base, PHONE, 844)
    try:
        for page, name in (("opportunities/", "map"), ("maps/", "persona")):
            tab.goto(base + page)
            assert WIDE_TITLE in tab.locator(".jm-filters").inner_text() or page == "maps/"
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE, page
            right = tab.evaluate(
                "name => document.querySelector(`.jm-filters select[name=${name}]`).getBoundingClientRect().right", name
            )
            assert right <= PHONE, (page, right)
    finally:
        tab.context.close()


def test_cem_legend_wraps_on_a_phone_and_keeps_its_line_samples(browser: Any, base: str) -> None:
    tab = _tab(browser, base, PHONE, 844)
    try:
        tab.goto(base + "maps/cem8/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE
        items = tab.evaluate(
            """() => { const card = document.querySelector('.jm-phone-curve').getBoundingClientRect();
              return [...document.querySelectorAll('.jm-phone-curve .jm-legend li')].map(li => {
                const r = li.getBoundingClientRect(), s = li.querySelector('svg').getBoundingClientRect();
                return [li.textContent.trim(), r.right - card.right, s.width]; }); }"""
        )
        assert len(items) == 8
        assert all(over <= 0.5 for _, over, _ in items), items
        assert all(sample >= 27 for _, _, sample in items), items  # every persona's line sample, full width
    finally:
        tab.context.close()


def test_eight_personas_points_stay_inside_the_phone_curve(browser: Any, base: str) -> None:
    """Personas at one stage are drawn side by side; eight of them, 14 px apart, put the first and last stages'
    points outside the phone's card. The spread narrows with the number of personas."""
    tab = _tab(browser, base, PHONE, 844)
    try:
        tab.goto(base + "maps/cem8/")
        outside = tab.evaluate(
            """() => { const card = document.querySelector('.jm-phone-curve').getBoundingClientRect();
              return [...document.querySelectorAll('.jm-phone-curve .jm-curve-point')].map(p => {
                const r = p.getBoundingClientRect(); return Math.max(card.left - r.left, r.right - card.right); })
                .filter(over => over > 0.5); }"""
        )
        assert outside == [], outside
    finally:
        tab.context.close()


def test_appears_in_table_reads_on_a_phone(browser: Any, base: str) -> None:
    """The persona's "Appears in" table: map titles wrap between words, never inside one, and the last column
    (Mean) is within the table's visible box."""
    tab = _tab(browser, base, PHONE, 844)
    try:
        tab.goto(base + "personas/olivia/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE
        found = tab.evaluate(
            """() => { const table = document.querySelector('.jm-backlinks table.jm-table');
              const broken = [];
              for (const a of table.querySelectorAll('tbody a')) {
                const text = a.firstChild, words = text.data.split(' ');
                let at = 0;
                for (const w of words) {
                  const range = document.createRange(); range.setStart(text, at); range.setEnd(text, at + w.length);
                  if (range.getClientRects().length > 1) broken.push(w);
                  at += w.length + 1;
                }
              }
              const box = table.getBoundingClientRect();
              const mean = [...table.querySelectorAll('tr > :last-child')].map(c => c.getBoundingClientRect().right);
              return {broken, cut: mean.filter(r => r > box.right + .5).length,
                      rows: table.querySelectorAll('tbody tr').length,
                      scroll: table.scrollWidth - table.clientWidth}; }"""
        )
        assert found["rows"] == 2
        assert found["broken"] == [], found
        assert found["cut"] == 0 and found["scroll"] <= 0, found
    finally:
        tab.context.close()


RTL_MAP = """---
type: cjm
title: Branch visit
persona: pat
stages:
  - name: Arrive
    emotion: 1
    quotes: [{text: "לא הבנתי מה העמלה.", source: Interview 3}]
  - name: Queue
    emotion: 0
    paths:
      - {name: مسار بديل, share: 10, emotion: -1, actions: [Leaves the queue]}
---
"""


def test_right_to_left_names_keep_their_numbers_in_place(tmp_path: Any, browser: Any) -> None:
    """An Arabic path name in "Path: مسار بديل 10%": the share was drawn before the name ("Path: 10 مسار بديل%") in
    the grid and the curve ("1- (%10)"). The author's words are isolated (FSI ... PDI); a quote takes its own
    direction (dir="auto"). Measured where Chromium draws the characters."""
    (tmp_path / "content" / "maps").mkdir(parents=True)
    (tmp_path / "content" / "pat.md").write_text(_persona("Pat Ortiz"), encoding="utf-8")
    (tmp_path / "content" / "maps" / "rtl.md").write_text(RTL_MAP, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: RTL\ndocs_dir: content\ntheme: {name: material}\nplugins:\n  - journeymaps: {pdf: false}\n",
        encoding="utf-8",
    )
    proc = mkdocs(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with http_folder(tmp_path / "site") as url:
        tab = _tab(browser, url, 1440)
        try:
            tab.goto(url + "maps/rtl/")
            place = tab.evaluate(
                """() => {
                  const where = (node, word) => { const r = document.createRange(), i = node.data.indexOf(word);
                    r.setStart(node, i); r.setEnd(node, i + word.length); return r.getBoundingClientRect(); };
                  const text = [...document.querySelectorAll('.jm-grid p.jm-path-name')].map(p => {
                    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT); let n, out = null;
                    while ((n = walker.nextNode())) if (n.data.includes('مسار')) out = n;
                    return out; })[0];
                  const share = document.querySelector('.jm-grid .jm-path-name .jm-path-share')
                    .getBoundingClientRect();
                  return {name: where(text, 'مسار بديل').right, share: share.left,
                          quote: document.querySelector('.jm-grid blockquote.jm-quote').getAttribute('dir')}; }"""
            )
            assert place["share"] >= place["name"], place  # the share after the name, as written
            assert place["quote"] == "auto"
            svg = tab.evaluate(
                "() => [...document.querySelectorAll('.jm-grid svg text')].map(t => t.textContent)"
                ".filter(t => t.includes('مسار'))"
            )
            assert svg and all("\u2068مسار بديل\u2069" in t for t in svg), svg
        finally:
            tab.context.close()
