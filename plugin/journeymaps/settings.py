"""One settings object for a handbook, with every default written once.

:class:`Options` are the plugin's options as a site writes them in
``mkdocs.yml`` (``plugins: - journeymaps: {...}``); their defaults are the
defaults of the MkDocs plugin's config too. :class:`Settings` is what a build
needs: the options plus the site's folders and URLs, with every path made
absolute once, here. The MkDocs adapter makes it from the MkDocs config
(``on_config``); the command line makes it from ``mkdocs.yml`` through the
same adapter (:func:`journeymaps.mkdocs_adapter.settings_from_file`), or from a
docs folder alone (:meth:`Settings.for_folder`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from journeymaps.i18n import Speech, flat_strings, speech

__all__ = ["DEFAULT_DOCS_DIR", "ORIENTATIONS", "PAGE_SIZES", "Options", "Settings", "display_path"]

DEFAULT_DOCS_DIR = "docs"
"""The docs folder when neither the command line nor ``mkdocs.yml`` names one (MkDocs' own default)."""
PAGE_SIZES = ("A5", "A4", "A3", "A2", "letter", "legal", "ledger")
"""Paper sizes a map PDF can use (CSS ``@page { size }`` names)."""
ORIENTATIONS = ("landscape", "portrait")


@dataclass(frozen=True)
class Options:
    """The plugin's options in ``mkdocs.yml``, with their defaults (the MkDocs config reads these defaults)."""

    enabled: bool = True
    """Run the plugin at all (``enabled: !ENV [JOURNEYMAPS, true]`` switches it per environment)."""
    taxonomy: str | None = None
    """A YAML file of channels and evidence types that extends (or, with `mode: replace`, replaces) the built-in one."""
    pdf: bool | None = None
    """Write PDF exports on `mkdocs build`: true, false, or unset (then: when WeasyPrint is installed)."""
    pdf_on_serve: bool = False
    """Also write PDFs under `mkdocs serve` (off by default: previews stay fast)."""
    pdf_page_size: str = "A3"
    """Paper of map PDFs (a map's own `pdf: {size: ...}` wins). Persona PDFs are A4 portrait."""
    pdf_orientation: str = "landscape"
    """Orientation of map PDFs (a map's own `pdf: {orientation: ...}` wins)."""
    pdf_workers: int = 0
    """Processes that render PDFs in parallel; 0 means one per CPU core."""
    pdf_handbook: bool = True
    """Also assemble `pdf/handbook.pdf`: cover, contents, every persona and map."""
    pdf_tags: bool = True
    """Tag the PDFs for screen readers (headings, the grid as a table, pictures' descriptions; PDF/UA's structure):
    false writes them untagged, about a third less CPU a map and the handbook assembled several times faster."""
    pdf_css: tuple[str, ...] = ()
    """Extra stylesheets for the PDFs (paths relative to mkdocs.yml), applied after the built-in print styles."""
    cache_dir: str = ".cache/journeymaps"
    """Where parsed pages and rendered PDFs are kept between builds (relative to mkdocs.yml); delete it to start
    cold."""
    incremental: bool = True
    """Under `mkdocs serve`, render again only the pages whose sources changed (exactly: the same output as a
    full build); false renders every page on every rebuild."""
    nav_threshold: int = 50
    """A Personas / Maps / Touchpoints nav group with more entries is reached through its index page only."""
    review_every: int = 90
    """Days between reviews, for maps that do not set `review_every`."""
    strict: bool = False
    """Fail the build on any journeymaps error even without `mkdocs build --strict`."""
    json: bool = True
    """Write `journeymaps.json`, the whole catalog."""
    schema: bool = True
    """Publish the JSON Schema of the frontmatter at `schema/journeymaps.schema.json`, for editors."""
    strings: tuple[tuple[str, str, str], ...] = ()
    """The site's own words for any the plugin says, e.g. `{"Pain points": "Frictions"}`, or per language
    `{de: {"Pain points": "Reibungspunkte"}}` (kept as (language or "", message, text))."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Options:
        """The options a site set (unknown keys are the config loader's to report, not ours)."""
        known = {f.name for f in fields(cls)}
        picked = {k: v for k, v in values.items() if k in known and v is not None}
        if "pdf_css" in picked:
            picked["pdf_css"] = tuple(str(p) for p in picked["pdf_css"])
        if isinstance(picked.get("strings"), Mapping):
            picked["strings"] = flat_strings(picked["strings"])
        return cls(**picked)


@dataclass(frozen=True)
class Settings:
    """Everything a build reads about the site, normalised once (absolute paths)."""

    root: Path
    """The project folder (where ``mkdocs.yml`` is): paths in messages are shown from here."""
    docs_dir: Path
    options: Options = field(default_factory=Options)
    use_directory_urls: bool = True
    site_name: str = ""
    language: str = "en"
    """The site's language (``theme.language``): the plugin's words, numbers and dates follow it."""
    site_url: str | None = None
    repo_url: str | None = None
    taxonomy_file: Path | None = None
    cache_dir: Path = Path()
    pdf_css: tuple[Path, ...] = ()
    languages: tuple[str, ...] = ()
    """The languages of a site made with mkdocs-static-i18n, the default first (none: one language)."""
    language_structure: str = "folder"
    """How its pages say their language: ``folder`` (``fr/maps/x.md``) or ``suffix`` (``maps/x.fr.md``)."""
    page_language: str | None = None
    """The one language whose pages a build of the docs folder reads (the command line builds each of ``languages``)."""

    @classmethod
    def make(cls, root: Path, docs_dir: Path, options: Options | None = None, **site: Any) -> Settings:
        """Settings with every relative path resolved against ``root`` (the folder of ``mkdocs.yml``)."""
        root = root.resolve()
        options = options or Options()
        return cls(
            root=root,
            docs_dir=(root / docs_dir).resolve(),
            options=options,
            taxonomy_file=(root / options.taxonomy) if options.taxonomy else None,
            cache_dir=root / options.cache_dir,
            pdf_css=tuple(root / p for p in options.pdf_css),
            **site,
        )

    @classmethod
    def for_folder(cls, docs_dir: Path, root: Path | None = None, options: Options | None = None) -> Settings:
        """Settings for a docs folder without a site config (the command line's ``DOCS_DIR``)."""
        return cls.make(root or Path.cwd(), docs_dir, options)

    @property
    def review_every(self) -> int:
        return self.options.review_every

    def speech(self) -> Speech:
        """The site's language with its own strings (``with i18n.use(settings.speech()):`` around a build)."""
        return speech(self.language, self.options.strings)

    def display(self, file: Path | str) -> str:
        """A path as the author sees it: from the project folder when inside it."""
        return display_path(Path(file), self.root)


def display_path(file: Path, root: Path) -> str:
    """The path as the author sees it: relative to the project root when inside it."""
    try:
        return Path(os.path.relpath(file, root)).as_posix() if file.is_absolute() else file.as_posix()
    except ValueError:  # another drive on Windows
        return file.as_posix()
