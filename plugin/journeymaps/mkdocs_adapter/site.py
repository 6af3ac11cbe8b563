"""The command line's way into a site's ``mkdocs.yml``: MkDocs' own config loader, the plugin's own config.

The command line reads a site exactly as ``mkdocs build`` does (``!ENV``,
``INHERIT``, the plugin's option checks), and makes its settings with the same
:func:`~journeymaps.mkdocs_adapter.config.settings_of` as the plugin.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import get_files

from journeymaps.catalog.generated import registry
from journeymaps.diagnostics import Diagnostic, Severity
from journeymaps.export.pdf import pdf_support
from journeymaps.handbook import Handbook
from journeymaps.mkdocs_adapter.config import JourneymapsConfig, settings_of
from journeymaps.mkdocs_adapter.files import GENERATOR, add_generated, drop_unreadable, page_meta
from journeymaps.mkdocs_adapter.meta import theme_meta
from journeymaps.mkdocs_adapter.output import pdf_outputs
from journeymaps.settings import DEFAULT_DOCS_DIR, Settings

__all__ = ["SiteConfigError", "settings_from_file", "site_problems"]


class SiteConfigError(Exception):
    """mkdocs.yml cannot be read or does not check: one line for the user."""


def settings_from_file(config_file: Path, docs_dir: Path | None = None) -> Settings:
    """The settings of the site configured in ``config_file`` (``docs_dir`` overrides the site's docs folder).

    The steps of MkDocs' ``load_config``, except that a docs folder that does not exist yet is not an error here
    (``journeymaps new`` makes it); whether a command needs it is the command's to say."""
    return _load(config_file, docs_dir)[1]


def site_problems(config_file: Path, docs_dir: Path | None, handbook: Handbook) -> bool:
    """What ``mkdocs build`` says of the site's files besides its pages, added to ``handbook.report``: mkdocs.yml's
    warnings, and the docs folder's files (MkDocs' own list of them) checked as the plugin's ``on_files`` checks
    them: files that cannot be read, a file of the author's where a generated page or file goes, two files at
    one output. A site of one language (each language's generated pages have their own folder). Returns whether
    the site builds in strict mode (``strict: true``), as validate then checks."""
    config, settings, warnings = _load(config_file, docs_dir)
    shown = settings.display(config_file)
    for key, warning in warnings:
        text = " ".join(str(warning).split())
        handbook.report.add(Diagnostic(shown, None, "", f"Config value '{key}': {text}", Severity.WARNING))
    if settings.languages or not settings.docs_dir.is_dir():
        return bool(config.strict)
    # what the theme prints of an entity page's metadata (template, status, icon, description...), as on_files
    statuses = config.extra.get("status") if config.extra else None
    theme_meta(page_meta(handbook), handbook, [Path(d) for d in config.theme.dirs], statuses)
    files = get_files(config)
    handbook.report.extend(drop_unreadable(files, settings))
    pdf = settings.options.pdf is not False and (settings.options.pdf or pdf_support() is None)
    pdfs = pdf_outputs(handbook.catalog, settings.options.pdf_handbook) if pdf else []
    config.plugins._current_plugin = GENERATOR  # what MkDocs sets while our on_files runs (File.generated reads it)
    try:
        add_generated(files, config, registry(handbook.catalog), handbook, settings, pdfs, "")
    finally:
        config.plugins._current_plugin = None
    return bool(config.strict)


def _load(config_file: Path, docs_dir: Path | None) -> tuple[MkDocsConfig, Settings, list[tuple[str, Any]]]:
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
            errors, warnings = config.validate()  # warnings (unknown keys, ...): validate prints them as the build
        config["docs_dir"] = str(wanted)
    except (ConfigurationError, OSError) as exc:
        raise SiteConfigError(f"{config_file}: {' '.join(str(exc).split())}") from None
    except RecursionError:  # MkDocs follows INHERIT without end
        raise SiteConfigError(f"{config_file}: INHERIT: the config files inherit one another in a loop") from None
    if errors:
        key, error = errors[0]
        raise SiteConfigError(f"{config_file}: {key}: {' '.join(str(error).split())}")
    plugin = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "journeymaps"), None)
    options = plugin.config if plugin is not None else JourneymapsConfig()
    if plugin is None:
        options.load_dict({})
        options.validate()
    return config, settings_of(config, options), warnings
