"""The site-wide key of an incremental rebuild: what every page is made from besides its own sources.

A rebuild renders every page again when this key differs from the last build's (:mod:`.incremental`): mkdocs.yml and
the files it inherits (``INHERIT``), the taxonomy, the plugin's settings, the versions of MkDocs, material and
journeymaps, the review date, the theme and override folders, the plugins and Markdown extensions, and the
handbook's personas (each persona's colour is its place among them, on every page that draws one).
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from journeymaps.catalog.dependencies import digest
from journeymaps.handbook import Handbook
from journeymaps.settings import Settings
from journeymaps.version import __version__

__all__ = ["KNOWN_PLUGINS", "bounded", "config_texts", "settings_key", "theme_stamp"]

KNOWN_PLUGINS = {"search", "journeymaps"}
"""Plugins whose output for a page depends on that page alone (the search index is put together here)."""
INCLUDING_EXTENSIONS = ("snippets", "include")
"""Markdown extensions that put other files into a page: the plugin cannot see those edits."""
INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def bounded(config: MkDocsConfig) -> bool:
    """The plugins and Markdown extensions of the site are ones whose effect on a page the plugin knows."""
    names = {name.split("/")[-1] for name in config.plugins}
    if not names <= KNOWN_PLUGINS:
        return False
    extensions = [e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions]
    return not any(word in str(e).lower() for e in extensions for word in INCLUDING_EXTENSIONS)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def settings_key(config: MkDocsConfig, settings: Settings, handbook: Handbook) -> str:
    parts = [__version__, _version("mkdocs"), _version("mkdocs-material"), repr(settings)]
    parts.append(str(handbook.analysis.as_of))
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    parts += config_texts(config.config_file_path)
    if settings.taxonomy_file:
        parts.append(_text(settings.taxonomy_file))
    parts.append(repr(sorted(handbook.catalog.personas)))  # a persona's colour is its place among them
    parts.append(repr(sorted(config.plugins)))
    parts.append(repr(config.markdown_extensions))
    for key in ("site_url", "docs_dir", "site_dir", "use_directory_urls", "extra_css", "extra_javascript"):
        parts.append(f"{key}={config.get(key)!r}")
    parts.append(repr(config.mdx_configs) + repr(config.extra) + repr(dict(config.theme.items())))
    return digest(*parts)


def theme_stamp(folder: Path) -> str:
    """A theme or override folder: an installed package's by its path (its version is in the key), any other by
    every file's path, size and time (an edited template override renders every page)."""
    site_packages = [p for p in sys.path if p.endswith("site-packages")]
    if any(str(folder).startswith(p) for p in site_packages):
        return str(folder)
    out = [str(folder)]
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            out.append(f"{os.path.join(root, name)}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*out)


def config_texts(config_file: str | None) -> list[str]:
    """The texts of mkdocs.yml and of the files it inherits (``INHERIT: base.yml``, relative to the file that says
    it), in order, each read once."""
    seen: list[str] = []
    texts: list[str] = []
    path = config_file
    while path and path not in seen and len(seen) < 16:
        seen.append(path)
        texts.append(_text(path))
        found = INHERIT.search(texts[-1])
        path = str(Path(path).parent / found.group(1).strip()) if found else None
    return texts


def _text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"{path}: unreadable"
