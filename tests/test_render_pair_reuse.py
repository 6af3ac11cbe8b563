"""A comparison page's legend is rendered once per CEM and reused by its pairs (issue 21, fast render): a site
that overrides ``_legend.html`` still sees its own legend on every pair page, with that CEM's personas.

A real ``mkdocs build`` of the example handbook with a ``custom_dir`` holding ``journeymaps/_legend.html``, read
back with an HTML parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import example_handbook, mkdocs_here

MY_LEGEND = '<ol class="my-legend">{% for name in legend_names %}<li>{{ name }}</li>{% endfor %}</ol>\n'


@pytest.fixture(scope="module")
def legend_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = example_handbook(tmp_path_factory.mktemp("legend"))
    folder = work / "themes" / "journeymaps"
    folder.mkdir(parents=True)
    (folder / "_legend.html").write_text(MY_LEGEND, encoding="utf-8")
    code, output = mkdocs_here(work, "--strict")
    assert code == 0, output
    return work / "site"


def test_every_pair_page_shows_the_sites_legend_of_its_cem(legend_site: Path) -> None:
    pairs = sorted(p for p in (legend_site / "compare" / "customer-lifecycle").glob("*/index.html"))
    assert len(pairs) >= 2  # several CJMs detail the same CEM: the legend is reused between them
    legends = []
    for page in pairs:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select(".jm-compare-pair .jm-legend") == []  # the theme's own legend is replaced
        mine = soup.select(".jm-compare-pair .my-legend")
        assert len(mine) == 1, page
        legends.append([li.get_text() for li in mine[0].select("li")])
    assert len(legends[0]) > 1 and all(names == legends[0] for names in legends)  # the CEM's personas, each page
