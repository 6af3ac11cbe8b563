"""What the importers and ``journeymaps new`` say in more than one place, in the language the command speaks."""

from __future__ import annotations

from babel.numbers import format_decimal

from journeymaps.i18n import _, locale

__all__ = ["count", "did_you_mean"]


def did_you_mean(guess: str | None) -> str:
    """`` (did you mean 'x'?)`` after a message, or '' when nothing is close."""
    return " " + _("(did you mean '%(guess)s'?)", guess=guess) if guess else ""


def count(value: int) -> str:
    """A large count with the locale's grouping (``50,000``; ``50.000`` in German)."""
    return format_decimal(value, locale=locale())
