"""The plugin's typed configuration (``plugins: - journeymaps: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..models import PAGE_SIZES


class JourneymapsConfig(Config):
    taxonomy = c.Optional(c.File(exists=True))
    """A YAML file of channels and evidence types that extends (or, with `mode: replace`, replaces) the built-in taxonomy."""
    pdf = c.Type(bool, default=True)
    """Write PDF exports on `mkdocs build`."""
    pdf_on_serve = c.Type(bool, default=False)
    """Also write PDFs under `mkdocs serve` (off by default: previews stay fast)."""
    pdf_page_size = c.Choice(PAGE_SIZES, default="A3")
    """Paper of map PDFs (a map's own `pdf: {size: ...}` wins). Persona PDFs are A4 portrait."""
    pdf_orientation = c.Choice(("landscape", "portrait"), default="landscape")
    """Orientation of map PDFs (a map's own `pdf: {orientation: ...}` wins)."""
    pdf_workers = c.Type(int, default=0)
    """Processes that render PDFs in parallel; 0 means one per CPU core."""
    pdf_handbook = c.Type(bool, default=True)
    """Also assemble `pdf/handbook.pdf`: cover, contents, every persona and map."""
    pdf_css = c.ListOfItems(c.File(exists=True), default=[])
    """Extra stylesheets for the PDFs (paths relative to mkdocs.yml), applied after the built-in print styles."""
    cache_dir = c.Type(str, default=".cache/journeymaps")
    """Where rendered PDFs are kept between builds (relative to mkdocs.yml); delete it to start cold."""
    nav_threshold = c.Type(int, default=50)
    """A Personas / Maps / Touchpoints nav group with more entries is reached through its index page only."""
    review_every = c.Type(int, default=90)
    """Days between reviews, for maps that do not set `review_every`."""
    strict = c.Type(bool, default=False)
    """Fail the build on any journeymaps error even without `mkdocs build --strict`."""
    json = c.Type(bool, default=True)
    """Write `journeymaps.json`, the whole catalog."""
    schema = c.Type(bool, default=True)
    """Publish the JSON Schema of the frontmatter at `schema/journeymaps.schema.json`, for editors."""
