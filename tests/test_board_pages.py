"""Board-ready pages, in real Chromium (Debian's, driven by Playwright) on the example handbook.

The example (content/ + mkdocs.yml, PDFs off) is built with one extra map of ten stages, wider than a laptop, and
served on localhost. Every request to another origin is recorded (and answered empty, so nothing leaves the
machine): the pages must not make any. Checks: axe in light and dark, phones, the grid's fit, the scroll cue, the
emotion lane's labels, offline fonts.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import axe_violations, chromium, http_folder, mkdocs, overlapping
from test_browser import BLOCKING, _axe_or_skip, _browser_or_skip

ROOT = Path(__file__).resolve().parent.parent

WIDE = "wide-test"
WIDE_MAP = (
    "---\ntype: cjm\ntitle: A ten-stage journey\npersona: maya\nstages:\n"
    + "".join(
        f"  - name: Stage number {i}\n    emotion: {(i % 5) - 2}\n    actions: [Does thing {i}]\n" for i in range(10)
    )
    + "---\nA map wider than a laptop screen.\n"
)
MAPS = ["account-opening", "account-opening-future", "customer-lifecycle", "first-invoice", "supplier-payments"]
AXE_PAGES = [
    "maps/customer-lifecycle/",
    "maps/account-opening/",
    "maps/account-opening-future/",
    "personas/maya/",
    "compare/",
    "compare/customer-lifecycle/account-opening/",
    "compare/account-opening-future/",
    "opportunities/",
    "health/",
    "maps/",
]
PHONE_PAGES = [*AXE_PAGES, "", "touchpoints/", "personas/", f"maps/{WIDE}/"]


@dataclass
class Site:
    base: str
    offsite: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    _browser_or_skip()
    work = tmp_path_factory.mktemp("board")
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, work / name)
    (work / "content" / "maps" / f"{WIDE}.md").write_text(WIDE_MAP, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("pdf: true", "pdf: false"), encoding="utf-8")
    proc = mkdocs(work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with http_folder(work / "site") as url:
        yield Site(url)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def _tab(browser: Any, site: Site, width: int, height: int, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    host = urlparse(site.base).netloc

    def record(route: Any) -> None:
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            site.offsite.append(route.request.url)
            route.fulfill(status=204, body="")

    context.route("**/*", record)
    return context.new_page()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_light_and_dark(browser: Any, site: Site, path: str, scheme: str) -> None:
    _axe_or_skip()  # installs axe-core from npm where it can
    tab = _tab(browser, site, 1440, 900, scheme)
    try:
        tab.goto(site.base + path)
        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        found = axe_violations(tab, BLOCKING)
        assert not found, "\n".join(found)
    finally:
        tab.context.close()


def test_lane_labels_and_stage_headers_contrast_in_dark(browser: Any, site: Site) -> None:
    """The colours re-resolve under material's slate scheme: lane labels are light text on a dark lane."""
    tab = _tab(browser, site, 1440, 900, "dark")
    try:
        tab.goto(site.base + "maps/customer-lifecycle/")
        colours = tab.evaluate(
            """() => { const th = document.querySelector('.jm-grid th.jm-lane');
            const s = getComputedStyle(th); return [s.color, s.backgroundColor]; }"""
        )

        def luminance(css: str) -> float:
            r, g, b = (int(x) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
            lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
            return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

        fg, bg = luminance(colours[0]), luminance(colours[1])
        assert (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05) >= 7, colours
        assert fg > bg  # light on dark
    finally:
        tab.context.close()


def test_phones_never_scroll_sideways(browser: Any, site: Site) -> None:
    tab = _tab(browser, site, 390, 844)
    wide: list[str] = []
    try:
        for path in PHONE_PAGES:
            tab.goto(site.base + path)
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append(f"{path or 'home'}: {width}px")
        assert not wide, wide
        # a map reads as one card per stage, with a small curve on top; the grid is not shown
        tab.goto(site.base + "maps/customer-lifecycle/")
        cards = tab.locator(".jm-stage-card")
        assert cards.count() == 7 and cards.first.is_visible()
        assert tab.locator(".jm-phone-curve svg.jm-curve").is_visible()
        assert not tab.locator(".jm-grid").first.is_visible()
        first = cards.first.inner_text()
        assert "Discover" in first and "Actions" in first.title() and "Searches" in first
    finally:
        tab.context.close()


def test_grid_fits_at_1440_and_a_wider_map_shows_a_scroll_cue_at_1280(browser: Any, site: Site) -> None:
    tab = _tab(browser, site, 1440, 900)
    try:
        for mid in MAPS:  # up to 7 stages each
            tab.goto(site.base + f"maps/{mid}/")
            sizes = tab.evaluate(
                "() => { const w = document.querySelector('.jm-grid-wrap'), t = w.querySelector('table');"
                " return [t.offsetWidth, w.clientWidth, document.documentElement.scrollWidth]; }"
            )
            assert sizes[0] <= sizes[1] and sizes[2] <= 1440, (mid, sizes)
            assert not tab.locator(".jm-scroll-cue").is_visible()
            # the stage row stays in view when the page scrolls down
            tab.evaluate("window.scrollTo(0, document.querySelector('.jm-row-emotion').offsetTop + 400)")
            head = tab.locator(".jm-grid thead th.jm-stage").first.bounding_box()
            assert head is not None and 0 <= head["y"] <= 120, (mid, head)
        # the grid starts near the top: the header is compact
        tab.goto(site.base + "maps/customer-lifecycle/")
        grid = tab.locator(".jm-grid-wrap").bounding_box()
        assert grid is not None and grid["y"] < 560, grid
    finally:
        tab.context.close()
    tab = _tab(browser, site, 1280, 800)
    try:
        tab.goto(site.base + f"maps/{WIDE}/")
        cue = tab.locator(".jm-scroll-cue")
        assert cue.is_visible() and "10 stages" in cue.inner_text()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 1280
        # the lane labels stay in view when the grid scrolls sideways
        tab.evaluate("document.querySelector('.jm-grid-wrap').scrollLeft = 600")
        lane = tab.locator(".jm-grid tbody th.jm-lane").first.bounding_box()
        wrap = tab.locator(".jm-grid-wrap").bounding_box()
        assert lane is not None and wrap is not None and abs(lane["x"] - wrap["x"]) < 3
        tab.goto(site.base + "maps/account-opening/")  # 5 stages fit at 1280: no cue
        assert not tab.locator(".jm-scroll-cue").is_visible()
    finally:
        tab.context.close()


def test_cem_value_labels_and_markers_do_not_overlap(browser: Any, site: Site) -> None:
    tab = _tab(browser, site, 1440, 900)
    try:
        tab.goto(site.base + "maps/customer-lifecycle/")
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll('.jm-grid .jm-curve-label, .jm-grid .jm-curve-point')]
              .map(e => { const r = e.getBoundingClientRect();
                return [e.classList.contains('jm-curve-label') ? e.textContent : 'marker', r.left, r.top, r.right,
                        r.bottom]; })"""
        )
        labels = [b for b in boxes if b[0] != "marker"]
        assert len(labels) >= 7 and len(boxes) - len(labels) == 3 * 7  # three personas, seven stages
        overlaps = overlapping(boxes, 0.5)
        assert not overlaps, overlaps[:5]
        lane = tab.locator(".jm-grid .jm-curve").bounding_box()
        assert lane is not None and lane["height"] >= 200
        # the legend names each persona in its colour, with its initials
        legend = tab.locator(".jm-row-emotion .jm-legend li")
        assert legend.count() == 3 and {legend.nth(i).locator(".jm-avatar").inner_text() for i in range(3)} == {
            "MO",
            "DR",
            "PS",
        }
    finally:
        tab.context.close()


def test_future_state_shows_the_current_curve_as_a_ghost(browser: Any, site: Site) -> None:
    tab = _tab(browser, site, 1440, 900)
    try:
        tab.goto(site.base + "maps/account-opening-future/")
        ghost = tab.locator(".jm-grid .jm-curve-ghost line")
        assert ghost.count() >= 1 and ghost.first.is_visible()
        assert "Current state" in tab.locator(".jm-row-emotion .jm-legend").inner_text()
        tab.goto(site.base + "maps/account-opening/")
        assert tab.locator(".jm-grid .jm-curve-ghost").count() == 0
    finally:
        tab.context.close()


def test_no_request_leaves_the_site(browser: Any, site: Site) -> None:
    site.offsite.clear()
    tab = _tab(browser, site, 1440, 900)
    try:
        for path in PHONE_PAGES:
            tab.goto(site.base + path, wait_until="networkidle")
        # the text is in the self-hosted Roboto, loaded from the site itself
        assert tab.evaluate("document.fonts.check('16px Roboto')")
        family = tab.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
        assert family.startswith(('"Roboto"', "Roboto")), family
        loaded = tab.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert any("Roboto" in f for f in loaded)
    finally:
        tab.context.close()
    assert site.offsite == []


def test_fonts_are_self_hosted_unless_the_site_names_others(write: Any, build: Any) -> None:
    """Material's default fonts come from the site (the plugin sets theme.font: false and adds its fonts.css);
    fonts a site names itself are its choice and stay as material loads them."""
    from conftest import CJM, PERSONA, SITE_CONFIG

    write("index.md", "# Home\n")
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM.replace("zooms_into: lifecycle#open\n", ""))
    result = build()
    assert result.code == 0, result.output
    for page in ("index.html", "maps/opening/index.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
        assert "assets/journeymaps/fonts/fonts.css" in html and "assets/journeymaps/theme-fonts.css" in html
    fonts = result.site / "assets" / "journeymaps" / "fonts"
    css = (fonts / "fonts.css").read_text(encoding="utf-8")
    files = re.findall(r'url\("([^"]+)"\)', css)
    assert files and all((fonts / f).is_file() for f in files)
    inter = build(config=SITE_CONFIG.replace("name: material\n", "name: material\n  font: {text: Inter}\n"))
    assert inter.code == 0, inter.output
    html = (inter.site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" in html and "Inter" in html and "theme-fonts.css" not in html
