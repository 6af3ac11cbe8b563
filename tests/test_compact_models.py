"""Validated models are kept compactly (journeymaps.validation.compact): the same values, less memory.

Each check compares a page's compact model with the model pydantic makes of the same frontmatter, on every page of
the example handbook, and checks the shared empty containers cannot be changed through one model for all.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from journeymaps.settings import Settings
from journeymaps.sources.files import folder_pages
from journeymaps.sources.loader import PageLoader
from journeymaps.validation.compact import NO_EXTRA, NO_ITEMS, compact
from journeymaps.validation.models import MODELS, Stage
from journeymaps.validation.validate import validate

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def _models(model: BaseModel) -> list[BaseModel]:
    """The model and every model in it."""
    found = [model]
    for value in model.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                found += _models(item)
    return found


def _example_docs() -> list[Any]:
    settings = Settings.for_folder(EXAMPLE, EXAMPLE.parent)
    docs = PageLoader(None).load(folder_pages(settings))
    return [d for d in docs if d.data is not None and d.entity_type in MODELS]


@pytest.fixture(scope="module")
def docs() -> list[Any]:
    found = _example_docs()
    assert len(found) > 20, "the example handbook's entity pages"
    return found


def test_a_compact_model_is_the_model_pydantic_makes(docs: list[Any]) -> None:
    for doc in docs:
        model = validate(doc).model
        assert model is not None, doc.path
        fresh = MODELS[doc.entity_type].model_validate(doc.data)
        assert type(model) is type(fresh)
        assert model == fresh, doc.path
        assert model.model_dump(mode="json") == fresh.model_dump(mode="json"), doc.path
        for mine, theirs in zip(_models(model), _models(fresh), strict=True):
            assert type(mine) is type(theirs)
            assert mine.model_fields_set == theirs.model_fields_set, doc.path
            assert mine.model_extra == theirs.model_extra, doc.path
            for name in type(mine).model_fields:
                assert getattr(mine, name) == getattr(theirs, name), (doc.path, name)


def test_unknown_keys_and_empty_lists_are_kept_and_read_only() -> None:
    stage = compact(Stage.model_validate({"name": "Sign up", "actions": [], "team_notes": "kept", "goal": " Pay "}))
    assert stage.name == "Sign up" and stage.goal == "Pay"
    assert stage.model_extra == {"team_notes": "kept"} and stage.team_notes == "kept"  # type: ignore[attr-defined]
    assert stage.actions == [] and stage.actions is NO_ITEMS and stage.thoughts is NO_ITEMS
    assert stage.model_fields_set == {"name", "actions", "goal", "team_notes"}  # as pydantic counts them
    bare = compact(Stage.model_validate({"name": "Pay"}))
    assert bare.model_extra == {} and bare.model_extra is NO_EXTRA
    # one frozen set of the fields set for every model that set the same ones
    assert compact(Stage.model_validate({"name": "Plan"})).model_fields_set is bare.model_fields_set
    assert isinstance(bare.model_fields_set, frozenset)
    for change in (
        lambda: bare.actions.append("x"),
        lambda: bare.actions.extend(["x"]),
        lambda: bare.actions.insert(0, "x"),
        lambda: bare.actions.__iadd__(["x"]),
        lambda: bare.actions.__setitem__(slice(None), ["x"]),
        lambda: NO_EXTRA.__setitem__("x", 1),
        lambda: NO_EXTRA.update(x=1),
        lambda: NO_EXTRA.setdefault("x", 1),
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    assert NO_ITEMS == [] and NO_EXTRA == {}


def _kept(make: Any) -> int:
    """The bytes still allocated after ``make()`` made what it returns (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        made = make()
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert made
    return kept


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="how CPython stores an instance's attributes")
def test_compact_models_keep_less_memory(docs: list[Any]) -> None:
    """pydantic gives each model a dict of its own and each empty list field a list of its own; the compact copies
    of the same pages keep well under three quarters of that (CPython 3.11 and 3.12 keep the values with the
    instance behind one table of names per class: about a third; 3.13 a key-sharing dict: about a half)."""
    pydantics = _kept(lambda: [MODELS[d.entity_type].model_validate(d.data) for d in docs])
    compacts = _kept(lambda: [compact(MODELS[d.entity_type].model_validate(d.data)) for d in docs])
    assert compacts < 0.75 * pydantics, (compacts, pydantics)
