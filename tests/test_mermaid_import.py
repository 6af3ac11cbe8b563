"""`journeymaps import mermaid` on what Mermaid accepts but people rarely write, and on what it cannot carry:
the map written, and the one line said for each thing that was lost, changed or made up.

(What Mermaid itself reads from real diagrams is checked in test_mermaid_corpus.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import PERSONA, Writer
from journeymaps.cli import main
from journeymaps.interop.mermaid import Section, journey_text
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text


@pytest.fixture
def run(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """``journeymaps import mermaid x.mmd ARGS`` on ``text`` in the project: (exit code, stdout, stderr lines)."""
    (project / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", encoding="utf-8")
    monkeypatch.chdir(project)

    def _run(text: str | bytes, *args: str) -> tuple[int, str, list[str]]:
        path = project / "x.mmd"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        code = main(["import", "mermaid", "x.mmd", *args])
        out, err = capsys.readouterr()
        return code, out.strip(), err.splitlines()

    return _run


def _map(project: Path, ident: str) -> dict[str, Any]:
    data = load_text((project / f"content/maps/{ident}.md").read_text(encoding="utf-8"), "m", "m").data
    assert data is not None
    return data


def _errors(project: Path) -> list[str]:
    return [str(d) for d in build(Settings.for_folder(project / "content", project)).catalog.report.errors]


def test_bom_indented_frontmatter_title_and_accdescr_block(run: Any, project: Path) -> None:
    text = (
        "\ufeff  ---\r\n  title: 'Renewing: a passport'\r\n  config: {theme: forest}\r\n  ---\r\n"
        "journey\r\n  accDescr {\r\n    two lines\r\n    of description\r\n  }\r\n"
        "  section Apply\r\n    Fill the form: 4: Maya\r\n"
    )
    code, out, err = run(text, "--id", "passport")
    assert code == 0 and out == "content/maps/passport.md"
    assert err == [
        "x.mmd:6: accessibility description is not kept (write it in the page body)",
        "note: persona 'maya' does not exist yet; create it with: journeymaps new persona --title Maya --id maya",
    ]
    data = _map(project, "passport")
    assert data["title"] == "Renewing: a passport" and [s["name"] for s in data["stages"]] == ["Apply"]
    assert data["stages"][0]["actions"] == ["Fill the form"]


def test_the_journeys_own_title_wins_over_the_frontmatter_and_follows_an_accdescr_block(
    run: Any, project: Path
) -> None:
    text = "---\ntitle: Default\n---\njourney\naccDescr {\n  x\n}title Own title\nsection A\n  t: 3: Me\n"
    assert run(text, "--id", "own")[0] == 0
    assert _map(project, "own")["title"] == "Own title"


def test_two_sections_with_one_name_get_their_own_stage_ids(run: Any, project: Path, write: Writer) -> None:
    text = (
        "journey\n title Webhooks\n section Shop\n  a: 5: Shop\n section Bank\n  b: 4: Shop\n section Shop\n  c: 3: X\n"
    )
    code, _, err = run(text)
    assert code == 0
    assert "x.mmd:7: section 'Shop': stage id 'shop' is taken; this stage is 'shop-2'" in err
    assert [(s["name"], s.get("id")) for s in _map(project, "webhooks")["stages"]] == [
        ("Shop", None),
        ("Bank", None),
        ("Shop", "shop-2"),
    ]
    write("personas/shop.md", PERSONA)
    assert _errors(project) == []


def test_non_latin_actors_get_persona_ids_and_the_command_to_create_them(
    run: Any, project: Path, write: Writer
) -> None:
    text = "journey\n title 朝の通勤\n section 家を出る\n  お茶: 5: 私\n  階段: 1: 私, 猫\n  遅刻: 2: Ann!, Ann?\n"
    code, out, err = run(text, "--type", "cem")
    assert code == 1 and out == ""
    assert err == ["journeymaps import: x.mmd: the title '朝の通勤' gives no map id; add --id, e.g. --id my-journey"]
    code, out, err = run(text, "--type", "cem", "--id", "commute")
    assert code == 0, err
    assert err[:3] == [
        "x.mmd: actor '私' has no Latin letters or digits: persona id 'persona-1' (rename it as you like)",
        "x.mmd: actor '猫' has no Latin letters or digits: persona id 'persona-2' (rename it as you like)",
        "x.mmd: actor 'Ann?' gives the id 'ann' of another actor: persona id 'ann-2' (rename it as you like)",
    ]
    hint = "note: persona 'persona-1' does not exist yet; create it with: journeymaps new persona --title '私'"
    assert f"{hint} --id persona-1" in err
    data = _map(project, "commute")
    assert data["personas"] == ["persona-1", "persona-2", "ann", "ann-2"]
    assert data["stages"][0]["emotion"] == {"persona-1": 0, "persona-2": -2, "ann": -1, "ann-2": -1}
    for pid in data["personas"]:
        write(f"personas/{pid}.md", PERSONA)
    assert _errors(project) == []


def test_what_mermaid_skips_is_skipped_and_said(run: Any, project: Path) -> None:
    text = (
        "journey\n title Sale\n section Shop\n"
        "  %50 off: 3: Me\n"  # Mermaid's lexer: a comment
        "  a%%b: 3: Me\n"  # also a comment (any character, then %%)
        "  Pay: 4: Me: extra\n"  # Mermaid reads the actors up to the next colon
        "  Wrap%%{init: {}}%%: 5: Me\n"  # a directive inside a name is removed
        "  Leave: 2: Me # a comment\n"
    )
    code, _, err = run(text, "--id", "sale")
    assert code == 0
    assert err[:3] == [
        "x.mmd:4: '%50 off: 3: Me' is a comment for Mermaid; skipped",
        "x.mmd:5: 'a%%b: 3: Me' is a comment for Mermaid; skipped",
        "x.mmd:6: 'extra' after the actors is ignored, as Mermaid does",
    ]
    assert _map(project, "sale")["stages"][0]["actions"] == ["Pay", "Wrap", "Leave"]


def test_a_task_named_like_its_section_is_an_action_unless_the_export_marked_it(run: Any, project: Path) -> None:
    assert run("journey\n title Help\n section Call us\n  Call us: 2: Me\n", "--id", "help")[0] == 0
    assert _map(project, "help")["stages"][0]["actions"] == ["Call us"]
    exported = journey_text("Help", [Section("Call us", (), {"Me": None})]).text
    assert "%% no actions recorded" in exported and "%% no emotion recorded" in exported
    assert run(exported, "--id", "help-again")[0] == 0
    assert _map(project, "help-again")["stages"] == [{"name": "Call us"}]


def test_a_frontmatter_that_is_not_yaml_is_said(run: Any, project: Path) -> None:
    code, _, err = run("---\ntitle: [unclosed\n---\njourney\n title T\n section A\n  t: 3: Me\n", "--id", "t")
    assert code == 0
    assert err[0].startswith("x.mmd:1: the --- frontmatter is not YAML (") and "Mermaid refuses it" in err[0]
    assert _map(project, "t")["title"] == "T"


def test_made_up_ids_stay_valid_ids_for_long_names(run: Any, project: Path, write: Writer) -> None:
    long = "Stage " + "x" * 70
    text = f"journey\n title Long\n section {long}\n  a: 5: {long}\n section {long}\n  b: 4: {long}!\n"
    code, _, err = run(text, "--type", "cem")
    assert code == 0, err
    data = _map(project, "long")
    assert [len(s.get("id", "")) for s in data["stages"]] == [0, 64] and len(data["personas"][1]) == 64
    for pid in data["personas"]:
        write(f"personas/{pid}.md", PERSONA)
    assert _errors(project) == []


def test_import_never_writes_through_a_link_outside_the_docs_folder(project: Path, run: Any, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "content" / "maps").symlink_to(outside, target_is_directory=True)
    diagram = "journey\n  title Paying a supplier\n  section Add\n    Enter details: 3: Maya\n"
    code, out, err = run(diagram, "--id", "pay")
    assert (code, out) == (1, "")
    assert err == [
        "journeymaps import: content/maps/pay.md leads outside content (a symbolic link); "
        "an import writes only inside the docs folder"
    ]
    assert list(outside.iterdir()) == []
