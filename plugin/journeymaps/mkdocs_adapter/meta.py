"""An entity page's metadata as the theme reads it: every value a theme prints is escaped or checked.

MkDocs renders themes without autoescaping, and Material prints some ``page.meta``
keys straight into the HTML of every page that lists the page in its navigation
(the templates in ``material/templates``): ``title`` (``<title>``, the header),
``description`` and ``author`` (``<meta content="...">``), ``subtitle`` (the
navigation), ``status`` (a CSS class in the navigation), ``icon`` (the name of an
included icon file), ``location`` (``redirect.html``, inside a script), the dates
``revision_date``, ``git_revision_date_localized`` and ``git_creation_date_localized``
(``source-file.html``, when no plugin sets them); ``tags``
(the tags plugin) and ``source`` (MkDocs' own theme) are lists it prints; and
``template`` names the template MkDocs renders the page with. An entity's
frontmatter is data (often imported from a sheet or a diagram), so, per key:

- text keys (:data:`TEXT_KEYS`): escaped; a list or mapping is not text: a
  warning, and the key is left out;
- list keys (``tags``, ``source``): each item escaped; a mapping is a warning;
- ``status``: one of Material's (``new``, ``deprecated``) or a key of the
  site's ``extra.status``; anything else is a warning and is left out;
- ``icon``: an icon file the theme has (``.icons/<icon>.svg``); else a warning;
- ``template``: a template file of the theme (its folders, a ``custom_dir``
  first; not the plugin's own fragments), by a relative path that stays inside
  them; anything else is an error and the page is rendered with ``main.html``.

The title is the catalog's, escaped by the plugin. Ordinary pages are the
author's own HTML and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from journeymaps.catalog.generated import MAP_PAGE_HIDE, GeneratedPage
from journeymaps.diagnostics import Diagnostic, Severity, closest
from journeymaps.handbook import Handbook
from journeymaps.sources.frontmatter import SourceDoc

__all__ = ["LIST_KEYS", "MATERIAL_STATUSES", "TEXT_KEYS", "ThemeMeta", "page_settings", "theme_meta"]

TEXT_KEYS = (
    "description",
    "subtitle",
    "author",
    "location",
    "revision_date",
    "git_revision_date_localized",
    "git_creation_date_localized",
)
"""Keys a theme prints as text. (A plugin that sets one of them, e.g. git-revision-date-localized, does so after
this check, with its own HTML.)"""
LIST_KEYS = ("tags", "source")
"""Keys a theme prints item by item."""
MATERIAL_STATUSES = ("new", "deprecated")
"""Material's own page statuses (a site adds its own under ``extra.status``)."""
_ICON = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)*")
_SCALAR = (str, int, float, date)


