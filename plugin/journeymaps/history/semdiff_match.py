"""Which entity of the base is which of the head, for the semantic diff: the same id, or a rename.

An entity whose id is gone at the head and a new one of the same group (map, persona, touchpoint) are one renamed
entity when their content is the same, or alike enough that a reviewer would call it an edit (``git mv`` and an
edit in one pull request): about git's own rename threshold, half of the content the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

__all__ = ["SIMILAR", "content", "group", "renames"]

SIMILAR = 0.6
"""The share of the content two entities have in common from which a removed and an added one are a rename."""


def group(kind: str) -> str:
    return "map" if kind in ("cjm", "cem") else kind


def content(view: Any) -> str:
    """An entity's content without its id, comparable across ids: one value a line (compared line by line)."""
    return json.dumps(view.model.model_dump(mode="json", exclude={"id"}), sort_keys=True, indent=0)


def renames(old: Mapping[str, tuple[str, Any]], new: Mapping[str, tuple[str, Any]]) -> dict[str, str]:
    """New id -> old id of every rename: ``old`` and ``new`` are id -> (kind, entity view) at the base and head."""
    added = [i for i in new if i not in old]
    removed = [i for i in old if i not in new]
    text = {("old", i): content(old[i][1]) for i in removed} | {("new", i): content(new[i][1]) for i in added}
    lines = {key: value.splitlines() for key, value in text.items()}
    found: dict[str, str] = {}
    by_content = {(group(old[i][0]), text[("old", i)]): i for i in removed}
    for i in added:  # the same content under a new id
        twin = by_content.get((group(new[i][0]), text[("new", i)]))
        if twin is not None and twin not in found.values():
            found[i] = twin
    pairs = []  # then the most alike of what is left, pair by pair
    for i in (i for i in added if i not in found):
        for j in (j for j in removed if j not in found.values() and group(old[j][0]) == group(new[i][0])):
            matcher = SequenceMatcher(None, lines[("old", j)], lines[("new", i)], autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                score = matcher.ratio()
                if score >= SIMILAR:
                    pairs.append((-score, i, j))
    for _, i, j in sorted(pairs):
        if i not in found and j not in found.values():
            found[i] = j
    return found
