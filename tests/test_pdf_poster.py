"""A map's PDF as a board poster, read back from real PDFs with pypdf, poppler and pdfminer.six: a short map fills
its page (export/fit.py), a long one that runs a little over is set smaller rather than leave rows on pages of their
own, right-to-left curve labels are shaped and ordered (export/print_curve.py), the backlog's columns hold their
words, a short row is never split between pages, and a hyphen no print font has does not stop the build."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import PERSONA, SITE_CONFIG, BuildResult, Glyph, Writer, glyphs, mkdocs_here, shared_folder, writer

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf_workers: 2"
)
A3_LANDSCAPE = (1190.55, 841.89)
MM = 72 / 25.4
TEXT_TOP, TEXT_BOTTOM = 10 * MM, 14 * MM
"""The text area of every page (pdf.css ``@page`` margins), in pt from the top and the bottom."""
PATH_AR, PATH_HE = "مسار بديل", "מסלול חלופי"


def stage(n: int, lanes: int, words: str) -> str:
    """A stage with ``lanes`` lanes of three items each, every item naming its lane and stage."""
    names = ("actions", "thoughts", "expectations", "backstage", "support", "influences", "pain_points")
    names = (*names, "opportunities")[:lanes]
    body = "".join(f"    {lane}: [{', '.join(f'{lane} {n}.{k} {words}' for k in range(1, 4))}]\n" for lane in names)
    return f"  - name: Step {n}\n    emotion: {n % 5 - 2}\n{body}"


def project(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    # four stages, three lanes: the largest zoom (1.6) still leaves room
    short = "".join(
        f"  - {{name: Step {n}, emotion: {n % 3 - 1}, actions: [Does thing {n}, Checks thing {n}], "
        f"pain_points: [Waits for thing {n}], opportunities: [{{title: Unscored idea {n}}}]}}\n"
        for n in range(1, 5)
    )
    write("maps/short.md", f"---\ntype: cjm\ntitle: Short map\npersona: maya\nstages:\n{short}---\n")
    # five stages of three full lanes: half the page at 1.0
    medium = "".join(stage(n, 3, "while the customer waits") for n in range(1, 6))
    write("maps/medium.md", f"---\ntype: cjm\ntitle: Medium map\npersona: maya\nstages:\n{medium}---\n")
    words = "while the customer waits for an answer from support"
    long = "".join(stage(n, 8, words) for n in range(1, 15))
    write("maps/long.md", f"---\ntype: cjm\ntitle: Long map\npersona: maya\nstages:\n{long}---\n")
    write(
        "maps/rtl.md",
        "---\ntype: cjm\ntitle: Paths\npersona: maya\nstages:\n"
        "  - {name: Apply, emotion: 1, actions: [Opens the app]}\n"
        f"  - name: Verify\n    emotion: -1\n    actions: [{PATH_AR}, {PATH_HE}]\n    paths:\n"
        f"      - {{name: {PATH_AR}, share: 15, emotion: 1, actions: [Scans the chip]}}\n"
        f"      - {{name: {PATH_HE}, share: 10, emotion: -2, actions: [Goes to the post office]}}\n"
        "  - {name: Done, emotion: 2, actions: [Orders a card]}\n---\n",
    )
    # A4 landscape: five stages, rows of fifteen items (three a cell), over one and a half pages
    tall = "".join(stage(n, 8, f"{words} about the invoice sent last week") for n in range(1, 6))
    write("maps/rows.md", f"---\ntype: cjm\ntitle: Rows\npersona: maya\npdf: {{size: A4}}\nstages:\n{tall}---\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The maps above built once with PDFs and the handbook: the site's ``pdf`` folder."""

    def make(folder: Path) -> None:
        project(writer(folder))
        (folder / "mkdocs.yml").write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
        code, output = mkdocs_here(folder, "--strict")
        (folder / "build.json").write_text(json.dumps({"code": code, "output": output}), encoding="utf-8")

    folder = shared_folder(tmp_path_factory, "pdf-poster", make)
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    assert facts["code"] == 0, facts["output"][-3000:]
    return folder / "site" / "pdf"


def text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def body_size(drawn: list[Glyph]) -> float:
    return statistics.median(round(g.size, 2) for g in drawn if g.text.strip() and g.y > TEXT_BOTTOM)


def footer(drawn: list[Glyph]) -> list[tuple[str, float, float]]:
    """(font size, baseline) of the running footer and the page number: what stands below the text area."""
    return sorted({(g.font.split("+")[-1], round(g.size, 2), round(g.y, 1)) for g in drawn if g.y < TEXT_BOTTOM})


def used(drawn: list[Glyph]) -> float:
    """How much of the text area's height the map takes, down to its last line of text."""
    grid = [g for g in drawn if g.y > TEXT_BOTTOM and g.text.strip()]
    return (A3_LANDSCAPE[1] - TEXT_TOP - min(g.y for g in grid)) / (A3_LANDSCAPE[1] - TEXT_TOP - TEXT_BOTTOM)


