"""The lanes a team adds (taxonomy ``lanes:``), a map's choice of lanes, and storyboard pictures, read back from a
real MkDocs build: the grid (HTML parser), the PDF (pypdf and poppler), the search index, CSV export and import,
``journeymaps.json`` and the semantic diff.
"""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import mkdocs
from journeymaps.history.semdiff import diff_handbooks
from journeymaps.interop.csv_export import csv_text, export_tables
from journeymaps.interop.csv_import import import_rows
from journeymaps.pipeline import build
from journeymaps.settings import Options, Settings

TAXONOMY = """\
lanes:
  confidence: {label: Confidence, kind: rating, after: emotion}
  jobs: {label: Jobs to be done, kind: list, before: pain_points}
  aside: {label: Field note, kind: text}
"""
PERSONA = "---\ntype: persona\nname: Maya Chen\n---\nMaya runs a studio.\n"
STORY = """\
---
type: cjm
title: Paying a supplier
persona: maya
stages:
  - name: Check balance
    actions: [Opens the app]
    emotion: 1
    confidence: 4
    jobs: [Know what she can spend, Plan the week]
    aside: Checks twice before paying
    image: {src: ../img/check balance.svg, alt: "Maya checks her balance on the phone"}
  - name: Pay
    actions: [Sends the payment]
    emotion: -1
    confidence: 2
    pain_points: [The payee name check fails]
    image: {src: pay.png, alt: A payment confirmation screen}
---
The supplier payment.
"""
CHOSEN = """\
---
type: cjm
title: Chosen lanes
persona: maya
lanes: [aside, actions, confidence]
stages:
  - name: First
    actions: [Does one thing]
    emotion: 1
    confidence: 5
    aside: Only three lanes here
    pain_points: [Not shown on this map]
---
"""
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30" width="40" height="30">'
    '<rect x="2" y="2" width="36" height="26" fill="none" stroke="#222"/></svg>\n'
)


def png(width: int = 8, height: int = 6) -> bytes:
    """A small RGB PNG, made by hand (the PDF embeds it as an image XObject)."""
    rows = b"".join(b"\x00" + bytes((30 * y % 256, 120, 200)) * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_project(root: Path, *, directory_urls: bool = True, pdf: bool = True) -> Path:
    docs = root / "content"
    for rel, text in {
        "index.md": "# Home\n",
        "personas/maya.md": PERSONA,
        "maps/story.md": STORY,
        "maps/chosen.md": CHOSEN,
        "img/check balance.svg": SVG,
    }.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / "maps" / "pay.png").write_bytes(png())
    (docs / "personas" / "ines.md").write_text(
        "---\ntype: persona\nname: Inês Costa\nphoto: ../img/ines face.png\n---\n", encoding="utf-8"
    )
    (docs / "img" / "ines face.png").write_bytes(png(12, 12))
    (root / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Lanes\ndocs_dir: content\n"
        f"use_directory_urls: {'true' if directory_urls else 'false'}\n"
        "theme: {name: material}\nplugins:\n  - search\n"
        f"  - journeymaps:\n      taxonomy: taxonomy.yml\n      pdf: {'true' if pdf else 'false'}\n",
        encoding="utf-8",
    )
    return docs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lanes")
    write_project(root)
    proc = mkdocs(root, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / rel).read_text(encoding="utf-8"), "html.parser")


def lane_rows(soup: BeautifulSoup) -> list[str]:
    return [tr.select_one("th").get_text(" ", strip=True) for tr in soup.select("table.jm-grid > tbody > tr.jm-row")]


def cells(soup: BeautifulSoup, key: str) -> list[str]:
    row = soup.select_one(f"table.jm-grid > tbody > tr.jm-row-{key}")
    assert row is not None, key
    return [td.get_text(" ", strip=True) for td in row.find_all("td", recursive=False)]


def test_custom_lanes_in_the_grid_in_their_declared_place(site: Path) -> None:
    soup = page(site, "maps/story/index.html")
    assert lane_rows(soup) == [
        "Storyboard",
        "Actions",
        "Emotion",
        "Confidence",  # after: emotion
        "Jobs to be done",  # before: pain_points
        "Pain points",
        "Field note",  # no place given: last
    ]
    assert cells(soup, "confidence") == ["4 of 5", "2 of 5"]
    assert [len(td.select(".jm-dot-on")) for td in soup.select("tr.jm-row-confidence td")] == [4, 2]
    assert cells(soup, "jobs") == ["Know what she can spend Plan the week", ""]
    assert [li.get_text() for li in soup.select("tr.jm-row-jobs li")] == ["Know what she can spend", "Plan the week"]
    assert cells(soup, "aside") == ["Checks twice before paying", ""]
    assert soup.select_one(".jm-errors") is None


