"""Stage 1, load: read a page's YAML frontmatter with the line of every value.

Only this module parses YAML (with :mod:`~journeymaps.sources.yaml_values`, which makes the nodes
into values). It returns plain data plus, when a diagnostic
asks for it, a map from each field path (``("stages", 2, "emotion")``) to the
line an editor shows for it, so every later stage can point the author at the
exact line. The map is read again from the YAML on first use: most pages are
valid and never need it (at 1,000 maps, ~25 MB less memory).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from journeymaps.diagnostics import Diagnostic, Severity, closest, field_path
from journeymaps.sources.encoding import decode, hide_breaks, show_breaks, show_locs, show_text
from journeymaps.sources.yaml_values import (
    MAX_DEPTH,
    MAX_EXPANSION,
    MAX_VALUES,
    Budget,
    Loader12,
    Loc,
    Unreadable,
    _Loader,
    construct,
    walk,
)

__all__ = [
    "ENTITY_TYPES",
    "MAX_DEPTH",
    "MAX_EXPANSION",
    "MAX_VALUES",
    "SHALLOW",
    "Loc",
    "SourceDoc",
    "decode",
    "line_map",
    "load_bytes",
    "load_text",
    "normalise",
    "parse_frontmatter",
    "split_frontmatter",
]

SHALLOW = 2
"""Field paths of at most this many parts have their lines read while parsing (see ``SourceDoc.shallow_lines``)."""
ENTITY_TYPES = ("persona", "touchpoint", "cjm", "cem")


# The opening `---`, the YAML, and the closing `---` (or `...`) each on its own line.
_FRONTMATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
# The same, found ten times faster (:func:`_fenced`): the opening line, then the first line after it that closes.
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
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
    shallow_lines: dict[Loc, int] | None = field(default=None, repr=False)
    """The lines of the field paths of at most :data:`SHALLOW` parts (``reviewed``, ``stages.2``), read while
    parsing: most messages (and every map-health finding but one) point there, without parsing the YAML again."""
    _asked: dict[Loc, int | None] = field(default_factory=dict, repr=False, compare=False)
    """The lines :meth:`line` gave, kept when the line map is let go: a page kept between ``serve`` rebuilds
    answers again without parsing its YAML again (the health page asks a line of every map on every rebuild)."""

    @property
    def entity_type(self) -> str | None:
        value = self.data.get("type") if self.data else None
        return value if isinstance(value, str) and value in ENTITY_TYPES else None

    @property
    def lines(self) -> dict[Loc, int]:
        """Field path -> line, read on first use."""
        if self._lines is None:
            self._lines = line_map(self.yaml_text) if self.yaml_text else {}
        return self._lines

    def forget_lines(self) -> None:
        """Let the field positions go (they are read again if another diagnostic needs them)."""
        self._lines = None

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest enclosing field that has one."""
        loc = tuple(loc)
        if loc in self._asked:
            return self._asked[loc]
        lines = self.shallow_lines if self.shallow_lines is not None and len(loc) <= SHALLOW else self.lines
        found = None
        for end in range(len(loc), -1, -1):
            found = lines.get(loc[:end])
            if found is not None:
                break
        self._asked[loc] = found
        return found


