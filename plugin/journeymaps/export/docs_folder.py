"""A handbook as a plain docs folder: the pieces of ``journeymaps generate`` that do not need MkDocs.

``journeymaps generate`` (:mod:`journeymaps.mkdocs_adapter.generate`) runs the
plugin's own events on a site and writes every page with what the plugin adds
to it already in the Markdown: the rendered HTML goes in as raw HTML blocks,
which Python-Markdown (MkDocs, ProperDocs, TechDocs, Zensical) passes through
untouched. Here: the text of such a page, the site configuration the folder is
built with (the author's ``mkdocs.yml`` with the plugin taken out and the
navigation, stylesheets and script put in), and the folder's marker.
Everything is written in a fixed order and without dates: the same sources
give the same bytes.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from journeymaps.interop.mapfile import Dumper12

__all__ = [
    "BLOCK_CLASS",
    "DOCS",
    "MARKER",
    "NavItem",
    "dump_config",
    "foreign_files",
    "load_config_file",
    "load_config_text",
    "marker_text",
    "page_text",
    "relocated",
    "site_config",
]

DOCS = "docs"
"""The docs folder inside the output folder (``mkdocs.yml`` is beside it)."""
MARKER = ".journeymaps-generated"
"""A file in every output folder: ``generate`` replaces only a folder that has it (or an empty one)."""
BLOCK_CLASS = "journeymaps-generated"
"""The class of the ``<div>`` that holds the HTML the plugin adds to a page."""

NavItem = str | dict[str, Any]
"""One navigation entry as ``mkdocs.yml`` writes it: ``path``, ``{title: path}`` or ``{title: [entries]}``."""


class _Tagged:
    """A YAML value with a tag of the author's (``!ENV``, ``!relative``, ``!!python/name:``), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(Dumper12):
    """Quotes text that YAML 1.2 reads as a number (``1e3``), as the handbook's own files are written."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def load_config_text(text: str) -> dict[str, Any]:
    """The author's ``mkdocs.yml`` as data, its tags kept for writing back (see :func:`dump_config`)."""
    data = yaml.load(text, Loader=_Loader)
    return data if isinstance(data, dict) else {}


