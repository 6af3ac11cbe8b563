"""Hostile text in PDFs, printed in linear time; the PDF cache keyed on the code that makes the PDFs.

An outside test's hostile handbook took about 300 s for one PDF. The input: a long map title or stage name (5,000
characters, spaces or none) in a table of the handbook's report sections: the executive summary's map health, the
CJM vs CEM table. Those tables were laid out by WeasyPrint's auto layout, which measures each cell's narrowest width;
with ``overflow-wrap: anywhere`` it measures it a letter at a time, laying the rest of the cell's text out again for
each letter (4,950 characters: 114 s for the summary's one page, 114 s for the comparison). Their columns are set
now (pdf.css ``table-layout: fixed``), and the text is laid out once, wrapped in its column.

Measured here without a clock: the characters WeasyPrint hands to Pango while printing a section (each layout's text),
for a title twice as long. Linear work doubles; the letter-at-a-time measuring quadrupled it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

from journeymaps.export import documents, stylesheet_text  # noqa: E402
from journeymaps.export.documents import PdfJob, PrintDocuments, PrintSettings, keyed  # noqa: E402
from journeymaps.export.pdf import RenderPool  # noqa: E402
from journeymaps.export.summary import section_jobs  # noqa: E402
from journeymaps.pipeline import build  # noqa: E402
from journeymaps.render.environment import Icons, make_environment  # noqa: E402
from journeymaps.render.pages import PageRenderer  # noqa: E402
from journeymaps.settings import Settings  # noqa: E402

WORDS = "Long title "


def _write(root: Path, rel: str, text: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _sections(root: Path, long: str) -> dict[str, PdfJob]:
    """The report sections of a handbook whose CJM's title and CEM's first stage are ``long``, by title."""
    _write(root, "personas/maya.md", "---\ntype: persona\nname: Maya\nrole: Designer\n---\n")
    _write(
        root,
        "maps/cem.md",
        f"""
        ---
        type: cem
        title: Lifecycle
        personas: [maya]
        stages:
          - {{name: "{long}", id: first, emotion: {{maya: -2}}, moment_of_truth: true}}
          - {{name: Second, id: second, emotion: {{maya: 1}}}}
        ---
        """,
    )
    _write(root, "maps/cjm.md", f'---\ntype: cjm\ntitle: "{long}"\npersona: maya\nstages:\n  - {{name: One}}\n---\n')
    handbook = build(Settings.make(root, Path("content")))
    docs = PrintDocuments(PageRenderer(handbook, make_environment(), Icons()), PrintSettings("T", None))
    return {job.title: job for job in section_jobs(docs)}


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RenderPool]:
    """This process as the one PDF worker, with the print style sheets and font."""
    from journeymaps.export import print_fonts

    env = make_environment()
    with RenderPool(stylesheet_text(env), 1, print_fonts(env), tmp_path_factory.mktemp("fonts")) as rendering:
        yield rendering


def _laid_out(pool: RenderPool, job: PdfJob, target: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Render ``job`` to ``target``: the characters of text WeasyPrint gave Pango to lay out meanwhile."""
    from weasyprint.text.line_break import Layout

    count = [0]
    set_text = Layout.set_text

    def counting(self: Layout, text: str, *args: object, **kwargs: object) -> None:
        count[0] += len(text)
        set_text(self, text, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Layout, "set_text", counting)
        error = pool.render(job.html, "0" * 64, str(target))
    assert error is None, error
    return count[0]


@pytest.mark.parametrize("section", ["Executive summary", "CJM vs CEM"])
def test_a_long_title_in_a_report_table_is_printed_in_linear_time(
    section: str, pool: RenderPool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A map's title (the summary's map health) or a stage's name (CJM vs CEM) of 659 and 1,319 characters: twice
    the text, twice the work (it was 3 and 4 times: 114 s at 4,950 characters); every word printed, on the page."""
    work = []
    for size in (60, 120):
        long = (WORDS * size).strip()
        job = _sections(tmp_path / str(size), long)[section]
        pdf = tmp_path / f"{size}.pdf"
        work.append(_laid_out(pool, job, pdf, monkeypatch))
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert words.count("Long") >= size, (size, words[:500])  # all of it printed
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
        width = float(re.search(r'<page width="([0-9.]+)"', boxes).group(1))
        right = max(float(x) for x in re.findall(r'xMax="([0-9.]+)"', boxes))
        assert right <= width, (right, width)  # and on the page
    assert work[1] < 2.5 * work[0], work  # linear (2.0 and 1.9); it was 3.0 and 3.9
    assert work[1] < 60 * len(long), work  # 24 and 5 characters laid out per character; it was 645 and 674


def test_the_pdf_cache_key_covers_the_code_that_makes_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed export/fit.py (or print template, style sheet, print font) gives every PDF a new key: the cache kept
    the old code's PDFs until the version number changed. The digest is read once per process."""
    package = tmp_path / "journeymaps"
    for folder in ("export", "templates/journeymaps/pdf", "templates/assets/journeymaps"):
        shutil.copytree(documents.PACKAGE / folder, package / folder)
    job = PdfJob("map", "m", "M", "pdf/m.pdf", "<html></html>")
    monkeypatch.setattr(documents, "PACKAGE", package)

    def key() -> str:
        documents.code_digest.cache_clear()
        return keyed(job, "css", "engine").key

    try:
        first = key()
        assert key() == first  # the same code, the same key
        for changed in ("export/fit.py", "templates/journeymaps/pdf/map.html", "templates/assets/journeymaps/pdf.css"):
            (package / changed).write_text((package / changed).read_text(encoding="utf-8") + "\n", encoding="utf-8")
            assert key() != first, changed
            first = key()
        font = next((package / "templates/assets/journeymaps/fonts").glob("*.woff2"))
        font.write_bytes(font.read_bytes() + b"\0")
        assert key() != first
        documents.code_digest()
        assert documents.code_digest.cache_info().hits >= 1  # once per process
    finally:
        documents.code_digest.cache_clear()
