"""One core: every output says a number the same way, every entry point reads the same handbook the same way.

- The priority of an opportunity and the word for an emotion value are the same on the map page, the
  opportunities page, the touchpoint page, the curve's text, `journeymaps.json`, the CSV and the PDF.
- `journeymaps validate`, `lint`, `diff`, `export csv` and `mkdocs build` report the same diagnostics for
  the same tree (the bad-input corpus).
- One place for every default; `enabled: false`; the parse cache is keyed on the code that fills it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BuildResult, Writer, mkdocs
from corpus_cases import load_corpus
from journeymaps import Options, Settings, build
from journeymaps.vocabulary import emotion_level, emotion_word, priority, signed

PDF_CONFIG = """
site_name: Core handbook
docs_dir: content
theme: {name: material}
plugins:
  - journeymaps:
      pdf: true
      pdf_handbook: false
"""


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args], cwd=project, capture_output=True, text=True, check=False
    )


def _handbook(write: Writer) -> None:
    write("personas/maya.md", "---\ntype: persona\nname: Maya Chen\n---\n")
    write("personas/raj.md", "---\ntype: persona\nname: Raj Patel\n---\n")
    write(
        "maps/lifecycle.md",
        """
        ---
        type: cem
        title: Lifecycle
        personas: [maya, raj]
        stages:
          - {name: Discover, id: discover, emotion: {maya: 1, raj: 0}}
          - {name: Open, id: open, emotion: {maya: -1, raj: 0}, moment_of_truth: true}
        ---
        """,
    )
    write(
        "maps/opening.md",
        """
        ---
        type: cjm
        title: Account opening
        persona: maya
        stages:
          - name: Sign up
            emotion: 0.5
            touchpoints: [{name: Signup form, channel: web}]
            opportunities:
              - {title: Magic link, impact: 4, effort: 2}
              - {title: Save as you type, impact: 5, effort: 1}
          - name: Verify identity
            emotion: -0.5
            touchpoints: [signup-form]
            opportunities: [{title: Book a video slot, impact: 3, effort: 4, owner: Onboarding}]
        ---
        Body.
        """,
    )


EXPECTED = {"Magic link": priority(4, 2), "Save as you type": priority(5, 1), "Book a video slot": priority(3, 4)}


def test_priority_and_emotion_words_agree_on_every_output(
    project: Path, write: Writer, build: Callable[..., BuildResult]
) -> None:
    _handbook(write)
    assert EXPECTED == {"Magic link": 16, "Save as you type": 25, "Book a video slot": 6}
    result = build(config=PDF_CONFIG)
    assert result.code == 0, result.output

    # the map page's grid
    grid = {
        li.contents[0].strip(): li.select_one(".jm-score").get_text(" ", strip=True)
        for li in result.html("maps/opening/index.html").select(".jm-opps li")
    }
    assert {title: int(re.search(r"priority (\d+)", score).group(1)) for title, score in grid.items()} == EXPECTED
    # the opportunities page: rank by the same number
    rows = result.html("opportunities/index.html").select("table.jm-opportunities tbody tr")
    ranked = {
        r.select_one(".jm-opp-title").get_text(strip=True): int(r.select("td")[4].get_text(strip=True)) for r in rows
    }
    assert ranked == EXPECTED
    assert list(ranked) == sorted(EXPECTED, key=lambda t: -EXPECTED[t])
    # journeymaps.json
    catalog = json.loads((result.site / "journeymaps.json").read_text(encoding="utf-8"))
    stages = catalog["maps"]["opening"]["stages"]
    assert {op["title"]: op["priority"] for s in stages for op in s["opportunities"]} == EXPECTED
    # the CSV export
    proc = cli(project, "export", "csv", "--out", "sheets")
    assert proc.returncode == 0, proc.stderr
    with (project / "sheets" / "opportunities.csv").open(encoding="utf-8-sig", newline="") as fh:
        sheet = {row["title"]: int(row["priority"]) for row in csv.DictReader(fh)}
    assert sheet == EXPECTED
    # the map's PDF
    text = subprocess.run(
        ["pdftotext", "-layout", str(result.site / "pdf" / "opening.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert sorted(int(n) for n in re.findall(r"priority (\d+)", text)) == sorted(EXPECTED.values())

    # emotion words: 0.5 and -0.5 round away from zero, on every page that says them, and in the JSON
    said: list[tuple[float, str]] = []
    page = result.html("maps/opening/index.html")
    for cell in page.select(".jm-emotion-cell table td"):  # the grid's text equivalent: "+0.5 (positive)"
        value, word = re.fullmatch(r"([+-]?[\d.]+) \((.+)\)", cell.get_text(strip=True)).groups()
        said.append((float(value), word))
    desc = page.select_one("svg.jm-curve desc").get_text()  # the curve's text equivalent
    said += [(float(v), w) for v, w in re.findall(r" ([+-]?[\d.]+) \(([a-z ]+?)[,)]", desc)]
    tp_page = result.html("touchpoints/signup-form/index.html")  # where a touchpoint appears, with the emotion
    for span in tp_page.select(".jm-emotion"):
        value, word = span.get_text(" ", strip=True).split(" ", 1)
        said.append((float(value), word))
        assert f"jm-emotion-{emotion_level(float(value))}" in span["class"]  # its colour class: the same level
    for entry in (catalog["maps"]["opening"], catalog["maps"]["lifecycle"]):
        said += [(s["emotion"], s["emotion_word"]) for s in entry["stages"]]
    assert (0.5, "positive") in said and (-0.5, "negative") in said
    assert len(said) >= 10
    assert all(word == emotion_word(value) for value, word in said), said
    # the CEM's stage means (1 and 0 for Discover) say the same word as any other 0.5
    assert [(s["emotion"], s["emotion_word"]) for s in catalog["maps"]["lifecycle"]["stages"]] == [
        (0.5, "positive"),
        (-0.5, "negative"),
    ]


def _log_lines(output: str) -> list[str]:
    """The handbook's own messages in a build log: `ERROR    -  content/...` / `WARNING  -  content/...`."""
    out = []
    for line in output.splitlines():
        match = re.match(r"^(ERROR|WARNING)\s+-\s+(content/.*)$", line)
        if match:
            out.append(f"{match.group(1)}: {match.group(2)}")
    return out


