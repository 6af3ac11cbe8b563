"""The words the plugin says: every user-facing string goes through here, so a message catalogue can translate it.

Python code writes ``_("Moment of truth")`` (``from journeymaps.i18n import _``); templates write
``{{ _("Moment of truth") }}`` (Jinja's i18n extension, new-style: ``{{ _("%(n)s maps", n=3) }}``).
The source strings are English and are the message ids (gettext's convention, which Babel extracts).
``use(translations)`` selects the catalogue of a build; until one is chosen, English is spoken.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ENGLISH = _gettext.NullTranslations()
_active: ContextVar[_gettext.NullTranslations | None] = ContextVar("journeymaps_translations", default=None)


def active() -> _gettext.NullTranslations:
    """The catalogue in use (English, the null catalogue, unless a build chose another)."""
    return _active.get() or _ENGLISH


def _(message: str, **values: object) -> str:
    """``message`` in the active language, with ``%(name)s`` placeholders filled from ``values``."""
    text = active().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form for ``n`` in the active language; ``%(n)s`` is ``n``."""
    text = active().ngettext(singular, plural, n)
    return text % {"n": n, **values}


@contextmanager
def use(translations: _gettext.NullTranslations) -> Iterator[None]:
    """Speak ``translations`` inside the block."""
    token = _active.set(translations)
    try:
        yield
    finally:
        _active.reset(token)
