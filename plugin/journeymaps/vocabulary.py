"""The handbook's vocabulary: what it says about numbers, said once.

Every page, PDF, CSV, the Mermaid export and ``journeymaps.json`` use these,
so the same value reads the same everywhere:

- an emotion value as a word (``-2`` very negative ... ``+2`` very positive),
  rounded half away from zero: a mean of ``0.5`` is "positive", ``-0.5`` "negative";
- a value with its sign (``+1``, ``0``, ``-0.5``), one decimal at most, with the locale's decimal sign
  (``-0,5`` in German); :func:`num` is the same number for machines (SVG coordinates), always with a point;
- a date as the locale writes it (:func:`day`: ISO ``2026-11-20`` in English, ``20.11.2026`` in German);
- an opportunity's **priority**: impact x (6 - effort), 1 (few customers, very
  hard) to 25 (almost every customer, easy);
- the mean of several values (a stage's emotion over a map's personas),
  rounded to two decimals.

The template environment registers each as a filter and a global. Words are said in the active language
(:mod:`journeymaps.i18n`); :func:`emotion_term` is the English word, for data (``journeymaps.json``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from urllib.parse import urlsplit

from journeymaps.i18n import N_, _, active, language, locale

__all__ = [
    "EMOTION_WORDS",
    "NO_DATA",
    "PRIORITY_MAX",
    "day",
    "emotion_level",
    "emotion_term",
    "emotion_word",
    "isolate",
    "mean",
    "metric",
    "num",
    "number",
    "ownership_word",
    "priority",
    "said",
    "signed",
    "ticket_key",
    "weight_word",
]

EMOTION_WORDS: dict[int, str] = {
    -2: N_("very negative"),
    -1: N_("negative"),
    0: N_("neutral"),
    1: N_("positive"),
    2: N_("very positive"),
}
"""The emotion scale's words, by level (English; :func:`emotion_word` says them in the active language)."""
NO_DATA = N_("no data")
"""What an emotion without a value reads as."""
WEIGHT_WORDS: dict[str, tuple[str, str]] = {
    "low": (N_("low stakes"), N_("low")),
    "medium": (N_("medium stakes"), N_("medium")),
    "high": (N_("high stakes"), N_("high")),
}
"""A touchpoint's weight as words (long, short): the data keeps ``low``/``medium``/``high``."""
OWNERSHIP_WORDS: dict[str, str] = {"owned": N_("owned"), "earned": N_("earned"), "paid": N_("paid")}
"""Who controls a touchpoint, as shown (the data keeps the English value)."""
EASE_BASE = 6
"""Ease of an opportunity is ``EASE_BASE - effort``: effort 1 (easy) is ease 5."""
PRIORITY_MAX = 5 * (EASE_BASE - 1)
"""The highest priority: impact 5, effort 1."""
EM_DASH = "\u2014"


def emotion_level(value: float) -> int:
    """The level of the scale ``value`` is closest to, as pages show it (to one decimal, :func:`num`): clamped to
    -2..2, rounded half away from zero, so that a word never contradicts its number ("+0.5 neutral").

    >>> emotion_level(0.5), emotion_level(-0.5), emotion_level(0.44), emotion_level(0.47), emotion_level(9)
    (1, -1, 0, 1, 2)
    """
    clamped = max(-2.0, min(2.0, float(num(float(value)))))
    return int(math.copysign(math.floor(abs(clamped) + 0.5), clamped))


def emotion_word(value: float | None) -> str:
    """``value`` as the scale's word in the active language; ``None`` is "no data".

    >>> emotion_word(-2), emotion_word(0.4), emotion_word(0.5), emotion_word(None)
    ('very negative', 'neutral', 'positive', 'no data')
    """
    return _(emotion_term(value))


def emotion_term(value: float | None) -> str:
    """``value`` as the scale's English word, whatever the language (for data: ``journeymaps.json``)."""
    return NO_DATA if value is None else EMOTION_WORDS[emotion_level(value)]


def weight_word(value: str | None, short: bool = False) -> str:
    """A touchpoint's weight in the active language ("high stakes", or "high" when ``short``); none is ""."""
    words = WEIGHT_WORDS.get(value or "")
    return _(words[1] if short else words[0]) if words else (value or "")


def ownership_word(value: str | None) -> str:
    """A touchpoint's ownership (owned, earned, paid) in the active language; none is ""."""
    return _(OWNERSHIP_WORDS[value]) if value in OWNERSHIP_WORDS else (value or "")


def num(value: float) -> str:
    """A number with one decimal at most and no ``-0``.

    >>> num(12.0), num(3.25), num(-0.01), num(7.55)
    ('12', '3.2', '0', '7.5')
    """
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def signed(value: float | None) -> str:
    """A value with its sign: ``+1``, ``0``, ``-0.5``; ``None`` is an em dash.

    >>> signed(1), signed(-0.5), signed(0.04), signed(None)
    ('+1', '-0.5', '0', '\u2014')
    """
    if value is None:
        return EM_DASH
    text = num(value)
    text = text if text == "0" or text.startswith("-") else "+" + text
    return text if locale() == "en" else _localised(text)


