"""The words the plugin says: every user-facing string goes through here, so a message catalogue can translate it.

Python code writes ``_("Moment of truth")`` (``from journeymaps.i18n import _``); templates write
``{{ _("Moment of truth") }}`` (Jinja's i18n extension, new-style: ``{{ _("%(n)s maps", n=3) }}``).
The source strings are English and are the message ids (gettext's convention, which Babel extracts).
A string defined once and translated where it is shown is marked ``N_("Personas")`` (extracted, not translated).

The catalogues are gettext ``.po`` files in ``locale/<lang>/LC_MESSAGES/journeymaps.po``, read with Babel when a
build first speaks the language (no compiled ``.mo`` files). :func:`speech` is a language as a build speaks it:
its catalogue, a site's own strings on top (the ``strings`` option), and the locale numbers and dates follow.
``use(speech)`` selects it for a block; until one is chosen, English is spoken. ``python3 tasks.py messages``
extracts the strings into ``locale/journeymaps.pot`` and updates every catalogue.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

__all__ = [
    "BUILT_IN_TERMS",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "PLACEHOLDER",
    "Speech",
    "_",
    "active",
    "catalogue",
    "flat_strings",
    "language",
    "language_of",
    "locale",
    "message_ids",
    "ngettext",
    "own_strings",
    "scope",
    "select",
    "speech",
    "term_label",
    "use",
]

DOMAIN = "journeymaps"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "de", "fr", "es", "pt", "ja")
"""The languages the plugin speaks: English (the message ids) and a catalogue for each of the others."""

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
"""A named placeholder of a message (``%(n)s``): a translation or a site's text fills the same ones."""

_ENGLISH = _gettext.NullTranslations()
_active: ContextVar[_gettext.NullTranslations | None] = ContextVar("journeymaps_translations", default=None)


class Speech(_gettext.NullTranslations):
    """A language as a build speaks it: a site's own strings first, then the language's catalogue."""

    def __init__(self, language: str, locale: str, found: _gettext.NullTranslations, strings: Mapping[str, str]):
        super().__init__()
        self.language = language
        """The catalogue's language (``pt`` for ``pt-BR``)."""
        self.locale = locale
        """The locale numbers and dates follow, Babel's spelling (``pt_BR``)."""
        self.strings = dict(strings)
        self.add_fallback(found)

    def gettext(self, message: str) -> str:
        own = self.strings.get(message)
        return own if own is not None else super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        own = self.strings.get(msgid1 if n == 1 else msgid2)
        return own if own is not None else super().ngettext(msgid1, msgid2, n)


def active() -> _gettext.NullTranslations:
    """The catalogue in use (English, the null catalogue, unless a build chose another)."""
    return _active.get() or _ENGLISH


def language() -> str:
    """The language spoken now (``en`` unless a build chose another), for ``lang`` attributes."""
    return getattr(active(), "language", "en")


def locale() -> str:
    """The locale numbers and dates follow now (Babel's spelling: ``de``, ``pt_BR``)."""
    return getattr(active(), "locale", "en")


def N_(message: str) -> str:
    """Mark ``message`` for extraction only: it is translated where it is shown, with ``_()``."""
    return message


def _(message: str, /, **values: object) -> str:
    """``message`` in the active language, with ``%(name)s`` placeholders filled from ``values``."""
    text = active().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for ``n`` in the active language; ``%(n)s`` is ``n``."""
    text = active().ngettext(singular, plural, n)
    return text % {"n": n, **values}


BUILT_IN_TERMS = frozenset(
    {
        # the channels of the built-in taxonomy (data/taxonomy.yml)
        N_("Website"),
        N_("Email"),
        N_("Chat"),
        N_("Phone"),
        N_("Social media"),
        N_("In person"),
        N_("Mobile app"),
        N_("Reviews"),
        # its evidence types
        N_("Interviews"),
        N_("Survey (CSAT, NPS)"),
        N_("Analytics"),
        N_("Support tickets"),
        N_("Social listening"),
        N_("Field observation"),
        N_("Session recordings"),
        N_("Usability tests"),
        N_("Assumption"),
    }
)
"""The labels of the built-in taxonomy's channels and evidence types (``data/taxonomy.yml``, which a test keeps in
step with this list): the plugin's own words, so each catalogue has them. :func:`term_label` says one."""


