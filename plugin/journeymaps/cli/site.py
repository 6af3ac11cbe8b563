"""Which site a command works on: the docs folder and the settings, as the build reads them."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from journeymaps import i18n
from journeymaps.catalog.resolve import Catalog
from journeymaps.cli.output import backslash_hint, tell
from journeymaps.handbook import Handbook
from journeymaps.i18n import _
from journeymaps.pipeline import build
from journeymaps.settings import DEFAULT_DOCS_DIR, Settings

__all__ = [
    "Site",
    "add_site_options",
    "below_a_site",
    "environment_language",
    "handbook_of",
    "open_site",
    "open_site_settings",
    "per_language",
    "settings_of_args",
    "site_above",
]


def add_site_options(p: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """``DOCS_DIR`` (or ``--docs-dir``) and ``-f/--config``, the same on every command."""
    if positional:
        p.add_argument(
            "docs_dir", nargs="?", help=f"the docs folder (default: docs_dir of mkdocs.yml, else {DEFAULT_DOCS_DIR})"
        )
    else:
        p.add_argument("--docs-dir", help=f"the docs folder (default: docs_dir of mkdocs.yml, else {DEFAULT_DOCS_DIR})")
    p.add_argument(
        "-f", "--config", default="mkdocs.yml", help="the site's mkdocs.yml (its docs_dir and journeymaps options)"
    )


def settings_of_args(args: argparse.Namespace, *, must_exist: bool = True) -> Settings | None:
    """The settings of the site the command names; None (after one line on stderr) when there is none to use.
    The command speaks the terminal's language until the site's is known (a message about -f or the folder)."""
    i18n.select(i18n.speech(environment_language()))
    config = Path(args.config)
    docs = Path(args.docs_dir) if args.docs_dir else None
    if config.is_file():
        from journeymaps.mkdocs_adapter.site import SiteConfigError, settings_from_file

        try:
            settings = settings_from_file(config, docs)
        except SiteConfigError as exc:
            tell(f"journeymaps {args.command}: {exc}")
            return None
    elif args.config != "mkdocs.yml":
        said = _("%(path)s: no such file (give the site's mkdocs.yml with -f)", path=config)
        tell(f"journeymaps {args.command}: {said}{backslash_hint(args.config)}")
        return None
    else:
        if below_a_site(args.command):
            return None
        settings = replace(Settings.for_folder(docs or Path(DEFAULT_DOCS_DIR)), language=environment_language())
    # the command speaks the site's language (theme.language, its own `strings`) from here to its end (cli.main)
    i18n.select(settings.speech())
    if must_exist and not settings.docs_dir.is_dir():
        path, hint = settings.display(settings.docs_dir), _docs_hint(args)
        said = (
            _("%(path)s: is a file, not a folder (%(hint)s)", path=path, hint=hint)
            if settings.docs_dir.exists()
            else _("%(path)s: no such folder (%(hint)s)", path=path, hint=hint)
        )
        tell(f"journeymaps {args.command}: {said}{backslash_hint(args.docs_dir or '')}")
        return None
    return settings


def _docs_hint(args: argparse.Namespace) -> str:
    """What to give instead of a docs folder that is not there: the site's own (mkdocs.yml's docs_dir), or how to
    name one."""
    config = Path(args.config)
    if args.docs_dir and config.is_file():
        from journeymaps.mkdocs_adapter.site import SiteConfigError, settings_from_file

        try:
            own = settings_from_file(config).docs_dir
        except SiteConfigError:
            own = None
        if own is not None and own.is_dir():
            return _(
                "the site's docs folder is %(folder)s: run `journeymaps %(command)s` without it",
                folder=os.path.relpath(own),
                command=args.command,
            )
    return _(
        "give the docs folder, e.g. `journeymaps %(command)s docs`: the folder of your pages", command=args.command
    )


def below_a_site(command: str) -> bool:
    """Whether the current folder is a subfolder of a site (no mkdocs.yml here, one above), said in one line: its
    pages would go, or be looked for, in the wrong place."""
    above = site_above(Path.cwd())
    if above is None:
        return False
    shown = Path(os.path.relpath(above))
    said = _(
        "no mkdocs.yml here; the site is in %(folder)s (run it there, or give -f %(config)s)",
        folder=shown.as_posix(),
        config=(shown / "mkdocs.yml").as_posix(),
    )
    tell(f"journeymaps {command}: {said}")
    return True


def site_above(folder: Path) -> Path | None:
    """The nearest folder above ``folder`` with a mkdocs.yml, looked for up to the top of the git repository
    ``folder`` is in (a site outside it is not this project's); None when there is none."""
    folder = folder.resolve()
    if (folder / ".git").exists():
        return None
    for parent in folder.parents:
        if (parent / "mkdocs.yml").is_file():
            return parent
        if (parent / ".git").exists():
            return None
    return None


def environment_language() -> str:
    """Without a mkdocs.yml, the language of the terminal (gettext's order: ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``); ``C`` and ``POSIX`` are English. With one, the site's ``theme.language`` wins."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0].split(".")[0].split("@")[0]
        if value:
            return "en" if value in ("C", "POSIX") else value
    return "en"


def handbook_of(settings: Settings) -> Handbook | None:
    """The handbook as it is now (None when the docs folder does not exist yet, e.g. before `journeymaps new`); of
    a site with a handbook per language (mkdocs-static-i18n), the default language's."""
    if settings.languages and settings.page_language is None:
        settings = replace(settings, page_language=settings.languages[0])
    return build(settings) if settings.docs_dir.is_dir() else None


def per_language(settings: Settings) -> Iterator[tuple[str | None, Handbook]]:
    """(language, its handbook) for each language of a site made with mkdocs-static-i18n, else (None, the one
    handbook): each language is a handbook of its own, with its own ids (``fr/maps/x.md`` is ``x`` in French)."""
    if not settings.languages:
        yield None, build(settings)
        return
    for language in settings.languages:
        yield language, build(replace(settings, page_language=language))


@dataclass
class Site:
    """What an authoring command works on: the settings, the handbook as it is (if there is one yet), and the docs
    folder as the user names it (from the current folder: files written and messages say the same path)."""

    settings: Settings
    handbook: Handbook | None

    @property
    def docs_dir(self) -> Path:
        return Path(os.path.relpath(self.settings.docs_dir))

    @property
    def catalog(self) -> Catalog | None:
        return self.handbook.catalog if self.handbook is not None else None


def open_site_settings(args: argparse.Namespace) -> Settings | None:
    """The settings of an authoring command's site (its language chosen); None after one line on stderr. The docs
    folder may not exist yet only in a new project (no mkdocs.yml here or above): ``journeymaps new`` starts it."""
    settings = settings_of_args(args, must_exist=False)
    if settings is None:
        return None
    if Path(args.config).is_file() and not settings.docs_dir.is_dir():  # only a new project (no site) starts one
        path = settings.display(settings.docs_dir)
        where = (
            _("give the docs folder with --docs-dir")
            if args.docs_dir
            else _("the docs_dir of %(config)s", config=args.config)
        )
        said = (
            _(
                "%(path)s: is a file, not a folder (%(where)s; make the folder, or name the one the pages are in)",
                path=path,
                where=where,
            )
            if settings.docs_dir.exists()
            else _(
                "%(path)s: no such folder (%(where)s; make the folder, or name the one the pages are in)",
                path=path,
                where=where,
            )
        )
        tell(f"journeymaps {args.command}: {said}{backslash_hint(args.docs_dir or '')}")
        return None
    return settings


def open_site(args: argparse.Namespace, settings: Settings | None = None) -> Site | None:
    """The site of an authoring command (of ``settings``, when :func:`open_site_settings` gave them already);
    None after one line on stderr."""
    settings = settings or open_site_settings(args)
    return Site(settings, handbook_of(settings)) if settings is not None else None
