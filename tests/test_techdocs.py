"""The example handbook as Backstage TechDocs builds it: `techdocs-core` in `plugins`, and read without script.

mkdocs-techdocs-core pins its own Material and Markdown (older than this project's), so it gets a virtualenv
of its own under .cache/, made once per pin and per set of journeymaps' dependencies, with journeymaps
installed editable from this checkout (the code under test). No package index: the tests skip, saying so.
The TechDocs reader does not run a site's scripts: a map page is loaded in Chromium with JavaScript off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
import threading
import tomllib
import venv
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM_ARGS
from test_engines import ENV, Crawl, copy_example, grid_and_curve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
TECHDOCS = ("mkdocs-techdocs-core==1.7.1",)
"""What Backstage's TechDocs image installs (its pins come with it)."""


def techdocs_python() -> Path:
    """The python of a virtualenv with techdocs-core and this checkout's journeymaps (made once, then reused)."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    key = hashlib.sha256("\n".join([*TECHDOCS, *deps, str(ROOT)]).encode()).hexdigest()[:12]
    home = ROOT / ".cache" / f"techdocs-{key}"
    python, ready = home / "bin" / "python", home / ".ready"
    if ready.is_file():
        return python
    shutil.rmtree(home, ignore_errors=True)
    # uv where `tasks.py install` put it (15 s here, where pip took 44 s), else pip
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    venv.EnvBuilder(with_pip=uv is None).create(home)
    installer = (
        [uv, "pip", "install", "--compile-bytecode", "--python", python] if uv else [python, "-m", "pip", "install"]
    )
    proc = subprocess.run(
        [*installer, "-q", *TECHDOCS, "-e", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if proc.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        last = (proc.stderr.strip().splitlines() or ["pip failed"])[-1]
        pytest.skip(f"cannot install {' '.join(TECHDOCS)} (is the package index reachable?): {last}")
    ready.write_text("\n".join(TECHDOCS) + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def techdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python = techdocs_python()
    work = copy_example(tmp_path_factory.mktemp("techdocs"))
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - search\n" in config
    (work / "mkdocs.yml").write_text(config.replace("\n  - search\n", "\n  - techdocs-core\n"), encoding="utf-8")
    proc = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict"],
        cwd=work,
        capture_output=True,
        text=True,
        env={k: v for k, v in ENV.items() if k != "PYTHONPATH"},  # the venv's own journeymaps: this checkout
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work / "site"


def test_techdocs_core_builds_the_handbook(techdocs_site: Path) -> None:
    assert (techdocs_site / "techdocs_metadata.json").is_file()  # techdocs-core ran
    catalog = json.loads((techdocs_site / "journeymaps.json").read_text(encoding="utf-8"))
    crawl = Crawl.of(techdocs_site)
    maps = crawl.map_pages(catalog)
    assert len(maps) == len(catalog["maps"]) >= 5
    assert [u for u in sorted(maps) if not grid_and_curve(crawl.pages[u])] == []
    assert {"opportunities/", "health/", "compare/", "changes/"} <= crawl.handbook_pages()
    assert crawl.broken == [] and crawl.links >= 1000


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def no_script(techdocs_site: Path) -> Iterator[tuple[Any, str]]:
    """A tab with JavaScript off on the TechDocs build, served over HTTP; nothing leaves the machine."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (tasks.py installs it with apt-get when run as root on Debian/Ubuntu)")
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(techdocs_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=False)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort()
            )
            yield context.new_page(), base
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def test_map_page_without_javascript_has_its_grid_curve_and_links(
    no_script: tuple[Any, str], techdocs_site: Path
) -> None:
    tab, base = no_script
    catalog = json.loads((techdocs_site / "journeymaps.json").read_text(encoding="utf-8"))
    assert tab.goto(base + "maps/customer-lifecycle/").status == 200
    grid = tab.locator("table.jm-grid")
    assert grid.count() == 1 and grid.is_visible()
    curve = grid.locator("svg.jm-curve")
    assert curve.count() == 1 and curve.is_visible() and curve.bounding_box()["height"] > 50
    stages = catalog["maps"]["customer-lifecycle"]["data"]["stages"]
    assert grid.locator("thead th, tr:first-child th").count() >= len(stages)
    # a persona chip of the map's header, then a related map, followed without script
    card = tab.locator("a.jm-persona-chip").first
    name = card.locator("strong").inner_text().strip()
    card.click()
    assert tab.url == base + "personas/maya/" and tab.locator("article h1").first.inner_text().strip() == name
    tab.go_back()
    zoom = tab.locator(".jm-facts a[href*='account-opening']").first
    zoom.click()
    assert tab.url.startswith(base + "maps/account-opening/") and tab.locator("table.jm-grid").is_visible()
    # the maps index without script: its filters do nothing, and every map is listed
    tab.goto(base + "maps/")
    rows = tab.locator("table.jm-maps tbody tr")
    assert rows.count() == len(catalog["maps"])
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))
