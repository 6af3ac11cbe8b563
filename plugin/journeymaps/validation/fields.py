"""Stage 2 types: the field types every model is made of, each with its rule and its editor text.

Ids, texts, lists that may be given as one item, safe links, the emotion scale and 1..5 scores:
:mod:`journeymaps.validation.models` builds the four entities from these.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from journeymaps.sources.written import WrittenInt

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
"""The id pattern as JSON Schema (ECMA-262) and pydantic (Rust regex) read it: there ``$`` is the end of the text."""
ID_RE = re.compile(r"\A[a-z0-9][a-z0-9-]{0,63}\Z")
"""The same pattern for Python's ``re``, whose ``$`` also matches before a final newline (``'x\\n'``)."""
MAX_REVIEW_EVERY = 36_500
"""Days between reviews: at most 100 years (a larger number is a typo, and no calendar holds the due date)."""
# Numeric ranges, by field name: used by the models and by the error messages.
RANGES: dict[str, tuple[int, int]] = {
    "emotion": (-2, 2),
    "severity": (1, 5),
    "impact": (1, 5),
    "effort": (1, 5),
    "share": (0, 100),
}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def listify(value: Any) -> Any:
    """A list field may be given as a single string: it means a one-item list."""
    if value is None:
        return []
    if isinstance(value, (str, dict, int, float)) and not isinstance(value, bool):  # a number is read as text
        return [value]
    return value


def whole(value: Any) -> Any:
    """``3.0`` is the whole number 3 (as in JSON Schema); ``2.5`` stays, and is refused. A whole number is its
    value, however it was written: an id written ``0x1F`` is the id 31, as an editor's JSON Schema reads it (it
    sees 31 and accepts it; the text 0x1F, with its capital, is no id)."""
    whole_number = isinstance(value, WrittenInt) or (isinstance(value, float) and value.is_integer())
    return int(value) if whole_number else value


def titled(value: Any) -> Any:
    return {"title": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def quoted(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def evidence_item(value: Any) -> Any:
    return {"note": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


_C = r"[\x00-\x20\x7f]"  # what a browser drops inside a scheme (tabs, newlines) or around the link
_BLANK = r"[\s\x00-\x20\x7f\x85]"  # what the loader strips around a link, and any control character
_LEAD = _BLANK + "*"  # anything blank before the scheme
# No scheme at all (a relative link), or http(s) however a browser would read it. The loader and the
# JSON Schema use this one pattern, so the editor and the build refuse the same links.
LINK_PATTERN = (
    rf"^(?!{_LEAD}[A-Za-z](?:{_C}|[A-Za-z0-9+.\-])*:)"
    rf"|^{_LEAD}[Hh]{_C}*[Tt]{_C}*[Tt]{_C}*[Pp]{_C}*(?:[Ss]{_C}*)?:"
)
_SAFE_LINK = re.compile(LINK_PATTERN)


def _safe_link(value: str | None) -> str | None:
    """Evidence links are http(s) or relative: never ``javascript:``, ``data:`` and the like.

    Browsers drop tabs and newlines inside a URL and ignore leading spaces and control
    characters, so the scheme is read the way a browser reads it (``java\tscript:`` is ``javascript:``).
    """
    if value is None:
        return None
    if not _SAFE_LINK.search(value):
        match = _SCHEME.match(re.sub(_BLANK, "", value))
        scheme = f"'{match.group(1).lower()}:'" if match else "Such"
        raise ValueError(f"{scheme} links are not allowed; use an http(s) or relative link")
    return value.strip()


def has_scheme(value: str) -> bool:
    """``value`` starts with a scheme (``https:``, ``data:``) as a browser reads it (blanks inside dropped)."""
    return _SCHEME.match(re.sub(_BLANK, "", value)) is not None


LOCAL_PATH_PATTERN = rf"^(?!{_LEAD}[/\\])(?!{_LEAD}[A-Za-z](?:{_C}|[A-Za-z0-9+.\-])*:)[^\\]*$"
"""What :func:`local_path` takes, as JSON Schema reads it: no scheme (``https:``, ``data:``), no absolute path, no
backslash."""


def local_path(value: str) -> str:
    """A file of the docs folder, relative to the page: no scheme (``http:``, ``data:``), no absolute path."""
    if has_scheme(value) or value.startswith(("/", "\\")):
        raise ValueError(f"'{value[:40]}' is not a file of the docs folder; give a path relative to this page")
    if "\\" in value:
        raise ValueError(backslashes(value))
    return value


def backslashes(path: str) -> str:
    """What is wrong with a path written with Windows' backslashes: Windows finds the file, a web server and Linux
    (where the site is built in CI) take a backslash for a letter of the name."""
    return (
        f"'{path[:60]}' separates folders with backslashes, which only Windows reads; write it with '/', as in a "
        f"Markdown image: '{path[:60].replace(chr(92), '/')}'"
    )


WEB_LINK_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]"
"""An absolute http(s) address with a host: ``https://jira.example.com/browse/CX-12``. Python and JSON Schema read it
the same way (the model strips the blanks around the text first)."""
_WEB_LINK = re.compile(WEB_LINK_PATTERN)


def web_link(value: str) -> str:
    """A ticket's address: http(s) with a host, never ``javascript:``, ``data:``, nor a relative link."""
    if not _WEB_LINK.match(value):
        match = _SCHEME.match(re.sub(_BLANK, "", value))
        if match and match.group(1).lower() not in ("http", "https"):
            raise ValueError(
                f"'{match.group(1).lower()}:' links are not allowed; use an http(s) address, "
                "e.g. https://jira.example.com/browse/CX-12"
            )
        raise ValueError("is not an http(s) address; use a full one, e.g. https://jira.example.com/browse/CX-12")
    return value


StatusWord = Literal["idea", "planned", "in-progress", "done", "dropped"]
STATUSES: tuple[str, ...] = get_args(StatusWord)
"""An opportunity's delivery status, in the order work moves through it."""
STATUS_SPELLINGS = {"in progress": "in-progress", "in_progress": "in-progress"}
"""Other spellings the format reads as the status they name."""


def status_word(value: Any) -> Any:
    """``in progress`` and ``in_progress`` are ``in-progress``."""
    return STATUS_SPELLINGS.get(value.strip(), value.strip()) if isinstance(value, str) else value


Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="An id: lower-case letters, digits and hyphens, e.g. maya or signup-form (at most 64 characters).",
    ),
    BeforeValidator(whole),  # `channels: [2.0]` is the id 2, as JSON Schema reads it
]
Text = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": r"\S"})]  # spaces alone are stripped to nothing
StrList = Annotated[list[Text], BeforeValidator(listify, json_schema_input_type=Text | list[Text] | None)]
IdList = Annotated[list[Id], BeforeValidator(listify, json_schema_input_type=Id | list[Id] | None)]
Link = Annotated[
    str,
    AfterValidator(_safe_link),
    Field(
        description="An http(s) or relative link.",
        json_schema_extra={
            "pattern": LINK_PATTERN,
            "patternErrorMessage": "Only http(s) or relative links, e.g. https://... or ../research/interviews.md",
        },
    ),
]
WebLink = Annotated[
    str,
    AfterValidator(web_link),
    Field(
        description="An http(s) address, e.g. https://jira.example.com/browse/CX-12.",
        json_schema_extra={
            "pattern": WEB_LINK_PATTERN,
            "patternErrorMessage": "Only http(s) addresses, e.g. https://jira.example.com/browse/CX-12",
        },
    ),
]
Status = Annotated[
    StatusWord,
    BeforeValidator(
        status_word,
        json_schema_input_type=Literal[
            "idea", "planned", "in-progress", "in progress", "in_progress", "done", "dropped"
        ],
    ),
]
EmotionValue = Annotated[
    float,
    Field(
        strict=True,
        ge=-2,
        le=2,
        description="How the customer feels here, from -2 (very negative) through 0 (neutral) "
        "to 2 (very positive). Take it from what customers say, not the team's opinion.",
    ),
]


