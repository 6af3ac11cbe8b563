"""The one-pass frontmatter loader gives exactly what PyYAML gives, and what the two-pass loader said.

PyYAML (``yaml.load`` with the C safe loader) is the oracle for values: generated YAML documents (YAML 1.1
scalars: ``yes``/``off``, ``~``, ``0x1F``, ``1_000``, ``0o17``, ``.inf``, ``.nan``, dates, base-60 numbers; keys that
are numbers, booleans or null; block and flow lists and mappings; anchors and aliases, shared objects and an alias
inside itself; merge keys; tags; repeated keys) are read by :func:`parse_frontmatter` and by PyYAML, and compared by
type and value, with the same sharing of objects. The two-pass way (:func:`_parse_twice`: the walk, then PyYAML's
constructor, the loader before the one pass) is the oracle for the messages and the lines.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeymaps.sources import yaml_values
from journeymaps.sources.frontmatter import (
    _FRONTMATTER,
    MAX_EXPANSION,
    _fenced,
    _parse_twice,
    load_text,
    parse_frontmatter,
    split_frontmatter,
)

TAG = "tag:yaml.org,2002:"


class Oracle(yaml.CSafeLoader):  # type: ignore[misc]
    """PyYAML's C safe loader with the loader's two documented choices: dates and ``19:05`` stay text."""


Oracle.add_constructor(TAG + "timestamp", lambda loader, node: loader.construct_scalar(node))
Oracle.add_constructor(
    TAG + "int",
    lambda loader, node: node.value if ":" in node.value else yaml.SafeLoader.construct_yaml_int(loader, node),
)
Oracle.add_constructor(
    TAG + "float",
    lambda loader, node: node.value if ":" in node.value else yaml.SafeLoader.construct_yaml_float(loader, node),
)

PLAIN = [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "TRUE", "~", "null", "Null", "0x1F", "-0x1f", "1_000",
    "0o17", "017", "0b101", "-12", "+7", "0", "3.14", "1e3", "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", "+.INF",
    ".NaN", "190:20:30", "19:05", "1:30.5", "-1:30", "2026-09-30", "2026-13-45", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "text", "two words", "Frustrated", "offline", "yesterday", "nope", "0.", ".5",
    "1__2", "12e", "x#y", "Éclair", "=", "5 %", "-", "a: b".replace(": ", ":"),
]  # fmt: skip
QUOTED = ['"yes"', "'1'", '"a\\tb"', "'it''s'", '"2026-09-30"', "''", '"~"', '"\\u00e9"']
TAGGED = ["!!str 12", "!!int '7'", "!!float 1", "!!binary aGk=", "!!bool yes", "!!null ''", "!!timestamp 2020-01-01"]
KEYS = ["a", "b", "name", "1", "0x1", "true", "yes", "~", "'a'", '"1"', "3.5", "2026-01-02", "=", "!!str k"]


def _tree() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.tuples(st.just("scalar"), st.sampled_from(PLAIN + QUOTED), st.booleans()),
        st.tuples(st.just("scalar"), st.sampled_from(TAGGED), st.just(False)),
        st.tuples(st.just("alias"), st.integers(0, 5)),
    )

    def grow(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        pairs = st.lists(st.tuples(st.sampled_from(KEYS), children), max_size=5)
        return st.one_of(
            st.tuples(st.just("map"), pairs, st.booleans(), st.integers(-1, 5), st.booleans()),
            st.tuples(st.just("seq"), st.lists(children, max_size=4), st.booleans(), st.booleans()),
        )

    return st.recursive(leaf, grow, max_leaves=25)


class _Render:
    """YAML text for a generated tree: block or flow style, anchors on some values, aliases to earlier ones (mostly
    to finished values; one time in six to any, which may be a value the alias is inside)."""

    def __init__(self) -> None:
        self.anchors: list[tuple[str, str, bool]] = []  # name, kind, finished

    def anchor(self, wanted: bool, kind: str) -> str:
        if not wanted:
            return ""
        self.anchors.append((f"a{len(self.anchors)}", kind, False))
        return f"&{self.anchors[-1][0]} "

    def finish(self, mark: str) -> None:
        for index, (name, kind, _) in enumerate(self.anchors):
            if mark == f"&{name} ":
                self.anchors[index] = (name, kind, True)

    def alias(self, pick: int, kinds: tuple[str, ...] = ("scalar", "map", "seq")) -> str | None:
        found = [a for a in self.anchors if pick == 5 or (a[2] and a[1] in kinds)]
        return f"*{found[pick % len(found)][0]}" if found else None

    def inline(self, node: Any) -> str:
        if node[0] == "scalar":
            mark = self.anchor(node[2], "scalar")
            self.finish(mark)
            return mark + str(node[1])
        if node[0] == "alias":
            return self.alias(node[1]) or "~"
        if node[0] == "map":
            mark = self.anchor(node[2], "map")
            merge = self.alias(node[3] % 6, ("map",)) if node[4] else None
            text = "{" + ", ".join([f"<<: {merge}"] * bool(merge) + [f"{k}: {self.inline(v)}" for k, v in node[1]])
            self.finish(mark)
            return mark + text + "}"
        mark = self.anchor(node[3], "seq")
        text = "[" + ", ".join(self.inline(v) for v in node[1]) + "]"
        self.finish(mark)
        return mark + text

    def block(self, node: Any, indent: int) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        merge = self.alias(node[3] % 6, ("map",)) if node[0] == "map" and node[4] else None
        if merge:
            lines.append(f"{pad}<<: {merge}")
        items = node[1] if node[0] == "map" else [("-", v) for v in node[1]]
        for key, value in items:
            head = f"{pad}- " if node[0] == "seq" else f"{pad}{key}: "
            if value[0] in ("map", "seq") and value[1]:
                mark = self.anchor(value[2 if value[0] == "map" else 3], value[0])
                lines.append(head.rstrip() + (" " + mark.strip() if mark else ""))
                lines.extend(self.block(value, indent + 2))
                self.finish(mark)
            else:
                lines.append(head + self.inline(value))
        return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    tree = draw(_tree())
    render = _Render()
    if tree[0] in ("map", "seq") and tree[1] and draw(st.booleans()):
        return "\n".join(render.block(tree, 0)) + "\n"
    return render.inline(tree) + "\n"


def _same(a: Any, b: Any, pairs: dict[int, int]) -> None:
    """``a`` and ``b`` are the same value, type for type (nan is nan), and share objects alike."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, (dict, list, set, bytes)):
        assert pairs.setdefault(id(a), id(b)) == id(b), "an object is shared in one and not in the other"
    if isinstance(a, dict):
        assert len(a) == len(b)
        for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True):
            _same(ka, kb, pairs)
            _same(va, vb, pairs)
    elif isinstance(a, list):
        assert len(a) == len(b)
        for va, vb in zip(a, b, strict=True):
            _same(va, vb, pairs)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    elif isinstance(a, float):
        assert a == b and math.copysign(1, a) == math.copysign(1, b)
    else:
        assert a == b


