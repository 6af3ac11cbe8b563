"""Analyse: the ranked opportunity backlog of the whole handbook.

Ranked by priority (:func:`journeymaps.vocabulary.priority`: impact x (6 - effort),
from 1, few customers and very hard, to 25, almost everyone and easy). Ties go
to the higher impact, then the map id, the stage order and the item order,
so the ranking is stable. Unscored opportunities come after the scored ones,
in source order.

Only open opportunities are ranked (status ``idea``, ``planned`` or
``in-progress``): the next quarter's candidates are the top open ones. Closed
ones (``done``, ``dropped``) come last, unranked, scored ones first by
priority, so the page still shows what was delivered and what was let go.

Open opportunities that link the same ticket are one work item (a CEM's stage and the CJM that details it often
name the same fix): it is ranked once, where it ranks highest; its other entries follow the ranked ones, each
saying which rank it shares, so that the next quarter's three are three pieces of work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from journeymaps.catalog.resolve import Catalog
from journeymaps.i18n import N_
from journeymaps.validation.fields import STATUSES
from journeymaps.validation.items import Opportunity
from journeymaps.vocabulary import priority

NEXT_QUARTER = 3  # "take the top three into the next quarter"
OPEN_STATUSES = ("idea", "planned", "in-progress")
"""Statuses still to deliver: only these are ranked."""
STATUS_LABEL: dict[str, str] = {
    "idea": N_("idea"),
    "planned": N_("planned"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
"""Each status's word (English here; said with ``_()``), in the order of :data:`STATUSES`."""
assert tuple(STATUS_LABEL) == STATUSES


@dataclass(frozen=True)
class RankedOpportunity:
    rank: int | None  # None for unscored and closed ones
    score: int | None
    map_id: str
    map_title: str
    stage_index: int
    stage_id: str
    stage_name: str
    opportunity: Opportunity
    personas: tuple[str, ...]
    same_as: int | None = None  # the rank of the entry that links the same ticket, ranked in its place

    @property
    def next_quarter(self) -> bool:
        return self.rank is not None and self.rank <= NEXT_QUARTER

    @property
    def status(self) -> str:
        return self.opportunity.status

    @property
    def open(self) -> bool:
        return is_open(self.opportunity)


def is_open(op: Opportunity) -> bool:
    """Still to deliver: an idea, planned or in progress (not done, not dropped)."""
    return op.status in OPEN_STATUSES


def score(op: Opportunity) -> int | None:
    """The opportunity's priority (None until both impact and effort are scored)."""
    return priority(op.impact, op.effort)


def rank_opportunities(catalog: Catalog) -> list[RankedOpportunity]:
    """Open scored opportunities ranked 1, 2, ...; then open unscored ones, then closed ones (unranked)."""
    scored: list[tuple[tuple[int, int, str, int, int], RankedOpportunity]] = []
    unscored: list[RankedOpportunity] = []
    closed: list[tuple[tuple[int, int, int, str, int, int], RankedOpportunity]] = []
    for mid, v, m in sorted(catalog.valid_maps(), key=lambda entry: entry[0]):
        for si, stage in enumerate(m.stages):
            for oi, op in enumerate(stage.opportunities):
                s = score(op)
                item = RankedOpportunity(None, s, mid, m.title, si, v.stage_ids[si], stage.name, op, tuple(v.personas))
                if not is_open(op):
                    closed.append(((STATUSES.index(op.status), s is None, -(s or 0), mid, si, oi), item))
                elif s is None:
                    unscored.append(item)
                else:
                    scored.append(((-s, -(op.impact or 0), mid, si, oi), item))
    scored.sort(key=lambda pair: pair[0])
    closed.sort(key=lambda pair: pair[0])
    ranked: list[RankedOpportunity] = []
    again: list[RankedOpportunity] = []  # a ticket already ranked: one work item, one rank
    ticket_rank: dict[str, int] = {}
    for _, item in scored:
        link = item.opportunity.link
        if link and link in ticket_rank:
            again.append(replace(item, same_as=ticket_rank[link]))
            continue
        ranked.append(replace(item, rank=len(ranked) + 1))
        if link:
            ticket_rank[link] = len(ranked)
    return ranked + again + unscored + [item for _, item in closed]
