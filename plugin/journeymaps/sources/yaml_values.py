"""Frontmatter YAML to Python values, in one pass over the nodes PyYAML's C parser composed.

PyYAML composes the nodes (``_Loader``: the C parser, the safe resolver) and its safe constructor's functions
make every scalar's value, so values are exactly PyYAML's (YAML 1.1: ``yes``, ``0o17``, ``.inf``, ...), with the two
choices of :mod:`journeymaps.sources.frontmatter` (dates and ``19:05`` stay text). :func:`construct` walks the nodes
once, checking them as :func:`walk` does (repeated keys, depth, size, an alias inside itself) and building the values
as it goes, instead of :func:`walk` followed by PyYAML's generic ``construct_document`` (two passes, and a generator
per list and mapping). What it does not handle itself (an explicit tag such as ``!!set`` or ``!!binary``, a merge key
``<<``, frontmatter that fails a check or cannot be constructed) raises, and the caller parses the page again the
two-pass way, which gives the very values and messages it always gave.

Pages are read with :class:`Loader12`, the same nodes resolved as YAML 1.2 (the core schema), as editors and their
JSON Schema checks read them: ``yes`` is text there, ``0755`` is 755.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymaps.sources.written import WrittenFloat, WrittenInt

MAX_DEPTH = 32
"""Frontmatter nested deeper than this is refused (real maps need about 6 levels)."""
MAX_VALUES = 250_000
"""Frontmatter with more values than this, counting each use of a YAML alias, is refused."""
MAX_EXPANSION = 1_000_000
"""Characters of text that aliases may add to what is written (a 100 KB text used through 1,000 aliases
would make a 100 MB map, and a site several times that): frontmatter that grows more is refused."""

Loc = tuple[str | int, ...]

# The C parser keeps marks too, and is several times faster; PyYAML built without libyaml has only the Python one.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"
_NULL, _TIMESTAMP = "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, except that dates stay text (``2026-09-30``, as JSON and editors see them).

    Date fields (``reviewed``) read the text as a date; a text field keeps what the author wrote
    (``title: 2026-10-01`` is a title, not an error); a date that does not exist (``2026-13-45``)
    is reported on its line and field instead of failing the whole parse.

    Its resolver is PyYAML's safe one, read once: the implicit resolvers are copied when this module is imported,
    and there are no path resolvers, so a scalar's tag is looked up by its first character (the same regular
    expressions, in the same order) and the parser's per-node calls to step in and out of a path do nothing.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {
        k: list(v) for k, v in _Base.yaml_implicit_resolvers.items()
    }
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}
    scalar_tags: ClassVar[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]]
    """The implicit tags a plain scalar may have, by its first character, in the order they are tried."""
    other_tags: ClassVar[tuple[tuple[str, re.Pattern[str]], ...]]
    """Those of a first character the table does not list."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str | None:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.scalar_tags.get(value[:1], self.other_tags):
                    if regexp.match(value):
                        return tag
            return _STR
        if kind is SequenceNode:
            return _SEQ
        return _MAP if kind is MappingNode else None

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: (*found, *_WILDCARD) for first, found in _Loader.yaml_implicit_resolvers.items() if first}
_Loader.scalar_tags, _Loader.other_tags = _IMPLICIT, _WILDCARD
if "" in _Loader.yaml_implicit_resolvers:
    _IMPLICIT[""] = (*_Loader.yaml_implicit_resolvers[""], *_WILDCARD)
assert _Loader.DEFAULT_SCALAR_TAG == _STR and _Loader.DEFAULT_SEQUENCE_TAG == _SEQ
assert _Loader.DEFAULT_MAPPING_TAG == _MAP


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    return loader.construct_scalar(node)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """``19:05`` is a time of day (text), not YAML 1.1's base-60 number 1145; other whole numbers as usual."""
    if ":" in str(node.value):
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    if ":" in str(node.value):
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_float(loader, node)


_Loader.add_constructor(_TIMESTAMP, _timestamp)
_Loader.add_constructor(_INT, _int)
_Loader.add_constructor(_FLOAT, _float)

_NULL12 = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^(?:<<)$")
_NUMBER12 = ((_INT, _INT12), (_FLOAT, _FLOAT12))
_CORE: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "": ((_NULL, _NULL12),),
    "~": ((_NULL, _NULL12),),
    **dict.fromkeys("nN", ((_NULL, _NULL12),)),
    **dict.fromkeys("tTfF", ((_BOOL, _BOOL12),)),
    **dict.fromkeys("0123456789+-.", _NUMBER12),
    "<": (("tag:yaml.org,2002:merge", _MERGE),),
}
"""YAML 1.2's core schema, by a scalar's first character: what yaml-language-server (and so VS Code) reads."""


