"""``journeymaps generate``: the handbook as a plain docs folder that any engine builds.

The plugin's own events run on the site, as in ``mkdocs build`` (``on_config``,
``on_files``, ``on_nav``, ``on_page_read_source``, ``on_page_markdown``,
``on_post_build``), and instead of rendering pages to HTML the result is
written as Markdown: each page with its metadata, the HTML the plugin adds
around it (:meth:`JourneymapsPlugin.around`, the same renderer as the build)
and its body; the generated pages of the registry; the plugin's stylesheets and
script; ``journeymaps.json`` and the PDFs; and an ``mkdocs.yml`` with the
navigation the plugin groups, for MkDocs without the plugin, ProperDocs,
TechDocs or Zensical. Pages the plugin does not touch are copied byte for byte.
"""

from __future__ import annotations

import fnmatch
import logging
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import Link, Section, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import markdown_extensions
from mkdocs.utils.meta import get_data

from journeymaps import i18n
from journeymaps.export.docs_folder import (
    DOCS,
    MARKER,
    MARKER_NOTE,
    NavItem,
    foreign_files,
    is_ours,
    load_config_file,
    marker_text,
    page_text,
    relocated,
    site_config,
)
from journeymaps.i18n import _
from journeymaps.mkdocs_adapter.config import CSS, FONTS, JS, PRINT_CSS
from journeymaps.mkdocs_adapter.files import GENERATOR
from journeymaps.mkdocs_adapter.plugin import JourneymapsPlugin
from journeymaps.render.environment import PACKAGE_TEMPLATES

__all__ = ["GenerateError", "Generated", "generate"]

log = logging.getLogger("mkdocs.plugins.journeymaps")


class GenerateError(Exception):
    """The site cannot be generated: one line for the user."""


@dataclass
class Generated:
    pages: int
    files: int
    errors: int


ENGINES = ("mkdocs", "zensical")
"""What ``--engine`` names: ``mkdocs`` (MkDocs 1.6 without the plugin, ProperDocs, TechDocs: Material's templates)
or ``zensical`` (its own templates: the theme's HTML overrides, written for Material, are left out)."""


def generate(config_file: Path, out: Path, *, pdf: bool | None = None, engine: str = "mkdocs") -> Generated:
    """Write the site of ``config_file`` as a docs folder ``out/docs`` with ``out/mkdocs.yml`` beside it."""
    if not is_ours(out):
        raise GenerateError(
            _(
                "%(out)s: the folder exists and was not written by `journeymaps generate`; give a new or empty folder",
                out=out,
            )
        )
    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, OSError) as exc:
        raise GenerateError(f"{config_file}: {' '.join(str(exc).split())}") from None
    if out.resolve().is_relative_to(Path(config.docs_dir).resolve()):
        raise GenerateError(
            _("%(out)s: inside the docs folder, the next build would read it; give a folder outside it", out=out)
        )
    theme = next((d for d in config.theme.dirs if out.resolve().is_relative_to(Path(d).resolve())), None)
    if theme is not None:  # the theme's folders are copied into the output: it would copy itself, without end
        raise GenerateError(
            f"{out}: inside the theme's folder {theme}, which is copied into it; give a folder outside it"
        )
    plugin = next(
        (p for name, p in config.plugins.items() if name.split("/")[-1] == "journeymaps"), None
    )  # the plugin's options are the site's: add it under `plugins` to generate
    if not isinstance(plugin, JourneymapsPlugin) or not plugin.config.enabled:
        raise GenerateError(
            _("%(path)s: no enabled `journeymaps` entry under `plugins`: nothing to generate", path=config_file)
        )
    if pdf is not None:
        plugin.config.pdf = pdf
    docs_out = out / DOCS
    foreign = foreign_files(out) if out.exists() else []
    if foreign:  # the author's, added after the last run: never deleted
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise GenerateError(f"{out / foreign[0]}{more}: not written by `journeymaps generate`; move it out of {out}")
    if out.exists():
        shutil.rmtree(out)
    docs_out.mkdir(parents=True)
    (out / MARKER).write_text(MARKER_NOTE, encoding="utf-8")
    try:
        made = _write(config, plugin, out, docs_out, engine)
    except PluginError as exc:
        raise GenerateError(str(exc)) from None
    (out / MARKER).write_text(marker_text(out), encoding="utf-8")
    return made


