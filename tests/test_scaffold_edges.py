"""`journeymaps new` (and the commands beside it) at the edges an outside test found: run from a subfolder of the
site, a docs_dir that is not there, repeated or mistyped references, stage names without Latin letters, options
that do not apply. Each case through the real command line: one line for what is wrong, nothing overwritten."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import CEM, CJM, PERSONA
from journeymaps.pipeline import build
from journeymaps.settings import Settings


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=cwd, capture_output=True, text=True, input=""
    )


def pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site: mkdocs.yml (docs_dir: content), two personas, a cem, a cjm and a touchpoint; it validates."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", encoding="utf-8")
    for rel, text in (
        ("personas/maya.md", PERSONA),
        ("personas/raj.md", PERSONA.replace("Maya Chen", "Raj")),
        ("maps/lifecycle.md", CEM),
        ("maps/account-opening.md", CJM),
        ("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n"),
    ):
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return tmp_path


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.strip()


def errors(site: Path) -> list[str]:
    report = build(Settings.for_folder(site / "content", site)).catalog.report
    return [str(d) for d in report.sorted() if d.severity.name == "ERROR"]


# -- 1. which site: a subfolder of one, a docs_dir that is not there, a new project ---------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("new", "persona", "--title", "Sam Lee"),
        ("import", "mermaid", "../../j.mmd"),
        ("import", "csv", "../../stages.csv"),
        ("validate",),
        ("lint",),
        ("export", "csv", "--out", "sheets"),
        ("export", "mermaid", "first-invoice"),
        ("schema",),
        ("generate", "--out", "out"),
        ("diff", "HEAD"),
    ],
)
def test_a_subfolder_of_the_site_says_where_the_site_is(site: Path, args: tuple[str, ...]) -> None:
    (site / "j.mmd").write_text("journey\n  title Paying\n  section Pay\n    Pay: 3: Maya\n", encoding="utf-8")
    (site / "stages.csv").write_text("map_id,stage_id,goal\naccount-opening,sign-up,Start\n", encoding="utf-8")
    before = pages(site)
    proc = run(site / "content" / "maps", *args)
    assert proc.returncode == 2
    assert one_line(proc) == (
        f"journeymaps {args[0]}: no mkdocs.yml here; the site is in ../.. (run it there, or give -f ../../mkdocs.yml)"
    )
    assert pages(site) == before and not (site / "content/maps/sheets").exists()


def test_a_subfolder_works_with_f(site: Path) -> None:
    proc = run(site / "content" / "maps", "new", "persona", "--title", "Sam Lee", "-f", "../../mkdocs.yml")
    assert proc.returncode == 0 and proc.stdout.strip() == "../personas/sam-lee.md", proc.stderr
    assert (site / "content/personas/sam-lee.md").is_file()


@pytest.mark.parametrize(
    "args", [("new", "persona", "--title", "Q"), ("import", "mermaid", "j.mmd"), ("import", "csv", "stages.csv")]
)
def test_a_docs_dir_that_is_not_there_is_refused(site: Path, args: tuple[str, ...]) -> None:
    (site / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: nowhere\n", encoding="utf-8")
    (site / "j.mmd").write_text("journey\n  title Paying\n  section Pay\n    Pay: 3: Maya\n", encoding="utf-8")
    (site / "stages.csv").write_text("map_id,stage_id,goal\naccount-opening,sign-up,Start\n", encoding="utf-8")
    proc = run(site, *args)
    assert proc.returncode == 2 and one_line(proc).startswith(f"journeymaps {args[0]}: nowhere: no such folder (")
    assert not (site / "nowhere").exists()


def test_a_new_project_is_started_in_the_default_docs_folder(tmp_path: Path) -> None:
    proc = run(tmp_path, "new", "persona", "--title", "Sam Lee")
    assert proc.returncode == 0 and proc.stdout.strip() == "docs/personas/sam-lee.md", proc.stderr
    assert pages(tmp_path) == ["docs/personas/sam-lee.md"]


# -- 6. slugs keep every Latin letter ------------------------------------------------------------------------


def test_a_name_with_letters_unicode_does_not_decompose_keeps_them(site: Path) -> None:
    proc = run(site, "new", "persona", "--title", "Łukasz Żak")
    assert proc.returncode == 0 and proc.stdout.strip() == "content/personas/lukasz-zak.md", proc.stderr


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Łukasz Żak", "lukasz-zak"),
        ("Ørsted Straße", "orsted-strasse"),
        ("Æsir Œuvre", "aesir-oeuvre"),
        ("Þór Đorđe", "thor-dorde"),
        ("Istanbul kılıç", "istanbul-kilic"),
        ("Crème brûlée, Video ID call", "creme-brulee-video-id-call"),  # as before
        ("Мария", ""),  # not Latin: no slug, as before
    ],
)
def test_slugify_spells_latin_letters_in_ascii(text: str, slug: str) -> None:
    from journeymaps.validation.ids import slugify

    assert slugify(text) == slug


# -- 2-5, 7. what `new` is told: repeats, a cjm where a cem goes, a map that is not there, stage names ---------


def test_a_persona_named_twice_is_written_once(site: Path) -> None:
    proc = run(site, "new", "cem", "--title", "Life", "--persona", "maya, raj, maya", "--stages", "A, B")
    assert proc.returncode == 0 and one_line(proc) == "note: --persona names 'maya' more than once; written once"
    assert "personas: [maya, raj]" in (site / "content/maps/life.md").read_text(encoding="utf-8")
    assert errors(site) == []


def test_zooms_into_a_cjm_is_refused(site: Path) -> None:
    before = pages(site)
    proc = run(
        site,
        "new",
        "cjm",
        "--title",
        "Zoom",
        "--persona",
        "maya",
        "--stages",
        "A",
        "--zooms-into",
        "account-opening#sign-up",
    )
    assert proc.returncode == 1 and one_line(proc) == (
        "journeymaps new: --zooms-into 'account-opening#sign-up': 'account-opening' is a cjm, not a cem; "
        "zooms_into names a stage of a cem (cems: lifecycle)"
    )
    assert pages(site) == before


def test_future_of_a_map_that_is_not_there_says_so(site: Path) -> None:
    proc = run(site, "new", "cjm", "--title", "Fut", "--future-of", "acount-opening")
    assert proc.returncode == 1 and one_line(proc) == (
        "journeymaps new: --future-of: no map 'acount-opening' to copy the persona and stages from "
        "(did you mean 'account-opening'?); name the current-state map, or give --persona and --stages"
    )
    assert not (site / "content/maps/fut.md").exists()


def test_future_of_a_map_of_the_other_type_is_refused(site: Path) -> None:
    proc = run(site, "new", "cem", "--title", "Fut", "--future-of", "account-opening")
    assert proc.returncode == 1 and one_line(proc).startswith(
        "journeymaps new: --future-of 'account-opening' is a cjm; a future-state cem is the future of a cem"
    )
    assert not (site / "content/maps/fut.md").exists()
    proc = run(site, "new", "cjm", "--title", "Fut", "--future-of", "account-opening")  # the same type: copied
    assert proc.returncode == 0 and proc.stdout.strip() == "content/maps/fut.md", proc.stderr
    assert errors(site) == []


def test_stage_names_without_latin_letters_get_the_ids_validate_gives(site: Path) -> None:
    proc = run(
        site, "new", "cjm", "--title", "发现之旅", "--id", "discover-zh", "--persona", "maya", "--stages", "发现, 注册"
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    text = (site / "content/maps/discover-zh.md").read_text(encoding="utf-8")
    assert "name: 发现" in text and "id: stage-1" in text and "id: stage-2" in text
    catalog = build(Settings.for_folder(site / "content", site)).catalog
    assert catalog.maps["discover-zh"].stage_ids == ["stage-1", "stage-2"] and errors(site) == []


@pytest.mark.parametrize(
    ("args", "notes"),
    [
        (
            ("persona", "--title", "Sam", "--channel", "web", "--stages", "A, B"),
            [
                "note: --stages is for a cjm or a cem, not a persona; it was left out",
                "note: --channel is for a touchpoint, not a persona; it was left out",
            ],
        ),
        (
            ("touchpoint", "--title", "Sam", "--channel", "chat", "--persona", "maya"),
            ["note: --persona is for a cjm or a cem, not a touchpoint; it was left out"],
        ),
        (
            ("cjm", "--title", "Sam", "--persona", "maya", "--stages", "A", "--channel", "web"),
            ["note: --channel is for a touchpoint, not a cjm; it was left out"],
        ),
        (
            ("touchpoint", "--title", "Sam", "--channel", "emial"),
            [
                "note: channel 'emial' is not in the built-in taxonomy (did you mean 'email'?); use one of web, "
                "email, chat, phone, social, in-person, app, reviews, or add it to the site taxonomy"
            ],
        ),
    ],
)
def test_an_option_that_is_not_used_is_said(site: Path, args: tuple[str, ...], notes: list[str]) -> None:
    proc = run(site, "new", *args)
    assert proc.returncode == 0 and proc.stderr.splitlines() == notes
    assert errors(site) == []


def test_comments_line_up_after_wide_characters(site: Path) -> None:
    """A title or stage name in Japanese or Chinese takes two columns a character in an editor: the skeleton's
    comments after it start in the same column as the others (they were pushed right by the name's length)."""
    import unicodedata

    proc = run(
        site, "new", "cjm", "--title", "口座開設", "--id", "kaisetsu", "--persona", "maya", "--stages", "発見, 登録"
    )
    assert proc.returncode == 0, proc.stderr
    text = (site / "content/maps/kaisetsu.md").read_text(encoding="utf-8")

    def column(line: str) -> int:
        before = line[: line.index("  # ") + 2]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)

    wide = [x for x in text.splitlines() if "  # " in x and any(unicodedata.east_asian_width(c) == "W" for c in x)]
    plain = [line for line in text.splitlines() if line.startswith(("type:", "state:")) and "  # " in line]
    assert len(wide) >= 2 and plain, text
    assert {column(line) for line in wide + plain} == {column(plain[0])}, [column(x) for x in wide + plain]
