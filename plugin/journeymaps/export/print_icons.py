"""Icons and signs in print as glyphs of a small font made for each PDF: drawn as text, in the text's colour.

On the web an icon is inline SVG in the text's colour (``fill: currentColor``). WeasyPrint parses every inline
``<svg>`` and draws it path by path, parsing the path data again at every use (a map PDF has ~27 icons, the
backlog one sign per opportunity: ~6 ms each, ~0.17 s of a map's ~1 s). A glyph is drawn by the PDF viewer from
a font embedded once. So print documents get each icon as a character of the Private Use Area in a
``<span class="jm-icon jm-glyph">``, and the document carries (as a ``data:`` URL in its own ``<style>``) a font
with exactly the glyphs it uses, outlines taken from the same SVG path data: same shape, size, alignment (the
glyph box is the icon's 1.1em box, 0.2em below the baseline) and colour (the text's) as before.

An icon that is not plain 24x24 path data stays inline SVG. The font is made from the document alone (its bytes,
and so the cache key, depend on nothing else) and memoised per set of glyphs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re

from markupsafe import Markup

from journeymaps.render.environment import Icons
from journeymaps.render.signs import sign as web_sign

__all__ = ["Glyphs", "PrintIcons", "PrintSigns"]

UNITS = 2400
"""Font units per em: 100 per unit of the icons' 24x24 grid."""
DESCENT = 436
"""The glyph's bottom below the baseline, in font units: 0.2em of the text is 0.2 / 1.1 of the glyph's em."""
FIRST = 0xE000
_VIEWBOX = re.compile(r'viewBox="0 0 24 24"')
_PATH_D = re.compile(r'<path\b[^>]*\sd="([^"]+)"[^>]*/>')
_ONLY_PATHS = re.compile(r"<(?!/?svg\b|path\b|/path\b|title\b|/title\b)")
_GLYPH = re.compile("[\ue000-\uf8ff]")


class Glyphs:
    """The icons of this build as Private Use Area characters, and each document's font of them."""

    def __init__(self) -> None:
        self._code: dict[str, str] = {}  # path data -> its character
        self._paths: dict[str, str] = {}  # character -> path data
        self._fonts: dict[frozenset[str], tuple[str, str]] = {}  # characters -> (family, data URL)

    def char(self, svg: str) -> str | None:
        """The character standing for ``svg`` (one icon: 24x24 path data only), or None for any other SVG."""
        if not _VIEWBOX.search(svg) or _ONLY_PATHS.search(svg):
            return None
        paths = _PATH_D.findall(svg)
        if not paths:
            return None
        d = " ".join(paths)
        code = self._code.get(d)
        if code is None:
            if len(self._code) >= 0x1900:  # the Private Use Area is full (6,400 icons): the rest stay SVG
                return None
            code = self._code[d] = chr(FIRST + len(self._code))
            self._paths[code] = d
        return code

    def finish(self, html: str) -> str:
        """``html`` with the font of the glyphs it uses (in a ``<style>`` before ``</head>``), if it uses any.

        A glyph's character depends on this build's order of first use, so the font is keyed by its outlines:
        the document's bytes say everything that is drawn."""
        used = frozenset(c for c in _GLYPH.findall(html) if c in self._paths)
        if not used:
            return html
        font = self._fonts.get(used)
        if font is None:
            data = _font({c: self._paths[c] for c in used})
            family = f"jm-icons-{hashlib.sha256(data).hexdigest()[:16]}"
            url = "data:font/otf;base64," + base64.b64encode(data).decode("ascii")
            font = self._fonts[used] = (family, url)
        family, url = font
        style = (
            f'<style>@font-face {{ font-family: "{family}"; src: url("{url}"); }}\n'
            f'.jm-glyph {{ font-family: "{family}"; }}</style>\n'
        )
        return html.replace("</head>", style + "</head>", 1)


def _font(glyphs: dict[str, str]) -> bytes:
    """An OpenType (CFF) font with one glyph per character of ``glyphs`` (character -> 24x24 SVG path data)."""
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
    from fontTools.pens.t2CharStringPen import T2CharStringPen  # type: ignore[import-untyped]
    from fontTools.pens.transformPen import TransformPen  # type: ignore[import-untyped]
    from fontTools.svgLib.path import parse_path  # type: ignore[import-untyped]

    chars = sorted(glyphs)
    names = [".notdef", *(f"icon{ord(c):04X}" for c in chars)]
    strings = {}
    empty = T2CharStringPen(UNITS, None)
    strings[".notdef"] = empty.getCharString()
    for c, name in zip(chars, names[1:], strict=True):
        pen = T2CharStringPen(UNITS, None)
        parse_path(glyphs[c], TransformPen(pen, (100, 0, 0, -100, 0, UNITS - DESCENT)))
        strings[name] = pen.getCharString()
    fb = FontBuilder(UNITS, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): name for c, name in zip(chars, names[1:], strict=True)})
    fb.setupCFF("JourneymapsIcons", {"FullName": "Journeymaps Icons"}, strings, {})
    fb.setupHorizontalMetrics(dict.fromkeys(names, (UNITS, 0)))
    ascent = UNITS - DESCENT
    fb.setupHorizontalHeader(ascent=ascent, descent=-DESCENT)
    fb.setupNameTable({"familyName": "Journeymaps Icons", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ascent, sTypoDescender=-DESCENT, sTypoLineGap=0, usWinAscent=ascent, usWinDescent=DESCENT)
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def _glyph(code: str, cls: str, label: str = "") -> Markup:
    a11y = Markup(' role="img" aria-label="{}"').format(label) if label else Markup(' aria-hidden="true"')
    return Markup('<span class="{} jm-glyph"{}>{}</span>').format(cls, a11y, code)


class PrintIcons(Icons):
    """The print documents' ``icon(name)``: the web's icon (from ``web``) as a glyph of ``glyphs``."""

    def __init__(self, web: Icons, glyphs: Glyphs) -> None:
        super().__init__(web.folders)
        self.web = web
        self.glyphs = glyphs
        self._made: dict[str, Markup] = {}

    def __call__(self, name: str) -> Markup:
        made = self._made.get(name)
        if made is None:
            svg = self.web(name)
            code = self.glyphs.char(str(svg)) if svg else None
            made = self._made[name] = _glyph(code, "jm-icon") if code else svg
        return made


class PrintSigns:
    """The print documents' ``sign(name, label="")``: the plugin's sign as a glyph of ``glyphs``."""

    def __init__(self, glyphs: Glyphs) -> None:
        self.glyphs = glyphs
        self._made: dict[tuple[str, str], Markup] = {}

    def __call__(self, name: str, label: str = "") -> Markup:
        made = self._made.get((name, label))
        if made is None:
            svg = web_sign(name, label)
            code = self.glyphs.char(str(svg)) if svg else None
            made = self._made[(name, label)] = _glyph(code, f"jm-sign jm-sign-{name}", label) if code else svg
        return made
