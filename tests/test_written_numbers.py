"""A bare number in a text field keeps what the author wrote (``title: 1e3`` was the title '1000.0').

YAML 1.2 reads ``1e3``, ``2.10``, ``012`` and ``0x1F`` as numbers; where the format wants text (a title, a
stage's name, a persona's name, a custom text lane), the page shows the characters written, and where it wants
a number (an emotion written ``+2``) the number. The second build reads the pages from the parse cache, which
stores such numbers as tagged tuples: it must give the same site.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import BuildResult, Writer
from journeymaps.sources.parse_cache import FILE_NAME

MAP = """
---
type: cjm
id: release
title: 1e3
persona: p
stages:
  - name: 2.10
    emotion: +2
  - name: 012
    emotion: -1.50
  - name: 0o17
    emotion: 0
---
"""


def _texts(site: Path) -> tuple[list[str], str]:
    soup = BeautifulSoup((site / "maps/release/index.html").read_text(encoding="utf-8"), "html.parser")
    persona = BeautifulSoup((site / "personas/p/index.html").read_text(encoding="utf-8"), "html.parser")
    h1 = soup.find("h1")
    assert h1 is not None
    stages = [th.get_text(" ", strip=True) for th in soup.select("[data-stage] .jm-stage-name, th.jm-stage")]
    return [h1.get_text(" ", strip=True), *stages], persona.get_text(" ", strip=True)


def test_numbers_in_text_fields_keep_what_was_written(
    write: Writer, build: Callable[..., BuildResult], project: Path
) -> None:
    write("index.md", "# Handbook\n")
    write("personas/p.md", "---\ntype: persona\nid: p\nname: 0x1F\n---\n")
    write("maps/release.md", MAP)
    first = build("--strict")
    assert first.code == 0, first.output
    texts, persona_page = _texts(first.site)
    assert texts[0] == "1e3", texts
    html = (first.site / "maps/release/index.html").read_text(encoding="utf-8")
    assert "1000.0" not in html and "2.1<" not in html and "12<" not in html.replace("012<", "")
    for written in ("2.10", "012", "0o17"):
        assert written in html, written
    assert "0x1F" in persona_page and " 31 " not in f" {persona_page} "
    catalog = json.loads((first.site / "journeymaps.json").read_text(encoding="utf-8"))
    stages = catalog["maps"]["release"]["stages"]
    assert [s["emotion"] for s in stages] == [2, -1.5, 0]  # numbers where numbers are wanted
    assert all(type(s["emotion"]) in (int, float) for s in stages)

    # The parse cache holds the page (a tagged tuple), and the next build, reading it from there, is the same.
    cache = project / ".cache/journeymaps" / FILE_NAME
    _, entries = marshal.loads(cache.read_bytes())
    assert any(b"1e3" in entry for entry in entries.values()), "the page with written numbers was not cached"
    before = {p: p.read_bytes() for p in first.site.rglob("*.html")}
    second = build("--strict")
    assert second.code == 0, second.output
    after = {p: p.read_bytes() for p in second.site.rglob("*.html")}
    assert after == before


def test_a_number_field_says_the_number_as_written(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("index.md", "# Handbook\n")
    write("personas/p.md", "---\ntype: persona\nid: p\nname: Pat\n---\n")
    write("maps/m.md", "---\ntype: cjm\nid: m\ntitle: M\npersona: p\nstages:\n  - name: A\n    emotion: 3e0\n---\n")
    result = build()
    line = next(x for x in result.output.splitlines() if "emotion" in x and "m.md" in x)
    assert "maps/m.md:8" in line and "3e0" in line, line


def test_an_id_written_as_a_number_is_the_number_the_editor_reads(
    write: Writer, build: Callable[..., BuildResult]
) -> None:
    """An id is not text kept as written: YAML 1.2 (the editor) reads ``0x1F`` as 31 and its schema accepts it,
    so the build takes 31 too; the text 0x1F, with its capital, is no id and would be an error the editor never
    showed (tests/test_schema_oracle.py holds the two verdicts together)."""
    write("index.md", "# Handbook\n")
    write("personas/p.md", "---\ntype: persona\nid: 012\nname: Pat\n---\n")
    write(
        "maps/m.md",
        "---\ntype: cjm\nid: m\ntitle: M\npersona: 012\nstages:\n  - name: A\n    id: 0x1F\n  - name: B\n---\n",
    )
    result = build("--strict")
    assert result.code == 0, result.output
    catalog = json.loads((result.site / "journeymaps.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in catalog["maps"]["m"]["stages"]] == ["31", "b"]
    assert "12" in catalog["personas"] and catalog["maps"]["m"]["personas"] == ["12"], catalog["maps"]["m"]
