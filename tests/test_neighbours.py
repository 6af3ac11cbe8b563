"""The plugin among its neighbours, in real builds read back: Material's tags and blog plugins and
`navigation.instant` in one site (the last in Debian's chromium), and mkdocs-static-i18n with a folder per language
and with suffixed files (`maya.fr.md`)."""

from __future__ import annotations

import functools
import json
import posixpath
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CEM, CJM, PERSONA, chromium, mkdocs

RAJ = PERSONA.replace("Maya Chen", "Raj Patel").replace("Freelance designer", "Shop owner")


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _with_tags(page: str, tags: str) -> str:
    assert "---\ntype:" in page
    return page.replace("---\ntype:", f"---\ntags: {tags}\ntype:", 1)


# -- tags, blog and instant navigation in one site ---------------------------------------------------------------

MATERIAL_SITE = """
site_name: Neighbours
site_url: {base}  # instant navigation needs it, at the address the site is served from (material's sitemap.xml)
docs_dir: docs
theme:
  name: material
  features: [navigation.instant, navigation.indexes]
plugins:
  - search
  - tags
  - blog
  - journeymaps:
      pdf: false
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    site: Path
    base: str


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The site, built for and served at a local address (the server first: its port is in `site_url`)."""
    root = tmp_path_factory.mktemp("neighbours")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _build_material_site(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


def _build_material_site(root: Path, base: str) -> Served:
    _write(
        root / "docs",
        {
            "index.md": "# Home\n\nThe handbook of a team that also blogs.\n",
            "tags.md": "# Tags\n\n<!-- material/tags -->\n",
            "personas/maya.md": _with_tags(PERSONA, "[freelancers, onboarding]"),
            "personas/raj.md": RAJ,
            "maps/lifecycle.md": CEM,
            "maps/opening.md": _with_tags(CJM, "[onboarding, kyc]"),
            "touchpoints/signup-form.md": "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n",
            "blog/index.md": "# Blog\n",
            "blog/posts/hello.md": """
                ---
                date: 2026-11-02
                title: Hello maps
                tags: [onboarding]
                categories: [News]
                ---
                # Hello maps

                What we learnt from the account opening interviews.
                """,
            # a post whose frontmatter looks like an entity's would (a `type:` key): still a post, not a map
            "blog/posts/persona-week.md": """
                ---
                date: 2026-11-09
                title: Persona week
                type: announcement
                ---
                # Persona week
                """,
        },
    )
    (root / "mkdocs.yml").write_text(textwrap.dedent(MATERIAL_SITE).lstrip().format(base=base), encoding="utf-8")
    proc = mkdocs(root, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stdout + proc.stderr
    return Served(root / "site", base)


def _tags_index(site: Path) -> dict[str, set[str]]:
    """Material's tags index read back: tag -> the pages (their URLs, from the site root) listed under it."""
    article = _soup(site / "tags" / "index.html").find("article")
    assert article is not None
    out: dict[str, set[str]] = {}
    for heading in article.find_all(["h2", "h3"]):
        tag = heading.get_text(" ", strip=True).rstrip("¶").strip()
        listing = heading.find_next_sibling(["ul", "ol"])
        if listing is None:
            continue
        out[tag] = {posixpath.normpath(posixpath.join("tags", a["href"])) for a in listing.find_all("a", href=True)}
    return out


def test_tags_on_maps_and_personas_reach_the_tags_index(material_site: Served) -> None:
    site = material_site.site
    index = _tags_index(site)
    assert index["onboarding"] >= {"personas/maya", "maps/opening", "blog/2026/11/02/hello-maps"}
    assert index["kyc"] == {"maps/opening"}
    assert index["freelancers"] == {"personas/maya"}
    # and each entity page shows its own tags (the metadata the plugin parsed, handed to the theme)
    shown = [t.get_text(strip=True) for t in _soup(site / "maps" / "opening" / "index.html").select(".md-tag")]
    assert sorted(shown) == ["kyc", "onboarding"]


def test_blog_posts_are_built_and_are_not_taken_for_maps(material_site: Served) -> None:
    site = material_site.site
    assert (site / "blog" / "2026" / "11" / "02" / "hello-maps" / "index.html").is_file()
    assert (site / "blog" / "2026" / "11" / "09" / "persona-week" / "index.html").is_file()
    assert (site / "blog" / "category" / "news" / "index.html").is_file()
    catalog = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    assert sorted(catalog["maps"]) == ["lifecycle", "opening"]
    assert sorted(catalog["personas"]) == ["maya", "raj"]
    maps_index = _soup(site / "maps" / "index.html").select("table.jm-maps tbody tr")
    assert len(maps_index) == 2
    post = _soup(site / "blog" / "2026" / "11" / "02" / "hello-maps" / "index.html")
    assert post.select(".jm-grid") == [] and "account opening interviews" in post.get_text()


@pytest.fixture(scope="module")
def browser(material_site: Served) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def _filter_works(tab: Any) -> None:
    """The maps index's filter, set up by the plugin's script: choosing CEM keeps the one CEM row."""
    form = tab.locator("form[data-jm-filter]")
    form.wait_for(state="visible")
    assert form.get_attribute("data-jm-ready") == "1", "the plugin's script did not run on this page"
    rows = tab.locator("table.jm-maps tbody tr")
    assert rows.count() == 2
    form.locator("select[name=type]").select_option("cem")
    assert tab.locator("table.jm-maps tbody tr:not([hidden])").count() == 1
    assert form.locator("output").inner_text().startswith("1 ")
    form.locator("select[name=type]").select_option("")
    assert tab.locator("table.jm-maps tbody tr:not([hidden])").count() == 2


def test_the_script_runs_again_after_each_instant_page_change(browser: Any, material_site: Served) -> None:
    served = material_site.base
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served) else r.abort())
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(served)
        tab.wait_for_load_state("networkidle")  # material has read the sitemap: links are instant from here on
        tab.evaluate("window.__notReloaded = true")  # gone if a click loads a whole new document
        # home -> maps index -> a map -> its persona -> maps index again, each by a click, each an instant page change
        tab.locator("nav.md-nav--primary a[href$='maps/']").first.click()
        tab.wait_for_url("**/maps/")
        _filter_works(tab)
        tab.locator("table.jm-maps a[href$='opening/']").first.click()
        tab.wait_for_url("**/maps/opening/")
        tab.locator(".jm-grid").wait_for(state="visible")
        tab.locator(".jm-map-header a[href$='personas/maya/']").first.click()  # a map page hides the navigation
        tab.wait_for_url("**/personas/maya/")
        tab.locator("nav.md-nav--primary a[href$='maps/']").first.click()
        tab.wait_for_url("**/maps/")
        _filter_works(tab)
        assert tab.evaluate("window.__notReloaded === true"), "the page was reloaded: no instant navigation tested"
        assert errors == []
    finally:
        context.close()


