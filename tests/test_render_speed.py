"""Fast render (issue 21): a map page asks for its cells a lane or a stage at a time, with the same HTML.

The package's grid takes a lane's cells in one call (``cells.row``) and a phone card a stage's (``cells.card``,
with the lane names through the template's ``_``), instead of one template call per cell. Checked here:

- a real ``mkdocs build`` of the example handbook whose ``custom_dir`` overrides ``grid.html`` and
  ``stage_cards.html`` with the one-call-per-cell form (the package's templates with their loops written back
  as ``cells(lane.cell, kind, key, s)``, as a site's older override does) writes every page and the search index
  byte for byte as the package's own templates do (the example's maps have paths, a blueprint and a day's brands);
- :meth:`Cells.row` and :meth:`Cells.card` give the cells :class:`Cells` keeps (drawn once), trimmed for a card,
  the emotion and lines left to the template, each lane's name said once per page through the ``_`` passed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from conftest import example_handbook, example_site, mkdocs_here
from journeymaps.render.cells import Cells
from journeymaps.render.environment import PACKAGE_TEMPLATES

PARTIALS = PACKAGE_TEMPLATES / "journeymaps" / "partials"
ROW = """      {% for html in cells.row(lane.cell, kind, key, stages) %}
      <td>{{ html }}</td>
      {% endfor %}"""
ROW_PER_CELL = """      {% for s in stages %}
      <td>{{ cells(lane.cell, kind, key, s) }}</td>
      {% endfor %}"""
CARD = "{% for key, name, kind, html in cells.card(lane.cell, lanes, s, _) %}"
CARD_PER_CELL = "{% for key, label, kind in lanes %}{% set name = _(label) %}"
CARD_CELL = "{% if html %}<dt>{{ name }}</dt><dd>{{ html }}</dd>{% endif %}"
CARD_CELL_PER_CELL = (
    "{% set html = cells(lane.cell, kind, key, s)|trim %}{% if html %}<dt>{{ name }}</dt><dd>{{ html }}</dd>{% endif %}"
)


def _per_cell(text: str, *pairs: tuple[str, str]) -> str:
    for new, old in pairs:
        assert text.count(new) == 1, f"the package template no longer has {new!r}"
        text = text.replace(new, old)
    return text


@pytest.fixture(scope="module")
def per_cell_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = example_handbook(tmp_path_factory.mktemp("per-cell"))
    folder = work / "themes" / "journeymaps" / "partials"
    folder.mkdir(parents=True)
    grid = (PARTIALS / "grid.html").read_text(encoding="utf-8")
    cards = (PARTIALS / "stage_cards.html").read_text(encoding="utf-8")
    (folder / "grid.html").write_text(_per_cell(grid, (ROW, ROW_PER_CELL)), encoding="utf-8")
    (folder / "stage_cards.html").write_text(
        _per_cell(cards, (CARD, CARD_PER_CELL), (CARD_CELL, CARD_CELL_PER_CELL)), encoding="utf-8"
    )
    code, output = mkdocs_here(work, "--strict")
    assert code == 0, output
    return work / "site"


def test_an_override_drawing_each_cell_writes_the_same_map_pages(
    per_cell_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = example_site(tmp_path_factory)
    pages = sorted(p.relative_to(site) for ext in ("html", "json") for p in site.rglob(f"*.{ext}"))
    assert (
        sorted(p.relative_to(per_cell_site) for ext in ("html", "json") for p in per_cell_site.rglob(f"*.{ext}"))
        == pages
    )
    maps, kinds = 0, set()
    for rel in pages:
        ours, theirs = (site / rel).read_text(encoding="utf-8"), (per_cell_site / rel).read_text(encoding="utf-8")
        assert ours == theirs, f"{rel}: the per-cell templates draw another page"
        maps += "jm-map-page" in ours
        kinds |= {k for k in ("jm-kind-blueprint", "jm-kind-day-in-the-life", "jm-path-name") if k in ours}
    assert maps >= 7, "every map page of the example compared"
    assert kinds == {"jm-kind-blueprint", "jm-kind-day-in-the-life", "jm-path-name"}  # the special grids too


def test_rows_and_cards_reuse_the_kept_cells_and_say_each_lane_once() -> None:
    drawn: list[tuple[str, int]] = []
    said: list[str] = []

    def macro(kind: str, key: str, s: dict[str, int]) -> str:
        drawn.append((key, s["index"]))
        return f"\n  {key}@{s['index']} " if key == "goal" else f"{key}@{s['index']}"

    def say(eval_ctx: object, label: str) -> str:  # the template's `_`: called with its evaluation context
        assert eval_ctx is not None
        said.append(label)
        return label.upper()

    env = Environment(autoescape=True)
    env.globals["say"] = say
    stages = [{"index": 0}, {"index": 1}]
    lanes = [("goal", "Goal", "text"), ("emotion", "Emotion", "emotion"), ("line-x", "Line", "line")]
    cells = Cells()
    assert cells.row(macro, "text", "goal", stages) == ["\n  goal@0 ", "\n  goal@1 "]
    template = env.from_string("{% for s in stages %}{{ cells.card(macro, lanes, s, say) }};{% endfor %}")
    shown = template.render(cells=cells, macro=macro, lanes=lanes, stages=stages, say=say)
    assert shown == (
        "[(&#39;goal&#39;, &#39;GOAL&#39;, &#39;text&#39;, &#39;goal@0&#39;), (&#39;emotion&#39;, &#39;EMOTION&#39;, "
        "&#39;emotion&#39;, &#39;&#39;), (&#39;line-x&#39;, &#39;LINE&#39;, &#39;line&#39;, &#39;&#39;)];"
        "[(&#39;goal&#39;, &#39;GOAL&#39;, &#39;text&#39;, &#39;goal@1&#39;), (&#39;emotion&#39;, &#39;EMOTION&#39;, "
        "&#39;emotion&#39;, &#39;&#39;), (&#39;line-x&#39;, &#39;LINE&#39;, &#39;line&#39;, &#39;&#39;)];"
    )
    assert drawn == [("goal", 0), ("goal", 1)], "the card reuses the row's cells; emotion and lines are no cells"
    assert said == ["Goal", "Emotion", "Line"], "each lane's name said once per page"
