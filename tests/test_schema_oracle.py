"""The editor's verdict and the build's agree: a standard JSON Schema validator (``jsonschema``) reads the frontmatter
as an editor does (YAML 1.2: :func:`corpus_cases.editor_reading`) and checks it against the schema the site publishes;
the real build (the pipeline, and ``journeymaps validate``) checks the same file. For every field of the format, with
the values YAML 1.1 and 1.2 read differently (``yes``, ``NO``, ``0755``, ``1e0``, ``=``...) and the values near each
rule's edge, both accept the file or both refuse it, and what the build keeps is what the editor read.

What only the other files can show (a persona that does not exist) is left out; so is what a JSON Schema cannot say
(NaN, two stages with one id, path shares over 100%: see content/guide/editor-validation.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from corpus_cases import TAXONOMY, editor_reading, load_corpus
from journeymaps.catalog.taxonomy import site_lanes
from journeymaps.pipeline import build
from journeymaps.settings import Options, Settings
from journeymaps.validation.schema import json_schema

CORPUS = load_corpus()
CJM = "type: cjm\ntitle: T\npersona: maya\n{top}stages:\n  - name: Sign up\n{stage}"
CEM = "type: cem\ntitle: L\npersonas: [maya, raj]\n{top}stages:\n  - name: Discover\n{stage}"


def cjm(top: str = "", stage: str = "") -> str:
    return CJM.format(top=top, stage=stage)


# Scalars that YAML 1.1 (PyYAML) and YAML 1.2 (editors) read differently, and a few both read alike.
WORDS = ["yes", "no", "NO", "On", "off", "y", "True", "~", "0755", "010", "090", "0o17", "0x1F", "1e3", "1e0"]
WORDS += ["2.10", "1:30", "07:30", "2026-12-01", "+1", "=", "'yes'", "-0", "1.", ".5"]
FIELDS = {
    "title": lambda v: cjm().replace("title: T\n", f"title: {v}\n"),
    "scope": lambda v: cjm(f"scope: {v}\n"),
    "stage name": lambda v: cjm().replace("- name: Sign up\n", f"- name: {v}\n"),
    "goal": lambda v: cjm(stage=f"    goal: {v}\n"),
    "actions": lambda v: cjm(stage=f"    actions: [{v}]\n"),
    "stage id": lambda v: cjm(stage=f"    id: {v}\n"),
    "moment_of_truth": lambda v: cjm(stage=f"    moment_of_truth: {v}\n"),
    "emotion": lambda v: cjm(stage=f"    emotion: {v}\n"),
    "severity": lambda v: cjm(stage=f"    pain_points: [{{title: P, severity: {v}}}]\n"),
    "review_every": lambda v: cjm(f"review_every: {v}\n"),
    "reviewed": lambda v: cjm(f"reviewed: {v}\n"),
    "state": lambda v: cjm(f"state: {v}\n"),
    "time": lambda v: cjm("kind: day-in-the-life\n", f"    time: {v}\n"),
    "metrics value": lambda v: cjm(stage=f"    metrics: {{csat: {v}}}\n"),
    "metrics key": lambda v: cjm(stage=f"    metrics: {{{v}: 3}}\n"),
    "rating lane": lambda v: cjm(stage=f"    confidence: {v}\n"),
    "list lane": lambda v: cjm(stage=f"    jobs: [{v}]\n"),
    "share": lambda v: cjm(stage=f"    paths: [{{name: P, share: {v}}}]\n"),
}
# Files whose rules a JSON Schema can say: one per rule near its edge (each was a disagreement before).
EDGES = {
    "cjm personas not an id": cjm().replace("persona: maya\n", "personas: [Maya]\n"),
    "cjm persona null": cjm().replace("persona: maya\n", "persona: ~\n"),
    "cem personas empty": CEM.format(top="", stage="").replace("[maya, raj]", "[]"),
    "cem personas null": CEM.format(top="", stage="").replace("[maya, raj]", "~"),
    "cem persona twice": CEM.format(top="", stage="").replace("[maya, raj]", "[maya, maya]"),
    "cem zooms_into empty": CEM.format(top="zooms_into: []\n", stage=""),
    "cem zooms_into null": CEM.format(top="zooms_into: ~\n", stage=""),
    "zooms_into twice": cjm("zooms_into: [lifecycle#open, lifecycle#open]\n"),
    "future_of null on a current map": cjm("future_of: ~\n"),
    "rating lane null": cjm(stage="    confidence: ~\n"),
    "rating lane empty text": cjm(stage="    confidence: ''\n"),
    "list lane null": cjm(stage="    jobs: ~\n"),
    "text lane of a number": cjm(stage="    jobs: 3\n"),
    "time as a decimal": cjm("kind: day-in-the-life\n", "    time: 7.30\n"),
    "time as digits": cjm("kind: day-in-the-life\n", "    time: 0730\n"),
    "reviewed February 30": cjm("reviewed: 2026-02-30\n"),
    "reviewed February 29, leap year": cjm("reviewed: 2028-02-29\n"),
    "reviewed February 29, not a leap year": cjm("reviewed: 2100-02-29\n"),
    "reviewed as seconds": cjm("reviewed: 86400\n"),
    "reviewed with a time": cjm("reviewed: '2026-12-01T00:00:00'\n"),
    "reviewed with blanks": cjm("reviewed: ' 2026-12-01 '\n"),
    "id with a line break": cjm('id: "signup\\n"\n'),
    "zooms_into with a space": cjm("zooms_into: 'lifecycle#open '\n"),
    "image on another site": cjm(stage="    image: {src: 'https://cdn.example.com/a.svg', alt: A}\n"),
    "image absolute": cjm(stage="    image: {src: /a.svg, alt: A}\n"),
    "image with a backslash": cjm(stage="    image: {src: 'img\\\\a.svg', alt: A}\n"),
    "lanes misspelt": cjm("lanes: [actions, confidnce]\n"),
    "lanes declared": cjm("lanes: [actions, confidence, jobs]\n"),
    "cem emotion key not an id": CEM.format(top="", stage="    emotion: {Maya: 1}\n"),
}


def _schema(root: Path) -> dict[str, Any]:
    assert CORPUS.taxonomy is not None
    (root / TAXONOMY).write_bytes(CORPUS.taxonomy)
    return json_schema(site_lanes(root / TAXONOMY))


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> jsonschema.Draft7Validator:
    schema = _schema(tmp_path_factory.mktemp("schema"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def editor(validator: jsonschema.Draft7Validator, frontmatter: str) -> list[str]:
    return [e.message for e in validator.iter_errors(editor_reading(frontmatter))]


def the_build(root: Path, frontmatter: str) -> tuple[list[str], Any]:
    """The build's errors for ``maps/case.md`` (the corpus' good pages beside it), and its model."""
    docs = CORPUS.write(root)
    (docs / "maps" / "case.md").write_text(f"---\n{frontmatter}---\nBody.\n", encoding="utf-8")
    catalog = build(Settings.for_folder(docs, root, CORPUS.options())).catalog
    found = catalog.by_src.get("maps/case.md")
    return [str(d) for d in catalog.report.errors], found.model if found is not None else None


def _agree(validator: jsonschema.Draft7Validator, root: Path, frontmatter: str) -> None:
    said = editor(validator, frontmatter)
    errors, _ = the_build(root, frontmatter)
    assert bool(said) == bool(errors), f"editor: {said}\nbuild: {errors}\n{frontmatter}"


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_editor_and_build_agree_on_every_yaml_word(field: str, validator: jsonschema.Draft7Validator, tmp_path: Path):
    for n, word in enumerate(WORDS):
        _agree(validator, tmp_path / str(n), FIELDS[field](word))


@pytest.mark.parametrize("name", sorted(EDGES))
def test_editor_and_build_agree_at_each_rules_edge(name: str, validator: jsonschema.Draft7Validator, tmp_path: Path):
    _agree(validator, tmp_path, EDGES[name])


def test_the_build_keeps_what_the_editor_read(tmp_path: Path) -> None:
    """Not only the verdict: the values are the editor's (YAML 1.1 made these true, false, 493 and the key true)."""
    text = cjm(
        "review_every: 0755\nscope: off\n",
        "    id: no\n    actions: [yes, On]\n    metrics: {yes: NO, wait: 090}\n"
        "    pain_points: [{title: P, severity: 05}]\n",
    ).replace("title: T", "title: yes")
    data = editor_reading(text)
    errors, model = the_build(tmp_path, text)
    assert errors == []
    assert model.title == data["title"] == "yes"
    assert model.scope == data["scope"] == "off"
    assert model.review_every == data["review_every"] == 755
    stage = model.stages[0]
    assert stage.id == "no" and stage.actions == ["yes", "On"]
    assert stage.metrics == data["stages"][0]["metrics"] == {"yes": "NO", "wait": 90}
    assert stage.pain_points[0].severity == 5


