"""``validate`` (once, or on every save), ``lint`` and ``schema``: the build's checks, without a site build."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from journeymaps.analysis.health import CODES, handbook_health
from journeymaps.catalog.taxonomy import site_lanes
from journeymaps.cli.output import document, say, tell
from journeymaps.cli.site import add_site_options, per_language, settings_of_args
from journeymaps.export.docs_folder import load_config_file
from journeymaps.i18n import _, ngettext
from journeymaps.settings import Settings
from journeymaps.sources.files import iter_markdown
from journeymaps.validation.schema import schema_text

WATCH_START = "journeymaps: checking"
WATCH_DONE = "journeymaps: checked"


def add_commands(sub: Any) -> None:
    p = sub.add_parser("validate", help="check every persona, touchpoint and map, as the build does")
    add_site_options(p, positional=True)
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--watch", action="store_true", help="check again on every save, until stopped (for an editor task)")
    p.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("lint", help="print map health findings (advice); exit 1 only for codes in --fail-on")
    add_site_options(p, positional=True)
    p.add_argument(
        "--fail-on",
        help=f"comma-separated finding codes that fail: {', '.join(CODES)}, or all",
    )
    p.set_defaults(func=cmd_lint)
    p = sub.add_parser("schema", help="print the JSON Schema of the frontmatter (with the site's own lanes)")
    add_site_options(p)
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    settings = settings_of_args(args)
    if settings is None:
        return 2
    guard = engine_guard(Path(args.config))
    if args.watch:
        return _watch(settings, args, guard)
    return _validate_once(settings, args.strict, guard, _site_of(args))


def _site_of(args: argparse.Namespace) -> tuple[Path, Path | None] | None:
    """(mkdocs.yml, the docs folder given instead of its own) when the site has one: validate then checks the
    site's files as the build does (mkdocs_adapter.site.site_problems)."""
    config = Path(args.config)
    return (config, Path(args.docs_dir) if args.docs_dir else None) if config.is_file() else None


def engine_guard(config: Path) -> str | None:
    """One line when the site's config is read by an engine that will not run the plugin (the handbook would be
    published as bare Markdown: no grids, cards or generated pages); None when the plugin runs."""
    if not config.is_file():
        return None
    if (config.parent / "zensical.toml").is_file():
        return _(
            "%(path)s: zensical build reads this and does not run the journeymaps plugin (maps without grids, no "
            "generated pages); run `journeymaps generate --out DIR --engine zensical`, then `zensical build` in DIR "
            "(guide/engines.md)",
            path=config.parent / "zensical.toml",
        )
    try:
        text = config.read_text(encoding="utf-8")
        plugins = load_config_file(config).get("plugins")  # with the file it INHERITs, as MkDocs reads it
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None  # the site's own checks say what is wrong with the file
    entries = list(plugins) if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    names = [str(p if isinstance(p, str) else next(iter(p), "")) for p in entries]
    if any(name.split("/")[-1] == "journeymaps" for name in names):
        return None
    line = next((i for i, row in enumerate(text.splitlines(), 1) if row.startswith("plugins:")), 1)
    return _(
        "%(path)s:%(line)s: plugins: no `journeymaps` entry, so MkDocs publishes the maps as bare Markdown (no grids, "
        "cards or generated pages); add `- journeymaps` under `plugins` (guide/engines.md)",
        path=config,
        line=line,
    )


def _validate_once(
    settings: Settings, strict: bool, guard: str | None = None, site: tuple[Path, Path | None] | None = None
) -> int:
    errors = warnings = 0
    if guard is not None:
        say(f"WARNING: {guard}")
    said: set[str] = set()  # a page the languages share (a fallback) is said once
    for language, handbook in per_language(settings):
        if site is not None and language is None:
            from journeymaps.mkdocs_adapter.site import site_problems

            strict = site_problems(*site, handbook) or strict  # `strict: true` in mkdocs.yml: as the build
        report = handbook.report
        for d in report.sorted():
            line = f"{'ERROR' if d.is_error else 'WARNING'}: {d}"
            if line not in said:
                said.add(line)
                say(line)
                errors, warnings = errors + d.is_error, warnings + (not d.is_error)
        cat = handbook.catalog
        # ERROR / WARNING above stay English (editors' problem matchers read them); the summary is the reader's
        tell(
            (f"{language}: " if language else "")
            + _(
                "%(personas)s, %(maps)s, %(touchpoints)s: %(errors)s, %(warnings)s",
                personas=ngettext("%(n)s persona", "%(n)s personas", len(cat.personas), n=len(cat.personas)),
                maps=ngettext("%(n)s map", "%(n)s maps", len(cat.maps), n=len(cat.maps)),
                touchpoints=ngettext(
                    "%(n)s touchpoint", "%(n)s touchpoints", len(cat.touchpoints), n=len(cat.touchpoints)
                ),
                errors=ngettext("%(n)s error", "%(n)s errors", len(report.errors), n=len(report.errors)),
                warnings=ngettext("%(n)s warning", "%(n)s warnings", len(report.warnings), n=len(report.warnings)),
            ),
            flush=True,
        )
    sys.stdout.flush()
    return 1 if errors or (strict and (warnings or guard)) else 0