def load_config_file(path: Path) -> dict[str, Any]:
    """The author's ``mkdocs.yml`` as data with the file it names in ``INHERIT`` merged in, as MkDocs merges it
    (mergedeep's replace: mappings merged key by key, the file's own values over the parent's, lists replaced)."""
    data = load_config_text(path.read_text(encoding="utf-8"))
    parent = data.pop("INHERIT", None)
    if not isinstance(parent, str):
        return data
    return _merged(load_config_file(path.parent / parent), data)


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(parent)
    for key, value in child.items():
        below = out.get(key)
        out[key] = _merged(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return out


RELATIVE_TO_CONFIG = ("hooks", "watch")
"""Settings that name the author's files from ``mkdocs.yml``'s folder (``docs_dir``, ``site_dir`` and the
``custom_dir`` are the generated folder's own)."""


def relocated(author: dict[str, Any], config_dir: Path, out: Path) -> dict[str, Any]:
    """``author`` for a ``mkdocs.yml`` in ``out``: its hooks and watched paths still name the author's files."""
    moved = dict(author)
    for key in RELATIVE_TO_CONFIG:
        paths = moved.get(key)
        if isinstance(paths, list):
            moved[key] = [
                os.path.relpath(config_dir.resolve() / p, out.resolve()).replace(os.sep, "/")
                if isinstance(p, str) and not Path(p).is_absolute()
                else p
                for p in paths
            ]
    return moved


def dump_config(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=math.inf)


def _plugin_name(entry: Any) -> str:
    name = entry if isinstance(entry, str) else next(iter(entry), "") if isinstance(entry, dict) else ""
    return str(name).split("/")[-1]


def site_config(
    author: dict[str, Any],
    *,
    nav: Sequence[NavItem],
    custom_dir: str | None,
    extra_css: Sequence[str],
    extra_javascript: Sequence[str],
    own_fonts: bool = False,
) -> str:
    """The ``mkdocs.yml`` of a generated folder: the author's, with ``docs_dir`` the generated one, no journeymaps
    plugin (its work is in the pages), the navigation it made, the theme's ``custom_dir`` as copied beside it,
    and the plugin's stylesheets and script. ``own_fonts``: material's fonts are served from the site, as the
    plugin's build serves them (``theme.font: false``, the fonts' stylesheets among ``extra_css``)."""
    data = {k: v for k, v in author.items() if k not in ("INHERIT", "nav", "docs_dir", "site_dir")}
    out: dict[str, Any] = {}
    head = ("site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name", "edit_uri")
    for key in head:  # the site's identity first, as authors usually write it
        if key in data:
            out[key] = data.pop(key)
    out["docs_dir"] = DOCS
    out["site_dir"] = "site"
    out.update(data)
    theme = out.get("theme")
    if isinstance(theme, str) and own_fonts:
        theme = {"name": theme}
    if isinstance(theme, dict):
        theme = dict(theme)
        theme.pop("custom_dir", None)
        if custom_dir is not None:
            theme["custom_dir"] = custom_dir
        if own_fonts:
            theme["font"] = False
        out["theme"] = theme
    if "plugins" in out and isinstance(out["plugins"], list):
        out["plugins"] = [p for p in out["plugins"] if _plugin_name(p) != "journeymaps"]
    elif isinstance(out.get("plugins"), dict):
        out["plugins"] = {k: v for k, v in out["plugins"].items() if _plugin_name(k) != "journeymaps"}
    for key, added in (("extra_css", extra_css), ("extra_javascript", extra_javascript)):
        mine = list(out.get(key) or [])
        out[key] = mine + [a for a in added if a not in mine]
    out["nav"] = list(nav)
    note = (
        "# Written by `journeymaps generate`: the handbook with every map, card and generated page already in its\n"
        "# pages. Build it with any engine (mkdocs, properdocs, zensical build); edit the sources, not this folder.\n"
    )
    return note + dump_config(out)


def _block(html: str) -> str:
    """Raw HTML that Markdown leaves alone: one ``<div>`` starting a line, blank lines around it."""
    return f'\n<div class="{BLOCK_CLASS}">\n{html.strip()}\n</div>\n\n' if html.strip() else ""


def page_text(meta: dict[str, Any], body: str, before: str, after: str) -> str:
    """A page of the generated folder: its metadata as frontmatter, then the plugin's HTML before the author's
    body, the body as written, and the HTML after it."""
    head = f"---\n{dump_config(meta)}---\n" if meta else ""
    middle = body.strip("\n")
    return head + _block(before) + (middle + "\n" if middle else "") + ("\n" + _block(after) if after.strip() else "")


MARKER_NOTE = "written by `journeymaps generate`; replaced on the next run. Its files:\n"


def marker_text(out: Path) -> str:
    """The marker of a generated folder: the note, then every file ``generate`` wrote (so that a file added there
    afterwards is known as the author's, and never deleted by the next run)."""
    return MARKER_NOTE + "".join(f"{name}\n" for name in sorted(_files_in(out)))


BUILT = ("site/", ".cache/")
"""What building a generated folder makes in it: the site, and the engine's cache (Zensical's, Material's social
cards): replaced with the rest, never taken for an author's files."""


def foreign_files(out: Path) -> list[str]:
    """Files in the generated folder ``out`` that the last run did not write (what building the folder makes,
    :data:`BUILT`, aside): the author's, which replacing the folder would delete."""
    try:
        marker = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    if not marker.startswith(MARKER_NOTE):
        return []  # a marker from before the list was kept
    written = set(marker[len(MARKER_NOTE) :].splitlines())
    return sorted(name for name in _files_in(out) if name not in written and not name.startswith(BUILT))


def _files_in(out: Path) -> Iterator[str]:
    """Every file of the folder ``out`` but its marker, relative to it."""
    return (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MARKER)


def is_ours(out: Path) -> bool:
    """``out`` may be replaced: it does not exist, is empty, or was written by ``generate``."""
    return not out.exists() or (out.is_dir() and (not any(out.iterdir()) or (out / MARKER).is_file()))
