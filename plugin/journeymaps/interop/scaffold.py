"""``journeymaps new``: a valid, commented skeleton of a persona, touchpoint or map.

The skeleton is written at the conventional path (``personas/<id>.md``,
``touchpoints/<id>.md``, ``maps/<id>.md``) with YAML comments that tell a
researcher what each field means and which values it takes. Values are
written by pyyaml (so a title with ``:`` or quotes stays valid YAML); the
comments are the only hand-written part. Nothing existing is overwritten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from journeymaps.diagnostics import closest
from journeymaps.i18n import _
from journeymaps.interop.frontmatter_edit import stage_id_of
from journeymaps.interop.mapfile import Dumper12, case_twin, twin_words
from journeymaps.interop.said import did_you_mean
from journeymaps.interop.scaffold_kinds import KIND_HELP, kind_stage
from journeymaps.validation.fields import MAP_KINDS
from journeymaps.validation.ids import is_valid_id, slugify

KINDS = ("persona", "touchpoint", "cjm", "cem")
FOLDERS = {"persona": "personas", "touchpoint": "touchpoints", "cjm": "maps", "cem": "maps"}
COMMENT_COLUMN = 34


class ScaffoldError(Exception):
    """One clear line for the author (what is wrong and what to do)."""


@dataclass(frozen=True)
class NewEntity:
    """What the author asked for (from options or answers)."""

    kind: str
    title: str = ""
    id: str = ""
    personas: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    zooms_into: str = ""
    future_of: str = ""
    channel: str = ""
    map_kind: str = "journey"
    stage_ids: dict[str, str] = field(default_factory=dict)  # stage name -> id (copied from the current-state map)

    @property
    def ident(self) -> str:
        return self.id or slugify(self.title)

    @property
    def is_map(self) -> bool:
        return self.kind in ("cjm", "cem")


def split_list(text: str | None) -> tuple[str, ...]:
    """``"Sign up, Verify , "`` -> ``("Sign up", "Verify")``."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def missing_essentials(req: NewEntity) -> list[str]:
    """The essentials not given yet, as option names."""
    missing = []
    if not req.title:
        missing.append("--title")
    if req.kind == "touchpoint" and not req.channel:
        missing.append("--channel")
    if req.is_map and not req.personas:
        missing.append("--persona")
    if req.is_map and not req.stages:
        missing.append("--stages")
    return missing


def ask_essentials(req: NewEntity, ask: Callable[[str], str]) -> NewEntity:
    """Ask for each missing essential (on a terminal); empty answers stay missing."""
    if not req.title:
        noun = {
            "persona": _("Persona's name (e.g. Maya Okafor)"),
            "touchpoint": _("Touchpoint name (e.g. Support chat)"),
        }.get(req.kind) or _("Map title (e.g. Sending the first invoice)")  # an f-string hides it from Babel
        req = replace(req, title=ask(f"{noun}: ").strip())
    if req.kind == "touchpoint" and not req.channel:
        prompt = _("Channel id (web, email, chat, phone, social, in-person, app, reviews)")
        req = replace(req, channel=ask(f"{prompt}: ").strip())
    if req.is_map and not req.personas:
        prompt = (
            _("Persona id (one, e.g. maya)")
            if req.kind == "cjm"
            else _("Persona ids, comma-separated (e.g. maya, daniel)")
        )
        req = replace(req, personas=split_list(ask(f"{prompt}: ")))
    if req.is_map and not req.stages and not req.stage_ids:
        prompt = _("Stages in order, comma-separated (e.g. Discover, Sign up, First use)")
        req = replace(req, stages=split_list(ask(f"{prompt}: ")))
    return req