# -- mkdocs-static-i18n --------------------------------------------------------------------------------------------

I18N_SITE = """
site_name: Handbook
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: {structure}
      languages:
        - {{locale: en, default: true, name: English, build: true}}
        - {{locale: fr, name: Français, build: true}}
  - journeymaps:
      pdf: false
"""

PAGES = {
    "en": {
        "index.md": "# Home\n",
        "personas/maya.md": PERSONA,
        "maps/opening.md": CJM.replace("zooms_into: lifecycle#open\n", ""),
        "touchpoints/signup-form.md": "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n",
    },
    "fr": {
        "index.md": "# Accueil\n",
        "personas/maya.md": PERSONA.replace("Freelance designer", "Graphiste indépendante"),
        "maps/opening.md": CJM.replace("zooms_into: lifecycle#open\n", "")
        .replace("Account opening", "Ouverture de compte")
        .replace("Verify identity", "Vérifier son identité"),
        "touchpoints/signup-form.md": "---\ntype: touchpoint\nname: Formulaire d'inscription\nchannel: web\n---\n",
    },
}


def _i18n_site(root: Path, structure: str) -> Path:
    for lang, pages in PAGES.items():
        for rel, text in pages.items():
            if structure == "folder":
                path = f"{lang}/{rel}"
            else:
                path = rel if lang == "en" else rel.replace(".md", f".{lang}.md")
            _write(root / "docs", {path: text})
    (root / "mkdocs.yml").write_text(textwrap.dedent(I18N_SITE).lstrip().format(structure=structure), encoding="utf-8")
    if shutil.which("git"):  # each language's pages show their own history, and the recent changes theirs
        for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "Two languages")):
            git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args]
            subprocess.run(git, cwd=root, check=True, capture_output=True)
    proc = mkdocs(root, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "WARNING" not in out and "ERROR" not in out, out
    return root / "site"


def _resolve(site: Path, page: Path, href: str) -> Path:
    target = Path(posixpath.normpath(str(page.parent / unquote(urlsplit(href).path))))
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="module", params=["folder", "suffix"])
def i18n_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _i18n_site(tmp_path_factory.mktemp(f"i18n-{request.param}"), request.param)


