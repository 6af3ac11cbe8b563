"""Spreadsheets, in: reading the cells of an exported (and edited) CSV, one checked row at a time.

Every cell is read as the export wrote it: one leading ``'`` (the export's guard against formulas) is removed
(:func:`journeymaps.interop.csv_export.restore`); in a cell of items, one per line, from each line
(:func:`restore_lines`), so a line keeps its text wherever the analyst moves it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

from journeymaps.i18n import _, ngettext
from journeymaps.interop.csv_export import one_line, restore
from journeymaps.sources.encoding import utf16_of
from journeymaps.validation.ids import is_valid_id, slugify
from journeymaps.vocabulary import mean, two_decimals

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
        said = _("%(column)s: '%(text)s' is not a number; use a number in -2..2", column=column, text=shown_cell(text))
        raise RowError(said) from None
    if math.isnan(value) or not -2 <= value <= 2:
        raise RowError(_("%(column)s: %(text)s is outside -2..2", column=column, text=shown_cell(text.strip())))
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
                _(
                    "emotion_by_persona: '%(text)s' should be persona-id=number, e.g. maya=1; daniel=-1",
                    text=shown_cell(part.strip()),
                )
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
    raise RowError(_("moment_of_truth: '%(text)s' is not true or false", text=shown_cell(text)))


@dataclass
class StageRow:
    number: int  # the row number a spreadsheet shows (the header is row 1)
    cells: dict[str, str]
    """column -> text, for the columns the row has a cell in (a row cut short has no cell for the last ones)."""
    raw: dict[str, str] = field(default_factory=dict)
    """The cells as the file has them (before the export's ``'`` is removed)."""
    width: int = 0
    """How many cells the row has, those beyond the header's columns too."""
    blank: bool = False
    """Every cell is empty (or blank): a row a spreadsheet leaves, skipped."""

    def get(self, column: str) -> str | None:
        value = self.cells.get(column)
        return None if value is None else value


def restore_lines(cell: str) -> str:
    """A cell of items, one per line: one leading ``'`` removed from each line (the export quotes each line that
    needs it, so a line moved to the top, or down, keeps its text)."""
    return "\n".join(restore(line) for line in cell.split("\n"))


def as_lists(rows: list[StageRow], columns: set[str]) -> None:
    """Read the ``columns`` of ``rows`` as cells of items, one per line (:func:`restore_lines`)."""
    for row in rows:
        for column in columns & set(row.raw):
            row.cells[column] = restore_lines(row.raw[column])


def whole(row: StageRow, header: list[str], source: str) -> str | None:
    """Why a row with more or fewer cells than the header is not taken (None when it has as many): a missing
    cell is not an empty one (taking it for one would delete the field), and a cell beyond the header has no
    column to go to."""
    if row.width == len(header) or row.blank:
        return None
    cells = ngettext("%(n)s cell", "%(n)s cells", row.width)
    where = f"{source}:{row.number}: "
    if row.width < len(header):
        missing = ", ".join(shown_cell(h, 30) for h in header[row.width :][:3])
        more = ", ..." if len(header) - row.width > 3 else ""
        return where + ngettext(
            "%(cells)s, but the header has %(n)s (no cell for %(missing)s); not taken: a missing cell is not an "
            "empty one; give the row its %(n)s cell (empty ones too) and import again",
            "%(cells)s, but the header has %(n)s (no cell for %(missing)s); not taken: a missing cell is not an "
            "empty one; give the row its %(n)s cells (empty ones too) and import again",
            len(header),
            cells=cells,
            missing=missing + more,
        )
    return where + _(
        "%(cells)s, but the header has %(n)s; not taken: the cells after '%(column)s' have no column (pasted one "
        "column off?); remove them, or name their column in row 1, and import again",
        cells=cells,
        n=len(header),
        column=shown_cell(header[-1], 30),
    )


def _delimiter(text: str) -> str:
    """The character between the cells of the header row: a comma, a semicolon or a tab."""
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:  # one column: nothing to tell apart
        return ","


