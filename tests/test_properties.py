"""Property tests (hypothesis): any frontmatter gives diagnostics, never an exception; the JSON Schema
and the loader agree on what a valid document is.

Derandomized (the same examples on every run, so CI is stable) and small enough to stay fast.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus_cases import json_ready
from journeymaps.catalog.taxonomy import load_taxonomy
from journeymaps.diagnostics import Diagnostic
from journeymaps.pipeline import assemble
from journeymaps.sources.frontmatter import load_bytes, load_text, parse_frontmatter
from journeymaps.validation.fields import ID_PATTERN
from journeymaps.validation.schema import json_schema
from journeymaps.validation.validate import validate

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _open(node: Any) -> Any:
    """The schema without ``additionalProperties: false``: the build keeps unknown keys (with a warning for a
    likely misspelling), the editor's schema flags them."""
    if isinstance(node, dict):
        return {k: _open(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
    return [_open(v) for v in node] if isinstance(node, list) else node


_SCHEMA = json_schema()
VALIDATOR = jsonschema.validators.validator_for(_SCHEMA)(_SCHEMA, format_checker=jsonschema.FormatChecker())
OPEN_VALIDATOR = jsonschema.validators.validator_for(_SCHEMA)(_open(_SCHEMA), format_checker=jsonschema.FormatChecker())
TAXONOMY = load_taxonomy(None, None)[0]
EXAMPLES = {"raw": 0, "bytes": 0, "structured": 0, "schema-valid": 0, "loader-valid": 0}


def one_line(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic) and "\n" not in str(d) and str(d).startswith("content/x.md"), str(d)


def run_pipeline(doc: Any) -> list[Diagnostic]:
    """Validate, resolve and analyse one page the way a build does; return every diagnostic."""
    handbook = assemble([doc], TAXONOMY, as_of=datetime.date(2026, 11, 23))
    return handbook.catalog.report.sorted()


# --- anything at all ---------------------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(
        [*list("type: cjmpersona\n-[]{},#&*!|>'\"\t\\%@`?~0123456789."), "é", "😀", "\ufeff", "\r"]
    ),
    max_size=120,
)


@SETTINGS
@given(st.one_of(YAMLISH, st.text(max_size=200)))
def test_any_frontmatter_text_gives_diagnostics_not_exceptions(text: str) -> None:
    EXAMPLES["raw"] += 1
    for kind in ("", "type: cjm\n", "type: persona\n"):
        doc = load_text(f"---\n{kind}{text}\n---\nBody.\n", "content/x.md", "x.md")
        diagnostics = run_pipeline(doc)
        one_line(diagnostics)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_diagnostics_not_exceptions(data: bytes) -> None:
    EXAMPLES["bytes"] += 1
    doc = load_bytes(b"---\ntype: cem\n" + data, "content/x.md", "x.md")
    one_line(run_pipeline(doc))


# --- structured documents: near-valid frontmatter with junk mixed in ------------------------------

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(-5, 5, allow_nan=False),
    st.text(max_size=6),
    st.sampled_from(
        ["maya", "web", "email", "A4", "current", "future", "high", "2026-09-30", "x#y", "javascript:alert(1)", " ", ""]
    ),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)),
)
JUNK = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
ID = st.one_of(
    st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 64), st.sampled_from(["maya", "raj"])
)
TEXT = st.one_of(st.text(min_size=1, max_size=12), st.sampled_from([" ", "\t", "  padded  ", "2026", "a: b"]))
TEXTS = st.one_of(TEXT, st.lists(TEXT, max_size=3))


def maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes junk."""
    return st.one_of(*[valid] * 9, JUNK)


def fields(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {k: v if k == "type" else maybe(v) for k, v in required.items()},
        optional={k: maybe(v) for k, v in optional.items()},
    )


SCORE = st.one_of(st.integers(0, 6), st.sampled_from([2.0, 4.0, 2.5]))
PAIN = st.one_of(TEXT, fields({"title": TEXT}, {"severity": SCORE}))
OPPORTUNITY = st.one_of(TEXT, fields({"title": TEXT}, {"impact": SCORE, "effort": SCORE, "owner": TEXT}))
QUOTE = st.one_of(TEXT, fields({"text": TEXT}, {"source": TEXT}))
INLINE_TP = fields(
    {"name": TEXT, "channel": ID},
    {
        "id": ID,
        "ownership": st.sampled_from(["owned", "earned", "paid"]),
        "weight": st.sampled_from(["low", "medium", "high"]),
    },
)
EVIDENCE = st.one_of(
    TEXT, fields({}, {"type": ID, "note": TEXT, "link": st.sampled_from(["https://e.example/x", "../a", "data:x"])})
)
EMOTION = st.one_of(st.integers(-3, 3), st.floats(-2.5, 2.5, allow_nan=False))


def stage(cem: bool) -> st.SearchStrategy[dict[str, Any]]:
    emotion = st.one_of(EMOTION, st.dictionaries(ID, EMOTION, max_size=2)) if cem else EMOTION
    return fields(
        {"name": TEXT},
        {
            "id": ID,
            "goal": TEXT,
            "actions": TEXTS,
            "thoughts": TEXTS,
            "touchpoints": st.lists(st.one_of(ID, INLINE_TP), max_size=2),
            "emotion": emotion,
            "pain_points": st.lists(PAIN, max_size=2),
            "opportunities": st.lists(OPPORTUNITY, max_size=2),
            "quotes": st.lists(QUOTE, max_size=2),
            "moment_of_truth": st.booleans(),
            "metrics": st.dictionaries(
                st.text(min_size=1, max_size=5), st.one_of(st.integers(), TEXT, st.booleans()), max_size=2
            ),
            "backstage": TEXTS,
            "influences": TEXTS,
        },
    )


def map_doc(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return fields(
        {"type": st.just(kind), "title": TEXT, "stages": st.lists(stage(kind == "cem"), min_size=1, max_size=3)},
        {
            "id": ID,
            "state": st.sampled_from(["current", "future"]),
            "persona": ID,
            "personas": st.lists(ID, max_size=2),
            "scope": TEXT,
            "reviewed": st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)),
            "review_every": st.integers(1, 400),
            "evidence": st.lists(EVIDENCE, max_size=2),
            "future_of": ID,
            "zooms_into": st.one_of(
                st.just("lifecycle#open"),
                st.lists(
                    st.sampled_from(["lifecycle#open", "lifecycle#discover", "lifecycle#opne", "a#b"]), max_size=2
                ),
            ),
            "pdf": fields(
                {},
                {
                    "size": st.sampled_from(["A4", "A3", "letter"]),
                    "orientation": st.sampled_from(["portrait", "landscape"]),
                },
            ),
            "tags": JUNK,
        },
    )


DOCS = st.one_of(
    fields(
        {"type": st.just("persona"), "name": TEXT},
        {
            "id": ID,
            "role": TEXT,
            "goals": TEXTS,
            "channels": st.lists(ID, max_size=2),
            "evidence": st.lists(EVIDENCE, max_size=2),
            "quote": TEXT,
        },
    ),
    fields(
        {"type": st.just("touchpoint"), "name": TEXT, "channel": ID},
        {
            "id": ID,
            "ownership": st.sampled_from(["owned", "earned", "paid"]),
            "weight": st.sampled_from(["low", "medium", "high"]),
        },
    ),
    map_doc("cjm"),
    map_doc("cem"),
)


@SETTINGS
@given(DOCS)
def test_structured_frontmatter_gives_diagnostics_not_exceptions(data: dict[str, Any]) -> None:
    EXAMPLES["structured"] += 1
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nBody.\n"
    one_line(run_pipeline(load_text(text, "content/x.md", "x.md")))


@settings(SETTINGS, max_examples=500)
@given(DOCS)
# found by CI on another hypothesis version: a cem naming its one persona with `persona:` (the loader reads it)
@example({"type": "cem", "title": "0", "stages": [{"name": "0"}], "persona": "maya"})
@example({"type": "cem", "title": "0", "stages": [{"name": "0"}], "persona": "maya", "personas": ["raj"]})
@example({"type": "cem", "title": "0", "stages": [{"name": "0"}]})
# found by a wider search on 6.170.17: a whole float is an integer to JSON Schema, so it is the id "1"
@example({"type": "persona", "name": "A", "channels": [1.0, 0.0]})
@example({"type": "persona", "name": "A", "channels": 2.5})
@example({"type": "touchpoint", "name": "A", "channel": 10**70})
# the schema refuses what the loader refuses: links that are not http(s) or relative
@example({"type": "persona", "name": "A", "evidence": [{"link": "data:x"}, {"link": " JaVa\tScript:x"}]})
@example({"type": "persona", "name": "A", "evidence": [{"link": "HTTPS://e.example"}, {"link": "../a:b"}]})
def test_schema_and_loader_agree(data: dict[str, Any]) -> None:
    """The JSON Schema accepts a document when the loader builds its model (types, ranges, required keys, id
    patterns), and a document the loader takes without any error passes the schema. The schema also holds the
    one-file rules it can express (a cjm's one persona, future_of only on a future map, a cem zooms into nothing);
    the rules it cannot (two stages with one id) are the validator's alone."""
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"
    doc = load_text(text, "content/x.md", "x.md")
    assert doc.data is not None and not doc.diagnostics
    parsed, _ = parse_frontmatter(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "content/x.md")
    schema_errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(json_ready(parsed))]
    loaded = validate(doc)
    load_errors = [str(d) for d in loaded.diagnostics if d.is_error]
    if loaded.model is not None and not load_errors:
        EXAMPLES["loader-valid"] += 1
        open_errors = [f"{list(e.absolute_path)}: {e.message}" for e in OPEN_VALIDATOR.iter_errors(json_ready(parsed))]
        assert open_errors == [], f"the loader accepts, the schema rejects: {open_errors}"
    if not schema_errors:
        EXAMPLES["schema-valid"] += 1
        assert loaded.model is not None, f"the schema accepts, the loader rejects: {load_errors}"


