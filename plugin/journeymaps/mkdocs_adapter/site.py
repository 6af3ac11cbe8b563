"""The command line's way into a site's ``mkdocs.yml``: MkDocs' own config loader, the plugin's own config.

The command line reads a site exactly as ``mkdocs build`` does (``!ENV``,
``INHERIT``, the plugin's option checks), and makes its settings with the same
:func:`~journeymaps.mkdocs_adapter.config.settings_of` as the plugin.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from journeymaps.mkdocs_adapter.config import JourneymapsConfig, settings_of
from journeymaps.settings import DEFAULT_DOCS_DIR, Settings

__all__ = ["SiteConfigError", "settings_from_file"]


class SiteConfigError(Exception):
    """mkdocs.yml cannot be read or does not check: one line for the user."""


def settings_from_file(config_file: Path, docs_dir: Path | None = None) -> Settings:
    """The settings of the site configured in ``config_file`` (``docs_dir`` overrides the site's docs folder).

    The steps of MkDocs' ``load_config``, except that a docs folder that does not exist yet is not an error here
    (``journeymaps new`` makes it); whether a command needs it is the command's to say."""
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as fh:
            config.load_file(fh)
        if docs_dir is not None:
            config.load_dict({"docs_dir": str(docs_dir.resolve())})
        wanted = (config_file.parent / str(config.get("docs_dir") or DEFAULT_DOCS_DIR)).resolve()
        with tempfile.TemporaryDirectory() as stand_in:
            if not wanted.is_dir():  # checked against an empty folder, then set back to the one the site names
                config["docs_dir"] = stand_in
            errors, _warnings = config.validate()  # warnings (unknown keys, ...) are `mkdocs build`'s to print
        config["docs_dir"] = str(wanted)
    except (ConfigurationError, OSError) as exc:
        raise SiteConfigError(f"{config_file}: {' '.join(str(exc).split())}") from None
    if errors:
        key, error = errors[0]
        raise SiteConfigError(f"{config_file}: {key}: {' '.join(str(error).split())}")
    plugin = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "journeymaps"), None)
    options = plugin.config if plugin is not None else JourneymapsConfig()
    if plugin is None:
        options.load_dict({})
        options.validate()
    return settings_of(config, options)
