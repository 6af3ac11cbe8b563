"""`journeymaps generate` at the edges an outside test of the engines found: real sites, built by the real engines,
read back with an HTML parser.

- A German site: the generated pages speak German, as the plugin's own build (they said 'Pain points').
- A docs folder without index.md: the generated home page's links stay inside the site (they began with ../,
  which a site served below a path, such as a project's GitHub Pages, sends out of it: a 404 each).
- `zensical build` in the generated folder, then `generate` again: the run is refused no more (Zensical's
  .cache/ was taken for an author's files); an author's own file still stops it; the same bytes again.
- An mkdocs.yml with INHERIT: the generated site keeps the inherited theme and Markdown extensions.
- hooks and watch, paths from the author's mkdocs.yml: the generated folder still builds, the hook runs.
- Zensical publishes a theme folder's README (MkDocs leaves it out): generate leaves it out of the copy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs
from test_engines import ENV, Crawl, copy_example, generate, grid_and_curve, journeymaps


def zensical_build(folder: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install 'journeymaps[zensical]', which the test extra includes)")
    proc = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def built(folder: Path, *args: str) -> Crawl:
    proc = mkdocs(folder, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Crawl.of(folder / "site")


def article_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article")
    assert article is not None
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    return " ".join(article.get_text(" ", strip=True).split())


def climbs_out(page: str, href: str) -> bool:
    """``href`` on the page at ``page`` (a file of the site) goes above the site's root folder on the way."""
    parsed = urlparse(href)
    if parsed.scheme or href.startswith(("/", "#", "mailto:", "javascript:")):
        return False
    level = len([part for part in posixpath.dirname(page).split("/") if part])
    for part in parsed.path.split("/"):
        level += -1 if part == ".." else 1 if part not in ("", ".") else 0
        if level < 0:
            return True
    return False


def assets_missing(site: Path) -> list[str]:
    """Stylesheets and scripts that pages load from the site but the site does not have."""
    missing = set()
    for path in site.rglob("*.html"):
        if path.name == "404.html":  # its paths are from the server's root (site_url's path)
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for ref in [str(x["href"]) for x in soup.select("link[rel=stylesheet][href]")] + [
            str(x["src"]) for x in soup.select("script[src]")
        ]:
            if urlparse(ref).scheme or ref.startswith("//"):
                continue
            if not (path.parent / urlparse(ref).path).resolve().is_file():
                missing.add(posixpath.basename(urlparse(ref).path))
    return sorted(missing)


# -- a German site without a home page of its own ----------------------------------------------------------------


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = copy_example(tmp_path_factory.mktemp("german"))
    (work / "content" / "index.md").unlink()  # the generated home page
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  name: material\n" in config
    (work / "mkdocs.yml").write_text(config.replace("\n  name: material\n", "\n  name: material\n  language: de\n"))
    return work


@pytest.fixture(scope="module")
def german_plugin(german: Path) -> Crawl:
    return built(german)


@pytest.fixture(scope="module")
def german_generated(german: Path) -> Crawl:
    return built(generate(german, "generated"))


def test_generated_pages_speak_the_sites_language(german_plugin: Crawl, german_generated: Crawl) -> None:
    grid = german_generated.pages["maps/account-opening/"].select_one("table.jm-grid")
    assert grid is not None and "Schmerzpunkte" in grid.get_text() and "Pain points" not in grid.get_text()
    pages = german_plugin.handbook_pages() | {""}
    assert german_generated.handbook_pages() | {""} == pages
    different = [
        u for u in sorted(pages) if article_text(german_generated.pages[u]) != article_text(german_plugin.pages[u])
    ]
    assert different == []


def test_generated_home_page_links_stay_inside_the_site(german_plugin: Crawl, german_generated: Crawl) -> None:
    home = german_generated.pages[""].select_one(".jm-home")
    assert home is not None and home.select("a.jm-home-section")
    out = [
        f"{url or 'index.html'}: {a['href']}"
        for url, soup in german_generated.pages.items()
        for a in soup.select("a[href]")
        if climbs_out(url + "index.html" if not url.endswith(".html") else url, str(a["href"]))
    ]
    assert out == []
    mine = german_plugin.pages[""].select_one(".jm-home")
    assert mine is not None
    assert [a["href"] for a in home.select("a[href]")] == [a["href"] for a in mine.select("a[href]")]
    assert german_generated.broken == []


# -- generate, zensical build, generate again ---------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in ("site", ".cache")
    }


@pytest.fixture(scope="module")
def zensical_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = copy_example(tmp_path_factory.mktemp("zensical-twice"))
    out = generate(work, "handbook", "--engine", "zensical")
    zensical_build(out)
    return work, out


