"""Authoring: ``new`` (a commented skeleton), ``import`` and ``export`` (Mermaid journeys, spreadsheets)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymaps.cli.output import backslash_hint, document, say, tell
from journeymaps.cli.site import Site, add_site_options, open_site, open_site_settings
from journeymaps.i18n import _, ngettext
from journeymaps.sources.encoding import utf16_of


def add_commands(sub: Any) -> None:
    p = sub.add_parser(
        "new", help="write a commented skeleton of a persona, touchpoint or map at the conventional path"
    )
    p.add_argument("kind", choices=["persona", "touchpoint", "cjm", "cem"])
    p.add_argument("--title", help="the map's title, or the persona's or touchpoint's name (the id is its slug)")
    p.add_argument("--id", help="the id (default: the slug of --title); also the file name")
    p.add_argument("--persona", help="cjm: the persona id; cem: persona ids, comma-separated")
    p.add_argument("--stages", help='stage names in order, comma-separated, e.g. "Discover, Sign up, First use"')
    p.add_argument("--zooms-into", help="cjm: the cem stage it details, cem-id#stage-id")
    p.add_argument("--future-of", help="a future-state map of this current-state map id (its stages are copied)")
    p.add_argument("--channel", help="touchpoint: its channel id, e.g. web, email, chat, app")
    p.add_argument(
        "--kind",
        dest="map_kind",
        default="journey",
        help="maps: journey (the default), day-in-the-life or blueprint (a service blueprint's lanes and lines)",
    )
    add_site_options(p)
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("import", help="write maps from a Mermaid journey or a spreadsheet (CSV)")
    fmt = p.add_subparsers(dest="format", required=True)
    q = fmt.add_parser("mermaid", help="a cjm (or cem) from a Mermaid journey diagram; what does not fit is reported")
    q.add_argument("file", help="a .mmd file, or a Markdown file with a ```mermaid block")
    q.add_argument("--persona", help="cjm: the persona id (default: the first actor)")
    q.add_argument(
        "--type", choices=["cjm", "cem"], default="cjm", help="cjm (one persona, the default) or cem (every actor)"
    )
    q.add_argument("--id", help="the map id and file name (default: the slug of the title)")
    add_site_options(q)
    q.set_defaults(func=cmd_import_mermaid)
    q = fmt.add_parser("csv", help="create or update maps from a stages.csv; every row not taken is reported")
    q.add_argument("file", help="a stages.csv as `journeymaps export csv` writes it (edited in a spreadsheet)")
    add_site_options(q)
    q.set_defaults(func=cmd_import_csv)
    p = sub.add_parser("export", help="maps to spreadsheets (CSV) or a Mermaid journey")
    fmt = p.add_subparsers(dest="format", required=True)
    q = fmt.add_parser("mermaid", help="print a map as a Mermaid journey diagram")
    q.add_argument("map_id")
    add_site_options(q)
    q.set_defaults(func=cmd_export_mermaid)
    q = fmt.add_parser("csv", help="stages.csv (one row per map and stage) and one CSV per lane")
    q.add_argument("--out", default="journeymaps-csv", help="the folder to write to (default: journeymaps-csv)")
    q.add_argument("--force", action="store_true", help="replace CSV files there that differ from this export")
    add_site_options(q)
    q.set_defaults(func=cmd_export_csv)


def cmd_new(args: argparse.Namespace) -> int:
    from journeymaps.interop.scaffold import (
        NewEntity,
        ScaffoldError,
        ask_essentials,
        check,
        conventional_path,
        refuse_existing,
        split_list,
        write_new,
    )
    from journeymaps.interop.scaffold_refs import check_against, prefill, settle

    site = open_site(args)
    if site is None:
        return 2
    docs_dir, catalog = site.docs_dir, site.catalog
    req = NewEntity(
        kind=args.kind,
        title=(args.title or "").strip(),
        id=(args.id or "").strip(),
        personas=split_list(args.persona),
        stages=split_list(args.stages),
        zooms_into=(args.zooms_into or "").strip(),
        future_of=(args.future_of or "").strip(),
        channel=(args.channel or "").strip(),
        map_kind=(args.map_kind or "journey").strip().lower(),
    )
    try:
        req, notes = settle(req)  # options its kind has no use for, a persona named twice: a note each
        req, copied = prefill(req, catalog)
        notes += copied
        if sys.stdin.isatty():
            try:
                req, answered = settle(ask_essentials(req, input))
                notes += answered
            except EOFError:
                tell()
        check(req)
        refuse_existing(conventional_path(docs_dir, req))
        notes += check_against(req, catalog)
        path = write_new(docs_dir, req)
    except ScaffoldError as exc:
        tell(f"journeymaps new: {exc}")
        return 1
    except KeyboardInterrupt:
        tell()
        tell("journeymaps new: " + _("stopped; nothing was written"))
        return 1
    for note in notes:
        tell(note)
    say(path.as_posix())
    return 0


def _read_import(source: Path) -> str | None:
    """The text of a file to import (UTF-8, or UTF-16 with its byte-order mark), or None after one line on stderr."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        _unreadable(source, exc)
        return None
    if utf16_of(data) == "utf-16":
        return data.decode("utf-16", errors="replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        said = _(
            "%(path)s:%(line)s: not UTF-8 text (byte 0x%(byte)s); save it as UTF-8",
            path=source,
            line=line,
            byte=format(data[exc.start], "02x"),
        )
        tell(f"journeymaps import: {said}")
        return None


