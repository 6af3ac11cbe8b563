"""Diagnostics: the one-line messages every stage reports to the author.

A diagnostic names the file (as the author sees it, from the project root),
the line as an editor numbers it (the opening ``---`` is line 1), the field
path, what is wrong, and a suggestion where one exists::

    content/maps/onboarding.md:23: stages[2].emotion: 5 is outside -2..2
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""The bidirectional controls: an override (U+202E) in a stage's name would reorder the rest of the line in a
terminal or a CI log that shows it."""
_ONE_LINE = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
"""Line breaks and control characters (C0, DEL, C1: ESC and CSI start terminal escape sequences), bidi controls."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""The same, except newline, tab and the bidi controls: for a document of several lines (a diagram, the diff's
Markdown, which closes each name's bidi controls inside an isolate: history.markdown), printed as written."""


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def one_line(text: str) -> str:
    """``text`` safe to print as one line: line breaks and control characters written as escapes (``\\x1b``), so
    what an author wrote cannot move the cursor, recolour or retitle the terminal, or forge another message."""
    return _ONE_LINE.sub(_escaped, text)


def printable(text: str) -> str:
    """``text`` of several lines (a diagram, a report) safe to print: control characters other than newline and tab
    written as escapes."""
    return _CONTROL.sub(_escaped, text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one source file."""

    path: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR
    suggestion: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return one_line(f"{where}: {self.said}")  # what the author wrote may hold line breaks and terminal escapes

    @property
    def said(self) -> str:
        """The problem without its place: ``field: what is wrong (did you mean '...'?)``."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return text + (f" (did you mean '{self.suggestion}'?)" if self.suggestion else "")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class JourneymapsError(Exception):
    """The project's own error type: raised with the diagnostics that caused it."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Report:
    """Diagnostics collected over a build, in a stable order."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line or 0, d.field, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if not d.is_error]

    def for_path(self, path: str) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.path == path]


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``word``, for a "did you mean" (None when nothing is close)."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def field_path(loc: Sequence[str | int]) -> str:
    """``('stages', 2, 'emotion')`` -> ``stages[2].emotion``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
