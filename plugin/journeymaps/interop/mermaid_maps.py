"""Mermaid journeys to and from the handbook: the map page's Mermaid text, and ``journeymaps import mermaid``.

:mod:`journeymaps.interop.mermaid` does the text; this module knows maps (stages,
emotions, stage ids), the catalog (persona names and ids) and the files (where a
new map goes, never over an existing one).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from journeymaps.catalog.resolve import Catalog
from journeymaps.handbook import Handbook
from journeymaps.i18n import _, ngettext
from journeymaps.interop.mapfile import FileExists, OutsideDocs, case_twin, twin_words, write_new_page
from journeymaps.interop.mermaid import (
    NEUTRAL,
    Export,
    Journey,
    MermaidError,
    Section,
    journey_text,
    parse_journey,
)
from journeymaps.validation.ids import MAX_ID, is_valid_id, slugify
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import num


class MermaidImportError(Exception):
    """One line for the author: where, what is wrong, what to do (nothing was written)."""


def mermaid_of_map(handbook: Handbook, map_id: str) -> Export:
    """The map as a Mermaid journey: actors are the personas' names, scores their analysed emotions."""
    catalog = handbook.catalog
    v = catalog.maps[map_id]
    model = v.model
    assert isinstance(model, (Cjm, Cem))
    names = {pid: (catalog.personas[pid].title if pid in catalog.personas else pid) for pid in v.personas}
    series = handbook.analysis.maps[map_id].series
    sections = [
        Section(
            stage.name,
            tuple(stage.actions),
            {names.get(pid, pid) or "Customer": values[i] for pid, values in series.items()},
            tuple(path_label(p.name, p.share) for p in stage.paths),
        )
        for i, stage in enumerate(model.stages)
    ]
    return journey_text(model.title, sections)


def path_label(name: str, share: float | None) -> str:
    """A path as the Mermaid comment names it: ``Post Office check (10%)``."""
    return name if share is None else f"{name} ({num(share)}%)"


# -- a journey as a map's frontmatter ------------------------------------------------------------


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
        actions = () if sec.no_actions and names == [sec.name] else tuple(names)
        scored = [t for t in sec.tasks if t.score is not None]
        emotion: float | int | dict[str, float | int] | None = None
        if sec.no_emotion or not scored:
            emotion = None
        elif kind == "cjm":
            scores = [t.score for t in scored if t.score is not None]
            emotion = _emotion(scores)
            if len(set(scores)) > 1:
                said = _(
                    "section '%(section)s': tasks scored %(scores)s; the stage's emotion is their mean, %(mean)s "
                    "(-2..2)",
                    section=sec.name,
                    scores=", ".join(format(s, "g") for s in scores),
                    mean=format(emotion, "g"),
                )
                notes.append((sec.line, said))
        else:
            per: dict[str, list[float]] = {}
            for task in scored:
                for actor in task.actors or tuple(personas):
                    per.setdefault(personas.get(actor, actor), []).append(task.score)  # type: ignore[arg-type]
            values = {pid: _emotion(scores) for pid, scores in per.items()}
            for pid, scores in per.items():
                if len(set(scores)) > 1:
                    said = _(
                        "section '%(section)s': %(persona)s's tasks scored %(scores)s; their mean is %(mean)s (-2..2)",
                        section=sec.name,
                        persona=pid,
                        scores=", ".join(format(s, "g") for s in scores),
                        mean=format(values[pid], "g"),
                    )
                    notes.append((sec.line, said))
            distinct = set(values.values())
            emotion = distinct.pop() if len(distinct) == 1 and set(values) == set(personas.values()) else values
        out.append(ImportedStage(sec.name, actions, emotion))
    return out, notes