_PERCENT = re.compile(r"\A *([0-9]+(?:\.[0-9]+)?) *% *\Z")


def percent(value: Any) -> Any:
    """``share: 30%`` is the number 30, as ``share: 30`` is (the sign is how people write a share)."""
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        return float(match.group(1))
    return value


SHARE_PATTERN = r"^ *0*(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?) *% *$"
"""A share written with its sign, 0% to 100% (the JSON Schema's reading of ``share: 30%``)."""
Share = Annotated[
    float,
    Field(strict=True, ge=0, le=100, description="A share of customers in %, from 0 to 100, e.g. 30."),
    BeforeValidator(
        percent,
        json_schema_input_type=Annotated[float, Field(ge=0, le=100)] | Annotated[str, Field(pattern=SHARE_PATTERN)],
    ),
]
Score = Annotated[StrictInt, Field(ge=1, le=5), BeforeValidator(whole)]
DATE_PATTERN = (
    r"^(?!0000)(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)
"""A day that exists, YYYY-MM-DD (29 February in leap years only): editors check ``format: date`` by its shape
alone (``2026-02-30`` passes), so the schema says the calendar too, as the build does."""
_DATE_SHAPE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def date_text(value: Any) -> Any:
    """A date is written YYYY-MM-DD, as the schema says: not a number (which pydantic would read as seconds since
    1970: ``reviewed: 0`` is not 1 January 1970), nor a date with a time."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_SHAPE.match(value):
        return value
    raise PydanticCustomError("date_type", "expected a date (YYYY-MM-DD)")


ReviewDate = Annotated[
    date,
    BeforeValidator(date_text),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "patternErrorMessage": "Not a date: write YYYY-MM-DD, a day that exists, e.g. 2026-09-30.",
        }
    ),
]
MAP_KINDS = ("journey", "day-in-the-life", "blueprint")
PARTS_OF_DAY = ("morning", "midday", "afternoon", "evening", "night")
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
_TIME = re.compile(r"\A([01]?[0-9]|2[0-3]):([0-5][0-9])\Z")


def _time_of_day(value: Any) -> Any:
    """``7:30`` and ``07:30`` are the time 07:30; anything else is refused with the form to use."""
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"'{value}' is not a time of day; write HH:MM on the 24-hour clock, e.g. 07:30 or 18:45")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


TimeOfDay = Annotated[
    str,
    AfterValidator(_time_of_day),
    Field(
        description="Day-in-the-life maps: when this happens, HH:MM on the 24-hour clock, e.g. 07:30.",
        json_schema_extra={"pattern": TIME_PATTERN},
    ),
]
Brand = Annotated[
    str,
    Field(description="Not ours: the other brand the customer meets here, e.g. Google Maps (day-in-the-life maps)."),
]
PartOfDay = Annotated[
    Literal["morning", "midday", "afternoon", "evening", "night"],
    Field(description="Day-in-the-life maps, instead of a time: morning, midday, afternoon, evening or night."),
]
MapKind = Annotated[
    Literal["journey", "day-in-the-life", "blueprint"],
    Field(
        description="journey (the default); day-in-the-life: the customer's wider day, beyond our product; "
        "blueprint: the service blueprint, the processes, systems and roles behind each touchpoint."
    ),
]
Scalar = StrictBool | StrictInt | StrictFloat | StrictStr