def test_cli_and_build_report_the_same_diagnostics_on_the_corpus(tmp_path: Path) -> None:
    corpus = load_corpus()
    corpus.write(tmp_path, *corpus.cases)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Corpus\ndocs_dir: content\ntheme: {name: material}\nplugins:\n"
        "  - journeymaps: {pdf: false, review_every: 30}\n",
        encoding="utf-8",
    )
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "empty"], cwd=tmp_path, check=True)

    validate = cli(tmp_path, "validate")
    assert validate.returncode == 1
    lines = validate.stdout.splitlines()
    assert len(lines) > 90 and all(line.startswith(("ERROR: content/", "WARNING: content/")) for line in lines)

    site = mkdocs(tmp_path)
    assert site.returncode == 0, site.stdout + site.stderr
    assert _log_lines(site.stderr) == lines  # the same lines, in the same order

    errors = [line.removeprefix("ERROR: ") for line in lines if line.startswith("ERROR: ")]
    diff = cli(tmp_path, "diff", "HEAD", "--format", "json")
    assert diff.returncode == 0, diff.stderr
    assert [p["message"] for p in json.loads(diff.stdout)["invalid"]] == errors

    export = cli(tmp_path, "export", "csv", "--out", "sheets")
    assert export.returncode == 1, export.stderr  # maps were left out: CI must not take a partial export for a whole
    skipped = re.findall(r"journeymaps export: (content/\S+): not exported", export.stderr)
    catalog = json.loads((tmp_path / "site" / "journeymaps.json").read_text(encoding="utf-8"))
    broken_maps = sorted(entry["source"] for entry in catalog["maps"].values() if entry["data"] is None)
    assert skipped == broken_maps and skipped

    lint = cli(tmp_path, "lint")
    findings = [line for line in lint.stdout.splitlines() if line]
    health = BeautifulSoup((tmp_path / "site" / "health" / "index.html").read_text(encoding="utf-8"), "html.parser")
    on_page = []
    for item in health.select("li.jm-finding"):
        message = item.select_one("strong").get_text()
        where = item.select("code")[-1].get_text()
        field = item.select("code")[-2].get_text()
        on_page.append(f"{where}: {field}: {message}")
    # the page sets `code` in a message as inline code; the terminal keeps the backticks. The page lists a
    # touchpoint without an owner under each map that uses it; lint says it once (the line is the touchpoint's)
    assert sorted(re.sub(r" \[[a-z-]+\]$", "", f).replace("`", "") for f in findings) == sorted(set(on_page))
    assert len(findings) == len(set(findings))
    assert any("review overdue" in f or "never reviewed" in f for f in findings)