def _write(config: MkDocsConfig, plugin: JourneymapsPlugin, out: Path, docs_out: Path, engine: str) -> Generated:
    # Only this plugin's events run (other plugins' work is theirs, at build time); MkDocs names the plugin that
    # makes a file from the collection's current plugin, which its own event loop sets.
    config.plugins._current_plugin = GENERATOR
    plugin.on_startup(command="build", dirty=False)
    config = plugin.on_config(config)
    files = plugin.on_files(get_files(config), config=config)
    nav = plugin.on_nav(get_navigation(files, config), config=config, files=files)
    pages = written = 0
    with i18n.use(plugin.settings.speech()):  # the pages in the site's language, as the build's events speak it
        for file in sorted(files, key=lambda f: f.src_uri):
            if not file.inclusion.is_included():
                continue
            target = docs_out / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            if file.is_documentation_page():
                target.write_bytes(_page(file, plugin, config, files, engine))
                pages += 1
            else:
                target.write_bytes(file.content_bytes)
            written += 1
    assets = PACKAGE_TEMPLATES / "assets" / "journeymaps"
    for asset in sorted(assets.rglob("*")):  # the fonts/ folder too
        if asset.is_file():
            (docs_out / "assets" / "journeymaps" / asset.relative_to(assets)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset, docs_out / "assets" / "journeymaps" / asset.relative_to(assets))
            written += 1
    custom = _copy_custom_dir(config, out, templates=engine != "zensical")
    config_path = Path(config.config_file_path)
    author = relocated(load_config_file(config_path), config_path.parent, out)
    extra_js = [str(s) for s in config.extra_javascript if str(s) == JS]
    ours_css = [str(s) for s in config.extra_css if str(s) in (*FONTS, CSS, PRINT_CSS)]  # as the plugin added them
    (out / "mkdocs.yml").write_text(
        site_config(
            author,
            nav=_nav(nav.items, plugin),
            custom_dir=custom,
            extra_css=ours_css or [CSS, PRINT_CSS],
            extra_javascript=extra_js or [JS],
            own_fonts=any(sheet in FONTS for sheet in ours_css),
        ),
        encoding="utf-8",
    )
    errors = len(plugin.handbook.report.errors)
    config.site_dir = str(docs_out)  # journeymaps.json and the PDFs go into the docs folder, published as files
    for handler in plugin.on_post_build.methods:  # its handlers, in their order (a CombinedEvent)
        handler(config=config)
    return Generated(pages, written, errors)


def _page(file: File, plugin: JourneymapsPlugin, config: MkDocsConfig, files: Files, engine: str) -> bytes:
    """A page as the generated folder has it: untouched when the plugin adds nothing to it.

    Links in the HTML are relative to the page's URL, as the build writes them: MkDocs leaves raw HTML alone.
    Zensical reads every relative link of a page, raw HTML's too, as relative to the page's *file* and rewrites
    it for the page's URL: for Zensical they are written relative to the file's folder."""
    page = file.page if isinstance(file.page, Page) else Page(None, file, config)
    body = plugin.on_page_read_source(page=page, config=config)
    raw = file.content_string if body is None else None
    meta: dict[str, Any] = {}
    if raw is not None:
        body, meta = get_data(raw)
    assert body is not None
    page.meta = dict(meta)
    plugin.on_page_markdown(body, page=page, config=config, files=files)
    # the page's URL as the build has it (Page.url: the home page's is "", its File's "./"; links from "./" would
    # start with ../ and leave a site served below a path)
    base = page.url if engine != "zensical" else posixpath.dirname(file.src_uri) + "/"
    before, after = plugin.around(file.src_uri, "" if base == "/" else base)
    if raw is not None and page.meta == meta and not before and not after:
        return file.content_bytes  # the author's page, as written
    return page_text(page.meta, body, before, after).encode("utf-8")


def _copy_custom_dir(config: MkDocsConfig, out: Path, *, templates: bool) -> str | None:
    """The theme's ``custom_dir``, copied beside the docs folder (its templates and the assets pages link to).
    ``templates=False``: without its HTML templates (Material's partials do not fit Zensical's; one line says so)."""
    custom = config.theme.custom_dir
    if not custom or not Path(custom).is_dir():
        return None
    name = Path(custom).name if Path(custom).name not in (DOCS, "site") else "overrides"
    left_out = [] if templates else sorted(p.relative_to(custom).as_posix() for p in Path(custom).rglob("*.html"))
    shutil.copytree(custom, out / name, ignore=None if templates else _not_theme_files)
    if left_out:
        log.info(
            "journeymaps: "
            + _(
                "the theme's template overrides are for Material for MkDocs and are left out: %(files)s",
                files=", ".join(left_out),
            )
        )
    return name


NOT_THEME_FILES = (".*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml")
"""What MkDocs leaves out of a theme folder's files (mkdocs.structure.files.Files.add_files_from_theme), and
Markdown: Zensical publishes all of a ``custom_dir``, the README beside the overrides too."""


def _not_theme_files(folder: str, names: list[str]) -> set[str]:
    patterns = (*NOT_THEME_FILES, *(f"*{ext}" for ext in markdown_extensions))
    return {n for n in names if any(fnmatch.fnmatch(n.lower(), p) for p in patterns)}


def _nav(items: list[StructureItem], plugin: JourneymapsPlugin) -> list[NavItem]:
    """The navigation as ``mkdocs.yml`` writes it, titles where the handbook knows them."""
    out: list[NavItem] = []
    for item in items:
        if isinstance(item, Section):
            out.append({str(item.title): _nav(list(item.children), plugin)})
        elif isinstance(item, Page):
            title = plugin.nav_title(item)
            out.append({title: item.file.src_uri} if title else item.file.src_uri)
        elif isinstance(item, Link):
            out.append({str(item.title): item.url})
    return out
