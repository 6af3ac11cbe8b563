"""Alternative paths through a stage: one real MkDocs build (with PDFs) read back with a parser and poppler.

The stage's own lanes are the main path; each path shows under its name and share in the grid (web and PDF) and
on the phone's stage cards, the curve splits at its stage and joins again at the next, path touchpoints get pages
and back-links, Mermaid's export says what it left out (and Mermaid's own parser still reads it), the diff reports
path changes, the comparisons read the main path only, and search finds a path's words.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import PERSONA, SITE_CONFIG, mkdocs
from journeymaps.history.semdiff import diff_handbooks
from journeymaps.interop.csv_export import export_tables
from journeymaps.interop.mermaid import parse_journey
from journeymaps.interop.mermaid_maps import mermaid_of_map
from journeymaps.pipeline import build
from journeymaps.settings import Settings

CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf_workers: 2"
).replace("plugins:\n", "plugins:\n  - search\n")

TOUCHPOINT = "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\nThe form.\n"

MAP = """\
---
type: cjm
title: Opening an account
persona: maya
stages:
  - name: Sign up
    emotion: 1
    touchpoints: [signup-form]
  - name: Verify identity
    id: verify
    actions: [Waits for the video call]
    emotion: -2
    pain_points: [Queue over 40 minutes]
    paths:
      - name: Passport chip scan
        share: 15
        actions: [Scans the chip with her phone]
        touchpoints: [{name: Chip scan, channel: app}]
        emotion: 1
        pain_points: [{title: Older phones cannot read the chip, severity: 2}]
      - name: Post Office <check>
        share: 10%
        actions: [Takes her passport to a Post Office]
        touchpoints: [signup-form]
        emotion: -1
  - name: Account ready
    emotion: 2
---
How Maya opens an account.
"""

FUTURE = """\
---
type: cjm
title: Opening an account, next year
persona: maya
state: future
future_of: opening
stages:
  - name: Sign up
    emotion: 1
  - name: Verify identity
    id: verify
    emotion: 0
    paths:
      - {name: Passport chip scan, share: 60, emotion: 2}
  - name: Account ready
    emotion: 2
