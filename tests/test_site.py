"""Real MkDocs builds in tmp_path, read back with an HTML parser."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import CEM, CJM, PERSONA, SITE_CONFIG, BuildResult, Writer


def handbook(write: Writer) -> None:
    write("index.md", "# Home\n")
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write(
        "touchpoints/signup-form.md",
        "---\ntype: touchpoint\nname: Signup form\nchannel: web\nweight: high\n---\nThe form.\n",
    )


def hrefs(page: BuildResult, rel: str) -> set[str]:
    return {a["href"] for a in page.html(rel).select("article a[href]")}


def test_cross_references_link_both_ways(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    result = build("--strict")
    assert result.code == 0, result.output
    # map -> persona, touchpoints (file-defined and inline), cem it zooms into
    assert {
        "../../personas/maya/",
        "../../touchpoints/signup-form/",
        "../../touchpoints/video-id-call/",
        "../lifecycle/#stage-open",
    } <= hrefs(result, "maps/opening/index.html")
    # cem -> the cjm that zooms into it; persona -> maps; touchpoint -> map and stage
    assert "../opening/" in hrefs(result, "maps/lifecycle/index.html")
    assert {"../../maps/opening/", "../../maps/lifecycle/"} <= hrefs(result, "personas/maya/index.html")
    assert "../../maps/opening/#stage-sign-up" in hrefs(result, "touchpoints/video-id-call/index.html")
    assert "../../maps/opening/" in hrefs(result, "touchpoints/signup-form/index.html")
    # every link in every generated page resolves to a built file
    for page in result.site.rglob("index.html"):
        for a in BuildResultLinks(result, page):
            assert a.exists(), f"{page}: broken link to {a}"


def BuildResultLinks(result: BuildResult, page: Path) -> list[Path]:
    soup = result.html(str(page.relative_to(result.site)))
    out = []
    for a in soup.select("article a[href]"):
        href = a["href"].split("#")[0]
        if not href or href.startswith(("http", "mailto:")):
            continue
        target = (page.parent / href).resolve()
        out.append(target / "index.html" if href.endswith("/") or target.is_dir() else target)
    return out


def test_map_page_grid_and_curve(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    result = build("--strict")
    soup = result.html("maps/opening/index.html")
    grid = soup.select_one("table.jm-grid")
    assert [th.get_text(" ", strip=True) for th in grid.select("thead th")][1:] == ["1 Sign up", "2 Verify identity"]
    lanes = [th.get_text(strip=True) for th in grid.select(":scope > tbody > tr > th[scope=row]")]
    assert lanes == ["Emotion", "Pain points", "Touchpoints", "Channels"]  # only lanes with data, the story first
    svg = grid.select_one("svg.jm-curve")
    assert svg is not None and "Sign up" in svg.find("desc").get_text()
    assert "Body text." in soup.select_one("article").get_text()
    cem = result.html("maps/lifecycle/index.html")
    # a legend under the grid's curve and under the phones' small curve: each persona's initials and name
    for legend in (".jm-grid .jm-legend li", ".jm-phone .jm-legend li"):
        assert [li.get_text(" ", strip=True) for li in cem.select(legend)] == ["MC Maya Chen", "RP Raj Patel"]


def test_indexes_and_catalog_json(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    write("personas/index.md", "# Our personas\n\nWritten by the team.\n")
    result = build("--strict")
    personas = result.html("personas/index.html")
    assert "Written by the team." in personas.get_text()  # the author's page is kept
    assert len(personas.select(".jm-persona-card")) == 2
    maps = result.html("maps/index.html")
    rows = maps.select("table.jm-maps tbody tr")
    assert [(r["data-type"], r["data-state"]) for r in rows] == [("cem", "current"), ("cjm", "current")]
    data = json.loads((result.site / "journeymaps.json").read_text())
    assert sorted(data["maps"]) == ["lifecycle", "opening"]
    assert data["touchpoints"]["video-id-call"]["inline"] is True


def test_strict_fails_with_one_line_and_no_traceback(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    write("maps/opening.md", CJM.replace("emotion: -2", "emotion: 5"))
    strict = build("--strict")
    assert strict.code == 1
    assert "content/maps/opening.md:14: stages[1].emotion: 5 is outside -2..2" in strict.output
    assert "Traceback" not in strict.output
    lenient = build()
    assert lenient.code == 0
    box = lenient.html("maps/opening/index.html").select_one(".jm-errors")
    assert "5 is outside -2..2" in box.get_text()
    assert lenient.html("maps/lifecycle/index.html").select_one("table.jm-grid") is not None


def test_user_text_is_escaped(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    evil = "<script>alert(1)</script>"
    write("personas/maya.md", PERSONA.replace("Maya Chen", f"'{evil}\"'").replace("Freelance designer", f"'{evil}'"))
    write("maps/opening.md", CJM.replace("Verify identity", f"'{evil}'").replace("Call drops", f"'{evil}'"))
    result = build()
    assert result.code == 0, result.output
    for page in ("maps/opening/index.html", "personas/maya/index.html", "personas/index.html", "maps/index.html"):
        raw = (result.site / page).read_text()
        assert "<script>alert(1)" not in raw, page
        assert "&lt;script&gt;alert(1)" in raw, page
    assert "<script>" not in (result.site / "journeymaps.json").read_text()


def test_bad_id_is_refused_by_the_build(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    write("personas/x.md", "---\ntype: persona\nid: ../x\nname: X\n---\n")
    result = build("--strict")
    assert result.code == 1
    assert "content/personas/x.md:3: id: '../x' is not a valid id" in result.output


def test_navigation_groups_and_threshold(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    small = build("--strict")
    nav = " ".join(a.get_text(" ", strip=True) for a in small.html("index.html").select("nav.md-nav--primary a"))
    assert "Maya Chen" in nav and "Raj Patel" in nav and "Signup form" in nav
    big = build("--strict", config=SITE_CONFIG_THRESHOLD)
    links = {a.get_text(" ", strip=True): a["href"] for a in big.html("index.html").select("nav.md-nav--primary a")}
    assert "Maya Chen" not in links and "Raj Patel" not in links  # 2 personas > threshold 1: reached via the index
    assert links.get("Personas") == "personas/"
    assert "Account opening" not in links and links.get("Maps") == "maps/"  # 3 maps > 1: index only
    assert (big.site / "personas/maya/index.html").exists()  # still built


SITE_CONFIG_THRESHOLD = """
site_name: Test handbook
docs_dir: content
theme: {name: material}
plugins:
  - journeymaps:
      nav_threshold: 1
      pdf: false
"""


def test_custom_dir_overrides_a_template(project: Path, write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    override = project / "overrides" / "journeymaps" / "partials" / "persona_card.html"
    override.parent.mkdir(parents=True)
    override.write_text('<div class="my-card">{{ p.model.name }}</div>\n')
    result = build("--strict", config=SITE_CONFIG.replace("name: material", "name: material\n  custom_dir: overrides"))
    assert result.code == 0, result.output
    cards = result.html("personas/index.html").select(".my-card")
    assert [c.get_text() for c in cards] == ["Maya Chen", "Raj Patel"]


def test_plain_mkdocs_theme_builds(write: Writer, build: Callable[..., BuildResult]) -> None:
    handbook(write)
    result = build(
        "--strict",
        config="site_name: T\ndocs_dir: content\ntheme: {name: mkdocs}\nplugins: [{journeymaps: {pdf: false}}]\n",
    )
    assert result.code == 0, result.output
    soup = result.html("maps/opening/index.html")
    assert soup.select_one("table.jm-grid") is not None
    assert soup.select_one('link[href$="journeymaps.css"]') is not None
