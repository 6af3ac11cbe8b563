"""The plugin's typed configuration (``plugins: - journeymaps: ...`` in mkdocs.yml).

Each option's default and meaning are :class:`journeymaps.settings.Options`'; this
class only says how MkDocs checks them. :func:`settings_of` turns a loaded
MkDocs config into the one :class:`~journeymaps.settings.Settings` of a build.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig

from journeymaps.i18n import LANGUAGES, PLACEHOLDER, _, language_of, message_ids
from journeymaps.settings import ORIENTATIONS, PAGE_SIZES, Options, Settings

__all__ = ["JourneymapsConfig", "add_assets", "icon_dirs", "settings_of", "site_language", "take_fonts"]

D = Options()
log = logging.getLogger("mkdocs.plugins.journeymaps")


class Strings(c.BaseConfigOption[dict[str, Any]]):
    """``strings``: the site's own words, ``{message: text}``, flat or per language (``{de: {message: text}}``).
    A message the plugin does not say is a warning (a typo would silently change nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Any] = {}

    def run_validation(self, value: object) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValidationError(
                'expected a mapping of the plugin\'s words to yours, e.g. {"Pain points": "Frictions"}'
            )
        known = message_ids()
        for key, text in value.items():
            if isinstance(text, Mapping):
                if language_of(str(key))[0] == "en" and not str(key).lower().startswith("en"):  # `pt-BR` is pt
                    self.warnings.append(f"'{key}': not a language the plugin speaks ({', '.join(LANGUAGES)})")
                pairs = list(text.items())
            else:
                pairs = [(key, text)]
            for message, own in pairs:
                if not isinstance(own, str):
                    raise ValidationError(f"'{message}': expected the text to show instead, got {own!r}")
                if known and message not in known:
                    self.warnings.append(f"'{message}' is not a string the plugin shows; it changes nothing")
                _check_placeholders(str(message), own)
        return dict(value)


def _check_placeholders(message: str, own: str) -> None:
    """The site's text fills the same placeholders as the plugin's (``%(n)s``); a ``%`` that is none is ``%%``."""
    names = set(PLACEHOLDER.findall(message))
    unknown = sorted(set(PLACEHOLDER.findall(own)) - names)
    if unknown:
        have = ", ".join(f"%({n})s" for n in sorted(names)) or "none"
        raise ValidationError(f"'{message}': %({unknown[0]})s is not one of its placeholders ({have})")
    if "%" in message or "%" in own:
        try:
            own % dict.fromkeys(names, "")
        except (ValueError, TypeError):
            raise ValidationError(
                f"'{message}': a % in '{own}' that is no placeholder; write %% for a percent sign"
            ) from None


class JourneymapsConfig(Config):
    enabled = c.Type(bool, default=D.enabled)
    taxonomy = c.Optional(c.File(exists=True))
    pdf = c.Optional(c.Type(bool))
    pdf_on_serve = c.Type(bool, default=D.pdf_on_serve)
    pdf_page_size = c.Choice(PAGE_SIZES, default=D.pdf_page_size)
    pdf_orientation = c.Choice(ORIENTATIONS, default=D.pdf_orientation)
    pdf_workers = c.Type(int, default=D.pdf_workers)
    pdf_handbook = c.Type(bool, default=D.pdf_handbook)
    pdf_tags = c.Type(bool, default=D.pdf_tags)
    pdf_css = c.ListOfItems(c.File(exists=True), default=list(D.pdf_css))
    cache_dir = c.Type(str, default=D.cache_dir)
    incremental = c.Type(bool, default=D.incremental)
    nav_threshold = c.Type(int, default=D.nav_threshold)
    review_every = c.Type(int, default=D.review_every)
    strict = c.Type(bool, default=D.strict)
    json = c.Type(bool, default=D.json)
    schema = c.Type(bool, default=D.schema)
    strings = Strings()


