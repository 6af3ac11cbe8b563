"""The ``journeymaps`` command: the same checks and outputs as the build, without a site build.

    journeymaps validate [DOCS_DIR]   # every error and warning, one line each; exit 1 on any error
    journeymaps lint [DOCS_DIR] [--fail-on stale,assumption]   # map health; advice unless --fail-on
    journeymaps schema [-o FILE]      # the JSON Schema of the frontmatter, for editors
    journeymaps diff BASE [HEAD] [--format markdown|json]   # what changed in the maps between two revisions
    journeymaps new persona|touchpoint|cjm|cem [--title ...]  # a commented skeleton at the conventional path
    journeymaps import mermaid FILE.mmd | csv FILE.csv       # maps from a Mermaid journey or a spreadsheet
    journeymaps export csv [--out DIR] | mermaid MAP_ID      # maps to spreadsheets or a Mermaid journey
    journeymaps generate --out DIR [--no-pdf]   # the handbook as a docs folder any engine builds (Zensical, ...)

Every command reads the site as the build does (:mod:`.site`: ``mkdocs.yml``
through MkDocs' own loader, one :class:`~journeymaps.settings.Settings`) and
builds the handbook with the build's own pipeline.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from journeymaps import i18n
from journeymaps.cli import authoring, check, engines, review
from journeymaps.cli.output import tell
from journeymaps.version import __version__

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journeymaps", description="Customer journey maps in git, as a CX handbook.")
    parser.add_argument("--version", action="version", version=f"journeymaps {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check.add_commands(sub)
    review.add_commands(sub)
    authoring.add_commands(sub)
    engines.add_commands(sub)
    args = parser.parse_args(argv)
    with i18n.scope():  # the language a command selects (cli.site) is its own: undone when it returns
        try:
            return int(args.func(args))
        except OSError as exc:  # a path the user gave that cannot be written or read: one line, no traceback
            tell(f"journeymaps {args.command}: {os_problem(exc)}")
            return 1


_OS_PROBLEMS: tuple[tuple[type[OSError], str], ...] = (
    (FileExistsError, "is already there (a file, or a link), where journeymaps writes a file or makes a folder"),
    (NotADirectoryError, "is not a folder: a part of the path is a file"),
    (IsADirectoryError, "is a folder; name a file"),
    (FileNotFoundError, "does not exist: make its folder first"),
)


def os_problem(exc: OSError) -> str:
    """What went wrong with a path, in words (nothing was written there by the command)."""
    what = next((words for kind, words in _OS_PROBLEMS if isinstance(exc, kind)), None)
    what = what or (exc.strerror or str(exc)).rstrip(".").lower()
    return f"{exc.filename}: {what}" if exc.filename else what
