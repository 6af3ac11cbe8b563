"""Stage 1, load: read a page's YAML frontmatter with the line of every value.

Only this module parses frontmatter for reading (the importers edit it in place
with :mod:`journeymaps.frontmatter_edit`). It returns plain data plus a map from each
field path (``("stages", 2, "emotion")``) to the line an editor shows for it,
so every later stage can point the author at the exact line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .diagnostics import Diagnostic, Severity, closest, field_path

try:  # the C parser keeps marks too, and is several times faster
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    _Loader = yaml.SafeLoader

ENTITY_TYPES = ("persona", "touchpoint", "cjm", "cem")

Loc = tuple[str | int, ...]

# The opening `---`, the YAML, and the closing `---` (or `...`) each on its own line.
_FRONTMATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
_TYPE_LINE = re.compile(r"^type\s*:\s*['\"]?([A-Za-z-]+)", re.M)


@dataclass
class SourceDoc:
    """One Markdown page's frontmatter, as written."""

    path: str  # as the author sees it, from the project root
    src_uri: str  # relative to docs_dir, with forward slashes
    data: dict[str, Any] | None = None
    yaml_text: str = ""
    """The frontmatter as written: the line map is read from it when a diagnostic first needs a line."""
    body: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _lines: dict[Loc, int] | None = field(default=None, repr=False)

    @property
    def entity_type(self) -> str | None:
        value = self.data.get("type") if self.data else None
        return value if isinstance(value, str) and value in ENTITY_TYPES else None

    @property
    def lines(self) -> dict[Loc, int]:
        """Field path -> line, read on first use (most pages never need it: their data is valid)."""
        if self._lines is None:
            self._lines = line_map(self.yaml_text) if self.yaml_text else {}
        return self._lines

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest enclosing field that has one."""
        lines = self.lines
        for end in range(len(loc), -1, -1):
            found = lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None


def normalise(text: str) -> str:
    """Drop a byte-order mark and make line endings ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """Return (frontmatter YAML or None, body)."""
    match = _FRONTMATTER.match(text)
    if not match:
        if text.startswith("---\n") or text == "---":
            # an opening fence with no closing one: the whole file is frontmatter
            return text[4:], ""
        return None, text
    return match.group(1), text[match.end():]


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[tuple[Loc, int, str]]) -> None:
    lines[loc] = node.start_mark.line + 2  # +1 for 1-based, +1 for the opening `---`
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 2
            if key in seen:
                problems.append((loc + (key,), line, f"key '{key}' appears twice (lines {seen[key]} and {line}); remove one"))
            seen[key] = line
            _walk(value_node, loc + (key,), lines, problems)
            lines[loc + (key,)] = line  # the key's line: where the author looks for the field
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, problems)


class _DuplicateKey(Exception):
    """A mapping repeats a key: the slow path (with field paths) reports where."""


class _FastLoader(_Loader):  # type: ignore[misc,valid-type]
    """Builds the data without keeping nodes or positions; stops at a repeated key."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            raise _DuplicateKey
        return super().construct_mapping(node, deep=deep)


def line_map(yaml_text: str) -> dict[Loc, int]:
    """Field path -> line, for YAML that parses (an empty map when it does not)."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _walk(node, (), lines, [])
        return lines
    except yaml.YAMLError:
        return {}
    finally:
        loader.dispose()


def parse_frontmatter(yaml_text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    """Parse YAML frontmatter; return (data, diagnostics). Never raises.

    The fast path builds the data directly; positions are read later, only
    for pages that get a diagnostic (:attr:`SourceDoc.lines`). A repeated key
    takes the slow path, which walks the nodes to name the field and lines.
    """
    loader = _FastLoader(yaml_text)
    try:
        return loader.get_single_data(), []
    except _DuplicateKey:
        return _parse_with_nodes(yaml_text, path)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, path)]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2026-13-45
        return None, [Diagnostic(path, None, "", f"YAML value cannot be read: {exc}")]
    finally:
        loader.dispose()


