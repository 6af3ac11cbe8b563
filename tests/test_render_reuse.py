"""What a page renders once and reuses (issue 21, fast render) still follows the templates a site overrides.

A map page draws each stage's cell once (render/cells.py) for the web grid and the phone cards; channel chips,
ratings and review chips are rendered once per build (``channel_chip``, ``fragment``); a status chip once per page
(``once``); template words once per language (render/environment.py). Checked here:

- real ``mkdocs build``s of the example handbook with a ``custom_dir`` that overrides ``lane_cell.html``'s
  ``cell()``, or ``channel.html``, ``rating.html`` and ``review_chip.html``: the site's templates are used in the
  grid, the phone cards and every other page, read back with an HTML parser;
- the same environment speaks two languages one after the other, each with its own words and numbers;
- :class:`Cells` and :func:`once` call what they keep once per argument, and never mix up two stages.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import example_handbook, mkdocs_here
from journeymaps import i18n
from journeymaps.render.cells import Cells, once
from journeymaps.render.environment import make_environment

MY_CELL = """{% macro cell(kind, key, s) %}<i class="my-cell" data-lane="{{ key }}" data-stage="{{ s.index }}">
{{- kind }}</i>{% endmacro %}
{% macro share(value) %}{% endmacro %}
"""
MY_CHIPS = {
    "channel.html": '<b class="my-channel" data-channel="{{ c.id }}">{{ c.label }}</b>\n',
    "rating.html": '<b class="my-rating">{{ n }}/5 {{ _("Map") }}</b>\n',
    "review_chip.html": '<b class="my-review">{{ status }}</b>\n',
}


def _site(tmp_path_factory: pytest.TempPathFactory, name: str, partials: dict[str, str]) -> Path:
    work = example_handbook(tmp_path_factory.mktemp(name))
    folder = work / "themes" / "journeymaps" / "partials"
    folder.mkdir(parents=True)
    for file, text in partials.items():
        (folder / file).write_text(text, encoding="utf-8")
    code, output = mkdocs_here(work, "--strict")
    assert code == 0, output
    return work / "site"


@pytest.fixture(scope="module")
def cell_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "cells", {"lane_cell.html": MY_CELL})


@pytest.fixture(scope="module")
def chip_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "chips", MY_CHIPS)


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_an_overridden_cell_draws_the_grid_and_the_phone_cards(cell_site: Path) -> None:
    page = _page(cell_site, "maps/first-invoice/index.html")
    grid = page.select("table.jm-grid .my-cell")
    cards = page.select(".jm-stage-cards .my-cell")
    stages = len(page.select(".jm-stage-cards > li"))
    assert stages > 1 and grid, "the site's cell() draws the grid"
    # the grid: one cell per stage in each of its lanes, in stage order, each the site's own
    by_lane: dict[str, list[str]] = {}
    for cell in grid:
        by_lane.setdefault(str(cell["data-lane"]), []).append(str(cell["data-stage"]))
    assert all(found == [str(i) for i in range(stages)] for found in by_lane.values()), by_lane
    assert {"goal", "actions", "touchpoints", "channels", "customer_effort"} <= set(by_lane)
    # the phone cards show the very same cells (each drawn once, reused)
    assert Counter((c["data-lane"], c["data-stage"], c.get_text()) for c in cards) == Counter(
        (c["data-lane"], c["data-stage"], c.get_text()) for c in grid
    )
    assert not page.select(".jm-tp-list, .jm-channel, .jm-rating"), "no package cell is left on the page"


def test_overridden_chips_show_on_every_page(chip_site: Path) -> None:
    page = _page(chip_site, "maps/first-invoice/index.html")
    channels = page.select("table.jm-grid .my-channel")
    assert channels and len(page.select(".jm-stage-cards .my-channel")) == len(channels)
    assert not page.select(".jm-channel")
    ratings = page.select("table.jm-grid .my-rating")
    assert ratings and all(r.get_text().endswith("/5 Map") for r in ratings)
    assert [r.get_text() for r in page.select(".jm-stage-cards .my-rating")] == [r.get_text() for r in ratings]
    # the same chip on pages at other depths and of other kinds
    touchpoint = next(p for p in (chip_site / "touchpoints").glob("*/index.html"))
    assert _page(chip_site, str(touchpoint.relative_to(chip_site))).select(".my-channel")
    assert _page(chip_site, "touchpoints/index.html").select(".my-channel")
    reviews = _page(chip_site, "maps/index.html").select(".my-review")
    assert reviews and {r.get_text() for r in reviews} <= {"up to date", "stale", "never reviewed"}


def test_one_environment_speaks_each_language_with_its_own_words() -> None:
    env = make_environment()
    template = env.from_string(
        '{{ _("Map health") }}|{{ _("%(n)s maps", n=3) }}|'
        '{{ ngettext("%(num)s map", "%(num)s maps", 2) }}|{{ x|signed }}'
    )
    english = template.render(x=0.5)
    with i18n.use(i18n.speech("de")):
        german = template.render(x=0.5)
    assert english == "Map health|3 maps|2 maps|+0.5"
    assert german.split("|")[0] == i18n.speech("de").gettext("Map health") != "Map health"
    assert german.endswith("|+0,5")
    assert template.render(x=0.5) == english, "the words kept for German are not English's"
    # a site's own words are text, escaped like any other
    with i18n.use(i18n.speech("en", i18n.flat_strings({"Map health": "Health <& care>"}))):
        assert env.from_string('{{ _("Map health") }}').render() == "Health &lt;&amp; care&gt;"


def test_cells_draw_each_stage_and_lane_once() -> None:
    calls: list[tuple[str, str, int]] = []

    def macro(kind: str, key: str, s: dict[str, int]) -> str:
        calls.append((kind, key, s["index"]))
        return f"{key}@{s['index']}"

    cells = Cells()
    stages = [{"index": 0}, {"index": 1}]
    first = [cells(macro, "list", key, s) for key in ("actions", "thoughts") for s in stages]
    again = [cells(macro, "list", key, s) for key in ("actions", "thoughts") for s in stages]
    assert first == again == ["actions@0", "actions@1", "thoughts@0", "thoughts@1"]
    assert len(calls) == 4
    assert Cells()(macro, "list", "actions", {"index": 1}) == "actions@1"  # a new page draws again
    assert len(calls) == 5


def test_once_keeps_a_result_per_argument() -> None:
    made: list[str] = []

    def chip(status: str) -> str:
        made.append(status)
        return f"<{status}>"

    chip_once = once(chip)
    assert [chip_once(s) for s in ("idea", "done", "idea", "idea")] == ["<idea>", "<done>", "<idea>", "<idea>"]
    assert made == ["idea", "done"]
