"""The example handbook in a real browser: Debian's chromium, driven by Playwright.

The repo's own handbook (content/ + mkdocs.yml, PDFs off for speed) is built into a temporary
folder and served on localhost the way mike publishes it (the site under /latest/, versions.json
at the root). Requests to other hosts (web fonts) are answered empty: the tests run offline.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

from conftest import CHROMIUM_ARGS, axe_violations, chromium, example_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = CHROMIUM_ARGS
BLOCKING = ("serious", "critical")


def _browser_or_skip() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (tasks.py installs it with apt-get when run as root on Debian/Ubuntu)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        pytest.skip(f"playwright is not installed: {exc}")
    return sync_playwright


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT/latest/
    site: Path
    catalog: dict[str, Any]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _browser_or_skip()
    www = tmp_path_factory.mktemp("www")
    (www / "latest").symlink_to(example_site(tmp_path_factory), target_is_directory=True)  # mkdocs build --strict
    (www / "versions.json").write_text(
        json.dumps([{"version": "latest", "title": "latest", "aliases": []}]), encoding="utf-8"
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    catalog = json.loads((www / "latest" / "journeymaps.json").read_text(encoding="utf-8"))
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}/latest/", www / "latest", catalog)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Console:
    errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[tuple[Any, Console]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    console = Console()
    host = urlparse(served.base).netloc

    def offline(route: Any) -> None:
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:  # web fonts and the like: answered empty, as an offline network would not
            console.offsite.append(route.request.url)
            route.fulfill(status=200, body="", content_type="text/css" if "css" in route.request.url else "text/plain")

    context.route("**/*", offline)
    tab = context.new_page()
    tab.on("console", lambda msg: console.errors.append(f"{tab.url}: {msg.text}") if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: console.errors.append(f"{tab.url}: {exc}"))
    try:
        yield tab, console
    finally:
        context.close()


def _path(served: Served, url: str) -> str:
    return url.removeprefix(served.base)


def _follow(tab: Any, locator: Any) -> None:
    with tab.expect_navigation():
        locator.click()


def _back(tab: Any) -> None:
    with tab.expect_navigation():
        tab.go_back()


def test_persona_map_touchpoint_compare_and_back(page: tuple[Any, Console], served: Served) -> None:
    tab, console = page
    tab.goto(served.base + "personas/")
    _follow(tab, tab.locator("article .jm-persona-card h3 a", has_text="Maya").first)
    assert _path(served, tab.url) == "personas/maya/"
    assert "Maya" in tab.locator("article h1").inner_text()
    _follow(tab, tab.locator("article a[href$='maps/account-opening/']").first)
    assert _path(served, tab.url) == "maps/account-opening/"
    map_title = tab.locator("article h1").inner_text()
    touchpoint = tab.locator("table.jm-grid .jm-tp-list a").first
    name = touchpoint.inner_text()
    _follow(tab, touchpoint)
    assert _path(served, tab.url).startswith("touchpoints/")
    assert name in tab.locator("article h1").inner_text()
    assert tab.locator("article a[href*='maps/account-opening/']").count() >= 1  # the touchpoint links back
    _back(tab)
    assert _path(served, tab.url) == "maps/account-opening/"
    _follow(tab, tab.locator(".jm-facts a[href*='compare/']").first)
    assert _path(served, tab.url).startswith("compare/")
    assert tab.locator("article table").count() >= 1
    assert map_title.split()[0] in tab.locator("article").inner_text()
    _back(tab)
    assert _path(served, tab.url) == "maps/account-opening/"
    assert tab.locator("article h1").inner_text() == map_title
    assert console.errors == []


def test_crawl_every_internal_link(page: tuple[Any, Console], served: Served) -> None:
    """Visit every page reachable from the home page; every internal link (and its #fragment) resolves."""
    tab, console = page
    start = served.base
    queue, seen_pages, checked = deque([start]), {start}, 0
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    broken: list[str] = []
    while queue:
        url = queue.popleft()
        response = tab.goto(url)
        assert response is not None
        if response.status != 200:
            broken.append(f"{url}: HTTP {response.status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        ids[url] = set(tab.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        # an SVG link's href is an SVGAnimatedString: resolved against the page like an HTML link's
        resolve = (
            "els => els.map(a => typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href)"
        )
        for href in tab.eval_on_selector_all("a[href]", resolve):
            target, fragment = urldefrag(href)
            if not target.startswith(start):
                continue  # another site, or the versions selector's parent folder
            checked += 1
            if fragment:
                fragments.append((url, target, fragment))
            if target not in seen_pages:
                seen_pages.add(target)
                queue.append(target)
    for source, target, fragment in fragments:
        if target in ids and fragment not in ids[target]:
            broken.append(f"{source}: #{fragment} does not exist on {target}")
    html_pages = len(ids)
    print(f"crawled {html_pages} pages, checked {checked} internal links ({len(fragments)} with a #fragment)")
    assert not broken, "\n".join(broken)
    assert html_pages >= 40 and checked >= 1000
    built = {p.parent.relative_to(served.site).as_posix() for p in served.site.rglob("index.html")}
    reached = {_path(served, u).rstrip("/") or "." for u in ids}
    assert built - reached - {"404"} == set(), "pages no link leads to"
    assert console.errors == []


def test_emotion_curve_is_visible_with_its_text_equivalent(page: tuple[Any, Console], served: Served) -> None:
    tab, console = page
    tab.goto(served.base + "maps/customer-lifecycle/")
    curve = tab.locator(".jm-emotion-cell svg.jm-curve")
    assert curve.count() == 1 and curve.is_visible()
    box = curve.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    assert tab.locator(".jm-emotion-cell svg.jm-curve .jm-curve-line").count() >= 1
    labelled = curve.get_attribute("aria-labelledby") or ""
    assert curve.get_attribute("role") == "img" and labelled
    assert all((tab.locator(f"[id='{i}']").text_content() or "").strip() for i in labelled.split())
    table = tab.locator(".jm-emotion-cell table")
    stages = served.catalog["maps"]["customer-lifecycle"]["stage_ids"]
    assert table.locator("tbody tr th[scope=row], tr th[scope=row]").count() == len(stages)
    assert "Emotion by stage" in table.locator("caption").inner_text()
    personas = [
        served.catalog["personas"][p]["data"]["name"] for p in served.catalog["maps"]["customer-lifecycle"]["personas"]
    ]
    header = table.locator("tr").first.inner_text()
    assert all(name in header for name in personas)
    assert console.errors == []


def test_search_finds_a_pain_point_and_opens_its_stage(page: tuple[Any, Console], served: Served) -> None:
    """Search reads each stage's words (not the grid's markup): a pain point's words find the stage, and the
    result opens the map at that stage's column of the grid."""
    tab, console = page
    tab.goto(served.base)
    query = tab.locator("input[data-md-component=search-query]")
    query.click()
    query.press_sequentially("video call queue", delay=20)  # key by key: material searches on keyup, not on fill
    result = tab.locator(".md-search-result a[href$='maps/account-opening/#stage-video-id']").first
    result.wait_for(state="visible", timeout=15000)
    assert "Video ID call" in result.inner_text()
    with tab.expect_navigation():
        result.click()
    assert _path(served, tab.url) == "maps/account-opening/#stage-video-id"
    column = tab.locator("table.jm-grid th#stage-video-id")
    assert column.is_visible() and "Video ID call" in column.inner_text()
    assert console.errors == []


def test_maps_index_filters(page: tuple[Any, Console], served: Served) -> None:
    tab, console = page
    tab.goto(served.base + "maps/")
    maps = served.catalog["maps"]
    rows = tab.locator("table.jm-maps tbody tr")
    count = tab.locator("form.jm-filters output")
    assert rows.count() == len(maps) and count.inner_text() == f"{len(maps)} maps"

    def shown() -> list[str]:
        return [rows.nth(i).locator("td a").first.inner_text() for i in range(rows.count()) if rows.nth(i).is_visible()]

    def expect(pred: Any) -> list[str]:
        return sorted(m["data"]["title"] for m in maps.values() if pred(m))

    tab.select_option("form.jm-filters select[name=type]", "cem")
    assert sorted(shown()) == expect(lambda m: m["type"] == "cem") and count.inner_text() == (
        "1 map" if len(shown()) == 1 else f"{len(shown())} maps"
    )
    tab.select_option("form.jm-filters select[name=type]", "cjm")
    tab.select_option("form.jm-filters select[name=state]", "future")
    assert sorted(shown()) == expect(lambda m: m["type"] == "cjm" and m["data"].get("state") == "future") != []
    tab.select_option("form.jm-filters select[name=state]", "")
    tab.select_option("form.jm-filters select[name=type]", "")
    tab.select_option("form.jm-filters select[name=persona]", "daniel")
    assert sorted(shown()) == expect(lambda m: "daniel" in m["personas"]) != []
    tab.select_option("form.jm-filters select[name=persona]", "")
    assert len(shown()) == len(maps) and count.inner_text() == f"{len(maps)} maps"
    # the filters are labelled controls, reachable with the keyboard
    for name in ("type", "state", "persona"):
        select = tab.locator(f"form.jm-filters select[name={name}]")
        assert select.evaluate("s => s.labels.length") == 1
    assert console.errors == []


def _axe_or_skip() -> Path:
    if not AXE.exists() and shutil.which("npm"):
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(AXE.parents[2]),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "axe-core@~4.14",
            ],
            cwd=ROOT,
            capture_output=True,
            timeout=300,
        )
    if not AXE.exists():
        pytest.skip(
            "axe-core is not installed (tasks.py install runs `npm install --prefix .cache/node axe-core@~4.14`)"
        )
    return AXE


def test_backlog_signs_draw_the_shapes_the_page_holds_once(page: tuple[Any, Console], served: Served) -> None:
    """The backlog's rows refer to each sign's shape, written once on the page: Chromium draws every one (a
    reference to a shape that is not there draws nothing, a 0 x 0 box)."""
    tab, console = page
    tab.goto(served.base + "opportunities/")
    boxes = tab.eval_on_selector_all(
        "table.jm-opportunities svg.jm-sign use",
        "uses => uses.map(u => { const b = u.getBBox(); return [b.width, b.height]; })",
    )
    assert len(boxes) >= 5 and all(w > 10 and h > 10 for w, h in boxes), boxes
    assert console.errors == []


AXE_PAGES = [
    "maps/customer-lifecycle/",
    "maps/account-opening/",
    "personas/maya/",
    "compare/",
    "compare/customer-lifecycle/account-opening/",
    "opportunities/",
    "maps/",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(path: str, page: tuple[Any, Console], served: Served) -> None:
    _axe_or_skip()  # installs axe-core from npm where it can
    tab, console = page
    tab.goto(served.base + path)
    found = axe_violations(tab, BLOCKING)
    assert not found, "\n".join(found)
    assert console.errors == []
