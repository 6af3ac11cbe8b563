"""PDF exports, read back with pypdf and poppler: paper, text, outline, links, splitting, cache, bytes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (
    CEM,
    CJM,
    PERSONA,
    SITE_CONFIG,
    BuildResult,
    Writer,
    copy_of,
    mkdocs,
    mkdocs_here,
    shared_folder,
    writer,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

PDF_CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf_workers: 2"
)
A3_LANDSCAPE = (1190.55, 841.89)
A4_PORTRAIT = (595.28, 841.89)


def text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def size(reader: PdfReader, index: int = 0) -> tuple[float, float]:
    box = reader.pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def handbook(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write(
        "personas/raj.md",
        PERSONA.replace("Maya Chen", "Raj Patel").replace("Freelance designer", "Café owner <b>&</b> baker"),
    )
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write(
        "maps/a4.md",
        "---\ntype: cjm\ntitle: Paper map\npersona: raj\npdf: {size: A4, orientation: portrait}\n"
        "stages:\n  - {name: Only stage, emotion: 1}\n---\n",
    )
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")


def clean_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """:func:`handbook` built with PDF_CONFIG from an empty cache, once per test run (every PDF rendered): the
    tests read it, or copy its folder (sources, ``.cache``, ``site``) into their own project and go on there."""

    def make(folder: Path) -> None:
        handbook(writer(folder))
        (folder / "mkdocs.yml").write_text(textwrap.dedent(PDF_CONFIG).lstrip(), encoding="utf-8")
        code, output = mkdocs_here(folder, "--strict")
        (folder / "build.json").write_text(json.dumps({"code": code, "output": output}), encoding="utf-8")

    folder = shared_folder(tmp_path_factory, "pdf-handbook", make)
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    return BuildResult(facts["code"], facts["output"], folder / "site")


def test_map_persona_and_handbook_pdfs(tmp_path_factory: pytest.TempPathFactory) -> None:
    result = clean_build(tmp_path_factory)
    assert result.code == 0, result.output
    pdf = result.site / "pdf"
    opening = PdfReader(pdf / "opening.pdf")
    assert size(opening) == A3_LANDSCAPE
    words = text(pdf / "opening.pdf")
    for expected in (
        "Account opening",
        "Sign up",
        "Verify identity",
        "Maya Chen",
        "Call drops",
        "12 interviews",
        "2026-09-30",
        "Test handbook",
        "Page 1 of 1",
    ):
        assert expected in words, expected
    assert opening.metadata.title == "Account opening"
    links = {a.get_object()["/A"]["/URI"] for a in opening.pages[0]["/Annots"]}
    assert "../personas/maya/" in links and "../maps/lifecycle/#stage-open" in links
    assert size(PdfReader(pdf / "a4.pdf")) == A4_PORTRAIT  # the map's own paper wins
    raj = PdfReader(pdf / "personas" / "raj.pdf")
    assert size(raj) == A4_PORTRAIT and len(raj.pages) == 1
    assert "Café owner <b>&</b> baker" in text(pdf / "personas" / "raj.pdf")  # escaped, not markup

    book = PdfReader(pdf / "handbook.pdf")
    outline = {item.title: [child.title for child in children] for item, children in _outline(book)}
    assert outline == {
        "Executive summary": [],
        "Personas": ["Maya Chen", "Raj Patel"],
        "Maps": ["Customer lifecycle", "Account opening", "Paper map"],
        "Opportunity backlog": [],
        "CJM vs CEM": [],
    }
    assert list(outline) == ["Executive summary", "Personas", "Maps", "Opportunity backlog", "CJM vs CEM"]
    # every contents entry and every cross-link to an entity jumps inside the file, to the entity's first page
    jumps = {}
    for index, page in enumerate(book.pages):
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if "/Dest" in annot:
                target = book.get_page_number(annot["/Dest"][0].get_object())
                jumps.setdefault(index, set()).add(target)
    contents = jumps[1] if len(jumps.get(1, ())) >= 5 else jumps[0]
    starts = [book.get_destination_page_number(child) for _, children in _outline(book) for child in children]
    sections = [book.get_destination_page_number(item) for item, children in _outline(book) if not children]
    assert contents == set(starts) | set(sections)  # the contents list the entities and the report sections
    for start, title in zip(starts, ["Maya Chen", "Raj Patel", "Customer lifecycle", "Account opening", "Paper map"]):
        assert title in book.pages[start].extract_text()
    # the site links the PDFs
    page = result.html("maps/opening/index.html")
    assert page.select_one(".jm-download a")["href"] == "../../pdf/opening.pdf"
    assert result.html("personas/maya/index.html").select_one(".jm-download a")["href"] == "../../pdf/personas/maya.pdf"
    index = result.html("maps/index.html")
    assert {a["href"] for a in index.select("table.jm-maps a[download]")} == {
        "../pdf/lifecycle.pdf",
        "../pdf/opening.pdf",
        "../pdf/a4.pdf",
    }
    assert index.select_one("a.md-button[download]")["href"] == "../pdf/handbook.pdf"


def _outline(reader: PdfReader) -> list[tuple[object, list[object]]]:
    items, out = reader.outline, []
    for i, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else []
        out.append((item, children))
    return out


def test_site_url_gives_absolute_links(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    result = build(
        "--strict",
        config="site_url: https://cx.example.org/handbook/\n"
        + PDF_CONFIG.replace("pdf_workers: 2", "pdf_handbook: false"),
    )
    assert result.code == 0, result.output
    links = {a.get_object()["/A"]["/URI"] for a in PdfReader(result.site / "pdf/opening.pdf").pages[0]["/Annots"]}
    assert "https://cx.example.org/handbook/personas/maya/" in links
    assert not (result.site / "pdf/handbook.pdf").exists()


def test_the_summary_names_the_handbooks_top_three_and_a_site_without_a_cem_has_no_comparison(
    write: Writer, project: Path, build: Callable[..., BuildResult]
) -> None:
    """The opportunities page's "next quarter" three are in the executive summary, also where a CEM exists and they
    belong to a map none of its CJMs is (the summary listed each CEM's family only, and said there was nothing);
    a handbook without a CEM has no "CJM vs CEM" section (it said only "No CEM in this handbook.")."""
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    opportunity = "{title: Instant card freeze, impact: 5, effort: 1, status: planned}"
    write(
        "maps/cards.md",
        f"---\ntype: cjm\ntitle: Card lost abroad\npersona: maya\nstages:\n"
        f"  - {{name: Notice, emotion: -2, opportunities: [{opportunity}]}}\n---\n",
    )
    config = PDF_CONFIG.replace("pdf_workers: 2", "pdf_workers: 1")
    result = build("--strict", config=config)
    assert result.code == 0, result.output
    book = result.site / "pdf/handbook.pdf"
    outline = [item.title for item, _children in _outline(PdfReader(book))]
    assert outline == ["Executive summary", "Personas", "Maps", "Opportunity backlog", "CJM vs CEM"]
    summary = " ".join(text(book, 3).split())
    assert "Next three opportunities in the handbook" in summary and "Instant card freeze" in summary, summary
    assert "No open scored opportunity." in summary  # the lifecycle's own family has none, and says so
    (project / "content/maps/lifecycle.md").unlink()
    result = build("--strict", config=config)
    assert result.code == 0, result.output
    outline = [item.title for item, _children in _outline(PdfReader(result.site / "pdf/handbook.pdf"))]
    assert outline == ["Executive summary", "Personas", "Maps", "Opportunity backlog"]
    summary = " ".join(text(result.site / "pdf/handbook.pdf", 3).split())
    assert "Next three opportunities" in summary and "in the handbook" not in summary and "Instant card" in summary


def test_a_long_word_wraps_inside_its_cell_on_paper(write: Writer, build: Callable[..., BuildResult]) -> None:
    """A German file name in an A4 portrait map's grid ran over the next stage's cell and off the page (the web
    wrapped it): on paper it breaks inside its own column. Measured on the page with poppler's word boxes."""
    write("personas/maya.md", PERSONA)
    word = "Pflichtenheftanforderungsdokumentation.pdf"
    stages = "".join(f"  - {{name: Step {n}, actions: [Uploads {word}]}}\n" for n in range(1, 4))
    write(
        "maps/upload.md",
        f"---\ntype: cjm\ntitle: Upload\npersona: maya\npdf: {{size: A4, orientation: portrait}}\n"
        f"stages:\n{stages}---\n",
    )
    result = build("--strict", config=PDF_CONFIG.replace("pdf_workers: 2", "pdf_handbook: false"))
    assert result.code == 0, result.output
    file = result.site / "pdf/upload.pdf"
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(file), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_width = float(re.search(r'<page width="([0-9.]+)"', boxes).group(1))
    words = [
        (float(x0), float(x1), w)
        for x0, x1, w in re.findall(
            r'xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" '
            r'yMax="[0-9.]+">([^<]*)</word>',
            boxes,
        )
    ]
    pieces = [(x0, x1) for x0, x1, w in words if w and w in word and len(w) > 3]
    assert pieces and all(x1 <= page_width - 20 for _x0, x1 in pieces), (page_width, pieces)
    columns = sorted({round(x0) for x0, _x1 in pieces})
    assert len(columns) == 3, columns  # one column per stage, each piece starting inside its own
    gap = min(b - a for a, b in pairwise(columns))
    assert all(x1 - x0 < gap for x0, x1 in pieces), (gap, pieces)  # no piece wider than a column


def test_a_lane_taller_than_a_page_keeps_the_stage_row_on_every_page(
    write: Writer, build: Callable[..., BuildResult]
) -> None:
    """A row is kept whole on its page; one taller than a page was moved whole and split, and WeasyPrint then drew
    the pages it covered without the stage row: forty pain points of one stage under no stage name."""
    write("personas/maya.md", PERSONA)
    pains = "".join(
        f"      - {{title: 'Pain point {n}: the statement export times out when more than 5,000 transactions are "
        f"selected, and support cannot reproduce it', severity: {n % 5 + 1}}}\n"
        for n in range(40)
    )
    write(
        "maps/tall.md",
        "---\ntype: cjm\ntitle: Statement export\npersona: maya\npdf: {size: A4}\nstages:\n"
        "  - {name: Request export, emotion: -1, actions: [Selects a date range]}\n"
        f"  - name: Wait\n    emotion: -2\n    pain_points:\n{pains}"
        "  - {name: Download, emotion: 0, actions: [Downloads CSV]}\n---\n",
    )
    result = build("--strict", config=PDF_CONFIG.replace("pdf_workers: 2", "pdf_handbook: false"))
    assert result.code == 0, result.output
    file = result.site / "pdf/tall.pdf"
    pages = len(PdfReader(file).pages)
    assert pages >= 3
    for page in range(1, pages + 1):
        words = text(file, page)
        assert "Request export" in words and "Wait" in words and "Download" in words, (page, words[:300])
    assert all(f"Pain point {n}:" in text(file) for n in range(40))


def test_fifteen_stages_span_pages_with_lane_labels_repeated(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    stages = "".join(f"  - {{name: Step {n:02d}, emotion: {(n % 5) - 2}, actions: [Do {n}]}}\n" for n in range(1, 16))
    write("maps/long.md", f"---\ntype: cjm\ntitle: Long journey\npersona: maya\nstages:\n{stages}---\n")
    result = build("--strict", config=PDF_CONFIG.replace("pdf_workers: 2", "pdf_handbook: false"))
    assert result.code == 0, result.output
    file = result.site / "pdf/long.pdf"
    pages = len(PdfReader(file).pages)
    assert pages == 3  # A3 landscape fits 7 stages: 15 go 5 + 5 + 5
    for page, first in ((1, 1), (2, 6), (3, 11)):
        words = text(file, page)
        assert f"Stages {first}–{first + 4} of 15" in words
        for lane in ("Stage", "Actions", "Emotion"):
            assert lane in words, (page, lane)
        shown = [n for n in range(1, 16) if f"Step {n:02d}" in words]
        assert shown == list(range(first, first + 5)), (page, shown)


def test_cache_reuse_identical_bytes_and_failures(
    project: Path, build: Callable[..., BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = clean_build(tmp_path_factory)
    assert first.code == 0, first.output
    assert "rendered 8, reused 0" in first.output  # 5 entities and the handbook's 3 report sections
    files = sorted(p.relative_to(first.site) for p in (first.site / "pdf").rglob("*.pdf"))
    assert len(files) == 5 + 1
    before = {f: (first.site / f).read_bytes() for f in files}
    copy_of(first.site.parent, project)  # its sources, cache and site, to go on with here

    warm = build("--strict", config=PDF_CONFIG)
    assert "rendered 0, reused 8" in warm.output and "handbook (" in warm.output and "reused)" in warm.output

    cache = project / ".cache" / "journeymaps" / "pdf"
    shutil.rmtree(cache)
    cold = build("--strict", config=PDF_CONFIG)
    assert "rendered 8, reused 0" in cold.output
    assert {f: (cold.site / f).read_bytes() for f in files} == before  # byte-identical from a cold cache

    # one PDF that cannot be written: reported by name, the others are still there, --strict fails
    opening = next(p for p in cache.glob("*.pdf") if PdfReader(p).metadata.title == "Account opening")
    opening.unlink()
    opening.mkdir()
    shutil.rmtree(cold.site / "pdf")
    broken = build("--strict", config=PDF_CONFIG)
    assert broken.code == 1
    assert "journeymaps: pdf/opening.pdf: the PDF of map 'opening' failed: IsADirectoryError" in broken.output
    assert "rendered 0, reused 7, 1 failed" in broken.output
    assert (broken.site / "pdf/lifecycle.pdf").read_bytes() == before[Path("pdf/lifecycle.pdf")]
    assert not (broken.site / "pdf/opening.pdf").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pdf_build_leaves_nothing_in_the_temp_folder(write: Writer, project: Path, workers: int) -> None:
    """WeasyPrint copies the print font into a temporary folder per font configuration; each worker (and the build's
    own process, when it renders) removes its own before it ends: nothing is left behind, build after build."""
    write("personas/maya.md", PERSONA)
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    config = PDF_CONFIG.replace("pdf_workers: 2", f"pdf_workers: {workers}")
    (project / "mkdocs.yml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
    temp = project.parent / f"temp-{workers}"
    temp.mkdir()
    proc = mkdocs(project, env={"TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr
    assert len(list((project / "site" / "pdf").glob("*.pdf"))) == 3  # the two maps and the handbook
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in temp.iterdir()) == []
