"""What the commands print: every line goes through here, so text an author wrote (a title, a file name, a
Mermaid task) reaches the terminal with its control characters escaped (:func:`journeymaps.diagnostics.one_line`):
an ESC in a map cannot recolour, retitle or clear the terminal, or forge another line."""

from __future__ import annotations

import os
import sys

from journeymaps.diagnostics import one_line, printable
from journeymaps.i18n import _

__all__ = ["backslash_hint", "document", "say", "tell"]


def backslash_hint(given: str) -> str:
    """For a path that is not there: a Windows path (``..\\sheets\\stages.csv``) given where folders are separated
    by ``/``, which takes the backslashes for letters of one file name, said with the path it meant ('' else)."""
    if "\\" not in given or os.sep == "\\":
        return ""
    return "; " + _("folders are separated by '/' here (did you mean '%(path)s'?)", path=given.replace("\\", "/"))


def say(text: str = "", *, flush: bool = False) -> None:
    """One line of the command's output, on standard output."""
    print(one_line(text), flush=flush)


def tell(text: str = "", *, flush: bool = False) -> None:
    """One line for the user (a problem, a note, a summary), on standard error."""
    print(one_line(text), file=sys.stderr, flush=flush)


def document(text: str) -> None:
    """A document of several lines (a diagram, a report, a schema), on standard output as it is, but with control
    characters other than newline and tab escaped."""
    sys.stdout.write(printable(text))
