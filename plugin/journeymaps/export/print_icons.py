"""Icons on paper: the web's SVG icons as ``<img>`` elements holding the SVG as a ``data:`` URL.

WeasyPrint treats an inline ``<svg>`` as part of the HTML: every icon's elements go through the whole print
stylesheet's cascade and are parsed again as an SVG document, at every place an icon prints (a map has about 30,
the backlog one per row). An ``<img>`` is looked up by its URL in an image cache the worker keeps across its
documents (:mod:`.pdf`): each icon is parsed once per worker. That saves about a tenth of a map PDF's CPU.

The PDFs look the same either way: WeasyPrint applies no HTML stylesheet to an SVG's drawing (the CSS ``fill``
of ``.jm-icon`` is not a property it knows), so an icon has always printed in the SVG's own colour, black by
default. Text is untouched: an icon is a picture with empty ``alt``, nothing is copied or extracted from it.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from markupsafe import Markup

from journeymaps.render.environment import Icons

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
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


def as_img(svg: str) -> Markup:
    """The inline ``svg`` of an icon as an ``<img>`` (an empty string stays empty: an unknown icon prints nothing)."""
    if not svg.strip():
        return Markup("")
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return Markup("")
    head = svg[start:end].replace(WEB_ATTRIBUTES, "", 1)  # the inline element's attributes; the picture needs none
    if "xmlns=" not in head:  # a standalone SVG document must say it is one
        head = head.replace("<svg", f"<svg {SVG_NS}", 1)
    svg = svg[:start] + head + svg[end:]
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(f'<img class="jm-icon" alt="" src="data:image/svg+xml;base64,{data}">')


# -- the worker side ------------------------------------------------------------------
ICON_URL = re.compile(r'<img class="jm-icon" alt="" src="(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)">')
"""What an icon is drawn from (its elements' names): shapes. One with text, pictures, styles or references (which
need the document's fonts or fetcher) is left to WeasyPrint, like any other picture."""
SHAPES = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "title", "desc", "defs"}
_STATE = (
    "_current_color",
    "_current_color_stroke",
    "_current_alpha",
    "_current_alpha_stroke",
    "_current_font",
    "_current_font_size",
    "_old_font",
    "_old_font_size",
)
"""What WeasyPrint's page stream remembers between drawing operations (to skip repeating a colour): an icon draws
the same operators for the same size from the same state."""
_ICONS: dict[str, ReplayedIcon | None] = {}
"""The icons this worker has parsed, by URL, shared by every document it renders."""


class ReplayedIcon:
    """An icon's picture for WeasyPrint (the interface of its ``SVGImage``): parsed once per worker, and drawn once
    per size and drawing state; any later time its operators are copied. An icon draws the same operators wherever
    it is (the page moves to its place first), and drawing one costs more than laying out its text (its outline's
    path data is parsed again at each time), so a map PDF gets cheaper and not a byte different."""

    def __init__(self, image: Any) -> None:
        self.image = image
        self._drawn: dict[tuple[object, ...], tuple[list[Any], tuple[object, ...]]] = {}

    @classmethod
    def from_url(cls, url: str) -> ReplayedIcon | None:
        """The icon at the ``data:`` URL ``url``; None when it is more than shapes (:data:`SHAPES`)."""
        from xml.etree import ElementTree

        from weasyprint.images import SVGImage

        tree = ElementTree.fromstring(base64.b64decode(url.partition(";base64,")[2]))
        if any(element.tag.rpartition("}")[2] not in SHAPES for element in tree.iter()):
            return None
        return cls(SVGImage(tree, url, None, None))

    def get_intrinsic_size(self, resolution: float, font_size: float) -> Any:
        return self.image.get_intrinsic_size(resolution, font_size)

    def draw(self, stream: Any, width: float, height: float, style: Any) -> None:
        try:
            key = (width, height, *(getattr(stream, name) for name in _STATE))
            hash(key)
            before = _footprint(stream)
        except (AttributeError, TypeError):  # not the stream this was written for (another WeasyPrint): draw each time
            self.image.draw(stream, width, height, style)
            return
        found = self._drawn.get(key)
        if found is not None:
            operators, state = found
            stream.stream.extend(operators)
            for name, value in zip(_STATE, state):
                setattr(stream, name, value)
            return
        start = len(stream.stream)
        self.image.draw(stream, width, height, style)
        if _footprint(stream) == before:  # it added no resource (font, transparency, picture): safe to copy
            self._drawn[key] = (stream.stream[start:], tuple(getattr(stream, name) for name in _STATE))


def _footprint(stream: Any) -> tuple[object, ...]:
    """What a drawing could add besides operators: resources, pictures, fonts, saved states."""
    resources = sorted((name, len(value)) for name, value in stream._resources.items() if isinstance(value, dict))
    return (*resources, len(stream._images), len(stream._fonts), len(stream._ctm_stack))


def document_images(html: str) -> dict[str, Any]:
    """The image cache for rendering ``html`` (WeasyPrint's ``cache``, keyed by URL): the worker's icons, the ones
    ``html`` prints first parsed now; any other picture (a storyboard's) is the document's own."""
    for url in ICON_URL.findall(html):
        if url not in _ICONS:
            try:
                _ICONS[url] = ReplayedIcon.from_url(url)
            except Exception:  # not an SVG after all: WeasyPrint loads it itself, and says what is wrong
                _ICONS[url] = None
    return {url: icon for url, icon in _ICONS.items() if icon is not None}
