"""Stage 2, validate: turn loaded frontmatter into typed models.

Pydantic's errors are translated into the project's one-line messages
(``file:line: field.path: problem``), and the rules that concern one entity
only (a cjm has exactly one persona, stage ids are unique, ...) are checked
here. Rules that need other files are in :mod:`journeymaps.catalog.resolve`.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from journeymaps.diagnostics import Diagnostic, Severity, closest, field_path
from journeymaps.sources.frontmatter import Loc, SourceDoc
from journeymaps.sources.written import WrittenFloat, WrittenInt
from journeymaps.validation.compact import compact
from journeymaps.validation.fields import RANGES
from journeymaps.validation.ids import id_hint, is_valid_id, slugify
from journeymaps.validation.keys import misspellings
from journeymaps.validation.kinds import check_kind
from journeymaps.validation.models import (
    MODELS,
    Cem,
    Cjm,
    Persona,
    Touchpoint,
)
from journeymaps.validation.paths import check_paths

_TYPE_NAMES = {
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "float_parsing": "a number",
    "int_parsing": "a whole number",
}


YAML11_BOOLS = {"yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}
"""YAML 1.1's other words for true and false: text in YAML 1.2, which pages are read as (as editors read them)."""


@dataclass
class Validated:
    """One entity after validation: its model, or ``None`` when it could not be built."""

    doc: SourceDoc
    kind: str
    id: str
    model: Persona | Touchpoint | Cjm | Cem | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stage_ids: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)  # maps: persona ids, whichever key gave them

    @property
    def ok(self) -> bool:
        return self.model is not None

    @property
    def title(self) -> str:
        if self.model is not None:
            return self.model.title if isinstance(self.model, (Cjm, Cem)) else self.model.name
        data = self.doc.data or {}
        raw = data.get("title") or data.get("name")
        return str(raw) if isinstance(raw, (str, int, float)) and str(raw).strip() else self.id


