"""The PDFs a CX lead hands a board, read back as a reader sees them (poppler's word boxes): what each figure says
stands beside what it is about. Each map is printed in this process (one worker), in a second or two."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

import test_pdf_hostile_speed as hostile  # noqa: E402
from conftest import glyphs  # noqa: E402
from journeymaps.export.documents import PrintDocuments, PrintSettings  # noqa: E402
from journeymaps.export.pdf import RenderPool  # noqa: E402
from journeymaps.pipeline import build  # noqa: E402
from journeymaps.render.environment import Icons, make_environment  # noqa: E402
from journeymaps.render.pages import PageRenderer  # noqa: E402
from journeymaps.settings import Settings  # noqa: E402
from test_pdf_polish import Word, words  # noqa: E402

pool = hostile.pool
"""The print style sheets and font in this process, one worker."""
_write = hostile._write
PERSONAS = "abcdefgh"
"""Eight personas: the handbook's colours, in the order of their ids."""
NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf")
VALUES = (1, -1, 0, 1, -1, 0, -1)
"""One value a stage, none at +2 or -2 (the curve's axis says those)."""


def printed(pool: RenderPool, root: Path, persona: str, body: str = "") -> Path:
    """The PDF of a map of seven stages (:data:`NAMES`, :data:`VALUES`, an action and a pain point each) for
    ``persona``, one of eight personas, with ``body`` as its Markdown body."""
    for pid in PERSONAS:
        _write(root, f"personas/{pid}.md", f"---\ntype: persona\nname: Persona {pid.upper()}\nrole: Role\n---\n")
    stages = "".join(
        f"  - {{name: {name}, emotion: {value}, actions: [Acts in {name}], pain_points: [Waits]}}\n"
        for name, value in zip(NAMES, VALUES, strict=True)
    )
    front = f"---\ntype: cjm\ntitle: Board map\npersona: {persona}\nstages:\n{stages}---\n"
    _write(root, "maps/m.md", front + body)
    built = build(Settings.make(root, Path("content")))
    docs = PrintDocuments(PageRenderer(built, make_environment(), Icons()), PrintSettings("T", None))  # type: ignore[arg-type]
    job = docs.map_job("m")
    assert job is not None
    pdf = root / "m.pdf"
    assert pool.render(job.html, "0" * 64, str(pdf)) is None
    return pdf


def lane(found: list[Word], top: str, below: str) -> list[Word]:
    """The words between the lane label ``top`` and the next lane's label ``below`` (page 1), left to right."""
    start = next(w.y0 for w in found if w.page == 1 and w.text == top)
    end = next(w.y0 for w in found if w.page == 1 and w.text == below and w.y0 > start)
    return sorted((w for w in found if w.page == 1 and start <= w.y0 < end and w.text != top), key=lambda w: w.x0)


@pytest.mark.parametrize("persona", ["a", "c", "f", "h"])
def test_each_value_label_of_the_curve_stands_in_its_own_stage(pool: RenderPool, tmp_path: Path, persona: str) -> None:
    """A persona's value labels were shifted right by 13 px per colour, past the series before theirs: the 6th
    persona's labels printed over the next stage's point ('+1' read as the next stage's value), the 8th's last one
    was cut off at the page's edge. Now every stage's value is printed in its own column, right of its point, whole,
    in the stages' order, whatever the persona's colour."""
    sizes, found = words(printed(pool, tmp_path, persona))
    assert len(sizes) == 1, sizes  # seven stages: one A3 page
    width = sizes[0][0]
    heads = [next(w for w in found if w.page == 1 and w.text == name) for name in NAMES]
    labels = [w for w in lane(found, "Emotion", "Pain") if re.fullmatch(r"[+-]?[01]", w.text)]  # not the axis: ±2
    assert [w.text for w in labels] == [f"{v:+d}" if v else "0" for v in VALUES], labels
    for i, (label, head) in enumerate(zip(labels, heads, strict=True)):
        right = heads[i + 1].x0 if i + 1 < len(heads) else width
        assert head.x0 <= label.x0 and label.x1 < right, (NAMES[i], label, head.x0, right)


SENTENCE = "Owners wait for the video call at peak times."


def test_a_long_first_paragraph_of_findings_is_cut_short_and_the_grid_keeps_its_size(
    pool: RenderPool, tmp_path: Path
) -> None:
    """A map's body of one paragraph of 5,500 characters (no heading to cut it at) went whole into the key findings
    box: it took half the A3 page's height, and the grid was set at 0.9 to fit (body 7.65 pt, the axis and the box's
    label 6.7 pt). The box now ends with an ellipsis after its last whole sentence within 1,100 characters; the grid
    prints at its full size or larger, nothing under 7 pt."""
    pdf = printed(pool, tmp_path, "a", " ".join([SENTENCE] * 120) + "\n")
    sizes, found = words(pdf)
    assert len(sizes) == 1, sizes
    text = " ".join(w.text for w in found)
    said = text.count(SENTENCE)
    assert 10 <= said <= 25, said  # about 1,100 characters of the 5,500
    assert f"{SENTENCE} …" in text, text[-300:]
    drawn = [g for g in glyphs(pdf) if g.text.strip()]
    grid = {round(g.size, 2) for i, g in enumerate(drawn) if "".join(x.text for x in drawn[i : i + 4]) == "Acts"}
    assert len(grid) == 1 and min(grid) >= 8.5, grid  # the actions: the grid's body text, 8.5 pt or larger
    assert min(g.size for g in drawn) >= 7.0, sorted({round(g.size, 2) for g in drawn})[:3]
