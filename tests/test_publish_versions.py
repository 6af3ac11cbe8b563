"""Publishing versions as the guide and the CI workflow do it, from an outside test of publishing with mike.

One small handbook, published twice by the workflow's own publish step (``site_config/ci/journeymaps.yml``, run
with bash in a fresh clone, as GitHub's runner does): version 2026-11-01, then, after a map was renamed, a persona
deleted and a CEM added, version 2026-11-20, which takes the ``latest`` alias. The tests read the ``gh-pages``
branch the two runs pushed, and one serves it as GitHub Pages serves a project site, in chromium.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, chromium, git

SITE = "https://cx.example.org/handbook/"
FIRST, SECOND = "2026-11-01", "2026-11-20"  # the versions: the workflow names each by its commit's date
CONFIG = f"""
site_name: Versions
site_url: {SITE}
docs_dir: content
theme:
  name: material
extra:
  version:
    provider: mike
plugins:
  - search
  - journeymaps:
      pdf: false
"""
PERSONA = "---\ntype: persona\nname: {name}\nrole: Freelancer\n---\n"
OPENING = """---
type: cjm
title: Opening an account
persona: maya
stages:
  - {name: Sign up, emotion: 1}
  - {name: Verify, emotion: -1, pain_points: [Call drops]}
---
"""
LIFECYCLE = """---
type: cem
title: Lifecycle
personas: [maya, raj]
stages:
  - {name: Join, emotion: {maya: 1, raj: 0}}
  - {name: Use, emotion: {maya: 0, raj: -1}}
---
"""
SUPPORT = """---
type: cem
title: Support
personas: [maya]
stages:
  - {name: Ask, emotion: {maya: -1}}
---
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def publish_step() -> str:
    """The run script of the workflow's "Publish a version with mike" step."""
    workflow = yaml.safe_load((REPO / "site_config" / "ci" / "journeymaps.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Publish a version with mike"]
    return str(step["run"])


def run_workflow(origin: Path, runner: Path) -> Path:
    """A fresh runner: ``origin``'s main cloned with its whole history (actions/checkout, fetch-depth: 0), then the
    publish step as GitHub runs a step (bash -eo pipefail), with this venv's mike. The clone."""
    clone = runner / "checkout"
    runner.mkdir()
    git(runner, "clone", "-q", f"file://{origin}", str(clone))
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(runner),
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_CONFIG_COUNT": "1",  # whatever the machine's git config says: no signing
        "GIT_CONFIG_KEY_0": "commit.gpgsign",
        "GIT_CONFIG_VALUE_0": "false",
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", publish_step()],
        cwd=clone,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return clone


@dataclass
class Published:
    origin: Path  # the bare repository the workflow pushed gh-pages to
    clone: Path  # the runner's checkout after the second publish

    def show(self, path: str) -> str:
        return git(self.origin, "show", f"gh-pages:{path}")

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup(self.show(path), "html.parser")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    work = tmp_path_factory.mktemp("publish")
    source, origin = work / "source", work / "origin.git"
    source.mkdir()
    git(source, "init", "-q", "-b", "main")
    _write(source, {"mkdocs.yml": CONFIG.lstrip(), ".gitignore": "site/\n"})
    _write(
        source / "content",
        {
            "personas/maya.md": PERSONA.format(name="Maya Chen"),
            "personas/raj.md": PERSONA.format(name="Raj Patel"),
            "maps/opening.md": OPENING,
            "maps/lifecycle.md": LIFECYCLE,
        },
    )
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "First handbook", when=f"{FIRST}T10:00:00Z")
    git(work, "clone", "-q", "--bare", str(source), str(origin))
    run_workflow(origin, work / "runner-1")

    git(source, "mv", "content/maps/opening.md", "content/maps/account-opening.md")
    git(source, "rm", "-q", "content/personas/raj.md")
    without_raj = LIFECYCLE.replace("[maya, raj]", "[maya]").replace(", raj: 0", "").replace(", raj: -1", "")
    _write(source / "content", {"maps/lifecycle.md": without_raj, "maps/support.md": SUPPORT})
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "Rename the opening map, Raj goes, a support CEM", when=f"{SECOND}T10:00:00Z")
    git(source, "push", "-q", str(origin), "main")
    return Published(origin, run_workflow(origin, work / "runner-2"))