def said(value: float | None) -> tuple[str, str, int | None]:
    """An emotion as a page says it in the active language: (:func:`signed`, :func:`emotion_word`,
    :func:`emotion_level`; ``None`` for no data). Kept per language: a map has a handful of distinct values, each
    said at every stage of its grid, its phone cards and its curve."""
    return _said(active(), value)


@lru_cache(maxsize=256)
def _said(speech: object, value: float | None) -> tuple[str, str, int | None]:
    return signed(value), emotion_word(value), None if value is None else emotion_level(value)


def number(value: float | None) -> str:
    """A number for readers: one decimal at most, the locale's decimal sign; ``None`` is an em dash.

    >>> number(3.25), number(-0.01), number(None)
    ('3.2', '0', '—')
    """
    if value is None:
        return EM_DASH
    text = num(value)
    return text if locale() == "en" else _localised(text)


def metric(value: object) -> str:
    """A metric's value as its stage says it: a number as written, not rounded (``0.125`` stays), with the locale's
    decimal and minus signs (``2,9`` in German); text (``71%``, ``38 min``) and true or false as they are."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return str(value) if locale() == "en" else _localised(str(value))


def _localised(text: str) -> str:
    """A number :func:`num` wrote, with the active locale's decimal, plus and minus signs."""
    return text.translate(_signs(locale()))


@cache
def _signs(loc: str) -> dict[int, str]:
    from babel.numbers import get_decimal_symbol, get_minus_sign_symbol, get_plus_sign_symbol

    signs = {".": get_decimal_symbol(loc), "-": get_minus_sign_symbol(loc), "+": get_plus_sign_symbol(loc)}
    return str.maketrans(signs)


def day(value: date | str | None) -> str:
    """A date as the active locale writes it (English: ISO, ``2026-11-20``; German ``20.11.2026``); an ISO
    string is read first; ``None`` is an em dash.

    >>> day(date(2026, 11, 20)), day("2026-01-05"), day(None)
    ('2026-11-20', '2026-01-05', '—')
    """
    if value is None:
        return EM_DASH
    if isinstance(value, str):
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    if language() == "en":
        return when.isoformat()
    from babel.dates import format_date

    return format_date(when, format="medium", locale=locale())


def priority(impact: int | None, effort: int | None) -> int | None:
    """An opportunity's priority, impact x (6 - effort); ``None`` unless both are scored.

    >>> priority(4, 2), priority(5, 1), priority(1, 5), priority(3, None)
    (16, 25, 1, None)
    """
    if impact is None or effort is None:
        return None
    return impact * (EASE_BASE - effort)


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are there, exact (pages round it once, to what they show; data to
    :func:`two_decimals`); ``None`` when there are none."""
    known = [float(v) for v in values if v is not None]
    return sum(known) / len(known) if known else None


def two_decimals(value: float | None) -> float | None:
    """A computed value as data (``journeymaps.json``, CSV) gives it: to two decimals."""
    return None if value is None else round(value, 2)


def isolate(text: str) -> str:
    """An author's text in a sentence of ours, kept in its own direction where it is written right to left (Arabic,
    Hebrew): between Unicode's first-strong isolate and its end (FSI ... PDI), so that "Path: مسار بديل (10%)" keeps
    its number where it was written, in HTML and in SVG. Left-to-right text is given back as it is."""
    text = str(text)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"\u2068{text}\u2069"
    return text


_KEY = re.compile(r"[A-Z][A-Z0-9_]*-[0-9]+")
_NUMBERED = {"issues": "#", "pull": "#", "pulls": "#", "merge_requests": "!", "edit": "#", "work_packages": "#"}


def ticket_key(link: str | None) -> str | None:
    """How an opportunity's ticket link reads: the tracker's own name for the ticket where the address holds one,
    else None (the page says "ticket"). A key such as ``CX-142`` anywhere in the path (Jira's ``/browse/CX-142``,
    Linear's ``/issue/PAY-1432/title-words``, YouTrack); ``#8812`` for a numbered issue or pull request (GitHub,
    GitLab, Azure DevOps' ``/_workitems/edit/45121``, Gitea), ``!5`` for a GitLab merge request."""
    if not link:
        return None
    parts = [p for p in urlsplit(link).path.split("/") if p]
    for part in parts:
        if _KEY.fullmatch(part):
            return part
    if len(parts) >= 2 and parts[-1].isdigit() and parts[-2] in _NUMBERED:
        return _NUMBERED[parts[-2]] + parts[-1]
    return None
