"""Every URL style: the example handbook with `use_directory_urls: false` and Material's `offline` plugin, the way a
team shares a handbook as a zip and opens it from `file://`.

The repo's handbook (content/, site_config/, themes/, mkdocs.yml; PDFs off, in a git repository so that pages link
to the recent changes) is built once with the real `mkdocs build --strict`. A crawler reads every HTML file back and
resolves every href and src to a file of the site (and a fragment to an id of that page); `journeymaps.json` and
the search index are read back the same way; then Debian's chromium opens the pages from `file://`: links lead to
the page, the plugin's script runs, and Material's search finds a map offline.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CEM, CJM, PERSONA, BuildResult, Writer, chromium, commit_all, mkdocs

ROOT = Path(__file__).resolve().parent.parent
SHIM = ROOT / ".cache" / "node" / "node_modules" / "iframe-worker" / "shim" / "index.js"
"""Material's offline plugin runs search in a Web Worker through this shim (a browser refuses a worker from
`file://`), which it loads from unpkg.com unless the site has its own copy (``extra.polyfills``, what Material's
privacy plugin makes); tasks.py installs it with npm and the test site bundles it."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("file-handbook")
    for name in ("content", "site_config", "themes"):
        shutil.copytree(ROOT / name, work / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in (
        ("pdf: true", "pdf: false"),
        ("site_dir: site\n", "site_dir: site\nuse_directory_urls: false\n"),
        ("  - search\n", "  - search\n  - offline\n"),
        ("extra:\n", "extra:\n  polyfills: [assets/javascripts/iframe-worker-shim.js]\n"),
    ):
        assert old in config, old
        config = config.replace(old, new, 1)
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    if SHIM.is_file():
        (work / "content" / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM, work / "content" / "assets" / "javascripts" / "iframe-worker-shim.js")
    if shutil.which("git"):  # a page's history links to the recent changes (the `../changes/` links of the issue)
        commit_all(work, "The handbook")
    proc = mkdocs(work, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work / "site"


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {str(t["id"]) for t in soup.find_all(id=True)} | {
            str(t["name"]) for t in soup.find_all("a", attrs={"name": True})
        }
    return cache[page]


def _target(site: Path, page: Path, path: str) -> Path:
    """The file a link of ``page`` names. Only MkDocs' own 404 page links from the site root (a server shows it at
    any URL, so its links cannot be relative); every other page's links are relative, as `file://` needs."""
    if path.startswith("/") and page.name == "404.html" and page.parent == site:
        return Path(posixpath.normpath(str(site) + path))
    return Path(posixpath.normpath(str(page.parent / path))) if path else page


def broken_links(site: Path) -> dict[str, list[str]]:
    """Every internal href/src of every HTML page that does not lead to a file of the site: ``{link: [pages]}``.
    A link to a folder is broken (from `file://`, a browser shows a folder listing, not its index.html)."""
    broken: dict[str, list[str]] = {}
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img", "source", "iframe", "use", "image"]):
            for attr in ("href", "src", "xlink:href"):
                value = tag.get(attr)
                if not isinstance(value, str) or not value or value.startswith(("mailto:", "tel:", "data:")):
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    continue
                path = unquote(parts.path)
                target = _target(site, page, path)
                if path.endswith("/") or target.is_dir():
                    why = "a folder"
                elif not target.is_file():
                    why = "no such file"
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, ids):
                    why = "no such anchor"
                else:
                    continue
                broken.setdefault(f"{value} ({why})", []).append(str(page.relative_to(site)))
    return broken


def test_every_internal_link_of_every_page_leads_to_a_file(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30  # the whole handbook, generated sections included
    assert (site / "changes" / "index.html").is_file() and (site / "maps" / "account-opening.html").is_file()
    links = broken_links(site)
    assert links == {}, "\n".join(f"{link} on {', '.join(sorted(set(on))[:3])}" for link, on in sorted(links.items()))


def test_the_crawler_sees_a_folder_link_as_broken(tmp_path: Path) -> None:
    """The check above can fail: the link the issue reported (`../changes/`) is one it reports."""
    (tmp_path / "changes").mkdir()
    (tmp_path / "changes" / "index.html").write_text("<p>changes</p>", encoding="utf-8")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "x.html").write_text(
        '<a href="../changes/">all</a><a href="../changes/index.html#nowhere">one</a>'
        '<a href="../changes/index.html">fine</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == {
        "../changes/ (a folder)": ["maps/x.html"],
        "../changes/index.html#nowhere (no such anchor)": ["maps/x.html"],
    }


def test_the_catalog_and_the_search_index_name_files_of_the_site(site: Path) -> None:
    catalog = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    urls = [e["url"] for kind in ("maps", "personas", "touchpoints") for e in catalog[kind].values()]
    assert len(urls) > 20 and all(u.endswith(".html") and (site / unquote(u)).is_file() for u in urls), urls
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "maps/account-opening.html" in locations
    assert [loc for loc in locations if loc and not (site / unquote(loc)).is_file()] == []
    # the offline plugin: the index as a script a `file://` page can load (a fetch of JSON is refused there)
    assert (site / "search" / "search_index.js").is_file()


# -- in chromium, from file:// ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("http*://**/*", lambda route: route.abort())  # offline: nothing but the files
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    try:
        yield page, errors
    finally:
        context.close()


def test_from_file_links_lead_to_pages_and_the_script_runs(site: Path, tab: tuple[Any, list[str]]) -> None:
    page, errors = tab
    page.goto((site / "index.html").as_uri())
    # the navigation to the generated maps index, then to a map, by clicking, as a reader does
    page.locator("nav.md-nav--primary a[href$='maps/index.html']").first.click()
    page.wait_for_url("**/maps/index.html")
    assert page.locator("h1").first.inner_text().strip() == "Maps"
    # the plugin's script ran on the page: the filter form is set up and counts the rows it shows
    form = page.locator("form[data-jm-filter]").first
    assert form.get_attribute("data-jm-ready") == "1"
    rows = page.locator("table.jm-maps tbody tr")
    total = rows.count()
    assert total >= 5
    select = form.locator("select").first
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    visible = page.locator("table.jm-maps tbody tr:not([hidden])").count()
    assert 0 < visible < total and form.locator("output").inner_text().startswith(str(visible))
    page.locator("table.jm-maps a[href$='account-opening.html']").first.click()
    page.wait_for_url("**/maps/account-opening.html")
    assert page.locator(".jm-grid").count() == 1
    # a link the plugin made from a map page to a generated section's index (`../changes/` before)
    if not (site / ".." / ".git").exists():
        pytest.skip("no git: pages have no history, hence no link to the recent changes")
    page.locator(".jm-history a[href$='changes/index.html']").first.click()
    page.wait_for_url("**/changes/index.html")
    assert page.locator("h1").first.inner_text().strip() == "Recent changes"
    assert errors == []


def test_from_file_search_finds_a_map_offline(site: Path, tab: tuple[Any, list[str]]) -> None:
    if not SHIM.is_file():
        pytest.skip(f"no iframe-worker shim at {SHIM} (python3 tasks.py setup installs it with npm)")
    page, errors = tab
    catalog = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    title = catalog["maps"]["supplier-payments"]["data"]["title"]
    page.goto((site / "personas" / "maya.html").as_uri())
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially(title, delay=10)  # key by key: material searches on keyup
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15_000)
    assert title in page.locator(".md-search-result").inner_text()
    href = result.get_attribute("href") or ""
    assert href.startswith("file://") or not urlsplit(href).scheme
    result.click()
    page.wait_for_url("**/maps/supplier-payments.html*")
    assert page.locator(".jm-grid").count() == 1
    assert errors == []


