"""Every error class of FORMAT.md "What counts as an error": its exact one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CEM, CJM, PERSONA, Writer
from journeymaps.pipeline import build
from journeymaps.settings import Settings

MAP = "maps/opening.md"
CASES = {
    "yaml": (
        "title: Account opening",
        "title: [broken",
        "content/maps/opening.md:3: YAML does not parse: did not find expected ',' or ']' "
        "(a [ or { opened here is not closed, or a value inside it needs quotes)",
    ),
    "tab": ("persona: maya", "persona:\tmaya\n\tx: 1", None),
    "wrong type": (
        "reviewed: 2026-09-30",
        "reviewed: soon",
        "content/maps/opening.md:6: reviewed: expected a date (YYYY-MM-DD), got 'soon'",
    ),
    "missing key": ("title: Account opening\n", "", "content/maps/opening.md:2: title: is required but missing"),
    "bad state": (
        "persona: maya",
        "persona: maya\nstate: later",
        "content/maps/opening.md:5: state: 'later' is not one of: current, future",
    ),
    "unknown touchpoint": (
        "signup-form",
        "signup-from",
        "content/maps/opening.md:12: stages[0].touchpoints[0]: touchpoint 'signup-from' does not exist (did you mean "
        "'signup-form'?)",
    ),
    "unknown cem": (
        "lifecycle#open",
        "lifecycel#open",
        "content/maps/opening.md:5: zooms_into: map 'lifecycel' does not exist (did you mean 'lifecycle'?)",
    ),
    "unknown stage": (
        "lifecycle#open",
        "lifecycle#opne",
        "content/maps/opening.md:5: zooms_into: cem 'lifecycle' has no stage 'opne' (its stages: discover, open) "
        "(did you mean 'open'?)",
    ),
    "two personas": (
        "persona: maya",
        "personas: [maya, raj]",
        "content/maps/opening.md:4: personas: a cjm has exactly one persona; found 2 (maya, raj)",
    ),
    "no persona": (
        "persona: maya\n",
        "",
        "content/maps/opening.md:2: persona: a cjm has exactly one persona; none is given",
    ),
    "future_of on current": (
        "persona: maya",
        "persona: maya\nfuture_of: lifecycle",
        "content/maps/opening.md:5: future_of: future_of is only for future-state maps; add `state: future` or "
        "remove it",
    ),
    "future_of missing": (
        "persona: maya",
        "persona: maya\nstate: future\nfuture_of: nowhere",
        "content/maps/opening.md:6: future_of: map 'nowhere' does not exist",
    ),
    "severity": (
        "severity: 4",
        "severity: 9",
        "content/maps/opening.md:15: stages[1].pain_points[0].severity: 9 is outside 1..5",
    ),
    "non-numeric emotion": (
        "emotion: 1",
        "emotion: happy",
        "content/maps/opening.md:11: stages[0].emotion: 'happy' is not a number; use a number in -2..2",
    ),
    "duplicate stage id": (
        "name: Verify identity",
        "name: Sign up",
        "content/maps/opening.md:13: stages[1].id: stage id 'sign-up' is already used by stages[0]; give this stage "
        "its own `id:`",
    ),
    "duplicate key": (
        "persona: maya",
        "persona: maya\npersona: raj",
        "content/maps/opening.md:5: persona: key 'persona' appears twice (lines 4 and 5); remove one",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_class(case: str, project: Path, write: Writer) -> None:
    old, new, expected = CASES[case]
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    assert old in CJM
    write(MAP, CJM.replace(old, new, 1))
    report = build(Settings.for_folder(project / "content", project)).catalog.report
    lines = [str(d) for d in report.errors]
    assert len(lines) == 1, lines
    if expected is None:  # tabs: the line and the hint matter
        assert lines[0].startswith("content/maps/opening.md:") and "indent with spaces, not tabs" in lines[0], lines
    else:
        assert lines == [expected]


def test_zooms_into_on_a_cem_and_to_a_cjm(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA)
    write("maps/lifecycle.md", CEM.replace("personas: [maya, raj]", "personas: [maya, raj]\nzooms_into: other#x"))
    write("maps/opening.md", CJM.replace("lifecycle#open", "other#s").replace("signup-form, ", ""))
    write("maps/other.md", "---\ntype: cjm\ntitle: Other\npersona: maya\nstages: [{name: S}]\n---\n")
    lines = [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors]
    assert lines == [
        "content/maps/lifecycle.md:5: zooms_into: only a cjm zooms into a cem stage; a cem does not zoom into anything",
        "content/maps/opening.md:5: zooms_into: 'other' is a cjm, not a cem; zooms_into names a cem stage",
    ]


def test_inline_touchpoint_clashing_with_a_file(project: Path, write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    write("touchpoints/video-id-call.md", "---\ntype: touchpoint\nname: Video\nchannel: app\n---\n")
    write(MAP, CJM)
    lines = [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors]
    assert lines == [
        "content/maps/opening.md:12: stages[0].touchpoints[1]: inline touchpoint id 'video-id-call' is already "
        "the id of content/touchpoints/video-id-call.md; refer to it by id (- video-id-call) or give this one "
        "another `id:`"
    ]
