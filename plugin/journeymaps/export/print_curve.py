"""The emotion curve on paper: the web's curve SVG, made to print as well as the text around it.

WeasyPrint draws an SVG ``<text>`` one character at a time, each laid out on its own: a label in Arabic or Hebrew
(an alternative path's name) came out with its letters in reading order from left to right and unjoined (the
``direction`` and ``unicode-bidi`` attributes change nothing there), and a Devanagari name lost its vowel signs'
shaping. Such a label is taken out of the SVG and set as HTML text at the same place over the picture, where the
text engine shapes and orders it as in every cell of the grid. Every other label stays in the SVG, in the print
font (WeasyPrint's SVG reads no stylesheet: its labels were set in the system's sans-serif, not Roboto).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from html import escape

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
"""The print font (pdf.css), as an SVG attribute every label of the curve inherits."""
BASELINE_EM = 0.84
"""Where the baseline of a line set solid (line-height 1) sits below its top, in em (Roboto and DejaVu Sans)."""
_NEEDS_TEXT_ENGINE = frozenset(("R", "AL", "AN", "RLE", "RLO", "RLI", "NSM"))
"""Bidirectional classes a letter-at-a-time drawing gets wrong: right-to-left letters and numbers, their
embeddings, and combining marks (which shape with the letter before them)."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 does not allow, not even as a character reference: a control character a YAML escape (``"\\x1b"``)
put in a name. The SVG is parsed with a stand-in for each (:func:`_stand_ins`) and written back with it."""
_STAND_IN = 0xF0000
"""Where the stand-ins start: a private use plane, no text's letters."""
_TITLE_AND_DESC = re.compile(r"(<title\b[^>]*>)([^<]*)</title>(<desc\b[^>]*>)([^<]*)</desc>")
"""The curve's own title and description, the first of its ``<title>`` elements (a point's come later)."""


def _as_alt(found: re.Match[str]) -> str:
    """The curve's title followed by its description, the words the web page's curve says (``aria-labelledby``):
    a tagged PDF's figure takes its alternative text from the SVG's ``<title>`` alone, never its ``<desc>``."""
    opening, title, desc_opening, description = found.groups()
    return f"{opening}{title}: {description}</title>{desc_opening}{description}</desc>"


def _stand_ins(svg: str) -> dict[str, str] | None:
    """A character of a private use plane for each of ``svg``'s characters XML does not allow ({} when it has none;
    None when the plane holds text of its own and a stand-in would not be told apart)."""
    found = sorted(set(_NOT_XML.findall(svg)))
    if not found:
        return {}
    if any(_STAND_IN <= ord(c) <= 0x10FFFF for c in svg):
        return None
    return {c: chr(_STAND_IN + i) for i, c in enumerate(found)}


def needs_text_engine(text: str) -> bool:
    """Whether ``text`` must be shaped and ordered as a whole: it has right-to-left script or combining marks."""
    return any(
        unicodedata.bidirectional(ch) in _NEEDS_TEXT_ENGINE or unicodedata.category(ch) in ("Mn", "Mc", "Me")
        for ch in text
    )


def _number(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def print_curve(svg: str, scale: float) -> Markup:
    """The curve ``svg`` (an ``emotion_curve``, drawn ``scale`` times its own size on the page) for WeasyPrint: its
    labels in the print font, and each label that needs the text engine (:func:`needs_text_engine`) as HTML laid
    over it, in a box as wide and as tall as the picture."""
    svg = svg.replace("<svg ", f'<svg font-family="{FONT_FAMILY}" ', 1)
    svg = _TITLE_AND_DESC.sub(_as_alt, svg, count=1)
    if "<text" not in svg or not needs_text_engine(svg.split(">", 1)[1]):
        return Markup(svg)
    stand_ins = _stand_ins(svg)
    if stand_ins is None:  # drawn as before, a letter at a time, rather than lose a character
        return Markup(svg)
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg.translate({ord(c): s for c, s in stand_ins.items()}))
    view = [_number(v) for v in (root.get("viewBox") or "0 0 1 1").split()]
    width, height = (view[2] or 1.0), (view[3] or 1.0)
    labels: list[str] = []

    def walk(node: ET.Element, colour: str, size: float, weight: str) -> None:
        colour, weight = node.get("color", colour), node.get("font-weight", weight)
        size = _number(node.get("font-size"), size)
        for child in list(node):
            if child.tag == f"{{{SVG_NS}}}text" and needs_text_engine("".join(child.itertext())):
                labels.append(_label(child, colour, size, weight, (width, height), scale))
                node.remove(child)
            else:
                walk(child, colour, size, weight)

    walk(root, "#1f2328", 16.0, "400")
    body = ET.tostring(root, encoding="unicode")
    back = {ord(s): c for c, s in stand_ins.items()}
    return Markup(f'<div class="jm-pcurve">{body}{"".join(labels)}</div>'.translate(back))


def _label(node: ET.Element, colour: str, size: float, weight: str, box: tuple[float, float], scale: float) -> str:
    """An SVG ``<text>`` as an absolutely placed HTML line: its anchor, baseline, size, weight and colour, as the SVG
    would draw them (``box``: the picture's width and height in its own units)."""
    width, height = box
    size = _number(node.get("font-size"), size)
    fill = node.get("fill") or "currentColor"
    colour = colour if fill == "currentColor" else fill
    x = _number(node.get("x")) + _number(node.get("dx"))
    top = _number(node.get("y")) + _number(node.get("dy")) - BASELINE_EM * size
    anchor = node.get("text-anchor", "start")
    if anchor == "end":
        across = f"right: {100 * (width - x) / width:.3f}%"
    else:
        across = f"left: {100 * x / width:.3f}%" + ("; transform: translateX(-50%)" if anchor == "middle" else "")
    weight = node.get("font-weight", weight)
    style = (
        f"{across}; top: {100 * top / height:.3f}%; font-size: {size * scale:.2f}px; "
        f"font-weight: {escape(weight)}; color: {escape(colour)}"
    )
    return f'<span class="jm-pcurve-text" style="{style}">{escape("".join(node.itertext()))}</span>'