def test_every_default_is_written_once() -> None:
    from journeymaps.mkdocs_adapter.config import JourneymapsConfig

    config = JourneymapsConfig()
    config.load_dict({})
    errors, _ = config.validate()
    assert errors == []
    assert Options.from_mapping(dict(config)) == Options()


def test_enabled_false_builds_the_site_without_the_plugin(
    project: Path, write: Writer, build: Callable[..., BuildResult]
) -> None:
    _handbook(write)
    write("maps/broken.md", "---\ntype: cjm\ntitle: Broken\npersona: nobody\nstages: [{name: A}]\n---\n")
    config = "site_name: T\ndocs_dir: content\ntheme: {name: material}\nplugins:\n  - journeymaps: {enabled: false}\n"
    result = build("--strict", config=config)
    assert result.code == 0, result.output
    page = result.html("maps/opening/index.html")
    assert page.select_one(".jm-grid") is None and "Body." in page.get_text()
    assert not (result.site / "journeymaps.json").exists() and not (result.site / "opportunities").exists()
    assert page.select_one('link[href$="journeymaps.css"]') is None
    on = build("--strict", config=config.replace("enabled: false", "enabled: true, pdf: false"))
    assert on.code == 1 and "persona 'nobody' does not exist" in on.output  # the same site with it: checked


def test_parse_cache_is_keyed_on_the_code_that_parses(tmp_path: Path) -> None:
    """A change to the loader's code is never answered from a cache the old code wrote."""
    import journeymaps

    package = Path(journeymaps.__file__).resolve().parent
    copy = tmp_path / "code" / "journeymaps"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    docs = tmp_path / "content"
    (docs / "personas").mkdir(parents=True)
    (docs / "personas" / "maya.md").write_text("---\ntype: persona\nname: Maya\n---\n", encoding="utf-8")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from journeymaps import Pipeline, Settings
        settings = Settings.make(Path(sys.argv[1]), Path("content"))
        print(Pipeline(settings, cache=True).build().parsed)
        """
    )

    def parsed() -> int:
        env = {**os.environ, "PYTHONPATH": str(copy.parent)}
        proc = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env, check=True
        )
        return int(proc.stdout)

    assert parsed() == 1  # cold
    assert parsed() == 0  # from the disk cache
    loader = copy / "sources" / "frontmatter.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# a change to the loader\n", encoding="utf-8")
    assert parsed() == 1  # the new code parses again
    assert parsed() == 0
    assert sorted(p.name for p in (tmp_path / ".cache" / "journeymaps").iterdir()) == ["pages.marshal"]


@pytest.mark.parametrize("value", [0.5, -0.5, 1.5, -1.5, 0.49, 0.44, -0.46, 2.5, -3])
def test_one_rounding_rule(value: float) -> None:
    """Half away from zero, clamped, of the number shown (one decimal: 0.49 is shown +0.5, so it is positive): the
    rule the curve, the grid and the JSON share."""
    shown = float(signed(value))
    level = max(-2, min(2, int(abs(shown) + 0.5) * (1 if shown >= 0 else -1)))
    assert (
        emotion_word(value)
        == {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}[level]
    )


def test_build_is_the_public_entry(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    (docs / "maps").mkdir(parents=True)
    (docs / "maps" / "x.md").write_text("---\ntype: cjm\ntitle: X\npersona: ghost\nstages: [{name: A}]\n---\n")
    handbook = build(Settings.for_folder(docs, tmp_path))
    assert [str(d) for d in handbook.report.errors] == ["content/maps/x.md:4: persona: persona 'ghost' does not exist"]
