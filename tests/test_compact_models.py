"""Validated models are kept compactly (journeymaps.validation.compact): the same values, less memory.

Each check compares a page's compact model with the model pydantic makes of the same frontmatter, on every page of
the example handbook, and checks the shared empty containers cannot be changed through one model for all.
"""

from __future__ import annotations

import gc
import sys
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


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="how CPython stores an instance's attributes")
def test_a_compact_model_keeps_no_dict_of_its_own(docs: list[Any]) -> None:
    """CPython keeps a compact model's values with the instance (the garbage collector sees them directly), not in
    a dict made for it, as pydantic's own models are; asking for ``__dict__`` still works (pydantic does)."""
    doc = next(d for d in docs if d.entity_type == "cjm")
    model = validate(doc).model
    fresh = MODELS["cjm"].model_validate(doc.data)

    def own_dict(m: BaseModel) -> bool:
        return any(type(r) is dict and "stages" in r for r in gc.get_referents(m))

    assert own_dict(fresh)
    assert not own_dict(model)
    stage = model.stages[0]
    assert stage.name in gc.get_referents(stage)
    assert stage.__dict__["name"] == stage.name
