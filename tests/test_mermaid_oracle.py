"""Mermaid's own parser and renderer as the oracle for the Mermaid export (and for our reading of it).

Every export of the example handbook, maps with hostile names (``%``, ``%%``, ``%%{init}%%``, ``: ; #``,
keywords, commas in persona names, HTML in the title) and maps around Mermaid's 50,000-character limit go
through the pinned ``mermaid`` package in chromium (tests/mermaid_corpus/oracle.py): Mermaid must parse and
draw them, keep every stage (section) and action (task) text, and read what ``parse_journey`` reads.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PERSONA, BuildResult, Writer
from journeymaps.interop.mermaid import (
    MAX_TEXT_SIZE,
    Export,
    Section,
    journey_text,
    mermaid_length,
    parse_journey,
    restore_text,
)
from journeymaps.interop.mermaid_maps import mermaid_of_map
from journeymaps.pipeline import build as build_handbook
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.models import Cem, Cjm
from mermaid_corpus.oracle import Mermaid, Read, mermaid_or_skip

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mermaid() -> Iterator[Mermaid]:
    with mermaid_or_skip() as oracle:
        yield oracle


def assert_we_read_what_mermaid_reads(text: str, read: Read) -> None:
    """parse_journey on ``text`` gives Mermaid's sections, tasks, scores and people (look-alikes turned back)."""
    ours = parse_journey(text)
    assert [s.name for s in ours.sections] == [restore_text(s) for s in read.sections]
    theirs = [
        (
            restore_text(t["section"]),
            restore_text(t["task"]),
            float(t["score"]),
            [restore_text(p, "actor") for p in t["people"] if p.strip()],
        )
        for t in read.tasks
    ]
    assert [(s.name, t.name, t.score, list(t.actors)) for s in ours.sections for t in s.tasks] == theirs
    assert ours.title == restore_text(read.drawn.title if read.drawn else read.title, "title")


def assert_keeps(read: Read, title: str, stages: list[tuple[str, list[str]]], actors: list[str]) -> None:
    """Mermaid parsed and drew it, and holds and draws every stage, action, actor and the title, unchanged."""
    assert read.error is None, read.error
    assert read.drawn is not None and read.drawn.error is None, read.drawn
    assert [restore_text(s) for s in read.sections] == [name for name, _ in stages]
    per_section = [
        (restore_text(s), list(dict.fromkeys(restore_text(t) for t in ts))) for s, ts in read.tasks_by_section().items()
    ]
    expected = [(name, actions or [name]) for name, actions in dict(stages).items()]
    assert per_section == expected
    drawn = read.drawn
    assert {restore_text(s) for s in drawn.sections} == {name for name, _ in stages}
    assert {restore_text(t) for t in drawn.tasks} == {a for name, actions in stages for a in (actions or [name])}
    assert sorted(restore_text(a, "actor") for a in drawn.actors) == sorted(actors)
    assert restore_text(drawn.title, "title") == title


def _stages(model: Cjm | Cem) -> list[tuple[str, list[str]]]:
    return [(s.name, list(s.actions)) for s in model.stages]


def test_every_export_of_the_example_handbook_parses_draws_and_keeps_every_text(mermaid: Mermaid) -> None:
    handbook = build_handbook(Settings.for_folder(ROOT / "content", ROOT))
    catalog = handbook.catalog
    maps = {mid: v for mid, v in sorted(catalog.maps.items()) if isinstance(v.model, (Cjm, Cem))}
    assert len(maps) >= 5
    for mid, v in maps.items():
        export = mermaid_of_map(handbook, mid)
        assert not export.too_long
        read = mermaid.read(export.text)
        names = [catalog.personas[p].title if p in catalog.personas else p for p in v.personas]
        assert v.model is not None
        assert_keeps(read, v.model.title, _stages(v.model), names)
        assert_we_read_what_mermaid_reads(export.text, read)


