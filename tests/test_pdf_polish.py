"""PDFs a CX lead shows a board, read back from real PDFs (poppler's word boxes, pdfminer.six's glyph sizes): a long
map title is cut short with an ellipsis in the running footer and a page of stages' label, and kept whole in the
title block and the PDF's /Title; a map of few stages fills its page with larger type; the handbook's cover names the
version of the site mike publishes. Each map is printed in this process (one worker), in a second or two."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

from pypdf import PdfReader  # noqa: E402

import test_pdf_hostile_speed as hostile  # noqa: E402
from conftest import glyphs  # noqa: E402
from journeymaps.export import export_pdfs  # noqa: E402
from journeymaps.export.documents import PrintDocuments, PrintSettings  # noqa: E402
from journeymaps.export.pdf import RenderPool  # noqa: E402
from journeymaps.pipeline import build  # noqa: E402
from journeymaps.render.environment import Icons, make_environment  # noqa: E402
from journeymaps.render.pages import PageRenderer  # noqa: E402
from journeymaps.settings import Settings  # noqa: E402
from test_pdf_poster import TEXT_BOTTOM, body_size, used  # noqa: E402

pool = hostile.pool
"""The print style sheets and font in this process, one worker: the hostile-text tests' fixture."""
_write = hostile._write
SITE = "Test handbook"
MIKE_VERSION = "MIKE_DOCS_VERSION"
"""What ``mike deploy 2.0`` sets for the build it runs (mike's ``mkdocs_utils.docs_version_var``)."""


class Word(NamedTuple):
    page: int
    text: str
    x0: float
    y0: float  # pt from the top of the page
    x1: float
    y1: float


def words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Each page's (width, height) and every word poppler finds, with its box, in reading order."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sizes, found = [], []
    for number, page in enumerate(boxes.split("<page ")[1:], 1):
        sizes.append(tuple(map(float, re.search(r'width="([0-9.]+)" height="([0-9.]+)"', page).groups())))
        for x0, y0, x1, y1, text in re.findall(
            r'xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>', page
        ):
            found.append(Word(number, text.replace("&amp;", "&"), float(x0), float(y0), float(x1), float(y1)))
    return sizes, found


def stages(count: int) -> str:
    """``count`` short stages: two actions, a pain point, a touchpoint each."""
    return "".join(
        f"  - {{name: Stage {n}, emotion: {n % 3 - 1}, actions: [Does thing {n}, Checks thing {n}], "
        f"pain_points: [{{title: Waits for thing {n}, severity: 3}}], "
        "touchpoints: [{name: Web form, channel: web}]}\n"
        for n in range(1, count + 1)
    )


def documents(root: Path, maps: dict[str, tuple[str, int]], **settings: object) -> PrintDocuments:
    """The print documents of a handbook of one persona and ``maps`` (id: (title, number of stages))."""
    _write(root, "personas/maya.md", "---\ntype: persona\nname: Maya\nrole: Designer\n---\n")
    for ident, (title, count) in maps.items():
        _write(
            root, f"maps/{ident}.md", f'---\ntype: cjm\ntitle: "{title}"\npersona: maya\nstages:\n{stages(count)}---\n'
        )
    handbook = build(Settings.make(root, Path("content")))
    return PrintDocuments(PageRenderer(handbook, make_environment(), Icons()), PrintSettings(SITE, None, **settings))  # type: ignore[arg-type]


def printed(pool: RenderPool, root: Path, title: str, count: int) -> Path:
    job = documents(root, {"m": (title, count)}).map_job("m")
    assert job is not None
    pdf = root / "m.pdf"
    assert pool.render(job.html, "0" * 64, str(pdf)) is None
    return pdf


LONG_WORDS = " ".join(["Onboarding journey for small business owners who switch banks"] * 7)  # 433 characters
LONG_WORD = "Kundenkontoeröffnungsprozess" * 100  # one word of 2,800 letters


