"""Characters a PDF cannot print: no font WeasyPrint can use has them, and it draws an empty box in their place.

A Japanese persona's name, an emoji in a quote, the UI in Japanese: on a machine without a font for them, every
such character prints as a box, and WeasyPrint says so only to its own logger, which is silent. While a PDF is
rendered (:func:`collecting`) those characters are noted; the PDF's cache entry keeps them, so a reused PDF is
reported as a rendered one is (:func:`message`: one line for the build, with the fonts to install), and a PDF that had
boxes is rendered again once a font for them is installed (:class:`Installed`, fontconfig's list of fonts).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Installed", "collecting", "message"]

_NOTDEF = ".notdef glyph"  # WeasyPrint's warning: '.notdef glyph rendered for Unicode string unsupported by fonts'
SHOWN = 8
"""Characters named in a message; the others are counted."""
_NOT_DRAWN = frozenset(("Cc", "Cs"))
"""Control characters and lone surrogates (an author's ``"\\x1b"``): no font draws them, no font to install."""


class _Missing(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.chars: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if str(record.msg).startswith(_NOTDEF) and args and isinstance(args[0], str):
            self.chars.update(c for c in args[0] if unicodedata.category(c) not in _NOT_DRAWN)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """While WeasyPrint renders in the block: the characters it drew as empty boxes."""
    handler = _Missing()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.chars
    finally:
        logger.removeHandler(handler)


class Installed:
    """The characters the fonts installed on this machine have (fontconfig's list, read once, when first asked)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] | None = None
        self._read = False

    def any_of(self, chars: str) -> bool | None:
        """Whether an installed font has any of ``chars`` (a PDF that printed them as boxes would print one now);
        None: cannot tell (no fontconfig), the PDF is then rendered again to find out."""
        if not self._read:
            self._spans, self._read = _spans(), True
        if self._spans is None:
            return None
        return any(low <= ord(c) <= high for c in chars for low, high in self._spans)


def _spans() -> list[tuple[int, int]] | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    spans = []
    for span in set(out.split()):
        first, _, last = span.partition("-")
        try:
            spans.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return spans


def message(missing: dict[str, str]) -> str | None:
    """One line for the build: the characters the PDFs (``missing``: each PDF's path and its characters) print as
    boxes, which PDFs, and what to install; None when every character printed."""
    pdfs = [out for out, chars in missing.items() if chars]
    chars = "".join(sorted(set("".join(missing.values()))))
    if not chars:
        return None
    shown = ", ".join(f"{c} (U+{ord(c):04X})" if c.isprintable() else f"U+{ord(c):04X}" for c in chars[:SHOWN])
    more = f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else ""
    where = ", ".join(pdfs[:SHOWN]) + (f" and {len(pdfs) - SHOWN} more PDFs" if len(pdfs) > SHOWN else "")
    return (
        f"journeymaps: no installed font has {shown}{more}: they print as empty boxes in {where}; install a font "
        f"that has them ({_advice(chars)}) and build again"
    )


HINTS = {
    "cjk": "Chinese, Japanese, Korean: Noto Sans CJK, Debian's fonts-noto-cjk",
    "emoji": "emoji: Noto Color Emoji, Debian's fonts-noto-color-emoji",
    "other": "other scripts: the Noto fonts, Debian's fonts-noto",
}
"""What to install, by the kind of character (:func:`_kind`)."""


def _kind(c: str) -> str:
    if any(word in unicodedata.name(c, "") for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPH")):
        return "cjk"
    return "emoji" if 0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF else "other"


def _advice(chars: str) -> str:
    kinds = {_kind(c) for c in chars}
    return "; ".join(hint for kind, hint in HINTS.items() if kind in kinds)
