"""The example handbook on other engines than MkDocs 1.6 with the plugin.

- `journeymaps generate` writes a plain docs folder (every page already rendered into its Markdown) that
  engines without the plugin build: Zensical builds it, and a crawler compares the result with the MkDocs
  build of the same example (same entity and generated pages, grids and curves, no broken internal link).
- ProperDocs (a continuation of MkDocs 1.x that runs plugins) builds the example itself.
- The generated folder is deterministic, and MkDocs builds it too without the plugin.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import CEM, CJM, PERSONA, Writer, example_handbook, example_site, mkdocs

ROOT = Path(__file__).resolve().parent.parent
ENTITY_AND_GENERATED = ("personas", "maps", "touchpoints", "compare", "opportunities", "health", "changes")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}


copy_example = example_handbook


def journeymaps(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=cwd, capture_output=True, text=True, env=ENV, check=False
    )


def generate(work: Path, out: str = "generated", *args: str) -> Path:
    proc = journeymaps(work, "generate", "--out", out, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work / out


@dataclass
class Crawl:
    """Every HTML page of a built site, read back, and every internal link checked against the files."""

    site: Path
    pages: dict[str, BeautifulSoup] = field(default_factory=dict)  # site-relative URL ("maps/x/") -> page
    broken: list[str] = field(default_factory=list)
    links: int = 0

    @classmethod
    def of(cls, site: Path) -> Crawl:
        crawl = cls(site)
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            url = rel.removesuffix("index.html")
            crawl.pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for url, soup in crawl.pages.items():
            for a in soup.select("a[href]"):
                crawl._check(url, str(a["href"]))
        return crawl

    def _check(self, url: str, href: str) -> None:
        if url == "404.html" or urlparse(href).scheme or href.startswith(("//", "mailto:", "javascript:")):
            return
        target, fragment = urldefrag(urljoin("http://site/" + url, href))
        rel = unquote(urlparse(target).path.removeprefix("/"))
        self.links += 1
        path = self.site / rel
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.broken.append(f"{url}: {href}")
            return
        page = self.pages.get(rel if not rel or rel.endswith(("/", ".html")) else rel + "/")
        if fragment and page is not None and page.find(id=fragment) is None:
            self.broken.append(f"{url}: {href} (no #{fragment} there)")

    def handbook_pages(self) -> set[str]:
        return {u for u in self.pages if u.split("/")[0] in ENTITY_AND_GENERATED}

    def map_pages(self, catalog: dict[str, object]) -> set[str]:
        """The pages that carry a journey grid: every map's."""
        maps = catalog["maps"]
        assert isinstance(maps, dict)
        return {f"maps/{mid}/" for mid in maps}

    def rendered(self, url: str) -> Counter[str]:
        """What the handbook put on a page: every element with a class of ours, by tag and class."""
        return Counter(
            f"{el.name}.{'.'.join(sorted(c for c in el.get('class', []) if c.startswith('jm-')))}"
            for el in self.pages[url].select("[class*='jm-']")
            if any(c.startswith("jm-") for c in el.get("class", []))
        )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return Crawl.of(example_site(tmp_path_factory))  # the example built by `mkdocs build --strict`


@pytest.fixture(scope="module")
def zensical_site(example: Path) -> Crawl:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install 'journeymaps[zensical]', which the test extra includes)")
    out = generate(example, "for-zensical", "--engine", "zensical")
    proc = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean"],
        cwd=out,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Crawl.of(out / "site")


def grid_and_curve(soup: BeautifulSoup) -> bool:
    grid = soup.select_one("table.jm-grid")
    return grid is not None and grid.select_one("svg.jm-curve") is not None


def test_zensical_builds_the_same_handbook_as_mkdocs(mkdocs_site: Crawl, zensical_site: Crawl) -> None:
    catalog = json.loads((mkdocs_site.site / "journeymaps.json").read_text(encoding="utf-8"))
    expected = mkdocs_site.handbook_pages()
    assert len(expected) >= 30
    assert zensical_site.handbook_pages() == expected
    maps = mkdocs_site.map_pages(catalog)
    assert len(maps) >= 5
    assert [u for u in sorted(maps) if not grid_and_curve(mkdocs_site.pages[u])] == []
    assert [u for u in sorted(maps) if not grid_and_curve(zensical_site.pages[u])] == []
    # every page has what the handbook renders on it, element for element: cards, lists, curves, tables
    different = [u for u in sorted(expected) if zensical_site.rendered(u) != mkdocs_site.rendered(u)]
    assert different == []
    assert sum(len(mkdocs_site.rendered(u)) for u in expected) > 100
    assert zensical_site.broken == [] and mkdocs_site.broken == []
    assert zensical_site.links >= 1000
    # journeymaps.json and the editor schema are published as files of the docs folder
    assert json.loads((zensical_site.site / "journeymaps.json").read_text(encoding="utf-8")) == catalog


