"""``journeymaps.json``: the whole resolved catalog, machine-readable and deterministic."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from journeymaps.handbook import Handbook
from journeymaps.validation.models import Cem, Cjm
from journeymaps.version import __version__
from journeymaps.vocabulary import emotion_term, priority, two_decimals


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True) if model is not None else None


def _persona(handbook: Handbook, pid: str) -> dict[str, Any]:
    cat = handbook.catalog
    v = cat.personas[pid]
    return {
        "url": cat.url(v.doc.src_uri),
        "source": v.doc.path,
        "data": _dump(v.model),
        "maps": cat.persona_maps.get(pid, []),
    }


def _map(handbook: Handbook, mid: str) -> dict[str, Any]:
    cat, analysis = handbook.catalog, handbook.analysis
    v = cat.maps[mid]
    entry: dict[str, Any] = {
        "type": v.kind,
        "url": cat.url(v.doc.src_uri),
        "source": v.doc.path,
        "data": _dump(v.model),
    }
    if isinstance(v.model, (Cjm, Cem)):
        facts = analysis.maps[mid]
        entry.update(
            {
                "personas": v.personas,
                "stage_ids": v.stage_ids,
                "touchpoints_by_stage": cat.stage_touchpoints.get(mid, []),
                "touchpoints_by_path": cat.path_touchpoints.get(mid, []),  # stage -> path -> touchpoint ids
                "zoomed_by": [{"map": c, "stage": s} for c, s in cat.zoomed_by.get(mid, [])],
                "futures": cat.futures.get(mid, []),
                "kind": v.model.kind,
                "blueprint_of": cat.blueprints.get(mid, []),
                "assumption_based": facts.assumption_based,
                "review_status": facts.review.status,
                "review_due": facts.review.due.isoformat() if facts.review.due else None,
                "mean_emotion": two_decimals(facts.mean_emotion),
                "channels": facts.channels,
                "stages": [
                    {**_stage(v.stage_ids[i], stage, facts.stage_means[i]), **_stage_lanes(handbook, mid, i)}
                    for i, stage in enumerate(v.model.stages)
                ],
            }
        )
    return entry


def _stage(stage_id: str, stage: Any, emotion: float | None) -> dict[str, Any]:
    """What the handbook says about a stage, in its vocabulary: the emotion (the mean over the map's personas)
    and its word, and each opportunity's priority, delivery status and link."""
    return {
        "id": stage_id,
        "emotion": two_decimals(emotion),
        "emotion_word": emotion_term(emotion),  # data: English whatever the site's language
        "opportunities": [
            {"title": op.title, "priority": priority(op.impact, op.effort), "status": op.status, "link": op.link}
            for op in stage.opportunities
        ],
    }


def _stage_lanes(handbook: Handbook, mid: str, index: int) -> dict[str, Any]:
    """The stage's values of the taxonomy's lanes (as checked: a rating is a number, a list a list) and its
    storyboard picture (its URL on the site, with its alt text)."""
    cat = handbook.catalog
    values = cat.lane_values.get(mid, [])
    images = cat.stage_images.get(mid, [])
    image = images[index] if index < len(images) else None
    return {
        "lanes": values[index] if index < len(values) else {},
        "image": {"url": quote(image.src_uri), "alt": image.alt} if image is not None else None,
    }


def _touchpoint(handbook: Handbook, tid: str) -> dict[str, Any]:
    t = handbook.catalog.touchpoints[tid]
    return {
        "name": t.name,
        "channel": t.channel,
        "ownership": t.ownership,
        "owner": t.owner,
        "weight": t.weight,
        "brand": t.brand,
        "inline": t.inline,
        "url": handbook.catalog.url(t.src_uri),
        "source": t.path,
        "occurrences": [{"map": o.map_id, "stage": o.stage_id} for o in t.occurrences],
    }


def _encode(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def iter_catalog_json(
    handbook: Handbook, reuse: Callable[[str, str, Callable[[], str]], str] | None = None
) -> Iterator[str]:
    """``journeymaps.json`` in pieces, one entity per line: sorted keys, ``<``/``>``/``&`` escaped so the
    text is inert if embedded in HTML. Entities are encoded one at a time (the C encoder, little memory).
    ``reuse(section, id, make)``: an entity's line, ``make()`` or the same text kept from before (``serve``)."""
    cat, analysis = handbook.catalog, handbook.analysis
    head = {
        "generator": f"journeymaps {__version__}",
        "as_of": analysis.as_of.isoformat(),
        "taxonomy": cat.taxonomy.to_json(),
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "field": d.field,
                "message": d.message,
                "severity": d.severity.value,
                "suggestion": d.suggestion,
            }
            for d in cat.report.sorted()
        ],
    }
    sections = {
        "maps": (sorted(cat.maps), _map),
        "personas": (sorted(cat.personas), _persona),
        "touchpoints": (sorted(cat.touchpoints), _touchpoint),
    }
    yield "{"
    first = True
    for key in sorted([*head, *sections]):
        yield ("" if first else ",") + "\n" + _encode(key) + ":"
        first = False
        if key in head:
            yield _encode(head[key])
            continue
        ids, entry = sections[key]
        yield "{"
        for i, ident in enumerate(ids):

            def make(ident: str = ident, entry: Callable[[Handbook, str], Any] = entry) -> str:
                return _encode(entry(handbook, ident))

            body = reuse(key, ident, make) if reuse is not None else make()
            yield ("," if i else "") + "\n" + _encode(ident) + ":" + body
        yield "}"
    yield "\n}\n"


def catalog_json(handbook: Handbook) -> str:
    return "".join(iter_catalog_json(handbook))
