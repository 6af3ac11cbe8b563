"""Shared fixtures: write a handbook's sources into tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

import pytest

Writer = Callable[[str, str], Path]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture
def write(project: Path) -> Writer:
    def _write(rel: str, text: str) -> Path:
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


PERSONA = """
---
type: persona
name: Maya Chen
role: Freelance designer
channels: [email, app]
---
Maya runs a one-person studio.
"""

CEM = """
---
type: cem
title: Customer lifecycle
personas: [maya, raj]
stages:
  - name: Discover
    id: discover
    emotion: {maya: 1, raj: 0}
  - name: Open account
    id: open
    emotion: {maya: -1, raj: -2}
    moment_of_truth: true
---
"""

CJM = """
---
type: cjm
title: Account opening
persona: maya
zooms_into: lifecycle#open
reviewed: 2026-09-30
evidence:
  - {type: interviews, note: 12 interviews}
stages:
  - name: Sign up
    emotion: 1
    touchpoints: [signup-form, {name: Video ID call, channel: app}]
  - name: Verify identity
    emotion: -2
    pain_points: [{title: Call drops, severity: 4}]
---
Body text.
"""


SITE_CONFIG = """
site_name: Test handbook
docs_dir: content
theme:
  name: material
  features: [navigation.indexes]
plugins:
  - journeymaps:
      pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast
"""


@dataclass
class BuildResult:
    code: int
    output: str
    site: Path

    def html(self, rel: str) -> BeautifulSoup:
        from bs4 import BeautifulSoup

        return BeautifulSoup((self.site / rel).read_text(encoding="utf-8"), "html.parser")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags for Debian's chromium under Playwright: headless, as root, and nothing that talks to the network."""
CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright; the test is skipped where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (tasks.py installs it with apt-get when run as root on Debian/Ubuntu)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        pytest.skip(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def axe_violations(tab: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the page open in ``tab`` at these impacts, one line each (rule, help, the first
    five elements); skipped where axe-core is not installed (tasks.py installs it from npm)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (python3 tasks.py installs it into .cache/node)")
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def mkdocs(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` as a user runs it in ``cwd``, with a fixed build date (SOURCE_DATE_EPOCH), without
    Material's notice about MkDocs 2.0 (NO_MKDOCS_2_WARNING: an advert that contains the word WARNING, not a build
    warning)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


@pytest.fixture
def build(project: Path) -> Callable[..., BuildResult]:
    """Build the site in ``project`` with the real ``mkdocs`` command."""

    def _build(*args: str, config: str = SITE_CONFIG) -> BuildResult:
        (project / "mkdocs.yml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
        proc = mkdocs(project, *args)
        return BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site")

    return _build
