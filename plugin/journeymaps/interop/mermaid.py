"""Mermaid ``journey`` diagrams: a map as Mermaid text, and Mermaid text back to a map.

The mapping (both ways):

- ``title`` is the map's title; each ``section`` is a stage, each task an action;
- a task's score is the stage's emotion moved from -2..2 to Mermaid's 1..5
  (``score = emotion + 3``); its actors are the map's personas (by name);
- in a cem where personas feel differently, an action is written once per
  score, each with the personas that feel that way, so nothing is lost;
- a stage without actions gets one task named like the stage (read back as
  "no actions"); a stage without an emotion is scored 3 with a
  ``%% no emotion`` comment (read back as "no emotion").

Mermaid's journey syntax reserves ``:``, ``;``, ``#`` and line breaks inside
names, and a name starting with ``title`` or ``section`` would be read as a
keyword. The export writes look-alike characters instead (``꞉`` ``;`` ``＃``)
and a word joiner before such a leading keyword; the import turns them back.

Pure functions only: no files, no HTML (see :mod:`journeymaps.interop.mermaid_maps` for
the command-line side).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

# Reserved character -> look-alike written in Mermaid text.
LOOKALIKES = {":": "\ua789", ";": "\u037e", "#": "\uff03"}
_BACK = {v: k for k, v in LOOKALIKES.items()}
WORD_JOINER = "\u2060"
_KEYWORD_START = re.compile(r"^(title|section|journey|acc(title|descr)|%%)", re.I)
NO_EMOTION = "%% no emotion recorded for this stage (3 = neutral placeholder)"
NEUTRAL = 3


@dataclass(frozen=True)
class Section:
    """One stage as Mermaid sees it: its actions, and each actor's emotion (-2..2, None: not recorded)."""

    name: str
    actions: tuple[str, ...]
    emotions: dict[str, float | None]


@dataclass
class Export:
    text: str
    notes: list[str] = field(default_factory=list)
    """Texts that had to change to fit Mermaid's syntax (one line each)."""


def safe_text(text: str, what: str, notes: list[str]) -> str:
    """Text Mermaid's journey parser reads as plain text; what changed goes to ``notes``."""
    out = " ".join(str(text).split())  # line breaks and runs of spaces: one space
    changed = out != str(text).strip()
    for char, lookalike in LOOKALIKES.items():
        if char in out:
            out, changed = out.replace(char, lookalike), True
    if _KEYWORD_START.match(out):
        out, changed = WORD_JOINER + out, True
    if changed:
        notes.append(
            f"{what} '{' '.join(str(text).split())}': written with look-alike characters or on one line for Mermaid"
        )
    return out


def restore_text(text: str) -> str:
    """The inverse of :func:`safe_text` (look-alikes back to ``:`` ``;`` ``#``; no word joiner)."""
    return "".join(_BACK.get(c, c) for c in text).replace(WORD_JOINER, "").strip()


def score_of(emotion: float) -> str:
    value = emotion + NEUTRAL
    return f"{value:g}"


def journey_text(title: str, sections: Sequence[Section]) -> Export:
    """The Mermaid ``journey`` text of a map."""
    notes: list[str] = []
    lines = ["journey", f"    title {safe_text(title, 'title', notes)}"]
    for sec in sections:
        name = safe_text(sec.name, "stage", notes)
        lines.append(f"    section {name}")
        actors = list(sec.emotions)
        recorded = {a: v for a, v in sec.emotions.items() if v is not None}
        tasks = [safe_text(a, "action", notes) for a in sec.actions] or [name]
        if not recorded:
            lines.append(f"      {NO_EMOTION}")
            groups: dict[str, list[str]] = {str(NEUTRAL): actors}
        else:
            groups = OrderedDict()
            for actor, value in recorded.items():
                groups.setdefault(score_of(value), []).append(actor)
        for task in tasks:
            for score, who in groups.items():
                names = ", ".join(safe_text(a, "persona", notes).replace(",", " ") for a in who)
                lines.append(f"      {task}: {score}" + (f": {names}" if names else ""))
    return Export("\n".join(lines) + "\n", sorted(set(notes), key=notes.index))


# -- reading Mermaid -----------------------------------------------------------------------------