def _tags(node: yaml.Node | None, seen: set[int] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return set()
    seen.add(id(node))
    found = {node.tag}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found |= _tags(key, seen) | _tags(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            found |= _tags(value, seen)
    return found


def _composed(text: str) -> yaml.Node | None:
    loader = yaml_values._Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


PLAIN_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("a: &x [1, yes, ~]\nb: *x\nc: {<<: {k: 1}, k: 2}\n")
@example("base: &b {a: 1, b: 0x1F}\nx:\n  <<: *b\n  c: 1_000\n")
@example("a: &x\n  b: *x\n")
@example("1: a\ntrue: b\n~: c\n1.5: d\n2026-01-02: e\nyes: f\n")
@example("t: 19:05\nd: 2026-09-30\nn: .nan\ni: -.inf\no: 0o17\ns: 190:20:30\n")
@example("a: 1\na: 2\nb: {c: 1, c: 2}\n'1': x\n1: y\n")
@example("k: =\n")
@example("? [a]\n: b\n")
@example("a: !!set {x: ~}\nb: !!omap [{c: 1}]\nc: !foo bar\n")
@example("a: !!bool maybe\n")
def test_values_messages_and_lines_are_those_of_pyyaml_and_the_two_passes(text: str) -> None:
    try:
        expected = yaml.load(text, Loader=Oracle)  # the C safe loader, two constructors replaced
    except Exception as exc:  # what PyYAML refuses the loader refuses too
        expected = exc
    if isinstance(expected, KeyError):  # `!!bool maybe`: PyYAML raises; the loader says so in one line
        data, diags = parse_frontmatter(text, "p.md", {})
        assert data is None and len(diags) == 1 and "is not a value of !!" in diags[0].message, diags
        return
    shallow: dict[Any, int] = {}
    data, diags = parse_frontmatter(text, "p.md", shallow)
    twice: dict[Any, int] = {}
    data_twice, diags_twice = _parse_twice(text, "p.md", twice)
    assert diags == diags_twice
    _same(data, data_twice, {})
    if data_twice is not None:
        assert list(shallow.items()) == list(twice.items())
    if isinstance(expected, Exception):
        assert data is None and diags, text
        return
    if data is None and diags:
        assert diags[0].message.startswith("YAML cannot be used")  # an alias inside itself: PyYAML builds it
        return
    _same(data, expected, {})
    node = _composed(text)
    tags = _tags(node)
    if tags <= PLAIN_TAGS:  # the one pass made it itself, without the two-pass way
        lines: dict[Any, int] = {}
        problems: list[Any] = []
        made = yaml_values.construct(
            yaml_values._Loader(""), node, lines, problems, yaml_values.Budget(len(text) + MAX_EXPANSION), 2
        )
        _same(made, expected, {})
        assert list(lines.items()) == list(twice.items())
    if not tags & {TAG + "timestamp"} and ":" not in text:  # no date nor base-60 number: plain PyYAML agrees
        _same(data, yaml.load(text, Loader=yaml.CSafeLoader), {})


def test_aliases_share_one_object_and_count_again() -> None:
    data, diags = parse_frontmatter("a: &x [1, 2]\nb: *x\nc: &y {k: v, k: w}\nd: *y\n", "p.md", {})
    assert data["a"] is data["b"] and data["c"] is data["d"] and data["c"] == {"k": "w"}
    assert [(d.line, d.field) for d in diags] == [(4, "c.k"), (4, "d.k")]  # the alias is checked again, as before


def test_frontmatter_too_large_through_aliases_is_refused_as_before() -> None:
    text = "a: &a " + "x" * 100_000 + "\nb: [" + ", ".join(["*a"] * 12) + "]\n"
    data, diags = parse_frontmatter(text, "p.md", {})
    assert data is None
    assert diags == _parse_twice(text, "p.md", {})[1]
    assert diags[0].message.startswith("YAML cannot be used: aliases (*name) repeat more than")


FENCE_LINES = ["---", "--- ", "---\t", "...", "... ", "----", " ---", "-- -", "...x", "a: 1", "", "x---", "---x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FENCE_LINES), max_size=8), st.booleans())
@example(["---", "---"], False)
@example(["---", "a: 1", "..."], False)
def test_the_fences_are_found_as_the_pattern_finds_them(lines: list[str], newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline else "")
    match = _FRONTMATTER.match(text)
    assert _fenced(text) == (None if match is None else (match.group(1), text[match.end() :]))
    split = split_frontmatter(text)
    if match is None and text.startswith("---\n"):
        assert split == (text[4:], "")
    doc = load_text(text, "p.md", "p.md")
    assert doc.body == (split[1] if split[0] is not None else text)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(st.sampled_from(PLAIN), st.text(alphabet="0123456789-+._:eExXbBoOaAfFnNyYtT~<= lu", max_size=12)),
    st.booleans(),
    st.booleans(),
)
def test_the_resolver_gives_the_tags_of_pyyamls(value: str, plain: bool, quoted: bool) -> None:
    ours = yaml_values._Loader("")
    theirs = yaml.SafeLoader("")  # the pure-Python safe loader: PyYAML's own resolver
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, value, (plain, quoted)) == theirs.resolve(kind, value, (plain, quoted))
    finally:
        ours.dispose()
        theirs.dispose()
