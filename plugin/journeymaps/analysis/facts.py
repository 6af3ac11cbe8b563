"""Stage 4, analyse: what the handbook computes from the catalog.

Per map: whether it rests only on assumptions, its review status, and its
emotion series per persona. The comparison views, the ranked opportunity
backlog and the health checks build on these facts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from journeymaps.catalog.resolve import Catalog
from journeymaps.i18n import _
from journeymaps.settings import Options
from journeymaps.validation.items import Evidence
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import mean

MAX_EPOCH = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a date can hold: a later ``SOURCE_DATE_EPOCH`` is ignored."""


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible builds: the time to use instead of the clock), or None when unset
    (or not a time a date can hold)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() and len(epoch) <= 12 and int(epoch) <= MAX_EPOCH else None


def utc_time(epoch: int) -> datetime:
    """A time in seconds since 1970 (a git commit's, SOURCE_DATE_EPOCH) as a UTC time, held to what a date can
    hold: a crafted far-future or negative commit time gives 9999-12-31 or 1970-01-01, never an OverflowError."""
    return datetime.fromtimestamp(min(max(int(epoch), 0), MAX_EPOCH), tz=UTC)


def build_date(override: date | None = None) -> date:
    """The date the build is "as of": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    if override is not None:
        return override
    epoch = source_date_epoch()
    if epoch is not None:
        return utc_time(epoch).date()
    return datetime.now(tz=UTC).date()


def assumption_based(evidence: list[Evidence]) -> bool:
    """No evidence at all, or only ``assumption``: the map is a hypothesis."""
    return all(item.type == "assumption" for item in evidence)


@dataclass
class Review:
    reviewed: date | None
    every: int
    due: date | None
    stale: bool

    @property
    def status(self) -> str:
        """``never reviewed``, ``stale`` or ``up to date``: English, for data (``journeymaps.json``)."""
        if self.reviewed is None:
            return "never reviewed"
        return "stale" if self.stale else "up to date"

    @property
    def label(self) -> str:
        """The status as readers see it, in the active language."""
        if self.reviewed is None:
            return _("never reviewed")
        return _("stale") if self.stale else _("up to date")


@dataclass
class MapFacts:
    map_id: str
    assumption_based: bool
    review: Review
    series: dict[str, list[float | None]] = field(default_factory=dict)  # persona id -> per stage
    mean_emotion: float | None = None
    stage_means: list[float | None] = field(default_factory=list)
    """Per stage, the emotion over the map's personas (:func:`journeymaps.vocabulary.mean`)."""
    moments_of_truth: list[bool] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """One piece of map-health advice (:mod:`journeymaps.analysis.health`)."""

    map_id: str
    code: str
    message: str
    reason: str
    field: str
    line: int | None
    anchor: str = ""  # the stage on the map page, when the finding is about one
    path: str | None = None  # the file to fix, when it is not the map's (a touchpoint's own file)


@dataclass
class Analysis:
    as_of: date
    maps: dict[str, MapFacts] = field(default_factory=dict)
    health: dict[str, list[Finding]] = field(default_factory=dict)
    """Map id -> its health findings, filled on first use (health.map_health)."""


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, held to the dates a calendar can hold (9999-12-31 plus a year is 9999-12-31)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:  # past date.max or before date.min, or more days than timedelta holds
        return date.max if days > 0 else date.min


def review_of(model: Cjm | Cem, default_every: int, as_of: date) -> Review:
    every = model.review_every or default_every
    if model.reviewed is None:
        return Review(None, every, None, True)
    due = add_days(model.reviewed, every)
    return Review(model.reviewed, every, due, due < as_of)


def emotion_series(model: Cjm | Cem, personas: list[str]) -> dict[str, list[float | None]]:
    """Each persona's emotion per stage. A single number in a cem applies to all its personas."""
    out: dict[str, list[float | None]] = {pid: [] for pid in personas}
    for stage in model.stages:
        for pid in personas:
            value = stage.emotion
            out[pid].append(value.get(pid) if isinstance(value, dict) else value)
    if not personas:
        out[""] = [s.emotion if not isinstance(s.emotion, dict) else None for s in model.stages]
    return out


def analyse(catalog: Catalog, review_every: int = Options.review_every, as_of: date | None = None) -> Analysis:
    result = Analysis(build_date(as_of))
    for mid, v in catalog.maps.items():
        model = v.model
        if not isinstance(model, (Cjm, Cem)):
            continue
        series = emotion_series(model, v.personas)
        channels = sorted(
            {catalog.touchpoints[t].channel for ids in catalog.stage_touchpoints.get(mid, []) for t in ids}
        )
        result.maps[mid] = MapFacts(
            mid,
            assumption_based(model.evidence),
            review_of(model, review_every, result.as_of),
            series,
            mean_emotion=mean(x for s in series.values() for x in s),
            stage_means=[mean(values[i] for values in series.values()) for i in range(len(model.stages))],
            moments_of_truth=[s.moment_of_truth for s in model.stages],
            channels=channels,
        )
    return result
