"""A page's characters before YAML reads them: its bytes decoded, and YAML 1.1's other line breaks kept as text.

Pages are UTF-8 (a byte-order mark is dropped). A file saved as UTF-16 (Notepad's and Excel's "Unicode", or
PowerShell's ``>``) is read as what it is, with one line that says to save it as UTF-8; it is found by its
byte-order mark, or without one by the zero bytes of its Latin letters (UTF-16 text without a byte-order mark is
valid UTF-8 when it holds only ASCII: it was read as a page of NUL characters, said nowhere).

YAML 1.2, which pages are read as (as editors read them), breaks lines at line feed and carriage return only;
PyYAML and ruamel.yaml also break them at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029):
macOS writes U+2028 for Shift+Return (Pages, TextEdit, Word for Mac), and a quote pasted from there put every
line number after it one off, or made a page not parse at the wrong line. :func:`hide_breaks` gives the parsers
stand-ins for them, which :func:`show_breaks` turns back into the author's characters.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from journeymaps.diagnostics import Diagnostic

__all__ = [
    "NotUtf8",
    "decode",
    "hide_breaks",
    "read_utf8",
    "show_breaks",
    "show_locs",
    "show_text",
    "utf16_of",
]

_BREAKS = "\x85\u2028\u2029"
_STAND_INS = "\U0010fff0\U0010fff1\U0010fff2"  # private use, plane 16: no text an author types
_HIDE = str.maketrans(_BREAKS, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _BREAKS)
_ANY_BREAK = re.compile(f"[{_BREAKS}]")
_ANY_STAND_IN = re.compile(f"[{_STAND_INS}]")

UTF16_WORDS = "UTF-16 text (what Notepad and Excel call 'Unicode')"


def utf16_of(data: bytes) -> str | None:
    """The codec of ``data`` when it is UTF-16 text (``utf-16`` with a byte-order mark, ``utf-16-le`` or
    ``utf-16-be`` without one: most of the letters of a page are Latin, one byte of each is zero), else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= len(sample) // 6 and even * 20 <= odd:
        return "utf-16-le"
    if even >= len(sample) // 6 and odd * 20 <= even:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str) -> tuple[str, Diagnostic | None]:
    """The file's text; bytes that are not UTF-8 become U+FFFD, with a diagnostic on their line. UTF-16 text is
    decoded, with a diagnostic that says to save it as UTF-8."""
    codec = utf16_of(data)
    if codec is not None:
        text = data.decode(codec, errors="replace").removeprefix("\ufeff")
        mark = "" if codec == "utf-16" else " without a byte-order mark"
        why = f"the file is {UTF16_WORDS}{mark}; save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
        return text, Diagnostic(path, 1, "", why)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return data.decode("utf-8-sig", errors="replace"), Diagnostic(
            path,
            line,
            "",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 "
            "(until then the page shows \ufffd in its place)",
        )


class NotUtf8(Exception):
    """A file that must be UTF-8 text to be edited is not: the message says what it is and what to do."""


def read_utf8(path: Path, shown: str) -> str:
    """The text of a page to edit, its byte-order mark kept (an editor writes it back as it was). Raises NotUtf8
    (a message naming ``shown``, the path as the author sees it) when the file is UTF-16 or not UTF-8."""
    data = path.read_bytes()
    if utf16_of(data) is not None:
        raise NotUtf8(f"{shown} is {UTF16_WORDS}; save it as UTF-8 first (journeymaps validate)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotUtf8(
            f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8 first "
            "(journeymaps validate)"
        ) from None


def hide_breaks(text: str) -> tuple[str, bool]:
    """``text`` with NEL, U+2028 and U+2029 replaced by stand-ins the YAML parsers take for text, and whether any
    was (a text that already holds a stand-in is left as it is: it could not be told back)."""
    if _ANY_BREAK.search(text) is None or _ANY_STAND_IN.search(text) is not None:
        return text, False
    return text.translate(_HIDE), True


def show_text(text: str) -> str:
    """The author's characters back in one text (see :func:`hide_breaks`)."""
    return text.translate(_SHOW)


def show_breaks(value: Any) -> Any:
    """The author's characters back in every text (and key) of what a parser made of hidden text; a list or
    mapping used in several places (a YAML alias) stays one object."""
    done: dict[int, Any] = {}

    def show(item: Any) -> Any:
        if isinstance(item, str):
            return item.translate(_SHOW)
        if not isinstance(item, (list, dict)):
            return item
        if id(item) in done:
            return done[id(item)]
        if isinstance(item, list):
            out: Any = []
            done[id(item)] = out
            out.extend(show(x) for x in item)
        else:
            out = {}
            done[id(item)] = out
            out.update((show(k), show(v)) for k, v in item.items())
        return out

    return show(value)


def show_locs(lines: dict[Any, int]) -> dict[Any, int]:
    """A line map (field path -> line) of hidden text, its keys with the author's characters back."""
    return {tuple(show_breaks(list(loc))): line for loc, line in lines.items()}
