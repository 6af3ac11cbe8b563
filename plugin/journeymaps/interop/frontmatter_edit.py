"""Editing a page's frontmatter in place: values change, the author's comments, quotes and layout stay.

ruamel.yaml reads the frontmatter as a round-trip document; the importers set
or remove keys through :class:`MapEditor`, which records every change, and
write it back with the list indentation, line endings and byte-order mark the
file already uses. The Markdown body is kept byte for byte. Lists are edited
item by item (:meth:`MapEditor.set_items`), so untouched items keep their
style and comments; a list or mapping the YAML shares between places (an
anchor and its aliases) is copied before it is changed, so an edit lands in
one place only. (Reading frontmatter for validation is
:mod:`journeymaps.sources.frontmatter`'s job; this module only writes.)
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.tokens import CommentToken

from journeymaps.i18n import N_, _
from journeymaps.sources.frontmatter import normalise, split_frontmatter
from journeymaps.validation.ids import slugify

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
"""A line of a file with its ending (the last one may have none)."""
_ODD_BREAKS = {
    "\x85": N_("NEXT LINE character (U+0085)"),
    "\u2028": N_("LINE SEPARATOR (U+2028, Shift+Return on a Mac)"),
    "\u2029": N_("PARAGRAPH SEPARATOR (U+2029)"),
}
_ODD_BREAK = re.compile(f"[{''.join(_ODD_BREAKS)}]")


def same_text(a: str, b: str) -> bool:
    """``a`` and ``b`` are one text, whichever way their accents are written (NFC or NFD: macOS writes file names
    decomposed, é as e and a combining accent): a title pasted from there still finds its item."""
    return a == b or unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


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


def _raw_length(raw: str, length: int) -> int:
    """How many characters of ``raw`` make the first ``length`` characters of its normalised form."""
    index = 0
    for _step in range(length):
        index += 2 if raw.startswith("\r\n", index) else 1
    return index


def flow_seq(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(items: dict[str, Any]) -> CommentedMap:
    cm = CommentedMap(items)
    cm.fa.set_flow_style()
    return cm


def stage_id_of(stage: Any, index: int) -> str:
    """The id a stage has: its ``id``, else the slug of its name, else ``stage-N`` (validation's rule)."""
    if not isinstance(stage, dict):
        return f"stage-{index + 1}"
    return str(stage.get("id") or slugify(str(stage.get("name") or "")) or f"stage-{index + 1}")


def _containers(data: Any) -> dict[int, int]:
    """id -> how many places hold it, for every list and mapping (an alias, or a merge, is one more place)."""
    count: dict[int, int] = {}
    stack = [data]
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        count[id(node)] = count.get(id(node), 0) + 1
        if count[id(node)] == 1:  # look inside once (aliases may even contain themselves)
            stack.extend(node.values() if isinstance(node, dict) else node)
            stack.extend(getattr(node, merge_attrib, []))  # `<<: *base`: what base holds is shared too
    return count


def _unanchored(node: Any) -> Any:
    """A deep copy of ``node`` without YAML anchors (the copy is nobody's alias)."""
    twin = copy.deepcopy(node)
    stack = [twin]
    while stack:
        item = stack.pop()
        if isinstance(item, CommentedBase) and item.yaml_anchor() is not None:
            item.yaml_set_anchor(None)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return twin


class MapEditor:
    """One map's frontmatter, edited in place (comments and layout kept)."""

    def __init__(self, path: Path, text: str | None, new: dict[str, Any] | None = None, body: str = "") -> None:
        self.path = path
        self.changes: list[str] = []
        self.bom, self.newline = "", "\n"
        if text is None:
            self.body = body
            self.original = None
            self.data: CommentedMap = CommentedMap(new or {})
            self.seq_indent, self.offset = 4, 2
            self._shared: set[int] = set()
            return
        self.original = normalise(text)
        frontmatter, body = split_frontmatter(self.original)
        if frontmatter is None:
            raise EditError(_("%(path)s has no frontmatter", path=path.as_posix()))
        odd = _ODD_BREAK.search(frontmatter)
        if odd is not None:  # ruamel.yaml breaks the line there, and would write the text back changed
            line = frontmatter.count("\n", 0, odd.start()) + 2
            raise EditError(
                _(
                    "%(path)s:%(line)s holds a %(character)s in its frontmatter, which an import cannot write back as "
                    "it is; replace it with a space (or a line break), and import again",
                    path=path.as_posix(),
                    line=line,
                    character=_(_ODD_BREAKS[odd.group()]),
                )
            )
        raw = text.removeprefix("\ufeff")
        self.bom = text[: len(text) - len(raw)]
        head = _raw_length(raw, len(self.original) - len(body))
        self.body = raw[head:]  # byte for byte, whatever its line endings
        self._head = _LINE.findall(raw[:head])  # the frontmatter's lines, each with its own line ending
        endings = Counter(line[len(line.rstrip("\r\n")) :] for line in self._head)
        endings.pop("", None)
        self.newline = max(("\n", "\r\n", "\r"), key=lambda e: endings[e])  # the most used one (LF on a tie)
        loaded = _round_trip_yaml().load(frontmatter)
        if not isinstance(loaded, CommentedMap):
            raise EditError(_("%(path)s: the frontmatter is not a mapping", path=path.as_posix()))
        self.data = loaded
        self.seq_indent, self.offset = _indent_of(frontmatter)
        self._shared = {node for node, places in _containers(loaded).items() if places > 1}

    def own(self, parent: Any, key: Any) -> Any:
        """``parent[key]``, made this place's own first when the YAML shares it with another place (an alias)."""
        value = parent[key]
        if id(value) in self._shared:
            value = _unanchored(value)
            parent[key] = value
        return value

    def stages(self) -> CommentedSeq:
        stages = self.data.get("stages")
        if not isinstance(stages, list):
            stages = CommentedSeq()
            self.data["stages"] = stages
        return self.own(self.data, "stages")

    def stage_index(self, sid: str) -> int | None:
        for index, stage in enumerate(self.stages()):
            if isinstance(stage, dict) and stage_id_of(stage, index) == sid:
                return index
        return None

    def stage(self, index: int) -> CommentedMap:
        """The stage at ``index``, its own (not an alias of another)."""
        return self.own(self.stages(), index)

    def set(self, target: CommentedMap, key: str, value: Any, where: str) -> None:
        """Set ``key`` (None: remove it), recording the change."""
        if value is None or value == [] or value == "":
            if key in target:
                del target[key]
                self.changes.append(_("%(field)s removed", field=where + "." + key))
            return
        target[key] = value
        self.changes.append(f"{where}.{key}")

    def insert_after(self, target: CommentedMap, after: str, key: str, value: Any, where: str) -> None:
        """Add ``key`` right after ``after`` (at the end when ``after`` is not there), recording the change."""
        keys = list(target)
        target.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)
        self.changes.append(f"{where}.{key}")

    def set_items(
        self, target: CommentedMap, key: str, wanted: list[str], title: Callable[[Any], str], where: str
    ) -> bool:
        """Make the list ``target[key]`` hold the items titled ``wanted``, in that order; True when it changed.

        An item already there (matched by ``title``, the n-th of equal titles to the n-th) is kept with all its
        fields; a new title becomes a new item (the text). A list is edited item by item, so the others keep
        their place, style and comments; a field written as one text stays one text while it has one item.
        """
        current = target.get(key)
        items = list(current) if isinstance(current, list) else [] if current is None else [current]
        titles = [title(item) for item in items]
        if len(titles) == len(wanted) and all(map(same_text, titles, wanted)):
            return False
        if not wanted:
            self.set(target, key, None, where)
            return True
        unused = list(range(len(items)))
        picked: list[int | str] = []  # an index of an item kept, or the title of a new item
        for text in wanted:
            found = next((i for i in unused if titles[i] == text), None)
            if found is None:  # the same title with its accents written the other way (NFC, NFD)
                found = next((i for i in unused if same_text(titles[i], text)), None)
            if found is not None:
                unused.remove(found)
            picked.append(text if found is None else found)
        news = [items[p] if isinstance(p, int) else p for p in picked]
        if isinstance(current, list):
            seq = self.own(target, key)
            news = [seq[p] if isinstance(p, int) else p for p in picked]  # the list's own items, if it was copied
            keys = [p if isinstance(p, int) else -1 - n for n, p in enumerate(picked)]
            matcher = SequenceMatcher(a=list(range(len(seq))), b=keys, autojunk=False)
            for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
                if tag != "equal":
                    del seq[i1:i2]
                    for n, item in enumerate(news[j1:j2]):
                        seq.insert(i1 + n, item)
        elif len(news) == 1 and isinstance(news[0], str):
            target[key] = news[0]  # `actions: Fills the form` stays one text
        else:
            target[key] = flow_seq(news) if all(isinstance(x, str) for x in news) else CommentedSeq(news)
        self.changes.append(f"{where}.{key}")
        return True

    def lost_comments(self, text: str) -> list[tuple[int, str]]:
        """The comments of the original frontmatter that ``text`` (this editor's output) no longer has, with their
        line in the file: ruamel.yaml keeps comments everywhere but inside a ``{...}`` or ``[...]`` written over
        several lines, which it writes back on one."""
        if self.original is None:
            return []
        before = comments(split_frontmatter(self.original)[0] or "")
        left = Counter(c for _line, c in comments(split_frontmatter(normalise(text))[0] or ""))
        lost = []
        for line, comment in before:
            if left[comment]:
                left[comment] -= 1
            else:
                lost.append((line + 1, comment))  # the file's line: the opening ``---`` is line 1
        return lost

    def text(self) -> str:
        y = _round_trip_yaml()
        y.indent(mapping=2, sequence=self.seq_indent, offset=self.offset)
        out = io.StringIO()
        y.dump(self.data, out)
        frontmatter = f"---\n{out.getvalue()}---\n"
        if self.original is None:
            return frontmatter + "\n" + self.body
        return self.bom + self._endings(frontmatter) + self.body

    def _endings(self, frontmatter: str) -> str:
        """``frontmatter`` (LF) with the file's line endings: a line as it was keeps its own (a file with CRLF and
        LF lines stays so), an edited line the ending of the line it replaces, a new line the file's most used
        one; the fences as the author wrote them (``...``, trailing blanks, no newline at the end of the file)."""
        old = [line.rstrip("\r\n") for line in self._head]
        ends = [line[len(text) :] for line, text in zip(self._head, old)]
        new = frontmatter.split("\n")[:-1]
        if len(old) >= 2 and old[0].rstrip() == "---" and old[-1].rstrip() in ("---", "..."):
            new[0], new[-1] = old[0], old[-1]
        out: list[str] = []
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            for n, line in enumerate(new[j1:j2]):
                paired = i1 + n < i2 and tag in ("equal", "replace")
                out.append(line + ((ends[i1 + n] if paired else "") or self.newline))
        if out and ends and not ends[-1]:  # the file ended at its closing fence, with no line break
            out[-1] = out[-1].rstrip("\r\n")
        return "".join(out)


def comments(frontmatter: str) -> list[tuple[int, str]]:
    """Every comment of ``frontmatter`` as (line, text), lines from 1, read by ruamel.yaml's scanner: a ``#`` in a
    quoted or block scalar is text, not a comment."""
    found: list[tuple[int, str]] = []

    def collect(item: Any) -> None:
        if isinstance(item, list):
            for x in item:
                collect(x)
        elif isinstance(item, CommentToken):
            for i, line in enumerate(item.value.lstrip("\n").split("\n")):  # the mark is the first comment's line
                if line.strip().startswith("#"):
                    found.append((item.start_mark.line + 1 + i, line.strip()))

    try:
        for token in _round_trip_yaml().scan(frontmatter):
            collect(getattr(token, "_comment", None))
    except YAMLError:
        return found
    return sorted(found)
