"""User text in the diff's Markdown (a pull-request comment renders Markdown and HTML: both are kept literal)."""

from __future__ import annotations

import re

__all__ = ["code", "em", "md", "strong", "tick"]

_ZWSP = "&#8203;"
_AUTOLINKED = re.compile(
    r"(?<=:)(?=//)"  # a URL (https://...), which GitHub links
    r"|(?<=\bwww)(?=\.)"  # www.example.com, linked too
    r"|(?<=\\#)(?=[0-9])"  # an issue or pull request: #12 (escaped as \#12, which GitHub still links)
    r"|(?<=\bgh-)(?=[0-9])"  # GH-12, the same
    r"|(?<=:)(?=(?:[a-z0-9+\-]|\\_)+:)",  # an emoji shortcode (:smile:, :white_check_mark:)
    re.I,
)
"""Where GitHub makes a link or a picture of plain text, after the Markdown is rendered (a backslash does not stop
it): a zero-width space goes there."""
_OPENS = re.compile("[\u202a\u202b\u202d\u202e]")
_ISOLATES = re.compile("[\u2066-\u2068]")
"""Embeddings and overrides, isolates: one left open would reverse the rest of the line (the value after →)."""


def md(text: str) -> str:
    """User text in Markdown: no markup, no HTML (a PR comment renders both)."""
    out = str(text).replace("\\", "\\\\")
    for ch in "`*_[]<>|#~&$":  # & an entity (&lt;), $ a formula (GitHub's math)
        out = out.replace(ch, "\\" + ch)
    out = out.replace("@", "@&#8203;")  # no @mention of a person or a team (a zero-width space after the @)
    out = _AUTOLINKED.sub(_ZWSP, out)
    opens, isolates = len(_OPENS.findall(out)), len(_ISOLATES.findall(out))
    if opens or isolates:  # kept, and each closed with the text (an extra close changes nothing): what follows
        out = "\u2068" + out + "\u202c" * opens + "\u2069" * (isolates + 1)  # reads as it is written
    return " ".join(out.split())


def code(text: str) -> str:
    """User text as a Markdown code span (shown literally, its backticks too)."""
    return tick(" ".join(str(text).split()))


def tick(text: str) -> str:
    """``text`` as a code span: fenced by more backticks than it holds in a row (a git ref may hold one)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    pad = " " if longest else ""
    return "`" * (longest + 1) + pad + text + pad + "`" * (longest + 1)


def em(text: str) -> str:
    return "*" + md(text) + "*"


def strong(text: str) -> str:
    return "**" + md(text) + "**"
