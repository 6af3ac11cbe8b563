"""User text in the diff's Markdown (a pull-request comment renders Markdown and HTML: both are kept literal)."""

from __future__ import annotations

import re

__all__ = ["code", "em", "md", "strong", "tick"]


def md(text: str) -> str:
    """User text in Markdown: no markup, no HTML (a PR comment renders both)."""
    out = str(text).replace("\\", "\\\\")
    for ch in "`*_[]<>|#~&$":  # & an entity (&lt;), $ a formula (GitHub's math)
        out = out.replace(ch, "\\" + ch)
    out = out.replace("@", "@&#8203;")  # no @mention of a person or a team (a zero-width space after the @)
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
