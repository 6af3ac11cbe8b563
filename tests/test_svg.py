"""Tests of the inline SVG renderers: emotion curve and sparkline."""

from __future__ import annotations

import doctest
import re
import xml.etree.ElementTree as ET

import pytest

from journeymaps import vocabulary
from journeymaps.render import svg as svg_module
from journeymaps.render.palette import PALETTE
from journeymaps.render.svg import (
    Series,
    emotion_curve,
    sparkline,
)
from journeymaps.vocabulary import emotion_word as word
from journeymaps.vocabulary import num, signed

NS = "{http://www.w3.org/2000/svg}"
STAGES = ["Discover", "Sign up", "Verify identity", "First payment"]
CW = 224


def parse(markup: str) -> ET.Element:
    """Parse ``markup`` (it must be well-formed XML) and return the root."""
    return ET.fromstring(markup)


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in classes(el)]


def points_of(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", d)]


def marker_centre(el: ET.Element) -> tuple[float, float]:
    tag = el.tag.removeprefix(NS)
    if tag == "circle":
        return float(el.get("cx", "")), float(el.get("cy", ""))
    if tag == "rect":
        return float(el.get("x", "")) + float(el.get("width", "")) / 2, float(el.get("y", "")) + float(
            el.get("height", "")
        ) / 2
    pts = [tuple(map(float, p.split(","))) for p in (el.get("points") or "").split()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def series_groups(root: ET.Element) -> list[ET.Element]:
    return sorted(by_class(root, "jm-curve-series"), key=lambda g: int(g.get("data-series", "0")))


def one() -> str:
    return emotion_curve(STAGES, [Series("Maya Chen", (1, 2, -2, 0), "maya")], [False, False, True, False])


# --------------------------------------------------------------------------
# emotion_curve
# --------------------------------------------------------------------------


def test_root_attributes_and_accessible_name() -> None:
    root = parse(one())
    assert root.tag == f"{NS}svg"
    assert root.get("width") == str(len(STAGES) * CW)
    assert root.get("height") == "160"
    assert root.get("viewBox") == f"0 0 {len(STAGES) * CW} 160"
    assert "jm-curve" in classes(root)
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    assert len(ids) == 2
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and desc is not None
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text == "Emotion curve"
    assert not one().startswith("<?xml")


def test_ids_differ_per_input_and_are_stable() -> None:
    a = parse(one()).get("aria-labelledby")
    b = parse(emotion_curve(STAGES, [Series("Maya Chen", (1, 2, -2, 1))], [False] * 4)).get("aria-labelledby")
    assert a != b
    assert parse(one()).get("aria-labelledby") == a


def test_width_follows_column_width() -> None:
    root = parse(emotion_curve(["A", "B", "C"], [Series("P", (0, 1, 2))], [False] * 3, column_width=100, height=90))
    assert root.get("width") == "300"
    assert root.get("viewBox") == "0 0 300 90"


def test_points_are_centred_in_columns() -> None:
    root = parse(one())
    markers = by_class(root, "jm-curve-point")
    assert len(markers) == 4
    assert [marker_centre(m)[0] for m in markers] == [i * CW + CW / 2 for i in range(4)]
    (path,) = by_class(root, "jm-curve-line")
    assert [x for x, _ in points_of(path.get("d", ""))] == [112, 336, 560, 784]


def test_custom_column_width_centres() -> None:
    root = parse(emotion_curve(["A", "B"], [Series("P", (1, -1))], [False, False], column_width=150))
    assert [marker_centre(m)[0] for m in by_class(root, "jm-curve-point")] == [75, 225]


def test_y_scale_positive_is_above_negative_and_padded() -> None:
    root = parse(one())
    ys = [marker_centre(m)[1] for m in by_class(root, "jm-curve-point")]
    plus1, plus2, minus2, zero = ys
    assert plus2 < plus1 < zero < minus2  # SVG y grows downwards
    assert plus2 >= 15 and minus2 <= 160 - 15  # padding for labels
    (baseline,) = by_class(root, "jm-curve-baseline")
    assert float(baseline.get("y1", "")) == pytest.approx(zero)
    assert baseline.get("x1") == "0" and baseline.get("x2") == str(4 * CW)
    assert baseline.get("stroke-dasharray")


def test_grid_and_axis() -> None:
    root = parse(one())
    grid_ys = sorted(float(g.get("y1", "")) for g in by_class(root, "jm-curve-grid"))
    assert len(grid_ys) == 4
    ys = [marker_centre(m)[1] for m in by_class(root, "jm-curve-point")]
    assert grid_ys[0] == pytest.approx(ys[1])  # +2 line through the +2 point
    assert grid_ys[-1] == pytest.approx(ys[2])  # -2 line through the -2 point
    assert sorted(t.text or "" for t in by_class(root, "jm-curve-axis")) == ["+2", "-2"]


def test_values_are_clamped_for_drawing() -> None:
    root = parse(emotion_curve(["A", "B", "C", "D"], [Series("P", (5, 2, -2, -7))], [False] * 4))
    ys = [marker_centre(m)[1] for m in by_class(root, "jm-curve-point")]
    assert ys[0] == ys[1] and ys[2] == ys[3]


def test_none_value_splits_the_line() -> None:
    root = parse(emotion_curve(["A", "B", "C", "D", "E"], [Series("P", (1, 0, None, -1, 2))], [False] * 5))
    paths = by_class(root, "jm-curve-line")
    assert len(paths) == 2
    assert [x for x, _ in points_of(paths[0].get("d", ""))] == [112, 336]
    assert [x for x, _ in points_of(paths[1].get("d", ""))] == [784, 1008]
    assert len(by_class(root, "jm-curve-point")) == 4
    assert "C no data" in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]


def test_isolated_point_has_a_marker_but_no_line() -> None:
    root = parse(emotion_curve(["A", "B", "C", "D"], [Series("P", (1, None, -1, None))], [False] * 4))
    assert not by_class(root, "jm-curve-line")
    assert len(by_class(root, "jm-curve-point")) == 2
    assert [t.text for t in by_class(root, "jm-curve-label")] == ["+1", "-1"]


def test_labels_do_not_inherit_the_series_stroke() -> None:
    root = parse(emotion_curve(["A"], [Series("P", (1,))], [False]))
    assert all(t.get("stroke") == "none" for t in by_class(root, "jm-curve-label"))


def test_short_values_and_trailing_none() -> None:
    root = parse(emotion_curve(["A", "B", "C"], [Series("P", (1, -1))], [False] * 3))
    assert len(by_class(root, "jm-curve-point")) == 2
    assert len(by_class(root, "jm-curve-line")) == 1
    root = parse(emotion_curve(["A"], [Series("P", (1, 2, 2))], [False]))
    assert len(by_class(root, "jm-curve-point")) == 1


def test_user_text_is_escaped() -> None:
    evil = 'Pay <script>alert(1)</script> "now" & <b>'
    out = emotion_curve(
        [evil, "B"],
        [Series('Eve <img src=x onerror="a()">', (1, -1), 'x"><script>')],
        [True, False],
        title="T <script>x</script>",
    )
    assert "<script" not in out
    assert "<img" not in out
    root = parse(out)
    tags = {el.tag.removeprefix(NS) for el in root.iter()}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    desc = root.find(f"{NS}desc")
    assert desc is not None and evil in (desc.text or "")
    hovers = [t.text or "" for m in by_class(root, "jm-curve-point") for t in m.findall(f"{NS}title")]
    assert hovers[0] == f'Eve <img src=x onerror="a()"> at {evil}: +1 (positive)'
    for el in root.iter():
        for cls in classes(el):
            assert re.fullmatch(r"[a-z0-9-]+", cls), cls


def test_series_key_becomes_a_slugged_class() -> None:
    root = parse(emotion_curve(["A"], [Series("Maya", (1,), "Maya_Chen 2")], [False]))
    (group,) = series_groups(root)
    assert "jm-key-maya-chen-2" in classes(group)


def test_series_styles_differ_by_index() -> None:
    s = [Series(f"P{i}", (1, 0)) for i in range(9)]
    root = parse(emotion_curve(["A", "B"], s, [False, False]))
    groups = series_groups(root)
    assert len(groups) == 9
    lines = [g.find(f"{NS}path") for g in groups]
    assert all(line is not None for line in lines)
    dashes = [line.get("stroke-dasharray") for line in lines if line is not None]
    assert dashes[:5] == [None, "6 4", "2 3", "10 3 2 3", None]
    for i, line in enumerate(lines):
        assert line is not None
        assert {"jm-curve-line", f"jm-series-{i % 8}"} <= classes(line)
        assert line.get("stroke") == "currentColor"
    shapes = []
    for g in groups:
        marker = next(el for el in g if "jm-curve-point" in classes(el))
        shape = next(c for c in classes(marker) if c.startswith("jm-marker-"))
        shapes.append((marker.tag.removeprefix(NS), shape))
    assert shapes[0][0] != shapes[1][0]  # circle vs rect
    assert len(set(shapes[:4])) == 4
    assert shapes[4] == shapes[0]


def test_colours_come_from_the_series_colour_only() -> None:
    """Strokes and fills are currentColor; each series group carries its palette colour as a `color`
    attribute (right on paper and in PDFs), which the stylesheet's jm-series-N classes override."""
    out = emotion_curve(STAGES, [Series("A", (1, 0, -1, 2)), Series("B", (0, 0, 1, 1))], [True, False, False, True])
    root = parse(out)
    for el in root.iter():
        for attr in ("stroke", "fill"):
            assert el.get(attr) in (None, "none", "currentColor")
    assert [g.get("color") for g in series_groups(root)] == list(PALETTE[:2])
    assert len(re.findall(r"#[0-9a-fA-F]{6}\b", out)) == 2


def test_hover_titles_and_value_labels() -> None:
    root = parse(emotion_curve(["Sign up", "Verify"], [Series("Maya Chen", (0.5, -2))], [False, False]))
    hovers = [(m.find(f"{NS}title").text or "") for m in by_class(root, "jm-curve-point")]  # type: ignore[union-attr]
    assert hovers == ["Maya Chen at Sign up: +0.5 (positive)", "Maya Chen at Verify: -2 (very negative)"]
    assert [t.text for t in by_class(root, "jm-curve-label")] == ["+0.5", "-2"]


def test_labels_of_several_series_do_not_coincide() -> None:
    """Personas at the same value share one label ("+1", not "+1 +1"); different values each get their own place."""
    root = parse(emotion_curve(["A"], [Series("P", (1,)), Series("Q", (1,)), Series("R", (1,))], [False]))
    assert [t.text for t in by_class(root, "jm-curve-label")] == ["+1"]
    assert len(by_class(root, "jm-curve-point")) == 3
    root = parse(emotion_curve(["A"], [Series("P", (1,)), Series("Q", (0,)), Series("R", (-1,))], [False]))
    labels = by_class(root, "jm-curve-label")
    assert sorted(t.text or "" for t in labels) == ["+1", "-1", "0"]
    assert len({(t.get("x"), t.get("y")) for t in labels}) == 3


def test_moments_of_truth_only_on_their_columns() -> None:
    root = parse(emotion_curve(STAGES, [Series("P", (1, 1, 1, 1))], [False, True, False, True]))
    bands = by_class(root, "jm-curve-mot")
    assert len(bands) == 2
    for band, col in zip(bands, (1, 3)):
        x, w = float(band.get("x", "")), float(band.get("width", ""))
        assert col * CW <= x and x + w <= (col + 1) * CW
    stars = by_class(root, "jm-curve-mot-label")
    assert len(stars) == 2
    for star, col in zip(stars, (1, 3)):
        # a drawn star (a path), not the ★ glyph, which fonts without it show as an empty box
        assert not (star.text or "").strip() and star.find(f"{NS}path") is not None
        found = re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\) scale\(0\.5\)", star.get("transform", ""))
        assert found is not None
        x, y = float(found.group(1)), float(found.group(2))
        assert col * CW <= x and x + 12 < (col + 1) * CW  # 24 x 24 at half size, inside its column
        assert y + 12 < 20
        t = star.find(f"{NS}title")
        assert t is not None and t.text == "Moment of truth"
    none = parse(emotion_curve(STAGES, [Series("P", (1, 1, 1, 1))], [False] * 4))
    assert not by_class(none, "jm-curve-mot") and not by_class(none, "jm-curve-mot-label")