def test_the_workflow_publishes_each_version_and_its_404_page_on_top(published: Published) -> None:
    """GitHub Pages answers a page it does not have with the 404.html at the top of gh-pages, and mike keeps each
    version's in the version's folder: without the workflow's copy at the top, a reader following an old link
    (the renamed map's) got GitHub's own 404 page, with no way into the handbook."""
    versions = json.loads(published.show("versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [(SECOND, ["latest"]), (FIRST, [])]
    assert 'window.location.replace(\n      "latest/"' in published.show("index.html")  # set-default latest
    assert published.show("404.html") == published.show(f"{SECOND}/404.html")


@pytest.mark.parametrize("version", [FIRST, SECOND])
def test_a_versions_404_page_looks_for_the_versions_and_its_search_where_they_are(
    published: Published, version: str
) -> None:
    """mike makes ``site_url`` the version's URL without its slash; MkDocs' 404 page takes its base from it, and
    material, reading ``../versions.json`` and ``search/search_index.json`` from that base, asked one folder too
    high (``/versions.json``, ``/handbook/search/...``): no version selector and no search on the 404 page."""
    page = published.html(f"{version}/404.html")
    config = page.find("script", id="__config")
    assert config is not None
    base = urljoin(SITE, json.loads(config.get_text())["base"])
    assert urljoin(base, "../versions.json") == f"{SITE}versions.json"
    assert urljoin(base, "search/search_index.json") == f"{SITE}{version}/search/search_index.json"
    sheets = [str(link["href"]) for link in page.select("link[rel=stylesheet]")]
    assert sheets and all(href.startswith(f"/handbook/{version}/") for href in sheets)
    canonical = published.html(f"{version}/maps/lifecycle/index.html").find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == f"{SITE}{version}/maps/lifecycle/"


def test_a_build_leaves_nothing_to_commit(published: Published) -> None:
    """``mike deploy`` leaves the build's cache folder in the project; it ignores itself in git (the project ignores
    ``site/``, as the guide says): the lead's next ``git add -A`` took the cache's files (PDFs) with the maps."""
    assert git(published.clone, "status", "--porcelain", "--untracked-files=all") == ""
    assert (published.clone / ".cache" / "journeymaps" / ".gitignore").is_file()
    files = git(published.origin, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert not [f for f in files if ".cache" in f or f.endswith(".gitignore")]


def test_each_version_keeps_its_own_history_and_links(published: Published) -> None:
    """The first version's map shows one commit; the second's, the rename too. Nothing of the second links to the
    map's old address or to the persona it deleted."""
    first = published.html(f"{FIRST}/maps/opening/index.html").select_one(".jm-history-list")
    second = published.html(f"{SECOND}/maps/account-opening/index.html").select_one(".jm-history-list")
    assert first is not None and second is not None
    assert [li.get_text(" ", strip=True) for li in first.select("li")] == [
        f"{FIRST} {git(published.clone, 'rev-parse', '--short', 'HEAD~1')} First handbook (Ana Research; added)"
    ]
    assert "renamed from maps/opening.md" in second.get_text(" ", strip=True)
    files = git(published.origin, "ls-tree", "-r", "--name-only", "gh-pages", f"{SECOND}/").splitlines()
    for name in (n for n in files if n.endswith(".html")):
        hrefs = [str(a["href"]) for a in published.html(name).select("a[href]")]
        assert not [h for h in hrefs if "maps/opening/" in h or "personas/raj/" in h], name


class _GitHubPages(SimpleHTTPRequestHandler):
    """A project site as GitHub Pages serves it: a missing file is answered with the site's own ``404.html``."""

    site: Path

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def github_pages(published: Published, tmp_path: Path) -> Iterator[str]:
    """gh-pages checked out at /handbook/ of a local web server: its base URL."""
    site = tmp_path / "www" / "handbook"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", f"file://{published.origin}", str(site))
    handler = type("Pages", (_GitHubPages,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/handbook/"
    finally:
        server.shutdown()
        server.server_close()


def test_an_old_link_opens_the_handbooks_404_page_with_versions_and_search(github_pages: str) -> None:
    """In chromium: the renamed map's old address in ``latest/`` opens the handbook's own 404 page, styled, with both
    versions in the selector and search finding the new CEM in the latest version."""
    failed: list[str] = []
    with chromium() as browser:
        tab = browser.new_page()
        tab.on("response", lambda r: r.status >= 400 and "maps/opening" not in r.url and failed.append(r.url))
        tab.goto(github_pages + "latest/maps/opening/")
        tab.wait_for_selector(".md-version__link", state="attached", timeout=10_000)
        assert [a.inner_text() for a in tab.query_selector_all(".md-version__link")] == [SECOND, FIRST]
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        tab.focus("input.md-search__input")
        tab.keyboard.type("Support")
        tab.wait_for_selector(".md-search-result__link", timeout=10_000)
        hits = [a.evaluate("e => e.href") for a in tab.query_selector_all(".md-search-result__link")]
        assert f"{github_pages}{SECOND}/maps/support/" in hits
    assert failed == []