def _unreadable(source: Path, exc: OSError) -> None:
    """One line for a file to import that cannot be read (not there, a folder, no permission)."""
    said = _("%(path)s: cannot be read: %(why)s", path=source, why=exc.strerror or exc)
    tell(f"journeymaps import: {said}{backslash_hint(str(source))}")


def cmd_import_mermaid(args: argparse.Namespace) -> int:
    from journeymaps.interop.mermaid_maps import MermaidImportError, import_mermaid

    source = Path(args.file)
    settings = open_site_settings(args)  # first: the site's language says what is wrong with the file
    if settings is None:
        return 2
    text = _read_import(source)
    if text is None:
        return 1
    site = open_site(args, settings)
    assert site is not None
    try:
        path, notes = import_mermaid(
            text,
            source,
            site.docs_dir,
            site.catalog,
            kind=args.type,
            persona=args.persona,
            map_id=args.id,
        )
    except MermaidImportError as exc:
        tell(f"journeymaps import: {exc}")
        return 1
    for note in notes:
        tell(note)
    say(path.as_posix())
    return 0


def _export_site(args: argparse.Namespace) -> Site | None:
    """The site to export from; None after one line on stderr when there is none (no mkdocs.yml, no folder)."""
    site = open_site(args)
    if site is not None and site.handbook is None:
        tell("journeymaps export: " + _("%(path)s: no such folder (give it with --docs-dir)", path=site.docs_dir))
        return None
    return site


def cmd_export_mermaid(args: argparse.Namespace) -> int:
    from journeymaps.interop.mermaid_maps import mermaid_of_map

    site = _export_site(args)
    if site is None or site.handbook is None:
        return 2  # no site to export from: a usage error, as every command says it
    maps = site.handbook.catalog.maps
    if args.map_id not in maps or maps[args.map_id].model is None:
        said = _(
            "no valid map '%(id)s' in %(folder)s (maps: %(maps)s)",
            id=args.map_id,
            folder=site.docs_dir,
            maps=", ".join(sorted(maps)),
        )
        tell(f"journeymaps export: {said}")
        return 1
    export = mermaid_of_map(site.handbook, args.map_id)
    document(export.text)
    for note in export.notes + export.flattened:
        tell(_("note: %(note)s", note=note))
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from journeymaps.interop.csv_export import WouldOverwrite, write_tables

    site = _export_site(args)
    if site is None or site.handbook is None:
        return 2  # no site to export from: a usage error, as every command says it
    handbook = site.handbook
    catalog = handbook.catalog
    skipped = sorted(mid for mid, v in catalog.maps.items() if v.model is None)
    for mid in skipped:
        said = _(
            "%(path)s: not exported, it does not validate (see journeymaps validate)", path=catalog.maps[mid].doc.path
        )
        tell(f"journeymaps export: {said}")
    try:
        written = write_tables(handbook, Path(args.out), force=args.force)
    except WouldOverwrite as exc:
        first, more = exc.paths[0].as_posix(), len(exc.paths) - 1
        said = (
            ngettext(
                "%(path)s and %(n)s more already there with other content (edited in a spreadsheet? import them "
                "first); nothing was written; --force replaces them",
                "%(path)s and %(n)s more already there with other content (edited in a spreadsheet? import them "
                "first); nothing was written; --force replaces them",
                more,
                path=first,
            )
            if more
            else _(
                "%(path)s already there with other content (edited in a spreadsheet? import it first); nothing was "
                "written; --force replaces them",
                path=first,
            )
        )
        tell(f"journeymaps export: {said}")
        return 1
    for path in written:
        say(path.as_posix())
    if skipped:  # a partial export is no whole one: CI must not take it for one
        said = ngettext(
            "%(left)s of %(n)s map left out; the CSV files hold the others",
            "%(left)s of %(n)s maps left out; the CSV files hold the others",
            len(catalog.maps),
            left=len(skipped),
        )
        tell(f"journeymaps export: {said}")
        return 1
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    from journeymaps.interop.csv_import import import_rows
    from journeymaps.interop.csv_rows import Unreadable, decode_sheet

    source = Path(args.file)
    settings = open_site_settings(args)  # first: the site's language says what is wrong with the file
    if settings is None:
        return 2
    try:
        text = decode_sheet(source.read_bytes())
    except Unreadable as exc:
        tell(f"journeymaps import: {source}:{exc.row}: {exc}")
        return 1
    except OSError as exc:
        _unreadable(source, exc)
        return 1
    site = open_site(args, settings)
    assert site is not None
    report = import_rows(text, source.as_posix(), site.docs_dir, site.catalog, site.settings.root, site.settings)
    for path, changes in report.written:
        shown = ", ".join(changes[:6])
        if len(changes) > 6:
            more = len(changes) - 6
            shown = ngettext("%(changes)s, and %(n)s more", "%(changes)s, and %(n)s more", more, changes=shown)
        say(f"{path}: {shown}")
    for problem in report.lines():
        tell(problem)
    written, problems = len(report.written), len(report.problems)
    summary = _(
        "%(written)s, %(unchanged)s, %(problems)s",
        written=ngettext("%(n)s map written", "%(n)s maps written", written),
        unchanged=ngettext("%(n)s unchanged", "%(n)s unchanged", report.unchanged),
        problems=ngettext("%(n)s problem", "%(n)s problems", problems),
    )
    tell(summary)
    return 1 if report.problems else 0
