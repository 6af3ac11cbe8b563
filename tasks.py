#!/usr/bin/env python3
"""The project's two set-up commands, with nothing but Python 3.11+ and git:

    python3 tasks.py build   # build the example handbook into site/ (creates .venv, installs what is missing)
    python3 tasks.py test    # run the whole test suite

Also: `serve` (live preview), `install` (only set up .venv), `lint` (ruff and mypy, which `test` runs first),
`messages` (extract the plugin's strings into its message catalogues; see ARCHITECTURE.md on translations),
`zensical` (the handbook built by Zensical: `journeymaps generate` into .cache/zensical, then `zensical build`).
System packages (WeasyPrint's Pango, poppler-utils, Chromium, npm) are installed
with apt-get when running as root on Debian/Ubuntu and they are missing; axe-core
(for the browser tests' accessibility checks) and mermaid (the oracle of the Mermaid
tests) are installed with npm into .cache/node.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
APT_PACKAGES = {  # command or library probe -> Debian package
    "pdftotext": "poppler-utils",
    "chromium": "chromium",
    "npm": "npm",
}
NODE_PREFIX = ROOT / ".cache" / "node"
AXE = "axe-core@~4.14"  # patch releases only: a new minor can add rules, which is a change to review, not a CI failure
IFRAME_WORKER = "iframe-worker@~1.0"  # Material's Web Worker shim for file://, bundled into the offline test site
MERMAID = "mermaid@~11.17"  # the oracle of the Mermaid tests: patch releases only, a new minor can change the grammar
APT_LIBS = {"libpango-1.0.so.0": "libpango-1.0-0", "libpangoft2-1.0.so.0": "libpangoft2-1.0-0"}


def run(*cmd: str | Path, **kw: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)  # type: ignore[arg-type]


def _has_lib(name: str) -> bool:
    return any(
        Path(d, name).exists()
        for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/lib/x86_64-linux-gnu")
    )


def system_packages() -> None:
    missing = [pkg for cmd, pkg in APT_PACKAGES.items() if shutil.which(cmd) is None]
    missing += [pkg for lib, pkg in APT_LIBS.items() if not _has_lib(lib)]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            f"note: system packages missing ({', '.join(missing)}); install them to get PDFs and browser tests",
            flush=True,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


UV = "uv>=0.9,<1"
"""The installer: uv resolves and installs the ~90 packages of `.[dev]` in about 20 s, where pip takes about
100 s (both from an empty cache, measured on this project's CI machine). pip stays in .venv, and installs
everything itself where uv cannot be had."""
UV_BIN = VENV / "bin" / "uv"


def pip_install(python: Path, *args: str | Path) -> int:
    """`pip install -q *args` into the virtualenv of ``python``, by uv when this checkout's .venv has it (precompiled,
    as pip leaves them: a process that may not write bytecode would otherwise compile every import, every run)."""
    if UV_BIN.exists():
        code = run(UV_BIN, "pip", "install", "-q", "--compile-bytecode", "--python", python, *args)
        if code == 0:
            return 0
        print("note: uv could not install it; trying pip", flush=True)
    return run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args)


def install() -> None:
    if not PY.exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".journeymaps-installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        if not UV_BIN.exists():
            run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", UV)  # pip_install falls back
        if pip_install(PY, "-e", ".[dev]") != 0:
            sys.exit("pip install failed")
        stamp.write_text(digest)
    system_packages()
    node_packages()


def node_packages() -> None:
    """axe-core, mermaid and iframe-worker for the browser tests, into .cache/node (kept out of git)."""
    wanted = {
        AXE: NODE_PREFIX / "node_modules" / "axe-core" / "axe.min.js",
        MERMAID: NODE_PREFIX / "node_modules" / "mermaid" / "dist" / "mermaid.min.js",
        IFRAME_WORKER: NODE_PREFIX / "node_modules" / "iframe-worker" / "shim" / "index.js",
    }
    missing = [spec for spec, path in wanted.items() if not path.exists()]
    if not missing:
        return
    if shutil.which("npm") is None:
        print(
            "note: npm is missing; the accessibility checks of the browser tests and the Mermaid checks will be "
            "skipped",
            flush=True,
        )
        return
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    if run("npm", "install", "--prefix", NODE_PREFIX, "--no-audit", "--no-fund", "--loglevel=error", *missing) != 0:
        print(f"note: npm install {' '.join(missing)} failed; the tests that need them will be skipped", flush=True)


LINTED = ("plugin", "tests", "benchmarks", "tasks.py")


def lint() -> int:
    """ruff (rules, then formatting) and mypy, as pyproject.toml sets them up; the first that fails stops the run."""
    ruff = VENV / "bin" / "ruff"
    return run(ruff, "check", *LINTED) or run(ruff, "format", "--check", *LINTED) or run(VENV / "bin" / "mypy")


LOCALE = ROOT / "plugin" / "journeymaps" / "locale"
MESSAGE_SOURCES = [  # Babel's method map: the plugin's Python, and its templates with Jinja's extractor
    ("plugin/journeymaps/**.py", "python"),
    ("plugin/journeymaps/templates/**.html", "jinja2.ext:babel_extract"),
]
MESSAGE_OPTIONS = {"plugin/journeymaps/templates/**.html": {"newstyle_gettext": "true", "trim_blocks": "true"}}


def messages() -> int:
    """Extract every `_()`, `ngettext()` and `N_()` of the plugin (Python and templates) into locale/journeymaps.pot,
    update every locale/<lang>/LC_MESSAGES/journeymaps.po from it (new strings empty, gone ones dropped; no fuzzy
    guesses), and say how many strings each language still lacks. Run in .venv (Babel is a dependency)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    pot = LOCALE / "journeymaps.pot"
    old = read_po(pot.open("rb")) if pot.exists() else None
    template = Catalog(project="journeymaps", msgid_bugs_address="", charset="utf-8", fuzzy=False)
    if old is not None:
        template.creation_date = old.creation_date  # the file changes only when the strings do
    for file, line, message, comments, context in extract_from_dir(
        ROOT, MESSAGE_SOURCES, MESSAGE_OPTIONS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        template.add(message, None, [(file, line)], auto_comments=comments, context=context)
    with pot.open("wb") as fh:
        write_po(fh, template, width=120, sort_output=True, include_lineno=False, omit_header=False)
    lacking = 0
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/journeymaps.po")):
        lang = po.parent.parent.name
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        with po.open("wb") as fh:
            write_po(fh, catalog, width=120, sort_output=True, include_lineno=False, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and (m.fuzzy or not _translated(m.string))]
        lacking += len(missing)
        print(
            f"{lang}: {len(template) - len(missing)}/{len(template)} translated"
            + (f", {len(missing)} to do" if missing else "")
        )
    print(f"wrote {pot.relative_to(ROOT)}: {len(template)} strings")
    return 0


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


ZENSICAL_OUT = ROOT / ".cache" / "zensical"


def zensical(*args: str) -> int:
    """Zensical runs no MkDocs plugin: the handbook is generated as a plain docs folder, then Zensical builds it
    (into .cache/zensical/site). Zensical comes with the `zensical` extra, installed here on first use."""
    missing = subprocess.call([str(PY), "-c", "import zensical"], stderr=subprocess.DEVNULL) != 0
    if missing and pip_install(PY, "-e", ".[zensical]") != 0:
        print("pip could not install zensical (pip install 'journeymaps[zensical]')", flush=True)
        return 1
    generate = (PY, "-m", "journeymaps.cli", "generate", "--out", ZENSICAL_OUT, "--engine", "zensical", *args)
    code = run(*generate)
    if code != 0:
        return code
    print("+ (in .cache/zensical) zensical build --clean", flush=True)
    return subprocess.call([str(PY), "-m", "zensical", "build", "--clean"], cwd=ZENSICAL_OUT)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "help"
    if command == "install":
        install()
        return 0
    if command == "build":
        install()
        return run(VENV / "bin" / "mkdocs", "build", "--strict", *argv[2:])
    if command == "serve":
        install()
        return run(VENV / "bin" / "mkdocs", "serve", *argv[2:])
    if command == "zensical":
        install()
        return zensical(*argv[2:])
    if command == "test":
        install()
        # whole test modules per worker (their module fixtures build a site once), one worker per core (at most 4)
        workers = str(max(1, min(4, os.cpu_count() or 1)))
        return lint() or run(PY, "-m", "pytest", "-q", "-n", workers, "--dist", "loadfile", *argv[2:])
    if command == "lint":
        install()
        return lint()
    if command == "messages":
        install()
        return run(PY, __file__, "messages-here")
    if command == "messages-here":  # inside .venv (Babel)
        return messages()
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