def describe(value: Any) -> str:
    """A short, safe description of what the author wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):  # as written (1e3, +2, 0x1F) where the YAML kept it, else its usual form
        return (
            str(value)
            if isinstance(value, (WrittenInt, WrittenFloat)) or not isinstance(value, float)
            else f"{value:g}"
        )
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{short}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return value.isoformat()
    return type(value).__name__


def _clean_loc(loc: Sequence[Any], data: Any, missing: bool = False) -> Loc:
    """Pydantic's error location as a path into what the author wrote.

    Pydantic adds the names of union members and validators (``bool``, ``constrained-str``,
    ``by-persona``, ...) to the location; a part that does not lead into the author's data is such a
    tag and is dropped, except the last part of a missing key.
    """
    out: list[Any] = []
    node = data
    for position, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif missing and position == len(loc) - 1 and isinstance(part, str):
            pass
        else:
            continue
        out.append(part)
    return tuple(out)


def _message(err: dict[str, Any], loc: Loc, kind: str) -> tuple[str, str | None]:
    """(message, suggestion) for one pydantic error."""
    etype, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if isinstance(value, (int, float, str)) and name not in RANGES:  # emotion.maya: the range is emotion's
        name = next((p for p in reversed(loc) if isinstance(p, str) and p in RANGES), name)
    if etype == "missing":
        return "is required but missing", None
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name in RANGES:
            lo, hi = RANGES[name]
            return f"{describe(value)} is outside {lo}..{hi}", None
        if "ge" in ctx or "gt" in ctx:
            return f"{describe(value)} is too small: the minimum is {ctx.get('ge', ctx.get('gt'))}", None
        return f"{describe(value)} is too large: the maximum is {ctx.get('le', ctx.get('lt'))}", None
    if etype == "string_pattern_mismatch":
        if name == "zooms_into" or (len(loc) >= 2 and loc[-2] == "zooms_into"):
            return f"{describe(value)} must be cem-id#stage-id, e.g. customer-lifecycle#onboarding", None
        return f"{describe(value)} is not a valid id: {id_hint(str(value))}", None
    if etype == "literal_error":
        allowed = [s.strip().strip("'") for s in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        guess = closest(str(value), allowed) if isinstance(value, str) else None
        return f"{describe(value)} is not one of: {', '.join(a for a in allowed if a)}", guess
    if etype == "too_short":
        return ("needs at least one stage" if name == "stages" else "must not be empty"), None
    if etype == "string_too_short":
        return "must not be empty", None
    if etype == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, "), None
    if etype == "bool_type" and isinstance(value, str) and value.lower() in YAML11_BOOLS:
        meant = "true" if YAML11_BOOLS[value.lower()] else "false"
        return f"expected true or false, got {describe(value)}, which is text in YAML 1.2 (as editors read it)", meant
    if name == "emotion" and isinstance(value, dict) and kind == "cjm":
        return "a cjm's emotion is one number in -2..2 (the map has one persona)", None
    if etype in _TYPE_NAMES:
        if name in RANGES and etype in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
            lo, hi = RANGES[name]
            whole = "whole " if etype.startswith("int") else ""
            if whole and isinstance(value, float):
                return f"{describe(value)} is not a whole number; use a whole number in {lo}..{hi}", None
            if kind == "cem" and loc and loc[-1] == "emotion":
                return f"{describe(value)} is not a number; use a number in {lo}..{hi}, or {{persona id: number}}", None
            return f"{describe(value)} is not a number; use a {whole}number in {lo}..{hi}", None
        return f"expected {_TYPE_NAMES[etype]}, got {describe(value)}", None
    return f"{err.get('msg', 'is invalid')} (got {describe(value)})", None


def pydantic_diagnostics(exc: ValidationError, doc: SourceDoc, kind: str) -> list[Diagnostic]:
    grouped: dict[Loc, list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"], doc.data, missing=err["type"] == "missing")
        grouped.setdefault(loc, []).append(dict(err))
    out = []
    for loc, errs in grouped.items():
        types = [e["type"] for e in errs]
        if len(errs) > 1 and all(t in _TYPE_NAMES for t in types):  # a union: say every kind of value it takes
            names = list(dict.fromkeys(_TYPE_NAMES[t] for t in types))
            names = [n for n in names if not (n == "a whole number" and "a number" in names)]
            wanted = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
            message, suggestion = f"expected {wanted}, got {describe(errs[0].get('input'))}", None
        else:  # one message per field: the first one is the clearest
            message, suggestion = _message(errs[0], loc, kind)
        out.append(Diagnostic(doc.path, doc.line(loc), field_path(loc), message, Severity.ERROR, suggestion))
    return out


_INSIDE = (dict, list, float)
"""What :func:`_scan` looks into: the containers, and numbers that may not be finite."""


def _scan(data: Any, loc: Loc, doc: SourceDoc, split: list[Diagnostic], non_finite: list[Diagnostic]) -> None:
    """One walk over what the author wrote, for two things no model sees:

    - ``{note: Survey, Q3 2026}``: YAML reads ``Q3 2026`` as a key with no value; say so (``split``: the text
      would be lost);
    - ``.nan``, ``.inf`` (or ``1e999``) anywhere (``non_finite``): JSON has no such number, so
      ``journeymaps.json`` could not hold it.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                if isinstance(key, (str, int)) and (" " in str(key) or not str(key).isidentifier()):
                    split.append(
                        Diagnostic(
                            doc.path,
                            doc.line((*loc, key if isinstance(key, str) else str(key))),
                            field_path(loc) or "(top)",
                            f"'{key}' became a key with no value: a comma inside {{...}} splits the text; "
                            "put the whole text in quotes",
                            Severity.WARNING,
                        )
                    )
            elif isinstance(value, _INSIDE):  # text, whole numbers and dates hold neither: not walked (speed)
                _scan(value, (*loc, key if isinstance(key, str) else str(key)), doc, split, non_finite)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, _INSIDE):
                _scan(item, (*loc, index), doc, split, non_finite)
    elif isinstance(data, float) and not math.isfinite(data):
        written = (
            data.text if isinstance(data, WrittenFloat) else {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[repr(data)]
        )
        non_finite.append(
            Diagnostic(
                doc.path,
                doc.line(loc),
                field_path(loc) or "(top)",
                f"{written} is not a number JSON can hold (no NaN or infinity); write a finite number, "
                "or put it in quotes to keep it as text",
            )
        )


def entity_id(doc: SourceDoc) -> tuple[str, Diagnostic | None]:
    """The entity's id: its ``id`` field, else the file name without ``.md``."""
    raw = (doc.data or {}).get("id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(int(raw))  # `id: 2026`: the model reads it as text too; `id: 0x1F` is 31, as the editor reads it
    if isinstance(raw, str) and raw.strip():
        return raw.strip(), None  # checked by the model's pattern, after the model strips it the same way
    stem = posixpath.splitext(posixpath.basename(doc.src_uri))[0]
    if is_valid_id(stem):
        return stem, None
    fallback = slugify(stem) or "entity"
    return fallback, Diagnostic(
        doc.path, 1, "id", f"the file name '{stem}' is not a valid id and no `id:` is set: {id_hint(stem)}"
    )


def validate(doc: SourceDoc) -> Validated:
    """Validate one loaded entity page."""
    kind = doc.entity_type or str((doc.data or {}).get("type"))
    ident, id_problem = entity_id(doc)
    result = Validated(doc, kind, ident, None, list(doc.diagnostics))
    if id_problem:
        result.diagnostics.append(id_problem)
    if any(d.is_error for d in doc.diagnostics) or kind not in MODELS:
        return result
    model_cls = MODELS[kind]
    split: list[Diagnostic] = []
    non_finite: list[Diagnostic] = []
    _scan(doc.data, (), doc, split, non_finite)
    result.diagnostics.extend(split)
    if non_finite:  # the model would carry the number into journeymaps.json, which would then not be JSON
        result.diagnostics.extend(non_finite)
        result.diagnostics.extend(misspellings(doc, model_cls))
        return result
    try:
        model: Any = compact(model_cls.model_validate(doc.data))
    except ValidationError as exc:
        result.diagnostics.extend(pydantic_diagnostics(exc, doc, kind))
        result.diagnostics.extend(misspellings(doc, model_cls))  # a typo is often the cause of the error
        return result
    result.diagnostics.extend(misspellings(doc, model_cls))
    if isinstance(model, (Cjm, Cem)):
        _check_map(model, doc, result)
    result.model = model  # whole, even when its meaning has errors: the page still renders
    return result


def _check_map(model: Cjm | Cem, doc: SourceDoc, result: Validated) -> None:
    path, diags = doc.path, result.diagnostics
    personas = ([model.persona] if model.persona else []) + [p for p in model.personas if p != model.persona]
    if isinstance(model, Cem):  # each persona drawn once (a cjm's count of them says it below)
        for i, pid in enumerate(model.personas):
            if pid in model.personas[:i]:
                loc_i: Loc = ("personas", i)
                diags.append(Diagnostic(path, doc.line(loc_i), field_path(loc_i), f"persona '{pid}' is listed twice"))
        personas = list(dict.fromkeys(personas))
    result.personas = personas
    if isinstance(model, Cjm):
        if len(personas) != 1:
            loc: Loc = (
                ("personas",) if "personas" in (doc.data or {}) and "persona" not in (doc.data or {}) else ("persona",)
            )
            got = f"found {len(personas)} ({', '.join(personas)})" if personas else "none is given"
            diags.append(
                Diagnostic(
                    path, doc.line(loc) or doc.line(("type",)), field_path(loc), f"a cjm has exactly one persona; {got}"
                )
            )
    else:
        if not personas:
            diags.append(
                Diagnostic(
                    path, doc.line(("type",)), "personas", "a cem needs one or more personas (personas: [id, ...])"
                )
            )
        if model.zooms_into:
            diags.append(
                Diagnostic(
                    path,
                    doc.line(("zooms_into",)),
                    "zooms_into",
                    "only a cjm zooms into a cem stage; a cem does not zoom into anything",
                )
            )
    if model.future_of and model.state != "future":
        diags.append(
            Diagnostic(
                path,
                doc.line(("future_of",)),
                "future_of",
                "future_of is only for future-state maps; add `state: future` or remove it",
            )
        )
    check_kind(model, doc, diags)
    diags.extend(check_paths(model, doc))
    seen: dict[str, int] = {}
    for index, stage in enumerate(model.stages):
        sid = stage.id or slugify(stage.name) or f"stage-{index + 1}"
        if sid in seen:
            diags.append(
                Diagnostic(
                    path,
                    doc.line(("stages", index)),
                    f"stages[{index}].id",
                    f"stage id '{sid}' is already used by stages[{seen[sid]}]; give this stage its own `id:`",
                )
            )
            sid = f"{sid}-{index + 1}"
        seen[sid] = index
        result.stage_ids.append(sid)
        if isinstance(stage.emotion, dict):
            for persona_id in stage.emotion:
                if persona_id not in personas:
                    diags.append(
                        Diagnostic(
                            path,
                            doc.line(("stages", index, "emotion", persona_id)),
                            f"stages[{index}].emotion.{persona_id}",
                            f"'{persona_id}' is not a persona of this map ({', '.join(personas) or 'none'})",
                            Severity.ERROR,
                            closest(persona_id, personas),
                        )
                    )
