"""The authoring commands speak the site's language: `new`, `import mermaid|csv`, `export mermaid|csv` and `generate`
in a site whose mkdocs.yml says `theme: {name: material, language: de}`.

The German catalogue gets these strings only when the translators have run `python3 tasks.py messages`, so the
commands run in-process with a German catalogue that marks each string it is asked for (``⟦...⟧``): every line a
command prints must be made of marked text, file locations and the `journeymaps <command>:` prefix, so a line (or a
part of one) that bypasses `_()` / `ngettext` fails. An English site, or a command that does not choose the site's
language, prints nothing marked and fails too. `generate`'s summary, whose German is in the catalogue, is read in
real German.
"""

from __future__ import annotations

import gettext
import re
import textwrap
from pathlib import Path

import pytest

from journeymaps import i18n
from journeymaps.cli import main

SITE = "site_name: Handbuch\ndocs_dir: docs\ntheme: {name: material, language: de}\nplugins: [journeymaps]\n"
PAGES = {
    "personas/maya.md": "---\ntype: persona\nname: Maya Okafor\n---\n",
    "maps/opening.md": """\
        ---
        type: cjm
        title: Account opening
        persona: maya
        stages:
          - name: "Sign up: the form"
            id: sign-up
            emotion: -1
          - name: Verify
            emotion: 1
        ---
        """,
}
MARK = re.compile(r"⟦[^⟦⟧]*⟧")
PLACE = re.compile(r"(?:[\w.-]+/)*[\w.-]+\.(?:md|csv|mmd|yml)(?::\d+(?:, \d+)*)?")
FIELD = re.compile(r"(?:stages\[\d+\]|map)(?:\.\w+|\[\d+\])*")


