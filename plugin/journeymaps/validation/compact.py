"""Validated models, stored compactly: what a 1,000-map handbook keeps in memory for the whole build.

pydantic gives every model instance a dict of its own fields (at 1,000 maps: 26,500 models, 9 MB of dicts, most of
each dict's room spent on the hash table of field names that every instance of the class repeats), a fresh empty
list for every list field left out (57,000 of them), an empty dict for unknown keys and a set of the fields the
author set (26,500 sets, 9.5 MB). Once a page is validated, :func:`compact` copies its model into the form CPython
gives ordinary objects: the field values stored with the instance, behind one table of names per class (key-sharing,
PEP 412). Empty lists become one shared read-only list, an empty set of unknown keys one shared read-only dict, and
the fields set one frozen set shared by every model that set the same fields. The copy is the same class with the
same values: attribute access, ``model_dump``, ``model_fields_set``, ``model_extra`` and ``==`` behave as on the
original.

CPython shares the names only if each class's table holds them before pydantic makes its first instance (each
instance pydantic makes lowers the room the table keeps for names added later), so :func:`share_field_names` runs
as each model class is made. CPython 3.11 and 3.12 then keep a copy's values with the instance (the models of the
example handbook: 28% of pydantic's memory); 3.13, which keeps no values inline for classes with ``__slots__`` such
as pydantic's, gives each copy a key-sharing dict (47%). Elsewhere the copy behaves the same and costs at most
what the original did.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

__all__ = ["compact", "share_field_names", "with_values"]

M = TypeVar("M", bound=BaseModel)


def _read_only(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError("a validated model is read-only")


class _ReadOnlyList(list[Any]):
    """The one empty list every empty list field shares: nothing may add to it."""

    append = extend = insert = remove = pop = clear = sort = reverse = _read_only
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only


class _ReadOnlyDict(dict[str, Any]):
    """The one empty dict of unknown keys every model without any shares."""

    __setitem__ = __delitem__ = __ior__ = pop = popitem = clear = update = setdefault = _read_only


NO_ITEMS: list[Any] = _ReadOnlyList()
NO_EXTRA: dict[str, Any] = _ReadOnlyDict()
_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}


def share_field_names(cls: type[BaseModel]) -> None:
    """Put the class's field names, in pydantic's order, into the table its instances share (see above)."""
    probe = cls.__new__(cls)
    for name in cls.model_fields:
        object.__setattr__(probe, name, None)


def compact(model: M) -> M:
    """A copy of ``model`` (and of the models in it) that stores its fields compactly; the same values."""
    cls = model.__class__
    copy = cls.__new__(cls)
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            value = compact(value)
        elif value.__class__ is list:
            if not value:
                value = NO_ITEMS
            else:  # the list itself is kept (the original goes): only its models are copied
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        value[i] = compact(item)
        object.__setattr__(copy, name, value)
    extra = model.__pydantic_extra__
    object.__setattr__(copy, "__pydantic_extra__", NO_EXTRA if extra is not None and not extra else extra)
    fields = frozenset(model.__pydantic_fields_set__)
    object.__setattr__(copy, "__pydantic_fields_set__", _FIELD_SETS.setdefault(fields, fields))
    object.__setattr__(copy, "__pydantic_private__", model.__pydantic_private__)
    return copy


def with_values(model: M, **values: Any) -> M:
    """A copy of ``model`` with ``values`` in place of its fields of those names (fields it had set), the rest shared:
    the model itself, which a serve session keeps for the next build, stays as it was validated."""
    cls = model.__class__
    copy = cls.__new__(cls)
    for name, value in model.__dict__.items():
        object.__setattr__(copy, name, values.get(name, value))
    object.__setattr__(copy, "__pydantic_extra__", model.__pydantic_extra__)
    object.__setattr__(copy, "__pydantic_fields_set__", model.__pydantic_fields_set__)
    object.__setattr__(copy, "__pydantic_private__", model.__pydantic_private__)
    return copy
