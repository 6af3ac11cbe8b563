"""Numbers that keep how they were written, for the fields that are text.

YAML reads ``title: 1e3`` as the number 1000.0 and ``name: 0x1F`` as 31; the models take a number where they
want text (pydantic's ``coerce_numbers_to_str``, which takes ``str()`` of the value), so the title was
'1000.0'. A number whose usual spelling differs from what the author wrote is made as one of these: equal to
the number everywhere (an emotion of ``+2`` is 2), and its text where text is wanted. The parse cache stores
them as tagged tuples (``marshal`` keeps exact types only).
"""

from __future__ import annotations

from typing import Any, ClassVar


class _AsWritten:
    """A number that keeps how it was written: a number field reads the number, a text field (a title, a stage's
    name) the text, as pydantic's ``coerce_numbers_to_str`` takes ``str()``."""

    __slots__ = ()
    plain: ClassVar[type[int] | type[float]]
    text: str

    def __new__(cls, value: float, text: str) -> Any:
        made = super().__new__(cls, value)  # type: ignore[call-arg]  # int's or float's
        made.text = text  # type: ignore[misc]  # the slot is the subclass's (float) or its dictionary (int)
        return made

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.plain(self), self.text))  # type: ignore[call-overload,arg-type]


class WrittenInt(_AsWritten, int):
    """A whole number written another way than its digits (``0x1F``, ``012``, ``+2``)."""

    plain = int
    text: str  # int's subclasses cannot have slots: an instance dictionary


class WrittenFloat(_AsWritten, float):
    """A number with a point or an exponent written another way than Python's (``1e3``, ``2.10``)."""

    __slots__ = ("text",)
    plain = float


_TAG = "\0journeymaps: a number as written"


def to_plain(value: Any) -> Any:
    """``value`` with each written number as a tuple ``marshal`` can store (tuples are never YAML's own 4-tuples)."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, (WrittenInt, WrittenFloat)):
        return (_TAG, isinstance(value, WrittenFloat), value.plain(value), value.text)
    return value


def from_plain(value: Any) -> Any:
    """The inverse of :func:`to_plain`."""
    if isinstance(value, dict):
        return {k: from_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    if isinstance(value, tuple) and len(value) == 4 and value[0] == _TAG:
        return (WrittenFloat if value[1] else WrittenInt)(value[2], value[3])
    return value