def _snapshot(docs_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a page is saved, added or removed: (path, mtime, size) of every Markdown file."""
    out = []
    for path in iter_markdown(docs_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _watch(settings: Settings, args: argparse.Namespace, guard: str | None) -> int:
    """Re-validate on every save, between two marker lines (for an editor's background problem matcher)."""
    seen: tuple[tuple[str, int, int], ...] | None = None
    try:
        while True:
            now = _snapshot(settings.docs_dir)
            if now != seen:
                seen = now
                say(WATCH_START, flush=True)
                _validate_once(settings, args.strict, guard, _site_of(args))
                say(WATCH_DONE, flush=True)
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def cmd_lint(args: argparse.Namespace) -> int:
    fail_on = {c.strip() for c in (args.fail_on or "").split(",") if c.strip()}
    unknown = sorted(fail_on - set(CODES) - {"all"})
    if unknown:
        tell(f"journeymaps lint: --fail-on: unknown finding '{unknown[0]}' (known: {', '.join(CODES)}, all)")
        return 2
    settings = settings_of_args(args)
    if settings is None:
        return 2
    failing = 0
    said: dict[str, int] = {}  # finding -> 1; a map the languages share (a fallback) is said once
    maps: set[str] = set()
    unchecked: dict[str, None] = {}  # files that do not validate: no finding is looked for in them
    for _language, handbook in per_language(settings):
        unchecked.update(dict.fromkeys(sorted({d.path for d in handbook.report.errors})))
        health = handbook_health(handbook.catalog, handbook.analysis)
        for mid, findings in health.items():
            path = handbook.catalog.maps[mid].doc.path
            maps.add(path)
            for f in findings:
                where = f"{f.path or path}:{f.line}" if f.line else f.path or path
                line = f"{where}: {f.field}: {f.message} [{f.code}]"
                if line in said:
                    continue
                said[line] = 1
                say(line)
                if "all" in fail_on or f.code in fail_on:
                    failing += 1
    summary = _(
        "%(findings)s in %(maps)s",
        findings=ngettext("%(n)s finding", "%(n)s findings", len(said), n=len(said)),
        maps=ngettext("%(n)s map", "%(n)s maps", len(maps), n=len(maps)),
    )
    for path in unchecked:
        tell(_("%(path)s: not checked: it does not validate (journeymaps validate says why)", path=path))
    failed = ngettext(
        "%(summary)s; %(n)s fails the check", "%(summary)s; %(n)s fail the check", failing, summary=summary
    )
    tell(failed if fail_on else summary)
    return 1 if failing else 0


def cmd_schema(args: argparse.Namespace) -> int:
    settings = settings_of_args(args, must_exist=False)  # below a site: says where it is, as every command
    if settings is None:
        return 2
    text = schema_text(site_lanes(settings.taxonomy_file) if Path(args.config).is_file() else {})
    if args.output:
        out = Path(args.output)
        if out.is_file() and not _is_a_schema(out):  # a page, a sheet: the author's, never overwritten
            tell(f"journeymaps schema: {args.output} is there and is not a JSON Schema; nothing written (name another)")
            return 1
        out.write_text(text, encoding="utf-8")
        tell(f"wrote {args.output}")
    else:
        document(text)
    return 0


def _is_a_schema(path: Path) -> bool:
    """``path`` holds a JSON Schema (an earlier ``journeymaps schema -o``, which a new one replaces)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "$schema" in data