HOSTILE_STAGES = [
    ("%50 off at checkout", ["%% of people leave", "a%%b", "Save 100%", "}%%r", "%"]),
    ("x%%{init: {'theme': 'dark'}}%%y", ['%%{init: {"theme": "forest"}}%%', "%%{wrap}%%", "100 %% sure"]),
    ("Pay: card; #1 choice", ["title of the task", "Section 2 opens", "journey ends", "accTitle: a", "accDescr {x}"]),
    ("R&D <b>bold</b> & 1 < 2", ["Tabs\tand  double  spaces", "#hashtag", "; semicolon first", ": colon first"]),
    ("%%", []),
    ("title", ["section"]),
]
HOSTILE_PERSONAS = {"chen": "Chen, Maya", "percy": "%Percy 100%%", "dir": "%%{init: {}}%% Dir: #1; ok"}


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def _hostile_handbook(write: Writer) -> None:
    for pid, name in HOSTILE_PERSONAS.items():
        write(f"personas/{pid}.md", PERSONA.replace("Maya Chen", _yaml(name)))
    stages = "".join(
        f"  - name: {_yaml(name)}\n    id: s{i}\n    emotion: {{chen: {i % 5 - 2}, percy: 1, dir: -1}}\n"
        + (f"    actions: [{', '.join(_yaml(a) for a in actions)}]\n" if actions else "")
        for i, (name, actions) in enumerate(HOSTILE_STAGES)
    )
    write(
        "maps/hostile.md",
        f"---\ntype: cem\ntitle: {_yaml('%%{init: {}}%% 50% <script>x</script> & R&D: #1; <b>b</b>')}\n"
        f"personas: [chen, percy, dir]\nstages:\n{stages}---\n",
    )