def test_desc_is_a_full_text_equivalent() -> None:
    out = emotion_curve(
        STAGES,
        [Series("Maya Chen", (1, 2, -2, None)), Series("Omar", (0, -1, -0.5, 1))],
        [False, False, True, False],
    )
    desc = parse(out).find(f"{NS}desc")
    assert desc is not None
    text = desc.text or ""
    for stage in STAGES:
        assert text.count(stage) == 2
    assert text.startswith(
        "Maya Chen: Discover +1 (positive), Sign up +2 (very positive), "
        "Verify identity -2 (very negative, moment of truth), First payment no data; Omar: "
    )
    assert "Verify identity -0.5 (negative, moment of truth)" in text
    assert "Discover 0 (neutral)" in text


def test_no_values_still_valid() -> None:
    for stages, series in ((["A", "B"], [Series("P", (None, None))]), (["A", "B"], []), ([], [])):
        root = parse(emotion_curve(stages, series, [False] * len(stages)))
        assert by_class(root, "jm-curve-baseline")
        assert not by_class(root, "jm-curve-line") and not by_class(root, "jm-curve-point")
        desc = root.find(f"{NS}desc")
        assert desc is not None and "no emotion data" in (desc.text or "").lower()


def test_deterministic() -> None:
    args = (
        STAGES,
        [Series("Maya Chen", (1.25, None, -2, 0.5), "maya"), Series("B", (0, 1, 2, -1))],
        [True, False, False, True],
    )
    assert emotion_curve(*args) == emotion_curve(*args)
    assert sparkline([1, None, -2], label="x") == sparkline([1, None, -2], label="x")