@dataclass
class Task:
    name: str
    score: float | None
    actors: tuple[str, ...]
    line: int


@dataclass
class ParsedSection:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)
    no_emotion: bool = False


@dataclass
class Journey:
    title: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(line, what was lost or changed), for the author."""

    @property
    def actors(self) -> list[str]:
        seen: dict[str, None] = {}
        for sec in self.sections:
            for task in sec.tasks:
                for actor in task.actors:
                    seen.setdefault(actor, None)
        return list(seen)


class MermaidError(Exception):
    """The text is not a Mermaid journey: (line, message)."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


_TASK = re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<score>[^:]*?)\s*(?::\s*(?P<actors>.*))?$")


_FENCE = re.compile(r"^(```|~~~)\s*mermaid\s*$", re.I)
_CONFIG = re.compile(r"\A\s*---\n.*?\n---[ \t]*\n", re.S)


def _diagram_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the diagram: the first ```mermaid block of a Markdown file, else the whole text;
    a Mermaid config frontmatter (--- ... ---) is skipped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = list(enumerate(lines, start=1))
    start = next((i for i, line in numbered if _FENCE.match(line.strip())), None)
    if start is not None:
        numbered = [(i, line) for i, line in numbered[start:]]
        end = next((k for k, (_, line) in enumerate(numbered) if line.strip() in ("```", "~~~")), len(numbered))
        numbered = numbered[:end]
    body = "\n".join(line for _, line in numbered)
    config = _CONFIG.match(body)
    if config:
        numbered = numbered[config.group(0).count("\n") :]
    return numbered


def parse_journey(text: str) -> Journey:
    """Read a Mermaid ``journey`` (as in Mermaid's documentation). Raises MermaidError when it is not one."""
    journey = Journey()
    started = False
    current: ParsedSection | None = None
    for number, raw in _diagram_lines(text):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%%"):
            if current is not None and line.startswith(NO_EMOTION[:25]):
                current.no_emotion = True
            continue
        if not started:
            if line.split()[0].lower() != "journey":
                raise MermaidError(
                    number,
                    f"expected the first line to be `journey`, found '{line[:40]}' "
                    "(only Mermaid journey diagrams can be imported)",
                )
            started = True
            continue
        keyword = line.split(None, 1)[0].lower()
        rest = line.split(None, 1)[1] if " " in line else ""
        if keyword == "title":
            journey.title = restore_text(rest)
        elif keyword == "section":
            current = ParsedSection(restore_text(rest), number)
            journey.sections.append(current)
        elif keyword.startswith(("acctitle", "accdescr")):
            journey.notes.append((number, "accessibility title/description is not kept (write it in the page body)"))
        else:
            match = _TASK.match(line)
            if match is None:
                journey.notes.append((number, f"'{line[:40]}' is not a task (name: score: actors); skipped"))
                continue
            if current is None:
                current = ParsedSection(journey.title or "Journey", number)
                journey.sections.append(current)
                journey.notes.append((number, f"tasks before the first section went into a stage '{current.name}'"))
            score_text = match.group("score")
            try:
                score: float | None = float(score_text)
            except ValueError:
                score = None
                journey.notes.append((number, f"score '{score_text}' is not a number; this task has no emotion"))
            if score is not None and not 1 <= score <= 5:
                clamped = min(5.0, max(1.0, score))
                journey.notes.append((number, f"score {score:g} is outside Mermaid's 1..5; read as {clamped:g}"))
                score = clamped
            actors = tuple(restore_text(a) for a in (match.group("actors") or "").split(",") if restore_text(a))
            current.tasks.append(Task(restore_text(match.group("name")), score, actors, number))
    if not started:
        raise MermaidError(None, "no `journey` diagram found (the text is empty)")
    if not journey.sections:
        raise MermaidError(None, "the journey has no sections or tasks, so there are no stages to import")
    return journey


