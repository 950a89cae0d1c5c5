"""Period arithmetic: quarterly data cut-off windows (Decree 09/2019) and task status as of a date. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Task states as a report counts them; values are the Vietnamese labels of the report.
DONE_ON_TIME = "Hoàn thành đúng hạn"
DONE_LATE = "Hoàn thành trễ hạn"
IN_PROGRESS = "Đang thực hiện"
NOT_STARTED = "Chưa triển khai"
OVERDUE = "Quá hạn"
STATES = (DONE_ON_TIME, DONE_LATE, IN_PROGRESS, NOT_STARTED, OVERDUE)


@dataclass(frozen=True)
class Window:
    """A reporting period: inclusive `start` … `end` dates (the data cut-off window)."""

    year: int
    quarter: int
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def quarter_window(year: int, quarter: int) -> Window:
    """Return the cut-off window of `quarter` of `year`: 15th of the month before → 14th of its last month.

    Quý I 2024 → 15/12/2023 – 14/03/2024; Quý IV → 15/09 – 14/12.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quý {quarter} không tồn tại")
    last_month = quarter * 3
    first_month = last_month - 3  # the month before the quarter (0 = December of the previous year)
    start = dt.date(year - 1, 12, 15) if first_month == 0 else dt.date(year, first_month, 15)
    return Window(year, quarter, start, dt.date(year, last_month, 14))


@dataclass(frozen=True)
class Recurrence:
    """A deadline that repeats instead of falling on one date: `Thường xuyên`, `Hằng quý`, …"""

    key: str    # data value, e.g. "hang_quy"
    label: str  # printed form, e.g. "Hằng quý"


RECURRENCES = {
    "thuong_xuyen": Recurrence("thuong_xuyen", "Thường xuyên"),
    "hang_thang": Recurrence("hang_thang", "Hằng tháng"),
    "hang_quy": Recurrence("hang_quy", "Hằng quý"),
    "hang_nam": Recurrence("hang_nam", "Hằng năm"),
}


def status(deadline: dt.date | Recurrence, percent: int, done_on: dt.date | None,
           window: Window) -> str:
    """Return the task's state at the end of `window` given its progress as of then.

    `percent` and `done_on` are what the progress data says on or before `window.end`.
    A recurring task is judged within the window: done if it was completed in it.
    """
    if isinstance(deadline, Recurrence):
        if deadline.key in ("hang_thang", "hang_quy"):
            if done_on is not None:
                # Completion in an earlier period says nothing about this one.
                return DONE_ON_TIME if done_on in window else OVERDUE
            return OVERDUE if percent == 0 else IN_PROGRESS
        # Ongoing/yearly work: its deadline is the end of the plan's year.
        deadline = dt.date(window.year, 12, 31)
    if done_on is not None:
        return DONE_ON_TIME if done_on <= deadline else DONE_LATE
    if deadline < window.end:
        return OVERDUE
    return IN_PROGRESS if percent > 0 else NOT_STARTED