def decode_sheet(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (a byte-order mark or none), or UTF-16 with its byte-order mark (Excel's
    "Unicode Text", cells between tabs). Raises Unreadable with the row of the first byte that is neither."""
    codec = utf16_of(data)
    if codec == "utf-16":
        return data.decode(codec, errors="replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig")
        try:
            cells = csv.reader(io.StringIO(before, newline=""), delimiter=_delimiter(before))
            row = sum(1 for _row in cells) + (before[-1:] in ("", "\n", "\r"))
        except csv.Error:  # a quoted cell open at the byte: the row it is in
            row = before.count("\n") + 1
        raise Unreadable(
            max(row, 1),
            _(
                "not UTF-8 text (byte 0x%(byte)s); save it as 'CSV UTF-8' (Excel: Save As, CSV UTF-8 (Comma "
                "delimited)), or as 'Unicode Text'",
                byte=format(data[exc.start], "02x"),
            ),
        ) from None


def read_rows(text: str) -> tuple[list[str], list[StageRow]]:
    """The header and the rows. Commas, semicolons (Excel in many European locales) and tabs all work.
    Raises Unreadable when the text cannot be read as CSV."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[StageRow] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long cell is a long text, not a broken file
    header: list[str] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        for cells in reader:
            if not cells:  # a blank line
                continue
            raw = dict(zip(header, cells))  # a short row has no cell for the last columns: not an empty one
            blank = not any(c.strip() for c in cells)
            rows.append(StageRow(0, {k: restore(v) for k, v in raw.items()}, raw, len(cells), blank))
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


def check_mean(cells: dict[str, str], current: Any, personas: list[str]) -> None:
    """In a stage with one emotion per persona, the emotion column holds their mean (as the export wrote it); a
    different number there is reported, not ignored: the personas' emotions are edited in emotion_by_persona."""
    by_persona = cells.get("emotion_by_persona", "").strip()
    wanted_by = persona_emotions(by_persona) if by_persona else None
    stays = isinstance(current, dict) and "emotion_by_persona" not in cells
    if "emotion" not in cells or (wanted_by is None and not stays):
        return  # the stage has one emotion after the import: the emotion column says which
    wanted = emotion_cell(cells["emotion"], "emotion")
    if wanted is None and wanted_by is not None:
        return  # a new row with the personas' emotions only
    means: list[float] = []
    for values in (current, wanted_by):
        if isinstance(values, dict):
            known = [v for k, v in values.items() if not personas or k in personas]
            m = two_decimals(mean(v for v in known if isinstance(v, (int, float)) and not isinstance(v, bool)))
            means += [m] if m is not None else []  # as the export writes it
        elif isinstance(values, (int, float)) and not isinstance(values, bool):
            means.append(float(values))
    if wanted is not None and any(abs(float(wanted) - m) < 0.0051 for m in means):
        return  # the mean, as exported (or rounded to two decimals in the sheet)
    values = wanted_by if wanted_by is not None else current
    said = "; ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in values.items())
    raise RowError(
        _(
            "emotion: %(emotion)s is not taken: this stage has one emotion per persona, and emotion is their mean "
            "(%(mean)s); edit emotion_by_persona instead (%(values)s)",
            emotion=_("empty") if wanted is None else shown_cell(cells["emotion"].strip()),
            mean=", ".join(f"{m:g}" for m in means[-1:]) or _("none"),
            values=shown_cell(said),
        )
    )


def check_row(row: StageRow, kind: str) -> None:
    """Read every cell of a row that can be wrong; raise RowError for the first problem."""
    cells = row.cells
    if "moment_of_truth" in cells:
        bool_cell(cells["moment_of_truth"])
    if cells.get("emotion_by_persona", "").strip():
        if kind != "cem":
            raise RowError(cem_only())
        persona_emotions(cells["emotion_by_persona"])
    if "emotion" in cells:
        emotion_cell(cells["emotion"], "emotion")
    bad = [t for t in split_cell(cells.get("touchpoints", "")) if not is_valid_id(t)]
    if bad:
        raise RowError(not_an_id(bad[0]))


def cem_only() -> str:
    """Why an emotion_by_persona cell is not taken in a cjm."""
    return _("emotion_by_persona is for a cem; a cjm has one emotion per stage (use the emotion column)")


def not_an_id(touchpoint: str) -> str:
    """Why a touchpoints cell's line is not taken."""
    return _(
        "touchpoints: '%(text)s' is not a touchpoint id; try '%(slug)s'",
        text=shown_cell(touchpoint),
        slug=slugify(touchpoint),
    )