def test_hostile_names_survive_export_mermaid_and_import(mermaid: Mermaid, project: Path, write: Writer) -> None:
    _hostile_handbook(write)
    handbook = build_handbook(Settings.for_folder(project / "content", project))
    assert [str(d) for d in handbook.catalog.report.errors] == []
    model = handbook.catalog.maps["hostile"].model
    assert isinstance(model, Cem)
    export = mermaid_of_map(handbook, "hostile")
    assert export.notes and not export.too_long
    read = mermaid.read(export.text)
    assert_keeps(read, model.title, _stages(model), list(HOSTILE_PERSONAS.values()))
    assert_we_read_what_mermaid_reads(export.text, read)
    # and back: the imported map has the same title, stages, actions, emotions and persona names
    (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", encoding="utf-8")
    (project / "hostile.mmd").write_text(export.text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "import", "mermaid", "hostile.mmd", "--type", "cem", "--id", "again"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    data = load_text((project / "content/maps/again.md").read_text(encoding="utf-8"), "m", "m").data
    assert data is not None and data["title"] == model.title and data["personas"] == ["chen", "percy", "dir"]
    assert [(s["name"], s.get("actions", [])) for s in data["stages"]] == [(s.name, s.actions) for s in model.stages]
    assert [s["emotion"] for s in data["stages"]] == [s.emotion for s in model.stages]


# Pieces of names: everything Mermaid's journey lexer, its preprocessing (comments, directives, frontmatter)
# and its title sanitiser treat specially, keywords, and ordinary text around them.
PIECES = [
    "%",
    "%%",
    "{",
    "}",
    ":",
    ";",
    "#",
    "&",
    "<",
    ">",
    ",",
    " ",
    "\t",
    "a",
    "Z",
    "9",
    "title",
    "section",
    "journey",
    "accTitle",
    "accDescr",
    "init",
    "<br>",
    "<b>",
    "</b>",
    "'",
    '"',
    "\\",
    "---",
    "é",
    "中",
    "😀",
]
NAME = st.lists(st.sampled_from(PIECES), min_size=1, max_size=7).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=NAME,
    stages=st.lists(
        st.tuples(NAME, st.lists(NAME, max_size=3, unique_by=str.strip)),
        min_size=1,
        max_size=3,
        unique_by=lambda s: s[0].strip(),
    ),
    actors=st.lists(NAME, min_size=1, max_size=3, unique_by=str.strip),
)
def test_any_names_survive_mermaid(
    mermaid: Mermaid, title: str, stages: list[tuple[str, list[str]]], actors: list[str]
) -> None:
    sections = [Section(name, tuple(acts), {a: i % 5 - 2 for i, a in enumerate(actors)}) for name, acts in stages]
    export = journey_text(title, sections)
    read = mermaid.read(export.text)
    expected = [(name.strip(), [a.strip() for a in acts]) for name, acts in stages]
    assert_keeps(read, title.strip(), expected, [a.strip() for a in actors])
    assert_we_read_what_mermaid_reads(export.text, read)


def test_the_map_pages_mermaid_section_is_what_mermaid_reads(
    mermaid: Mermaid, project: Path, write: Writer, build: Callable[..., BuildResult]
) -> None:
    _hostile_handbook(write)
    long_stages = "".join(f"  - {{name: Stage {i}, emotion: 1, actions: [Step {i} {'x' * 900}]}}\n" for i in range(60))
    write("personas/maya.md", PERSONA)
    write("maps/long.md", f"---\ntype: cjm\ntitle: Long\npersona: maya\nstages:\n{long_stages}---\n")
    result = build()
    assert result.code == 0, result.output
    handbook = build_handbook(Settings.for_folder(project / "content", project))
    for mid in ("hostile", "long"):
        details = result.html(f"maps/{mid}/index.html").select_one("details#mermaid")
        assert details is not None
        text = details.select_one("pre code").get_text()
        export = mermaid_of_map(handbook, mid)
        assert text == export.text  # what a reader copies is the export, unescaped
        said = " ".join(details.p.get_text().split())
        assert ("look-alike characters" in said) == (mid == "hostile")
        assert ("Note: the Mermaid text is" in said) == (mid == "long") == export.too_long
    mermaid.configure(maxTextSize=10 * MAX_TEXT_SIZE)
    try:
        model = handbook.catalog.maps["long"].model
        assert model is not None
        assert_keeps(mermaid.read(export.text), "Long", _stages(model), ["Maya Chen"])
    finally:
        mermaid.configure()


def test_a_name_on_several_lines_is_one_line_with_a_note(mermaid: Mermaid) -> None:
    export = journey_text("Two\nlines", [Section("A\r\nB", ("c\n\nd",), {"Me": 1})])
    read = mermaid.read(export.text)
    assert_keeps(read, "Two lines", [("A B", ["c d"])], ["Me"])
    assert any(note.startswith("action 'c d': written on one line") for note in export.notes)


def _long_map(size: int) -> tuple[Export, list[Section]]:
    """A map whose Mermaid text is ``size`` characters for Mermaid (stages without emotion add comment lines,
    which Mermaid drops before it counts)."""

    def sections(pad: int) -> list[Section]:
        return [
            Section(
                f"Stage {i}", (f"Action {i} " + "x" * (850 + (pad if i == 0 else 0)),), {"Me": None if i % 2 else 1}
            )
            for i in range(54)
        ]

    first = journey_text("Long", sections(0))
    padded = sections(size - mermaid_length(first.text))
    export = journey_text("Long", padded)
    assert mermaid_length(export.text) == size and len(export.text) > size  # the comments are not counted
    return export, padded


def test_mermaid_draws_up_to_max_text_size_and_a_longer_export_says_so(mermaid: Mermaid) -> None:
    (fits, _), (too_long, sections) = _long_map(MAX_TEXT_SIZE), _long_map(MAX_TEXT_SIZE + 1)
    assert not fits.too_long and not fits.notes
    assert too_long.too_long and too_long.notes == [
        f"the Mermaid text is {MAX_TEXT_SIZE + 1:,} characters; Mermaid draws at most 50,000 by default and shows "
        "'Maximum text size in diagram exceeded' instead: raise maxTextSize in mermaid.initialize (a diagram cannot "
        "raise it), or split the map"
    ]
    read = mermaid.read(fits.text)
    assert read.drawn is not None and read.drawn.error is None and len(read.drawn.tasks) == 54
    read = mermaid.read(too_long.text)
    assert read.drawn is not None and read.drawn.error == "Maximum text size in diagram exceeded"
    mermaid.configure(maxTextSize=10 * MAX_TEXT_SIZE)  # what the note tells a site to do
    try:
        read = mermaid.read(too_long.text)
        assert_keeps(read, "Long", [(s.name, list(s.actions)) for s in sections], ["Me"])
        assert_we_read_what_mermaid_reads(too_long.text, read)
    finally:
        mermaid.configure()