@pytest.mark.parametrize(("name", "zoom", "fill"), [("short", 1.6, 0.5), ("medium", 1.3, 0.8)])
def test_a_short_map_fills_its_a3_page_with_larger_type(site: Path, name: str, zoom: float, fill: float) -> None:
    """Four stages and three lanes filled the top third of the A3 sheet at the grid's 8.5 pt (five stages of three
    full lanes, half of it): printed larger, the whole map (type, grid, curve) takes the page, up to 1.6 times the
    size; paper, footer and page number are as on every PDF."""
    pdf = site / f"{name}.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A3_LANDSCAPE
    drawn = glyphs(pdf)
    assert body_size(drawn) >= 8.5 * zoom - 0.01, body_size(drawn)  # 8.5 pt at 1.0
    assert used(drawn) >= fill, used(drawn)  # 0.33 (short) and 0.5 (medium) at 1.0
    # the footer and the page number: 8 pt, on one baseline, as on a map printed at 1.0 (the long map's page 1)
    assert footer(drawn) == footer([g for g in glyphs(site / "long.pdf") if g.page == 1])
    assert {size for _font, size, _y in footer(drawn)} == {8.0}
    words = " ".join(text(pdf).split())
    assert all(f"Step {n}" in words for n in range(1, 5))


def test_a_long_map_a_little_over_its_pages_is_set_smaller_not_spread_over_more(site: Path) -> None:
    """Fourteen stages of six full lanes ran a few rows over each A3 page of seven stages: four pages, two of them
    three rows under a repeated stage row. Set at 0.9 they are two pages, each with its stages, every row whole."""
    pdf = site / "long.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages == 2, pages
    for page, first in ((1, 1), (2, 8)):
        words = " ".join(text(pdf, page).split())
        assert all(f"Step {n}" in words for n in range(first, first + 7)), (page, words[:300])
        for lane in ("Actions", "Thoughts", "Expectations", "Backstage"):
            assert lane in words, (page, lane)
    drawn = glyphs(pdf)
    assert 8.5 * 0.9 - 0.01 <= body_size(drawn) < 8.5, body_size(drawn)
    assert min(g.size for g in drawn if g.text.strip()) >= 6.3


def test_right_to_left_path_labels_on_the_curve_are_shaped_and_ordered(site: Path) -> None:
    """WeasyPrint draws an SVG label a letter at a time: an Arabic path name came out unjoined, in reading order
    from left to right, a Hebrew one reversed. Set as text over the curve, each reads as the same words in a cell:
    the same glyphs (Arabic joining forms) in the same order, right to left."""
    drawn = [g for g in glyphs(site / "rtl.pdf") if g.text.strip()]
    # the curve's labels: the value after the share, "(15%) +1"; the cell's words: the stage's actions
    for name in (PATH_AR, PATH_HE):
        letters = [c for c in name if c != " "]
        runs: dict[tuple[str, float, float], list[Glyph]] = {}
        for g in drawn:
            if g.text in letters:
                runs.setdefault((g.font, round(g.y), round(g.size, 1)), []).append(g)
        lines = [sorted(run, key=lambda g: g.x) for run in runs.values() if len(run) == len(letters)]
        regular = [line for line in lines if "Bold" not in line[0].font]  # the cell's words and the label
        assert len(regular) == 2, (name, {k: "".join(g.text for g in v) for k, v in runs.items()})
        cids = {tuple(g.cid for g in line) for line in regular}
        assert len(cids) == 1, (name, cids)  # label and cell: the same glyphs, shaped alike
        for line in lines:
            shown = "".join(g.text for g in line)
            assert shown == "".join(reversed(letters)), (name, shown)  # drawn right to left
    curve_numbers = [g for g in drawn if g.text in "+-0123456789%()" and g.y > TEXT_BOTTOM]
    assert curve_numbers and all("Roboto" in g.font for g in curve_numbers)  # the print font, not the system's


def test_the_backlogs_columns_hold_their_words(site: Path) -> None:
    """At A4 the backlog's Impact column printed its heading as 'Impac' over 't', and an unscored opportunity's
    rank as 'unscore' over 'd'."""
    book = site / "handbook.pdf"
    reader = PdfReader(book)
    pages = [text(book, i).splitlines() for i in range(1, len(reader.pages) + 1)]
    rows = next(rows for rows in pages if any("Rank" in row and "Opportunity" in row for row in rows))
    heading = next(row for row in rows if "Rank" in row and "Opportunity" in row)
    assert all(word in heading.split() for word in ("Rank", "Impact", "Effort", "Priority")), heading
    assert any("unscored" in row.split() for row in rows), [row for row in rows if "unscore" in row]


def test_a_short_row_is_kept_whole_on_its_page(site: Path) -> None:
    """A row of several cells of three items each was taken for one taller than a page (more than 14 items in the
    row) and split between pages, its last lines under a repeated stage row and no lane name. A row is as tall as
    its tallest cell: each row here prints whole, on the page of its lane name."""
    pdf = site / "rows.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages >= 2
    assert body_size(glyphs(pdf)) == 8.5  # printed as it is: too long to be set smaller
    for lane in (
        "actions",
        "thoughts",
        "expectations",
        "backstage",
        "support",
        "influences",
        "pain_points",
        "opportunities",
    ):
        where = {
            page
            for page in range(1, pages + 1)
            for row in text(pdf, page).splitlines()
            if any(f"{lane} {n}.{k}" in row for n in range(1, 6) for k in (1, 2, 3))
        }
        assert len(where) == 1, (lane, where)


