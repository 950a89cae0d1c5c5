"""What an officer or unit reports for a period: one row per task they lead (one per occurrence for recurring
work), the values it holds now, the checks on what they fill in, and the progress update a changed row
becomes. No I/O: the Excel sheets in inputs/progress_excel.py carry these rows to and fro."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import cells
from ..dossier.model import Dossier, Task, Update
from ..rules import vn
from ..rules.periods import (
    IN_PROGRESS,
    NOT_STARTED,
    Occurrence,
    Period,
    Recurrence,
    occurrences,
    plan_start,
)
from .status import tasks

DONE = "Hoàn thành"
CHOICES = (NOT_STARTED, IN_PROGRESS, DONE)  # the drop-down of the state cell


@dataclass(frozen=True)
class Values:
    """What a row says: state (one of CHOICES), % done, completion date, result, difficulties."""

    state: str
    percent: int
    done_on: dt.date | None
    result: str
    difficulty: str


@dataclass(frozen=True)
class Row:
    """One task (or one occurrence of a recurring task) in a lead's sheet for a period."""

    task: Task
    occurrence: Occurrence | None
    start: dt.date      # the window the row reports on: the period, or the occurrence inside it
    end: dt.date
    values: Values      # as the progress data stand now
    locked: bool        # finished before the period: shown for reference, not filled in again

    @property
    def key(self) -> tuple[str, str]:
        return self.task.id, self.occurrence.name if self.occurrence else ""


def sheet_rows(d: Dossier, period: Period, lead: str) -> list[Row]:
    """Return the rows of `lead`'s sheet for `period`, filled with what the progress data say."""
    begins = plan_start(d.plan.year, d.plan.month)
    rows = []
    for task in tasks(d):
        if task.lead != lead:
            continue
        updates = d.progress.get(task.id, ())
        if isinstance(task.deadline, Recurrence) and task.deadline.unit:
            for o in occurrences(task.deadline, period.year):
                if o.start <= period.end and o.due >= max(period.start, begins):
                    start, end = max(o.start, period.start), min(o.due, period.end)
                    inside = [u for u in updates if o.start <= u.date <= o.due and u.date <= period.end]
                    rows.append(Row(task, o, start, end, _values(inside), False))
            continue
        known = [u for u in updates if u.date <= period.end]
        values = _values(known)
        locked = values.done_on is not None and values.done_on < period.start
        rows.append(Row(task, None, period.start, period.end, values, locked))
    return rows


def _values(updates: list[Update]) -> Values:
    done_on = next((u.date for u in updates if u.percent == 100), None)
    percent = 100 if done_on else (updates[-1].percent if updates else 0)
    state = DONE if done_on else IN_PROGRESS if percent else NOT_STARTED
    result = next((u.note for u in reversed(updates) if u.note), "")
    difficulty = next((u.difficulty for u in reversed(updates) if u.difficulty), "")
    return Values(state, percent, done_on, result, difficulty)


def check(row: Row, state, percent, done_on, result, difficulty, today: dt.date
          ) -> tuple[Values | None, list[tuple[str, str]]]:
    """Check what a sheet row holds (raw cell values); return its Values, or the problems by column key.

    Column keys: `tinh_trang`, `phan_tram`, `ngay`. Dates may come as dates or as `dd/mm/yyyy` text.
    """
    problems: list[tuple[str, str]] = []
    text = _norm(state)
    chosen = next((c for c in CHOICES if _norm(c) == text), None)
    if not text:
        problems.append(("tinh_trang", f"chưa chọn tình trạng ({', '.join(CHOICES)})"))
    elif chosen is None:
        problems.append(("tinh_trang", f"tình trạng “{state}” không có; chọn một trong: {', '.join(CHOICES)}"))
    pct = _percent(percent)
    if pct is None:
        problems.append(("phan_tram", f"% hoàn thành cần là số nguyên từ 0 đến 100, nhưng gặp “{percent}”"))
    day, bad_day = cells.date(done_on)
    if bad_day:
        problems.append(("ngay", bad_day))
    if problems or chosen is None:
        return None, problems
    if chosen != row.values.state and chosen != IN_PROGRESS and pct == row.values.percent:
        pct = -1  # the % the sheet came with, left as it was when the state changed: not a statement

    if chosen == DONE:
        if pct not in (-1, 100):
            problems.append(("phan_tram", f"đã hoàn thành thì % hoàn thành là 100 (hoặc để trống), không phải {pct}"))
        if day is None:
            problems.append(("ngay", "đã hoàn thành thì phải ghi ngày hoàn thành (ngày/tháng/năm)"))
        elif not row.start <= day <= row.end:
            problems.append(("ngay", (f"ngày hoàn thành {vn.table_date(day)} nằm ngoài kỳ báo cáo "
                                      f"({vn.table_date(row.start)} – {vn.table_date(row.end)})")))
        elif day > today:
            problems.append(("ngay", (f"ngày hoàn thành {vn.table_date(day)} chưa tới (hôm nay là "
                                      f"{vn.table_date(today)})")))
        pct = 100
    else:
        if day is not None:
            problems.append(("ngay", "chỉ ghi ngày hoàn thành khi tình trạng là “Hoàn thành”"))
        if chosen == NOT_STARTED and pct not in (-1, 0):
            problems.append(("phan_tram", f"chưa triển khai thì % hoàn thành là 0 (hoặc để trống), không phải {pct}"))
        if chosen == IN_PROGRESS and not 0 < pct < 100:
            problems.append(("phan_tram", "đang thực hiện thì ghi % hoàn thành từ 1 đến 99"))
        pct = max(pct, 0)
    values = Values(chosen, pct, day, cells.text(result), cells.text(difficulty))
    return (None if problems else values), problems


def update_for(row: Row, values: Values, today: dt.date) -> Update | str:
    """Return the progress update a changed row becomes, or why it cannot be dated yet.

    A finished row is dated on its completion; otherwise on today, or on the row's last day when
    the sheet is filled in after it (so that the update counts for the period it was asked for).
    """
    if values.state == DONE:
        return Update(values.done_on, 100, values.result, values.difficulty)
    day = min(today, row.end)
    if day < row.start:
        return f"kỳ báo cáo bắt đầu từ ngày {vn.table_date(row.start)}, chưa thể ghi tiến độ"
    return Update(day, values.percent, values.result, values.difficulty)


def describe(values: Values) -> str:
    """Return `Hoàn thành ngày 05/06/2024`, `Đang thực hiện 60%` or `Chưa triển khai` for a change list."""
    if values.state == DONE:
        return f"{DONE} ngày {vn.table_date(values.done_on)}"
    return f"{values.state} {values.percent}%" if values.state == IN_PROGRESS else values.state


def _norm(value) -> str:
    return " ".join(vn.nfc(str(value)).split()).casefold() if value is not None else ""


def _percent(value) -> int | None:
    """Return the % as an int; -1 for an empty cell; None when it is not a whole number 0 … 100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return -1
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = value * 100 if isinstance(value, float) and 0 < value < 1 else value  # a cell shown as 60 %
        return int(number) if float(number).is_integer() and 0 <= number <= 100 else None
    text = str(value).strip().rstrip("%").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) <= 100 else None  # not "²"