def test_a_map_chooses_and_orders_its_lanes(site: Path) -> None:
    soup = page(site, "maps/chosen/index.html")
    assert lane_rows(soup) == ["Field note", "Actions", "Confidence"]
    assert "Not shown on this map" not in soup.select_one("table.jm-grid").get_text()
    cards = [dt.get_text(strip=True) for dt in soup.select(".jm-stage-card dt")]
    assert cards == ["Field note", "Actions", "Confidence"]  # the phone cards follow the same choice


def _resolves(site_dir: Path, page_file: str, src: str) -> Path:
    """The file an <img src> of the page at ``page_file`` (relative to the site folder) loads."""
    url = urljoin("http://x/" + page_file, src)
    return site_dir / unquote(url.removeprefix("http://x/"))


@pytest.mark.parametrize("directory_urls", [True, False])
def test_storyboard_images_resolve_with_either_url_style(site: Path, tmp_path: Path, directory_urls: bool) -> None:
    if directory_urls:
        root, page_file = site, "maps/story/index.html"
    else:
        root, page_file = tmp_path, "maps/story.html"
        write_project(root, directory_urls=False, pdf=False)
        proc = mkdocs(root, "--strict")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    soup = page(root, page_file)
    images = soup.select("tr.jm-row-image img")
    assert [img["alt"] for img in images] == ["Maya checks her balance on the phone", "A payment confirmation screen"]
    files = [_resolves(root / "site", page_file, img["src"]) for img in images]
    assert [f.is_file() for f in files] == [True, True], [img["src"] for img in images]
    assert files[0].read_text(encoding="utf-8") == SVG
    assert files[1].read_bytes() == png()
    assert soup.select("tr.jm-row")[0]["class"] == ["jm-row", "jm-row-image"]  # the storyboard is the top lane


def test_pdf_has_the_lane_and_embeds_the_pictures(site: Path) -> None:
    pdf = site / "site" / "pdf" / "story.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Storyboard", "Confidence", "4 of 5", "2 of 5", "Jobs to be done", "Plan the week", "Field note"):
        assert words in text, words
    reader = PdfReader(str(pdf))
    xobjects = reader.pages[0]["/Resources"]["/XObject"]
    kinds = sorted(str(xobjects[name].get_object()["/Subtype"]) for name in xobjects)
    images = [xobjects[n].get_object() for n in xobjects if xobjects[n].get_object()["/Subtype"] == "/Image"]
    assert kinds.count("/Image") >= 1, kinds  # the PNG, as an image
    assert (images[0]["/Width"], images[0]["/Height"]) == (8, 6)
    # a picture that does not load is shown as its alt text: neither is (the SVG is drawn as vectors)
    assert "Maya checks her balance" not in text and "A payment confirmation screen" not in text


