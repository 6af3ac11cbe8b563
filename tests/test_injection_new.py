"""Hostile text against what prints maps and reports changes: the PDF's fit to its page (export/fit.py), its
right-to-left curve labels (export/print_curve.py), the build's line on characters no font has (export/glyphs.py)
and the Markdown of `journeymaps diff` as GitHub renders it (history/markdown.py). Each test builds a real site or
runs the real command line and reads what it wrote back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from conftest import SITE_CONFIG, BuildResult, Writer, git

PDF_CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast",
    "pdf_workers: 1\n      pdf_handbook: false",
)
PERSONA = "---\ntype: persona\nname: Maya\n---\n"
ARABIC = "مسار بديل"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")


def pdf_words(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def short_map(title: str, first: str = "name: Step 1", body: str = "") -> str:
    """Four stages of two short lanes: printed at the largest zoom (1.6), when nothing gets in the way."""
    stages = "".join(
        f"  - {{name: Step {n}, emotion: {n % 3 - 1}, actions: [Does thing {n}], pain_points: [Waits {n}]}}\n"
        for n in range(1, 5)
    ).replace("name: Step 1", first, 1)
    return f"---\ntype: cjm\ntitle: {title}\npersona: maya\nstages:\n{stages}---\n{body}"


@needs_poppler
def test_a_control_character_beside_a_right_to_left_label_prints(
    write: Writer, build: Callable[..., BuildResult]
) -> None:
    """A YAML escape puts a control character in a name ("\\x1b", "\\0"); with a right-to-left path on the curve,
    the curve was parsed as XML, which has no place for it: the build stopped with a traceback. And the build's
    line on characters no font has named the escape character itself, which a terminal obeys."""
    write("personas/maya.md", PERSONA)
    write(
        "maps/escape.md",
        short_map('"Title \\0 nul"', f'name: "Step 1 \\x1b[31m red", paths: [{{name: {ARABIC}, emotion: 1}}]'),
    )
    write("maps/title.md", short_map(f'"{ARABIC} \\x08 back"'))
    result = build("--strict", config=PDF_CONFIG)
    assert result.code == 0, result.output[-3000:]
    assert "Traceback" not in result.output
    ours = [line for line in result.output.splitlines() if "journeymaps:" in line]
    assert not [line for line in ours if "\x1b" in line or "\x08" in line]  # nothing a terminal would obey
    assert not [line for line in ours if "no installed font" in line]  # a control character needs no font
    words = pdf_words(result.site / "pdf" / "escape.pdf")
    assert "Step 1" in words and "[31m red" in words and "Step 4" in words
    assert ARABIC.split()[0] in pdf_words(result.site / "pdf" / "title.pdf")


@needs_poppler
def test_author_text_like_the_fit_markers_does_not_change_the_zoom(
    write: Writer, build: Callable[..., BuildResult]
) -> None:
    """A page of stages ends with a marker, id="jm-fit-end-N". The same words typed in a map's body, or in a
    stage name on a curve with a right-to-left label, were counted as markers: the fit found no page for them
    and printed the short map at 8.5 pt instead of 13.6 pt."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_pdf_poster import body_size, glyphs

    write("personas/maya.md", PERSONA)
    write("maps/plain.md", short_map("Plain"))
    write("maps/body.md", short_map("Body", body='We logged id="jm-fit-end-1" and <!--jm-zoom 1.00--> here.\n'))
    write(
        "maps/label.md",
        short_map("Label", f"name: 'Step 1 id=\"jm-fit-end-7\"', paths: [{{name: {ARABIC}, emotion: 1}}]"),
    )
    result = build("--strict", config=PDF_CONFIG)
    assert result.code == 0, result.output[-3000:]
    sizes = {name: body_size(glyphs(result.site / "pdf" / f"{name}.pdf")) for name in ("plain", "body", "label")}
    assert sizes["plain"] >= 8.5 * 1.6 - 0.01, sizes
    assert sizes["body"] == sizes["plain"] and sizes["label"] == sizes["plain"], sizes
    assert 'id="jm-fit-end-1" and <!--jm-zoom 1.00--> here' in pdf_words(result.site / "pdf" / "body.pdf")
    assert 'Step 1 id="jm-fit-end-7"' in pdf_words(result.site / "pdf" / "label.pdf")