def _mean(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return round(mean, 2) if mean != int(mean) else float(int(mean))


def _emotion(scores: list[float]) -> float | int:
    value = _mean(scores) - NEUTRAL
    return int(value) if value == int(value) else round(value, 2)


@dataclass(frozen=True)
class ImportedStage:
    name: str
    actions: tuple[str, ...]
    emotion: float | int | dict[str, float | int] | None


def stages_of(
    journey: Journey, personas: dict[str, str], kind: str
) -> tuple[list[ImportedStage], list[tuple[int, str]]]:
    """Stages from the sections. ``personas`` maps each actor to a persona id. A cjm gets one emotion per stage
    (the mean of its task scores); a cem one per persona when they differ. Returns (stages, notes)."""
    notes: list[tuple[int, str]] = []
    out = []
    for sec in journey.sections:
        names = list(dict.fromkeys(t.name for t in sec.tasks))
        actions = tuple(n for n in names if names != [sec.name])
        scored = [t for t in sec.tasks if t.score is not None]
        emotion: float | int | dict[str, float | int] | None = None
        if sec.no_emotion or not scored:
            emotion = None
        elif kind == "cjm":
            scores = [t.score for t in scored if t.score is not None]
            emotion = _emotion(scores)
            if len(set(scores)) > 1:
                notes.append(
                    (
                        sec.line,
                        f"section '{sec.name}': tasks scored {', '.join(f'{s:g}' for s in scores)}; "
                        f"the stage's emotion is their mean, {emotion:g} (-2..2)",
                    )
                )
        else:
            per: dict[str, list[float]] = {}
            for task in scored:
                for actor in task.actors or tuple(personas):
                    per.setdefault(personas.get(actor, actor), []).append(task.score)  # type: ignore[arg-type]
            values = {pid: _emotion(scores) for pid, scores in per.items()}
            for pid, scores in per.items():
                if len(set(scores)) > 1:
                    notes.append(
                        (
                            sec.line,
                            f"section '{sec.name}': {pid}'s tasks scored "
                            f"{', '.join(f'{s:g}' for s in scores)}; their mean is {values[pid]:g} (-2..2)",
                        )
                    )
            distinct = set(values.values())
            emotion = distinct.pop() if len(distinct) == 1 and set(values) == set(personas.values()) else values
        out.append(ImportedStage(sec.name, actions, emotion))
    return out, notes


def map_frontmatter(
    journey: Journey, kind: str, actor_ids: dict[str, str], persona: str | None = None
) -> tuple[dict[str, object], list[tuple[int, str]]]:
    """The frontmatter of a cjm (or cem) from a journey; ``actor_ids`` maps each actor to a persona id,
    ``persona`` (cjm) overrides the actors. Returns (data, notes on what was lost or guessed)."""
    notes = list(journey.notes)
    actors = journey.actors
    if kind == "cjm":
        if persona:
            chosen = persona
            if actors and [actor_ids.get(a, a) for a in actors] != [persona]:
                notes.append((0, f"actors {', '.join(actors)} -> persona '{persona}' (--persona)"))
        elif actors:
            chosen = actor_ids.get(actors[0], actors[0])
            if len(actors) > 1:
                notes.append(
                    (
                        0,
                        f"{len(actors)} actors ({', '.join(actors)}) but a cjm has one persona: '{chosen}' "
                        "(use --persona to choose, or --type cem to keep them all)",
                    )
                )
        else:
            raise MermaidError(None, "the journey names no actors; give the persona with --persona ID")
        mapping = dict.fromkeys(actors, chosen) or {chosen: chosen}
    else:
        if not actors:
            raise MermaidError(
                None, "the journey names no actors, and a cem needs its personas: add actors to the tasks"
            )
        mapping = {a: actor_ids.get(a, a) for a in actors}
    stages, stage_notes = stages_of(journey, mapping, kind)
    notes += stage_notes
    title = journey.title or (journey.sections[0].name if journey.sections else "Imported journey")
    if not journey.title:
        notes.append((0, f"the journey has no title; using '{title}'"))
    data: dict[str, object] = {"type": kind, "title": title, "state": "current"}
    if kind == "cjm":
        data["persona"] = mapping[next(iter(mapping))]
    else:
        data["personas"] = list(dict.fromkeys(mapping.values()))
    data["evidence"] = [{"type": "assumption", "note": "Imported from a Mermaid journey; add the research behind it"}]
    data["stages"] = [
        {
            "name": st.name,
            **({"actions": list(st.actions)} if st.actions else {}),
            **({"emotion": st.emotion} if st.emotion is not None else {}),
        }
        for st in stages
    ]
    return data, notes
