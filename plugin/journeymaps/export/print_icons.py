"""Icons on paper: the web's SVG icons and signs as ``<img>`` elements holding the SVG as a ``data:`` URL.

WeasyPrint treats an inline ``<svg>`` as part of the HTML: every icon's elements go through the whole print
stylesheet's cascade and are parsed again as an SVG document, at every place an icon prints (a map has about 30,
the backlog a status sign per row). An ``<img>`` is looked up by its URL in an image cache the worker keeps across
its documents (:func:`document_images`): each icon is parsed once per worker. With the page numbers stamped as
the PDF is written (:class:`~.stamp.Stamper`), a map PDF takes about 5% fewer instructions (counted with
callgrind). (Copying an icon's drawing operators after its first drawing saved 5% more, and keeping pydyf's object
bytes once 2% more; both read or changed the private state of WeasyPrint and pydyf, and were left out.)

The PDFs look the same either way: WeasyPrint applies no HTML stylesheet to an SVG's drawing (the CSS ``fill``
of ``.jm-icon`` is not a property it knows, and a sign's ``fill="currentColor"`` finds no colour in the SVG), so
icons and signs have always printed black, in inline SVG too; a site's ``pdf_css`` cannot colour them either
way. Text is untouched: a picture's ``alt`` is never drawn, nothing is copied or extracted from it.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from markupsafe import Markup, escape

from journeymaps.render.environment import Icons
from journeymaps.render.pages import PageRenderer
from journeymaps.render.signs import sign

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
_WEB_ONLY = re.compile(r'\s(?:class|focusable|aria-hidden|role|aria-label)="[^"]*"')
"""The attributes of a sign's inline ``<svg>`` that are the page's, not the picture's."""
WEB_ATTRIBUTES = ' class="jm-icon" aria-hidden="true" focusable="false"'
"""What :class:`~journeymaps.render.environment.Icons` adds to an icon's ``<svg`` for the web page."""


class PrintIcons(Icons):
    """``icon(name)`` for print documents: the web's icon (``web``) as ``<img class="jm-icon" alt=""
    src="data:image/svg+xml;base64,...">``, made once per icon."""

    def __init__(self, web: Icons) -> None:
        super().__init__(web.folders)
        self.web = web

    def _find(self, name: str) -> Markup:
        return as_img(str(self.web(name)))


def as_img(svg: str, css_class: str = "jm-icon", alt: str = "") -> Markup:
    """The inline ``svg`` of an icon as an ``<img>`` (an empty string stays empty: an unknown icon prints nothing)."""
    if not svg.strip():
        return Markup("")
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return Markup("")
    head = _WEB_ONLY.sub("", svg[start:end].replace(WEB_ATTRIBUTES, "", 1))  # the inline element's; not the picture's
    if "xmlns=" not in head:  # a standalone SVG document must say it is one
        head = head.replace("<svg", f"<svg {SVG_NS}", 1)
    svg = svg[:start] + head + svg[end:]
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(f'<img class="{css_class}" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">')


def print_sign(name: str, label: str = "") -> Markup:
    """:func:`~journeymaps.render.signs.sign` for print documents: the same sign as an ``<img>`` (see
    :func:`as_img`; ``label`` is its ``alt``), made once per sign and label."""
    key = (name, label)
    found = _SIGNS.get(key)
    if found is None:
        svg = str(sign(name, label))
        found = _SIGNS[key] = as_img(svg, f"jm-sign jm-sign-{name}", label) if svg else Markup("")
    return found


_SIGNS: dict[tuple[str, str], Markup] = {}


class PrintRenderer(PageRenderer):
    """The web pages' renderer for print documents: icons (``icons``, a :class:`PrintIcons`) and signs
    (:func:`print_sign`) as pictures, in every template and fragment it renders."""

    def render(self, template: str, page_url: str, **context: Any) -> str:
        context.setdefault("sign", print_sign)
        return super().render(template, page_url, **context)


# -- the worker side ------------------------------------------------------------------
ICON_URL = re.compile(
    r'<img class="jm-(?:icon|sign)[^"]*" alt="[^"]*" src="(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)">'
)
"""An icon or a sign in a print document (:func:`as_img`): its URL."""
SHAPES = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "title", "desc", "defs"}
"""What an icon is drawn from (its elements' names): shapes. One with text, pictures, styles or references (which
need the document's fonts or fetcher) is left to WeasyPrint, like any other picture."""
_ICONS: dict[str, Any] = {}
"""The icons this worker has parsed (WeasyPrint's ``SVGImage``), by URL, shared by every document it renders; None
for a picture that is more than shapes."""


def _parsed(url: str) -> Any:
    """The icon at the ``data:`` URL ``url`` as WeasyPrint's picture; None when it is more than shapes."""
    from xml.etree import ElementTree

    from weasyprint.images import SVGImage

    tree = ElementTree.fromstring(base64.b64decode(url.partition(";base64,")[2]))
    if any(element.tag.rpartition("}")[2] not in SHAPES for element in tree.iter()):
        return None
    return SVGImage(tree, url, None, None)


def document_images(html: str) -> dict[str, Any]:
    """The image cache for rendering ``html`` (WeasyPrint's ``cache``, keyed by URL): the worker's icons, the ones
    ``html`` prints first parsed now; any other picture (a storyboard's) is the document's own."""
    for url in ICON_URL.findall(html):
        if url not in _ICONS:
            try:
                _ICONS[url] = _parsed(url)
            except Exception:  # not an SVG after all: WeasyPrint loads it itself, and says what is wrong
                _ICONS[url] = None
    return {url: icon for url, icon in _ICONS.items() if icon is not None}
