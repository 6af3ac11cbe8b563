"""Two builds of the same sources, in different folders with cold caches, give byte-identical output."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import CEM, CJM, PERSONA, SITE_CONFIG, mkdocs

CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf_workers: 2"
)
SOURCES = {
    "index.md": "# Home\n",
    "personas/maya.md": PERSONA,
    "personas/raj.md": PERSONA.replace("Maya Chen", "Raj Patel 🧑‍🍳 ราจ"),
    "maps/lifecycle.md": CEM,
    "maps/opening.md": CJM,
    "maps/opening-future.md": CJM.replace(
        "title: Account opening", "title: Account opening tomorrow\nstate: future\nfuture_of: opening"
    ).replace("zooms_into: lifecycle#open\n", ""),
    "touchpoints/signup-form.md": "---\ntype: touchpoint\nname: Signup form\nchannel: web\n---\n",
}
NOT_COMPARED = {"sitemap.xml", "sitemap.xml.gz"}


def build(root: Path) -> dict[str, bytes]:
    for rel, text in SOURCES.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.lstrip(), encoding="utf-8")
    proc = mkdocs(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # strict, but for the machine's fonts: a name's emoji and Thai may have none here (test_pdf_glyphs)
    warned = [line for line in proc.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert [line for line in warned if "no installed font has" not in line] == [], proc.stderr
    site = root / "site"
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in NOT_COMPARED
    }


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="the PDF stack (poppler, Pango) is installed by tasks.py")
def test_two_builds_are_byte_identical(tmp_path_factory: pytest.TempPathFactory) -> None:
    first = build(tmp_path_factory.mktemp("first-checkout"))
    second = build(tmp_path_factory.mktemp("elsewhere") / "deeper")
    assert sorted(first) == sorted(second)
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"html", "json", "pdf", "css", "js"} <= kinds
    assert "pdf/handbook.pdf" in first and "journeymaps.json" in first and "maps/opening/index.html" in first
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
