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
from journeymaps.i18n import _
from journeymaps.interop.said import did_you_mean
from journeymaps.interop.scaffold import NewEntity, ScaffoldError

if TYPE_CHECKING:
    from journeymaps.catalog.resolve import Catalog
    from journeymaps.catalog.taxonomy import Taxonomy

MAPS = ("cjm", "cem")
# option -> (the field of NewEntity, the kinds it is for)
_FOR = {
    "--persona": ("personas", MAPS),
    "--stages": ("stages", MAPS),
    "--future-of": ("future_of", MAPS),
    "--channel": ("channel", ("touchpoint",)),
}


def settle(req: NewEntity) -> tuple[NewEntity, list[str]]:
    """The request without the options its kind has no use for and without repeated persona ids; a note for each."""
    notes = []
    for option, (name, kinds) in _FOR.items():
        if req.kind not in kinds and getattr(req, name):
            notes.append(
                _(
                    "note: %(option)s is for a cjm or a cem, not a %(kind)s; it was left out",
                    option=option,
                    kind=req.kind,
                )
                if kinds == MAPS
                else _(
                    "note: %(option)s is for a touchpoint, not a %(kind)s; it was left out",
                    option=option,
                    kind=req.kind,
                )
            )
            req = replace(req, **{name: type(getattr(req, name))()})
    repeated = sorted({pid for pid in req.personas if req.personas.count(pid) > 1}, key=req.personas.index)
    if repeated:
        said = ", ".join(repr(p) for p in repeated)
        notes.append(_("note: --persona names %(ids)s more than once; written once", ids=said))
        req = replace(req, personas=tuple(dict.fromkeys(req.personas)))
    return req, notes


_maybe = did_you_mean


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
        known = (
            _("did you mean '%(guess)s'?", guess=guess)
            if guess
            else _("maps: %(maps)s", maps=", ".join(sorted(maps)) or _("none yet"))
        )
        raise ScaffoldError(
            _(
                "--future-of: no map '%(id)s' to copy the persona and stages from (%(known)s); name the current-state "
                "map, or give --persona and --stages",
                id=req.future_of,
                known=known,
            )
        )
    if current.kind != req.kind:
        raise ScaffoldError(
            _(
                "--future-of '%(id)s' is a %(current)s; a future-state %(kind)s is the future of a %(kind)s (future_of "
                "names a map of the same type): make a new %(current)s, or name a %(kind)s",
                id=req.future_of,
                current=current.kind,
                kind=req.kind,
            )
        )
    if not isinstance(current.model, (Cjm, Cem)):
        if req.personas and req.stages:
            return req, []
        raise ScaffoldError(
            _(
                "--future-of: %(path)s does not validate, so its persona and stages cannot be copied (see journeymaps "
                "validate); fix it first, or give --persona and --stages",
                path=current.doc.path,
            )
        )
    notes = []
    if not req.personas and current.personas and (req.kind == "cem" or len(current.personas) == 1):
        req = replace(req, personas=tuple(current.personas))
        said = _(
            "note: persona(s) copied from %(path)s: %(ids)s", path=current.doc.path, ids=", ".join(current.personas)
        )
        notes.append(said)
    if not req.stages:
        names = tuple(st.name for st in current.model.stages)
        req = replace(req, stages=names, stage_ids=dict(zip(names, current.stage_ids)))
        notes.append(
            _(
                "note: stages copied from %(path)s (same ids, so the comparison with the current state lines up)",
                path=current.doc.path,
            )
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
        said = _(
            "the id '%(id)s' is already used by %(path)s; choose another --title or --id",
            id=req.ident,
            path=taken.doc.path,
        )
        raise ScaffoldError(said)
    if req.kind == "touchpoint" and req.ident in catalog.touchpoints:
        raise ScaffoldError(
            _(
                "the touchpoint id '%(id)s' is already used (in %(path)s); choose another --title or --id",
                id=req.ident,
                path=catalog.touchpoints[req.ident].path,
            )
        )
    notes += [
        _(
            "note: persona '%(id)s' does not exist yet%(maybe)s; create it with: %(command)s",
            id=pid,
            maybe=_maybe(closest(pid, catalog.personas)),
            command="journeymaps new persona --title ... --id " + pid,
        )
        for pid in req.personas
        if pid not in catalog.personas
    ]
    if req.future_of and req.future_of not in catalog.maps:
        notes.append(
            _(
                "note: map '%(id)s' does not exist yet%(maybe)s; --future-of names the current-state map",
                id=req.future_of,
                maybe=_maybe(closest(req.future_of, catalog.maps)),
            )
        )
    if req.zooms_into:
        notes += _zoom_notes(req.zooms_into, catalog)
    return notes


def _zoom_notes(zooms_into: str, catalog: Catalog) -> list[str]:
    cem_id, _hash, stage_id = zooms_into.partition("#")
    cems = sorted(mid for mid, v in catalog.maps.items() if v.kind == "cem")
    target = catalog.maps.get(cem_id)
    if target is not None and target.kind != "cem":
        raise ScaffoldError(
            _(
                "--zooms-into '%(target)s': '%(id)s' is a %(kind)s, not a cem; zooms_into names a stage of a cem "
                "(cems: %(cems)s)",
                target=zooms_into,
                id=cem_id,
                kind=target.kind,
                cems=", ".join(cems) or _("none yet"),
            )
        )
    if target is None:
        return [
            _(
                "note: there is no cem '%(id)s' yet%(maybe)s; --zooms-into names a cem stage, e.g. "
                "customer-lifecycle#onboarding",
                id=cem_id,
                maybe=_maybe(closest(cem_id, cems)),
            )
        ]
    if stage_id not in target.stage_ids:
        return [
            _(
                "note: cem '%(id)s' has no stage '%(stage)s'%(maybe)s; its stages: %(stages)s",
                id=cem_id,
                stage=stage_id,
                maybe=_maybe(closest(stage_id, target.stage_ids)),
                stages=", ".join(target.stage_ids),
            )
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
    values = {
        "channel": req.channel,
        "path": taxonomy.source,
        "maybe": _maybe(taxonomy.suggest_channel(req.channel)),
        "channels": ", ".join(taxonomy.channels),
    }
    if taxonomy.source == "built-in taxonomy":  # no taxonomy file: the plugin's own
        return [
            _(
                "note: channel '%(channel)s' is not in the built-in taxonomy%(maybe)s; use one of %(channels)s, or "
                "add it to the site taxonomy",
                **values,
            )
        ]
    return [
        _(
            "note: channel '%(channel)s' is not in the %(path)s%(maybe)s; use one of %(channels)s, or add it to the "
            "site taxonomy",
            **values,
        )
    ]
