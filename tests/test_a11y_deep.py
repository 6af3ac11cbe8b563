"""Accessibility beyond axe's serious rules, as a keyboard user, a screen-reader user and a low-vision reader on a
laptop meet the example handbook: measured in real Chromium (Debian's, driven by Playwright).

The example handbook (PDFs off) is built once per test run by ``mkdocs build --strict`` (conftest.example_site) and
served on localhost. Each test is a defect an outside tester found: a skip link that was missing or jumped past the
journey grid, a stage link that opened the top of a phone's page, keyboard focus hidden under the header or the
stage row, tables a keyboard could not scroll, a page wider than 320 px, channel names over the next stage's column
under WCAG 1.4.12's text spacing, the impact x effort matrix tabbed in a scrambled order, a pain point's severity
spoken as "sev 4/5", and axe's moderate and minor rules (empty table headers, skipped heading levels).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import axe_violations, chromium, example_handbook, example_site, http_folder, mkdocs_here, offline_tab

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
"""WCAG 1.4.12's text spacing, the bookmarklet testers apply."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with http_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def _tab(browser: Any, base: str, width: int, height: int = 800, scheme: str = "light") -> Any:
    return offline_tab(browser, base, width, height, scheme)


PAGES = [
    "maps/",
    "maps/account-opening/",
    "maps/account-opening-blueprint/",
    "maps/customer-lifecycle/",
    "maps/maya-day/",
    "personas/",
    "personas/maya/",
    "touchpoints/",
    "touchpoints/signup-form/",
    "compare/",
    "compare/customer-lifecycle/account-opening/",
    "compare/account-opening-future/",
    "opportunities/",
    "health/",
    "changes/",
]
"""A page of every kind the plugin writes (the guide is the author's Markdown)."""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(
    ("path", "lands_in"),
    [
        ("opportunities/", ".jm-index"),
        ("maps/", ".jm-index"),
        ("personas/maya/", ".md-content"),
        ("compare/", ".jm-index"),
        ("maps/account-opening/", ".jm-map-header"),
    ],
)
def test_skip_to_content_leads_to_the_pages_title(
    browser: Any, base: str, path: str, lands_in: str, width: int
) -> None:
    """The first Tab is "Skip to content" on every plugin page, and the next Tab after it is the first thing under
    the page's title. Material offers the link only where the page's Markdown has headings (not on the backlog, the
    indexes, the profiles: 61 Tab stops of navigation before the backlog's filters), and there it led to the first
    of them: past the journey grid, to "Findings"."""
    tab = _tab(browser, base, width)
    try:
        tab.goto(base + path)
        tab.keyboard.press("Tab")
        assert tab.evaluate("() => document.activeElement.classList.contains('md-skip')"), path
        assert tab.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
        tab.keyboard.press("Enter")
        tab.keyboard.press("Tab")
        where = tab.evaluate(
            """sel => { const e = document.activeElement, h1 = document.querySelector('.md-content h1');
                return [!!e.closest(sel), !!(h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING),
                        e.outerHTML.slice(0, 120)]; }""",
            lands_in,
        )
        assert where[0] and where[1], where
    finally:
        tab.context.close()


def test_a_stage_link_on_a_phone_opens_its_card(browser: Any, base: str) -> None:
    """A link to a stage (the backlog's "map › stage", a search result, a touchpoint's page) names the grid's
    column; on a phone the grid is hidden, and the page opened at its top, the stage four cards below. It opens at
    the stage's card, under the header, and the next Tab goes on from there."""
    tab = _tab(browser, base, 375)
    try:
        tab.goto(base + "maps/account-opening/#stage-video-id")
        tab.wait_for_timeout(200)
        card = ".jm-stage-card:nth-child(4)"  # Video ID call, the fourth stage
        assert "Video ID call" in tab.inner_text(card)
        top = tab.evaluate("card => document.querySelector(card).getBoundingClientRect().top", card)
        assert 40 <= top <= 120, top
        assert tab.evaluate("card => !!document.activeElement.closest(card)", card)
        tab.keyboard.press("Tab")  # the card's first link: its touchpoint
        assert tab.evaluate("card => !!document.activeElement.closest(card)", card)
    finally:
        tab.context.close()