class Loader12(_Loader):
    """The loader of pages: YAML 1.2 (its core schema), as editors read YAML, so a value means in the build what it
    means in the editor: ``yes``, ``no``, ``on``, ``off`` and ``NO`` are text, not true or false; ``0755`` is the
    number 755 (``0o755`` is octal), ``1e3`` is a number, ``=`` is text. As in :class:`_Loader`, dates and ``19:05``
    stay text (YAML 1.2 has neither), and a merge key ``<<`` merges (editors merge it too)."""

    scalar_tags: ClassVar[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]] = _CORE
    other_tags: ClassVar[tuple[tuple[str, re.Pattern[str]], ...]] = ()


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """``0755`` is 755 (YAML 1.2: octal is ``0o755``), ``0x1F`` 31, ``0o17`` 15, each keeping its text."""
    text = str(node.value)
    value = int(text[2:], 8 if text[1] == "o" else 16) if text[:2] in ("0o", "0x") else int(text)
    return value if str(value) == text else WrittenInt(value, text)


def _float12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    text = str(node.value)
    lower = text.lower()
    if lower.endswith(".inf"):
        return -math.inf if lower[0] == "-" else math.inf
    if lower == ".nan":
        return math.nan
    value = float(text)
    return value if repr(value) == text else WrittenFloat(value, text)


