"""The plugin's typed configuration (``plugins: - journeymaps: ...`` in mkdocs.yml).

Each option's default and meaning are :class:`journeymaps.settings.Options`'; this
class only says how MkDocs checks them. :func:`settings_of` turns a loaded
MkDocs config into the one :class:`~journeymaps.settings.Settings` of a build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from journeymaps.settings import ORIENTATIONS, PAGE_SIZES, Options, Settings

__all__ = ["JourneymapsConfig", "settings_of"]

D = Options()


class JourneymapsConfig(Config):
    enabled = c.Type(bool, default=D.enabled)
    taxonomy = c.Optional(c.File(exists=True))
    pdf = c.Optional(c.Type(bool))
    pdf_on_serve = c.Type(bool, default=D.pdf_on_serve)
    pdf_page_size = c.Choice(PAGE_SIZES, default=D.pdf_page_size)
    pdf_orientation = c.Choice(ORIENTATIONS, default=D.pdf_orientation)
    pdf_workers = c.Type(int, default=D.pdf_workers)
    pdf_handbook = c.Type(bool, default=D.pdf_handbook)
    pdf_css = c.ListOfItems(c.File(exists=True), default=list(D.pdf_css))
    cache_dir = c.Type(str, default=D.cache_dir)
    incremental = c.Type(bool, default=D.incremental)
    nav_threshold = c.Type(int, default=D.nav_threshold)
    review_every = c.Type(int, default=D.review_every)
    strict = c.Type(bool, default=D.strict)
    json = c.Type(bool, default=D.json)
    schema = c.Type(bool, default=D.schema)


def settings_of(config: MkDocsConfig, options: JourneymapsConfig) -> Settings:
    """The build's settings from MkDocs' config and the plugin's, every path made absolute here, once."""
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    return Settings.make(
        root,
        Path(config.docs_dir),
        Options.from_mapping(dict(options)),
        use_directory_urls=config.use_directory_urls,
        site_name=config.site_name or "",
        site_url=config.site_url or None,
        repo_url=config.repo_url or None,
    )
