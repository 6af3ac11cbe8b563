"""``diff``: what changed in the maps between two git revisions, or a revision and the working tree."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from journeymaps.cli.output import document, tell
from journeymaps.cli.site import add_site_options, settings_of_args
from journeymaps.history.git import GitError, revision_pages
from journeymaps.history.semdiff import diff_handbooks
from journeymaps.i18n import _
from journeymaps.pipeline import Pipeline


def add_commands(sub: Any) -> None:
    p = sub.add_parser("diff", help="what changed in personas, touchpoints and maps between two git revisions")
    p.add_argument("base", help="the revision to compare from, e.g. origin/main")
    p.add_argument("head", nargs="?", help="the revision to compare to (default: the working tree)")
    add_site_options(p)
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    settings = settings_of_args(args)
    if settings is None:
        return 2
    pipeline = Pipeline(settings)  # the same settings, taxonomy and checks for both states
    try:
        config = Path(args.config)  # the docs folder of each revision is the one its mkdocs.yml named then
        old = pipeline.build(revision_pages(settings, args.base, config))
        new = pipeline.build(revision_pages(settings, args.head, config) if args.head else None)
    except GitError as exc:
        tell(f"journeymaps diff: {exc}")
        return 2
    diff = diff_handbooks(old, new, args.base, args.head or _("working tree"))
    document(diff.json() if args.format == "json" else diff.markdown())
    return 0