def _text_keys(loader: Loader12, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
    """A mapping whose plain keys are their text (``yes: 1`` is the key 'yes', ``1: a`` the key '1'), as JSON and
    editors have them; the two-pass way's equal of :func:`construct`'s."""
    loader.flatten_mapping(node)  # merge keys first: the keys they bring are read the same way
    for key_node, _ in node.value:
        if key_node.__class__ is ScalarNode and key_node.tag in (_NULL, _BOOL, _INT, _FLOAT):
            key_node.tag = _STR
    return yaml.constructor.BaseConstructor.construct_mapping(loader, node, deep=deep)


Loader12.construct_mapping = _text_keys
Loader12.add_constructor(_INT, _int12)
Loader12.add_constructor(_FLOAT, _float12)

_SCALARS = frozenset((_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP))
"""The tags of the scalars :func:`construct` makes itself (each exactly as the loader's constructor for it does)."""
assert _Loader.yaml_constructors[_STR] is yaml.SafeLoader.construct_yaml_str
assert _Loader.yaml_constructors[_NULL] is yaml.SafeLoader.construct_yaml_null
assert _Loader.yaml_constructors[_BOOL] is yaml.SafeLoader.construct_yaml_bool
assert _Loader.yaml_constructors[_SEQ] is yaml.SafeLoader.construct_yaml_seq
assert _Loader.yaml_constructors[_MAP] is yaml.SafeLoader.construct_yaml_map
_BOOLS = yaml.SafeLoader.bool_values


class Unreadable(Exception):
    """Frontmatter that parses but cannot be used: too deep, too large, or an alias inside itself."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class Elsewhere(Exception):
    """Frontmatter :func:`construct` leaves to the two-pass way (:func:`walk`, then PyYAML's constructor)."""


@dataclass
class Budget:
    """What a walk has seen so far: values, and characters of text, counting each use of an alias again."""

    chars_allowed: int = 0
    values: int = 0
    chars: int = 0


def walk(
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int] | None,
    problems: list[tuple[Loc, int, str]],
    ancestors: tuple[int, ...] = (),
    budget: Budget | None = None,
    upto: int = MAX_DEPTH,
) -> None:
    """Check the nodes (repeated keys, depth, size); with ``lines``, record the line of every field path of at most
    ``upto`` parts."""
    budget = Budget(MAX_EXPANSION) if budget is None else budget
    budget.values += 1
    line = node.start_mark.line + 2  # +1 for 1-based, +1 for the opening `---`
    if id(node) in ancestors:
        raise Unreadable(
            line, "an alias (*name) refers to a value that contains it, which never ends; write the value out"
        )
    if len(ancestors) >= MAX_DEPTH:
        raise Unreadable(line, f"values are nested more than {MAX_DEPTH} levels deep")
    if budget.values > MAX_VALUES:
        raise Unreadable(line, f"more than {MAX_VALUES} values (each use of a YAML alias counts); split the file")
    if isinstance(node, yaml.ScalarNode):
        budget.chars += len(node.value)
        if budget.chars > budget.chars_allowed:
            raise Unreadable(
                line,
                f"aliases (*name) repeat more than {MAX_EXPANSION} characters of text beyond what is written; "
                "write the values out, or split the file",
            )
    if lines is not None and len(loc) <= upto:
        lines[loc] = line
    inside = (*ancestors, id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 2
            if key in seen:
                problems.append(
                    ((*loc, key), line, f"key '{key}' appears twice (lines {seen[key]} and {line}); remove one")
                )
            seen[key] = line
            budget.chars += len(key)
            walk(value_node, (*loc, key), lines, problems, inside, budget, upto)
            if lines is not None and len(loc) < upto:
                lines[(*loc, key)] = line  # the key's line: where the author looks for the field
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            walk(item, (*loc, index), lines, problems, inside, budget, upto)


def construct(
    loader: yaml.SafeLoader,
    root: Node,
    lines: dict[Loc, int] | None,
    problems: list[tuple[Loc, int, str]],
    budget: Budget,
    upto: int,
) -> Any:
    """The value of ``root``, with what :func:`walk` would add to ``lines``, ``problems`` and ``budget``; raises
    (:class:`Elsewhere`, or whatever constructing a value raised) where :func:`walk` and PyYAML's constructor would
    not both have succeeded, or for what it leaves to them.

    A scalar inside a list or a mapping is made where it is met (most nodes are scalars: no call, no field path
    unless a line or a message needs it)."""
    made: dict[Node, Any] = {}  # as PyYAML's constructed_objects: a node used twice (an alias) is one object
    count = [1, 0]  # values, characters (as walk counts them) of the nodes met for the first time
    shallow = -1 if lines is None else upto
    make_int, make_float = loader.yaml_constructors[_INT], loader.yaml_constructors[_FLOAT]  # YAML 1.1 or 1.2
    text_keys = isinstance(loader, Loader12)

    def scalar(node: Any) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _BOOLS[node.value.lower()]
        return (make_int if tag == _INT else make_float)(loader, node)

    def again(node: Node, loc: Loc, depth: int) -> Any:
        """A node met before (an alias): checked again, as walk does, and the same object."""
        count[0] -= 1  # walk counts it
        walk(node, loc, lines, problems, (0,) * depth, budget, upto)
        return made[node]

    def collection(node: Node, loc: Loc, depth: int) -> Any:
        """A list or a mapping met for the first time, at ``depth`` (its line recorded by the caller)."""
        kind, tag = node.__class__, node.tag
        children = node.value
        count[0] += len(children)
        depth += 1
        if depth >= MAX_DEPTH and children:
            raise Elsewhere
        chars = 0
        if kind is SequenceNode and tag == _SEQ:
            items: list[Any] = []
            made[node] = items
            append = items.append
            for index, item in enumerate(children):
                if item in made:
                    append(again(item, (*loc, index), depth))
                elif item.__class__ is ScalarNode and item.tag in _SCALARS:
                    text = item.value
                    chars += len(text)
                    if depth <= shallow:
                        lines[(*loc, index)] = item.start_mark.line + 2  # type: ignore[index]
                    data = made[item] = text if item.tag == _STR else scalar(item)
                    append(data)
                else:
                    if depth <= shallow:
                        lines[(*loc, index)] = item.start_mark.line + 2  # type: ignore[index]
                    append(collection(item, (*loc, index), depth))
            count[1] += chars
            return items
        if kind is not MappingNode or tag != _MAP:
            raise Elsewhere
        mapping: dict[Any, Any] = {}
        made[node] = mapping
        seen: dict[str, Node] = {}
        for key_node, value_node in children:
            tag = key_node.tag
            if key_node.__class__ is not ScalarNode or tag not in _SCALARS:
                raise Elsewhere  # a merge key, ``=``, a tagged or unhashable key: PyYAML's constructor decides
            key = key_node.value
            if key in seen:
                line = key_node.start_mark.line + 2
                before = seen[key].start_mark.line + 2
                problems.append(
                    ((*loc, key), line, f"key '{key}' appears twice (lines {before} and {line}); remove one")
                )
            seen[key] = key_node
            chars += len(key)
            if text_keys:  # YAML 1.2 as editors read it: a key is its text, as in JSON (`yes:`, `1:`, `~:`)
                name = key
            elif key_node in made:
                name = made[key_node]
            else:
                name = made[key_node] = key if tag == _STR else scalar(key_node)
            if value_node in made:
                data = again(value_node, (*loc, key), depth)
            elif value_node.__class__ is ScalarNode and (tag := value_node.tag) in _SCALARS:
                text = value_node.value
                chars += len(text)
                data = made[value_node] = text if tag == _STR else scalar(value_node)
            else:
                if depth <= shallow:
                    lines[(*loc, key)] = value_node.start_mark.line + 2  # type: ignore[index]
                data = collection(value_node, (*loc, key), depth)
            mapping[name] = data
            if depth <= shallow:
                lines[(*loc, key)] = key_node.start_mark.line + 2  # type: ignore[index]
        count[1] += chars
        return mapping

    if shallow >= 0:
        lines[()] = root.start_mark.line + 2  # type: ignore[index]
    try:
        if root.__class__ is ScalarNode and root.tag in _SCALARS:
            count[1] += len(root.value)
            data = scalar(root)
        else:
            data = collection(root, (), 0)
    finally:  # the function refers to itself: let it go now (with the nodes and values it holds), not at a collection
        collection = None  # type: ignore[assignment]
        made.clear()
    if budget.values + count[0] > MAX_VALUES or budget.chars + count[1] > budget.chars_allowed:
        raise Elsewhere
    return data
