"""The CI workflow's build is reproducible across days, and its install step needs no editing.

The workflow's own steps (``site_config/ci/journeymaps.yml``) run with bash in fresh clones of one commit, as
GitHub's runner does (``$GITHUB_ENV`` carried from step to step), under two clocks three years apart: every
Python process of the build (MkDocs, the plugin, the PDF workers) reads the moved clock through a
``sitecustomize`` on ``PYTHONPATH``; the build itself is the real ``mkdocs build --strict``. The same commit gives
the same bytes, pages, PDFs and sitemap alike, dated by the commit.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import CEM, CJM, PERSONA, REPO, git

WORKFLOW = REPO / "site_config" / "ci" / "journeymaps.yml"
COMMITTED = "2026-11-20T10:00:00Z"
THREE_YEARS = 3 * 365 * 86400
NOT_RUN = {"System packages for PDFs", "Install"}  # this machine has them (tasks.py)
PDF = importlib.util.find_spec("weasyprint") is not None and shutil.which("pdftotext") is not None

CLOCK = '''
"""Every Python process started with this folder on PYTHONPATH reads a clock moved by JM_CLOCK_SHIFT seconds."""
import datetime as _dt
import os
import time as _time

_shift = int(os.environ.get("JM_CLOCK_SHIFT") or 0)
if _shift:
    _time_real, _time_ns_real = _time.time, _time.time_ns
    _time.time = lambda: _time_real() + _shift
    _time.time_ns = lambda: _time_ns_real() + _shift * 10**9
    _datetime, _date = _dt.datetime, _dt.date

    class datetime(_datetime):
        @classmethod
        def now(cls, tz=None):
            return _datetime.fromtimestamp(_time.time(), tz)

        @classmethod
        def utcnow(cls):
            return _datetime.fromtimestamp(_time.time(), _dt.timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return _datetime.fromtimestamp(_time.time())

    class date(_date):
        @classmethod
        def today(cls):
            return _date.fromtimestamp(_time.time())

    _dt.datetime, _dt.date = datetime, date
'''
CONFIG = f"""
site_name: Reproducible
site_url: https://cx.example.org/handbook/
docs_dir: content
theme:
  name: material
plugins:
  - search
  - journeymaps:
      pdf: {"true" if PDF else "false"}
      pdf_workers: 2
"""
SOURCES = {
    "index.md": "# Home\n",
    "personas/maya.md": PERSONA,
    "personas/raj.md": PERSONA.replace("Maya Chen", "Raj Patel"),
    "maps/lifecycle.md": CEM,
    "maps/opening.md": CJM,  # reviewed 2026-09-30, due every 90 days: stale by the later clock, not by the commit
    "touchpoints/signup-form.md": "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n",
}


def steps() -> list[dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return list(workflow["jobs"]["build"]["steps"])


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One step's ``run`` as GitHub runs it (bash -eo pipefail); what it adds to ``$GITHUB_ENV`` goes into
    ``env`` for the next steps."""
    github_env = Path(env["GITHUB_ENV"])
    github_env.write_text("", encoding="utf-8")
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    for line in github_env.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        env[name] = value
    return proc


def clock_env(runner: Path, shift: int) -> dict[str, str]:
    """The environment of a runner whose Python processes read a clock ``shift`` seconds ahead."""
    clock = runner / "clock"
    clock.mkdir(parents=True)
    (clock / "sitecustomize.py").write_text(CLOCK.lstrip(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    return {
        **env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(clock),
        "JM_CLOCK_SHIFT": str(shift),
        "GITHUB_ENV": str(runner / "github_env"),
        "RUNNER_TEMP": str(runner),
        "NO_MKDOCS_2_WARNING": "1",
    }


def build_on_runner(origin: Path, runner: Path, shift: int) -> dict[str, bytes]:
    """A fresh clone of ``origin`` (actions/checkout, fetch-depth: 0), then the workflow's steps up to its build,
    on a clock ``shift`` seconds ahead: every file of the site, by path."""
    env = clock_env(runner, shift)
    clone = runner / "checkout"
    git(runner, "clone", "-q", f"file://{origin}", str(clone))
    for step in steps():
        if "run" not in step or step.get("name") in NOT_RUN:
            continue
        proc = run_step(step["run"], clone, env)
        assert proc.returncode == 0, f"{step['name']}: {proc.stdout}{proc.stderr}"
        if step.get("name") == "Build (strict)":
            break
    else:
        pytest.fail("the workflow has no step named 'Build (strict)'")
    site = clone / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handbook's repository with one commit, made on 2026-11-20."""
    source = tmp_path_factory.mktemp("handbook")
    git(source, "init", "-q", "-b", "main")
    (source / "mkdocs.yml").write_text(CONFIG.lstrip(), encoding="utf-8")
    for rel, text in SOURCES.items():
        path = source / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "The handbook", when=COMMITTED)
    return source


def test_the_clock_moves_for_mkdocs(tmp_path: Path) -> None:
    """The moved clock reaches MkDocs' own build date (what the next test would see without SOURCE_DATE_EPOCH)."""
    said = subprocess.run(
        [sys.executable, "-c", "from mkdocs.utils import get_build_date; print(get_build_date())"],
        capture_output=True,
        text=True,
        env=clock_env(tmp_path, THREE_YEARS),
        check=True,
    ).stdout.strip()
    real = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today().year)"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        check=True,
    ).stdout.strip()
    assert int(said[:4]) >= int(real) + 2, said