def test_a_character_the_print_font_lacks_but_another_font_has_does_not_stop_the_build(
    write: Writer, build: Callable[..., BuildResult], tmp_path: Path
) -> None:
    """A site's stylesheet that hyphenates puts WeasyPrint's hyphen (U+2010, not in Roboto) at line ends: printed
    as a box, and since an installed font has it, the PDF cache took the PDF it had just rendered for a miss and the
    handbook's assembly stopped the build (KeyError: no whole PDF in the cache)."""
    write("personas/maya.md", PERSONA)
    words = " ".join(["internationalisation", "responsibilities", "notwithstanding", "characterisation"] * 6)
    write(
        "maps/hyphens.md",
        "---\ntype: cjm\ntitle: Hyphens\npersona: maya\npdf: {size: A5, orientation: portrait}\n"
        f"stages:\n  - {{name: One, actions: [{words}]}}\n  - {{name: Two, actions: [{words}]}}\n---\n",
    )
    css = tmp_path / "hyphens.css"
    css.write_text('.jm-print .jm-pgrid td { hyphens: auto; hyphenate-character: "\\2010"; }\n', encoding="utf-8")
    config = CONFIG.replace("pdf_workers: 2", f"pdf_workers: 1\n      pdf_css: [{css}]")
    first = build(config=config)
    assert first.code == 0, first.output[-3000:]
    assert "\u2010" in text(first.site / "pdf" / "hyphens.pdf").replace("-", "")  # boxes, as the PDF's text says
    again = build(config=config)  # the cached PDF is reused, not rendered again
    assert again.code == 0, again.output[-3000:]
    assert "rendered 0" in again.output, again.output[-2000:]


def test_a_sites_own_print_stylesheet_keeps_its_margins(tmp_path: Path) -> None:
    """A site with its own print stylesheet (`pdf_css`) gets the page it sets: its margins as written, the map at
    its size (a zoom would lay the map out with the built-in margins: the site's 30 mm became 10)."""
    write = writer(tmp_path)
    write("personas/maya.md", PERSONA)
    short = "".join(f"  - {{name: Step {n}, emotion: {n % 3 - 1}, actions: [Does thing {n}]}}\n" for n in range(1, 5))
    write("maps/short.md", f"---\ntype: cjm\ntitle: Short map\npersona: maya\nstages:\n{short}---\n")
    (tmp_path / "print.css").write_text("@page { margin: 30mm 30mm 30mm 30mm }\n", encoding="utf-8")
    config = CONFIG.replace("pdf_workers: 2", "pdf_workers: 1\n      pdf_handbook: false\n      pdf_css: [print.css]")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
    code, output = mkdocs_here(tmp_path, "--strict")
    assert code == 0, output
    drawn = [g for g in glyphs(tmp_path / "site" / "pdf" / "short.pdf") if g.text.strip()]
    assert min(g.x for g in drawn) >= 30 * MM - 0.5  # nothing in the left margin the site set
    assert max(g.y for g in drawn) <= A3_LANDSCAPE[1] - 30 * MM + 1  # nor in its top margin
    sizes = {round(g.size, 2) for g in drawn}
    assert 8.5 in sizes and max(sizes) == 20.0  # the map at its own size: the grid's 8.5 pt, the title's 20 pt


def test_a_map_that_nearly_fills_its_page_is_laid_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each layout costs as much as the rest of a map's PDF: a map that fills most of its page (the generated
    handbook's, about 0.8) would gain 10% larger type for two more layouts (CPU per map 1.9 x), and prints at its
    size after one layout; the short maps above still fill their page."""
    import sys

    from journeymaps.export import pdf as pdf_module

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    generate(tmp_path / "content", 4)
    config = CONFIG.replace("pdf_workers: 2", "pdf_workers: 1\n      pdf_handbook: false")  # rendered in this process
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
    layouts: list[str] = []
    fitted = pdf_module.fitted

    def counted(html: str, layout: Callable[[str], object]) -> tuple[object, float]:
        def one(source: str) -> object:
            layouts.append(source)
            return layout(source)

        return fitted(html, one)

    monkeypatch.setattr(pdf_module, "fitted", counted)
    code, output = mkdocs_here(tmp_path, "--strict")
    assert code == 0, output
    documents = sorted((tmp_path / "site" / "pdf").rglob("*.pdf"))  # the maps', and the persona's
    assert len(layouts) == len(documents) > 4  # one layout each
    for pdf in sorted((tmp_path / "site" / "pdf").glob("*.pdf")):  # the maps
        drawn = glyphs(pdf)
        assert used(drawn) > 0.7 or len(PdfReader(pdf).pages) > 1, pdf.name  # they did fill most of a page
        assert abs(body_size(drawn) - 8.5) < 0.01, pdf.name
