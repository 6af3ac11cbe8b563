"""A build that is published: a version of the site (mike), and the project folder the build leaves behind.

- mike's plugin, whose ``on_config`` runs before ours, makes ``site_url`` the version's URL without the slash that
  MkDocs' own check of the option ends it with (``https://x.github.io/handbook/2.0``). MkDocs' 404 page takes its
  base from that path, and material looks for ``../versions.json`` and ``search/search_index.json`` from the base:
  one folder too high (``/versions.json``, ``/handbook/search/...``). A version's 404 page had no version selector
  and no search, and neither had its copy at the top of ``gh-pages``, the page GitHub Pages shows for every page it
  does not have. The slash is put back, for every page that reads ``site_url`` after this.
- The cache folder (``.cache/journeymaps``: parsed pages, PDFs, fonts) is written into the project. A
  ``.gitignore`` in it, as pytest's, mypy's and ruff's caches have, keeps it out of a ``git add -A`` after a
  build (``mike deploy`` leaves it there, and the next commit of a map took megabytes of PDFs with it).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

__all__ = ["IGNORE_ALL", "as_published", "keep_out_of_git"]

IGNORE_ALL = "# journeymaps' cache: made again by any build, never committed\n*\n"
"""The cache folder's ``.gitignore``: everything in it, itself too."""


def as_published(config: MkDocsConfig, cache_dir: Path) -> None:
    """``config``'s ``site_url`` a folder again (mike's version URL); the cache folder out of git."""
    if config.site_url and not config.site_url.endswith("/"):
        config.site_url += "/"
    keep_out_of_git(cache_dir)


def keep_out_of_git(cache_dir: Path) -> None:
    """A ``.gitignore`` in ``cache_dir`` that ignores all of it (made with the folder, if need be). A folder that
    cannot be written is said by the caches that use it, not here."""
    ignore = cache_dir / ".gitignore"
    if ignore.is_file():
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        ignore.write_text(IGNORE_ALL, encoding="utf-8")
    except OSError:
        pass
