"""Scale: the generated benchmark handbook is valid, and a `mkdocs serve` rebuild re-parses only what changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

CONFIG = """site_name: Scale
docs_dir: content
theme: {name: material}
plugins:
  - journeymaps:
      pdf: false
"""


def test_generated_handbook_validates(tmp_path: Path) -> None:
    generate(tmp_path / "content", 30)
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "validate", "content"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 errors, 0 warnings" in proc.stdout + proc.stderr


def test_serve_rebuild_reparses_one_file(tmp_path: Path) -> None:
    generate(tmp_path / "content", 30)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")

    def rebuild() -> object:
        # what `mkdocs serve` does on each change: load the config again, build into the same folder
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        build(config, dirty=False)
        return config.plugins["journeymaps"]

    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    first = rebuild()
    pages = len(list((tmp_path / "content").rglob("*.md")))
    assert first.parse_count == pages  # type: ignore[attr-defined]

    edited = tmp_path / "content" / "maps" / "cjm-3.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("title: Journey 3", "title: Journey three"), encoding="utf-8"
    )
    second = rebuild()
    assert second is first  # the plugin instance lives across rebuilds (it has on_startup)
    assert second.parse_count == 1  # type: ignore[attr-defined]
    assert "Journey three" in (tmp_path / "site" / "maps" / "cjm-3" / "index.html").read_text(encoding="utf-8")

    third = rebuild()
    assert third.parse_count == 0  # type: ignore[attr-defined]


def test_grids_are_searchable_added_late_and_released(tmp_path: Path) -> None:
    """The grid is added to a page just before it is written (memory: one page at a time): search still indexes
    it, comparison pages (which repeat their maps) are not indexed, and MkDocs ends with the author's own HTML."""
    import json

    generate(tmp_path / "content", 12)
    (tmp_path / "mkdocs.yml").write_text(CONFIG.replace("plugins:\n", "plugins:\n  - search\n"), encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    source = (tmp_path / "content" / "maps" / "cjm-1.md").read_text(encoding="utf-8")
    pain = source.split("pain_points:\n")[1].split("title: ", 1)[1].split("\n", 1)[0].strip()
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("maps/cjm-1/"))
    assert pain and pain in text  # a pain point from the grid, which the Markdown body does not hold
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("compare/cem-")]
    # the generated lists are found by their titles, not by their rows (which repeat what the maps say)
    lists = {d["location"]: d for d in index["docs"] if d["location"] in ("maps/", "opportunities/", "health/")}
    assert [d["title"] for d in lists.values()] == ["Maps", "Opportunities", "Map health"]
    assert all(d["text"] in ("", "<p></p>") for d in lists.values()), lists
    backlog = (tmp_path / "site" / "opportunities" / "index.html").read_text(encoding="utf-8")
    some_opportunity = source.split("opportunities:\n")[1].split("title: ", 1)[1].split("\n", 1)[0].strip()
    assert some_opportunity in backlog  # the page itself still lists them
    # the backlog is kept at one byte a character (its few characters beyond Latin-1 are references), and reads the
    # same: a row's "map › stage", the matrix's axes, the priority formula
    assert max(backlog) <= "\xff"
    backlog_page = BeautifulSoup(backlog, "html.parser")
    first_row = backlog_page.select_one("table.jm-opportunities tbody tr")
    assert first_row is not None and " › " in first_row.select("td")[5].get_text()
    assert "6 − effort" in backlog_page.get_text() and "Map › stage" in backlog_page.select_one("thead").get_text()
    assert "Effort (1 easy, 5 very hard) →" in backlog_page.select_one("figure svg").get_text()
    page_html = (tmp_path / "site" / "maps" / "cjm-1" / "index.html").read_text(encoding="utf-8")
    assert pain in page_html
    # search read the grid's words, not its markup: a section per stage, opening the stage's column of the grid
    sections = [d for d in index["docs"] if d["location"].startswith("maps/cjm-1/#")]
    soup = BeautifulSoup(page_html, "html.parser")
    assert len(sections) == 6 and soup.select_one(".jm-grid") is not None
    for section in sections:
        column = soup.find(id=section["location"].split("#")[1])
        assert column is not None and column.name == "th", section["location"]
        assert section["title"].split(" (moment of truth)")[0] in column.get_text(" ", strip=True)
    assert "Pain points: " in text and "Touchpoints: " in text
    assert "Mermaid journey diagram" not in text and "Emotion by stage" not in text  # no Mermaid tab, no curve table
    # a touchpoint is found by its own words (its details, the author's text), not by its table of the stages it
    # occurs in: each row repeats a map's stage, which search finds on the map
    tp_source = (tmp_path / "content" / "touchpoints" / "touchpoint-1.md").read_text(encoding="utf-8")
    tp_owner, tp_body = tp_source.split("owner: ")[1].split("\n")[0], tp_source.split("---\n")[2].strip()
    tp_docs = [d for d in index["docs"] if d["location"].startswith("touchpoints/touchpoint-1/")]
    tp_text = " ".join(d["text"] for d in tp_docs)
    assert tp_owner in tp_text and tp_body.split()[0] in tp_text
    assert not [d for d in tp_docs if "jm-occurs-in" in d["location"]] and "Pain points there" not in tp_text
    tp_page = BeautifulSoup(
        (tmp_path / "site" / "touchpoints" / "touchpoint-1" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    occurs = tp_page.select_one("#jm-occurs-in")
    assert occurs is not None and occurs.find_parent("section").select("tbody tr")  # the page still has its table
    plugin = config.plugins["journeymaps"]
    assert plugin._author_html == {} and plugin._full_html == {}  # type: ignore[attr-defined]  # all given back


def test_page_cache_on_disk_skips_unchanged_pages(tmp_path: Path) -> None:
    """A new build (a new process, as in CI with a restored `.cache/`) parses only pages whose text changed,
    and builds the same bytes; a damaged cache file is ignored."""
    generate(tmp_path / "content", 12)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")

    def run() -> tuple[int, bytes]:
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        parsed = int(proc.stderr.split(" parsed")[0].rsplit("; ", 1)[1])
        return parsed, (tmp_path / "site" / "maps" / "cjm-2" / "index.html").read_bytes()

    pages = len(list((tmp_path / "content").rglob("*.md")))
    first = run()
    assert first[0] == pages
    assert (tmp_path / ".cache" / "journeymaps" / "pages.marshal").is_file()
    assert run() == (0, first[1])  # nothing parsed, the same page

    edited = tmp_path / "content" / "maps" / "cjm-2.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("title: Journey 2", "title: Journey two"), encoding="utf-8"
    )
    parsed, html = run()
    assert parsed == 1 and b"Journey two" in html

    (tmp_path / ".cache" / "journeymaps" / "pages.marshal").write_bytes(b"\x00garbage")
    assert run()[0] == pages  # unreadable: every page parsed again, no error


def test_one_shot_build_releases_raw_frontmatter_and_renders_the_same(tmp_path: Path) -> None:
    """A one-shot build drops the parsed YAML of pages that validated (memory): every page renders the same
    bytes after as before, a page that did not validate keeps what the author wrote, and the adapter lets
    go of the catalog once the build is written (`serve` keeps both: see the rebuild test above)."""
    from journeymaps.pipeline import build as build_handbook
    from journeymaps.pipeline import release_sources
    from journeymaps.render.environment import Icons, make_environment
    from journeymaps.render.pages import PageRenderer
    from journeymaps.settings import Settings

    generate(tmp_path / "content", 12)
    (tmp_path / "content" / "maps" / "broken.md").write_text(
        "---\ntype: cjm\ntitle: Broken map\npersona: p-1\nstages: [{name: A, emotion: 9}]\n---\n", encoding="utf-8"
    )
    handbook = build_handbook(Settings.for_folder(tmp_path / "content", tmp_path))

    def render_all() -> list[str]:
        renderer = PageRenderer(handbook, make_environment(), Icons())
        out = [
            part for src in sorted(handbook.catalog.by_src) for part in renderer.entity(src, handbook.catalog.url(src))
        ]
        out += [
            renderer.generated(page, "x/") for page in renderer.registry.pages.values() if page.section != "changes"
        ]
        return out

    before = render_all()
    entities = len(handbook.catalog.by_src)
    assert release_sources(handbook) == entities - 1  # all but the broken map
    assert handbook.docs["maps/broken.md"].data is not None
    assert sum(handbook.docs[src].data is None for src in handbook.catalog.by_src) == entities - 1
    assert sum(handbook.docs[src].yaml_text == "" for src in handbook.catalog.by_src) == entities - 1
    assert handbook.docs["maps/broken.md"].yaml_text.startswith("type: cjm")
    assert render_all() == before
    assert handbook.catalog.by_src["maps/broken.md"].title == "Broken map"  # read from what the author wrote

    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    build(config)
    plugin = config.plugins["journeymaps"]
    assert not plugin.active  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="built in on_files"):  # state guarded: gone, and it says so
        plugin.handbook  # type: ignore[attr-defined]  # noqa: B018
    assert (tmp_path / "site" / "maps" / "broken" / "index.html").is_file()