class ThemeMeta:
    """Makes entity pages' metadata safe for one build's theme."""

    def __init__(self, theme_dirs: Sequence[str | Path], statuses: Sequence[str] = ()) -> None:
        self.dirs = [Path(d) for d in theme_dirs]
        self.statuses = sorted({*MATERIAL_STATUSES, *(s for s in statuses if isinstance(s, str))})

    def __call__(self, meta: Mapping[str, Any], doc: SourceDoc) -> tuple[dict[str, Any], list[Diagnostic]]:
        """``meta`` with every printed value escaped or checked, and what was wrong with it."""
        out = dict(meta)
        problems: list[Diagnostic] = []

        def drop(key: str, message: str, suggestion: str | None = None, severity: Severity = Severity.WARNING) -> None:
            del out[key]
            problems.append(Diagnostic(doc.path, doc.line((key,)), key, message, severity, suggestion))

        for key in TEXT_KEYS:
            value = out.get(key)
            if value is None:
                out.pop(key, None)
            elif isinstance(value, _SCALAR):
                out[key] = escape(str(value))
            else:
                drop(key, f"the theme prints it as text, and {_what(value)} is not text; it is left out")
        for key in LIST_KEYS:
            value = out.get(key)
            if value is None:
                out.pop(key, None)
            elif isinstance(value, list):
                out[key] = [escape(str(item)) for item in value if isinstance(item, _SCALAR)]
            elif isinstance(value, _SCALAR):
                out[key] = [escape(str(value))]
            else:
                drop(key, f"the theme prints it as a list of texts, not {_what(value)}; it is left out")
        if "status" in out:
            status = out["status"]
            if not isinstance(status, str) or status not in self.statuses:
                shown = f"'{status}'" if isinstance(status, str) else _what(status)
                drop(
                    "status",
                    f"unknown status {shown} (Material's: {', '.join(self.statuses)}; a site adds its own under "
                    "extra.status in mkdocs.yml); it is left out",
                    closest(status, self.statuses) if isinstance(status, str) else None,
                )
        if "icon" in out:
            icon = out["icon"]
            if not isinstance(icon, str) or not self._icon_exists(icon):
                shown = f"'{icon}'" if isinstance(icon, str) else _what(icon)
                drop("icon", f"the theme has no icon {shown} (.icons/<name>.svg, e.g. material/map); it is left out")
        if "template" in out:
            template = out["template"]
            if not isinstance(template, str) or not self._template_exists(template):
                shown = f"'{template}'" if isinstance(template, str) else _what(template)
                drop(
                    "template",
                    f"{shown} is not a template of the theme (a file in its folders or the site's custom_dir, "
                    "named by a relative path inside them); the page uses main.html",
                    severity=Severity.ERROR,
                )
        return out, problems

    def _icon_exists(self, icon: str) -> bool:
        return _ICON.fullmatch(icon) is not None and ".." not in icon.split("/") and self._exists(f".icons/{icon}.svg")

    def _template_exists(self, name: str) -> bool:
        parts = name.split("/")
        if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
            return False
        return self._exists(name)

    def _exists(self, rel: str) -> bool:
        for folder in self.dirs:
            path = folder / rel
            try:
                if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                    return True
            except OSError:
                continue
        return False


def theme_meta(
    metas: dict[str, dict[str, Any]], handbook: Handbook, dirs: list[Path], statuses: object
) -> dict[str, dict[str, Any]]:
    """Each entity page's metadata (``metas``) as the theme may print it, checked against the theme's templates
    and the site's custom_dir (``dirs``; not the package's own: fragments, not page templates) and the site's own
    ``statuses`` (``extra.status``); the problems go to the handbook's report."""
    safe = ThemeMeta(dirs, list(statuses) if isinstance(statuses, dict) else [])
    out: dict[str, dict[str, Any]] = {}
    for src, meta in metas.items():
        out[src], problems = safe(meta, handbook.docs[src])
        handbook.report.extend(problems)
    return out


def page_settings(
    meta: MutableMapping[str, Any],
    entity_meta: dict[str, Any] | None,
    entity: tuple[str | None, bool] | None,
    generated: GeneratedPage | None,
) -> MutableMapping[str, Any]:
    """A handbook page's ``meta`` with what the plugin sets: an entity page's metadata (``entity_meta``, checked by
    :class:`ThemeMeta`; the author's keys in ``meta`` win), its title ((title, whether it is a map's): ``entity``)
    or a generated page's, what the page hides and whether search reads it."""
    if entity_meta is not None:
        meta = {**entity_meta, **meta}
    if entity is not None and entity[0] is not None:
        meta["title"] = escape(entity[0])  # MkDocs themes print the title unescaped (the other keys: ThemeMeta)
        if entity[1]:
            meta.setdefault("hide", list(MAP_PAGE_HIDE))
    elif generated is not None and (generated.kind != "index" or "title" not in meta):
        meta["title"] = escape(generated.title)
    if generated is not None:
        if generated.hide:
            meta.setdefault("hide", list(generated.hide))
        if not generated.search:  # a comparison repeats its maps' text: search finds the maps themselves
            meta.setdefault("search", {"exclude": True})
    return meta


def _what(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return "a number"
    return "an empty value" if value is None else f"a {type(value).__name__}"
