"""Real journey diagrams (tests/mermaid_corpus/, sources in its README) imported with ``journeymaps import mermaid``.

Mermaid itself (the pinned npm package in chromium) reads each file first: what its journey database holds
(sections, tasks, scores, actors) and the title it draws are the expected values. The map the command writes
(run in-process: its start-up would double the test's time) must have that title, one stage per section (in
order, a repeated name included), the section's tasks as actions, a persona per actor and the emotions the
scores give; and the handbook must validate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeymaps.cli import main
from journeymaps.pipeline import build
from journeymaps.settings import Settings
from journeymaps.sources.frontmatter import load_text
from journeymaps.validation.ids import is_valid_id, slugify
from mermaid_corpus.oracle import Mermaid, Read, mermaid_or_skip

CORPUS = Path(__file__).resolve().parent / "mermaid_corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".mmd", ".md") and p.name != "README.md")


@pytest.fixture(scope="module")
def mermaid() -> Iterator[Mermaid]:
    with mermaid_or_skip() as oracle:
        yield oracle


def diagram_of(text: str) -> str:
    """What Mermaid is given: the first ```mermaid block of a Markdown file, else the whole file."""
    block = re.search(r"^```mermaid\n(.*?)^```", text, re.M | re.S)
    return block.group(1) if block else text


def sections_of(read: Read) -> list[tuple[str, list[dict[str, Any]]]]:
    """Mermaid's sections in order, each with its tasks (tasks before any section: a section named '')."""
    groups: list[tuple[str, list[dict[str, Any]]]] = [("", []), *((name, []) for name in read.sections)]
    at = 0
    for task in read.tasks:
        while groups[at][0] != task["section"]:  # sections without tasks are passed by
            at += 1
        groups[at][1].append(task)
    return groups if groups[0][1] else groups[1:]


def _score(task: dict[str, Any]) -> float | None:
    """The score as the import reads it: none when Mermaid has no number, else clamped to 1..5."""
    score = task["score"]
    if score is None or not math.isfinite(score):
        return None
    return min(5.0, max(1.0, float(score)))


def _emotion(scores: list[float]) -> float:
    return round(sum(scores) / len(scores) - 3, 2)


def test_the_corpus_has_twenty_diagrams_each_with_its_source() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert len(FILES) >= 20
    assert all(f"| {path.name} |" in readme for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_import_has_mermaids_title_sections_and_tasks(
    mermaid: Mermaid, project: Path, path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = path.read_bytes().decode("utf-8")
    read = mermaid.read(diagram_of(raw))
    assert read.error is None, f"Mermaid {mermaid.version} refuses {path.name}: {read.error}"
    title = (read.drawn.title if read.drawn is not None and not read.drawn.error else read.title).strip()
    sections = sections_of(read)
    actors = list(dict.fromkeys(p.strip() for t in read.tasks for p in t["people"] if p.strip()))

    (project / "mkdocs.yml").write_text("site_name: Corpus\ndocs_dir: content\n", encoding="utf-8")
    (project / path.name).write_bytes(path.read_bytes())
    kind = ["--type", "cem"] if actors else ["--type", "cjm", "--persona", "visitor"]
    monkeypatch.chdir(project)  # the command in-process, as `journeymaps` runs it (test_mermaid_oracle runs it as one)
    code = main(["import", "mermaid", path.name, *kind, "--id", "imported"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() == "content/maps/imported.md"
    data = load_text((project / "content/maps/imported.md").read_text(encoding="utf-8"), "m", "m").data
    assert data is not None

    # the title Mermaid draws (without one: the first section's name, and a note saying so)
    assert data["title"] == (title or sections[0][0].strip() or "Journey")
    if not title:
        assert f"{path.name}: the journey has no title; using '{data['title']}'" in err
    # a stage per section, in order, with the section's tasks as actions
    assert [s["name"] for s in data["stages"]] == [name.strip() or title or "Journey" for name, _ in sections]
    assert [s.get("actions", []) for s in data["stages"]] == [
        list(dict.fromkeys(t["task"].strip() for t in tasks)) for _, tasks in sections
    ]
    # a persona per actor, each with a valid id (made up, with a note, for names without Latin letters)
    personas = data.get("personas") or [data["persona"]]
    assert len(personas) == max(1, len(actors)) and all(is_valid_id(p) for p in personas)
    for actor in actors:
        if not slugify(actor):
            assert f"actor '{actor}' has no Latin letters or digits: persona id" in err
    # emotions: the mean of each persona's scores (a task without actors counts for all), moved to -2..2
    who = dict(zip(actors, personas, strict=True)) if actors else {}
    for stage, (_, tasks) in zip(data["stages"], sections, strict=True):
        per: dict[str, list[float]] = {}
        for task in tasks:
            score = _score(task)
            if score is not None:
                for pid in [who[p.strip()] for p in task["people"] if p.strip()] or personas:
                    per.setdefault(pid, []).append(score)
        got = stage.get("emotion")
        got = got if isinstance(got, dict) or got is None else dict.fromkeys(personas, got)
        assert got == ({pid: _emotion(scores) for pid, scores in per.items()} or None), stage["name"]

    # the handbook with the imported map (and its personas, named as the actors) validates
    (project / "content/personas").mkdir()
    for pid, name in ({pid: actor for actor, pid in who.items()} or {"visitor": "Visitor"}).items():
        meta = yaml.safe_dump({"type": "persona", "name": name}, allow_unicode=True)
        (project / f"content/personas/{pid}.md").write_text(f"---\n{meta}---\n", encoding="utf-8")
    report = build(Settings.for_folder(project / "content", project)).catalog.report
    assert [str(d) for d in report.errors] == []
