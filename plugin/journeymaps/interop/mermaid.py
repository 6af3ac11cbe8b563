"""Mermaid ``journey`` diagrams: a map as Mermaid text, and Mermaid text back to a map.

The mapping (both ways):

- ``title`` is the map's title; each ``section`` is a stage, each task an action;
- a task's score is the stage's emotion moved from -2..2 to Mermaid's 1..5
  (``score = emotion + 3``); its actors are the map's personas (by name);
- in a cem where personas feel differently, an action is written once per
  score, each with the personas that feel that way, so nothing is lost;
- a stage without actions gets one task named like the stage and a
  ``%% no actions`` comment (read back as "no actions"); a stage without an
  emotion is scored 3 with a ``%% no emotion`` comment (read back as "no emotion").

Mermaid's journey lexer reserves ``:``, ``;``, ``#`` and line breaks inside names; it reads a
task starting with ``%`` (or whose second and third characters are ``%%``) as a comment, takes
``%%{...}%%`` anywhere as a directive, reads a name starting with ``title``, ``section`` or
``journey`` as a keyword, splits actors at ``,``, escapes ``&``, ``<`` and ``>`` in the title
(drawing ``&amp;``) and drops HTML tags from it, and breaks an actor's name at ``<br>``. The
export writes look-alike characters instead (``꞉`` ``;`` ``＃``; ``﹠`` ``˂`` ``˃`` in the title
and actors, ``‚`` in actors) and a word joiner (U+2060, invisible) before a leading keyword or
``%`` and between two ``%``; the import turns them back, so a round trip gives the same text
(a name that already holds one of the look-alikes or a word joiner comes back with the plain
character). Mermaid draws at most 50,000 characters by default (its ``maxTextSize``): a longer
export says so in its notes.

The import reads what Mermaid reads (its 11.x journey grammar, checked against Mermaid itself in
tests/test_mermaid_oracle.py): a UTF-8 BOM, a (possibly indented) ``---`` frontmatter whose
``title:`` is the default title, ``%%{...}%%`` directives and ``%%`` comments anywhere, ``#`` to the
end of a line as a comment, and ``accTitle``/``accDescr`` (also the ``accDescr { ... }`` block),
which are not kept.

Pure functions only: no files, no HTML (see :mod:`journeymaps.interop.mermaid_maps` for
the command-line side).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import yaml

from journeymaps.i18n import N_, _
from journeymaps.interop.said import count

Kind = Literal["text", "title", "actor"]
# Reserved character -> look-alike written in Mermaid text: everywhere, and only in a title or an actor.
LOOKALIKES = {":": "\ua789", ";": "\u037e", "#": "\uff03"}
TITLE_LOOKALIKES = {"&": "\ufe60", "<": "\u02c2", ">": "\u02c3"}
ACTOR_LOOKALIKES = {",": "\u201a", **TITLE_LOOKALIKES}  # the legend reads <br> as a line break
_EXTRA: dict[Kind, dict[str, str]] = {"text": {}, "title": TITLE_LOOKALIKES, "actor": ACTOR_LOOKALIKES}
WORD_JOINER = "\u2060"
_KEYWORD_START = re.compile(r"^(title|section|journey|acc(title|descr)|%)", re.I)
_PERCENT_PAIR = re.compile(r"%(?=%)")  # `%%` anywhere may open a comment or a directive
_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")  # what ends a line for Mermaid
NO_EMOTION = "%% no emotion recorded for this stage (3 = neutral placeholder)"
NO_ACTIONS = "%% no actions recorded for this stage (the task is named like the stage)"
FLATTENED = "%% alternative paths left out (a Mermaid journey has one path; these tasks are the main path):"
NEUTRAL = 3
MAX_TEXT_SIZE = 50_000  # Mermaid's default maxTextSize, in UTF-16 code units of the text after comments go


@dataclass(frozen=True)
class Section:
    """One stage as Mermaid sees it: its actions, and each actor's emotion (-2..2, None: not recorded)."""

    name: str
    actions: tuple[str, ...]
    emotions: dict[str, float | None]
    paths: tuple[str, ...] = ()
    """The stage's alternative paths (name and share), which a Mermaid journey cannot draw: a comment says so."""