def _parse_with_nodes(yaml_text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        problems: list[tuple[Loc, int, str]] = []
        _walk(node, (), {}, problems)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:  # pragma: no cover - the fast path reported these already
        return None, [_yaml_error(exc, path)]
    except (ValueError, TypeError, OverflowError) as exc:
        return None, [Diagnostic(path, None, "", f"YAML value cannot be read: {exc}")]
    finally:
        loader.dispose()
    return data, [Diagnostic(path, line, _dotted(loc), msg) for loc, line, msg in problems]


def _yaml_error(exc: yaml.YAMLError, path: str) -> Diagnostic:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Diagnostic(path, None, "", f"YAML does not parse: {exc}")
    mark = exc.problem_mark or exc.context_mark
    if exc.context and "flow" in exc.context and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed [ or {: point at where it opened, not where the parser gave up
    line = mark.line + 2 if mark else None
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if exc.context and "flow" in exc.context:
        problem += " (a [ or { opened here is not closed, or a value inside it needs quotes)"
    hint = ""
    if "\t" in problem or "'\\t'" in problem or "tab" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; put quotes around a value that contains ': '"
    return Diagnostic(path, line, "", f"YAML does not parse: {problem}{hint}")


def _dotted(loc: Loc) -> str:
    return field_path(loc)


def load_text(text: str, path: str, src_uri: str) -> SourceDoc:
    """Load one page's text. Pages without an entity ``type`` come back with ``data=None``."""
    text = normalise(text)
    doc = SourceDoc(path=path, src_uri=src_uri)
    yaml_text, doc.body = split_frontmatter(text)
    if yaml_text is None:
        return doc
    type_match = _TYPE_LINE.search(yaml_text)
    looks_like_entity = bool(type_match) and _entity_like(type_match.group(1) if type_match else "")
    doc.yaml_text = yaml_text
    data, diags = parse_frontmatter(yaml_text, path)
    if data is None:
        if diags and looks_like_entity:
            doc.diagnostics = diags
            doc.data = {"type": type_match.group(1) if type_match else None}
        return doc
    if not isinstance(data, dict):
        return doc
    kind = data.get("type")
    if not isinstance(kind, str):
        return doc
    if kind not in ENTITY_TYPES:
        guess = closest(kind.lower(), ENTITY_TYPES, cutoff=0.7)
        if guess or kind.lower() in ENTITY_TYPES:
            doc.diagnostics.append(
                Diagnostic(path, doc.line(("type",)), "type", f"'{kind}' is not an entity type, so this page is left as an ordinary page",
                           Severity.WARNING, guess or kind.lower())
            )
        return doc
    doc.data = data
    doc.diagnostics.extend(diags)
    return doc


def _entity_like(kind: str) -> bool:
    return kind in ENTITY_TYPES or closest(kind.lower(), ENTITY_TYPES, cutoff=0.7) is not None


def load_file(file: Path, docs_dir: Path, root: Path) -> SourceDoc:
    """Load one file from disk (read errors become a diagnostic, never an exception)."""
    src_uri = file.relative_to(docs_dir).as_posix()
    path = display_path(file, root)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        doc = SourceDoc(path=path, src_uri=src_uri)
        doc.diagnostics.append(Diagnostic(path, None, "", f"cannot be read as UTF-8 text: {exc}"))
        doc.data = {"type": None}
        return doc
    return load_text(text, path, src_uri)


def display_path(file: Path, root: Path) -> str:
    """The path as the author sees it: relative to the project root when inside it."""
    try:
        return Path(os.path.relpath(file, root)).as_posix() if file.is_absolute() else file.as_posix()
    except ValueError:  # another drive on Windows
        return file.as_posix()


def iter_markdown(docs_dir: Path) -> Iterator[Path]:
    """Every Markdown file under ``docs_dir``, in a stable order, skipping hidden folders."""
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".md", ".markdown")) and not name.startswith("."):
                yield Path(dirpath) / name
