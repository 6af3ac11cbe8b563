"""``journeymaps new``: what the request says beyond the file's own validity.

:mod:`journeymaps.interop.scaffold` checks that the skeleton would be a valid file; here is what depends on the
rest of the request and on the handbook as it is: options given to a kind that has no use for them (a note each,
and left out), a persona named twice (written once), the current-state map a future one copies, the cem a cjm
zooms into, and a channel the taxonomy does not know. A persona, map or cem stage that does not exist yet is a
note, not a refusal (the author may be about to write it), unless the request cannot be made without it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from journeymaps.diagnostics import closest
from journeymaps.interop.scaffold import NewEntity, ScaffoldError

if TYPE_CHECKING:
    from journeymaps.catalog.resolve import Catalog
    from journeymaps.catalog.taxonomy import Taxonomy

MAPS = ("cjm", "cem")
# option -> (the field of NewEntity, the kinds it is for, as said)
_FOR = {
    "--persona": ("personas", MAPS, "a cjm or a cem"),
    "--stages": ("stages", MAPS, "a cjm or a cem"),
    "--future-of": ("future_of", MAPS, "a cjm or a cem"),
    "--channel": ("channel", ("touchpoint",), "a touchpoint"),
}


def settle(req: NewEntity) -> tuple[NewEntity, list[str]]:
    """The request without the options its kind has no use for and without repeated persona ids; a note for each."""
    notes = []
    for option, (name, kinds, said) in _FOR.items():
        if req.kind not in kinds and getattr(req, name):
            notes.append(f"note: {option} is for {said}, not a {req.kind}; it was left out")
            req = replace(req, **{name: type(getattr(req, name))()})
    repeated = sorted({pid for pid in req.personas if req.personas.count(pid) > 1}, key=req.personas.index)
    if repeated:
        notes.append(f"note: --persona names {', '.join(repr(p) for p in repeated)} more than once; written once")
        req = replace(req, personas=tuple(dict.fromkeys(req.personas)))
    return req, notes


def _maybe(guess: str | None) -> str:
    return f" (did you mean '{guess}'?)" if guess else ""


def prefill(req: NewEntity, catalog: Catalog | None) -> tuple[NewEntity, list[str]]:
    """A future-state map with no --stages starts with its current map's stages (same ids, so the stage-by-stage
    comparison lines up) and persona(s). Refused: a current map of the other type, and a current map that is not
    there when the persona or the stages were to come from it."""
    from journeymaps.validation.models import Cem, Cjm

    if not req.future_of:
        return req, []
    maps = catalog.maps if catalog is not None else {}
    current = maps.get(req.future_of)
    if current is None:
        if req.personas and req.stages:
            return req, []  # check_against notes it: the author may be about to write it
        guess = closest(req.future_of, maps)
        known = f"did you mean '{guess}'?" if guess else f"maps: {', '.join(sorted(maps)) or 'none yet'}"
        raise ScaffoldError(
            f"--future-of: no map '{req.future_of}' to copy the persona and stages from ({known}); "
            "name the current-state map, or give --persona and --stages"
        )
    if current.kind != req.kind:
        raise ScaffoldError(
            f"--future-of '{req.future_of}' is a {current.kind}; a future-state {req.kind} is the future of a "
            f"{req.kind} (future_of names a map of the same type): make a new {current.kind}, or name a {req.kind}"
        )
    if not isinstance(current.model, (Cjm, Cem)):
        if req.personas and req.stages:
            return req, []
        raise ScaffoldError(
            f"--future-of: {current.doc.path} does not validate, so its persona and stages cannot be copied "
            "(see journeymaps validate); fix it first, or give --persona and --stages"
        )
    notes = []
    if not req.personas and current.personas and (req.kind == "cem" or len(current.personas) == 1):
        req = replace(req, personas=tuple(current.personas))
        notes.append(f"note: persona(s) copied from {current.doc.path}: {', '.join(current.personas)}")
    if not req.stages:
        names = tuple(st.name for st in current.model.stages)
        req = replace(req, stages=names, stage_ids=dict(zip(names, current.stage_ids)))
        notes.append(
            f"note: stages copied from {current.doc.path} (same ids, so the comparison with the current state lines up)"
        )
    return req, notes


def check_against(req: NewEntity, catalog: Catalog | None) -> list[str]:
    """Raise ScaffoldError when the id is taken by another file or --zooms-into names a map that is not a cem;
    notes for references that do not exist yet and a channel the taxonomy does not know."""
    notes = _channel_notes(req, catalog.taxonomy if catalog is not None else None)
    if catalog is None:
        return notes
    table = catalog.personas if req.kind == "persona" else catalog.maps if req.is_map else {}
    taken = table.get(req.ident)
    if taken is not None:
        raise ScaffoldError(f"the id '{req.ident}' is already used by {taken.doc.path}; choose another --title or --id")
    if req.kind == "touchpoint" and req.ident in catalog.touchpoints:
        raise ScaffoldError(
            f"the touchpoint id '{req.ident}' is already used (in {catalog.touchpoints[req.ident].path}); "
            "choose another --title or --id"
        )
    notes += [
        f"note: persona '{pid}' does not exist yet{_maybe(closest(pid, catalog.personas))}; create it with: "
        f"journeymaps new persona --title ... --id {pid}"
        for pid in req.personas
        if pid not in catalog.personas
    ]
    if req.future_of and req.future_of not in catalog.maps:
        notes.append(
            f"note: map '{req.future_of}' does not exist yet{_maybe(closest(req.future_of, catalog.maps))}; "
            "--future-of names the current-state map"
        )
    if req.zooms_into:
        notes += _zoom_notes(req.zooms_into, catalog)
    return notes


def _zoom_notes(zooms_into: str, catalog: Catalog) -> list[str]:
    cem_id, _, stage_id = zooms_into.partition("#")
    cems = sorted(mid for mid, v in catalog.maps.items() if v.kind == "cem")
    target = catalog.maps.get(cem_id)
    if target is not None and target.kind != "cem":
        raise ScaffoldError(
            f"--zooms-into '{zooms_into}': '{cem_id}' is a {target.kind}, not a cem; zooms_into names a stage of a "
            f"cem (cems: {', '.join(cems) or 'none yet'})"
        )
    if target is None:
        return [
            f"note: there is no cem '{cem_id}' yet{_maybe(closest(cem_id, cems))}; --zooms-into names a cem stage, "
            "e.g. customer-lifecycle#onboarding"
        ]
    if stage_id not in target.stage_ids:
        return [
            f"note: cem '{cem_id}' has no stage '{stage_id}'{_maybe(closest(stage_id, target.stage_ids))}; "
            f"its stages: {', '.join(target.stage_ids)}"
        ]
    return []


def _channel_notes(req: NewEntity, taxonomy: Taxonomy | None) -> list[str]:
    """A note when a touchpoint's channel is not in the site's taxonomy (validate warns of it)."""
    if req.kind != "touchpoint" or not req.channel:
        return []
    if taxonomy is None:  # a new project: no handbook yet, the built-in taxonomy
        from journeymaps.catalog.taxonomy import builtin

        taxonomy = builtin()
    if req.channel in taxonomy.channels:
        return []
    guess = _maybe(taxonomy.suggest_channel(req.channel))
    return [
        f"note: channel '{req.channel}' is not in the {taxonomy.source}{guess}; "
        f"use one of {', '.join(taxonomy.channels)}, or add it to the site taxonomy"
    ]