def test_one_catalog_per_language_with_the_same_ids(i18n_site: Path) -> None:
    en = json.loads((i18n_site / "journeymaps.json").read_text(encoding="utf-8"))
    fr = json.loads((i18n_site / "fr" / "journeymaps.json").read_text(encoding="utf-8"))
    for catalog in (en, fr):
        assert list(catalog["maps"]) == ["opening"] and list(catalog["personas"]) == ["maya"]
        assert catalog["diagnostics"] == []
    assert en["maps"]["opening"]["data"]["title"] == "Account opening"
    assert fr["maps"]["opening"]["data"]["title"] == "Ouverture de compte"
    assert en["maps"]["opening"]["url"] == fr["maps"]["opening"]["url"] == "maps/opening/"  # within its language
    french = _soup(i18n_site / "fr" / "maps" / "opening" / "index.html")
    assert "Vérifier son identité" in french.select_one(".jm-grid").get_text()
    assert (i18n_site / "fr" / "maps" / "index.html").is_file() and (i18n_site / "maps" / "index.html").is_file()


def test_each_language_shows_the_history_of_its_own_pages(i18n_site: Path) -> None:
    if not (i18n_site.parent / ".git").is_dir():
        pytest.skip("no git")
    for lang in ("", "fr/"):
        history = _soup(i18n_site / lang / "maps" / "opening" / "index.html").select_one(".jm-history")
        assert history is not None and "Two languages" in history.get_text(), lang
        changes = _soup(i18n_site / lang / "changes" / "index.html").select_one("article")
        assert changes is not None
        linked = {a["href"] for a in changes.select("a[href]")}
        assert "../maps/opening/" in linked, (lang, linked)


def test_each_language_build_speaks_its_language(i18n_site: Path) -> None:
    """mkdocs-static-i18n sets `theme.language` per language build (after the plugin's on_config): the French
    handbook's own words are French, the English one's English."""
    english, french = (_soup(i18n_site / lang / "maps" / "opening" / "index.html") for lang in ("", "fr"))
    assert "(very negative)" in english.get_text() and "(très négatif)" not in english.get_text()
    assert "(très négatif)" in french.get_text() and "(very negative)" not in french.get_text()
    titles = [_soup(i18n_site / lang / "maps" / "index.html").select_one("h1") for lang in ("", "fr")]
    assert [t.get_text(strip=True) if t else None for t in titles] == ["Maps", "Cartes"]
    assert french.html is not None and french.html["lang"] == "fr"


def test_the_french_pages_link_within_the_french_handbook(i18n_site: Path) -> None:
    fr = i18n_site / "fr"
    for page in sorted(fr.rglob("*.html")):
        for a in _soup(page).select("article a[href]"):
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = _resolve(i18n_site, page, href)
            assert target.is_file(), f"{href} on {page.relative_to(i18n_site)}"
            assert fr in target.parents, f"{href} on {page.relative_to(i18n_site)} leaves the French handbook"


def test_the_language_switcher_reaches_the_same_map(i18n_site: Path) -> None:
    for page, other in (
        ("maps/opening/index.html", "fr/maps/opening/index.html"),
        ("fr/maps/opening/index.html", "maps/opening/index.html"),
        ("fr/maps/index.html", "maps/index.html"),  # a generated page has its counterpart too
        ("maps/index.html", "fr/maps/index.html"),
    ):
        links = {a["hreflang"]: a["href"] for a in _soup(i18n_site / page).select("a[hreflang]")}
        assert set(links) == {"en", "fr"}, page
        lang = "fr" if other.startswith("fr/") else "en"
        assert _resolve(i18n_site, i18n_site / page, links[lang]) == i18n_site / other, (page, links)


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=root, capture_output=True, text=True, check=False
    )


def test_validate_checks_each_language_as_a_handbook_of_its_own(i18n_site: Path) -> None:
    proc = _cli(i18n_site.parent, "validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [
        "en: 1 persona, 1 map, 2 touchpoints: 0 errors, 0 warnings",  # an inline one too
        "fr: 1 persona, 1 map, 2 touchpoints: 0 errors, 0 warnings",
    ]
    lint = _cli(i18n_site.parent, "lint")
    assert lint.returncode == 0 and lint.stderr.strip().endswith("in 2 maps"), lint.stderr  # the en and the fr map


def test_ids_still_clash_within_one_language(tmp_path: Path) -> None:
    _write(
        tmp_path / "docs",
        {
            "en/personas/maya.md": PERSONA,
            "fr/personas/maya.md": PERSONA,
            "fr/personas/maya-copy.md": PERSONA.replace("---\ntype:", "---\nid: maya\ntype:", 1),
        },
    )
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(I18N_SITE).lstrip().format(structure="folder"), encoding="utf-8"
    )
    proc = _cli(tmp_path, "validate")
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "docs/fr/personas/maya" in errors[0] and "already used by docs/fr/" in errors[0], errors
