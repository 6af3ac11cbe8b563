"""The PDFs a CX lead hands a board, read back as a reader sees them (poppler's word boxes): what each figure says
stands beside what it is about. Each map is printed in this process (one worker), in a second or two."""

from __future__ import annotations

import itertools
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
from journeymaps.settings import Options, Settings  # noqa: E402
from test_pdf_polish import Word, words  # noqa: E402
from test_pdf_poster import TEXT_BOTTOM  # noqa: E402

pool = hostile.pool
"""The print style sheets and font in this process, one worker."""
_write = hostile._write
PERSONAS = "abcdefgh"
"""Eight personas: the handbook's colours, in the order of their ids."""
NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf")
VALUES = (1, -1, 0, 1, -1, 0, -1)
"""One value a stage, none at +2 or -2 (the curve's axis says those)."""


def printed(pool: RenderPool, root: Path, persona: str, body: str = "", more: str = "", taxonomy: str = "") -> Path:
    """The PDF of a map of seven stages (:data:`NAMES`, :data:`VALUES`, an action and a pain point each, and ``more``
    of their fields) for ``persona``, one of eight personas, with ``body`` as its Markdown body (and ``taxonomy`` as
    the site's)."""
    for pid in PERSONAS:
        _write(root, f"personas/{pid}.md", f"---\ntype: persona\nname: Persona {pid.upper()}\nrole: Role\n---\n")
    stages = "".join(
        f"  - {{name: {name}, emotion: {value}, actions: [Acts in {name}], pain_points: [Waits]{more}}}\n"
        for name, value in zip(NAMES, VALUES, strict=True)
    )
    front = f"---\ntype: cjm\ntitle: Board map\npersona: {persona}\nstages:\n{stages}---\n"
    _write(root, "maps/m.md", front + body)
    if taxonomy:
        (root / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    return print_map(pool, root, Options(taxonomy="taxonomy.yml" if taxonomy else None))


def print_map(pool: RenderPool, root: Path, options: Options | None = None) -> Path:
    """The PDF of the map ``m`` of the site in ``root/content``, printed in this process."""
    built = build(Settings.make(root, Path("content"), options))
    docs = PrintDocuments(PageRenderer(built, make_environment(), Icons()), PrintSettings("T", None))  # type: ignore[arg-type]
    job = docs.map_job("m")
    assert job is not None
    pdf = root / "m.pdf"
    assert pool.render(job.html, "0" * 64, str(pdf)) is None
    return pdf


def stage_names(found: list[Word]) -> list[Word]:
    """Each stage's name in the grid's stage row (page 1): the highest of the words that are its name."""
    return [min((w for w in found if w.page == 1 and w.text == name), key=lambda w: w.y0) for name in NAMES]


def column_starts(found: list[Word]) -> list[float]:
    """Where each stage's column's text starts (page 1), about: its action's bullet, less the list's indent (3 mm, its
    marker inside it), before any other text of the column and past the end of the column before."""
    acts = min((w for w in found if w.page == 1 and w.text == "Acts"), key=lambda w: w.y0)
    starts = sorted(w.x0 - 8 for w in found if w.page == 1 and w.text == "•" and abs(w.y0 - acts.y0) < 1)
    assert len(starts) == len(NAMES), starts
    return starts


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
    heads = stage_names(found)
    labels = [w for w in lane(found, "Emotion", "Pain") if re.fullmatch(r"[+-]?[01]", w.text)]  # not the axis: ±2
    assert [w.text for w in labels] == [f"{v:+d}" if v else "0" for v in VALUES], labels
    for i, (label, head) in enumerate(zip(labels, heads, strict=True)):
        right = heads[i + 1].x0 if i + 1 < len(heads) else width
        assert head.x0 <= label.x0 and label.x1 < right, (NAMES[i], label, head.x0, right)


CLEAR = 3.0
"""How far (pt) a value label stands from every point beside it, at least: a digit touching a marker reads as part of
it (the label's box is its characters' advance, the marker's its outline)."""


def covered_labels(pdf: Path) -> tuple[int, list[str]]:
    """How many value labels the curve on page 1 of ``pdf`` prints, and those a point (a persona's marker or a path's
    ring: a filled shape 3 to 30 pt across in the emotion lane) covers or crowds: its box over the middle of the
    label's glyphs' height, or less than :data:`CLEAR` beside it."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTComponent, LTCurve, LTLine

    def walk(item: LTComponent) -> list[LTComponent]:
        return [item, *(x for child in getattr(item, "_objs", []) for x in walk(child))]

    drawn = walk(next(iter(extract_pages(pdf, laparams=None))))
    labels: list[list[LTChar]] = []
    for char in (c for c in drawn if isinstance(c, LTChar)):  # runs of characters on one baseline, side by side
        last = labels[-1][-1] if labels else None
        if last is None or abs(char.y0 - last.y0) > 0.5 or not 0 <= char.x0 - last.x1 < 1:
            labels.append([])
        labels[-1].append(char)
    numbers = [run for run in labels if re.fullmatch(r"[+-]?[0-2]", "".join(c.get_text() for c in run))]
    size = max(run[0].size for run in numbers)
    axis = [run for run in numbers if run[0].size < 0.9 * size]  # +2 and -2 beside the lane, smaller
    top, bottom = max(r[0].y1 for r in axis) + 25, min(r[0].y0 for r in axis) - 25
    values = [run for run in numbers if run[0].size >= 0.95 * size and bottom < run[0].y0 < top]  # not a path's
    points = [
        s
        for s in drawn
        if isinstance(s, LTCurve)
        and not isinstance(s, LTLine)
        and s.fill
        and 3 < s.width < 30
        and 3 < s.height < 30
        and bottom < s.y0 < top
    ]
    covered = []
    for run in values:
        x0, x1, y0, y1 = run[0].x0, run[-1].x1, run[0].y0, run[0].y1
        middle = (y0 + 0.2 * (y1 - y0), y1 - 0.2 * (y1 - y0))
        if any(p.x0 < x1 + CLEAR and p.x1 > x0 - CLEAR and p.y0 < middle[1] and p.y1 > middle[0] for p in points):
            covered.append("".join(c.get_text() for c in run))
    return len(values), covered


def printed_cem(pool: RenderPool, root: Path, personas: dict[str, str], order: str, stages: str) -> Path:
    """The PDF of a CEM titled Lifecycle for ``personas`` (id -> name) in ``order`` (a YAML list) with ``stages``
    (YAML list items), printed in this process."""
    for pid, name in personas.items():
        _write(root, f"personas/{pid}.md", f"---\ntype: persona\nname: {name}\nrole: Role\n---\n")
    _write(root, "maps/m.md", f"---\ntype: cem\ntitle: Lifecycle\npersonas: {order}\nstages:\n{stages}---\n")
    return print_map(pool, root)


def test_no_persona_s_point_covers_another_s_value_label(pool: RenderPool, tmp_path: Path) -> None:
    """A CEM of three personas, as the example's lifecycle: at a stage where two stand at 0 and one at -1, the '-1'
    stands above its point, where the points at 0 are, and the 1st colour's label, 8 px right of its own point, was
    under the point of the persona drawn right of it (the example's lifecycle: 4 of its 16 labels). Each label now
    stands right of every point of its stage (and of a path's ring), 12 px right of the rightmost: no point covers a
    label or stands within 3 pt of it (8 px right, the labels stood 1.2 to 2.9 pt from a marker)."""
    names = {pid: f"Persona {pid.upper()}" for pid in "abc"}
    stages = "".join(
        f"  - {{name: {name}, emotion: {{b: 0, a: {-1 if i % 2 else -2}, c: {1 if i % 3 else 0}}}}}\n"
        for i, name in enumerate(NAMES)
    )
    pdf = printed_cem(pool, tmp_path, names, "[b, a, c]", stages)
    count, covered = covered_labels(pdf)
    assert count == 3 * len(NAMES) - sum(1 for i in range(len(NAMES)) if i % 3 == 0), count  # one label a value
    assert covered == [], covered


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


def test_every_page_of_a_cem_keys_its_personas_lines(pool: RenderPool, tmp_path: Path) -> None:
    """A CEM of three personas and fourteen stages prints on two A3 pages; the key to its curve's lines (each
    persona's name in its line's colour and dash) was in the header band of page 1 only, and page 2's curve of three
    lines said whose none was. Every page of stages now starts with the key, the same names in the same order."""
    names = ("Maya Okafor", "Daniel Reyes", "Priya Shah")
    stages = "".join(f"  - {{name: Stage {i}, emotion: {{a: 1, b: -1, c: 0}}}}\n" for i in range(1, 15))
    pdf = printed_cem(pool, tmp_path, dict(zip("abc", names, strict=True)), "[a, b, c]", stages)
    sizes, found = words(pdf)
    assert len(sizes) == 2, sizes
    for page in (1, 2):
        text = " ".join(w.text for w in sorted((w for w in found if w.page == page), key=lambda w: (w.y0, w.x0)))
        assert all(name in text for name in names), (page, text[:300])
        first = min(text.index(name) for name in names)
        assert sorted(names, key=text.index) == list(names), text[first : first + 200]
        assert text.index(names[0]) < text.index("Emotion"), page  # above the grid


def test_an_opportunity_s_score_and_owner_stay_in_their_stage_s_column(pool: RenderPool, tmp_path: Path) -> None:
    """An opportunity's score ('impact 5 · effort 1 · priority 25') and owner were each set on one line: a map of
    seven stages and four lanes, printed larger to fill its page, ran each over the next stage's column, its
    'priority 25' over the next 'impact 5'. They wrap after a ' · ' now ('impact 5' kept together), inside the
    column; no word of the lane touches another."""
    more = ", opportunities: [{title: Fix it, impact: 5, effort: 1, owner: Financial crime operations and compliance}]"
    sizes, found = words(printed(pool, tmp_path, "a", more=more))
    assert len(sizes) == 1, sizes
    lefts = column_starts(found)
    top = next(w.y0 for w in found if w.text == "Opportunities")
    lane = [w for w in found if w.page == 1 and top - 2 <= w.y0 < sizes[0][1] - TEXT_BOTTOM and w.x0 >= lefts[0] - 1]
    assert sum(w.text == "impact" for w in lane) == len(NAMES), [(w.text, round(w.x0), round(w.y0)) for w in lane]
    assert sum(w.text == "25" for w in lane) == len(NAMES), [(w.text, round(w.x0), round(w.y0)) for w in lane]
    for i, edge in enumerate(lefts[1:]):
        crossing = [w.text for w in lane if lefts[i] - 1 <= w.x0 < edge - 1 < w.x1]
        assert crossing == [], (NAMES[i], crossing)
    touching = [
        (a.text, b.text)
        for a in lane
        for b in lane
        if a is not b and a.x0 < b.x0 < a.x1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1
    ]
    assert touching == [], touching


def test_a_long_channel_name_wraps_inside_its_stage_s_column(pool: RenderPool, tmp_path: Path) -> None:
    """A channel is printed with its icon and label on one line: a site's channel named 'Partner integration through
    the open banking API gateway' ran over the six stages' columns after its own, over their channels, and its last
    words off the A3 page (50 overlapping word pairs). It wraps inside its column now, on a line of its own."""
    taxonomy = "channels:\n  gateway: {label: Partner integration through the open banking API gateway}\n"
    more = ", touchpoints: [{name: API call, channel: gateway}, {name: Visit, channel: branch}]"
    sizes, found = words(printed(pool, tmp_path, "a", more=more, taxonomy=taxonomy))
    assert len(sizes) == 1, sizes
    width, height = sizes[0]
    assert all(w.x0 >= 0 and w.x1 <= width and w.y0 >= 0 and w.y1 <= height for w in found)
    lefts = column_starts(found)
    top = next(w.y0 for w in found if w.text == "Channels")
    lane = [w for w in found if top - 2 <= w.y0 < height - TEXT_BOTTOM and w.x0 >= lefts[0] - 1]
    assert sum(w.text == "gateway" for w in lane) == len(NAMES), [(w.text, round(w.x0)) for w in lane]
    for i, edge in enumerate(lefts[1:]):
        crossing = [w.text for w in lane if lefts[i] - 1 <= w.x0 < edge - 1 < w.x1]
        assert crossing == [], (NAMES[i], crossing)
    columns = [sum(lefts[i] - 1 <= w.x0 < [*lefts, width][i + 1] - 1 for w in lane) for i in range(len(NAMES))]
    assert len(set(columns)) == 1, columns  # every column's channels, whole: each its own


def test_the_curve_s_axis_labels_stand_off_its_grid_lines(pool: RenderPool, tmp_path: Path) -> None:
    """The curve's '+2' and '-2' beside its lane were set 3 px under the lines of +2 and -2: each line ran through the
    foot of its figures, on every map. '+2' now stands over its line, '-2' under its, no line through either."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTComponent, LTLine

    def walk(item: LTComponent) -> list[LTComponent]:
        return [item, *(x for child in getattr(item, "_objs", []) for x in walk(child))]

    drawn = walk(next(iter(extract_pages(printed(pool, tmp_path, "a"), laparams=None))))
    chars = [c for c in drawn if isinstance(c, LTChar)]
    size = max(c.size for c in chars if c.get_text() in "+-012")  # the value labels'
    axis = [
        (a, b)
        for a, b in itertools.pairwise(chars)
        if a.get_text() in "+-" and b.get_text() == "2" and a.size < 0.9 * size and 0 <= b.x0 - a.x1 < 1
    ]
    assert [a.get_text() for a, _b in axis] == ["+", "-"], axis
    rules = [line for line in drawn if isinstance(line, LTLine) and abs(line.y0 - line.y1) < 0.5 and line.width > 50]
    for a, b in axis:
        low, high = a.y0 + 0.2 * (a.y1 - a.y0), a.y1 - 0.2 * (a.y1 - a.y0)  # the figures, not the font's whole box
        through = [round(r.y0, 1) for r in rules if r.x0 <= b.x1 and r.x1 >= a.x0 and low < r.y0 < high]
        assert through == [], (a.get_text() + "2", round(low, 1), round(high, 1), through)
