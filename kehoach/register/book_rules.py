"""The rules of the printed book (ND 30 Phụ lục IV, REG-1): number series, no number twice, no gap, date order,
replacement links both ways. No I/O: they read register rows already loaded."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..rules.numbering import format_number
from .events import REPLACED

if TYPE_CHECKING:
    from .store import Entry

SERIES_COMMON = "chung"
SERIES_PER_TYPE = "theo_loai"


def series_name(series: str) -> str:
    """Return how messages name a number series: `dãy số chung`, `dãy số KH`."""
    return "dãy số chung" if series == SERIES_COMMON else f"dãy số {series}"


def book_problems(entries: list[Entry], where: str) -> list[Problem]:
    """Return what breaks the rules of the book (REG-1) among `entries`: duplicates, gaps, order, links."""
    problems = []
    by_code: dict[tuple[int, int, str], int] = {}
    by_series: dict[tuple[int, str, int], int] = {}
    for e in entries:
        by_code[(e.year, e.number.number, e.number.code)] = by_code.get((e.year, e.number.number, e.number.code), 0) + 1
        by_series[(e.year, e.series, e.number.number)] = by_series.get((e.year, e.series, e.number.number), 0) + 1
    for (year, number, code), n in by_code.items():
        if n > 1:
            problems.append(Problem(f"số {format_number(number)}/{code} năm {year} bị trùng ({n} dòng).", file=where))
    for (year, series, number), n in by_series.items():
        if n > 1:
            problems.append(Problem(f"số {format_number(number)} năm {year} ({series_name(series)}) bị cấp {n} lần.",
                                    file=where))
    by_id = {e.rowid: e for e in entries}
    series_rows: dict[tuple[int, str], list[Entry]] = {}
    for e in entries:
        series_rows.setdefault((e.year, e.series), []).append(e)
    for (year, series), rows in series_rows.items():
        numbers = sorted({e.number.number for e in rows})
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
        if missing:
            listed = ", ".join(format_number(n) for n in missing)
            problems.append(Problem(
                f"năm {year} ({series_name(series)}) thiếu số {listed}: số đã cấp phải liên tục từ 01, "
                "số hủy vẫn phải còn dòng trong sổ. Số đã cấp ở nơi khác thì vào sổ bằng "
                "`kehoach vao-so --so …` (từng số) hoặc `kehoach nhap-so` (từ tệp Excel).", file=where))
        previous = None
        for e in rows:
            if previous is not None and e.date < previous.date:
                problems.append(Problem(
                    f"văn bản số {e.label} có ngày sớm hơn văn bản số {previous.label} đứng trước nó.", file=where))
            previous = e
    for e in entries:
        if e.state == REPLACED and e.replaced_by is None:
            problems.append(Problem(f"văn bản số {e.label} ghi là đã bị thay thế nhưng không có văn bản thay thế.",
                                    file=where))
        old = by_id.get(e.replaces) if e.replaces is not None else None
        if old is not None and old.state != REPLACED:
            problems.append(Problem(
                f"văn bản số {e.label} thay thế văn bản số {old.label}, "
                "nhưng văn bản đó không được ghi là đã bị thay thế.", file=where))
    return problems
