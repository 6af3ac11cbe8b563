"""The plugin's own status signs as inline SVG: a moment of truth, an assumption, an overdue review, a check, an
added or a dropped stage, an opportunity's delivery status. Emoji (★ ⚠ ⏰ ✓ ➕ ➖) show as empty boxes where no
emoji font is installed, and in print; these draw the same everywhere, in the page's text colour, without the
theme's icon folders.

Paths are Material Design Icons (Apache License 2.0), the set Material for MkDocs bundles.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from markupsafe import Markup

__all__ = ["SIGNS", "Sprite", "sign"]

SIGNS: dict[str, str] = {
    "moment": "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.62L12 2 9.19 8.62 2 9.24l5.45 4.73L5.82 21z",
    "assumption": "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2z",
    "overdue": "M11 7v6l5.2 3.1.8-1.2-4.5-2.7V7zm9 5v6h2v-6zm0 8v2h2v-2zm-2 0c-1.7 1.3-3.7 2-6 2-5.5 0-10-4.5-10-10"
    "S6.5 2 12 2c4.8 0 8.9 3.4 9.8 8h-2.1c-.9-3.4-4-6-7.7-6-4.4 0-8 3.6-8 8s3.6 8 8 8c2.4 0 4.5-1.1 6-2.7z",
    "ok": "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z",
    "added": "M17 13h-4v4h-2v-4H7v-2h4V7h2v4h4m-5-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 "
    "12 2",
    "dropped": "M17 13H7v-2h10m-5-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
    "ticket": "M4 4a2 2 0 0 0-2 2v4a2 2 0 0 1 2 2 2 2 0 0 1-2 2v4a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-4a2 2 0 0 1-2-2 "
    "2 2 0 0 1 2-2V6a2 2 0 0 0-2-2zm0 2h16v2.54c-1.24.71-2 2.03-2 3.46s.76 2.75 2 3.46V18H4v-2.54c1.24-.71 2-2.03 "
    "2-3.46s-.76-2.75-2-3.46z",
    # an opportunity's delivery status: idea, planned, in progress, done, dropped
    "status-idea": "M12 2a7 7 0 0 1 7 7c0 2.38-1.19 4.47-3 5.74V17a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1v-2.26C6.19 13.47 5 "
    "11.38 5 9a7 7 0 0 1 7-7M9 21v-1h6v1a1 1 0 0 1-1 1h-4a1 1 0 0 1-1-1m3-17a5 5 0 0 0-5 5c0 2.05 1.23 3.81 3 "
    "4.58V16h4v-2.42c1.77-.77 3-2.53 3-4.58a5 5 0 0 0-5-5",
    "status-planned": "M19 19H5V8h14m0-5h-1V1h-2v2H8V1H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 "
    "0-2-2m-2.47 8.06L15.47 10l-4.88 4.88-2.12-2.12-1.06 1.06L10.59 17z",
    "status-in-progress": "M12 20a8 8 0 0 1-8-8 8 8 0 0 1 8-8 8 8 0 0 1 8 8 8 8 0 0 1-8 8m0-18A10 10 0 0 0 2 12a10 10 "
    "0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2m4.24 5.76A5.95 5.95 0 0 0 12 6v6l-4.24 4.24a6 6 0 0 0 8.48 0 "
    "5.98 5.98 0 0 0 0-8.48",
    "status-done": "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59"
    "L19 8z",
    "status-dropped": "M12 2c5.5 0 10 4.5 10 10s-4.5 10-10 10S2 17.5 2 12 6.5 2 12 2m0 2c-1.9 0-3.6.6-4.9 1.7l11.2 11.2"
    "c1-1.4 1.7-3.1 1.7-4.9 0-4.4-3.6-8-8-8m4.9 14.3L5.7 7.1C4.6 8.4 4 10.1 4 12c0 4.4 3.6 8 8 8 1.9 0 3.6-.6 4.9-1.7",
}
"""Path data (24x24) per sign name."""


def sign(name: str, label: str = "") -> Markup:
    """The sign ``name`` as an inline ``<svg class="jm-sign jm-sign-{name}">``; decorative unless ``label`` names it
    (``role="img"`` and a ``<title>``). An unknown name gives nothing."""
    path = SIGNS.get(name)
    if path is None:
        return Markup("")
    a11y = f' role="img" aria-label="{escape(label)}"' if label else ' aria-hidden="true"'
    return Markup(
        f'<svg class="jm-sign jm-sign-{name}" viewBox="0 0 24 24" width="16" height="16" focusable="false"{a11y}>'
        f"{_drawn(path)}</svg>"
    )


def _drawn(path: str, ident: str = "") -> str:
    """A sign's shape, in the text's colour; ``ident`` names it (an ``id`` that :class:`Sprite` refers to)."""
    named = f' id="{ident}"' if ident else ""
    return f'<path{named} d="{path}" fill="currentColor"/>'


_DEF = "jm-sign-def-"
"""The ``id`` prefix of a sign's shape written once on a page (:class:`Sprite`)."""


class Sprite:
    """One page's signs, each drawn once: :meth:`refer` swaps the shape of every sign in a piece of HTML for a
    reference to one copy, which :meth:`symbols` writes once on the page.

    For pages that repeat a sign in every row: the backlog's status sign is half of each of its rows' markup (a
    6 MB page at 1,000 maps). The sign's ``<svg>`` (its class, size and label) stays where it was, so it looks,
    reads and is styled as before; HTML without these signs (a site's own chip) passes through unchanged.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def refer(self, html: str) -> Markup:
        text = str(html)
        for name, drawn in _SHAPES.items():
            if drawn in text:
                text = text.replace(drawn, f'<use href="#{_DEF}{name}"/>')
                self._used.add(name)
        return Markup(text)

    def wrap(self, make: Callable[..., Any]) -> Callable[..., Markup]:
        """``make`` (a macro) with its signs referred to: ``{% set chip = once(sprite.wrap(delivery.chip)) %}``."""
        return lambda *args: self.refer(make(*args))

    def symbols(self) -> Markup:
        """The shapes referred to so far, in a hidden ``<svg>``: write it after the last reference."""
        if not self._used:
            return Markup("")
        shapes = "".join(_drawn(path, _DEF + name) for name, path in SIGNS.items() if name in self._used)
        return Markup(
            '<svg class="jm-sign-defs" width="0" height="0" aria-hidden="true" focusable="false" '
            f'style="position:absolute"><defs>{shapes}</defs></svg>'
        )


_SHAPES = {name: _drawn(path) for name, path in SIGNS.items()}
"""Each sign's shape as :func:`sign` draws it inline: what :meth:`Sprite.refer` looks for."""
