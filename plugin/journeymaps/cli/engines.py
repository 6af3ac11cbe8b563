"""``generate``: the handbook as a plain docs folder, for engines that do not run the plugin (Zensical, TechDocs)."""

from __future__ import annotations

import argparse
import contextlib
import logging
from pathlib import Path
from typing import Any

from journeymaps import i18n
from journeymaps.cli.output import tell
from journeymaps.cli.site import below_a_site, environment_language
from journeymaps.i18n import _


class _LineHandler(logging.Handler):
    """The build's log lines (the handbook's diagnostics, PDF progress) as MkDocs prints them, one line each (the
    level, ``WARNING``, stays English as in MkDocs' own output: editors' problem matchers read it)."""

    def emit(self, record: logging.LogRecord) -> None:
        tell(f"{record.levelname:<8}-  {record.getMessage()}")


def add_commands(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="write the handbook as a docs folder any engine builds (maps, cards and generated pages in the pages)",
    )
    p.add_argument("--out", required=True, help="the output folder: OUT/docs and OUT/mkdocs.yml are written")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="the site's mkdocs.yml (with the journeymaps plugin)")
    p.add_argument(
        "--engine",
        choices=["mkdocs", "zensical"],
        default="mkdocs",
        help="what builds the folder: mkdocs (MkDocs 1.6, ProperDocs, TechDocs) or zensical (the theme's HTML "
        "overrides, written for Material, are left out)",
    )
    pdf = p.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="write the PDFs too")
    pdf.add_argument("--no-pdf", dest="pdf", action="store_false", help="no PDFs (faster)")
    p.set_defaults(func=cmd_generate)


def _speak_the_sites_language(config: Path) -> None:
    """Speak the site's ``theme.language`` (its own ``strings`` too) from here to the command's end, else the
    terminal's: what generate says, its own errors included, is in the language the handbook is written in."""
    i18n.select(i18n.speech(environment_language()))
    if not config.is_file():
        return
    from journeymaps.mkdocs_adapter.site import SiteConfigError, settings_from_file

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # the site's warnings: generate's own reading of the site says them
    try:
        with contextlib.suppress(SiteConfigError):  # generate says what is wrong with the file
            i18n.select(settings_from_file(config).speech())
    finally:
        logger.setLevel(level)


def cmd_generate(args: argparse.Namespace) -> int:
    config = Path(args.config)
    _speak_the_sites_language(config)
    if not config.is_file() and args.config == "mkdocs.yml" and below_a_site(args.command):
        return 2
    if not config.is_file():
        tell(
            f"journeymaps {args.command}: "
            + _("%(path)s: no such file (give the site's mkdocs.yml with -f)", path=config)
        )
        return 2
    from journeymaps.mkdocs_adapter.generate import GenerateError, generate

    out = Path(args.out)
    handler = _LineHandler()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.INFO
    try:
        done = generate(config, out, pdf=args.pdf, engine=args.engine)
    except GenerateError as exc:
        tell(f"journeymaps {args.command}: {exc}")
        return 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    summary = _(
        "wrote %(out)s: %(pages)s pages, %(files)s files, %(config)s; build it with `mkdocs build`, "
        "`properdocs build` or `zensical build` in %(out)s",
        out=out,
        pages=done.pages,
        files=done.files,
        config=out / "mkdocs.yml",
    )
    if done.errors:
        summary += " " + _("(%(n)s errors in the handbook, see above)", n=done.errors)
    tell(summary)
    return 1 if done.errors else 0