def term_label(label: str) -> str:
    """A taxonomy term's label as a page shows it: a built-in label in the language spoken (``Mobile app`` is
    ``Mobile App`` in German), a site's own label as its taxonomy file writes it (the site's language already)."""
    return _(label) if label in BUILT_IN_TERMS else label


@contextmanager
def use(translations: _gettext.NullTranslations) -> Iterator[None]:
    """Speak ``translations`` inside the block."""
    token = _active.set(translations)
    try:
        yield
    finally:
        _active.reset(token)


@contextmanager
def scope() -> Iterator[None]:
    """Whatever :func:`select` chooses inside the block is undone at its end (a command line run)."""
    token = _active.set(_active.get())
    try:
        yield
    finally:
        _active.reset(token)


def select(translations: _gettext.NullTranslations) -> None:
    """Speak ``translations`` from now on in this context (inside :func:`scope`: a command's whole run)."""
    _active.set(translations)


def language_of(code: str | None) -> tuple[str, str]:
    """(catalogue language, locale) for a site's ``theme.language``: ``pt-BR`` is (``pt``, ``pt_BR``); a language
    without a catalogue is English, numbers and dates included (one language on a page, not two)."""
    from babel import Locale, UnknownLocaleError

    text = (code or "en").strip().replace("-", "_") or "en"
    try:
        parsed = Locale.parse(text)
    except (ValueError, TypeError, UnknownLocaleError):
        return ("en", "en")
    if parsed.language not in LANGUAGES:
        return ("en", "en")
    return parsed.language, str(parsed)


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The catalogue of ``lang``, read from its ``.po`` file once per process (English: none, the ids)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.is_file():
        return _ENGLISH
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def message_ids() -> frozenset[str]:
    """Every string the plugin says (the template catalogue's ids): what a site's ``strings`` can override."""
    pot = LOCALE_DIR / f"{DOMAIN}.pot"
    if not pot.is_file():
        return frozenset()
    from babel.messages.pofile import read_po

    with pot.open("rb") as fh:
        catalog = read_po(fh)
    ids: set[str] = set()
    for message in catalog:
        if message.id:
            ids.update([message.id] if isinstance(message.id, str) else message.id)
    return frozenset(ids)


def flat_strings(strings: Mapping[str, object]) -> tuple[tuple[str, str, str], ...]:
    """A site's ``strings`` option as (language or "", message, text): ``Pain points: Frictions`` is said in every
    language, ``de: {Pain points: Reibungspunkte}`` in German only."""
    out: list[tuple[str, str, str]] = []
    for key, value in strings.items():
        if isinstance(value, Mapping):  # a language's own (a region, `pt-BR`, is its language's)
            where = language_of(str(key))[0] if language_of(str(key))[0] != "en" else str(key).lower()
            out += [(where, str(k), str(v)) for k, v in value.items() if v is not None]
        elif value is not None:
            out.append(("", str(key), str(value)))
    return tuple(out)


def own_strings(strings: Iterable[tuple[str, str, str]], lang: str) -> dict[str, str]:
    """A site's strings for ``lang``: the ones for every language, then the language's own, which win."""
    strings = list(strings)
    return {m: t for where, m, t in strings if not where} | {m: t for where, m, t in strings if where == lang}


def speech(code: str | None = None, strings: Iterable[tuple[str, str, str]] = ()) -> Speech:
    """The language a site's ``theme.language`` names (English when the plugin has no catalogue for it), with the
    site's own strings (:func:`flat_strings`) on top."""
    lang, loc = language_of(code)
    return Speech(lang, loc, catalogue(lang), own_strings(strings, lang))
