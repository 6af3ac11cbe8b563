"""Board-ready print (issue 17), read back from the example handbook's PDFs with pypdf, poppler and pdfminer.six:
page numbers, one page per map, type sizes, fonts that cover every character, the summary and the backlog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import PERSONA, SITE_CONFIG, BuildResult, Writer, glyphs

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
    assert total > 8
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


# -- what each page says, and in which type -----------------------------------------------------------------------
def chars(pdf: Path) -> list[tuple[int, str, str, float]]:
    """(page, font and glyph id, text, size in pt) of every character drawn in ``pdf`` (text in SVG pictures too)."""
    return [(g.page, f"{g.font}#{g.cid}", g.text if g.cid else ".notdef", g.size) for g in glyphs(pdf)]


def front_matter(path: Path) -> dict[str, object]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def flat(text: str) -> str:
    return " ".join(text.split())


A3_LANDSCAPE = (1190.55, 841.89)


def in_table(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is in ``text`` read from a table, where the reader may slip a neighbouring cell's number
    between the lines of a wrapped cell ("held 3 for the director")."""
    words = [re.escape(w) for w in phrase.split()]
    return re.search(r"\s+(?:\d{1,2}\s+)*".join(words), text) is not None


def test_each_map_of_up_to_seven_stages_is_one_a3_page_with_every_stage_pain_and_opportunity(example: Path) -> None:
    checked = 0
    for source in sorted((ROOT / "content" / "maps").glob("*.md")):
        data = front_matter(source)
        stages = data["stages"]
        assert isinstance(stages, list)
        if len(stages) > 7 or data.get("pdf"):
            continue
        pdf = example / f"{data.get('id') or source.stem}.pdf"
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1, (pdf.name, len(reader.pages))
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A3_LANDSCAPE
        # a name may wrap after its hyphen ("wind-" / "down", which pdftotext joins as "winddown"): a map with room
        # prints larger, in narrower columns
        words = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        words = words.replace("-", "")
        for stage in stages:
            assert flat(stage["name"]).replace("-", "") in words, (pdf.name, stage["name"])
            for item in stage.get("pain_points", []) + stage.get("opportunities", []):
                title = item if isinstance(item, str) else item["title"]
                assert flat(title).replace("-", "") in words, (pdf.name, title)
        checked += 1
    assert checked >= 4


def test_map_type_is_readable_and_every_glyph_is_in_an_embedded_font(example: Path) -> None:
    for pdf in sorted(example.glob("*.pdf")):
        if pdf.name == "handbook.pdf":
            continue
        drawn = chars(pdf)
        assert drawn, pdf.name
        sizes = [round(size, 2) for _, _, text, size in drawn if text.strip()]
        assert min(sizes) >= 7.0, (pdf.name, sorted(set(sizes))[:5])
        # body text: the grid's cells (most of the characters) are set at 8.5 pt or more
        body = sorted(sizes)[len(sizes) // 2]
        assert body >= 8.5, (pdf.name, body)
        assert not [c for c in drawn if c[2] == ".notdef"], pdf.name


def test_every_font_of_every_pdf_is_embedded_and_covers_what_it_prints(example: Path) -> None:
    pdfs = sorted(example.rglob("*.pdf"))
    assert len(pdfs) >= 9
    for pdf in pdfs:
        table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = table.splitlines()[2:]
        assert rows, pdf.name
        for row in rows:
            assert row.split()[-5] == "yes", (pdf.name, row)  # the "emb" column
        assert any("Roboto" in row for row in rows), pdf.name  # the web's font
        missing = [(page, font) for page, font, text, _ in chars(pdf) if text == ".notdef"]
        assert not missing, (pdf.name, missing[:5])


def test_the_handbook_has_a_summary_a_backlog_and_a_comparison_with_bookmarks(example: Path) -> None:
    book = PdfReader(example / "handbook.pdf")
    top = [(title, page) for title, depth, page in outline(book) if depth == 0]
    assert [t for t, _ in top] == ["Executive summary", "Personas", "Maps", "Opportunity backlog", "CJM vs CEM"]
    pages = dict(top)
    summary = page_text(example / "handbook.pdf", pages["Executive summary"])
    assert pages["Executive summary"] == 3  # right after the cover and contents
    for expected in ("Executive summary", "Fernway customer lifecycle", "Hot spots", "Next three opportunities"):
        assert expected in summary, expected
    whole = " ".join(
        page_text(example / "handbook.pdf", p) for p in range(pages["Executive summary"], pages["Personas"])
    )
    assert "Map health" in flat(whole)
    # every map has its health line; a field a finding names is set as code, not printed with its backticks
    for source in sorted((ROOT / "content" / "maps").glob("*.md")):
        title = str(front_matter(source)["title"])
        assert title in flat(summary), title
    assert "only assumption" in flat(whole) and "`" not in whole
    args = ["pdftotext", "-f", str(pages["Opportunity backlog"]), "-l", str(pages["CJM vs CEM"] - 1)]
    backlog = flat(subprocess.run([*args, str(example / "handbook.pdf"), "-"], capture_output=True, text=True).stdout)
    assert "Opportunity backlog" in backlog and "Priority" in backlog
    ranked = [
        item if isinstance(item, str) else item["title"]
        for source in sorted((ROOT / "content" / "maps").glob("*.md"))
        for stage in front_matter(source)["stages"]  # type: ignore[union-attr]
        for item in stage.get("opportunities", [])
    ]
    missing = [t for t in ranked if not in_table(backlog, t)]
    assert ranked and not missing  # every opportunity of every map
    comparison = flat(page_text(example / "handbook.pdf", pages["CJM vs CEM"]))
    assert "CJM vs CEM" in comparison and "Detailed by" in comparison


def test_a4_landscape_holds_five_stages_and_a_sixth_goes_on(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    for count in (5, 6):
        stages = "".join(
            f"  - {{name: Step {n}, emotion: {(n % 5) - 2}, actions: [Do {n}], pain_points: [Pain {n}]}}\n"
            for n in range(1, count + 1)
        )
        write(
            f"maps/a4-{count}.md",
            f"---\ntype: cjm\ntitle: Paper {count}\npersona: maya\npdf: {{size: A4, orientation: landscape}}\n"
            f"stages:\n{stages}---\n",
        )
    config = SITE_CONFIG.replace(
        "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf_handbook: false"
    )
    result = build("--strict", config=config)
    assert result.code == 0, result.output
    five, six = PdfReader(result.site / "pdf" / "a4-5.pdf"), PdfReader(result.site / "pdf" / "a4-6.pdf")
    box = five.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (841.89, 595.28)
    assert len(five.pages) == 1 and len(six.pages) == 2
    words = flat(page_text(result.site / "pdf" / "a4-5.pdf", 1))
    assert all(f"Step {n}" in words and f"Pain {n}" in words for n in range(1, 6))
