"""A web page printed from the browser, as a CX lead presses Ctrl+P before a board meeting.

The example handbook (built once per run, shared with test_browser.py) is served on localhost and printed by
Debian's chromium (Playwright's ``page.pdf``, backgrounds on, as the print dialog's "Background graphics"); each PDF
is read back: its page size, its text and where it stands, the colour each glyph is printed in, the paper's colour.
Four prints in all, once per module.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from conftest import chromium, example_site, http_folder, offline_tab

MAP = "maps/account-opening/"
STAGES = ("Start application", "Business details", "Upload documents", "Video ID call", "Account ready")
A4 = (595.3, 841.9)  # pt, portrait


class Print(NamedTuple):
    rel: str
    scheme: str
    css_paper: bool  # the page's own @page size, as chromium's "Save as PDF" takes it; else A4 portrait as asked


PRINTS = {
    "map-light": Print(MAP, "light", css_paper=False),
    "map-dark": Print(MAP, "dark", css_paper=False),
    "persona-paper": Print("personas/maya/", "light", css_paper=True),
    "backlog": Print("opportunities/", "light", css_paper=False),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    out = tmp_path_factory.mktemp("printed")
    pdfs: dict[str, Path] = {}
    with chromium() as browser:
        site = example_site(tmp_path_factory)  # mkdocs build --strict, PDFs off
        with http_folder(site) as base:
            for name, job in PRINTS.items():
                tab = offline_tab(browser, base, 1280, scheme=job.scheme)
                try:
                    tab.goto(base + job.rel, wait_until="load")
                    # material sets the reader's scheme from its script, on load
                    scheme = "slate" if job.scheme == "dark" else "default"
                    tab.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
                    tab.emulate_media(media="print")
                    pdfs[name] = out / f"{name}.pdf"
                    tab.pdf(
                        path=str(pdfs[name]), format="A4", print_background=True, prefer_css_page_size=job.css_paper
                    )
                finally:
                    tab.context.close()
    yield pdfs


class Char(NamedTuple):
    page: int
    text: str
    x0: float
    x1: float
    rgb: tuple[float, float, float]


class Page(NamedTuple):
    width: float
    height: float
    chars: list[Char]


def _read(pdf: Path) -> list[Page]:
    """Each page of ``pdf``: its size and every glyph drawn on it, with its place and fill colour (pdfminer.six)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    pages: list[Page] = []

    def rgb(colour: Any) -> tuple[float, float, float]:
        values = list(colour) if isinstance(colour, (list, tuple)) else [colour or 0.0]
        if len(values) == 1:
            return (float(values[0]),) * 3  # type: ignore[return-value]
        if len(values) == 4:  # CMYK
            c, m, y, k = (float(v) for v in values)
            return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        return (float(values[0]), float(values[1]), float(values[2]))

    for number, layout in enumerate(extract_pages(pdf), 1):
        chars: list[Char] = []

        def walk(item: Any, chars: list[Char] = chars, number: int = number) -> None:
            if isinstance(item, LTChar):
                chars.append(Char(number, item.get_text(), item.x0, item.x1, rgb(item.graphicstate.ncolor)))
            elif hasattr(item, "__iter__"):
                for child in item:
                    walk(child)

        walk(layout)
        pages.append(Page(layout.width, layout.height, chars))
    return pages