def settings_of(config: MkDocsConfig, options: JourneymapsConfig) -> Settings:
    """The build's settings from MkDocs' config and the plugin's, every path made absolute here, once."""
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    languages = _languages(config)
    for code in (site_language(config), *languages.get("languages", ())):
        say_untranslated(code)
    return Settings.make(
        root,
        Path(config.docs_dir),
        Options.from_mapping(dict(options)),
        use_directory_urls=config.use_directory_urls,
        site_name=config.site_name or "",
        language=site_language(config),
        site_url=config.site_url or None,
        repo_url=config.repo_url or None,
        **languages,
    )


_said: set[str] = set()


def say_untranslated(code: str) -> None:
    """A site in a language the plugin has no catalogue for hears once per process that the plugin's words are
    English there, and how to give its own (an info line: such a site builds with ``--strict`` as before)."""
    asked = code.strip().replace("_", "-").split("-")[0].lower()
    if not asked or asked == "en" or language_of(code)[0] != "en" or asked in _said:
        return
    _said.add(asked)
    log.info(
        "journeymaps: "
        + _(
            "no translation for the language %(language)s: the plugin's words are English (translated: %(known)s); "
            "give your own with the strings option",
            language=code,
            known=", ".join(lang for lang in LANGUAGES if lang != "en"),
        )
    )


def _languages(config: MkDocsConfig) -> dict[str, Any]:
    """The languages of a site made with mkdocs-static-i18n (its ``i18n`` plugin), the default first: the command
    line validates each one's handbook (the build gets each language's pages from the plugin itself)."""
    i18n = config.plugins.get("i18n")
    options = getattr(i18n, "config", None)
    if options is None:
        return {}
    entries = [lang for lang in options.get("languages") or [] if lang.get("build", True) is not False]
    locales = [str(lang["locale"]) for lang in entries if lang.get("locale") and lang["locale"] != "null"]
    default = next((str(lang["locale"]) for lang in entries if lang.get("default")), locales[0] if locales else None)
    if not locales or default is None:
        return {}
    languages = (default, *(loc for loc in locales if loc != default))
    return {"languages": languages, "language_structure": str(options.get("docs_structure") or "suffix")}


def site_language(config: MkDocsConfig) -> str:
    """The site's language: Material's ``theme.language``, else MkDocs' own themes' ``theme.locale``, else English."""
    theme = config.theme
    found = theme.get("language") if theme is not None else None
    if not found and theme is not None and theme.get("locale"):
        found = str(theme.get("locale"))
    return str(found or "en")


def icon_dirs(config: MkDocsConfig) -> list[Path]:
    """Where material's icons are: ``.icons`` in each theme dir (custom_dir first)."""
    return [Path(d) / ".icons" for d in config.theme.dirs if (Path(d) / ".icons").is_dir()]


def take_fonts(config: MkDocsConfig) -> bool:
    """Material with its default fonts (Roboto, Roboto Mono, which it loads from Google Fonts): switch that off
    (``theme.font: false``) and serve the same fonts from the site. A site that names other fonts, or sets
    ``font: false`` itself (the system's fonts), keeps its choice."""
    font = config.theme.get("font")
    if config.theme.name != "material" or not isinstance(font, dict):
        return False
    if (font.get("text"), font.get("code")) not in (("Roboto", "Roboto Mono"), ("Roboto", None), (None, None)):
        return False
    config.theme["font"] = False
    return True


CSS = "assets/journeymaps/journeymaps.css"
PRINT_CSS = "assets/journeymaps/print.css"
JS = "assets/journeymaps/journeymaps.js"
FONTS = ("assets/journeymaps/fonts/fonts.css", "assets/journeymaps/theme-fonts.css")
"""Roboto and Roboto Mono from the site itself, and material's font variables naming them (:func:`take_fonts`)."""


def add_assets(config: MkDocsConfig) -> None:
    """The plugin's stylesheets and script on every page (once); with material's default fonts, those fonts from
    the site itself (offline by default: no page view asks Google Fonts)."""
    own_fonts = take_fonts(config)
    for sheet in (*(FONTS if own_fonts else ()), CSS, PRINT_CSS):
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    if JS not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(JS)
