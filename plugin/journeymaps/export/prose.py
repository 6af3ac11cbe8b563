"""The author's own words in print: a map's Markdown body as its "Key findings" box, a persona's as its bio.

Markdown is rendered with raw HTML switched off (what an author typed as HTML prints as text) and links
turned into plain text (a page's relative links mean nothing on paper). A long body is cut to its first
section, a long first paragraph to its first sentences, so the box stays a box.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

FINDINGS_CHARS = 1100
"""A map body longer than this is cut to its first section (from its start to its second heading)."""
_HEADING = re.compile(r"^#{1,6}\s", re.M)


class _Plain(Treeprocessor):
    """Links become their text; images their alt text; headings one level that fits a box."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                element.tag = "span"
                element.attrib.clear()
            elif element.tag == "img":
                element.tag = "span"
                element.text = element.attrib.get("alt", "")
                element.attrib.clear()
            elif element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                element.tag = "h3"


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Plain(md), "jm_plain", 0)
    return md


def to_html(text: str) -> Markup:
    """Markdown as safe HTML for print (no raw HTML, no links)."""
    return Markup(_markdown().convert(text))


def first_section(body: str, limit: int = FINDINGS_CHARS) -> str:
    """``body`` whole when short, else up to its second heading (or its first paragraphs)."""
    body = body.strip()
    if len(body) <= limit:
        return body
    starts = [m.start() for m in _HEADING.finditer(body)]
    cut = next((s for s in starts if s > 0), None)
    if cut is not None and cut <= limit * 2:
        return body[:cut].strip()
    paragraphs, out = body.split("\n\n"), ""
    for paragraph in paragraphs:
        if out and len(out) + len(paragraph) > limit:
            break
        out = f"{out}\n\n{paragraph}" if out else _shortened(paragraph, limit)
    return out


def _shortened(paragraph: str, limit: int) -> str:
    """A first paragraph longer than ``limit`` cut short with an ellipsis, after its last whole line (a list's item)
    or sentence within the limit, else its last whole word: a 6,000-character paragraph took the box whole, half
    the A3 page, and shrank the map's grid to 0.9 of its size."""
    if len(paragraph) <= limit:
        return paragraph
    head = paragraph[: limit + 1]
    line = head.rfind("\n")
    if line >= limit // 2:
        return f"{head[:line].rstrip()}\n\n…"
    sentence = max(head.rfind(f"{mark} ") for mark in ".!?")
    if sentence >= limit // 2:
        return f"{head[: sentence + 1]} …"
    word = head.rfind(" ")
    return f"{head[:word] if word >= limit // 2 else head[:limit]}…"


def findings(body: str) -> tuple[str | None, Markup] | None:
    """The "Key findings" box of a map: (the author's first heading, if the body starts with one; the body, or the
    first section of a long one, as HTML); None when the map has no body."""
    text = first_section(body)
    if not text:
        return None
    if _HEADING.match(text):
        title, _, rest = text.partition("\n")
        return title.lstrip("#").strip(), to_html(rest)
    return None, to_html(text)
