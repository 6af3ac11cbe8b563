"""Editing a page's frontmatter in place: values change, the author's comments, quotes and layout stay.

ruamel.yaml reads the frontmatter as a round-trip document; the importers set
or remove keys through :class:`MapEditor`, which records every change, and
write it back with the list indentation the file already uses. The Markdown
body is kept byte for byte. (Reading frontmatter for validation is
:mod:`journeymaps.sources.frontmatter`'s job; this module only writes.)
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymaps.sources.frontmatter import normalise, split_frontmatter
from journeymaps.validation.ids import slugify


class EditError(Exception):
    """The page cannot be edited (no frontmatter, or not a mapping)."""


def _round_trip_yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    return y


def _indent_of(frontmatter: str) -> tuple[int, int]:
    """(sequence indent, dash offset) as the author writes lists of mappings, e.g. ``stages:`` then ``  - name:``."""
    match = re.search(r"^( *)[A-Za-z_]+:[ \t]*\n( *)- ", frontmatter, re.M)
    if match:
        offset = max(0, len(match.group(2)) - len(match.group(1)))
        return offset + 2, offset
    return 4, 2


def flow_seq(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(items: dict[str, Any]) -> CommentedMap:
    cm = CommentedMap(items)
    cm.fa.set_flow_style()
    return cm


class MapEditor:
    """One map's frontmatter, edited in place (comments and layout kept)."""

    def __init__(self, path: Path, text: str | None, new: dict[str, Any] | None = None, body: str = "") -> None:
        self.path = path
        self.changes: list[str] = []
        if text is None:
            self.body = body
            self.original = None
            self.data: CommentedMap = CommentedMap(new or {})
            self.seq_indent, self.offset = 4, 2
        else:
            self.original = normalise(text)
            frontmatter, self.body = split_frontmatter(self.original)
            if frontmatter is None:
                raise EditError(f"{path.as_posix()} has no frontmatter")
            loaded = _round_trip_yaml().load(frontmatter)
            if not isinstance(loaded, CommentedMap):
                raise EditError(f"{path.as_posix()}: the frontmatter is not a mapping")
            self.data = loaded
            self.seq_indent, self.offset = _indent_of(frontmatter)

    def stages(self) -> CommentedSeq:
        stages = self.data.get("stages")
        if not isinstance(stages, list):
            stages = CommentedSeq()
            self.data["stages"] = stages
        return stages

    def stage_index(self, sid: str) -> int | None:
        for index, stage in enumerate(self.stages()):
            if isinstance(stage, dict) and (str(stage.get("id") or slugify(str(stage.get("name", "")))) == sid):
                return index
        return None

    def set(self, target: CommentedMap, key: str, value: Any, where: str) -> None:
        """Set ``key`` (None: remove it), recording the change."""
        if value is None or value == [] or value == "":
            if key in target:
                del target[key]
                self.changes.append(f"{where}.{key} removed")
            return
        target[key] = value
        self.changes.append(f"{where}.{key}")

    def text(self) -> str:
        y = _round_trip_yaml()
        y.indent(mapping=2, sequence=self.seq_indent, offset=self.offset)
        out = io.StringIO()
        y.dump(self.data, out)
        return f"---\n{out.getvalue()}---\n" + (self.body if self.original is not None else "\n" + self.body)