HOOK = """import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

SEEN = {}


@event_priority(-200)
def on_page_context(context, page, config, nav):
    SEEN[page.file.src_uri] = sorted(page.meta)
    return context


def on_post_build(config):
    Path(config.config_file_path).with_name("meta.json").write_text(json.dumps(SEEN))
"""


def test_mkdocs_reads_entity_bodies_not_their_frontmatter_again(tmp_path: Path, monkeypatch: Any) -> None:
    """journeymaps parsed every entity page in on_files; MkDocs gets the body alone. The page keeps its metadata
    for themes and other plugins (here material's search honours `search: exclude`), without the bulk of
    `stages`; a body that begins like MultiMarkdown metadata stays text; other pages are MkDocs' as before."""
    import json
    import re

    from mkdocs.utils import meta as mkdocs_meta

    content = tmp_path / "content"
    generate(content, 12)
    source = content / "maps" / "cjm-1.md"
    head, body = source.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
    source.write_text(
        f"---\n{head}\nsearch: {{exclude: true}}\ntags: [onboarding]\n---\n"
        f"Note: this line is text, not metadata.\n\n{body}",
        encoding="utf-8",
    )
    (content / "guide.md").write_text("---\ntitle: Guide\n---\n# Guide\n", encoding="utf-8")
    (tmp_path / "hooks.py").write_text(HOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        CONFIG.replace("plugins:\n", "hooks: [hooks.py]\nplugins:\n  - search\n"), encoding="utf-8"
    )
    parsed: list[str] = []
    real = mkdocs_meta.get_data
    monkeypatch.setattr(mkdocs_meta, "get_data", lambda doc: (parsed.append(doc), real(doc))[1])
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)

    with_frontmatter = [doc for doc in parsed if doc.startswith("---")]
    assert any("title: Guide" in doc for doc in with_frontmatter)  # MkDocs still reads other pages itself
    assert not [doc for doc in with_frontmatter if re.search(r"^type: (cjm|cem|persona|touchpoint)", doc, re.M)]
    seen = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert {"title", "type", "persona", "search", "tags", "hide"} <= set(seen["maps/cjm-1.md"])
    assert "stages" not in seen["maps/cjm-1.md"] and seen["guide.md"] == ["title"]
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "maps/cjm-1/" not in locations and "maps/cjm-2/" in locations
    page = BeautifulSoup(
        (tmp_path / "site" / "maps" / "cjm-1" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "Note: this line is text, not metadata." in page.select_one("article").get_text()
    assert page.select_one(".jm-grid") is not None
