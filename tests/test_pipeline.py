"""The core pipeline (load -> validate -> resolve -> analyse) on real files, no site build."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from conftest import CEM, CJM, PERSONA, Writer
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text


def messages(project: Path) -> list[str]:
    handbook = build(Settings.for_folder(project / "content", project))
    return [str(d) for d in handbook.catalog.report.sorted()]


def base(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")


def test_valid_handbook_resolves_every_link(project: Path, write: Writer) -> None:
    base(write)
    write("maps/opening.md", CJM)
    handbook = build(Settings.for_folder(project / "content", project), as_of=date(2026, 11, 22))
    cat = handbook.catalog
    assert [str(d) for d in cat.report.sorted()] == []
    assert sorted(cat.personas) == ["maya", "raj"]
    assert cat.zoomed_by == {"lifecycle": [("opening", "open")]}
    assert cat.persona_maps["maya"] == ["lifecycle", "opening"]
    assert cat.touchpoints["video-id-call"].inline
    assert cat.touchpoints["video-id-call"].src_uri == "touchpoints/video-id-call.md"
    assert cat.stage_touchpoints["opening"] == [["signup-form", "video-id-call"], []]
    facts = handbook.analysis.maps["opening"]
    assert facts.series == {"maya": [1.0, -2.0]}
    assert not facts.assumption_based and not facts.review.stale
    assert handbook.analysis.maps["lifecycle"].assumption_based


def test_emotion_out_of_range_names_file_line_and_field(project: Path, write: Writer) -> None:
    base(write)
    write("maps/opening.md", CJM.replace("emotion: -2", "emotion: 5"))
    assert messages(project) == ["content/maps/opening.md:14: stages[1].emotion: 5 is outside -2..2"]


def test_unknown_persona_suggests_the_nearest(project: Path, write: Writer) -> None:
    base(write)
    write("maps/opening.md", CJM.replace("persona: maya", "persona: mya"))
    assert messages(project) == [
        "content/maps/opening.md:4: persona: persona 'mya' does not exist (did you mean 'maya'?)"
    ]


def test_duplicate_id_names_both_files(project: Path, write: Writer) -> None:
    base(write)
    write("other/maya.md", PERSONA)
    assert messages(project) == [
        "content/personas/maya.md:2: id: id 'maya' is already used by content/other/maya.md; ids must be unique "
        "among personas"
    ]


def test_bad_id_is_refused(project: Path, write: Writer) -> None:
    base(write)
    write("personas/x.md", "---\ntype: persona\nid: ../x\nname: X\n---\n")
    out = messages(project)
    assert len(out) == 1 and out[0].startswith("content/personas/x.md:3: id: '../x' is not a valid id")


def test_future_of_cycle(project: Path, write: Writer) -> None:
    base(write)
    write(
        "maps/a.md", "---\ntype: cjm\ntitle: A\nstate: future\nfuture_of: b\npersona: maya\nstages: [{name: S}]\n---\n"
    )
    write(
        "maps/b.md", "---\ntype: cjm\ntitle: B\nstate: future\nfuture_of: a\npersona: maya\nstages: [{name: S}]\n---\n"
    )
    out = messages(project)
    assert "content/maps/a.md:5: future_of: future_of makes a cycle: a -> b -> a" in out
    assert "content/maps/b.md:5: future_of: future_of makes a cycle: b -> a -> b" in out


def test_yaml_error_and_misspelled_type(project: Path, write: Writer) -> None:
    base(write)
    write("maps/bad.md", "---\ntype: cjm\ntitle: [unclosed\n---\n")
    write("maps/typo.md", "---\ntype: cjmm\ntitle: T\n---\n")
    out = messages(project)
    assert any(m.startswith("content/maps/bad.md:3: YAML does not parse") for m in out), out
    assert (
        "content/maps/typo.md:2: type: 'cjmm' is not an entity type, so this page is left as an ordinary page (did "
        "you mean 'cjm'?)" in out
    )


def test_bom_and_crlf_keep_line_numbers() -> None:
    doc = load_text("\ufeff---\r\ntype: persona\r\nname: 5\r\nid: Bad\r\n---\r\n", "p.md", "p.md")
    assert doc.lines[("id",)] == 4


def test_comma_in_flow_mapping_is_not_silently_lost(project: Path, write: Writer) -> None:
    base(write)
    write(
        "personas/maya.md",
        PERSONA.replace(
            "channels: [email, app]", "channels: [email, app]\nevidence:\n  - {type: survey, note: Panel, Q3 2026}"
        ),
    )
    assert messages(project) == [
        "content/personas/maya.md:7: evidence[0]: 'Q3 2026' became a key with no value: "
        "a comma inside {...} splits the text; put the whole text in quotes"
    ]


def test_health_findings_are_computed_once_and_let_the_positions_go(project: Path, write: Writer) -> None:
    """The map page and the health page share one list of findings per map; the field positions read for their
    lines are let go after (memory at scale), and the lines stay right."""
    from journeymaps.analysis.health import map_health

    base(write)
    write("maps/opening.md", CJM)  # no opportunities, no owner: findings with lines
    handbook = build(Settings.for_folder(project / "content", project), as_of=date(2026, 11, 22))
    doc = handbook.catalog.maps["opening"].doc
    first = map_health(handbook.catalog, handbook.analysis, "opening")
    assert first and map_health(handbook.catalog, handbook.analysis, "opening") is first
    assert doc._lines is None
    layer = next(f for f in first if f.code == "layer")
    assert layer.line == CJM.lstrip("\n").split("\n").index("stages:") + 1  # the `stages:` line of the file
    assert doc.line(("stages",)) == layer.line  # read again on demand


def test_text_that_is_an_evidence_type_names_the_type_and_stays_as_written(project: Path, write: Writer) -> None:
    """``- interviews`` names the type, on personas and maps, in one build and in every rebuild of one that keeps
    its models (serve): the taxonomy read by each build decides, and what one build read is not kept in the model."""
    from dataclasses import replace

    from journeymaps.pipeline import Pipeline

    base(write)
    write("personas/maya.md", PERSONA.replace("channels: [email, app]", "channels: [email, app]\nevidence: interviews"))
    write("maps/opening.md", CJM.replace("  - {type: interviews, note: 12 interviews}", "  - survey\n  - diary"))
    settings = Settings.for_folder(project / "content", project)
    taxonomy = project / "taxonomy.yml"
    serve = Pipeline(replace(settings, taxonomy_file=taxonomy), keep=True)

    def evidence(handbook: Any, kind: str, ident: str) -> list[tuple[str | None, str | None]]:
        entities = handbook.catalog.personas if kind == "persona" else handbook.catalog.maps
        return [(e.type, e.note) for e in entities[ident].model.evidence]

    for text in ("", "mode: replace\nevidence:\n  diary: {label: Diary study, kind: why}\n"):
        taxonomy.write_text(text, encoding="utf-8")
        for handbook in (build(replace(settings, taxonomy_file=taxonomy)), serve.build()):
            said = [str(d) for d in handbook.catalog.report.sorted()]
            if not text:
                assert said == []
                assert evidence(handbook, "persona", "maya") == [("interviews", None)]
                assert evidence(handbook, "map", "opening") == [("survey", None), (None, "diary")]
            else:
                assert not [m for m in said if "evidence" in m], said
                assert evidence(handbook, "persona", "maya") == [(None, "interviews")]
                assert evidence(handbook, "map", "opening") == [(None, "survey"), ("diary", None)]
