"""Board-ready print (issue 17), read back from the example handbook's PDFs with pypdf, poppler and pdfminer.six:
page numbers, one page per map, type sizes, fonts that cover every character, the summary and the backlog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own example handbook, built with PDFs by the real ``mkdocs build``: its ``pdf`` folder."""
    work = tmp_path_factory.mktemp("example")
    for name in ("content", "site_config", "themes", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        elif source.exists():
            shutil.copy(source, work / name)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795305600"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(work / "site")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work / "site" / "pdf"


def page_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def outline(reader: PdfReader) -> Iterator[tuple[str, int, int]]:
    """(title, depth, 1-based target page) of every bookmark, in order."""

    def walk(items: list[object], depth: int) -> Iterator[tuple[str, int, int]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield item.title, depth, reader.get_destination_page_number(item) + 1  # type: ignore[attr-defined]

    yield from walk(reader.outline, 0)


NUMBER = re.compile(r"Page (\d+) of (\d+)")


def test_handbook_pages_are_numbered_by_their_place_in_the_file(example: Path) -> None:
    book = PdfReader(example / "handbook.pdf")
    total = len(book.pages)
    assert total > 10
    cover = page_text(example / "handbook.pdf", 1)
    assert not NUMBER.search(cover) and "Contents ·" not in cover  # the cover has no running footer
    for index in range(2, total + 1):
        found = NUMBER.findall(page_text(example / "handbook.pdf", index))
        assert found == [(str(index), str(total))], (index, found)
    # the PDF's own page labels say the same numbers
    assert [book.page_labels[i] for i in range(total)] == [str(i) for i in range(1, total + 1)]


def test_a_maps_own_pdf_is_numbered_from_one(example: Path) -> None:
    for pdf in sorted(example.glob("*.pdf")):
        if pdf.name == "handbook.pdf":
            continue
        pages = len(PdfReader(pdf).pages)
        for index in range(1, pages + 1):
            assert NUMBER.findall(page_text(pdf, index)) == [(str(index), str(pages))], (pdf.name, index)


def test_the_contents_cite_the_pages_the_bookmarks_jump_to(example: Path) -> None:
    book = PdfReader(example / "handbook.pdf")
    marks = {title: page for title, depth, page in outline(book) if depth == 1}
    assert len(marks) >= 8  # every persona and map
    contents = page_text(example / "handbook.pdf", 2)
    cited = 0
    for title, page in marks.items():
        line = next((row for row in contents.splitlines() if row.strip().startswith(title)), None)
        assert line is not None, title
        assert line.split()[-1] == str(page), (title, line, page)
        assert title in page_text(example / "handbook.pdf", page)  # and the bookmark lands on it
        cited += 1
    assert cited == len(marks)