def test_generate_again_after_zensical_built_the_folder(zensical_folder: tuple[Path, Path]) -> None:
    work, out = zensical_folder
    assert (out / ".cache").is_dir() and (out / "site" / "index.html").is_file()  # what building the folder made
    before = digest(out)
    again = journeymaps(work, "generate", "--out", "handbook", "--engine", "zensical")
    assert again.returncode == 0, again.stderr
    assert digest(out) == before  # the same bytes
    zensical_build(out)  # and it builds again
    assert grid_and_curve(Crawl.of(out / "site").pages["maps/account-opening/"])
    # an author's file is still never deleted, beside the engine's cache
    (out / "docs" / "notes.md").write_text("mine", encoding="utf-8")
    refused = journeymaps(work, "generate", "--out", "handbook", "--engine", "zensical")
    assert refused.returncode == 1 and "handbook/docs/notes.md: not written by" in refused.stderr, refused.stderr
    assert ".cache" not in refused.stderr
    assert (out / "docs" / "notes.md").read_text(encoding="utf-8") == "mine"
    (out / "docs" / "notes.md").unlink()


def test_zensical_does_not_publish_the_theme_folders_readme(zensical_folder: tuple[Path, Path]) -> None:
    work, out = zensical_folder
    assert (work / "themes" / "README.md").is_file()
    assert not (out / "site" / "README.md").exists()
    assert (out / "site" / "assets" / "brand.css").is_file()  # the theme's assets are still there


# -- the author's mkdocs.yml: INHERIT, hooks, watch ------------------------------------------------------------------


def test_generate_keeps_what_mkdocs_yml_inherits(tmp_path: Path) -> None:
    work = copy_example(tmp_path)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    theme, rest = config.index("\ntheme:\n") + 1, config.index("\nextra:\n") + 1
    extensions = config.index("\nmarkdown_extensions:\n") + 1
    (work / "base.yml").write_text(config[theme:rest] + config[extensions:], encoding="utf-8")
    (work / "mkdocs.yml").write_text("INHERIT: base.yml\n" + config[:theme] + config[rest:extensions], encoding="utf-8")
    with (work / "content" / "guide" / "engines.md").open("a", encoding="utf-8") as page:
        page.write('\n!!! note "Inherited"\n    admonition is among the extensions of base.yml\n')
    plugin = built(work)
    generated = built(generate(work, "generated"))
    assert assets_missing(work / "generated" / "site") == [] and assets_missing(work / "site") == []
    for site in (plugin, generated):
        page = site.pages["guide/engines/"]
        assert page.select_one("header.md-header") is not None  # Material, from base.yml
        assert page.select_one("a.headerlink") is not None  # toc's permalinks, from base.yml
        assert page.select_one("div.admonition.note") is not None
    assert generated.broken == []


HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    return markdown + "\\n\\nHOOKED-" + page.file.src_uri.replace("/", "-") + "\\n"
"""


def test_generate_keeps_the_authors_hooks_and_builds_with_watch(tmp_path: Path) -> None:
    work = copy_example(tmp_path)
    (work / "hooks").mkdir()
    (work / "hooks" / "mark.py").write_text(HOOK, encoding="utf-8")
    with (work / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch:\n  - site_config\nhooks:\n  - hooks/mark.py\n")
    assert mkdocs(work).returncode == 0
    out = generate(work, "build/handbook")
    generated = built(out)
    assert "HOOKED-guide-engines.md" in generated.pages["guide/engines/"].get_text()
    assert "HOOKED-maps-account-opening.md" in generated.pages["maps/account-opening/"].get_text()


def test_a_title_in_the_generated_navigation_is_text(tmp_path: Path) -> None:
    """The generated mkdocs.yml lists every page's title in its `nav`, which themes print as HTML: a persona named
    `<img src=x onerror=...>` put a live element in the navigation of every page of the other engine's site (the
    plugin's own build escapes the same title). Built with plain MkDocs and read back."""
    work = tmp_path / "work"
    (work / "docs" / "personas").mkdir(parents=True)
    (work / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)> & Maya"
    (work / "docs" / "personas" / "maya.md").write_text(
        f"---\ntype: persona\nname: '{hostile}'\n---\n", encoding="utf-8"
    )
    (work / "mkdocs.yml").write_text(
        "site_name: Nav\ntheme: {name: material}\nplugins:\n  - journeymaps: {pdf: false}\n", encoding="utf-8"
    )
    out = generate(work)
    crawl = built(out)
    page = BeautifulSoup((crawl.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("img[onerror]") == []
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None and hostile in nav.get_text()  # the name, as text


def test_validate_reads_the_plugins_a_site_inherits(tmp_path: Path) -> None:
    """`plugins:` in the file mkdocs.yml names in INHERIT run in `mkdocs build`: `validate` said "no journeymaps
    entry" and `validate --strict` failed the site; a file that inherits itself is left to MkDocs to report."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "base.yml").write_text(
        "theme: {name: material}\nplugins:\n  - search\n  - journeymaps: {pdf: false}\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Inherited\n", encoding="utf-8")
    assert built(tmp_path).pages  # MkDocs runs the plugin
    proc = journeymaps(tmp_path, "validate", "--strict")
    assert proc.returncode == 0 and "journeymaps` entry" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    (tmp_path / "base.yml").write_text("INHERIT: base.yml\n", encoding="utf-8")  # a loop
    proc = journeymaps(tmp_path, "validate")
    assert "Traceback" not in proc.stdout + proc.stderr and "inherit one another in a loop" in proc.stderr