# The focused element's box, and whether material's header or a sticky stage or lane header (not its own) covers it.
HIDDEN = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  const covers = [...document.querySelectorAll('.md-header, .jm-grid thead th, .jm-grid th.jm-lane')]
    .filter(c => !c.contains(e)).map(c => c.getBoundingClientRect())
    .filter(c => c.top <= r.top + 1 && c.bottom >= r.bottom - 1 && c.left <= r.left + 1 && c.right >= r.right - 1);
  return [!!e.closest('.jm-grid tbody'), covers.length > 0, (e.textContent || '').trim().slice(0, 40)]; }"""


@pytest.mark.parametrize("width", [1280, 800])
def test_keyboard_focus_in_the_grid_is_never_under_the_header_or_the_stage_row(
    browser: Any, base: str, width: int
) -> None:
    """Shift+Tab back through the grid: each link the browser scrolls into view shows below material's header and
    the sticky stage row (WCAG 2.4.11). At 1280 px (the grid fits, the page scrolls) the tickets stopped under the
    header; at 800 px (the grid is a pane) a ticket stopped under the stage row."""
    tab = _tab(browser, base, width)
    try:
        tab.goto(base + "maps/account-opening/")
        tab.focus(".jm-mermaid > summary")
        seen, hidden = 0, []
        for _ in range(30):
            tab.keyboard.press("Shift+Tab")
            tab.wait_for_timeout(60)
            in_grid, covered, text = tab.evaluate(HIDDEN)
            if tab.evaluate("() => document.activeElement.classList.contains('jm-grid-wrap')"):
                break
            if in_grid:
                seen += 1
                if covered:
                    hidden.append(text)
        assert seen >= 10, seen
        assert hidden == []
    finally:
        tab.context.close()


def test_tables_that_scroll_sideways_take_keyboard_focus(browser: Any, base: str) -> None:
    """At 320 px (a laptop at 400 %) a plugin table wider than the page scrolls sideways in its own box. The keyboard
    reaches the box (a table of words and no links, on the comparison pages, could not be scrolled without a
    mouse), and a table that fits takes no Tab stop."""
    tab = _tab(browser, base, 320)
    try:
        scrolling = 0
        for path in PAGES:
            tab.goto(base + path)
            tables = tab.evaluate(
                """() => [...document.querySelectorAll('table.jm-table')].map(t =>
                    [t.scrollWidth > t.clientWidth + 1, t.tabIndex, t.className])"""
            )
            for wider, index, name in tables:
                scrolling += wider
                assert (index == 0) == wider, (path, name, wider, index)
        assert scrolling >= 5, scrolling
    finally:
        tab.context.close()


def test_no_page_scrolls_sideways_at_320_px(browser: Any, base: str) -> None:
    """WCAG 1.4.10 reflow: at 320 CSS px nothing but a table's or the grid's own box scrolls sideways. The persona
    index's cards were 16rem (320 px) wide in a 288 px column."""
    tab = _tab(browser, base, 320)
    try:
        wide = []
        for path in [*PAGES, ""]:
            tab.goto(base + path)
            width = tab.evaluate("() => document.documentElement.scrollWidth")
            if width > 320:
                wide.append((path, width))
        assert wide == []
    finally:
        tab.context.close()


# Each card of a grid of cards that is wider than its column (left, right, the column's right edge).
CARDS_OUTSIDE = """sel => [...document.querySelectorAll(sel)].filter(c => c.getBoundingClientRect().right >
    c.parentElement.getBoundingClientRect().right + .5).map(c => c.textContent.trim().slice(0, 30))"""


def test_cards_fit_a_320_px_column(browser: Any, base: str, tmp_path: Path) -> None:
    """At 320 px (400 % zoom) the persona index's cards and the generated home page's section cards are as wide as
    the column: their grids asked for 16rem and 15rem (320 and 300 px) in 288 px, and ran past the page's edge."""
    tab = _tab(browser, base, 320)
    try:
        tab.goto(base + "personas/")
        assert tab.evaluate(CARDS_OUTSIDE, ".jm-cards > .jm-card") == []
    finally:
        tab.context.close()
    work = example_handbook(tmp_path)
    (work / "content" / "index.md").unlink()  # the home page is the plugin's
    code, output = mkdocs_here(work)
    assert code == 0, output
    with http_folder(work / "site") as home:
        tab = _tab(browser, home, 320)
        try:
            tab.goto(home)
            assert tab.evaluate("() => document.querySelectorAll('.jm-home-sections > li').length") >= 4
            assert tab.evaluate(CARDS_OUTSIDE, ".jm-home-sections > li") == []
        finally:
            tab.context.close()


