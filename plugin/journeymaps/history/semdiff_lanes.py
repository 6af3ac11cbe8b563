"""The semantic diff of the lanes a team adds (the taxonomy's ``lanes:``) and of storyboard pictures, per stage.

:func:`lane_changes` gives (kind, text, stage, before, after) for one stage at two revisions, which
:mod:`journeymaps.history.semdiff` makes its changes of: a rating or a text lane that changed (``lane``), a list
lane's items added and removed (``lane-added``, ``lane-removed``), a picture added, removed or replaced
(``image``). The lane's label is the newer taxonomy's (the older one's for a lane no longer declared).
"""

from __future__ import annotations

from typing import Any

from journeymaps.handbook import Handbook
from journeymaps.history.markdown import em, md
from journeymaps.i18n import _

__all__ = ["lane_changes"]

Side = tuple[str, int, Any]
"""(map id, stage index, stage model) at one revision."""
Found = tuple[str, str, str | None, Any, Any]


def _values(hb: Handbook, side: Side) -> dict[str, Any]:
    per_stage = hb.catalog.lane_values.get(side[0], [])
    return per_stage[side[1]] if side[1] < len(per_stage) else {}


def _image(hb: Handbook, side: Side) -> str | None:
    per_stage = hb.catalog.stage_images.get(side[0], [])
    image = per_stage[side[1]] if side[1] < len(per_stage) else None
    return image.src_uri if image is not None else None


def _shown(value: Any) -> str:
    if value is None:
        return _("none")
    return md("; ".join(value) if isinstance(value, list) else str(value))


def lane_changes(old_hb: Handbook, new_hb: Handbook, old: Side, new: Side) -> list[Found]:
    """What changed in one stage's custom lanes and storyboard picture between two revisions."""
    name = new[2].name
    at = em(name)
    before, after = _values(old_hb, old), _values(new_hb, new)
    labels = {k: x.label for k, x in old_hb.catalog.taxonomy.lanes.items()}
    labels.update({k: x.label for k, x in new_hb.catalog.taxonomy.lanes.items()})
    out: list[Found] = []
    for key in dict.fromkeys([*after, *before]):
        b, a = before.get(key), after.get(key)
        if b == a:
            continue
        what = labels.get(key, key)
        if isinstance(a, list) or isinstance(b, list):
            b_items, a_items = list(b or []), list(a or [])
            for item in a_items:
                if item not in b_items:
                    text = _("%(what)s added at %(stage)s: “%(item)s”", what=md(what), stage=at, item=md(item))
                    out.append(("lane-added", text, name, None, item))
            for item in b_items:
                if item not in a_items:
                    text = _("%(what)s removed at %(stage)s: “%(item)s”", what=md(what), stage=at, item=md(item))
                    out.append(("lane-removed", text, name, item, None))
            continue
        text = _(
            "%(what)s at %(stage)s: %(before)s → %(after)s", what=md(what), stage=at, before=_shown(b), after=_shown(a)
        )
        out.append(("lane", text, name, b, a))
    b_img, a_img = _image(old_hb, old), _image(new_hb, new)
    if b_img != a_img:
        text = _(
            "storyboard picture at %(stage)s: %(before)s → %(after)s",
            stage=at,
            before=_shown(b_img),
            after=_shown(a_img),
        )
        out.append(("image", text, name, b_img, a_img))
    return out
