"""PDFs are optional: a site whose config does not mention `pdf` builds without WeasyPrint and says once how to
get PDFs; `pdf: true` without it is one clear line naming the extra; `pdf: false` never asks.

In-process builds on a real MkDocsConfig, with the one place that looks for WeasyPrint told it is missing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CJM, PERSONA, Writer
from journeymaps.mkdocs_adapter import plugin as adapter

CONFIG = "site_name: T\ndocs_dir: content\ntheme: {{name: material}}\nplugins:\n  - journeymaps{options}\n"


def _build(project: Path, options: str) -> Path:
    (project / "mkdocs.yml").write_text(CONFIG.format(options=options), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return project / "site"


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(adapter, "pdf_support", lambda: "weasyprint not installed (pip install 'journeymaps[pdf]')")


def _pages(write: Writer) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM.replace("zooms_into: lifecycle#open\n", ""))
    write("touchpoints/signup-form.md", "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n")


def test_unset_pdf_without_weasyprint_builds_without_pdfs_and_says_so_once(
    project: Path, write: Writer, no_weasyprint: None, caplog: pytest.LogCaptureFixture
) -> None:
    _pages(write)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeymaps"):
        site = _build(project, "")
    said = [r.getMessage() for r in caplog.records if "no PDFs" in r.getMessage()]
    assert said == ["journeymaps: no PDFs: weasyprint not installed (pip install 'journeymaps[pdf]')"]
    assert all(r.levelno < logging.WARNING for r in caplog.records if r.name.startswith("mkdocs.plugins.journeymaps"))
    assert not (site / "pdf").exists()
    page = (site / "maps" / "opening" / "index.html").read_text(encoding="utf-8")
    assert "jm-grid" in page and "Download PDF" not in page  # no link to a PDF that is not made


def test_pdf_true_without_weasyprint_is_one_clear_error(
    project: Path, write: Writer, no_weasyprint: None, caplog: pytest.LogCaptureFixture
) -> None:
    _pages(write)
    with pytest.raises(Abort), caplog.at_level(logging.INFO):
        _build(project, ": {pdf: true}")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "journeymaps: `pdf: true` needs WeasyPrint and pypdf: weasyprint not installed "
        "(pip install 'journeymaps[pdf]'); or set `pdf: false`"
    ]
    assert not (project / "site" / "maps").exists()


def test_unset_pdf_with_weasyprint_makes_the_pdfs(project: Path, write: Writer) -> None:
    _pages(write)
    site = _build(project, ": {pdf_handbook: false, pdf_workers: 1}")
    assert sorted(p.name for p in (site / "pdf").rglob("*.pdf")) == ["maya.pdf", "opening.pdf"]
