"""The plugin's own status signs as inline SVG: a moment of truth, an assumption, an overdue review, a check, an
added or a dropped stage. Emoji (★ ⚠ ⏰ ✓ ➕ ➖) show as empty boxes where no emoji font is installed, and in
print; these draw the same everywhere, in the page's text colour, without the theme's icon folders.

Paths are Material Design Icons (Apache License 2.0), the set Material for MkDocs bundles.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

__all__ = ["SIGNS", "sign"]

SIGNS: dict[str, str] = {
    "moment": "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.62L12 2 9.19 8.62 2 9.24l5.45 4.73L5.82 21z",
    "assumption": "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2z",
    "overdue": "M11 7v6l5.2 3.1.8-1.2-4.5-2.7V7zm9 5v6h2v-6zm0 8v2h2v-2zm-2 0c-1.7 1.3-3.7 2-6 2-5.5 0-10-4.5-10-10"
    "S6.5 2 12 2c4.8 0 8.9 3.4 9.8 8h-2.1c-.9-3.4-4-6-7.7-6-4.4 0-8 3.6-8 8s3.6 8 8 8c2.4 0 4.5-1.1 6-2.7z",
    "ok": "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z",
    "added": "M17 13h-4v4h-2v-4H7v-2h4V7h2v4h4m-5-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 "
    "12 2",
    "dropped": "M17 13H7v-2h10m-5-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
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
        f'<path d="{path}" fill="currentColor"/></svg>'
    )
