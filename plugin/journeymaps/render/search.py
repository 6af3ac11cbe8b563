"""What a search index reads for a map page: the grid's words, without its markup.

Material's search reads every tag of a page with a pure-Python HTML parser; a
grid is hundreds of tags, so indexing this instead takes a fraction of the
time, and gives readable results that open the stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymaps.i18n import _
from journeymaps.render.map_view import map_lanes, touchpoints_by_stage
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import metric

if TYPE_CHECKING:
    from journeymaps.render.pages import PageRenderer

__all__ = ["search_text"]

CUSTOM = ("custom_text", "custom_list", "rating")
"""The kinds of the taxonomy's lanes: their values are the catalog's, not the stage model's."""


def search_text(r: PageRenderer, src_uri: str) -> tuple[str, str] | None:
    """What a search index should read for the map page at ``src_uri`` instead of its grid: the same words, as
    (an intro for before the page's own text: the map's kind, personas and scope; the stages for after it: per
    stage a heading with the grid column's id, then its lanes as sentences), without the grid's markup, curve
    or Mermaid source. None for every other page, and for a map with errors (its error box is indexed as is)."""
    cat = r.handbook.catalog
    v = cat.by_src.get(src_uri)
    if v is None or not isinstance(v.model, (Cjm, Cem)) or cat.maps.get(v.id) is not v or r.errors(src_uri):
        return None
    m = v.model
    stages = []
    custom, images = cat.lane_values.get(v.id, []), cat.stage_images.get(v.id, [])
    # the lanes as the grid shows them, with their names in the active language: the same for every stage
    shown = [(key, _(english), kind) for key, english, kind in map_lanes(cat.taxonomy, m.lanes)]
    path_label = _("Path")
    for i, (st, tps) in enumerate(zip(m.stages, touchpoints_by_stage(cat, v.id))):
        lanes = []
        for key, label, kind in shown:
            value: Any = custom[i].get(key) if kind in CUSTOM and i < len(custom) else getattr(st, key, None)
            if kind == "image" and i < len(images) and images[i] is not None:
                lanes.append((label, images[i].alt))  # type: ignore[union-attr]
            elif kind in ("text", "custom_text") and value:
                lanes.append((label, str(value)))
            elif kind == "rating" and value:
                lanes.append((label, _("%(n)s of 5", n=value)))
            elif kind in ("list", "custom_list") and value:
                lanes.append((label, "; ".join(value)))
            elif kind == "touchpoints" and tps:
                lanes.append((label, "; ".join(f"{t.name} ({r.channel(t.channel)['label']})" for t in tps)))
            elif kind == "pain_points" and value:
                lanes.append((label, "; ".join(pp.title for pp in value)))
            elif kind == "opportunities" and value:
                lanes.append((label, "; ".join(op.title + (f" ({op.owner})" if op.owner else "") for op in value)))
            elif kind == "quotes" and value:
                lanes.append((label, " ".join(f"“{q.text}”" + (f" ({q.source})" if q.source else "") for q in value)))
            elif kind == "metrics" and value:
                lanes.append((label, "; ".join(f"{k.replace('_', ' ')} {metric(value[k])}" for k in sorted(value))))
        for p in st.paths:  # an alternative path: its name, then its actions, touchpoints and pain points
            said = [p.name, *p.actions, *(t if isinstance(t, str) else t.name for t in p.touchpoints)]
            lanes.append((path_label, "; ".join(said + [pp.title for pp in p.pain_points])))
        stages.append({"id": v.stage_ids[i], "name": st.name, "moment_of_truth": st.moment_of_truth, "lanes": lanes})
    template = r.env.get_template("journeymaps/search_map.html")
    context = template.new_context(
        {"m": m, "v": v, "stages": stages, "personas": [r.persona_name(p) for p in v.personas]}
    )
    return "".join(template.blocks["intro"](context)), "".join(template.blocks["stages"](context))