def test_yes_where_true_is_wanted_is_one_line_with_the_fix(tmp_path: Path) -> None:
    """Refused by both; the build says why and what to write (file:line, field, what is wrong, a suggestion)."""
    docs = CORPUS.write(tmp_path)
    (docs / "maps" / "mot.md").write_text("---\n" + cjm(stage="    moment_of_truth: yes\n") + "---\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "validate", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (
        "ERROR: content/maps/mot.md:7: stages[0].moment_of_truth: expected true or false, got 'yes', which is text in "
        "YAML 1.2 (as editors read it) (did you mean 'true'?)"
    ) in proc.stdout.splitlines()


def test_the_taxonomy_file_is_read_as_pages_are(tmp_path: Path) -> None:
    """The site's taxonomy file is read as YAML 1.2 too: a channel labelled ``No`` (Norway's) or ``On`` is that text,
    and a channel id ``off`` is that id (YAML 1.1 read them as true and false: an error, or a key that is no id)."""
    docs = tmp_path / "docs"
    (docs / "maps").mkdir(parents=True)
    (tmp_path / "taxonomy.yml").write_text(
        "channels:\n  post-no: {label: NO, icon: material/email}\n  off: {label: On, icon: material/web}\n",
        encoding="utf-8",
    )
    (docs / "maps" / "m.md").write_text(
        "---\n"
        + cjm(stage="    touchpoints: [{name: Letter, channel: post-no}, {name: Site, channel: off}]\n")
        + "---\n",
        encoding="utf-8",
    )
    (docs / "persona.md").write_text("---\ntype: persona\nid: maya\nname: Maya\n---\n", encoding="utf-8")
    handbook = build(Settings.for_folder(docs, root=tmp_path, options=Options(taxonomy="taxonomy.yml")))
    assert [str(d) for d in handbook.report.sorted()] == []
    taxonomy = handbook.catalog.taxonomy
    assert (taxonomy.channel("post-no").label, taxonomy.channel("off").label) == ("NO", "On")
    assert "off" in taxonomy.channels


