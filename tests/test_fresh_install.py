"""A fresh install, as the README tells a user: `pip install journeymaps` without extras, into a new virtualenv,
then `mkdocs build --strict` of a small handbook.

- its config does not mention `pdf`: exit 0, no PDF, one info line saying how to get them;
- `pdf: true`: a non-zero exit with exactly one error line, naming `journeymaps[pdf]`, and no traceback.

The virtualenv and its dependencies (from the package index) are made once and kept under
`.cache/fresh-venv-<hash of pyproject.toml>`; each run then installs the package itself into it again from the
working tree (`--no-deps`, offline), so the test sees today's code. Skipped when the index cannot be reached.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import CJM, PERSONA

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE = (
    "Temporary failure in name resolution",
    "Name or service not known",
    "NewConnectionError",
    "Network is unreachable",
    "Could not find a version that satisfies",
    "No matching distribution found",
    "ConnectTimeoutError",
    "ReadTimeoutError",
    "ProxyError",
)


def _run(*args: str | Path, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1", SOURCE_DATE_EPOCH="1795305600")
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def _source_tree(dest: Path) -> Path:
    """What `pip install .` reads, copied out of the working tree (the build writes beside its sources)."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, dest / name)
    shutil.copytree(ROOT / "plugin", dest / "plugin", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return dest


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    home = ROOT / ".cache" / f"fresh-venv-{key}"
    python = home / "bin" / "python"
    source = _source_tree(tmp_path_factory.mktemp("journeymaps-src"))
    if not (home / ".complete").is_file():
        shutil.rmtree(home, ignore_errors=True)
        made = _run(sys.executable, "-m", "venv", home)
        assert made.returncode == 0, made.stderr
        # the package with its dependencies from the index, as a user installs it: no extras
        for args in (("setuptools>=68", "wheel"), (source,)):
            proc = _run(python, "-m", "pip", "install", "-q", "--timeout", "20", *args)
            if proc.returncode != 0:
                shutil.rmtree(home, ignore_errors=True)
                if any(sign in proc.stdout + proc.stderr for sign in UNREACHABLE):
                    pytest.skip(f"the package index cannot be reached: {proc.stderr.strip().splitlines()[-1]}")
                pytest.fail(proc.stdout + proc.stderr)
        (home / ".complete").write_text(key, encoding="utf-8")
    # today's code: the package again from the working tree, without touching its dependencies (no network)
    proc = _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--force-reinstall", source)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return home


def _handbook(root: Path, plugin_options: str) -> Path:
    docs = root / "docs"
    cjm = CJM.replace("zooms_into: lifecycle#open\n", "")
    for rel, text in (("personas/maya.md", PERSONA), ("maps/opening.md", cjm)):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (docs / "touchpoints").mkdir()
    (docs / "touchpoints" / "signup-form.md").write_text(
        "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n", encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(
        f"site_name: Fresh\ntheme:\n  name: material\nplugins:\n  - search\n  - journeymaps{plugin_options}\n",
        encoding="utf-8",
    )
    return root


def test_the_fresh_install_has_no_pdf_engine(venv: Path) -> None:
    proc = _run(venv / "bin" / "python", "-c", "import importlib.util as u; print(u.find_spec('weasyprint'))")
    assert proc.stdout.strip() == "None"  # otherwise the tests below prove nothing
    proc = _run(venv / "bin" / "python", "-c", "import journeymaps; print(journeymaps.__file__)")
    assert str(venv) in proc.stdout  # the installed package, not the working tree


def test_a_config_without_pdf_builds_strict_without_pdfs_and_says_once_how_to_get_them(
    venv: Path, tmp_path: Path
) -> None:
    root = _handbook(tmp_path, "")
    proc = _run(venv / "bin" / "mkdocs", "build", "--strict", cwd=root, timeout=180)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    assert list((root / "site").rglob("*.pdf")) == []
    assert (root / "site" / "maps" / "opening" / "index.html").is_file()
    said = [line for line in out.splitlines() if "journeymaps[pdf]" in line]
    assert len(said) == 1 and said[0].startswith("INFO"), out


def test_pdf_true_without_the_extra_is_one_error_line_naming_it(venv: Path, tmp_path: Path) -> None:
    root = _handbook(tmp_path, ":\n      pdf: true")
    proc = _run(venv / "bin" / "mkdocs", "build", "--strict", cwd=root, timeout=180)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, out
    assert "journeymaps[pdf]" in errors[0] and "pdf: true" in errors[0], errors
    assert not (root / "site" / "maps").exists()
