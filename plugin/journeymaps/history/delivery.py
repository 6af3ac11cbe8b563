"""Analyse: what happened to the opportunities a stage kept, for the semantic diff ("Magic-link signup: planned →
done"). Opportunities are matched by title; added and removed ones are the diff's own list changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeymaps.analysis.backlog import STATUS_LABEL
from journeymaps.i18n import _
from journeymaps.validation.items import Opportunity

__all__ = ["delivery_changes"]


def _code(link: str | None) -> str:
    return "`" + " ".join(link.replace("`", "'").split()) + "`" if link else _("none")


def delivery_changes(
    before: Sequence[Opportunity], after: Sequence[Opportunity], stage: str, md: Callable[[str], str]
) -> list[tuple[str, str, str, str | None, str | None]]:
    """(kind, text, stage, before, after) for each opportunity whose status or link changed; ``md`` makes user
    text safe in Markdown. The words are in the active language; before and after stay English data."""
    old = {op.title.casefold(): op for op in before}
    out: list[tuple[str, str, str, str | None, str | None]] = []
    for op in after:
        was = old.get(op.title.casefold())
        if was is None:
            continue
        where, what = f"*{md(stage)}*", f"“{md(op.title)}”"  # outside _(): Babel warns of f-strings inside
        if was.status != op.status:
            text = _(
                "opportunity status at %(stage)s: %(title)s: %(before)s → %(after)s",
                stage=where,
                title=what,
                before=_(STATUS_LABEL[was.status]),
                after=_(STATUS_LABEL[op.status]),
            )
            out.append(("opportunity-status", text, stage, was.status, op.status))
        if was.link != op.link:
            text = _(
                "opportunity link at %(stage)s: %(title)s: %(before)s → %(after)s",
                stage=where,
                title=what,
                before=_code(was.link),
                after=_code(op.link),
            )
            out.append(("opportunity-link", text, stage, was.link, op.link))
    return out
