"""Misspelt keys: a key no model knows, close to one it does (``severty`` for ``severity``), at any depth.

Every mapping the author wrote is checked against the model that reads it: the page's, each stage's, each
path's, and each item of a list of models (pain points, opportunities, quotes, touchpoints declared in a stage,
evidence, a storyboard image...). A key that is close to a known one is a warning ("kept, but ignored"), with the
known key as the suggestion; also when the known key is there too, if the key is a near copy of it (``emoton: -2``
under ``emotion: 1``: the author meant to change the value; not material's ``tags`` beside ``stages``). A key that
resembles none is left alone (a theme's or another tool's metadata). A stage's key written in one of its paths
(``opportunities`` of a path) is a warning too: a path has no such lane, and what is under it would vanish from
the backlog without a word.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from pydantic import BaseModel

from journeymaps.diagnostics import Diagnostic, Severity, closest, field_path
from journeymaps.sources.frontmatter import Loc, SourceDoc
from journeymaps.validation.items import StagePath
from journeymaps.validation.models import Stage

__all__ = ["UNKNOWN_KEY", "misspellings"]

UNKNOWN_KEY = "is not a known key (kept, but ignored)"
NEAR_COPY = 0.9
"""How alike a key must be to a known key that is there too to be its typo: emoton/emotion 0.92, tags/stages 0.8."""
STAGE_KEY = "is a stage's key, not a path's (kept, but ignored): put it on the stage; a path has " + ", ".join(
    StagePath.model_fields
)


SYNONYMS = {
    **dict.fromkeys(("last_reviewed", "reviewed_on", "review_date", "last_review"), "reviewed"),
    **dict.fromkeys(("steps", "phases"), "stages"),
    **dict.fromkeys(("emotions", "feeling", "feelings", "sentiment", "mood"), "emotion"),
    **dict.fromkeys(("pains", "problems", "frictions"), "pain_points"),
    **dict.fromkeys(("ideas", "solutions", "improvements"), "opportunities"),
    **dict.fromkeys(("kpis", "kpi"), "metrics"),
    "verbatims": "quotes",
    "moment": "moment_of_truth",
}
"""Other tools' and practices' words for a key (a journey's ``phases``, a stage's ``sentiment``): said as a misspelt
key is, where the model has that key; a word that is not close to a key is otherwise left alone (a theme's own)."""


def misspellings(doc: SourceDoc, model: type[BaseModel]) -> list[Diagnostic]:
    """The misspelt keys of ``doc``'s frontmatter, read as ``model`` (whether or not the model could be built)."""
    return list(_walk(doc.data, model, (), doc))


def _walk(data: Any, model: type[BaseModel], loc: Loc, doc: SourceDoc) -> Iterator[Diagnostic]:
    if not isinstance(data, dict):
        return
    known, inner = _shape(model)
    for key in data:
        if key in known:
            continue
        if model is StagePath and key in Stage.model_fields:
            where = (*loc, key)
            yield Diagnostic(doc.path, doc.line(where), field_path(where), STAGE_KEY, Severity.WARNING)
        elif isinstance(key, str):
            guess = closest(key, known, cutoff=0.8) or SYNONYMS.get(key.lower())
            guess = guess if guess in known else None  # a synonym of a key this model does not have
            # next to the key it resembles, only a near copy of it is a typo (`emoton`), not another word that
            # happens to be close (material's `tags` beside `stages`)
            if guess and (guess not in data or SequenceMatcher(None, key, guess).ratio() >= NEAR_COPY):
                where = (*loc, key)
                yield Diagnostic(doc.path, doc.line(where), field_path(where), UNKNOWN_KEY, Severity.WARNING, guess)
    for key, item_model in inner:
        value = data.get(key)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _walk(item, item_model, (*loc, key, i), doc)
        elif isinstance(value, dict):
            yield from _walk(value, item_model, (*loc, key), doc)


@cache
def _shape(model: type[BaseModel]) -> tuple[frozenset[str], tuple[tuple[str, type[BaseModel]], ...]]:
    """A model's keys, and (key, model) of each field read as a model or a list of them (once per model: every
    stage of every map is walked)."""
    fields = model.model_fields
    known = frozenset(fields) | {f.alias for f in fields.values() if f.alias}
    inner = tuple(
        (info.alias or name, m) for name, info in fields.items() if (m := _model_of(info.annotation)) is not None
    )
    return known, inner


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The one model a field's values (or list items) are read as: ``list[str | PainPoint]`` -> PainPoint."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, tuple) or typing.get_args(annotation):
        found = {m for arg in typing.get_args(annotation) if (m := _model_of(arg)) is not None}
        return found.pop() if len(found) == 1 else None
    return None