TEXTS = [w.strip("'") for w in WORDS] + [
    "1E5",
    "+1e3",
    "-.5e+3",
    "0o755",
    "0x1F",
    ".inf",
    ".NaN",
    "1_000",
    "12",
    "-0.0",
]


@pytest.mark.parametrize("text", TEXTS)
def test_what_journeymaps_writes_is_read_back_as_written(text: str) -> None:
    """The files journeymaps writes (`journeymaps new`, the CSV import: :func:`frontmatter_text`, scaffold's
    :func:`scalar`) say each text so that the build and an editor (YAML 1.2) read that text back, not a number, a
    date or true: PyYAML's writer follows YAML 1.1, where ``1e3`` and ``0o17`` are text and need no quotes."""
    from journeymaps.interop.mapfile import frontmatter_text
    from journeymaps.interop.scaffold import scalar
    from journeymaps.sources.frontmatter import parse_frontmatter

    data = {"title": text, "items": [text, {"name": text}]}
    yaml_text = frontmatter_text(data).removeprefix("---\n").removesuffix("---\n")
    assert parse_frontmatter(yaml_text, "x.md", yaml12=True)[0] == data
    assert editor_reading(yaml_text) == data
    assert parse_frontmatter(f"title: {scalar(text)}\n", "x.md", yaml12=True)[0] == {"title": text}
    from journeymaps.export.docs_folder import page_text  # `journeymaps generate`'s pages, for other engines

    front = page_text({"title": text}, "", "", "").split("---\n")[1]
    assert editor_reading(front) == {"title": text}
