"""Tagged PDFs, read back as a screen reader's tools read them (poppler's ``pdfinfo -struct-text``, pypdf): the map,
a persona and the handbook have a structure tree; the map's title is its H1, the grid a Table with header cells,
the emotion curve a Figure whose alternative text says each stage's emotion; the running footer and the page
numbers are artifacts, drawn but outside the tree. One small handbook, printed once in this process."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is installed by tasks.py")

from pypdf import PdfReader  # noqa: E402

from journeymaps.export import export_pdfs  # noqa: E402
from journeymaps.render.environment import make_environment  # noqa: E402
from test_pdf_polish import SITE, documents  # noqa: E402

TITLE = "Opening an account"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handbook of one persona and one three-stage map, its PDFs printed in this process: the ``site`` folder."""
    root = tmp_path_factory.mktemp("tagged")
    report = export_pdfs(
        documents(root, {"m": (TITLE, 3)}), make_environment(), root / "site", root / "cache", workers=1
    )
    assert not report.failures, report.failures
    return root / "site"


def pdfs(site: Path) -> dict[str, Path]:
    return {"map": site / "pdf/m.pdf", "persona": site / "pdf/personas/maya.pdf", "handbook": site / "pdf/handbook.pdf"}


def structure(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout


def drawn(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def figures(pdf: Path) -> list[Any]:
    """Every Figure element of ``pdf``'s structure tree, in reading order."""
    found: list[Any] = []

    def walk(element: Any) -> None:
        element = element.get_object()
        if not isinstance(element, dict):
            return
        if element.get("/S") == "/Figure":
            found.append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(PdfReader(pdf).root_object["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("kind", ["map", "persona", "handbook"])
def test_each_pdf_is_tagged_with_its_language_and_title_shown(site: Path, kind: str) -> None:
    """An untagged PDF is read aloud as a bag of glyphs. Each is now tagged (poppler says so), marked, and asks the
    reader to show its title (not the file name); its language and an XMP title are there, as PDF/UA asks."""
    pdf = pdfs(site)[kind]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    reader = PdfReader(pdf)
    catalog = reader.root_object
    assert catalog["/MarkInfo"]["/Marked"]  # type: ignore[index]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]  # type: ignore[index]
    assert catalog["/Lang"] == "en"
    assert reader.xmp_metadata is not None and reader.xmp_metadata.dc_title == {"x-default": reader.metadata.title}  # type: ignore[union-attr]
    keys = [page.get("/StructParents") for page in reader.pages]
    assert None not in keys and len(set(keys)) == len(keys), keys  # each page's content found in the tree
    assert "Document" in structure(pdf)


def test_the_map_reads_as_its_title_a_table_with_header_cells_and_the_curve_in_words(site: Path) -> None:
    """The map's title is its H1; the grid is a Table whose stage and lane names are header cells (TH) the cells
    refer to; the emotion curve is a Figure whose alternative text is the curve's description on the web page."""
    tree = structure(pdfs(site)["map"])
    assert re.search(rf'^\s*H1 \(block\)\n\s*"{TITLE}"', tree, re.M), tree
    table = tree[tree.index("Table") :]
    for header in ("Stage", "Stage 1", "Stage 2", "Stage 3", "Emotion"):
        assert re.search(rf'TH <[^>]*>\n(\s+\S.*\n)*?\s+".*{header}', table), header
    assert (
        "/Headers"
        in subprocess.run(["pdfinfo", "-struct", str(pdfs(site)["map"])], capture_output=True, text=True).stdout
    )
    alts = [str(figure.get("/Alt", "")) for figure in figures(pdfs(site)["map"])]
    curve = [alt for alt in alts if alt.startswith("Emotion curve")]
    assert len(curve) == 1, alts
    for said in ("Stage 1 0 (neutral)", "Stage 2 +1 (positive)", "Stage 3 -1 (negative)"):
        assert said in curve[0], curve[0]


@pytest.mark.parametrize("kind", ["map", "persona", "handbook"])
def test_footer_and_page_numbers_are_artifacts_and_every_figure_has_words(site: Path, kind: str) -> None:
    """The running footer (site name and title) and "Page 1 of 1" are printed, but are pagination artifacts, not
    text of the structure a reader reads on every page; the icons, decoration, are artifacts too: every Figure left
    in the tree has alternative text."""
    pdf = pdfs(site)[kind]
    printed, tree = drawn(pdf), structure(pdf)
    assert "Page 1 of" in printed or "Page 2 of" in printed
    assert f"{SITE} ·" in printed
    assert "Page " not in tree and f"{SITE} ·" not in tree, tree
    assert all(figure.get("/Alt") for figure in figures(pdf))


def test_the_handbook_reads_as_its_cover_then_each_persona_and_map(site: Path) -> None:
    """The handbook is assembled from the other PDFs (pypdf keeps no structure tree): its one tree holds the
    cover's and each part's (report sections, persona, map), in the order of its pages."""
    tree = structure(pdfs(site)["handbook"])
    headings = re.findall(r'^\s*H1 \(block\)\n\s*"(.*)"', tree, re.M)
    assert headings == [SITE, "Executive summary", "Maya", TITLE, "Opportunity backlog"], headings
    assert tree.count("Table") >= 1 and "TH" in tree
    assert any(str(figure.get("/Alt", "")).startswith("Emotion curve") for figure in figures(pdfs(site)["handbook"]))


def test_pdf_tags_false_writes_untagged_pdfs_and_a_plain_handbook(tmp_path: Path) -> None:
    """``pdf_tags: false`` (for a big handbook, where tagging's CPU counts): no structure tree in any PDF, the
    handbook not marked as tagged either; the documents' HTML says so, so their cache keys differ from tagged ones."""
    docs = documents(tmp_path, {"m": (TITLE, 3)}, tags=False)
    job = docs.map_job("m")
    assert job is not None and 'name="journeymaps-tags" content="off"' in job.html
    tagged = documents(tmp_path / "tagged", {"m": (TITLE, 3)}).map_job("m")
    assert tagged is not None and "journeymaps-tags" not in tagged.html
    report = export_pdfs(docs, make_environment(), tmp_path / "site", tmp_path / "cache", workers=1)
    assert not report.failures, report.failures
    for kind, pdf in pdfs(tmp_path / "site").items():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+no$", info, re.M), (kind, info)
        root = PdfReader(pdf).root_object
        assert "/StructTreeRoot" not in root and "/MarkInfo" not in root, kind
    assert TITLE in drawn(tmp_path / "site/pdf/m.pdf")


def test_the_site_option_reaches_the_print_settings(tmp_path: Path) -> None:
    """``pdf_tags`` in mkdocs.yml is a plugin option MkDocs checks (a typo or a non-boolean is its error line)."""
    from mkdocs.config.base import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - journeymaps:\n      pdf_tags: false\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert config.plugins["journeymaps"].config.pdf_tags is False
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - journeymaps:\n      pdf_tags: sometimes\n")
    with pytest.raises(Exception, match="configuration error"):
        load_config(str(tmp_path / "mkdocs.yml"))
