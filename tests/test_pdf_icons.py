"""Icons in print are glyphs of a font the document names by its outlines (export/print_icons.py)."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from journeymaps.export.print_fonts import font
from journeymaps.export.print_icons import DESCENT, ICON_URL, UNITS, Glyphs, PrintSigns
from journeymaps.render.signs import SIGNS

HTML = "<html><head><title>t</title></head><body>{}</body></html>"


def _font_of(html: str) -> TTFont:
    url = re.search(r'src: url\("([^"]+)"\)', html)
    assert url is not None and url.group(1).startswith(ICON_URL)
    return TTFont(io.BytesIO(font(url.group(1))))


def test_a_sign_is_a_glyph_with_the_icons_outline() -> None:
    glyphs = Glyphs()
    star = PrintSigns(glyphs)("moment")
    assert "<svg" not in star and 'class="jm-sign jm-sign-moment jm-glyph"' in star
    html = glyphs.finish(HTML.format(star))
    code = re.search(r">([\ue000-\uf8ff])</span>", html)
    assert code is not None
    family = re.search(r'\.jm-glyph \{ font-family: "(jm-icons-[0-9a-f]{16})"; \}', html)
    assert family is not None and html.index("<style>") < html.index("</head>")
    tt = _font_of(html)
    name = tt.getBestCmap()[ord(code.group(1))]
    pen = BoundsPen(tt.getGlyphSet())
    tt.getGlyphSet()[name].draw(pen)
    # the star spans x 2..22, y 2..21 of its 24x24 box: 100 units each, y up, the box's bottom DESCENT below 0
    x0, y0, x1, y1 = pen.bounds
    assert (round(x0), round(x1)) == (200, 2200)
    assert (round(y0), round(y1)) == (UNITS - DESCENT - 2100, UNITS - DESCENT - 200)
    assert tt["hmtx"][name][0] == UNITS


def test_the_same_icon_is_one_character_and_the_font_has_only_what_the_document_uses() -> None:
    glyphs = Glyphs()
    signs = PrintSigns(glyphs)
    one = glyphs.finish(HTML.format(signs("status-idea") + signs("status-idea", "idea")))
    assert len(set(re.findall("[\ue000-\uf8ff]", one))) == 1
    assert 'role="img" aria-label="idea"' in one
    two = glyphs.finish(HTML.format(signs("status-done") + signs("status-idea")))
    assert len(_font_of(one).getBestCmap()) == 1 and len(_font_of(two).getBestCmap()) == 2
    assert re.search(r"jm-icons-\w+", one).group(0) != re.search(r"jm-icons-\w+", two).group(0)  # type: ignore[union-attr]
    assert glyphs.finish(HTML.format("no icons")) == HTML.format("no icons")


def test_a_label_is_escaped_and_an_svg_that_is_not_plain_paths_stays_svg() -> None:
    glyphs = Glyphs()
    assert "&lt;b&gt;" in PrintSigns(glyphs)("ok", "<b>")
    assert glyphs.char('<svg viewBox="0 0 24 24"><circle r="3"/><path d="M0 0h1"/></svg>') is None
    assert glyphs.char('<svg viewBox="0 0 16 16"><path d="M0 0h1"/></svg>') is None
    assert len(SIGNS) == sum(
        glyphs.char(f'<svg viewBox="0 0 24 24"><path d="{d}"/></svg>') is not None for d in SIGNS.values()
    )


def test_a_bad_icon_url_is_refused() -> None:
    with pytest.raises(ValueError):
        font(ICON_URL + "not-base64-json")


def test_a_pdf_prints_the_glyph_from_its_embedded_icon_font(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader
    from weasyprint import HTML as Document

    from journeymaps.export.print_fonts import fetcher

    glyphs = Glyphs()
    html = glyphs.finish(HTML.format("<p>A " + PrintSigns(glyphs)("moment") + " star</p>"))
    pdf = Document(string=html, url_fetcher=fetcher()).write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [f["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("jm-icons-" in str(f) for f in fonts), fonts
    assert "\ue000" in reader.pages[0].extract_text()
