"""The plugin's typed configuration (``plugins: - journeymaps: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class JourneymapsConfig(Config):
    taxonomy = c.Optional(c.File(exists=True))
    """A YAML file of channels and evidence types that extends (or, with `mode: replace`, replaces) the built-in taxonomy."""
    pdf = c.Type(bool, default=True)
    """Write PDF exports on `mkdocs build`."""
    pdf_on_serve = c.Type(bool, default=False)
    """Also write PDFs under `mkdocs serve` (off by default: previews stay fast)."""
    nav_threshold = c.Type(int, default=50)
    """A Personas / Maps / Touchpoints nav group with more entries is reached through its index page only."""
    review_every = c.Type(int, default=90)
    """Days between reviews, for maps that do not set `review_every`."""
    strict = c.Type(bool, default=False)
    """Fail the build on any journeymaps error even without `mkdocs build --strict`."""
    json = c.Type(bool, default=True)
    """Write `journeymaps.json`, the whole catalog."""