def test_numbers_are_formatted_compactly() -> None:
    out = emotion_curve(["A", "B", "C"], [Series("P", (1 / 3, -2 / 3, 2))], [False] * 3, column_width=97)
    coords = re.findall(r' (?:c?[xy][12]?|width|height|r)="(-?[\d.]+)"', out)
    coords += re.findall(r"-?[\d.]+", " ".join(re.findall(r' (?:d|points)="([^"]*)"', out)))
    assert len(coords) > 20
    for value in coords:
        assert not value.endswith(".0")
        assert len(value.partition(".")[2]) <= 1


def test_formatters() -> None:
    assert [num(v) for v in (12.0, 0.04, -0.04, 1.25, 3)] == ["12", "0", "0", "1.2", "3"]
    assert [signed(v) for v in (1, 0, -2, 0.5, -0.04)] == ["+1", "0", "-2", "+0.5", "0"]
    assert [word(v) for v in (-2, -1, 0, 1, 2, 0.4, -1.6, 3)] == [
        "very negative",
        "negative",
        "neutral",
        "positive",
        "very positive",
        "neutral",
        "very negative",
        "very positive",
    ]
    for module in (svg_module, vocabulary):
        failures, tried = doctest.testmod(module)
        assert failures == 0
    assert tried >= 5  # the vocabulary's examples ran


