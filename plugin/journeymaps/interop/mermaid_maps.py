"""Mermaid journeys to and from the handbook: the map page's Mermaid text, and ``journeymaps import mermaid``.

:mod:`journeymaps.interop.mermaid` does the text; this module knows the catalog
(persona names and ids) and the files (where a new map goes, never over an
existing one).
"""

from __future__ import annotations

from pathlib import Path

from journeymaps.catalog.resolve import Catalog
from journeymaps.handbook import Handbook
from journeymaps.interop.mapfile import FileExists, write_new_page
from journeymaps.interop.mermaid import (
    Export,
    MermaidError,
    Section,
    journey_text,
    map_frontmatter,
    parse_journey,
)
from journeymaps.validation.ids import is_valid_id, slugify
from journeymaps.validation.models import Cem, Cjm


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
        )
        for i, stage in enumerate(model.stages)
    ]
    return journey_text(model.title, sections)


def persona_ids(names: list[str], catalog: Catalog | None) -> dict[str, str]:
    """Actor names as written -> persona ids: an existing persona by id, full name or first name, else the slug."""
    known: dict[str, str] = {}
    for pid, v in sorted(catalog.personas.items()) if catalog is not None else []:
        known[pid.casefold()] = pid
        known[v.title.casefold()] = pid
        if v.title.split():
            known.setdefault(v.title.split()[0].casefold(), pid)
    return {name: known.get(name.casefold()) or known.get(slugify(name)) or slugify(name) for name in names}


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
        actor_ids = persona_ids(journey.actors, catalog)
        unnamed = [a for a, pid in actor_ids.items() if not is_valid_id(pid)]
        if unnamed and not (persona and kind == "cjm"):
            raise MermaidError(None, f"actor '{unnamed[0]}' gives no persona id; use --persona ID")
        if persona is not None and not is_valid_id(persona):
            raise MermaidError(None, f"--persona '{persona}' is not a persona id; try '{slugify(persona)}'")
        data, found = map_frontmatter(journey, kind, actor_ids, persona)
    except MermaidError as exc:
        raise MermaidImportError(
            f"{source}:{exc.line}: {exc.message}" if exc.line else f"{source}: {exc.message}"
        ) from None
    ident = map_id or slugify(str(data["title"]))
    if not is_valid_id(ident):
        raise MermaidImportError(f"{source}: '{ident}' is not a valid map id; add --id, e.g. --id my-journey")
    if catalog is not None and ident in catalog.maps:
        raise MermaidImportError(
            f"the map id '{ident}' is already used by {catalog.maps[ident].doc.path}; nothing was written (use --id)"
        )
    path = docs_dir / "maps" / f"{ident}.md"
    body = (
        f"Imported from `{source.name}`, a Mermaid journey diagram. Emotions come from its scores\n"
        "(1..5 became -2..2). Add the research behind it, touchpoints, pain points and opportunities."
    )
    try:
        write_new_page(path, data, body)
    except FileExists:
        raise MermaidImportError(f"{path.as_posix()} already exists; nothing was written (use --id)") from None
    notes = [f"{source}:{line}: {note}" if line else f"{source}: {note}" for line, note in found]
    ids = [str(data["persona"])] if "persona" in data else [str(p) for p in data.get("personas", [])]  # type: ignore[attr-defined]
    notes += [
        f"note: persona '{pid}' does not exist yet; create it with: journeymaps new persona --title ... --id {pid}"
        for pid in ids
        if catalog is None or pid not in catalog.personas
    ]
    return path, notes