@dataclass
class Export:
    text: str
    notes: list[str] = field(default_factory=list)
    """Texts that had to change to fit Mermaid's syntax, and a text too long for Mermaid (one line each)."""
    too_long: bool = False
    """Longer than Mermaid draws by default (:data:`MAX_TEXT_SIZE`); the last note says so."""
    flattened: list[str] = field(default_factory=list)
    """Per stage with alternative paths, what was left out (one line each): a Mermaid journey has one path, the
    export shows each stage's main path and a ``%%`` comment names the others."""


# what a text is, as a note about it says it (translated there)
WHAT = (N_("title"), N_("stage"), N_("path"), N_("action"), N_("persona"))


def safe_text(text: str, what: str, notes: list[str], kind: Kind = "text") -> str:
    """Text Mermaid's journey parser reads as plain text; what changed goes to ``notes`` (``what``: one of
    :data:`WHAT`)."""
    original = str(text).strip()
    out = _LINE_BREAK.sub(" ", original)
    broken = out != original
    for char, lookalike in {**LOOKALIKES, **_EXTRA[kind]}.items():
        out = out.replace(char, lookalike)
    out = _PERCENT_PAIR.sub("%" + WORD_JOINER, out)
    if _KEYWORD_START.match(out):
        out = WORD_JOINER + out
    if out != original:
        values = {"what": _(what), "text": " ".join(original.split())}
        notes.append(
            _(
                "%(what)s '%(text)s': written on one line and with look-alike characters or invisible word joiners "
                "for Mermaid (import turns them back)",
                **values,
            )
            if broken
            else _(
                "%(what)s '%(text)s': written with look-alike characters or invisible word joiners for Mermaid "
                "(import turns them back)",
                **values,
            )
        )
    return out


def restore_text(text: str, kind: Kind = "text") -> str:
    """The inverse of :func:`safe_text` (look-alikes back to ``:`` ``;`` ``#`` and, by kind, ``&<>`` or ``,``;
    no word joiners)."""
    back = {v: k for k, v in {**LOOKALIKES, **_EXTRA[kind]}.items()}
    return "".join(back.get(c, c) for c in text).replace(WORD_JOINER, "").strip()


def score_of(emotion: float) -> str:
    value = emotion + NEUTRAL
    return f"{value:g}"


def mermaid_length(text: str) -> int:
    """The length Mermaid compares with ``maxTextSize``: UTF-16 code units, after ``%%`` comment lines go."""
    code = _COMMENT_LINE.sub("", text.replace("\r\n", "\n")).lstrip()
    return len(code.encode("utf-16-le")) // 2


def journey_text(title: str, sections: Sequence[Section]) -> Export:
    """The Mermaid ``journey`` text of a map."""
    notes: list[str] = []
    flattened: list[str] = []
    lines = ["journey", f"    title {safe_text(title, 'title', notes, 'title')}"]
    for sec in sections:
        name = safe_text(sec.name, "stage", notes)
        lines.append(f"    section {name}")
        if sec.paths:
            left_out = ", ".join(safe_text(p, "path", notes) for p in sec.paths)
            lines.append(f"      {FLATTENED} {left_out}")
            flattened.append(
                _(
                    "stage '%(stage)s': alternative paths not in the Mermaid journey (it has one path; the stage's "
                    "main path is shown): %(paths)s",
                    stage=" ".join(sec.name.split()),
                    paths=", ".join(" ".join(p.split()) for p in sec.paths),
                )
            )
        actors = list(sec.emotions)
        recorded = {a: v for a, v in sec.emotions.items() if v is not None}
        tasks = [safe_text(a, "action", notes) for a in sec.actions]
        if not tasks:
            lines.append(f"      {NO_ACTIONS}")
            tasks = [name]
        if not recorded:
            lines.append(f"      {NO_EMOTION}")
            groups: dict[str, list[str]] = {str(NEUTRAL): actors}
        else:
            groups = OrderedDict()
            for actor, value in recorded.items():
                groups.setdefault(score_of(value), []).append(actor)
        for task in tasks:
            for score, who in groups.items():
                names = ", ".join(safe_text(a, "persona", notes, "actor") for a in who)
                lines.append(f"      {task}: {score}" + (f": {names}" if names else ""))
    text = "\n".join(lines) + "\n"
    notes = sorted(set(notes), key=notes.index)
    size = mermaid_length(text)
    if size > MAX_TEXT_SIZE:
        notes.append(
            _(
                "the Mermaid text is %(size)s characters; Mermaid draws at most %(max)s by default and shows "
                "'Maximum text size in diagram exceeded' instead: raise maxTextSize in mermaid.initialize (a diagram "
                "cannot raise it), or split the map",
                size=count(size),
                max=count(MAX_TEXT_SIZE),
            )
        )
    return Export(text, notes, size > MAX_TEXT_SIZE, flattened)


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
    no_actions: bool = False


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