def check(req: NewEntity) -> None:
    """Raise :class:`ScaffoldError` for what would make an invalid file."""
    if req.kind not in KINDS:
        said = _(
            "'%(kind)s' is not something journeymaps can create; use one of: %(kinds)s",
            kind=req.kind,
            kinds=", ".join(KINDS),
        )
        raise ScaffoldError(said)
    missing = missing_essentials(req)
    if missing:
        raise ScaffoldError(
            _(
                "a new %(kind)s needs %(options)s (e.g. %(command)s); run it in a terminal to be asked",
                kind=req.kind,
                options=", ".join(missing),
                command=" ".join(("journeymaps new", req.kind, _example(req.kind))),
            )
        )
    if not req.ident:
        said = _(
            "the title '%(title)s' gives no id (no latin letters or digits); add --id, e.g. --id my-map",
            title=req.title,
        )
        raise ScaffoldError(said)
    if not is_valid_id(req.ident):
        raise ScaffoldError(
            _(
                "--id '%(id)s' is not a valid id: lower-case letters, digits and hyphens; try '%(slug)s'",
                id=req.ident,
                slug=slugify(req.ident),
            )
        )
    for pid in req.personas:
        if not is_valid_id(pid):
            raise ScaffoldError(
                _(
                    "--persona '%(id)s' is not a persona id (the file name of the persona, e.g. maya); try '%(slug)s'",
                    id=pid,
                    slug=slugify(pid),
                )
            )
    if req.kind == "cjm" and len(req.personas) != 1:
        raise ScaffoldError(
            _(
                "a cjm has exactly one persona; got %(n)s (%(personas)s); for several personas make a cem",
                n=len(req.personas),
                personas=", ".join(req.personas),
            )
        )
    if req.zooms_into:
        if req.kind != "cjm":
            raise ScaffoldError(_("--zooms-into is for a cjm: it names the cem stage the cjm details"))
        cem, _hash, stage = req.zooms_into.partition("#")
        if not (is_valid_id(cem) and is_valid_id(stage)):
            said = _(
                "--zooms-into '%(target)s' must be cem-id#stage-id, e.g. customer-lifecycle#onboarding",
                target=req.zooms_into,
            )
            raise ScaffoldError(said)
    if req.map_kind not in MAP_KINDS or (req.map_kind != "journey" and not req.is_map):
        said = _("--kind is for maps: one of %(kinds)s; got '%(kind)s'", kinds=", ".join(MAP_KINDS), kind=req.map_kind)
        raise ScaffoldError(said + did_you_mean(closest(req.map_kind, MAP_KINDS)))
    if req.future_of and not is_valid_id(req.future_of):
        said = _("--future-of '%(id)s' is not a map id (the current-state map's file name)", id=req.future_of)
        raise ScaffoldError(said)
    if req.kind == "touchpoint" and not is_valid_id(req.channel):
        raise ScaffoldError(
            _(
                "--channel '%(channel)s' is not a channel id (e.g. web, email, chat, app); try '%(slug)s'",
                channel=req.channel,
                slug=slugify(req.channel),
            )
        )
    stage_ids = [_stage_id(req, index, name) for index, name in enumerate(req.stages)]
    dupes = sorted({s for s in stage_ids if stage_ids.count(s) > 1})
    if dupes:
        said = _("--stages: two stages would have the id '%(id)s'; give them different names", id=dupes[0])
        raise ScaffoldError(said)


def _example(kind: str) -> str:
    return {
        "persona": '--title "Maya Okafor"',
        "touchpoint": '--title "Support chat" --channel chat',
        "cjm": '--title "Sending the first invoice" --persona maya --stages "Create invoice, Client pays"',
        "cem": '--title "Customer lifecycle" --persona "maya, daniel" --stages "Discover, Join, Use, Grow"',
    }[kind]


def conventional_path(docs_dir: Path, req: NewEntity) -> Path:
    return docs_dir / FOLDERS[req.kind] / f"{req.ident}.md"


def _stage_id(req: NewEntity, index: int, name: str) -> str:
    """The copied id, else validation's: the slug of the name, else ``stage-N`` (a name without Latin letters)."""
    return req.stage_ids.get(name) or stage_id_of({"name": name}, index)


