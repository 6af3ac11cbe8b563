"""Writing entity pages: frontmatter as YAML (pyyaml), then the Markdown body.

Used by the importers. A new file is never written over an existing one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class FileExists(Exception):
    """The file is already there; nothing was written."""


class _HandbookDumper(yaml.SafeDumper):
    """Lists of mappings indented under their key (``stages:`` then ``  - name: ...``), as the handbook writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def frontmatter_text(data: dict[str, Any]) -> str:
    """``---``, the YAML (keys in the given order; short lists inline), ``---``."""
    body = yaml.dump(
        data, Dumper=_HandbookDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    return f"---\n{body}---\n"


def write_new_page(path: Path, data: dict[str, Any], body: str) -> None:
    """Write frontmatter and body to a new file; raise FileExists when ``path`` exists (even in a race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(frontmatter_text(data) + "\n" + body.rstrip("\n") + "\n")
    except FileExistsError as exc:
        raise FileExists(str(path)) from exc