def normalise(text: str) -> str:
    """Drop a byte-order mark and make line endings ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """Return (frontmatter YAML or None, body)."""
    fenced = _fenced(text)
    if fenced is None:
        if text.startswith("---\n") or text == "---":
            # an opening fence with no closing one: the whole file is frontmatter
            return text[4:], ""
        return None, text
    return fenced


def _fenced(text: str) -> tuple[str, str] | None:
    """(YAML, body) of a text whose frontmatter is closed, as ``_FRONTMATTER.match`` finds them; else None."""
    opening = _OPENING.match(text)
    if opening is None:
        return None
    start = opening.end()
    closing = _CLOSING.search(text, start - 1)  # the opening line's newline: a closing line right after it
    if closing is None:
        return None
    return text[start : closing.start() + 1], text[closing.end() :]


def line_map(yaml_text: str) -> dict[Loc, int]:
    """Field path -> line, for frontmatter that parses (an empty map when it does not)."""
    yaml_text, hidden = hide_breaks(yaml_text)  # U+2028 and the like are text, as in YAML 1.2 (sources.encoding)
    loader = _Loader(yaml_text)
    lines: dict[Loc, int] = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            walk(node, (), lines, [], (), Budget(len(yaml_text) + MAX_EXPANSION))
    except (yaml.YAMLError, Unreadable):
        pass
    finally:
        loader.dispose()
    return show_locs(lines) if hidden else lines


def parse_frontmatter(
    yaml_text: str, path: str, shallow: dict[Loc, int] | None = None, yaml12: bool = False
) -> tuple[Any, list[Diagnostic]]:
    """Parse YAML frontmatter; return (data, diagnostics). Never raises. NEL, U+2028 and U+2029 are text, as in
    YAML 1.2 (PyYAML breaks lines there: :func:`~journeymaps.sources.encoding.hide_breaks`)."""
    hidden_text, hidden = hide_breaks(yaml_text)
    if not hidden:
        return _parse_once(yaml_text, path, shallow, yaml12)
    found: dict[Loc, int] = {}
    data, diags = _parse_once(hidden_text, path, None if shallow is None else found, yaml12)
    if shallow is not None:
        shallow.update(show_locs(found))
    said = [replace(d, field=show_text(d.field), message=show_text(d.message)) for d in diags]
    return show_breaks(data), said


def _parse_once(
    yaml_text: str, path: str, shallow: dict[Loc, int] | None = None, yaml12: bool = False
) -> tuple[Any, list[Diagnostic]]:
    """:func:`parse_frontmatter` of text without YAML 1.1's other line breaks.

    ``yaml12``: read the scalars as YAML 1.2 does (:class:`~journeymaps.sources.yaml_values.Loader12`, how editors
    read them: ``yes`` is text, ``0755`` is 755), as :func:`load_text` reads every page; else as PyYAML does (1.1).

    The nodes are walked once, for repeated keys and for frontmatter too deep or too
    large to use, building the values on the way (:func:`~journeymaps.sources.yaml_values.construct`);
    ``shallow`` (if given) gets the lines of the top-level fields and of their items
    (:data:`SHALLOW`); deeper positions are read later, for a page whose message needs one.
    What the one pass leaves aside (a tag such as ``!!set``, a merge key ``<<``, frontmatter
    with a problem) is parsed again the two-pass way (:func:`_parse_twice`), which gives the
    very values and messages.
    """
    loader = (Loader12 if yaml12 else _Loader)(yaml_text)
    node: yaml.Node | None = None
    twice = False  # the one pass left this page to the two-pass way
    collecting = gc.isenabled()
    # A page's nodes are many objects that live only while it is parsed, in no cycle (freed as soon as it is
    # parsed): a collection meanwhile would only move them to the older generations, and make the collector scan the
    # whole heap more often (at 1,000 maps, 13 full collections in the pipeline instead of 3, 0.5 s)
    gc.disable()
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problems: list[tuple[Loc, int, str]] = []
        try:
            data = construct(loader, node, shallow, problems, Budget(len(yaml_text) + MAX_EXPANSION), SHALLOW)
        except Exception:  # whatever it is, the two-pass way below says it as it always did
            twice = True
    except _PROBLEMS as exc:
        return None, [_problem(exc, path, yaml_text)]
    finally:
        loader.dispose()
        node = None  # the nodes go now, before the collector is back
        del loader
        if collecting:
            gc.enable()
    if twice:
        if shallow is not None:
            shallow.clear()
        return _parse_twice(yaml_text, path, shallow, yaml12)
    return data, [Diagnostic(path, line, _dotted(loc), msg) for loc, line, msg in problems]


_PROBLEMS = (yaml.YAMLError, Unreadable, ValueError, TypeError, OverflowError, KeyError)
"""What parsing may raise for the author's text (anything else is a bug, and is raised)."""


