"""Analyse: the ranked opportunity backlog of the whole handbook.

Ranked by priority (:func:`journeymaps.vocabulary.priority`: impact x (6 - effort),
from 1, few customers and very hard, to 25, almost everyone and easy). Ties go
to the higher impact, then the map id, the stage order and the item order,
so the ranking is stable. Unscored opportunities come after the scored ones,
in source order.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymaps.catalog.resolve import Catalog
from journeymaps.validation.models import Opportunity
from journeymaps.vocabulary import priority

NEXT_QUARTER = 3  # "take the top three into the next quarter"


@dataclass(frozen=True)
class RankedOpportunity:
    rank: int | None  # None for unscored
    score: int | None
    map_id: str
    map_title: str
    stage_index: int
    stage_id: str
    stage_name: str
    opportunity: Opportunity
    personas: tuple[str, ...]

    @property
    def next_quarter(self) -> bool:
        return self.rank is not None and self.rank <= NEXT_QUARTER


def score(op: Opportunity) -> int | None:
    """The opportunity's priority (None until both impact and effort are scored)."""
    return priority(op.impact, op.effort)


def rank_opportunities(catalog: Catalog) -> list[RankedOpportunity]:
    scored: list[tuple[tuple[int, int, str, int, int], RankedOpportunity]] = []
    unscored: list[RankedOpportunity] = []
    for mid, v, m in sorted(catalog.valid_maps(), key=lambda entry: entry[0]):
        for si, stage in enumerate(m.stages):
            for oi, op in enumerate(stage.opportunities):
                s = score(op)
                item = RankedOpportunity(None, s, mid, m.title, si, v.stage_ids[si], stage.name, op, tuple(v.personas))
                if s is None:
                    unscored.append(item)
                else:
                    scored.append(((-s, -(op.impact or 0), mid, si, oi), item))
    scored.sort(key=lambda pair: pair[0])
    ranked = [
        RankedOpportunity(
            i + 1,
            *(
                getattr(item, f)
                for f in (
                    "score",
                    "map_id",
                    "map_title",
                    "stage_index",
                    "stage_id",
                    "stage_name",
                    "opportunity",
                    "personas",
                )
            ),
        )
        for i, (_, item) in enumerate(scored)
    ]
    return ranked + unscored