def _free(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... (shortened to stay a valid id), whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while (candidate := f"{base[: MAX_ID - len(str(n)) - 1].rstrip('-')}-{n}") in taken:
        n += 1
    return candidate


def stage_ids(journey: Journey) -> tuple[list[str | None], list[tuple[int, str]]]:
    """An explicit ``id`` for each section whose default id (as validation derives it: the slug of its name, else
    ``stage-N``) an earlier section already has: Mermaid allows two sections with one name, a map does not."""
    seen: set[str] = set()
    ids: list[str | None] = []
    notes: list[tuple[int, str]] = []
    for index, sec in enumerate(journey.sections):
        sid = slugify(sec.name) or f"stage-{index + 1}"
        explicit = None
        if sid in seen:
            explicit = _free(sid, seen)
            said = _(
                "section '%(section)s': stage id '%(id)s' is taken; this stage is '%(new)s'",
                section=sec.name,
                id=sid,
                new=explicit,
            )
            notes.append((sec.line, said))
            sid = explicit
        seen.add(sid)
        ids.append(explicit)
    return ids, notes


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
                notes.append(
                    (
                        0,
                        _(
                            "actors %(actors)s -> persona '%(persona)s' (--persona)",
                            actors=", ".join(actors),
                            persona=persona,
                        ),
                    )
                )
        elif actors:
            chosen = actor_ids.get(actors[0], actors[0])
            if len(actors) > 1:
                said = ngettext(
                    "%(n)s actors (%(actors)s) but a cjm has one persona: '%(persona)s' (use --persona to choose, or "
                    "--type cem to keep them all)",
                    "%(n)s actors (%(actors)s) but a cjm has one persona: '%(persona)s' (use --persona to choose, or "
                    "--type cem to keep them all)",
                    len(actors),
                    actors=", ".join(actors),
                    persona=chosen,
                )
                notes.append((0, said))
        else:
            raise MermaidError(None, _("the journey names no actors; give the persona with --persona ID"))
        mapping = dict.fromkeys(actors, chosen) or {chosen: chosen}
    else:
        if not actors:
            raise MermaidError(
                None, _("the journey names no actors, and a cem needs its personas: add actors to the tasks")
            )
        mapping = {a: actor_ids.get(a, a) for a in actors}
    stages, stage_notes = stages_of(journey, mapping, kind)
    ids, id_notes = stage_ids(journey)
    notes += stage_notes + id_notes
    title = journey.title or (journey.sections[0].name if journey.sections else "Imported journey")
    if not journey.title:
        notes.append((0, _("the journey has no title; using '%(title)s'", title=title)))
    data: dict[str, object] = {"type": kind, "title": title, "state": "current"}
    if kind == "cjm":
        data["persona"] = mapping[next(iter(mapping))]
    else:
        data["personas"] = list(dict.fromkeys(mapping.values()))
    data["evidence"] = [{"type": "assumption", "note": "Imported from a Mermaid journey; add the research behind it"}]
    data["stages"] = [
        {
            "name": st.name,
            **({"id": sid} if sid else {}),
            **({"actions": list(st.actions)} if st.actions else {}),
            **({"emotion": st.emotion} if st.emotion is not None else {}),
        }
        for st, sid in zip(stages, ids, strict=True)
    ]
    return data, notes


# -- the command ---------------------------------------------------------------------------------


def persona_ids(names: list[str], catalog: Catalog | None) -> tuple[dict[str, str], list[str]]:
    """Actor names as written -> persona ids: an existing persona by id, full name or first name, else the slug
    of the name (``persona-N`` when it has no Latin letters or digits; ``-2`` when two names give one slug).
    Returns (ids, notes on the ids that were made up)."""
    known: dict[str, str] = {}
    for pid, v in sorted(catalog.personas.items()) if catalog is not None else []:
        known[pid.casefold()] = pid
        known[v.title.casefold()] = pid
        if v.title.split():
            known.setdefault(v.title.split()[0].casefold(), pid)
    out: dict[str, str] = {}
    notes: list[str] = []
    taken = set(known.values())
    for number, name in enumerate(names, start=1):
        found = known.get(name.casefold()) or known.get(slugify(name))
        if found:
            out[name] = found
            continue
        base = slugify(name) or f"persona-{number}"
        pid = _free(base, taken)
        taken.add(pid)
        out[name] = pid
        if pid != slugify(name):
            notes.append(
                _(
                    "actor '%(actor)s' has no Latin letters or digits: persona id '%(id)s' (rename it as you like)",
                    actor=name,
                    id=pid,
                )
                if not slugify(name)
                else _(
                    "actor '%(actor)s' gives the id '%(base)s' of another actor: persona id '%(id)s' (rename it as you "
                    "like)",
                    actor=name,
                    base=base,
                    id=pid,
                )
            )
    return out, notes


def import_mermaid(
    text: str,
    source: Path,
    docs_dir: Path,
    catalog: Catalog | None,
    *,
    kind: str = "cjm",
    persona: str | None = None,
    map_id: str | None = None,
) -> tuple[Path, list[str]]:
    """Write ``maps/<id>.md`` from a Mermaid journey. Returns (path, notes on what was lost or guessed);
    raises MermaidImportError when nothing could be written."""
    try:
        journey = parse_journey(text)
        actor_ids, id_notes = persona_ids(journey.actors, catalog)
        if persona is not None and not is_valid_id(persona):
            said = _(
                "--persona '%(persona)s' is not a persona id; try '%(slug)s'", persona=persona, slug=slugify(persona)
            )
            raise MermaidError(None, said)
        data, found = map_frontmatter(journey, kind, actor_ids, persona)
    except MermaidError as exc:
        raise MermaidImportError(
            f"{source}:{exc.line}: {exc.message}" if exc.line else f"{source}: {exc.message}"
        ) from None
    ident = map_id or slugify(str(data["title"]))
    if not ident:
        said = _("the title '%(title)s' gives no map id; add --id, e.g. --id my-journey", title=data["title"])
        raise MermaidImportError(f"{source}: {said}")
    if not is_valid_id(ident):
        said = _("'%(id)s' is not a valid map id; add --id, e.g. --id my-journey", id=ident)
        raise MermaidImportError(f"{source}: {said}")
    if catalog is not None and ident in catalog.maps:
        raise MermaidImportError(
            _(
                "the map id '%(id)s' is already used by %(path)s; nothing was written (use --id)",
                id=ident,
                path=catalog.maps[ident].doc.path,
            )
        )
    path = docs_dir / "maps" / f"{ident}.md"
    body = (
        f"Imported from `{source.name}`, a Mermaid journey diagram. Emotions come from its scores\n"
        "(1..5 became -2..2). Add the research behind it, touchpoints, pain points and opportunities."
    )
    if (twin := case_twin(path)) is not None:
        raise MermaidImportError(f"{twin_words(path, twin)} " + _("(use --id)"))
    try:
        write_new_page(path, data, body, docs_dir)
    except FileExists:
        said = _("%(path)s already exists; nothing was written (use --id)", path=path.as_posix())
        raise MermaidImportError(said) from None
    except OutsideDocs:
        raise MermaidImportError(
            _(
                "%(path)s leads outside %(folder)s (a symbolic link); an import writes only inside the docs folder",
                path=path.as_posix(),
                folder=docs_dir.as_posix(),
            )
        ) from None
    notes = [f"{source}: {note}" for note in id_notes] if not (persona and kind == "cjm") else []
    notes += [f"{source}:{line}: {note}" if line else f"{source}: {note}" for line, note in found]
    ids = [str(data["persona"])] if "persona" in data else [str(p) for p in data.get("personas", [])]  # type: ignore[attr-defined]
    names = {pid: name for name, pid in reversed(actor_ids.items())}
    notes += [
        _(
            "note: persona '%(id)s' does not exist yet; create it with: %(command)s",
            id=pid,
            command=" ".join(
                ("journeymaps new persona --title", shlex.quote(names[pid]) if pid in names else "...", "--id", pid)
            ),
        )
        for pid in ids
        if catalog is None or pid not in catalog.personas
    ]
    return path, notes
