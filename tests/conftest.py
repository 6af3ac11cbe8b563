"""Shared fixtures: write a handbook's sources into tmp_path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

import pytest

Writer = Callable[[str, str], Path]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


def writer(project: Path) -> Writer:
    """Writes a page of ``project``'s content folder: ``write("maps/x.md", text)`` (the text dedented)."""

    def _write(rel: str, text: str) -> Path:
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def write(project: Path) -> Writer:
    return writer(project)


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


def offline_tab(browser: Any, base: str, width: int, height: int = 900, scheme: str = "light") -> Any:
    """A new tab of ``browser`` at ``width`` x ``height`` in the colour ``scheme``, whose requests to any other host
    than ``base``'s (web fonts and the like) are answered empty, as offline."""
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    host = urlparse(base).netloc

    def offline(route: Any) -> None:
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            route.fulfill(status=204)

    context.route("**/*", offline)
    return context.new_page()


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


def mkdocs(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` as a user runs it in ``cwd``, with a fixed build date (SOURCE_DATE_EPOCH), without
    Material's notice about MkDocs 2.0 (NO_MKDOCS_2_WARNING: an advert that contains the word WARNING, not a build
    warning); ``env`` over that."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=False,
    )


GIT_AUTHOR = {
    "GIT_AUTHOR_NAME": "Ana Research",
    "GIT_AUTHOR_EMAIL": "ana@example.org",
    "GIT_COMMITTER_NAME": "Ana Research",
    "GIT_COMMITTER_EMAIL": "ana@example.org",
    "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z",
}
"""Who commits in the tests' repositories, and when (a fixed date: the pages that show history stay the same)."""


def git(repo: Path, *args: str, env: dict[str, str] | None = None, when: str | None = None) -> str:
    """`git *args` in ``repo``: over the caller's environment, as :data:`GIT_AUTHOR` (``env`` over it; ``when``:
    another date for author and committer), never signing, whatever the caller's git config says. A failing git
    fails the test with its own message; what it printed, stripped."""
    env = {**os.environ, **GIT_AUTHOR, **(env or {})}
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True, env=env, check=False
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr.decode(errors='replace')}"
    return proc.stdout.decode("utf-8", errors="replace").strip()


def commit_all(folder: Path, message: str, env: dict[str, str] | None = None) -> None:
    """``folder`` made a git repository with everything in it committed once; ``env``: who and when, over
    :data:`GIT_AUTHOR`."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", message]):
        git(folder, *args, env=env)


@contextmanager
def http_folder(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on a free local port, quietly, while the block runs: its base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a browser that closes a connection early (a broken pipe) is no failure of the page

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


ANSI = re.compile(r"\x1b\[[0-9;]*m")
_COMPILED: dict[str, bytes] = {}
"""Jinja's compiled templates, by Jinja's key (template name and file); a stale entry is recompiled (Jinja
compares the source's checksum)."""


@contextmanager
def _templates_compiled_once() -> Iterator[None]:
    """Every Jinja environment made inside the block (MkDocs' theme, the plugin's) keeps its compiled templates in
    Jinja's bytecode cache (:data:`_COMPILED`): the same template is compiled once per test process, not once per
    build. Jinja checks each template's source against the cached code, so nothing is served stale."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = _COMPILED.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            _COMPILED[bucket.key] = bucket.bytecode_to_string()

    made = jinja2.Environment.__init__
    cache = Compiled()

    def init(self: jinja2.Environment, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        if self.bytecode_cache is None:
            self.bytecode_cache = cache

    jinja2.Environment.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        jinja2.Environment.__init__ = made  # type: ignore[method-assign]


def mkdocs_here(cwd: Path, *args: str) -> tuple[int, str]:
    """``mkdocs build ARGS`` in ``cwd`` through MkDocs' own command line (its click command: options, config
    loading, plugins, log format, strict mode, exit code), run inside this process: the same build as
    :func:`mkdocs` without starting Python and importing MkDocs, Material and the plugin again each time.
    Returns the exit code and what the command printed (stdout, then stderr, as :func:`mkdocs` reads them).

    What a separate process would not share is put back afterwards: working folder, environment, the loggers
    MkDocs sets up, Python's warning hooks. Loggers outside MkDocs' print WARNING and above, as Python's
    last-resort handler does in a command with no logging set up; an exception is printed with its traceback
    and exits 1, as Python does."""
    import logging
    import traceback
    import warnings
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from mkdocs.__main__ import ColorFormatter, cli

    out, err = StringIO(), StringIO()
    loggers = {name: logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")}
    saved = {name: (lg.level, lg.propagate, list(lg.handlers), list(lg.filters)) for name, lg in loggers.items()}
    last_resort = logging.StreamHandler(err)
    last_resort.setLevel(logging.WARNING)
    root = logging.getLogger()
    environ, here, width = dict(os.environ), os.getcwd(), ColorFormatter.text_wrapper.width
    os.environ.update(SOURCE_DATE_EPOCH="1795305600", NO_MKDOCS_2_WARNING="1")
    ColorFormatter.text_wrapper.width = 0  # no terminal: MkDocs does not wrap its lines
    code = 0
    root.addHandler(last_resort)
    try:
        os.chdir(cwd)
        with warnings.catch_warnings(), _templates_compiled_once(), redirect_stdout(out), redirect_stderr(err):
            try:
                cli.main(["build", *args], prog_name="mkdocs", standalone_mode=True)
            except SystemExit as exc:
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(environ)
        ColorFormatter.text_wrapper.width = width
        root.removeHandler(last_resort)
        for name, lg in loggers.items():
            level, lg.propagate, lg.handlers[:], lg.filters[:] = saved[name]
            lg.setLevel(level)
    return code, ANSI.sub("", out.getvalue() + err.getvalue())


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder ``make`` fills once per test run, for every module and every xdist worker that asks for ``name``:
    the first to ask makes it (under a lock in the run's temp folder), the others wait for it and reuse it. Read
    it, or copy it before changing anything (:func:`copy_of`). A ``make`` that fails leaves nothing behind, and the
    next to ask tries again."""
    import fcntl
    import shutil

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def copy_of(folder: Path, dest: Path) -> Path:
    """``folder`` (a :func:`shared_folder`) copied into ``dest``, to be changed there; file times are kept."""
    import shutil

    shutil.copytree(folder, dest, dirs_exist_ok=True, symlinks=True)
    return dest


REPO = Path(__file__).resolve().parent.parent


def example_handbook(work: Path, *, pdf: bool = False) -> Path:
    """The repo's handbook (content/, mkdocs.yml, site_config/, themes/) in ``work``; PDFs off unless asked."""
    import shutil

    for name in ("content", "site_config", "themes"):
        shutil.copytree(REPO / name, work / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "pdf: true" in config
    (work / "mkdocs.yml").write_text(config if pdf else config.replace("pdf: true", "pdf: false"), encoding="utf-8")
    return work


def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook (PDFs off) built by the real ``mkdocs build --strict`` command (:func:`mkdocs`), once
    per test run for every module that reads it (the browser tests, the engine comparisons): its ``site`` folder.
    Read only."""

    def make(folder: Path) -> None:
        proc = mkdocs(example_handbook(folder), "--strict")
        assert proc.returncode == 0, proc.stdout + proc.stderr

    return shared_folder(tmp_path_factory, "example-site", make) / "site"


@pytest.fixture
def build(project: Path) -> Callable[..., BuildResult]:
    """Build the site in ``project`` with the real ``mkdocs build`` command line, in this process
    (:func:`mkdocs_here`; the tests that need a separate ``mkdocs`` process use :func:`mkdocs`)."""

    def _build(*args: str, config: str = SITE_CONFIG) -> BuildResult:
        (project / "mkdocs.yml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
        code, output = mkdocs_here(project, *args)
        return BuildResult(code, output, project / "site")

    return _build


class Glyph(NamedTuple):
    page: int
    text: str
    font: str
    cid: int
    size: float  # pt, as printed
    x: float
    y: float  # pt from the bottom of the page


def glyphs(pdf: Path) -> list[Glyph]:
    """Every character drawn in ``pdf`` (text in SVG pictures too), read by pdfminer.six's interpreter: its page,
    text (empty for glyph 0), font, glyph id, size as printed through every transformation, and place."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    found: list[Glyph] = []

    class Reader(PDFPageAggregator):
        page_number = 0

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
            a, b, c, d, e, f = matrix
            size = fontsize * (abs(a * d - b * c) ** 0.5)
            text = font.to_unichr(cid) if cid else ""
            found.append(Glyph(self.page_number, text, font.fontname, cid, size, e, f))
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    manager = PDFResourceManager()
    device = Reader(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    with open(pdf, "rb") as handle:
        for number, page in enumerate(PDFPage.get_pages(handle), 1):
            device.page_number = number
            interpreter.process_page(page)
    return found


def overlapping(boxes: list[list[Any]], slack: float) -> list[tuple[list[Any], list[Any]]]:
    """The pairs of boxes ``[..., left, top, right, bottom]`` (the last four items) that overlap by more than
    ``slack`` pixels each way."""
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[-4] < b[-2] - slack and b[-4] < a[-2] - slack and a[-3] < b[-1] - slack and b[-3] < a[-1] - slack
    ]