# -- PDFs ----------------------------------------------------------------------------------------------------------

PDF_SITE = """
site_name: Test handbook
docs_dir: content
use_directory_urls: false
theme: {name: material}
plugins:
  - journeymaps: {pdf: true, pdf_workers: 1}
"""


def test_pdf_links_of_pages_and_inside_the_pdfs_lead_to_files(
    project: Path, write: Writer, build: Callable[..., BuildResult]
) -> None:
    """With `use_directory_urls: false` and PDFs: the pages' links to the PDFs, and the PDFs' links to the pages
    (relative from the PDF's folder: the site has no `site_url`), name files of the site."""
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    write("index.md", "# Home\n")  # without a home page, the theme links to the site's folder
    write("personas/maya.md", PERSONA)
    write("personas/raj.md", PERSONA.replace("Maya Chen", "Raj Patel"))
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")
    result = build("--strict", config=PDF_SITE)
    assert result.code == 0, result.output
    site = result.site
    pdfs = sorted(str(p.relative_to(site)) for p in site.rglob("*.pdf"))
    assert pdfs == [
        "pdf/handbook.pdf",
        "pdf/lifecycle.pdf",
        "pdf/opening.pdf",
        "pdf/personas/maya.pdf",
        "pdf/personas/raj.pdf",
    ]
    assert broken_links(site) == {}
    page_links = {a["href"] for a in result.html("maps/opening.html").select("a[href$='.pdf']")}
    assert page_links == {"../pdf/opening.pdf"}
    checked = 0
    for rel in pdfs:
        for page in pypdf.PdfReader(site / rel).pages:
            for ref in page.get("/Annots", []) or []:
                action = ref.get_object().get("/A")
                uri = str(action.get_object().get("/URI")) if action is not None else ""
                if not uri or urlsplit(uri).scheme:
                    continue
                target = Path(posixpath.normpath(str((site / rel).parent / unquote(urlsplit(uri).path))))
                assert target.is_file() and target.suffix == ".html", f"{uri} in {rel}"
                checked += 1
    assert checked >= 3  # the map's persona, touchpoints and CEM, at least