def _parse_twice(
    yaml_text: str, path: str, shallow: dict[Loc, int] | None, yaml12: bool = False
) -> tuple[Any, list[Diagnostic]]:
    """:func:`parse_frontmatter` in two passes: :func:`~journeymaps.sources.yaml_values.walk` checks the nodes, then
    PyYAML's constructor makes the values (every tag it knows, merge keys, the message of what it cannot make)."""
    loader = (Loader12 if yaml12 else _Loader)(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problems: list[tuple[Loc, int, str]] = []
        walk(node, (), shallow, problems, (), Budget(len(yaml_text) + MAX_EXPANSION), SHALLOW)
        data = loader.construct_document(node)
    except _PROBLEMS as exc:
        return None, [_problem(exc, path, yaml_text)]
    finally:
        loader.dispose()
    return data, [Diagnostic(path, line, _dotted(loc), msg) for loc, line, msg in problems]


def _problem(exc: Exception, path: str, yaml_text: str) -> Diagnostic:
    """The one line for frontmatter that does not parse, or parses into something that cannot be used."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return _yaml_error(exc, path, yaml_text)
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. a control character
        line = yaml_text.count("\n", 0, exc.position) + 2
        return Diagnostic(
            path,
            line,
            "",
            f"YAML does not parse: the character U+{exc.character:04X} is not allowed ({exc.reason}); remove it",
        )
    if isinstance(exc, yaml.YAMLError):
        return Diagnostic(path, None, "", f"YAML does not parse: {' '.join(str(exc).split())}")
    if isinstance(exc, Unreadable):
        return Diagnostic(path, exc.line, "", f"YAML cannot be used: {exc.message}")
    if isinstance(exc, KeyError):  # a tagged value its tag does not take: `!!bool maybe`
        word = str(exc.args[0]) if exc.args else ""
        found = re.search(r"!!(\w+)[ \t]+['\"]?" + re.escape(word), yaml_text, re.IGNORECASE)
        tag = found.group(1) if found else "the tag"
        takes = "true or false" if tag == "bool" else "a value it takes"
        return Diagnostic(
            path,
            yaml_text.count("\n", 0, found.start()) + 2 if found else None,
            "",
            f"YAML value cannot be read: '{word}' is not a value of !!{tag}; remove the tag, or write {takes}",
        )
    # a value PyYAML cannot construct (impossible dates stay text)
    return Diagnostic(path, None, "", f"YAML value cannot be read: {exc}")


def _yaml_error(exc: yaml.MarkedYAMLError, path: str, yaml_text: str) -> Diagnostic:
    """One line for a YAML syntax error, pointing where the author has to look."""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or context or "invalid YAML").strip()
    hint = ""
    if mark is not None and _char_at(yaml_text, mark.line, mark.column) == "\t":
        problem = "found a tab character" if "tab" not in problem else problem
    unclosed_quote = "quoted scalar" in context and "end of stream" in problem
    if ("flow" in context or unclosed_quote) and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed [, { or quote: point at where it opened, not where the parser gave up
    if "flow" in context:
        problem += " (a [ or { opened here is not closed, or a value inside it needs quotes)"
    elif unclosed_quote:
        problem = "a quote opened here is not closed"
        hint = "; close it on the same value, or escape a quote inside it"
    if "\t" in problem or "'\\t'" in problem or "tab" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; put quotes around a value that contains ': '"
    elif "constructor for the tag" in problem:
        hint = "; YAML tags (!name, !!python/...) are not supported in frontmatter"
    elif "unhashable key" in problem:
        hint = "; a key must be plain text"
    elif "expected '-' indicator" in problem or "expected <block end>" in problem:
        hint = "; check that this line is indented like the lines above it"
    line = mark.line + 2 if mark else None
    return Diagnostic(path, line, "", f"YAML does not parse: {problem}{hint}")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


def _dotted(loc: Loc) -> str:
    return field_path(loc)


def load_text(text: str, path: str, src_uri: str) -> SourceDoc:
    """Load one page's text. Pages without an entity ``type`` come back with ``data=None``."""
    text = normalise(text)
    doc = SourceDoc(path=path, src_uri=src_uri)
    fenced = _fenced(text)
    yaml_text, doc.body = split_frontmatter(text) if fenced is None else fenced
    if yaml_text is None:
        late = _TYPE_LINE.search(text) if text.lstrip(" \n").startswith("---\n") and text[:1] in " \n" else None
        if late is not None and _entity_like(late.group(1)):  # blank lines before the fence: MkDocs reads none
            at = text[: text.index("---")].count("\n") + 1
            why = f"the frontmatter opens on line {at}, not 1, so this page is left as an ordinary page; remove the"
            doc.diagnostics = [Diagnostic(path, at, "", f"{why} blank lines above it", Severity.WARNING)]
        return doc
    type_match = _TYPE_LINE.search(yaml_text)
    looks_like_entity = bool(type_match) and _entity_like(type_match.group(1) if type_match else "")
    if looks_like_entity and fenced is None:
        # MkDocs shows such a page's text as it is; say why it is not read as an entity
        doc.diagnostics = [
            Diagnostic(path, 1, "", "the frontmatter opened here has no closing `---` line; add one after its last key")
        ]
        doc.data = {"type": type_match.group(1) if type_match else None}
        return doc
    doc.yaml_text = yaml_text
    shallow: dict[Loc, int] = {}
    data, diags = parse_frontmatter(yaml_text, path, shallow, yaml12=True)  # as editors read it
    doc.shallow_lines = shallow if data is not None else None
    if data is None:
        if diags and looks_like_entity:
            doc.diagnostics = diags
            doc.data = {"type": type_match.group(1) if type_match else None}
        return doc
    if not isinstance(data, dict):
        return doc
    kind = data.get("type")
    if isinstance(kind, list) and len(kind) == 1 and isinstance(kind[0], str) and _entity_like(kind[0]):
        guess = kind[0] if kind[0] in ENTITY_TYPES else closest(kind[0].lower(), ENTITY_TYPES, cutoff=0.7)
        doc.diagnostics.append(  # `type: [cjm]`: one type is written without brackets
            Diagnostic(
                path,
                doc.line(("type",)),
                "type",
                "a list is not an entity type, so this page is left as an ordinary page",
                Severity.WARNING,
                guess,
            )
        )
        return doc
    if not isinstance(kind, str):
        return doc
    if kind not in ENTITY_TYPES:
        guess = closest(kind.lower(), ENTITY_TYPES, cutoff=0.7)
        if guess or kind.lower() in ENTITY_TYPES:
            doc.diagnostics.append(
                Diagnostic(
                    path,
                    doc.line(("type",)),
                    "type",
                    f"'{kind}' is not an entity type, so this page is left as an ordinary page",
                    Severity.WARNING,
                    guess or kind.lower(),
                )
            )
        return doc
    doc.data = data
    doc.diagnostics.extend(diags)
    return doc


def _entity_like(kind: str) -> bool:
    return kind in ENTITY_TYPES or closest(kind.lower(), ENTITY_TYPES, cutoff=0.7) is not None


def load_bytes(data: bytes, path: str, src_uri: str) -> SourceDoc:
    """Load one page from its bytes (an encoding problem is a diagnostic, never an exception)."""
    text, problem = decode(data, path)
    doc = load_text(text, path, src_uri)
    if problem is not None:
        doc.diagnostics.insert(0, problem)  # reported for entities and ordinary pages alike
    return doc