def test_the_same_commit_builds_the_same_bytes_on_another_day(
    origin: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The workflow dates its build by the commit (SOURCE_DATE_EPOCH): built today and three years later, the site
    is byte for byte the same, its sitemap (lastmod), its pages (a map's review status), its PDFs (their dates)
    included. Without it, the sitemap said the day of the build and a map reviewed before the commit turned stale
    in a rebuild of the same commit."""
    today = build_on_runner(origin, tmp_path_factory.mktemp("runner-today"), 0)
    later = build_on_runner(origin, tmp_path_factory.mktemp("runner-later"), THREE_YEARS)
    assert sorted(today) == sorted(later)
    assert {"sitemap.xml", "sitemap.xml.gz", "maps/opening/index.html", "journeymaps.json"} <= set(today)
    if PDF:
        assert "pdf/handbook.pdf" in today and "pdf/opening.pdf" in today, sorted(today)
    differ = [name for name in today if today[name] != later[name]]
    assert differ == [], differ

    sitemap = ElementTree.fromstring(today["sitemap.xml"])
    lastmods = {tag.text for tag in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")}
    assert lastmods == {COMMITTED[:10]}  # the commit's date, not the day of the build
    page = BeautifulSoup(today["maps/opening/index.html"].decode("utf-8"), "html.parser")
    assert page.select(".jm-badge-warn") == []  # reviewed 2026-09-30, due 2026-12-29: not overdue at the commit


@pytest.mark.parametrize(
    ("source", "pyproject", "installs"),
    [
        ("", 'name = "journeymaps"', [".[pdf,publish]"]),  # journeymaps' own repository
        (
            "git+https://git.example.org/acme/journeymaps@v0.1.0",
            "",
            ["journeymaps[pdf,publish] @ git+https://git.example.org/acme/journeymaps@v0.1.0"],
        ),
        (
            "git+https://git.example.org/acme/journeymaps@v0.1.0",
            'name = "journeymaps"',
            ["journeymaps[pdf,publish] @ git+https://git.example.org/acme/journeymaps@v0.1.0"],
        ),
        ("", "", None),  # a handbook's repository, nothing said: one error line, no guess
        ("", 'name = "fernway-handbook"', None),
    ],
)
def test_the_install_step_needs_no_editing(
    tmp_path: Path, source: str, pyproject: str, installs: list[str] | None
) -> None:
    """The workflow installed journeymaps from a placeholder URL to replace by hand. It now installs from
    JOURNEYMAPS_SOURCE (the repository variable, or one line at the top of the workflow), else from the repository
    itself when that is journeymaps; otherwise it stops with one line saying what to set (journeymaps is not on
    PyPI: nothing is guessed)."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["env"] == {"JOURNEYMAPS_SOURCE": "${{ vars.JOURNEYMAPS_SOURCE }}"}
    (step,) = [s for s in steps() if s.get("name") == "Install"]
    bin_dir, said = tmp_path / "bin", tmp_path / "pip-args"
    bin_dir.mkdir()
    (bin_dir / "pip").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{said}"\n', encoding="utf-8")
    (bin_dir / "pip").chmod(0o755)
    work = tmp_path / "checkout"
    work.mkdir()
    if pyproject:
        (work / "pyproject.toml").write_text(f"[project]\n{pyproject}\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "JOURNEYMAPS_SOURCE": source,
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if installs is None:
        assert proc.returncode == 1 and not said.exists()
        (line,) = proc.stdout.splitlines()
        assert line.startswith("::error title=journeymaps::journeymaps is not on PyPI: set JOURNEYMAPS_SOURCE")
    else:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert said.read_text(encoding="utf-8").splitlines() == ["install", *installs]
