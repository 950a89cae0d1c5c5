"""Cells of a workbook a clerk filled in: their text and dates as the data want them, and problems naming
the cell (`file`, `line=7`, `field="Nhiệm vụ!E7"`). No I/O: the sheets are read by their own modules."""
from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter

from .errors import Problem
from .rules import vn


def text(value, keep_lines: bool = False) -> str:
    """Return a cell's value as NFC text with spaces collapsed (`keep_lines`: within each line); "" for empty.

    A whole number Excel stores as a float reads as that number (`5.0` → `5`).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    typed = vn.nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in typed.split("\n"))
    return " ".join(typed.split())


def blank(value) -> bool:
    """Return whether a cell is empty or holds only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def date(value) -> tuple[dt.date | None, str]:
    """Return a cell's date (a date cell, or `dd/mm/yyyy` typed as text) and "", or None and why it is not one.

    An empty cell is (None, "").
    """
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    typed = text(value)
    if not typed:
        return None, ""
    try:
        return vn.parse_date(typed), ""
    except ValueError as e:
        return None, str(e)


class Cells:
    """Collects the problems of one sheet, each naming its cell: `Problem(file, line=row, field="Sheet!E7")`."""

    def __init__(self, file: str, sheet: str, problems: list[Problem]):
        self.file, self.sheet, self.problems = file, sheet, problems

    def __call__(self, row: int, column: int, header: str, message: str) -> None:
        """Add `message` about the cell at `row`, `column` (1-based) under the column titled `header`."""
        self.problems.append(Problem(f"cột “{header}”: {message}", file=self.file, line=row,
                                     field=f"{self.sheet}!{get_column_letter(column)}{row}"))