# --------------------------------------------------------------------------
# sparkline
# --------------------------------------------------------------------------


def test_sparkline() -> None:
    out = sparkline([1, -2, None, 0, 2], label='Maya <b>"x"</b>')
    assert "<b>" not in out
    root = parse(out)
    assert root.tag == f"{NS}svg"
    assert "jm-sparkline" in classes(root)
    assert root.get("role") == "img"
    assert root.get("aria-label") == 'Maya <b>"x"</b>: +1, -2, no data, 0, +2'
    assert root.get("width") == "120" and root.get("height") == "28"
    assert len(by_class(root, "jm-sparkline-baseline")) == 1
    lines = by_class(root, "jm-sparkline-line")
    assert len(lines) == 2  # gap at the None
    dots = by_class(root, "jm-sparkline-dot")
    assert [float(d.get("cx", "")) for d in dots] == [12, 36, 84, 108]
    assert [[x for x, _ in points_of(line.get("d", ""))] for line in lines] == [[12, 36], [84, 108]]
    ys = [float(d.get("cy", "")) for d in dots]
    assert ys[3] < ys[0] < ys[2] < ys[1]
    (baseline,) = by_class(root, "jm-sparkline-baseline")
    assert float(baseline.get("y1", "")) == ys[2]
    assert all(0 <= y <= 28 for y in ys)


def test_sparkline_empty_and_size() -> None:
    root = parse(sparkline([], width=60, height=20, label="Nobody"))
    assert root.get("aria-label") == "Nobody: no data"
    assert root.get("viewBox") == "0 0 60 20"
    assert not by_class(root, "jm-sparkline-line")


def test_series_at_the_same_values_are_drawn_side_by_side() -> None:
    """Two personas with the same emotions drew one line over the other (the PDF's curve; the web's lane curve
    spreads them): each series' points now sit a little apart, within the stage's column."""
    same = (1, 0, -1, 2)
    root = parse(emotion_curve(STAGES, [Series("A", same), Series("B", same), Series("C", same)], [False] * 4))
    lines = [g.find(f"{NS}path").get("d") for g in series_groups(root)]  # type: ignore[union-attr]
    assert len(set(lines)) == 3, lines
    starts = [float(d.split()[0].lstrip("M").split(",")[0]) for d in lines]
    assert starts[0] < starts[1] < starts[2] and starts[2] - starts[0] < CW / 2, starts
    alone = parse(emotion_curve(STAGES, [Series("A", same)], [False] * 4))
    assert series_groups(alone)[0].find(f"{NS}path").get("d") == lines[1]  # type: ignore[union-attr]  # the middle


def test_a_label_at_plus_two_does_not_meet_the_labels_below_it() -> None:
    """On a short curve (the PDF's emotion lane) "+2" was written below its point, where the label of 0 sat at one
    stage: they printed as "+20". Every label is above its own point."""
    root = parse(emotion_curve(["A"], [Series("P", (2,)), Series("Q", (0,))], [False], height=75))
    points = {t.text: float(t.get("y", "0")) for t in by_class(root, "jm-curve-label")}
    marks = sorted(float(m.get("cy") or m.get("y") or 0) for m in by_class(root, "jm-curve-point"))
    assert points["+2"] < marks[0] and points["0"] < marks[1]
    assert points["0"] - points["+2"] >= 12  # a line of 11 px type apart
