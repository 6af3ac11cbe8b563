"""``journeymaps.json``: the whole resolved catalog, machine-readable and deterministic."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..build import Handbook
from ..models import Cem, Cjm


def catalog_data(handbook: Handbook) -> dict[str, Any]:
    cat, analysis = handbook.catalog, handbook.analysis

    def dump(model: Any) -> Any:
        return model.model_dump(mode="json", exclude_none=True) if model is not None else None

    personas = {pid: {"url": cat.url(v.doc.src_uri), "source": v.doc.path, "data": dump(v.model),
                      "maps": cat.persona_maps.get(pid, [])} for pid, v in sorted(cat.personas.items())}
    maps: dict[str, Any] = {}
    for mid, v in sorted(cat.maps.items()):
        entry: dict[str, Any] = {"type": v.kind, "url": cat.url(v.doc.src_uri), "source": v.doc.path, "data": dump(v.model)}
        if isinstance(v.model, (Cjm, Cem)):
            facts = analysis.maps[mid]
            entry.update({
                "personas": v.personas, "stage_ids": v.stage_ids,
                "touchpoints_by_stage": cat.stage_touchpoints.get(mid, []),
                "zoomed_by": [{"map": c, "stage": s} for c, s in cat.zoomed_by.get(mid, [])],
                "futures": cat.futures.get(mid, []),
                "assumption_based": facts.assumption_based, "review_status": facts.review.status,
                "review_due": facts.review.due.isoformat() if facts.review.due else None,
                "mean_emotion": facts.mean_emotion, "channels": facts.channels,
            })
        maps[mid] = entry
    touchpoints = {t.id: {"name": t.name, "channel": t.channel, "ownership": t.ownership, "owner": t.owner,
                          "weight": t.weight, "inline": t.inline, "url": cat.url(t.src_uri), "source": t.path,
                          "occurrences": [{"map": o.map_id, "stage": o.stage_id} for o in t.occurrences]}
                   for t in sorted(cat.touchpoints.values(), key=lambda t: t.id)}
    return {
        "generator": f"journeymaps {__version__}",
        "as_of": analysis.as_of.isoformat(),
        "taxonomy": cat.taxonomy.to_json(),
        "personas": personas, "maps": maps, "touchpoints": touchpoints,
        "diagnostics": [{"path": d.path, "line": d.line, "field": d.field, "message": d.message,
                         "severity": d.severity.value, "suggestion": d.suggestion} for d in cat.report.sorted()],
    }


def catalog_json(handbook: Handbook) -> str:
    """Sorted keys, fixed indentation, ``<``/``>``/``&`` escaped so the text is inert if embedded in HTML."""
    text = json.dumps(catalog_data(handbook), indent=1, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
