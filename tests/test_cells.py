"""Cells of a clerk's workbook: text and dates read one way, problems naming the cell by row and address."""
from __future__ import annotations

import datetime as dt

import pytest

from kehoach import cells
from kehoach.errors import Problem


@pytest.mark.parametrize("value, plain, lines", [
    (None, "", ""),
    (5.0, "5", "5"),
    (2.5, "2.5", "2.5"),
    ("  Phòng   Văn hóa ", "Phòng Văn hóa", "Phòng Văn hóa"),
    ("a \r\n  b\rc", "a b c", "a\nb\nc"),
    ("Ho\u0300a", "Hòa", "Hòa"),      # decomposed as typed on some keyboards → NFC
])
def test_text(value, plain, lines):
    assert cells.text(value) == plain and cells.text(value, keep_lines=True) == lines


@pytest.mark.parametrize("value, day, why", [
    (None, None, ""),
    ("   ", None, ""),
    (dt.datetime(2024, 3, 5, 0, 0), dt.date(2024, 3, 5), ""),
    (dt.date(2024, 3, 5), dt.date(2024, 3, 5), ""),
    ("05/03/2024", dt.date(2024, 3, 5), ""),
])
def test_date(value, day, why):
    assert cells.date(value) == (day, why)


@pytest.mark.parametrize("value", ["31/02/2024", "sớm", 45000])
def test_date_not_a_date_says_why(value):
    day, why = cells.date(value)
    assert day is None and why


def test_blank():
    assert cells.blank(None) and cells.blank("  ") and not cells.blank(0) and not cells.blank("x")


def test_problem_names_row_and_cell():
    problems: list[Problem] = []
    cells.Cells("so.xlsx", "Nhiệm vụ", problems)(7, 5, "Thời hạn", "chưa ghi thời hạn")
    (p,) = problems
    assert (p.file, p.line, p.field) == ("so.xlsx", 7, "Nhiệm vụ!E7") and "Thời hạn" in p.message