def _contrast_on_white(rgb: tuple[float, float, float]) -> float:
    """WCAG's contrast ratio of a colour (0..1 sRGB) against white paper."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def _paper_colour(pdf: Path) -> tuple[int, int, int]:
    """The colour of page 1's top left corner (in the page margin), rendered by poppler's pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("no pdftoppm (poppler-utils)")
    ppm = subprocess.run([pdftoppm, "-r", "20", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True)
    # binary PPM: "P6\n<width> <height>\n<max>\n" and the pixels, row by row
    pixels = ppm.stdout.split(b"\n", 3)[3]
    return pixels[0], pixels[1], pixels[2]


def test_a_map_prints_whole_without_the_site_around_it(printed: dict[str, Path]) -> None:
    """Guard (passes before and after the fixes of this file): the grid's every stage on the paper, the last one
    inside the page's right margin; the site's header, navigation and footer not printed; no page left empty."""
    pages = _read(printed["map-light"])
    text = subprocess.run(["pdftotext", "-layout", str(printed["map-light"]), "-"], capture_output=True, text=True)
    words = " ".join(text.stdout.split())
    for stage in STAGES:
        assert stage in words
    for chrome in ("Skip to content", "Fernway CX Handbook", "Made with"):
        assert chrome not in words, f"the site's {chrome!r} is printed"
    for page in pages:
        assert len(page.chars) > 50, f"page {pages.index(page) + 1} of {len(pages)} is (almost) empty"
        right = max(c.x1 for c in page.chars)
        assert right <= page.width - 20, f"text printed at x={right:.0f} pt, past the margin of a {page.width} pt page"


def test_dark_mode_prints_dark_text(printed: dict[str, Path]) -> None:
    """A reader in dark mode who prints gets the light page: material turns its own colours light on paper, and
    journeymaps' dark-scheme colours (muted text #aab3bf, pastel series and chips) must follow, or they print at
    2:1 on white paper. Every coloured glyph reads at 4.5:1 on white (WCAG AA); white letters (on badges and
    avatars) no more than in the light scheme's print."""
    dark, light = _read(printed["map-dark"]), _read(printed["map-light"])
    white = (1.0, 1.0, 1.0)
    faint = sorted(
        {(c.rgb, c.text) for p in dark for c in p.chars if c.rgb != white and _contrast_on_white(c.rgb) < 4.5}
    )
    assert not faint, f"{len(faint)} glyphs printed too light on white, e.g. {faint[:5]}"
    whites = [sum(c.rgb == white for p in pdf for c in p.chars) for pdf in (dark, light)]
    assert whites[0] <= whites[1], f"{whites[0]} white glyphs in the dark scheme's print, {whites[1]} in the light's"


def test_dark_mode_prints_on_white_paper(printed: dict[str, Path]) -> None:
    """Material marks a dark page `<meta name="color-scheme" content="dark">`: chromium then paints the page
    margins (outside the page's own background) near black, a dark frame round every printed page."""
    assert _paper_colour(printed["map-light"]) == (255, 255, 255)
    assert _paper_colour(printed["map-dark"]) == (255, 255, 255)


def test_print_takes_the_readers_paper(printed: dict[str, Path]) -> None:
    """Landscape, on the paper the reader chose (A4 here; Letter in the US): not A3, which chromium's "Save as PDF"
    took from the page and a board's A4 printer then shrank to 71%."""
    pages = _read(printed["persona-paper"])
    width, height = pages[0].width, pages[0].height
    assert width > height, "printed portrait"
    assert abs(height - A4[0]) < 2 and abs(width - A4[1]) < 2, f"printed on {width} x {height} pt"  # chromium: whole px


def test_a_map_on_a4_keeps_its_type_readable(printed: dict[str, Path]) -> None:
    """Printed on A4, the map is laid out for A4: its grid's text at the web page's size for print (some 10 pt),
    nothing smaller than 6.5 pt (avatars' initials, the curve's axis). Laid out for the A3 page print.css asked for
    and shrunk onto A4, the grid printed at 7.6 pt and its labels at 5.3 pt, below the PDFs' 7.5 pt floor."""
    from collections import Counter

    from conftest import glyphs

    drawn = [g for g in glyphs(printed["map-light"]) if g.text.strip()]
    body = Counter(round(g.size, 1) for g in drawn).most_common(1)[0][0]
    assert body >= 9, f"most text printed at {body} pt"
    smallest = min(drawn, key=lambda g: g.size)
    assert smallest.size >= 6.5, f"{smallest.text!r} printed at {smallest.size:.1f} pt"


def test_the_backlog_starts_with_its_matrix(printed: dict[str, Path]) -> None:
    """The opportunities backlog's first page holds its intro and its priority matrix: the matrix at its web size
    went whole to page 2 and left page 1 with three lines on it."""
    first = "".join(c.text for c in _read(printed["backlog"])[0].chars)
    assert "QUICK WINS" in first and "MONEY PITS" in first, "the priority matrix is not on the first page"