def test_text_spacing_keeps_channel_names_in_their_stage(browser: Any, base: str) -> None:
    """WCAG 1.4.12: with wider letter, word and line spacing, a channel's name wraps inside its stage's column. A
    chip would not wrap: "Partner integration" ran 13 px over the next stage's column, onto its chip."""
    tab = _tab(browser, base, 1280)
    try:
        tab.goto(base + "maps/customer-lifecycle/")
        tab.add_style_tag(content=TEXT_SPACING)
        outside = tab.evaluate(
            """() => [...document.querySelectorAll('.jm-grid td .jm-channel')].filter(c => {
                const cell = c.closest('td').getBoundingClientRect(), r = c.getBoundingClientRect();
                return r.right > cell.right + .5 || r.left < cell.left - .5; }).map(c => c.textContent.trim())"""
        )
        assert tab.evaluate("() => document.querySelectorAll('.jm-grid td .jm-channel').length") > 10
        assert outside == []
    finally:
        tab.context.close()


def test_the_matrix_is_tabbed_in_rank_order(browser: Any, base: str) -> None:
    """The impact x effort matrix's dots are links: Tab and a screen reader meet them by rank (1, 2, 3, ...), not
    column by column (2, 12, 7, 8, 3, ...)."""
    tab = _tab(browser, base, 1280)
    try:
        tab.goto(base + "opportunities/")
        tab.evaluate("() => document.querySelector('.jm-matrix-chart svg a').focus()")  # the first, in the page's order
        ranks = [tab.evaluate("() => document.activeElement.getAttribute('aria-label').split('.')[0]")]
        for _ in range(30):
            tab.keyboard.press("Tab")
            if not tab.evaluate("() => !!document.activeElement.closest('.jm-matrix-chart')"):
                break
            ranks.append(tab.evaluate("() => document.activeElement.getAttribute('aria-label').split('.')[0]"))
        assert len(ranks) >= 10
        assert ranks == [str(n) for n in range(1, len(ranks) + 1)], ranks
    finally:
        tab.context.close()


def test_a_pain_points_severity_is_spoken_in_words(browser: Any, base: str) -> None:
    """A screen reader says "Severity 4 of 5", not "sev 4/5" (the abbreviation stays on screen)."""
    tab = _tab(browser, base, 1280)
    try:
        tab.goto(base + "maps/account-opening/")
        spoken = tab.locator(".jm-row-pain_points").aria_snapshot()
        assert "Severity 4 of 5" in spoken and "Severity 5 of 5" in spoken, spoken
        assert "sev " not in spoken, spoken
        assert "sev 4/5" in tab.locator(".jm-row-pain_points").inner_text()
    finally:
        tab.context.close()


AXE_PAGES = [
    "compare/",
    "compare/customer-lifecycle/account-opening/",
    "compare/account-opening-future/",
    "personas/",
    "opportunities/",
    "maps/account-opening/",
]


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (320, "dark")])
def test_axe_finds_nothing_at_any_impact(browser: Any, base: str, width: int, scheme: str) -> None:
    """axe-core's moderate and minor rules and its best practices too, at a laptop's width and at 320 px (400 %
    zoom): the comparison tables' empty corner headers, the persona index's cards under an h3 with no h2 above, and
    (at 320 px) the comparison tables that scrolled with no keyboard access. landmark-unique is left out: material
    names each navigation section with a label that is empty where the section has an index page
    (navigation.indexes), which the plugin's templates do not draw."""
    tab = _tab(browser, base, width, scheme=scheme)
    try:
        found = []
        for path in AXE_PAGES:
            tab.goto(base + path)
            found += [f"{path}: {v}" for v in axe_violations(tab, ALL_IMPACTS) if not v.startswith("landmark-unique")]
        assert found == [], "\n".join(found)
    finally:
        tab.context.close()