class Marked(gettext.NullTranslations):
    """A catalogue that says every string marked, with its placeholders as they are."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A German site (the terminal speaks English): its catalogue marks what it says."""
    real = i18n.catalogue
    monkeypatch.setattr(i18n, "catalogue", lambda lang: Marked() if lang == "de" else real(lang))
    for name, value in {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    for rel, text in PAGES.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    """(exit code, stdout lines, stderr lines) of `journeymaps ARGS`, run as the command line runs it."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def unsaid(line: str, *, fields: bool = False) -> str:
    """What of a printed line did not go through the catalogue ('' when nothing): the line without its marked
    parts, the `journeymaps <command>:` prefix, file locations (and, for `import csv`'s list of changes, the
    fields changed), when letters are left."""
    rest = re.sub(r"^journeymaps \w+: ", "", line)
    while MARK.search(rest):
        rest = MARK.sub("", rest)
    rest = PLACE.sub("", rest)
    rest = FIELD.sub("", rest) if fields else rest
    return line if re.search(r"[^\W\d_]", rest) else ""


def said(lines: list[str], *, fields: bool = False) -> list[str]:
    assert lines, "the command printed nothing"
    return [line for line in lines if unsaid(line, fields=fields)]


def test_the_check_sees_an_english_line() -> None:
    """The check itself: marked text, places and the prefix pass; a word outside the marks fails."""
    assert not unsaid("journeymaps import: docs/x.csv:2, 3: ⟦not taken: ⟦x⟧ is bad⟧")
    assert not unsaid("docs/maps/a.md: stages[0].goal, ⟦stage 'x' added⟧", fields=True)
    assert unsaid("journeymaps import: docs/x.csv:2: not taken: ⟦x⟧")
    assert unsaid("⟦1 map written⟧, 2 unchanged")
    assert unsaid("docs/maps/a.md: stages[0].goal, and 2 more", fields=True)


def test_new(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        *("new", "cjm", "--title", "Onboarding", "--persona", "ghost", "--stages", "Sign up, Verify"),
        *("--channel", "web", "--future-of", "nope"),
    )
    assert code == 0 and out == ["docs/maps/onboarding.md"] and len(err) == 3, err  # three notes
    assert not said(err), err
    for args in (
        ("new", "cjm", "--title", "X", "--persona", "maya", "--stages", "A, a"),  # two stages, one id
        ("new", "persona", "--title", "Maya", "--id", "maya"),  # there already
        ("new", "cem", "--title", "Life", "--persona", "maya", "--stages", "A", "--zooms-into", "x#y"),
        ("new", "cjm", "--title", "Life", "--persona", "maya", "--stages", "A", "--kind", "blueprnt"),
        ("new", "cjm", "--title", "Later", "--future-of", "opening", "--kind", "journey"),  # copies, with notes
        ("new", "touchpoint", "--title", "Chat", "--channel", "webb"),  # not a channel: a note
    ):
        code, out, err = run(capsys, *args)
        assert not said(err), (args, err)


def test_new_asks_in_the_sites_language() -> None:
    """On a terminal, the questions for what is missing."""
    from journeymaps.interop.scaffold import NewEntity, ask_essentials

    asked: list[str] = []
    with i18n.use(i18n.Speech("de", "de", Marked(), {})):
        ask_essentials(NewEntity("cjm"), lambda prompt: asked.append(prompt) or "x")
        ask_essentials(NewEntity("touchpoint"), lambda prompt: asked.append(prompt) or "x")
    assert len(asked) == 5 and not said(asked), asked


def test_import_mermaid(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "journey.mmd").write_text(
        "journey\n    %% a comment\n    section Discover\n      Find us: 7: Maya, 李\n      Read: 2: Maya\n"
        "    not a task line\n    section Discover\n      Compare: x: Maya\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import", "mermaid", "journey.mmd")
    assert code == 0 and out == ["docs/maps/discover.md"] and len(err) >= 5, err
    assert not said(err), err
    (site / "flow.mmd").write_text("flowchart TD\n  A-->B\n", encoding="utf-8")
    (site / "latin1.mmd").write_bytes("journey\n  title Café\n".encode("cp1252"))
    for args in (
        ("import", "mermaid", "flow.mmd"),  # not a journey
        ("import", "mermaid", "journey.mmd"),  # its map is there now
        ("import", "mermaid", "latin1.mmd"),
        ("import", "mermaid", "missing.mmd"),
        ("import", "mermaid", "journey.mmd", "--type", "cem", "--id", "Not An Id"),
        ("import", "mermaid", "journey.mmd", "--docs-dir", "nope"),  # the site's lines (cli/site.py)
    ):
        code, out, err = run(capsys, *args)
        assert code in (1, 2) and not said(err), (args, err)


def test_import_csv(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "stages.csv").write_text(
        "map_id,stage_id,stage_name,emotion,goal,bogus\n"
        "opening,sign-up,Sign up: the form,1,Open an account,\n"
        "opening,verify,Verify,9,,\n"
        "Bad Id,x,X,0,,\n"
        "newmap,s1,S1,0,,\n"
        "opening,verify\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import", "csv", "stages.csv")
    assert code == 1 and out == ["docs/maps/opening.md: stages[0].goal, stages[0].emotion"], out
    assert len(err) == 6 and not said(err), err  # five problems and the summary
    (site / "pain_points.csv").write_text("map_id,stage_id,item,title,severity\nnope,a,1,Slow,9\n", encoding="utf-8")
    (site / "actions.csv").write_text("map_id,stage_id,item,text\nopening,verify,1,Reads\n", encoding="utf-8")
    (site / "latin1.csv").write_bytes("map_id,stage_id,goal\nopening,verify,Café\n".encode("cp1252"))
    (site / "wide.csv").write_text(
        "map_id,stage_id,stage_name,goal\n" + "".join(f"opening,s{i},S{i},Goal\n" for i in range(8)), encoding="utf-8"
    )
    for args in (
        ("import", "csv", "pain_points.csv"),
        ("import", "csv", "actions.csv"),
        ("import", "csv", "latin1.csv"),
        ("import", "csv", "missing.csv"),
        ("import", "csv", "wide.csv"),  # eight stages added: "..., and 2 more"
    ):
        code, out, err = run(capsys, *args)
        assert not said(err) and not said(out or ["-"], fields=True), (args, out, err)


def test_export(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "mermaid", "opening")
    assert code == 0 and out[0] == "journey" and err and not said(err), err  # the stage's ':' is a look-alike
    code, out, err = run(capsys, "export", "mermaid", "nope")
    assert code == 1 and not said(err), err
    (site / "docs" / "maps" / "broken.md").write_text("---\ntype: cjm\ntitle: Broken\n---\n", encoding="utf-8")
    code, out, err = run(capsys, "export", "csv", "--out", "sheets")
    assert code == 1 and "sheets/stages.csv" in out and len(err) == 2 and not said(err), err  # left out
    with (site / "sheets" / "stages.csv").open("a", encoding="utf-8") as fh:
        fh.write("opening,new,New,,,,,,,,,,,,,,\n")
    code, out, err = run(capsys, "export", "csv", "--out", "sheets")
    assert code == 1 and not said(err), err  # edited in a spreadsheet: not overwritten


def test_the_commands_outside_a_site_speak_the_terminals_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No mkdocs.yml (or one above): what is wrong is said in the terminal's language."""
    monkeypatch.setattr(i18n, "catalogue", lambda lang: Marked())
    monkeypatch.setenv("LANGUAGE", "de")
    (tmp_path / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    for args in (("new", "persona", "--title", "Maya"), ("export", "csv", "-f", "nope.yml")):
        code, _out, err = run(capsys, *args)
        assert code == 2 and len(err) == 1 and not said(err), (args, err)


def test_generate_speaks_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The German catalogue as it is: the summary and a missing -f in German."""
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "maya.md").write_text(PAGES["personas/maya.md"], encoding="utf-8")
    code, _out, err = run(capsys, "generate", "--out", "out", "--no-pdf")
    assert code == 0 and err[-1].startswith("out geschrieben: "), err
    monkeypatch.setenv("LANGUAGE", "de")
    code, _out, err = run(capsys, "generate", "--out", "out", "-f", "nope.yml")
    assert code == 2 and err == [
        "journeymaps generate: nope.yml: Datei nicht gefunden (gib die mkdocs.yml der Website mit -f an)"
    ]