---
"""


def _write(docs: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paths-site")
    _write(
        root / "content",
        {
            "index.md": "# Home\n",
            "personas/maya.md": PERSONA.lstrip(),
            "touchpoints/signup-form.md": TOUCHPOINT,
            "maps/opening.md": MAP,
            "maps/opening-future.md": FUTURE,
        },
    )
    (root / "mkdocs.yml").write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
    proc = mkdocs(root, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / rel).read_text(encoding="utf-8"), "html.parser")


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _column(grid: Tag, lane: str, index: int) -> Tag:
    row = grid.select_one(f"tr.jm-row-{lane}")
    assert row is not None, lane
    cell = row.find_all("td")[index]
    assert isinstance(cell, Tag)
    return cell


def test_the_grid_shows_each_path_under_its_name_and_share(site: Path) -> None:
    grid = _page(site, "maps/opening/index.html").select_one("table.jm-grid")
    assert grid is not None
    actions = _column(grid, "actions", 1)
    blocks = actions.select(".jm-path")
    assert [b["data-path"] for b in blocks] == ["Passport chip scan", "Post Office <check>"]  # escaped, read back
    assert [_words(b.select_one(".jm-path-name")) for b in blocks] == [
        "Path: Passport chip scan 15%",
        "Path: Post Office <check> 10%",
    ]
    assert [_words(li) for li in blocks[0].select("li")] == ["Scans the chip with her phone"]
    main = actions.select_one(".jm-path-main")
    assert main is not None and _words(main) == "Main path 75%"  # what the two paths leave
    assert _words(actions).index("Waits for the video call") < _words(actions).index("Scans the chip")
    pains = _column(grid, "pain_points", 1).select(".jm-path")
    assert [b["data-path"] for b in pains] == ["Passport chip scan"]  # the other path has no pain points
    assert "Older phones cannot read the chip" in _words(pains[0]) and "sev 2/5" in _words(pains[0])
    touchpoints = _column(grid, "touchpoints", 1).select(".jm-path a")
    assert [(_words(a), a["href"]) for a in touchpoints] == [
        ("Chip scan", "../../touchpoints/chip-scan/"),
        ("Signup form", "../../touchpoints/signup-form/"),
    ]
    assert not _column(grid, "actions", 0).select(".jm-path, .jm-path-main")  # stages without paths: as before
    assert "<check>" not in (site / "site/maps/opening/index.html").read_text(encoding="utf-8")


def test_the_curve_splits_at_the_stage_and_joins_at_the_next(site: Path) -> None:
    page = _page(site, "maps/opening/index.html")
    svg = page.select_one(".jm-emotion-cell svg.jm-lane-curve")
    assert svg is not None
    paths = svg.select("g.jm-curve-path")
    assert [(g["data-path"], g["data-stage"]) for g in paths] == [
        ("Passport chip scan", "1"),
        ("Post Office <check>", "1"),
    ]
    for g in paths:
        assert len(g.select("circle.jm-path-point")) == 1
        split, join = g.select_one("line.jm-path-split"), g.select_one("line.jm-path-join")
        assert split is not None and join is not None
        assert split["x2"] == join["x1"]  # both meet at the path's own point, in the stage's column
        assert split["x1"] != split["x2"] != join["x2"]  # from the stage before, to the stage after
    chip, post = paths
    assert float(chip.select_one("svg")["y"]) < float(post.select_one("svg")["y"])  # +1 above -1
    assert [_words(t) for t in svg.select("text.jm-path-label")] == [
        "Passport chip scan (15%) +1",
        "Post Office <check> (10%) -1",
    ]
    desc = _words(svg.select_one("desc"))
    assert "Alternative paths: Verify identity, path Passport chip scan (15%): +1 (positive)" in desc
    phone = page.select_one(".jm-phone-curve svg")
    assert phone is not None and len(phone.select("circle.jm-path-point")) == 2


def test_phone_cards_show_the_paths(site: Path) -> None:
    card = _page(site, "maps/opening/index.html").select(".jm-stage-card")[1]
    text = _words(card).replace(" :", ":")  # get_text puts a space after the share's <span>
    assert "Path: Passport chip scan 15%: +1 positive" in text
    assert "Path: Post Office <check> 10%: -1 negative" in text
    assert [b["data-path"] for b in card.select(".jm-path")][:2] == ["Passport chip scan", "Post Office <check>"]


def test_path_touchpoints_get_pages_that_link_back(site: Path) -> None:
    chip = _page(site, "touchpoints/chip-scan/index.html")
    links = [a["href"] for a in chip.select("a[href]") if "maps/opening/" in str(a["href"])]
    assert links, "the inline touchpoint of a path links back to its map"
    catalog = json.loads((site / "site" / "journeymaps.json").read_text(encoding="utf-8"))
    opening = catalog["maps"]["opening"]
    assert opening["touchpoints_by_path"] == [[], [["chip-scan"], ["signup-form"]], []]
    assert [p["name"] for p in opening["data"]["stages"][1]["paths"]] == ["Passport chip scan", "Post Office <check>"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")
def test_the_pdf_shows_the_paths(site: Path) -> None:
    pdf = site / "site" / "pdf" / "opening.pdf"
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Main path 75%" in text
    assert "Path: Passport chip scan 15%" in text and "Path: Post Office <check> 10%" in text
    assert "Scans the chip with her phone" in text and "Older phones cannot read the chip" in text
    assert "Passport chip scan (15%) +1" in text  # the curve's label, drawn in the PDF


def test_search_reads_path_names_and_actions(site: Path) -> None:
    index = json.loads((site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("maps/opening/"))
    assert "Passport chip scan" in texts and "Takes her passport to a Post Office" in texts


def test_mermaid_flattens_and_says_so(site: Path) -> None:
    handbook = build(Settings.for_folder(site / "content", site))
    export = mermaid_of_map(handbook, "opening")
    comment = [line.strip() for line in export.text.splitlines() if "alternative paths" in line]
    assert comment == [
        "%% alternative paths left out (a Mermaid journey has one path; these tasks are the main path): "
        "Passport chip scan (15%), Post Office <check> (10%)"
    ]
    assert export.flattened == [
        "stage 'Verify identity': alternative paths not in the Mermaid journey (it has one path; the stage's main "
        "path is shown): Passport chip scan (15%), Post Office <check> (10%)"
    ]
    journey = parse_journey(export.text)  # the comment is not read as a task
    assert [t.name for t in journey.sections[1].tasks] == ["Waits for the video call"]
    note = _page(site, "maps/opening/index.html").select_one("details.jm-mermaid p")
    assert note is not None and "A Mermaid journey has one path" in _words(note)


def test_mermaid_itself_parses_the_flattened_export(site: Path) -> None:
    from mermaid_corpus.oracle import mermaid_or_skip

    handbook = build(Settings.for_folder(site / "content", site))
    export = mermaid_of_map(handbook, "opening")
    with mermaid_or_skip() as mermaid:
        read = mermaid.read(export.text)
    assert read.error is None, read.error
    assert read.tasks_by_section()["Verify identity"] == ["Waits for the video call"]


def test_comparison_and_csv_read_the_main_path(site: Path) -> None:
    handbook = build(Settings.for_folder(site / "content", site))
    assert handbook.analysis.maps["opening"].series["maya"][1] == -2  # the stage's own emotion, not a path's
    tables = export_tables(handbook)
    columns, rows = tables["paths.csv"]
    assert columns[:6] == ("map_id", "stage_id", "stage_name", "path", "share", "emotion")
    assert [
        (r["map_id"], r["stage_id"], r["path"], r["share"], r["emotion"]) for r in rows if r["map_id"] == "opening"
    ] == [
        ("opening", "verify", "Passport chip scan", "15", "1"),
        ("opening", "verify", "Post Office <check>", "10", "-1"),
    ]
    stage = next(r for r in tables["stages.csv"][1] if r["map_id"] == "opening" and r["stage_id"] == "verify")
    assert stage["emotion"] == "-2" and "Scans the chip" not in json.dumps(stage)
    compare = _words(_page(site, "compare/opening-future/index.html"))
    assert "Verify identity" in compare and "Passport chip scan" not in compare  # current vs future: main paths


def test_diff_reports_added_removed_and_changed_paths(site: Path, tmp_path: Path) -> None:
    old = build(Settings.for_folder(site / "content", site))
    docs = tmp_path / "content"
    shutil.copytree(site / "content", docs)
    changed = (
        MAP.replace("share: 15", "share: 20")
        .replace("Scans the chip with her phone", "Taps the passport to the phone")
        .replace("      - name: Post Office <check>", "      - name: In a branch")
    )
    (docs / "maps" / "opening.md").write_text(changed, encoding="utf-8")
    new = build(Settings.for_folder(docs, tmp_path))
    diff = diff_handbooks(old, new, "main", "HEAD")
    opening = next(e for e in diff.entities if e.id == "opening")
    kinds = [(c.kind, c.text) for c in opening.changes if c.kind.startswith("path-")]
    assert ("path-added", "path added at *Verify identity*: “In a branch” (10%)") in kinds
    assert ("path-removed", "path removed at *Verify identity*: “Post Office \\<check\\>”") in kinds or any(
        k == "path-removed" and "Post Office" in t for k, t in kinds
    )
    assert ("path-changed", "path “Passport chip scan” at *Verify identity*: share 15% → 20%") in kinds
    assert (
        "path-changed",
        "path “Passport chip scan” at *Verify identity*: action added “Taps the passport to the phone”",
    ) in kinds
    assert any(k == "path-changed" and "action removed" in t and "Scans the chip" in t for k, t in kinds)
    assert "Verify identity" in diff.markdown()


@pytest.mark.parametrize(
    ("share", "ok"),
    [
        (0, True),
        (100, True),
        ("15%", True),
        (" 7 % ", True),
        ("100.0%", True),
        ("0100%", True),
        (-1, False),
        (101, False),
        ("100.5%", False),
        ("150%", False),
        ("1e2%", False),
        ("30", False),
        (True, False),
    ],
)
def test_the_schema_and_the_build_take_the_same_shares(share: object, ok: bool) -> None:
    """A share is a number in 0..100, or the same written with a % sign; the editor's schema agrees."""
    import jsonschema
    import yaml

    from journeymaps.sources.frontmatter import load_text
    from journeymaps.validation.schema import json_schema
    from journeymaps.validation.validate import validate

    doc = {
        "type": "cjm",
        "title": "T",
        "persona": "maya",
        "stages": [{"name": "A", "paths": [{"name": "P", "share": share}]}],
    }
    loaded = validate(load_text("---\n" + yaml.safe_dump(doc) + "---\n", "content/x.md", "x.md"))
    errors = [str(d) for d in loaded.diagnostics if d.is_error]
    assert (loaded.model is not None and not errors) is ok, errors
    schema_errors = list(jsonschema.Draft7Validator(json_schema()).iter_errors(doc))
    assert (not schema_errors) is ok, schema_errors
    if not ok:
        assert len(errors) == 1 and errors[0].startswith("content/x.md:7: stages[0].paths[0].share: "), errors