_FENCE = re.compile(r"^(```|~~~)\s*mermaid\s*$", re.I)
# Mermaid 11's frontmatter (diagram-api/regexes.ts): indented or not, the closing --- indented alike.
_FRONTMATTER = re.compile(r"\A\s*?([^\S\n]*)-{3}[^\S\n]*\n(.*?)\n\1-{3}[^\S\n]*(?:\n|\Z)", re.S)
# Mermaid's directive pattern (utils.ts): removed wherever it appears, even inside a name.
_DIRECTIVE = re.compile(r"%{2}\{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!\}%{2}).|\r?\n)*))?\s*(?:\}%{2})?", re.I)
_COMMENT_LINE = re.compile(r"^\s*%%(?!\{)[^\n]+\n?", re.M)  # Mermaid's cleanupComments
_ACC_BLOCK = re.compile(r"^[^\S\n]*accDescr\s*\{[^}]*(?:\}|\Z)", re.I | re.M)
_ACC_LINE = re.compile(r"acc(Title|Descr)\s*:", re.I)
_TITLE = re.compile(r"title\s([^#\n;]*)", re.I)
_SECTION = re.compile(r"section\s([^#:\n;]+)", re.I)
_TASK = re.compile(r"(?P<name>[^#:\n;]+):(?P<data>[^#\n;]*)")
_FALSY = {"", "~", "null", "false", "0"}  # YAML values Mermaid reads as "no title" (js-yaml's JSON schema)


def _blank_out(text: str, pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """``text`` without what ``pattern`` matches (its line breaks kept, so line numbers hold); the index of the
    line where each match starts."""
    found: list[int] = []

    def blank(match: re.Match[str]) -> str:
        found.append(text.count("\n", 0, match.start()))
        return "\n" * match.group(0).count("\n")

    return pattern.sub(blank, text), found


def _frontmatter_title(body: str, indent: str, line: int, notes: list[tuple[int, str]]) -> str:
    lines = [row[len(indent) :] if row.startswith(indent) else row for row in body.split("\n")]
    try:
        data = yaml.load("\n".join(lines), Loader=yaml.BaseLoader)  # BaseLoader: only str/list/dict
    except yaml.YAMLError as exc:
        why = getattr(exc, "problem", None) or _("not YAML")  # PyYAML's words, when it has them
        notes.append(
            (line, _("the --- frontmatter is not YAML (%(why)s): Mermaid refuses it; its title is not read", why=why))
        )
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or title.strip().lower() in _FALSY or _is_zero(title):
        return ""
    return restore_text(title, "title")


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


def _diagram(text: str) -> tuple[list[tuple[int, str]], str, list[tuple[int, str]]]:
    """(line number, line) of the diagram as Mermaid lexes it, the frontmatter title and notes: the first
    ```mermaid block of a Markdown file, else the whole text; a BOM, frontmatter, directives,
    ``%%`` comment lines and ``accDescr { ... }`` blocks are gone (their line breaks kept)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = 1
    start = next((i for i, line in enumerate(lines) if _FENCE.match(line.strip())), None)
    if start is not None:
        lines, first = lines[start + 1 :], start + 2
        end = next((k for k, line in enumerate(lines) if line.strip() in ("```", "~~~")), len(lines))
        lines = lines[:end]
    body, title = "\n".join(lines), ""
    notes: list[tuple[int, str]] = []
    matter = _FRONTMATTER.match(body)
    if matter:
        title = _frontmatter_title(matter.group(2), matter.group(1), first, notes)
        skipped = matter.group(0).count("\n")
        body, first = body[len(matter.group(0)) :], first + skipped
    body, _found = _blank_out(body, _DIRECTIVE)
    body, blocks = _blank_out(body, _ACC_BLOCK)
    for offset in blocks:
        notes.append((first + offset, _("accessibility description is not kept (write it in the page body)")))
    return [(first + i, line) for i, line in enumerate(body.split("\n"))], title, notes


def _is_comment(line: str) -> bool:
    """What Mermaid's lexer skips at the start of a statement: ``%`` not opening ``%{``, any character but
    ``}`` followed by ``%%``, and ``#``."""
    percent = line.startswith("%") and not line.startswith("%{")
    return percent or (line[1:3] == "%%" and line[0] != "}") or line.startswith("#")


