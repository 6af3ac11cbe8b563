"""``journeymaps new cjm --kind ...``: the stage lines of a day-in-the-life map and of a service blueprint.

:mod:`journeymaps.interop.scaffold` writes the map's header and, for a journey, its stages; a map of another kind
gets its stages from here: a day's stages with a time each, a blueprint's with the lanes of the method in order.
"""

from __future__ import annotations

from collections.abc import Callable

KIND_HELP = "journey | day-in-the-life (the customer's wider day) | blueprint (what happens behind each touchpoint)"
_HOURS = ("07:30", "09:00", "12:30", "15:00", "18:30", "21:00", "22:30")


def kind_stage(
    kind: str, index: int, name_line: str, id_line: str, emotion_help: str, line: Callable[..., str]
) -> list[str]:
    """The lines of stage ``index`` of a map of ``kind`` (day-in-the-life or blueprint)."""
    first = index == 0

    def says(text: str) -> str:
        return text if first else ""

    if kind == "day-in-the-life":
        return [
            name_line,
            id_line,
            line(4, "time", f'"{_HOURS[index % len(_HOURS)]}"', says("HH:MM, in order; or part_of_day: morning")),
            line(4, "actions", "[]", says("what they do, with us or not")),
            line(4, "thoughts", "[]", says("what they think, in their words")),
            line(4, "touchpoints", "[]", says("ours by id; another brand's: {name: ..., channel: app, brand: ...}")),
            line(4, "emotion", "", says(emotion_help)),
            line(4, "pain_points", "[]", says("unmet needs of the wider day")),
        ]
    return [
        name_line,
        id_line,
        line(4, "physical_evidence", "[]", says("what the customer sees or holds: [Welcome letter, ...]")),
        line(4, "actions", "[]", says("what the customer does")),
        line(4, "touchpoints", "[]", says("on the line of interaction: touchpoint ids")),
        line(4, "frontstage", "[]", says("what our staff and systems do in sight of the customer")),
        line(4, "backstage", "[]", says("below the line of visibility: what happens out of sight")),
        line(4, "support", "[]", says("below the line of internal interaction: systems, partners")),
        line(4, "emotion", "", says(emotion_help)),
        line(4, "pain_points", "[]", says("text, or {title: ..., severity: 1 minor .. 5 critical}")),
        line(4, "owner", "", says("who keeps this stage true")),
    ]
