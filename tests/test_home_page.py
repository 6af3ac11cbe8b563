"""The generated home page: a handbook whose docs folder has no home page of its own (no ``index.md``, no
``README.md`` at its top) gets an overview at the site's root, first in the navigation; an author's own home page
is never touched. Built with the real ``mkdocs build --strict`` command on the example handbook and read back with
an HTML parser; what it says is checked against the pages it summarises, and it is looked at in a real Chromium
(axe in light and dark, a 390 px phone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import axe_violations, chromium, example_handbook, http_folder, mkdocs_here
from test_incremental import EDITS, _full, _incremental, _same_site
from test_incremental import handbook as handbook  # the generated handbook of the incremental tests (a fixture)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = example_handbook(tmp_path_factory.mktemp("home"))
    (work / "content" / "index.md").unlink()
    code, output = mkdocs_here(work, "--strict")
    assert code == 0, output
    return work / "site"


def test_a_site_without_a_home_page_gets_an_overview_first_in_the_navigation(site: Path) -> None:
    page = _soup(site / "index.html")
    home = page.select_one(".jm-home")
    assert home is not None
    assert home.h1 is not None and home.h1.get_text() == "Fernway CX Handbook"  # the site's name
    assert len(page.find_all("h1")) == 1  # the theme adds no second heading
    first = page.select_one(".md-nav--primary .md-nav__list .md-nav__link")
    assert first is not None and first.get_text(strip=True) == "Home"
    assert page.title is not None and page.title.get_text() == "Home - Fernway CX Handbook"
    # every section is linked, to a page the site has
    sections = {a.get_text(strip=True): a["href"] for a in home.select(".jm-home-section")}
    assert list(sections) == [
        "Personas",
        "Maps",
        "Touchpoints",
        "CJM vs CEM",
        "Opportunities",
        "Map health",
        "Recent changes",
    ]
    for href in [*sections.values(), *(a["href"] for a in home.select("a"))]:
        target = (site / href.split("#")[0]).resolve()
        assert (target / "index.html" if target.is_dir() else target).is_file(), href


def test_what_the_home_page_counts_is_what_the_pages_it_links_list(site: Path) -> None:
    home = _soup(site / "index.html").select_one(".jm-home")
    assert home is not None
    counts = {
        card.select_one(".jm-home-section").get_text(strip=True): card.select_one(".jm-home-count").get_text()
        for card in home.select(".jm-home-sections > li")
        if card.select_one(".jm-home-count")
    }
    catalog = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    maps = list(catalog["maps"].values())
    cems = sum(1 for m in maps if m["type"] == "cem")
    assert counts["Maps"] == f"{len(maps)} maps · {cems} experience map" + ("s" if cems != 1 else "")
    personas = _soup(site / "personas" / "index.html").select(".jm-index .jm-card")
    assert counts["Personas"] == f"{len(personas)} personas"
    touchpoints = _soup(site / "touchpoints" / "index.html").select(".jm-index tbody tr")
    assert counts["Touchpoints"] == f"{len(touchpoints)} touchpoints"
    backlog = _soup(site / "opportunities" / "index.html")
    open_rows = backlog.select('tr[data-status^="open"]')
    assert counts["Opportunities"] == f"{len(open_rows)} open opportunities"
    # the next quarter: the backlog's three marked rows, in its order
    marked = [r.select_one(".jm-opp-title").get_text() for r in backlog.select("tr.jm-next-quarter")]
    listed = [li.a.get_text() for li in home.select(".jm-home-next li")]
    assert listed == marked and len(listed) == 3
    # the painful stages without a CJM: the comparison page's hot spots
    hot = [li.a.get_text() for li in _soup(site / "compare" / "index.html").select(".jm-hotspot")]
    assert [li.a.get_text() for li in home.select(".jm-home-hot li")] == hot and hot
    assert counts["CJM vs CEM"] == f"{len(hot)} painful stages without a journey map"
    health = _soup(site / "health" / "index.html").select(".jm-health-summary tbody td:nth-of-type(2) .jm-chip-amber")
    assert counts["Map health"] == f"{len(health)} maps with findings"


def test_search_leaves_the_home_page_out(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].split("#")[0] == ""]
    assert any(d["location"].startswith("maps/") for d in index["docs"])  # the maps are found


@pytest.mark.parametrize("name", ["index.md", "README.md"])
def test_an_authors_own_home_page_is_left_as_written(tmp_path: Path, name: str) -> None:
    work = example_handbook(tmp_path)
    (work / "content" / "index.md").unlink()
    (work / "content" / name).write_text("# Our handbook\n\nWritten by us.\n", encoding="utf-8")
    code, output = mkdocs_here(work, "--strict")
    assert code == 0, output
    page = _soup(work / "site" / "index.html")
    assert page.select_one(".jm-home") is None
    article = page.select_one("article")
    assert article is not None and "Written by us." in article.get_text()


def test_the_home_page_passes_axe_in_light_and_dark_and_fits_a_phone(site: Path) -> None:
    with http_folder(site) as url, chromium() as browser:
        for scheme in ("light", "dark"):
            tab = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
            tab.goto(url + "index.html")
            assert axe_violations(tab) == [], scheme
            tab.close()
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(url + "index.html")
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        widths = tab.evaluate(
            "() => [...document.querySelectorAll('.jm-home-sections > li')].map(e => e.getBoundingClientRect().width)"
        )
        assert widths and min(widths) > 300  # one card a row, the screen's width


def _no_home(docs: Path) -> None:
    (docs / "index.md").unlink()


@pytest.mark.parametrize("kind", ["stage emotion", "opportunity", "persona name", "deleted map", "home page", "gone"])
def test_a_serve_rebuild_keeps_the_generated_home_page_exact(handbook: Path, kind: str) -> None:
    """Under `mkdocs serve`, the generated home page is rendered again by what changes it (it reads every map) and
    comes or goes with the author's own `index.md`: the served site is the full build's, byte for byte."""
    if kind != "gone":
        _no_home(handbook / "content")
    served, rendered, total = _incremental(handbook, _no_home if kind == "gone" else EDITS[kind])
    full = _full(handbook)
    _same_site(served, full)
    home = BeautifulSoup(full["index.html"].decode(), "html.parser").select_one(".jm-home")
    assert (home is None) is (kind == "home page")
    assert "index.md" in rendered
    if kind not in ("home page", "gone"):
        assert len(rendered) < total * (0.9 if kind == "persona name" else 0.5), rendered  # not the whole site