def test_search_index_has_the_lane_text(site: Path) -> None:
    index = json.loads((site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("maps/story/"))
    assert "Jobs to be done: Know what she can spend; Plan the week" in text
    assert "Confidence: 4 of 5" in text
    assert "Storyboard: Maya checks her balance on the phone" in text


def test_catalog_json_has_the_lanes(site: Path) -> None:
    data = json.loads((site / "site" / "journeymaps.json").read_text(encoding="utf-8"))
    assert data["taxonomy"]["lanes"] == [
        {"id": "confidence", "label": "Confidence", "kind": "rating"},
        {"id": "jobs", "label": "Jobs to be done", "kind": "list"},
        {"id": "aside", "label": "Field note", "kind": "text"},
    ]
    stages = data["maps"]["story"]["stages"]
    assert stages[0]["lanes"] == {
        "confidence": 4,
        "jobs": ["Know what she can spend", "Plan the week"],
        "aside": "Checks twice before paying",
    }
    assert stages[1]["image"] == {"url": "maps/pay.png", "alt": "A payment confirmation screen"}
    assert stages[0]["image"]["url"] == "img/check%20balance.svg"


SVG_URI = "img/check balance.svg"


def test_a_persona_photo_on_its_page_its_card_and_its_pdf(site: Path) -> None:
    """`photo:` was documented and never shown: the pages drew initials. Its file is linked where the avatar was
    (resolving to the copied file) and embedded in the persona's PDF; a persona without one keeps its initials."""
    for rel in ("personas/ines/index.html", "personas/index.html"):
        photos = page(site, rel).select("img.jm-photo")
        assert len(photos) == 1, rel
        assert _resolves(site / "site", rel, photos[0]["src"]).read_bytes() == png(12, 12)
    assert page(site, "personas/maya/index.html").select("img.jm-photo") == []
    assert page(site, "personas/maya/index.html").select(".jm-persona-head .jm-avatar")
    listed = subprocess.run(
        ["pdfimages", "-list", str(site / "site" / "pdf" / "personas" / "ines.pdf")], capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert [(r[3], r[4]) for r in rows] == [("12", "12")], listed.stdout  # the photo, and no other picture
    listed = subprocess.run(
        ["pdfimages", "-list", str(site / "site" / "pdf" / "personas" / "maya.pdf")], capture_output=True, text=True
    )
    assert listed.stdout.splitlines()[2:] == []


def _settings(root: Path) -> Settings:
    return Settings.for_folder(root / "content", root, Options(taxonomy="taxonomy.yml"))


def test_csv_export_has_a_column_per_lane_and_imports_it_back(tmp_path: Path) -> None:
    docs = write_project(tmp_path, pdf=False)
    handbook = build(_settings(tmp_path))
    columns, rows = export_tables(handbook)["stages.csv"]
    assert columns[-4:] == ("confidence", "jobs", "aside", "source")
    story = [r for r in rows if r["map_id"] == "story"]
    assert [(r["confidence"], r["jobs"], r["aside"]) for r in story] == [
        ("4", "Know what she can spend\nPlan the week", "Checks twice before paying"),
        ("2", "", ""),
    ]
    # unchanged: the import writes nothing
    report = import_rows(csv_text(columns, rows), "stages.csv", docs, handbook.catalog, tmp_path)
    assert report.written == [] and report.problems == []
    story[1]["confidence"], story[1]["jobs"] = "3", "Pay on time"
    report = import_rows(csv_text(columns, rows), "stages.csv", docs, handbook.catalog, tmp_path)
    assert report.problems == []
    after = build(_settings(tmp_path))
    assert after.catalog.lane_values["story"][1] == {"confidence": 3, "jobs": ["Pay on time"]}
    story[1]["confidence"] = "7"
    report = import_rows(csv_text(columns, rows), "stages.csv", docs, after.catalog, tmp_path)
    assert [p for _, p in report.problems] == [
        "stages.csv:4: confidence: '7' is not a rating; write a whole number from 1 to 5"
    ]


def test_diff_reports_lane_and_picture_changes(tmp_path: Path) -> None:
    write_project(tmp_path / "a", pdf=False)
    write_project(tmp_path / "b", pdf=False)
    story = tmp_path / "b" / "content" / "maps" / "story.md"
    story.write_text(
        STORY.replace("confidence: 4", "confidence: 2")
        .replace("[Know what she can spend, Plan the week]", "[Know what she can spend, Pay rent first]")
        .replace("image: {src: pay.png", "image: {src: ../img/check balance.svg"),
        encoding="utf-8",
    )
    diff = diff_handbooks(build(_settings(tmp_path / "a")), build(_settings(tmp_path / "b")), "a", "b")
    (entity,) = diff.entities
    changes = [(c.kind, c.text, c.before, c.after) for c in entity.changes]
    assert changes == [
        ("lane", "Confidence at *Check balance*: 4 → 2", 4, 2),
        ("lane-added", "Jobs to be done added at *Check balance*: “Pay rent first”", None, "Pay rent first"),
        ("lane-removed", "Jobs to be done removed at *Check balance*: “Plan the week”", "Plan the week", None),
        ("image", "storyboard picture at *Pay*: maps/pay.png → img/check balance.svg", "maps/pay.png", SVG_URI),
    ]


def test_a_lane_value_of_the_wrong_kind_is_one_line_with_its_place(tmp_path: Path) -> None:
    docs = write_project(tmp_path, pdf=False)
    (docs / "maps" / "chosen.md").write_text(CHOSEN.replace("confidence: 5", "confidence: [5]"), encoding="utf-8")
    (docs / "img" / "check balance.svg").unlink()
    report = build(_settings(tmp_path)).catalog.report
    assert [str(d) for d in report.errors] == [
        "content/maps/chosen.md:10: stages[0].confidence: expected a whole number in 1..5, got a list "
        "(lane 'confidence' holds a rating from 1 to 5)",
        "content/maps/story.md:12: stages[0].image.src: image '../img/check balance.svg' not found "
        "(looked for content/img/check balance.svg)",
    ]


def test_a_bad_lane_in_the_taxonomy_is_reported_on_its_line(tmp_path: Path) -> None:
    write_project(tmp_path, pdf=False)
    (tmp_path / "taxonomy.yml").write_text(
        TAXONOMY + "  goal: {label: Our goal}\n  mood: {kind: stars}\n  later: {after: emotoin}\n", encoding="utf-8"
    )
    handbook = build(_settings(tmp_path))
    assert [str(d) for d in handbook.report.sorted() if d.path == "taxonomy.yml"] == [
        "taxonomy.yml:5: lanes.goal: 'goal' is a key stages already have; give the lane another id",
        "taxonomy.yml:6: lanes.mood.kind: 'stars' is not one of: text, list, rating",
        "taxonomy.yml:7: lanes.later.after: 'emotoin' is not a lane; the lane goes last (did you mean 'emotion'?)",
    ]
    assert list(handbook.catalog.taxonomy.lanes) == ["confidence", "jobs", "aside", "later"]


def test_wrong_channels_and_evidence_in_the_taxonomy_are_reported_on_their_lines(tmp_path: Path) -> None:
    write_project(tmp_path, pdf=False)
    (tmp_path / "taxonomy.yml").write_text(
        "channels:\n  Bad Id: {label: B}\n  fax:\n    label: [1, 2]\n  kiosk: {label: Kiosk}\nevidence:\n  diary: 5\n",
        encoding="utf-8",
    )
    handbook = build(_settings(tmp_path))
    assert [str(d) for d in handbook.report.sorted() if d.path == "taxonomy.yml"] == [
        "taxonomy.yml:2: channels.Bad Id: 'Bad Id' is not an id: lowercase letters, digits, '-' and '_', as pages "
        "write it (did you mean 'bad-id'?)",
        "taxonomy.yml:4: channels.fax.label: must be text",
        "taxonomy.yml:7: evidence.diary: must be a label or {label, icon}",
    ]
    assert "kiosk" in handbook.catalog.taxonomy.channels and "fax" not in handbook.catalog.taxonomy.channels
    (tmp_path / "taxonomy.yml").write_bytes(b"channels:\n  kiosk: {label: Kiosque \xe9cran}\n")
    said = [str(d) for d in build(_settings(tmp_path)).report.sorted() if d.path == "taxonomy.yml"]
    assert said == ["taxonomy.yml:2: the taxonomy file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_a_label_cut_at_its_comma_is_a_warning_and_the_built_in_taxonomy_has_none(tmp_path: Path) -> None:
    """`{label: Survey (CSAT, NPS)}` is YAML for a label 'Survey (CSAT' and a key 'NPS)': the built-in taxonomy
    had it (every PDF and journeymaps.json said "Survey (CSAT"); a site's file gets a warning on the line."""
    write_project(tmp_path, pdf=False)
    (tmp_path / "taxonomy.yml").write_text(
        "evidence:\n  diary:\n    {label: Diary study (10 days, 8 people), kind: why}\n", encoding="utf-8"
    )
    handbook = build(_settings(tmp_path))
    assert [str(d) for d in handbook.report.sorted() if d.path == "taxonomy.yml"] == [
        "taxonomy.yml:3: evidence.diary.8 people): is not a known key (label, icon, kind); a label with a comma or "
        "a colon needs quotes",
    ]
    builtin = resources.files("journeymaps").joinpath("data/taxonomy.yml").read_text(encoding="utf-8")
    (tmp_path / "taxonomy.yml").write_text(builtin, encoding="utf-8")
    handbook = build(_settings(tmp_path))
    assert [str(d) for d in handbook.report.sorted() if d.path == "taxonomy.yml"] == []
    assert handbook.catalog.taxonomy.evidence["survey"].label == "Survey (CSAT, NPS)"
