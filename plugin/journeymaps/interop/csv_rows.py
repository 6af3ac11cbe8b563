"""Spreadsheets, in: reading the cells of an exported (and edited) CSV, one checked row at a time.

Every cell is read as the export wrote it: one leading ``'`` (the export's guard against formulas) is removed
(:func:`journeymaps.interop.csv_export.restore`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from journeymaps.interop.csv_export import one_line, restore
from journeymaps.validation.ids import is_valid_id, slugify

TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}


def shown_cell(text: str, limit: int = 60) -> str:
    """A cell's text in a message: control characters escaped (no ESC reaches the terminal), at most ``limit``
    characters (a 200 KB cell is not echoed whole)."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class RowError(Exception):
    pass


class Unreadable(Exception):
    """The text is not CSV from ``row`` on (the row number a spreadsheet shows)."""

    def __init__(self, row: int, reason: str) -> None:
        self.row = row
        super().__init__(reason)


def split_cell(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def emotion_cell(text: str, column: str) -> float | int | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip())
    except ValueError:
        raise RowError(f"{column}: '{shown_cell(text)}' is not a number; use a number in -2..2") from None
    if math.isnan(value) or not -2 <= value <= 2:
        raise RowError(f"{column}: {shown_cell(text.strip())} is outside -2..2")
    return int(value) if value == int(value) else value


def persona_emotions(text: str) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        pid, sep, value = part.partition("=") if "=" in part else part.partition(":")
        pid = pid.strip()
        if not sep or not is_valid_id(pid):
            raise RowError(
                f"emotion_by_persona: '{shown_cell(part.strip())}' should be persona-id=number, e.g. maya=1; daniel=-1"
            )
        number = emotion_cell(value, f"emotion_by_persona ({pid})")
        if number is not None:
            out[pid] = number
    return out


def bool_cell(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(f"moment_of_truth: '{shown_cell(text)}' is not true or false")


@dataclass
class StageRow:
    number: int  # the row number a spreadsheet shows (the header is row 1)
    cells: dict[str, str]

    def get(self, column: str) -> str | None:
        value = self.cells.get(column)
        return None if value is None else value


def read_rows(text: str) -> tuple[list[str], list[StageRow]]:
    """The header and the rows. Commas, semicolons (Excel in many European locales) and tabs all work.
    Raises Unreadable when the text cannot be read as CSV."""
    text = text.removeprefix("\ufeff")
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:  # one column: nothing to tell apart
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[StageRow] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long cell is a long text, not a broken file
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        for raw in reader:
            cells = {str(k).strip(): restore(v or "") for k, v in raw.items() if k is not None}
            rows.append(StageRow(reader.line_num, cells))
    except csv.Error as exc:
        raise Unreadable(len(rows) + 2, str(exc)) from None
    finally:
        csv.field_size_limit(limit)
    # DictReader's line_num counts physical lines (cells may span lines): number rows as a spreadsheet does
    for index, row in enumerate(rows, start=2):
        row.number = index
    return header, rows


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def title_of(item: Any, key: str) -> str:
    if isinstance(item, dict):
        return one_line(item.get(key, ""))
    return one_line(item)


def touchpoint_id(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("id") or slugify(str(item.get("name", ""))))
    return str(item)


def check_row(row: StageRow, kind: str) -> None:
    """Read every cell of a row that can be wrong; raise RowError for the first problem."""
    cells = row.cells
    if "moment_of_truth" in cells:
        bool_cell(cells["moment_of_truth"])
    if cells.get("emotion_by_persona", "").strip():
        if kind != "cem":
            raise RowError("emotion_by_persona is for a cem; a cjm has one emotion per stage (use the emotion column)")
        persona_emotions(cells["emotion_by_persona"])
    if "emotion" in cells:
        emotion_cell(cells["emotion"], "emotion")
    bad = [t for t in split_cell(cells.get("touchpoints", "")) if not is_valid_id(t)]
    if bad:
        raise RowError(f"touchpoints: '{shown_cell(bad[0])}' is not a touchpoint id; try '{slugify(bad[0])}'")