LINKISH = st.text(
    alphabet=st.sampled_from(list("hHtTpPsSjavcrJ:/.# \t\n\x00\x01\x7f\x85\u00a0\u3000\ufeff\u200b1+-")), max_size=14
)


@settings(SETTINGS, max_examples=400)
@given(st.one_of(LINKISH, st.text(max_size=10)))
@example("java\tscript:alert(1)")
@example("\x7f\x85H:")
@example("\u3000 https://e.example")
def test_schema_and_loader_agree_on_links(link: str) -> None:
    """An evidence link: the editor's schema and the build take and refuse the same ones (hostile spellings
    of a scheme included)."""
    doc = {"type": "persona", "name": "A", "evidence": [{"link": link}]}
    text = "---\n" + yaml.safe_dump(doc, allow_unicode=True) + "---\n"
    loaded = validate(load_text(text, "content/x.md", "x.md"))
    parsed, _ = parse_frontmatter(yaml.safe_dump(doc, allow_unicode=True), "content/x.md")
    build_ok = loaded.model is not None
    schema_ok = not list(VALIDATOR.iter_errors(json_ready(parsed)))
    assert build_ok == schema_ok, (link, [str(d) for d in loaded.diagnostics])
    if build_ok:  # and what it takes, a browser (WHATWG URL parsing) reads as relative or http(s)
        as_browser_reads = re.sub(r"[\t\n\r]", "", link.strip("".join(map(chr, range(0x21)))))
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", as_browser_reads)
        assert scheme is None or scheme.group(1).lower() in ("http", "https"), f"a {scheme.group(1)}: link got through"


# --- rendering: whatever validates (or half-validates) renders without an exception ----------------

BASE_PAGES = {
    "personas/maya.md": "---\ntype: persona\nname: Maya\n---\n",
    "personas/raj.md": "---\ntype: persona\nname: Raj\n---\n",
    "maps/lifecycle.md": "---\ntype: cem\ntitle: Lifecycle\npersonas: [maya, raj]\nstages:\n"
    "  - {name: Discover, id: discover, emotion: {maya: 1}}\n  - {name: Open, id: open, emotion: -1}\n---\n",
    "maps/a.md": "---\ntype: cjm\ntitle: A\npersona: maya\nzooms_into: lifecycle#open\n"
    "stages: [{name: S, emotion: 1}]\n---\n",
}


@settings(SETTINGS, max_examples=40)
@given(st.lists(DOCS, min_size=1, max_size=3))
def test_any_handbook_renders(data: list[dict[str, Any]]) -> None:
    """Generated pages beside good ones: every entity page, index, comparison and the catalog render."""
    from journeymaps.render.catalog_json import catalog_json
    from journeymaps.render.environment import Icons, make_environment
    from journeymaps.render.pages import PageRenderer

    EXAMPLES["rendered"] = EXAMPLES.get("rendered", 0) + 1
    docs = [load_text(text, f"content/{src}", src) for src, text in BASE_PAGES.items()]
    for index, item in enumerate(data):
        text = "---\n" + yaml.safe_dump(item, allow_unicode=True, sort_keys=False) + "---\nBody.\n"
        docs.append(load_text(text, f"content/gen/g{index}.md", f"gen/g{index}.md"))
    handbook = assemble(docs, TAXONOMY, as_of=datetime.date(2026, 11, 23))
    renderer = PageRenderer(handbook, make_environment(), Icons())
    for src in handbook.catalog.by_src:
        before, after = renderer.entity(src, handbook.catalog.url(src))
        assert isinstance(before, str) and isinstance(after, str)
    for tp in handbook.catalog.touchpoints.values():
        renderer.entity(tp.src_uri, handbook.catalog.url(tp.src_uri))
    for page in renderer.registry.pages.values():
        renderer.generated(page, handbook.catalog.url(page.src_uri))
    json.loads(catalog_json(handbook))


def test_zz_report_example_counts() -> None:
    """Not a check of its own: prints how many examples the properties above tried (see -s or the CI log)."""
    print("hypothesis examples:", json.dumps(EXAMPLES))
