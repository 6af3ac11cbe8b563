"""Analyse: the semantic diff of a stage's alternative paths (added, removed, and what changed in one).

Paths are matched by name (case does not matter); a renamed path is one removed and one added. Used by
:mod:`journeymaps.history.semdiff`, which turns each change into its ``Change`` (kind, text, before, after).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from journeymaps.i18n import N_, _
from journeymaps.validation.models import Stage, StagePath
from journeymaps.vocabulary import num, signed

__all__ = ["path_changes"]

PathChange = tuple[str, str, Any, Any]
"""(kind, text, before, after): kind is ``path-added``, ``path-removed`` or ``path-changed``."""


def _share(value: float | None) -> str:
    return _("none") if value is None else _("%(n)s%%", n=num(value))


def _emotion(value: float | None) -> str:
    return _("none") if value is None else signed(value)


def _refs(path: StagePath) -> list[str]:
    return [ref if isinstance(ref, str) else ref.name for ref in path.touchpoints]


def _items(label: str, before: Iterable[str], after: Iterable[str]) -> list[tuple[str, str]]:
    """(what, item) for every item added or removed, said in the active language."""
    b, a = list(dict.fromkeys(before)), list(dict.fromkeys(after))
    return [(_("%(what)s added", what=_(label)), x) for x in a if x not in b] + [
        (_("%(what)s removed", what=_(label)), x) for x in b if x not in a
    ]


def path_changes(old: Stage, new: Stage, md: Callable[[str], str], em: Callable[[str], str]) -> list[PathChange]:
    """What changed in the paths of one stage (``old`` and ``new`` are the same stage in two states).

    Args:
        old: The stage before.
        new: The stage after.
        md: Escapes text for the diff's Markdown.
        em: Writes a stage name in italics.
    """
    stage = em(new.name)
    before = {p.name.casefold(): p for p in old.paths}
    after = {p.name.casefold(): p for p in new.paths}
    out: list[PathChange] = []
    for key, p in after.items():
        if key not in before:
            shown = f" ({_share(p.share)})" if p.share is not None else ""
            text = _("path added at %(stage)s: “%(path)s”%(share)s", stage=stage, path=md(p.name), share=shown)
            out.append(("path-added", text, None, p.name))
    for key, p in before.items():
        if key not in after:
            text = _("path removed at %(stage)s: “%(path)s”", stage=stage, path=md(p.name))
            out.append(("path-removed", text, p.name, None))
    for key, n in after.items():
        o = before.get(key)
        if o is None:
            continue

        def said(what: str, o_val: str, n_val: str, name: str = n.name) -> str:
            return _(
                "path “%(path)s” at %(stage)s: %(what)s %(before)s → %(after)s",
                path=md(name),
                stage=stage,
                what=what,
                before=o_val,
                after=n_val,
            )

        if o.share != n.share:
            out.append(("path-changed", said(_("share"), _share(o.share), _share(n.share)), o.share, n.share))
        if o.emotion != n.emotion:
            out.append(
                ("path-changed", said(_("emotion"), _emotion(o.emotion), _emotion(n.emotion)), o.emotion, n.emotion)
            )
        changed = _items(N_("action"), o.actions, n.actions)
        changed += _items(N_("pain point"), [x.title for x in o.pain_points], [x.title for x in n.pain_points])
        changed += _items(N_("touchpoint"), _refs(o), _refs(n))
        for what, item in changed:
            text = _(
                "path “%(path)s” at %(stage)s: %(what)s “%(item)s”",
                path=md(n.name),
                stage=stage,
                what=what,
                item=md(item),
            )
            out.append(("path-changed", text, None, item))
    return out
