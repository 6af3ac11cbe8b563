"""The ``journeymaps`` command: the same checks as the build, without a site build.

    journeymaps validate [DOCS_DIR]   # every error and warning, one line each; exit 1 on any error
    journeymaps lint [DOCS_DIR] [--fail-on stale,assumption]   # map health; advice unless --fail-on
    journeymaps schema [-o FILE]      # the JSON Schema of the frontmatter, for editors
    journeymaps diff BASE [HEAD] [--format markdown|json]   # what changed in the maps between two revisions
    journeymaps new persona|touchpoint|cjm|cem [--title ...]  # a commented skeleton at the conventional path
    journeymaps import mermaid FILE.mmd | csv FILE.csv       # maps from a Mermaid journey or a spreadsheet
    journeymaps export csv [--out DIR] | mermaid MAP_ID      # maps to spreadsheets or a Mermaid journey
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

import yaml

from . import __version__
from .build import build_from_folder
from .schema import schema_text


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the python tags (``!!python/name:``) it may hold."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _site_settings(config_file: Path) -> tuple[Path | None, dict[str, Any]]:
    """(docs_dir, journeymaps plugin options) from mkdocs.yml, when there is one."""
    if not config_file.is_file():
        return None, {}
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    except yaml.YAMLError:
        return None, {}
    docs = data.get("docs_dir", "docs") if isinstance(data, dict) else "docs"
    options: dict[str, Any] = {}
    for entry in (data.get("plugins") or []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and "journeymaps" in entry:
            options = entry["journeymaps"] or {}
    return config_file.parent / str(docs), options


WATCH_START = "journeymaps: checking"
WATCH_DONE = "journeymaps: checked"


def _snapshot(docs_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a page is saved, added or removed: (path, mtime, size) of every Markdown file."""
    from .load import iter_markdown

    out = []
    for path in iter_markdown(docs_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _watch(args: argparse.Namespace) -> int:
    """Re-validate on every save, between two marker lines (for an editor's background problem matcher)."""
    import time

    docs_dir = Path(args.docs_dir) if args.docs_dir else (_site_settings(Path(args.config))[0] or Path("docs"))
    if not docs_dir.is_dir():
        print(f"journeymaps: {docs_dir}: no such folder (give the docs folder, e.g. `journeymaps validate content`)", file=sys.stderr)
        return 2
    seen: tuple[tuple[str, int, int], ...] | None = None
    try:
        while True:
            now = _snapshot(docs_dir)
            if now != seen:
                seen = now
                print(WATCH_START, flush=True)
                _validate_once(args)
                print(WATCH_DONE, flush=True)
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def cmd_validate(args: argparse.Namespace) -> int:
    if args.watch:
        return _watch(args)
    return _validate_once(args)


def _validate_once(args: argparse.Namespace) -> int:
    handbook = _load(args)
    if handbook is None:
        return 2
    report = handbook.catalog.report
    for d in report.sorted():
        print(f"{'ERROR' if d.is_error else 'WARNING'}: {d}")
    cat = handbook.catalog
    summary = (f"{len(cat.personas)} personas, {len(cat.maps)} maps, {len(cat.touchpoints)} touchpoints: "
               f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    print(summary, file=sys.stderr, flush=True)
    sys.stdout.flush()
    return 1 if report.errors or (args.strict and report.warnings) else 0


def cmd_lint(args: argparse.Namespace) -> int:
    from .health import CODES, handbook_health

    fail_on = {c.strip() for c in (args.fail_on or "").split(",") if c.strip()}
    unknown = sorted(fail_on - set(CODES) - {"all"})
    if unknown:
        print(f"journeymaps: --fail-on: unknown finding '{unknown[0]}' (known: {', '.join(CODES)}, all)", file=sys.stderr)
        return 2
    handbook = _load(args)
    if handbook is None:
        return 2
    health = handbook_health(handbook.catalog, handbook.analysis)
    failing = 0
    for mid, findings in health.items():
        path = handbook.catalog.maps[mid].doc.path
        for f in findings:
            where = f"{path}:{f.line}" if f.line else path
            print(f"{where}: {f.field}: {f.message} [{f.code}]")
            if "all" in fail_on or f.code in fail_on:
                failing += 1
    total = sum(len(f) for f in health.values())
    print(f"{total} findings in {len(health)} maps" + (f"; {failing} fail the check" if fail_on else ""), file=sys.stderr)
    return 1 if failing else 0


def _load(args: argparse.Namespace) -> Any:
    config_file = Path(args.config)
    default_docs, options = _site_settings(config_file)
    root = config_file.parent.resolve() if config_file.is_file() else Path.cwd()
    docs_dir = Path(args.docs_dir) if args.docs_dir else (default_docs or Path("docs"))
    if not docs_dir.is_dir():
        print(f"journeymaps: {docs_dir}: no such folder (give the docs folder, e.g. `journeymaps validate content`)", file=sys.stderr)
        return None
    taxonomy = options.get("taxonomy")
    tax_file = (root / str(taxonomy)) if taxonomy else None
    return build_from_folder(docs_dir.resolve(), Path.cwd().resolve(), tax_file,
                             review_every=int(options.get("review_every", 90)))


def cmd_diff(args: argparse.Namespace) -> int:
    from .build import build_handbook
    from .gitinfo import GitError, files_at
    from .load import display_path, load_text
    from .semdiff import diff_handbooks
    from .taxonomy import load_taxonomy

    config = Path(args.config)
    site_docs, options = _site_settings(config)
    docs_dir = Path(args.docs_dir) if args.docs_dir else (site_docs or Path("docs"))
    if not docs_dir.is_dir():
        print(f"error: {docs_dir} is not a folder (pass the docs folder with --docs-dir)", file=sys.stderr)
        return 2
    root = Path.cwd().resolve()
    tax_file = Path(options["taxonomy"]) if options.get("taxonomy") else None
    if tax_file is not None and not tax_file.is_absolute():
        tax_file = config.parent / tax_file
    taxonomy, _ = load_taxonomy(tax_file if tax_file and tax_file.is_file() else None, None)
    shown = display_path(docs_dir.resolve(), root)

    def handbook(files: dict[str, str]) -> Any:
        docs = [load_text(text, f"{shown}/{src}", src) for src, text in sorted(files.items())]
        return build_handbook(docs, taxonomy, review_every=int(options.get("review_every", 90)))

    try:
        old = files_at(args.base, docs_dir)
        if args.head:
            new = files_at(args.head, docs_dir)
        else:
            new = {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(docs_dir.rglob("*.md"))}
    except GitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    diff = diff_handbooks(handbook(old), handbook(new), args.base, args.head or "working tree")
    sys.stdout.write(diff.json() if args.format == "json" else diff.markdown())
    return 0


def _authoring_docs_dir(args: argparse.Namespace) -> Path:
    """--docs-dir, else docs_dir of mkdocs.yml, else ``content``."""
    if args.docs_dir:
        return Path(args.docs_dir)
    site_docs, _ = _site_settings(Path(args.config))
    return site_docs if site_docs is not None else Path("content")


def _catalog(docs_dir: Path, args: argparse.Namespace) -> Any:
    """The handbook's catalog as it is now (None when the folder does not exist yet)."""
    if not docs_dir.is_dir():
        return None
    _, options = _site_settings(Path(args.config))
    taxonomy = options.get("taxonomy")
    tax_file = Path(args.config).parent / str(taxonomy) if taxonomy else None
    return build_from_folder(docs_dir.resolve(), Path.cwd().resolve(),
                             tax_file if tax_file and tax_file.is_file() else None).catalog


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import (NewEntity, ScaffoldError, ask_essentials, check, check_against, conventional_path, prefill,
                           refuse_existing, split_list, write_new)

    docs_dir = _authoring_docs_dir(args)
    req = NewEntity(kind=args.kind, title=(args.title or "").strip(), id=(args.id or "").strip(),
                    personas=split_list(args.persona), stages=split_list(args.stages),
                    zooms_into=(args.zooms_into or "").strip(), future_of=(args.future_of or "").strip(),
                    channel=(args.channel or "").strip())
    notes: list[str] = []
    try:
        catalog = _catalog(docs_dir, args)
        if catalog is not None:
            req, notes = prefill(req, catalog)
        if sys.stdin.isatty():
            try:
                req = ask_essentials(req, input)
            except EOFError:
                print("", file=sys.stderr)
        check(req)
        refuse_existing(conventional_path(docs_dir, req))
        if catalog is not None:
            notes += check_against(req, catalog)
        path = write_new(docs_dir, req)
    except ScaffoldError as exc:
        print(f"journeymaps new: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\njourneymaps new: stopped; nothing was written", file=sys.stderr)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    print(path.as_posix())
    return 0


def _read_import(source: Path, encoding: str = "utf-8", hint: str = "") -> str | None:
    """The text of a file to import, or None after one line on stderr."""
    try:
        return source.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"journeymaps import: {source}: cannot be read: {exc}{hint}", file=sys.stderr)
        return None


def cmd_import_mermaid(args: argparse.Namespace) -> int:
    from .interop import MermaidImportError, import_mermaid

    source = Path(args.file)
    text = _read_import(source)
    if text is None:
        return 1
    docs_dir = _authoring_docs_dir(args)
    try:
        path, notes = import_mermaid(text, source, docs_dir, _catalog(docs_dir, args), kind=args.type,
                                     persona=args.persona, map_id=args.id)
    except MermaidImportError as exc:
        print(f"journeymaps import: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    print(path.as_posix())
    return 0


def cmd_export_mermaid(args: argparse.Namespace) -> int:
    from .interop import mermaid_of_map

    docs_dir = _authoring_docs_dir(args)
    catalog = _catalog(docs_dir, args)
    if catalog is None or args.map_id not in catalog.maps or catalog.maps[args.map_id].model is None:
        known = ", ".join(sorted(catalog.maps)) if catalog is not None else "none"
        print(f"journeymaps export: no valid map '{args.map_id}' in {docs_dir} (maps: {known})", file=sys.stderr)
        return 1
    export = mermaid_of_map(catalog, args.map_id)
    sys.stdout.write(export.text)
    for note in export.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from .spreadsheet import WouldOverwrite, write_tables

    docs_dir = _authoring_docs_dir(args)
    catalog = _catalog(docs_dir, args)
    if catalog is None:
        print(f"journeymaps export: {docs_dir}: no such folder (give it with --docs-dir)", file=sys.stderr)
        return 1
    skipped = sorted(mid for mid, v in catalog.maps.items() if v.model is None)
    for mid in skipped:
        print(f"journeymaps export: {catalog.maps[mid].doc.path}: not exported, it does not validate "
              "(see journeymaps validate)", file=sys.stderr)
    try:
        written = write_tables(catalog, Path(args.out), force=args.force)
    except WouldOverwrite as exc:
        first = exc.paths[0].as_posix()
        more = f" and {len(exc.paths) - 1} more" if len(exc.paths) > 1 else ""
        print(f"journeymaps export: {first}{more} already there with other content (edited in a spreadsheet? "
              "import it first); nothing was written; --force replaces them", file=sys.stderr)
        return 1
    for path in written:
        print(path.as_posix())
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    from .spreadsheet import import_rows

    source = Path(args.file)
    text = _read_import(source, "utf-8-sig", " (save it as 'CSV UTF-8')")
    if text is None:
        return 1
    docs_dir = _authoring_docs_dir(args)
    report = import_rows(text, source.as_posix(), docs_dir, _catalog(docs_dir, args), Path.cwd())
    for path, changes in report.written:
        shown = ", ".join(changes[:6]) + (f", and {len(changes) - 6} more" if len(changes) > 6 else "")
        print(f"{path}: {shown}")
    for problem in report.lines():
        print(problem, file=sys.stderr)
    print(f"{len(report.written)} maps written, {report.unchanged} unchanged, {len(report.problems)} problems", file=sys.stderr)
    return 1 if report.problems else 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _docs_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--docs-dir", help="the docs folder (default: docs_dir of mkdocs.yml, else content)")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="mkdocs.yml to read docs_dir and the plugin options from")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journeymaps", description="Customer journey maps in git, as a CX handbook.")
    parser.add_argument("--version", action="version", version=f"journeymaps {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every persona, touchpoint and map, as the build does")
    p.add_argument("docs_dir", nargs="?", help="the docs folder (default: docs_dir of mkdocs.yml)")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="mkdocs.yml to read the plugin options from")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--watch", action="store_true", help="check again on every save, until stopped (for an editor task)")
    p.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("lint", help="print map health findings (advice); exit 1 only for codes in --fail-on")
    p.add_argument("docs_dir", nargs="?", help="the docs folder (default: docs_dir of mkdocs.yml)")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="mkdocs.yml to read the plugin options from")
    p.add_argument("--fail-on", help="comma-separated finding codes that fail: layer, assumption, stale, never-reviewed, "
                                     "stage-count, personas, no-emotion, no-owner, or all")
    p.set_defaults(func=cmd_lint)
    p = sub.add_parser("diff", help="what changed in personas, touchpoints and maps between two git revisions")
    p.add_argument("base", help="the revision to compare from, e.g. origin/main")
    p.add_argument("head", nargs="?", help="the revision to compare to (default: the working tree)")
    p.add_argument("--docs-dir", help="the docs folder (default: docs_dir of mkdocs.yml)")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="mkdocs.yml to read docs_dir and the plugin options from")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("new", help="write a commented skeleton of a persona, touchpoint or map at the conventional path")
    p.add_argument("kind", choices=["persona", "touchpoint", "cjm", "cem"])
    p.add_argument("--title", help="the map's title, or the persona's or touchpoint's name (the id is its slug)")
    p.add_argument("--id", help="the id (default: the slug of --title); also the file name")
    p.add_argument("--persona", help="cjm: the persona id; cem: persona ids, comma-separated")
    p.add_argument("--stages", help='stage names in order, comma-separated, e.g. "Discover, Sign up, First use"')
    p.add_argument("--zooms-into", help="cjm: the cem stage it details, cem-id#stage-id")
    p.add_argument("--future-of", help="a future-state map of this current-state map id (its stages are copied)")
    p.add_argument("--channel", help="touchpoint: its channel id, e.g. web, email, chat, app")
    _docs_options(p)
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("import", help="write maps from a Mermaid journey or a spreadsheet (CSV)")
    fmt = p.add_subparsers(dest="format", required=True)
    q = fmt.add_parser("mermaid", help="a cjm (or cem) from a Mermaid journey diagram; what does not fit is reported")
    q.add_argument("file", help="a .mmd file, or a Markdown file with a ```mermaid block")
    q.add_argument("--persona", help="cjm: the persona id (default: the first actor)")
    q.add_argument("--type", choices=["cjm", "cem"], default="cjm", help="cjm (one persona, the default) or cem (every actor)")
    q.add_argument("--id", help="the map id and file name (default: the slug of the title)")
    _docs_options(q)
    q.set_defaults(func=cmd_import_mermaid)
    q = fmt.add_parser("csv", help="create or update maps from a stages.csv; every row not taken is reported")
    q.add_argument("file", help="a stages.csv as `journeymaps export csv` writes it (edited in a spreadsheet)")
    _docs_options(q)
    q.set_defaults(func=cmd_import_csv)
    p = sub.add_parser("export", help="maps to spreadsheets (CSV) or a Mermaid journey")
    fmt = p.add_subparsers(dest="format", required=True)
    q = fmt.add_parser("mermaid", help="print a map as a Mermaid journey diagram")
    q.add_argument("map_id")
    _docs_options(q)
    q.set_defaults(func=cmd_export_mermaid)
    q = fmt.add_parser("csv", help="stages.csv (one row per map and stage) and one CSV per lane")
    q.add_argument("--out", default="journeymaps-csv", help="the folder to write to (default: journeymaps-csv)")
    q.add_argument("--force", action="store_true", help="replace CSV files there that differ from this export")
    _docs_options(q)
    q.set_defaults(func=cmd_export_csv)
    p = sub.add_parser("schema", help="print the JSON Schema of the frontmatter")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