def test_diff_markdown_makes_no_github_links_emoji_or_reversed_lines(project: Path, write: Writer) -> None:
    """GitHub links a URL, www., #12 and GH-12, and draws :smile: as an emoji, in the text of a rendered comment
    (a backslash before # does not stop it); an unclosed right-to-left override in a name reversed the rest of
    its line, the new value after the arrow. Each name reads as written, nothing added that shows."""
    texts = {
        "url": "Pay at https://evil.example/login now",
        "www": "Or www.evil.example today",
        "issue": "Fixes #12 and GH-34 and owner/repo#56",
        "emoji": "Happy :smile: :+1: :white_check_mark:",
        "bidi": "Renamed \u202eevil",
    }
    git(project, "init", "-q", "-b", "main")
    (project / "mkdocs.yml").write_text(SITE_CONFIG.lstrip(), encoding="utf-8")
    write("personas/maya.md", PERSONA)
    stages = "".join(f"  - {{name: Plain {k}, id: {k}, emotion: 0}}\n" for k in texts)
    write("maps/m.md", f"---\ntype: cjm\ntitle: M\npersona: maya\nstages:\n{stages}---\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    stages = "".join(f"  - {{name: '{v}', id: {k}, emotion: 0}}\n" for k, v in texts.items())
    write("maps/m.md", f"---\ntype: cjm\ntitle: M\npersona: maya\nstages:\n{stages}---\n")
    git(project, "commit", "-q", "-am", "hostile")
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "diff", "HEAD~1", "HEAD"], cwd=project, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    html = MarkdownIt("commonmark", {"html": True}).render(proc.stdout)
    lines = [li.get_text() for li in BeautifulSoup(html, "html.parser").find_all("li")]
    renamed = {k: next(line for line in lines if f"Plain {k}" in line) for k in texts}
    for key, line in renamed.items():
        assert texts[key] in "".join(c for c in line if c not in "\u200b\u2068\u2069\u202c"), (key, line)
        assert not re.search(r"https?://|www\.|#\d|GH-\d|:[\w+-]+:", line, re.I), (key, line)
    bidi = renamed["bidi"]
    assert bidi.index("\u202e") < bidi.index("\u202c") < bidi.rindex("\u2069"), repr(bidi)
    assert "→" not in bidi[bidi.index("\u202e") : bidi.index("\u202c")], repr(bidi)


def test_lint_and_validate_print_no_bidi_control(project: Path, write: Writer) -> None:
    """A right-to-left override (U+202E) in a stage's name reordered the rest of lint's line in a terminal or a CI
    log ("has no owner" names the stage); like ESC, it is printed as an escape, on every line the commands print."""
    write("personas/maya.md", PERSONA)
    write(
        "maps/bidi.md",
        '---\ntype: cjm\ntitle: "Bidi \\u202e title"\npersona: maya\nstages:\n'
        '  - {name: "Pay \\u202eevil\\u202c now", emotion: -1}\n  - {name: Wait, emotion: 0, emoton: 1}\n---\n',
    )
    said = []
    for command in ("lint", "validate"):
        proc = subprocess.run(
            [sys.executable, "-m", "journeymaps.cli", command, "content"], cwd=project, capture_output=True, text=True
        )
        said.append(proc.stdout + proc.stderr)
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", said[-1]), said[-1]
    assert "Pay \\u202eevil\\u202c now" in said[0]  # lint: the stage with no owner, named with the escapes
    assert "Traceback" not in "".join(said)