def _score(text: str, number: int, notes: list[tuple[int, str]]) -> float | None:
    try:
        score = float(text)
    except ValueError:
        score = math.nan
    if not math.isfinite(score):
        notes.append((number, _("score '%(score)s' is not a number; this task has no emotion", score=text.strip())))
        return None
    if not 1 <= score <= 5:
        clamped = min(5.0, max(1.0, score))
        said = _(
            "score %(score)s is outside Mermaid's 1..5; read as %(read)s",
            score=format(score, "g"),
            read=format(clamped, "g"),
        )
        notes.append((number, said))
        return clamped
    return score


def parse_journey(text: str) -> Journey:
    """Read a Mermaid ``journey`` as Mermaid 11 reads it. Raises MermaidError when it is not one."""
    lines, default_title, notes = _diagram(text)
    journey = Journey(notes=notes)
    started = False
    current: ParsedSection | None = None
    for number, raw in lines:
        line = raw.strip()
        if not line:
            continue
        if _is_comment(line):
            if current is not None and line.startswith(NO_EMOTION[:22]):  # "%% no emotion recorded"
                current.no_emotion = True
            if current is not None and line.startswith(NO_ACTIONS[:22]):  # "%% no actions recorded"
                current.no_actions = True
            if not line.startswith(("%%", "#")) and started:
                journey.notes.append((number, _("'%(text)s' is a comment for Mermaid; skipped", text=line[:40])))
            continue
        if not started:
            if not line.lower().startswith("journey"):
                raise MermaidError(
                    number,
                    _(
                        "expected the first line to be `journey`, found '%(text)s' (only Mermaid journey diagrams "
                        "can be imported)",
                        text=line[:40],
                    ),
                )
            started = True
            continue
        title, section, task = _TITLE.match(line), _SECTION.match(line), _TASK.match(line)
        if title or line.lower() == "title":
            journey.title = restore_text(title.group(1) if title else "", "title")
        elif _ACC_LINE.match(line):
            journey.notes.append((number, _("accessibility title/description is not kept (write it in the page body)")))
        elif section:
            current = ParsedSection(restore_text(section.group(1)), number)
            journey.sections.append(current)
        elif task is None:
            journey.notes.append((number, _("'%(text)s' is not a task (name: score: actors); skipped", text=line[:40])))
        else:
            if current is None:
                current = ParsedSection(journey.title or default_title or "Journey", number)
                journey.sections.append(current)
                said = _("tasks before the first section went into a stage '%(stage)s'", stage=current.name)
                journey.notes.append((number, said))
            score_text, *rest = task.group("data").split(":")
            if len(rest) > 1:
                said = _("'%(text)s' after the actors is ignored, as Mermaid does", text=":".join(rest[1:]).strip())
                journey.notes.append((number, said))
            actors = tuple(a for a in (restore_text(a, "actor") for a in (rest[0] if rest else "").split(",")) if a)
            current.tasks.append(
                Task(restore_text(task.group("name")), _score(score_text, number, journey.notes), actors, number)
            )
    if not started:
        raise MermaidError(None, _("no `journey` diagram found (the text is empty)"))
    if not journey.sections:
        raise MermaidError(None, _("the journey has no sections or tasks, so there are no stages to import"))
    journey.title = journey.title or default_title
    return journey
