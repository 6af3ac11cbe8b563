"""A PDF's characters that no installed font has print as empty boxes: the build says so, in one line, every time
(a reused PDF too), and once a font that has them is installed the PDF is rendered again, with it. The fonts are
fontconfig's (what WeasyPrint uses): the test "installs" one by pointing FONTCONFIG_FILE at a configuration that
adds a folder with a font made here, whose one glyph is "あ"."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import mkdocs

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None or shutil.which("fc-list") is None,
    reason="the pdf extra and fontconfig (python3 tasks.py setup)",
)

CONFIG = """site_name: Glyphs
docs_dir: docs
theme: {name: material}
plugins:
  - journeymaps: {pdf: true, pdf_handbook: false, pdf_workers: 1}
"""
PERSONA = "---\ntype: persona\nname: Hana あ\n---\n"
KANA = "あ"


def _font(path: Path) -> None:
    """A TrueType font whose one glyph (a square) is U+3042."""
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((800, 700))
    pen.lineTo((800, 0))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "kana"])
    builder.setupCharacterMap({ord(KANA): "kana"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "kana": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "kana": (900, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "JM Kana Test", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def _build(project: Path, fonts: Path) -> str:
    proc = mkdocs(project, env={"FONTCONFIG_FILE": str(fonts)})
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def _embedded(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (python3 tasks.py setup)")
def test_characters_no_font_has_are_said_until_a_font_has_them(tmp_path: Path) -> None:
    project = tmp_path / "handbook"
    (project / "docs" / "personas").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "docs" / "personas" / "hana.md").write_text(PERSONA, encoding="utf-8")
    extra = tmp_path / "fonts"
    extra.mkdir()
    conf = tmp_path / "fonts.conf"

    def fonts(*folders: Path) -> None:
        dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
        conf.write_text(
            '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{dirs}<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
            encoding="utf-8",
        )

    fonts()
    said = _build(project, conf)
    lines = [line for line in said.splitlines() if "no installed font has" in line]
    assert len(lines) == 1, said
    assert lines[0].startswith("WARNING") and "あ (U+3042)" in lines[0] and "pdf/personas/hana.pdf" in lines[0]
    assert "fonts-noto-cjk" in lines[0]
    assert "JM-Kana-Test" not in _embedded(project / "site" / "pdf" / "personas" / "hana.pdf")

    said = _build(project, conf)  # reused from the cache: said again
    assert "rendered 0, reused" in said and "no installed font has あ (U+3042)" in said

    _font(extra / "kana.ttf")
    fonts(extra)
    said = _build(project, conf)  # the font is there: rendered again, with it, and nothing to say
    assert "no installed font has" not in said and "rendered 1, reused" in said, said
    assert "JM-Kana-Test" in _embedded(project / "site" / "pdf" / "personas" / "hana.pdf")