def scalar(value: Any) -> str:
    """One YAML value on one line, quoted only when YAML needs it (pyyaml decides)."""
    text = yaml.dump(value, Dumper=Dumper12, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _columns(text: str) -> int:
    """How many columns ``text`` takes in an editor: wide (East Asian) characters take two, so the comments after
    ``title: 口座開設`` line up with the others."""
    return len(text) + sum(1 for c in text if c > "\u10ff" and unicodedata.east_asian_width(c) in "WF")


def _line(indent: int, key: str, value: str, comment: str = "") -> str:
    text = f"{' ' * indent}{key}:{' ' + value if value else ''}"
    if comment:
        width = _columns(text)
        text = (
            f"{text}{' ' * (COMMENT_COLUMN - width)}# {comment}" if width < COMMENT_COLUMN else f"{text}  # {comment}"
        )
    return text


def _more(comment: str) -> str:
    return " " * COMMENT_COLUMN + f"# {comment}"


def skeleton(req: NewEntity) -> str:
    """The file's text: frontmatter with comments, then a short body to replace."""
    lines = ["---"]
    lines += {"persona": _persona, "touchpoint": _touchpoint, "cjm": _map, "cem": _map}[req.kind](req)
    lines.append("---")
    lines.append("")
    lines.append(_BODY[req.kind])
    return "\n".join(lines) + "\n"


_HEADER = "# {what}\n# Check it with `journeymaps validate`; the guide's format page explains every field."
_BODY = {
    "persona": "Who this person is, in a paragraph: their day, what they are trying to get done, and what the\n"
    "persona rests on (how many interviews, which surveys).",
    "touchpoint": "What happens at this touchpoint, who runs it, and what customers say about it.",
    "cjm": "Why this map exists, what it is based on, and what the team should look at first.",
    "cem": "What this map covers, the research behind it, and where it hurts most.",
}


def _persona(req: NewEntity) -> list[str]:
    return [
        _HEADER.format(what="A persona: a specific customer the maps are written for."),
        _line(0, "type", "persona", "persona | touchpoint | cjm | cem: do not change"),
        _line(0, "name", scalar(req.title), "required: a person's name makes the persona concrete"),
        _line(0, "role", "", "their job or situation, e.g. Freelance brand designer"),
        _line(0, "segment", "", "the customer segment, e.g. Sole trader, 2-4 clients a month"),
        _line(0, "quote", "", "one sentence in their own words, in quotes"),
        _line(0, "goals", "[]", "what they want to achieve: [Get paid on time, ...]"),
        _line(0, "needs", "[]", "what they need from us to get there"),
        _line(0, "frustrations", "[]", "what gets in their way today"),
        _line(0, "behaviors", "[]", "what they do, e.g. Reads App Store reviews before switching"),
        _line(0, "channels", "[]", "preferred channel ids: web, email, chat, phone, social, in-person, app, reviews"),
        *_evidence("the research behind it, one item per source:", "9 interviews, Aug 2026"),
    ]


def _evidence(comment: str, example: str) -> list[str]:
    """The commented `evidence` key of a persona or a map, with an example item and the types."""
    return [
        _line(0, "evidence", "[]", comment),
        _more(f"- {{type: interviews, note: {example}}}"),
        _more("types: interviews, survey, analytics, support-tickets, reviews, ..., assumption"),
    ]


def _touchpoint(req: NewEntity) -> list[str]:
    return [
        _HEADER.format(what="A touchpoint: a place where the customer meets us (or hears about us)."),
        _line(0, "type", "touchpoint", "persona | touchpoint | cjm | cem: do not change"),
        _line(0, "name", scalar(req.title), "required: as customers would call it"),
        _line(
            0, "channel", scalar(req.channel), "required: web, email, chat, phone, social, in-person, app, reviews, ..."
        ),
        _line(0, "ownership", "owned", "owned (we run it) | earned (reviews, word of mouth) | paid (ads)"),
        _line(0, "owner", "", "the team that runs it"),
        _line(0, "weight", "medium", "low | medium | high: how much is at stake for the customer here"),
    ]


def _map(req: NewEntity) -> list[str]:
    cjm = req.kind == "cjm"
    what = (
        "A customer journey map (cjm): one persona, one path, stage by stage."
        if cjm
        else "A customer experience map (cem): the whole relationship, several personas."
    )
    out = [
        _HEADER.format(what=what),
        _line(0, "type", req.kind, "cjm: one persona, one path | cem: the whole lifecycle"),
        _line(0, "title", scalar(req.title), "required: what the journey is, in the customer's words"),
        _line(0, "state", "future" if req.future_of else "current", "current (how it is today) | future (the target)"),
        _line(0, "kind", req.map_kind, KIND_HELP),
    ]
    if req.future_of:
        out.append(_line(0, "future_of", scalar(req.future_of), "the id of the current-state map this one improves on"))
    if cjm:
        out.append(
            _line(0, "persona", scalar(req.personas[0]), "required: the id of ONE persona (its file name in personas/)")
        )
    else:
        out.append(_line(0, "personas", scalar(list(req.personas)), "required: persona ids; two or three work best"))
        out.append(_line(0, "competitors", "[]", "outside alternatives customers weigh"))
    if req.zooms_into:
        out.append(_line(0, "zooms_into", scalar(req.zooms_into), "cem-id#stage-id: the cem stage this map details"))
    out += [
        _line(0, "scope", "", "where the journey starts and ends, e.g. From signup to first value"),
        _line(0, "owner", "", "the team that keeps this map true"),
        _line(0, "reviewed", "", "date of the last review, YYYY-MM-DD; stale after review_every days"),
        *_evidence("the research behind it; none (or only assumption) = assumption-based:", "12 interviews, Q3 2026"),
        _line(0, "stages", "", "required, in order; most maps have 4 to 7"),
    ]
    emotion_help = (
        "-2 very negative, -1, 0 neutral, 1, 2 very positive"
        if cjm
        else "-2..2 for all, or per persona: {" + ", ".join(f"{p}: 0" for p in req.personas[:2]) + "}"
    )
    for index, name in enumerate(req.stages):
        first = index == 0
        if req.map_kind != "journey":
            name_line = _line(2, "- name", scalar(name), "required: the stage" if first else "")
            id_line = _line(4, "id", scalar(_stage_id(req, index, name)))
            out += kind_stage(req.map_kind, index, name_line, id_line, emotion_help, _line)
            continue
        out += [
            _line(2, "- name", scalar(name), "required: the stage, from the customer's point of view" if first else ""),
            _line(
                4,
                "id",
                scalar(_stage_id(req, index, name)),
                "keep it when you rename the stage: other maps link to it" if first else "",
            ),
            _line(4, "goal", "", "what the customer wants to get done here" if first else ""),
            _line(4, "actions", "[]", "what they do: [Fills the signup form, ...]" if first else ""),
            _line(4, "thoughts", "[]", "what they think, in their words" if first else ""),
            _line(
                4,
                "touchpoints",
                "[]",
                "touchpoint ids, or new ones: {name: Welcome email, channel: email}" if first else "",
            ),
            _line(4, "emotion", "", emotion_help if first else ""),
            _line(4, "pain_points", "[]", "text, or {title: ..., severity: 1 minor .. 5 critical}" if first else ""),
            _line(
                4,
                "opportunities",
                "[]",
                "text, or {title: ..., impact: 1..5, effort: 1..5, owner: ...}" if first else "",
            ),
            _line(4, "quotes", "[]", "the customer's words: {text: ..., source: Interview 7}" if first else ""),
            _line(4, "moment_of_truth", "false", "true where the customer decides to stay or leave" if first else ""),
            _line(4, "owner", "", "who keeps this stage true" if first else ""),
        ]
    return out


def refuse_existing(path: Path) -> None:
    if path.exists():
        raise ScaffoldError(
            _(
                "%(path)s already exists; nothing was written (choose another --title or --id, or edit that file)",
                path=path.as_posix(),
            )
        )
    twin = case_twin(path)
    if twin is not None:
        raise ScaffoldError(f"{twin_words(path, twin)} " + _("(choose another --title or --id, or edit that file)"))


def write_new(docs_dir: Path, req: NewEntity) -> Path:
    """Write the skeleton; refuse (ScaffoldError) when the file exists. Returns the path."""
    check(req)
    path = conventional_path(docs_dir, req)
    refuse_existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(skeleton(req))
    return path
