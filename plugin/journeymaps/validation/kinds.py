"""Stage 2, validate: the rules of the map kinds (``kind: journey | day-in-the-life | blueprint``) in one map.

A day-in-the-life map reads as a day: its stages carry a ``time`` or a ``part_of_day``, in order. A time or a
blueprint link where it means nothing is a warning. Whether ``blueprint:`` names a blueprint map is checked
with the other files, in :mod:`journeymaps.catalog.resolve`.
"""

from __future__ import annotations

from journeymaps.diagnostics import Diagnostic, Severity
from journeymaps.sources.frontmatter import SourceDoc
from journeymaps.validation.fields import PARTS_OF_DAY
from journeymaps.validation.models import Cem, Cjm, Stage

PART_STARTS = dict(zip(PARTS_OF_DAY, (6 * 60, 12 * 60, 14 * 60, 18 * 60, 22 * 60)))
"""Where each part of the day starts, in minutes after midnight: how a part sorts among times."""


def minute_of_day(stage: Stage) -> int | None:
    """When the stage happens, in minutes after midnight (a part of the day: its start), or None."""
    if stage.time:
        hours, minutes = stage.time.split(":")
        return int(hours) * 60 + int(minutes)
    return PART_STARTS[stage.part_of_day] if stage.part_of_day else None


def when(stage: Stage) -> str:
    return stage.time or stage.part_of_day or ""


def check_kind(model: Cjm | Cem, doc: SourceDoc, diags: list[Diagnostic]) -> None:
    path = doc.path

    def warn(loc: tuple[str | int, ...], field: str, message: str) -> None:
        diags.append(Diagnostic(path, doc.line(loc), field, message, Severity.WARNING))

    if model.blueprint and model.kind == "blueprint":
        warn(("blueprint",), "blueprint", "a blueprint map does not link a blueprint; journeys link to it")
    last: tuple[int, int] | None = None  # (minute, stage index) of the latest stage so far
    for index, stage in enumerate(model.stages):
        key = "time" if stage.time else "part_of_day"
        if model.kind != "day-in-the-life":
            if stage.time or stage.part_of_day:
                warn(
                    ("stages", index, key),
                    f"stages[{index}].{key}",
                    f"{key} is for day-in-the-life maps (kind: day-in-the-life); this map is a {model.kind}",
                )
            continue
        minute = minute_of_day(stage)
        if minute is None:
            warn(
                ("stages", index),
                f"stages[{index}]",
                "a day-in-the-life stage needs a time (time: 07:30) or a part of the day "
                f"(part_of_day: {', '.join(PARTS_OF_DAY)})",
            )
            continue
        if last is not None and minute < last[0]:
            before = model.stages[last[1]]
            warn(
                ("stages", index, key),
                f"stages[{index}].{key}",
                f"'{when(stage)}' comes before stages[{last[1]}] ('{before.name}', {when(before)}); "
                "a day-in-the-life map reads as a day: put its stages in time order",
            )
        last = (minute, index) if last is None or minute >= last[0] else last