def test_zensical_search_finds_the_words_of_a_map(zensical_site: Crawl) -> None:
    index = (zensical_site.site / "search.json").read_text(encoding="utf-8")
    page = zensical_site.pages["maps/account-opening/"]
    pain = page.select_one(".jm-pains li")
    assert pain is not None
    word = max(pain.get_text(" ", strip=True).split(), key=len)
    assert "maps/account-opening/" in index and word in index


def test_generate_is_deterministic_and_carries_author_pages_unchanged(tmp_path: Path) -> None:
    from journeymaps.export.pdf import pdf_support

    pdf = pdf_support() is None  # with the pdf extra, the PDFs are in the folder too
    work = copy_example(tmp_path / "a", pdf=pdf)
    first, second = generate(work, "one"), generate(work, "two")
    if pdf:
        catalog = json.loads((first / "docs" / "journeymaps.json").read_text(encoding="utf-8"))
        for mid in catalog["maps"]:
            assert (first / "docs" / "pdf" / f"{mid}.pdf").read_bytes().startswith(b"%PDF")
            assert f'href="../../pdf/{mid}.pdf"' in (first / "docs" / "maps" / f"{mid}.md").read_text(encoding="utf-8")
        assert (first / "docs" / "pdf" / "handbook.pdf").is_file()

    def digest(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digest(first) == digest(second)
    for guide in sorted((work / "content" / "guide").glob("*.md")):
        assert (first / "docs" / "guide" / guide.name).read_bytes() == guide.read_bytes()
    config = (first / "mkdocs.yml").read_text(encoding="utf-8")
    assert "journeymaps:" not in config and "assets/journeymaps/journeymaps.css" in config
    assert (first / "docs" / "assets" / "journeymaps" / "journeymaps.js").is_file()
    # a folder `generate` did not write is never replaced
    (tmp_path / "a" / "mine").mkdir()
    (tmp_path / "a" / "mine" / "notes.md").write_text("mine", encoding="utf-8")
    proc = journeymaps(work, "generate", "--out", "mine")
    assert proc.returncode == 1 and "not written by `journeymaps generate`" in proc.stderr
    assert (tmp_path / "a" / "mine" / "notes.md").read_text(encoding="utf-8") == "mine"
    # a file added to a generated folder is the author's: the next run does not delete it
    (first / "NOTES.md").write_text("my notes", encoding="utf-8")
    proc = journeymaps(work, "generate", "--out", "one")
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "one/NOTES.md: not written by `journeymaps generate`; move it out of one" in proc.stderr
    assert (first / "NOTES.md").read_text(encoding="utf-8") == "my notes"
    (first / "NOTES.md").unlink()
    (first / "site").mkdir()
    (first / "site" / "index.html").write_text("built", encoding="utf-8")  # what building the folder makes
    assert journeymaps(work, "generate", "--out", "one").returncode == 0
    assert not (first / "site").exists()
    proc = journeymaps(work, "generate", "--out", "content/generated")
    assert proc.returncode == 1 and "inside the docs folder" in proc.stderr
    assert not (work / "content" / "generated").exists()
    before = sorted(p.relative_to(work) for p in (work / "themes").rglob("*"))
    proc = journeymaps(work, "generate", "--out", "themes/gen")  # the theme's custom_dir, copied into the output
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert "themes/gen: inside the theme's folder" in proc.stderr
    assert sorted(p.relative_to(work) for p in (work / "themes").rglob("*")) == before


def test_mkdocs_without_the_plugin_builds_the_generated_folder(tmp_path: Path, mkdocs_site: Crawl) -> None:
    out = generate(copy_example(tmp_path), "generated")
    proc = mkdocs(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    crawl = Crawl.of(out / "site")
    assert crawl.handbook_pages() == mkdocs_site.handbook_pages()
    assert grid_and_curve(crawl.pages["maps/account-opening/"])
    # Markdown left the HTML alone: the same elements of ours on every page as the plugin's own build
    assert [u for u in sorted(crawl.handbook_pages()) if crawl.rendered(u) != mkdocs_site.rendered(u)] == []
    assert crawl.broken == []
    # offline, as the plugin's build: material's fonts from the site, none from Google
    for url, soup in crawl.pages.items():
        sheets = [str(link["href"]) for link in soup.select("link[rel=stylesheet][href]")]
        assert not [h for h in sheets if "fonts.googleapis" in h], url
        assert any(h.endswith("assets/journeymaps/fonts/fonts.css") for h in sheets), url


def test_properdocs_builds_the_example_with_the_plugin(example: Path, mkdocs_site: Crawl) -> None:
    if importlib.util.find_spec("properdocs") is None:
        pytest.skip("properdocs is not installed (it is in the test extra)")
    proc = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", "properdocs-site"],
        cwd=example,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    crawl = Crawl.of(example / "properdocs-site")
    assert crawl.handbook_pages() == mkdocs_site.handbook_pages()
    catalog = json.loads((example / "properdocs-site" / "journeymaps.json").read_text(encoding="utf-8"))
    assert [u for u in sorted(crawl.map_pages(catalog)) if not grid_and_curve(crawl.pages[u])] == []
    assert crawl.broken == []


def test_validate_warns_when_the_engine_will_not_run_the_plugin(tmp_path: Path) -> None:
    work = copy_example(tmp_path)
    quiet = journeymaps(work, "validate", "--strict")
    assert quiet.returncode == 0 and "plugin" not in quiet.stdout, quiet.stdout + quiet.stderr
    (work / "zensical.toml").write_text('[project]\nsite_name = "Fernway"\n', encoding="utf-8")
    proc = journeymaps(work, "validate")
    warnings = [line for line in proc.stdout.splitlines() if "journeymaps plugin" in line]
    assert proc.returncode == 0 and len(warnings) == 1, proc.stdout
    assert warnings[0].startswith("WARNING: ") and "zensical.toml" in warnings[0] and "generate" in warnings[0]
    assert journeymaps(work, "validate", "--strict").returncode == 1
    (work / "zensical.toml").unlink()
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - search\n  - journeymaps:\n" in config
    unplugged = config.replace("  - search\n  - journeymaps:\n", "  - search\nunused:\n  - journeymaps:\n")
    (work / "mkdocs.yml").write_text(unplugged, encoding="utf-8")
    proc = journeymaps(work, "validate")
    line = next(i for i, row in enumerate(config.splitlines(), 1) if row.startswith("plugins:"))
    warnings = [row for row in proc.stdout.splitlines() if "no `journeymaps` entry" in row]
    assert warnings == [warnings[0]] and f"mkdocs.yml:{line}: plugins:" in warnings[0], proc.stdout + proc.stderr


GENERATE_CONFIG = """
site_name: !ENV [JM_SITE_NAME, "Small handbook"]
docs_dir: content
theme:
  name: material
nav:
  - Home: index.md
  - Our maps: maps/index.md
  - Elsewhere: https://example.com/
plugins:
  - search
  - journeymaps:
      pdf: false
"""


def test_generate_keeps_the_authors_config_nav_and_index_text(write: Writer, project: Path) -> None:
    write("index.md", "# Home\n")
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write("maps/index.md", "# Our maps\n\nWritten by us.\n")
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\nThe form.\n")
    (project / "mkdocs.yml").write_text(GENERATE_CONFIG.lstrip(), encoding="utf-8")
    out = generate(project, "out")
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV" in config and "JM_SITE_NAME" in config  # the author's tags, kept for the engine
    assert "Elsewhere: https://example.com/" in config and "Home: index.md" in config
    index = (out / "docs" / "maps" / "index.md").read_text(encoding="utf-8")
    assert index.index("Written by us.") < index.index('<div class="journeymaps-generated">')  # the list under it
    proc = mkdocs(out, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    crawl = Crawl.of(out / "site")
    assert crawl.broken == []
    assert grid_and_curve(crawl.pages["maps/opening/"]) and grid_and_curve(crawl.pages["maps/lifecycle/"])
    maps_index = crawl.pages["maps/"]
    assert "Written by us." in maps_index.get_text() and maps_index.select_one("a[href='opening/']") is not None
    assert crawl.pages[""].find("title").get_text().endswith("Small handbook")
    titles = [a.get_text(" ", strip=True) for a in crawl.pages[""].select("nav.md-nav--primary a.md-nav__link")]
    assert "Elsewhere" in titles and "Account opening" in titles
