"""The bad-input corpus (tests/corpus/cases.yml): exact messages, the JSON Schema's verdict, and real builds.

Every case is checked through the core pipeline (fast); then all cases together, beside good
pages, go through two real `mkdocs build`s: `--strict` fails with every message and no
traceback; without it every page is still built and nothing the author wrote is lost.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import SITE_CONFIG, mkdocs
from corpus_cases import TAXONOMY, editor_reading, load_corpus
from journeymaps.catalog.taxonomy import site_lanes
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import (
    ENTITY_TYPES,
    normalise,
    split_frontmatter,
)
from journeymaps.validation.schema import json_schema

CORPUS = load_corpus()
CASES = {case.id: case for case in CORPUS.cases}


def test_corpus_is_large_and_covers_every_class() -> None:
    assert len(CORPUS.cases) >= 40
    assert {c.check for c in CORPUS.cases} == {"yaml", "schema", "file", "catalog", "ok"}
    paths = [rel for c in CORPUS.cases for rel in c.files] + list(CORPUS.base)
    assert len(paths) == len(set(paths)), "every case uses its own file names, so all of them fit in one site"


def test_base_pages_are_valid(tmp_path: Path) -> None:
    report = build(Settings.for_folder(CORPUS.write(tmp_path), tmp_path, CORPUS.options())).catalog.report
    assert [str(d) for d in report.sorted()] == []


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_exact_messages(case_id: str, tmp_path: Path) -> None:
    case = CASES[case_id]
    docs = CORPUS.write(tmp_path, case)
    report = build(Settings.for_folder(docs, tmp_path, CORPUS.options())).catalog.report
    assert [str(d) for d in report.errors] == case.errors
    if case.warnings is not None:
        assert [str(d) for d in report.warnings] == case.warnings
    for line in case.errors + (case.warnings or []):
        assert "\n" not in line and line.startswith("content/"), line
    if case.check != "ok":
        assert case.errors, "a broken case reports at least one error"


def frontmatter(data: bytes) -> Any:
    """The document an editor's YAML language server would check against the schema: YAML 1.2, read by the corpus'
    own reading of the spec (not by the loader under test; PyYAML's 1.1 reading made `yes` true here, which hid
    every disagreement between the editor and the build about it)."""
    yaml_text, _ = split_frontmatter(normalise(data.decode("utf-8")))
    return editor_reading(yaml_text) if yaml_text is not None else None


@pytest.mark.parametrize("case_id", sorted(c.id for c in CORPUS.cases if c.check != "yaml"))
def test_schema_agrees_with_the_case_class(case_id: str, tmp_path: Path) -> None:
    """`schema` cases (and files a case lists in `schema_invalid`): the JSON Schema alone rejects the file.
    Every other file is schema-valid. The schema is the corpus site's (with its taxonomy's lanes), as it publishes."""
    case = CASES[case_id]
    lanes = {}
    if CORPUS.taxonomy is not None:
        (tmp_path / TAXONOMY).write_bytes(CORPUS.taxonomy)
        lanes = site_lanes(tmp_path / TAXONOMY)
    validator = jsonschema.Draft7Validator(json_schema(lanes), format_checker=jsonschema.FormatChecker())
    for rel, data in case.files.items():
        doc = frontmatter(data)
        if not isinstance(doc, dict) or doc.get("type") not in ENTITY_TYPES:
            assert case.check == "ok", f"{rel}: not an entity"
            continue
        errors = [e.message for e in validator.iter_errors(doc)]
        if rel in case.schema_invalid:
            assert errors, f"{rel}: the JSON Schema accepts what the loader rejects: {case.errors}"
        else:
            assert errors == [], f"{rel}: the JSON Schema rejects a file the loader reads: {errors}"


# --- a 5 MB map with 300 stages, generated -------------------------------------------------------


def big_map(stages: int = 300, target_bytes: int = 5_000_000, broken_at: int | None = None) -> str:
    filler = "Customers compare plans, read reviews 📈 and ask colleagues. " * 6
    lines = ["---", "type: cjm", "title: The very long journey", "persona: maya", "stages:"]
    for i in range(stages):
        lines += [
            f"  - name: Stage {i + 1} 階段",
            f"    emotion: {7 if i == broken_at else (i % 5) - 2}",
            f"    goal: {json.dumps(filler, ensure_ascii=False)}",
            "    actions:",
        ]
        lines += [
            f"      - {json.dumps(f'{n}. {filler}', ensure_ascii=False)}"
            for n in range(target_bytes // stages // (len(filler) + 16))
        ]
    return "\n".join([*lines, "---", "Body of the long map.", ""])


def test_five_megabyte_map_with_300_stages(tmp_path: Path) -> None:
    docs = CORPUS.write(tmp_path)
    long_map = docs / "maps" / "long.md"
    text = big_map()
    assert len(text.encode("utf-8")) >= 5_000_000
    long_map.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    handbook = build(Settings.for_folder(docs, tmp_path))
    seconds = time.perf_counter() - started
    assert [str(d) for d in handbook.catalog.report.sorted()] == []
    model = handbook.catalog.maps["long"].model
    assert model is not None and len(model.stages) == 300 and model.stages[299].name == "Stage 300 階段"
    assert seconds < 30, f"{seconds:.1f} s to load a 5 MB map"
    # an error in the last stage is reported on its line
    text = big_map(broken_at=299)
    long_map.write_text(text, encoding="utf-8")
    line = text.split("\n").index("    emotion: 7") + 1
    assert [str(d) for d in build(Settings.for_folder(docs, tmp_path)).catalog.report.errors] == [
        f"content/maps/long.md:{line}: stages[299].emotion: 7 is outside -2..2"
    ]


# --- real builds: every case at once, beside good pages -------------------------------------------


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus-site")
    CORPUS.write(root, *CORPUS.cases)
    (root / "content" / "index.md").write_text("# Home\n\nThe handbook home page.\n", encoding="utf-8")
    (root / "content" / "guide.md").write_text("# Guide\n\nAn ordinary page {{ not_a_template }}.\n", encoding="utf-8")
    config = SITE_CONFIG
    if CORPUS.taxonomy is not None:  # the lanes the cases rely on
        option = f"      taxonomy: {CORPUS.options().taxonomy}\n"
        config = config.replace("  - journeymaps:\n", "  - journeymaps:\n" + option)
    (root / "mkdocs.yml").write_text(config.lstrip(), encoding="utf-8")
    return root


def test_strict_build_fails_with_every_message_and_no_traceback(corpus_site: Path) -> None:
    proc = mkdocs(corpus_site, "--strict")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    missing = [line for c in CORPUS.cases for line in c.errors if line not in output]
    assert missing == []
    errors = sum(len(c.errors) for c in CORPUS.cases)
    assert f"Aborted with {errors} errors" in output  # each one once, and nothing else


def _page(site: Path, src: str) -> Path:
    stem = src[:-3]
    return site / ("index.html" if stem == "index" else f"{stem}/index.html")


def test_build_without_strict_keeps_every_page(corpus_site: Path) -> None:
    proc = mkdocs(corpus_site)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    site = corpus_site / "site"
    sources = [p.relative_to(corpus_site / "content").as_posix() for p in (corpus_site / "content").rglob("*.md")]
    built = 0
    for src in sources:
        page = _page(site, src)
        assert page.is_file(), f"{src} was not built"
        built += 1
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None, src
        data = (corpus_site / "content" / src).read_bytes().decode("utf-8", errors="replace")
        body = (
            split_frontmatter(normalise(data))[1].strip() if split_frontmatter(normalise(data))[0] is not None else ""
        )
        if body and "{{" not in body:
            assert body.split("\n")[-1] in article.get_text(), f"{src}: its text is lost"
        errors = [
            line for c in CORPUS.cases for line in c.errors if line.startswith((f"content/{src}:", f"content/{src} "))
        ]
        box = article.select_one(".jm-errors")
        for line in errors:
            assert box is not None and line in box.get_text(), f"{src}: the page does not show {line!r}"
    assert built == len(sources) >= 90
    # the good pages are whole: the persona lists its maps, the map its grid, the cem its stages
    maya = BeautifulSoup(_page(site, "personas/maya.md").read_text(encoding="utf-8"), "html.parser")
    assert maya.select_one(".jm-errors") is None and "Maya runs a one-person studio." in maya.get_text()
    assert "Account opening" in maya.select_one("article").get_text()
    opening = BeautifulSoup(_page(site, "maps/opening.md").read_text(encoding="utf-8"), "html.parser")
    assert [th.get_text(" ", strip=True) for th in opening.select("table.jm-grid thead th")][1:] == [
        "1 Sign up",
        "2 Verify identity",
    ]
    # a page whose id another file already has shows its error, never the other file's content
    renewal = BeautifulSoup(_page(site, "maps/renewal.md").read_text(encoding="utf-8"), "html.parser").select_one(
        "article"
    )
    assert renewal.select_one(".jm-errors") is not None and "Old renewal" not in renewal.get_text()
    assert renewal.select_one("table.jm-grid") is None
    layla = BeautifulSoup(_page(site, "personas/layla.md").read_text(encoding="utf-8"), "html.parser")
    assert layla.select_one("article h1").get_text(strip=True) == "ليلى حسن 🧕"  # RTL, emoji, CJK: intact
    assert "顧客体験を改善する" in layla.get_text() and "נכתב בעברית. 日本語の本文。 🎉" in layla.get_text()
    unicode_map = BeautifulSoup(_page(site, "maps/unicode-map.md").read_text(encoding="utf-8"), "html.parser")
    stages = [th.get_text(" ", strip=True) for th in unicode_map.select("table.jm-grid thead th")][1:]
    assert stages == ["1 التسجيل 📝", "2 確認", "3 Étape finale ✨"]
    assert "メールが届かない 😡" in unicode_map.select_one("table.jm-grid").get_text()
    guide = _page(site, "guide.md").read_text(encoding="utf-8")
    assert "{{ not_a_template }}" in guide  # template syntax in a page is text, not evaluated
    catalog = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    assert {"maya", "raj", "layla"} <= set(catalog["personas"])
    assert len([d for d in catalog["diagnostics"] if d["severity"] == "error"]) >= 80


def test_cli_validate_reports_every_case(corpus_site: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "validate", "content"],
        cwd=corpus_site,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    printed = proc.stdout.splitlines()
    expected = sorted(f"ERROR: {line}" for c in CORPUS.cases for line in c.errors)
    assert sorted(line for line in printed if line.startswith("ERROR: ")) == expected