@pytest.mark.parametrize(
    ("title", "count"),
    [("Opening a business account & more", 9), (LONG_WORDS, 9), (LONG_WORD, 2)],
    ids=["ordinary", "long-title", "long-word"],
)
def test_a_long_title_is_cut_short_in_the_running_lines_and_kept_whole_in_the_title_block(
    pool: RenderPool, tmp_path: Path, title: str, count: int
) -> None:
    """A 433-character title wrapped the running footer into lines below the page's edge; a 2,800-letter word ran
    off the page over the key findings and the page number. Now the footer is one line inside its margin box, ending
    with an ellipsis well before the page number, and so is a page of stages' label (nine stages: two pages); the
    title block (page 1) and /Title have all of it; every word lies on its page. An ordinary title prints whole."""
    pdf = printed(pool, tmp_path, title, count)
    assert PdfReader(pdf).metadata.title == title
    sizes, found = words(pdf)
    long = title != "Opening a business account & more"
    for number, (width, height) in enumerate(sizes, 1):
        page = [w for w in found if w.page == number]
        assert all(w.x0 >= 0 and w.x1 <= width and w.y0 >= 0 and w.y1 <= height for w in page), number
        footer = sorted((w for w in page if w.y0 > height - TEXT_BOTTOM), key=lambda w: w.x0)
        assert len({round(w.y0) for w in footer}) == 1, (number, footer)  # one line
        running, label = footer[:-4], footer[-4:]  # the page number, stamped on the right: "Page 1 of 2"
        assert [w.text for w in label] == ["Page", str(number), "of", str(len(sizes))], footer
        assert max(w.x1 for w in running) < label[0].x0 - 50, footer  # nothing near the page number
        line = " ".join(w.text for w in running)
        if long:
            assert line.startswith(f"{SITE} · ") and line.endswith("…") and len(line) < len(title), line
        else:
            assert line == f"{SITE} · {title}", line
    first = "".join(w.text for w in found if w.page == 1)
    assert "".join(title.split()) in first  # the title block: all of it, on page 1
    if count > 7:  # a page of stages' label: one line, above the grid; the title cut short there too
        height = sizes[1][1]
        top = sorted(
            (w for w in found if w.page == 2 and w.y0 < height - TEXT_BOTTOM), key=lambda w: (round(w.y0), w.x0)
        )
        line = [w.text for w in top if round(w.y0) == round(top[0].y0)]
        assert line[-4:] == ["Stages", "6–9", "of", "9"], line
        assert (line[-6].endswith("…") and line[-5] == "·") if long else " ".join(line[:-5]) == title, line
        assert sum(w.text == "Onboarding" for w in top) == line.count("Onboarding")  # none below, but in the footer


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_map_of_few_stages_fills_its_page_with_poster_type(pool: RenderPool, tmp_path: Path, count: int) -> None:
    """A map of one to three short stages printed at 1.6 at most and took 0.58 of its A3 page (body 13.6 pt): it
    prints at up to 2.0 now, body text 17 pt (no larger) and 0.73 of the page; four stages print as before."""
    drawn = glyphs(printed(pool, tmp_path, "Account opening", count))
    text = [g for g in drawn if g.text.strip() and g.y > TEXT_BOTTOM]
    starts = [i for i in range(len(drawn)) if "".join(g.text for g in drawn[i : i + 6]) == "Checks"]
    grid = {round(drawn[i].size, 2) for i in starts}  # an action's words: "Checks thing 1"
    assert len(starts) == count, starts
    if count <= 3:
        assert grid == {17.0}, grid  # 8.5 pt at 2.0
        assert used(drawn) >= 0.7, used(drawn)
        assert max(g.size for g in text) <= 40.01  # the title: 20 pt at 2.0
    else:
        assert grid == {13.6} and body_size(drawn) == 13.6, grid  # 1.6, as before
    assert {round(g.size, 2) for g in drawn if g.text.strip() and g.y < TEXT_BOTTOM} == {8.0}  # footer, page number


def test_the_handbook_cover_names_the_version_mike_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mike deploy 2.0` builds with MIKE_DOCS_VERSION=2.0: the handbook's cover says "Version 2.0" (escaped, as all
    text), a plain build says no version; the handbook is made again for it, its maps and personas are reused."""
    env = make_environment()
    site, cache = tmp_path / "site", tmp_path / "cache"

    def cover() -> tuple[str, int]:
        """The handbook's first page, and how many PDFs were rendered for it (not taken from the cache)."""
        docs = documents(tmp_path, {"m": ("Account opening", 2)})
        report = export_pdfs(docs, env, site, cache, workers=1)
        assert not report.failures, report.failures
        out = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(site / "pdf/handbook.pdf"), "-"], capture_output=True, text=True
        )
        return " ".join(out.stdout.split()), report.render.rendered

    monkeypatch.delenv(MIKE_VERSION, raising=False)
    page, _rendered = cover()
    assert "Test handbook" in page and "Version" not in page, page
    monkeypatch.setenv(MIKE_VERSION, "2.0 <b>beta</b>")
    assert PrintSettings(SITE, None).site_version == "2.0 <b>beta</b>"
    page, rendered = cover()
    assert "Version 2.0 <b>beta</b>" in page and rendered == 0, (page, rendered)
