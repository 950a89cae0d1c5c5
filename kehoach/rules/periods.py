"""Period arithmetic: report periods and their data cut-offs (Decree 09/2019), recurring deadlines, and
how a task stands on a given day. No I/O.

Administrative-reform (CCHC) reporting runs four periods a year, cumulative from 15/12 of the year
before: Quý I (to 14/3), 6 tháng (to 14/6), Quý III (15/6–14/9) and Năm (to 14/12). A dossier may
report every quarter instead (`theo_quy`). A recurring task is owed once per occurrence (month,
quarter, year), each due on the cut-off day (the 14th) that closes its window.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from . import vn

# Task states as a report counts them; values are the Vietnamese labels of the report.
DONE_ON_TIME = "Hoàn thành đúng hạn"
DONE_LATE = "Hoàn thành trễ hạn"
IN_PROGRESS = "Đang thực hiện"
NOT_STARTED = "Chưa triển khai"
OVERDUE = "Quá hạn"
STATES = (DONE_ON_TIME, DONE_LATE, IN_PROGRESS, NOT_STARTED, OVERDUE)
DONE = (DONE_ON_TIME, DONE_LATE)

CCHC, QUARTERLY = "cchc", "theo_quy"
SCHEDULES = (CCHC, QUARTERLY)
CUT_OFF_DAY = 14  # data are cut off on the 14th; the next window opens on the 15th [ND 09 Đ 12]


@dataclass(frozen=True)
class Period:
    """A reporting period: its key in data and file names, and the inclusive `start` … `end` window."""

    key: str    # "quy-1", "6-thang", "quy-3", "nam" (and "quy-2", "quy-4" when reporting quarterly)
    year: int
    start: dt.date
    end: dt.date
    name: str   # "quý I", "6 tháng đầu năm", "năm" — as running text names it

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """Return the period as titles and sentences name it: `quý I năm 2024`, `6 tháng đầu năm 2024`."""
        if self.name.endswith("năm"):
            return f"{self.name} {self.year}"
        return f"{self.name} năm {self.year}"


def _year_start(year: int) -> dt.date:
    return dt.date(year - 1, 12, CUT_OFF_DAY + 1)


def _month_start(year: int, month: int) -> dt.date:
    """Return the day a month's cut-off window opens: the 15th of the month before."""
    return _year_start(year) if month == 1 else dt.date(year, month - 1, CUT_OFF_DAY + 1)


def quarter_window(year: int, quarter: int) -> Period:
    """Return the cut-off window of `quarter` of `year`: 15th of the month before → 14th of its last month.

    Quý I 2024 → 15/12/2023 – 14/03/2024; Quý IV → 15/09 – 14/12.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quý {quarter} không tồn tại")
    last = quarter * 3
    return Period(f"quy-{quarter}", year, _month_start(year, last - 2), dt.date(year, last, CUT_OFF_DAY),
                  f"quý {vn.roman(quarter)}")


def report_periods(year: int, schedule: str = CCHC) -> tuple[Period, ...]:
    """Return the periods a plan of `year` reports on, in order: the CCHC four or the four quarters."""
    if schedule == QUARTERLY:
        return tuple(quarter_window(year, q) for q in (1, 2, 3, 4))
    if schedule != CCHC:
        raise ValueError(f"kỳ báo cáo “{schedule}” không có")
    start = _year_start(year)
    return (
        quarter_window(year, 1),
        Period("6-thang", year, start, dt.date(year, 6, CUT_OFF_DAY), "6 tháng đầu năm"),
        quarter_window(year, 3),
        Period("nam", year, start, dt.date(year, 12, CUT_OFF_DAY), "năm"),
    )


def plan_start(year: int, month: int) -> dt.date:
    """Return the first day the plan exists for reporting: the first day of the month it is signed in."""
    return dt.date(year, month, 1)


def periods_for_plan(year: int, month: int, schedule: str = CCHC) -> tuple[Period, ...]:
    """Return the periods a plan signed in `month`/`year` reports on: none that ended before that month."""
    begins = plan_start(year, month)
    return tuple(p for p in report_periods(year, schedule) if p.end >= begins)


def previous_period(period: Period, schedule: str = CCHC) -> Period | None:
    """Return the period reported just before `period` in the same year, or None for the first."""
    periods = report_periods(period.year, schedule)
    i = [p.key for p in periods].index(period.key)
    return periods[i - 1] if i else None


def period_ahead(period: Period, schedule: str = CCHC) -> Period | None:
    """Return the window a report's "nhiệm vụ kỳ tới" looks at: from the day after `period` to the next
    cut-off that closes a half or a quarter; None after the year's last report."""
    y = period.year
    after = period.end + dt.timedelta(days=1)
    if period.key == "6-thang":
        return Period("6-thang-cuoi", y, after, dt.date(y, 12, CUT_OFF_DAY), "6 tháng cuối năm")
    if period.key.startswith("quy-") and period.key != "quy-4":
        q = int(period.key[-1]) + 1
        return quarter_window(y, q)
    return None


def period_on(day: dt.date, year: int, schedule: str = CCHC) -> Period:
    """Return the period whose figures `day` belongs to: the first of the schedule that holds it.

    A day past the year's last cut-off (or before its first window) counts in the whole year,
    from 15/12 of the year before, so that nothing done in the plan's year is forgotten.
    """
    for p in report_periods(year, schedule):
        if day in p:
            return p
    return Period("nam", year, _year_start(year), max(day, dt.date(year, 12, CUT_OFF_DAY)), "năm")


@dataclass(frozen=True)
class Recurrence:
    """A deadline that repeats instead of falling on one date: `Thường xuyên`, `Hằng quý`, …"""

    key: str    # data value, e.g. "hang_quy"
    label: str  # printed form, e.g. "Hằng quý"
    unit: str = ""  # what one occurrence is called: "tháng", "quý", "năm"; "" when it never falls due


RECURRENCES = {
    "thuong_xuyen": Recurrence("thuong_xuyen", "Thường xuyên"),
    "hang_thang": Recurrence("hang_thang", "Hằng tháng", "tháng"),
    "hang_quy": Recurrence("hang_quy", "Hằng quý", "quý"),
    "hang_nam": Recurrence("hang_nam", "Hằng năm", "năm"),
}


def deadline_text(deadline: dt.date | Recurrence) -> str:
    """Return a deadline as a table cell shows it: `30/06/2024` or `Hằng quý`."""
    return deadline.label if isinstance(deadline, Recurrence) else vn.table_date(deadline)


@dataclass(frozen=True)
class Occurrence:
    """One time a recurring task is owed: its cut-off window, due on the window's last day."""

    start: dt.date
    due: dt.date
    name: str  # "Quý II/2024", "Tháng 5/2024", "Năm 2024"

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.due


def occurrences(rec: Recurrence, year: int) -> tuple[Occurrence, ...]:
    """Return every occurrence of `rec` in the plan's `year` (none for work without a cadence)."""
    if rec.unit == "tháng":
        return tuple(Occurrence(_month_start(year, m), dt.date(year, m, CUT_OFF_DAY), f"Tháng {m}/{year}")
                     for m in range(1, 13))
    if rec.unit == "quý":
        return tuple(Occurrence(w.start, w.end, f"Quý {vn.roman(q)}/{year}")
                     for q in (1, 2, 3, 4) for w in (quarter_window(year, q),))
    if rec.unit == "năm":
        return (Occurrence(_year_start(year), dt.date(year, 12, CUT_OFF_DAY), f"Năm {year}"),)
    return ()


@dataclass(frozen=True)
class Standing:
    """How one task stands on a day: its state, % done, completion date, and for a recurring task how
    many of the period's occurrences were owed by then and how many were done."""

    state: str
    percent: int
    done_on: dt.date | None = None
    owed: int = 0
    done: int = 0


def standing(deadline: dt.date | Recurrence, progress: Sequence[tuple[dt.date, int]], day: dt.date,
             since: dt.date, begins: dt.date, year: int) -> Standing:
    """Return how a task stands at the end of `day`.

    `progress` holds (date, percent) reports in date order; only those up to `day` count.
    `since` opens the period being reported (a recurring task owes the occurrences due from
    then on); `begins` is the plan's first day: nothing is late before it. Nothing is late
    on its due day either: a deadline of 14/6 is missed on 15/6.
    """
    known = [(d, p) for d, p in progress if d <= day]
    if isinstance(deadline, Recurrence) and deadline.unit:
        return _recurring(deadline, known, day, since, begins, year)
    if isinstance(deadline, Recurrence):
        deadline = dt.date(year, 12, 31)  # ongoing work: judged at the end of the plan's year
    done_on = next((d for d, p in known if p == 100), None)
    if done_on is not None:
        return Standing(DONE_ON_TIME if done_on <= deadline else DONE_LATE, 100, done_on)
    percent = known[-1][1] if known else 0
    if deadline < day and day >= begins:
        return Standing(OVERDUE, percent)
    return Standing(IN_PROGRESS if percent else NOT_STARTED, percent)


def _recurring(rec: Recurrence, known: list[tuple[dt.date, int]], day: dt.date, since: dt.date,
               begins: dt.date, year: int) -> Standing:
    owed = [o for o in occurrences(rec, year) if o.due >= max(since, begins) and o.start <= day]

    def done_in(o: Occurrence) -> dt.date | None:
        return next((d for d, p in known if p == 100 and d in o), None)

    past = [o for o in owed if o.due < day]
    current = next((o for o in owed if o.due >= day), None)
    finished = [o for o in owed if done_in(o) is not None]
    counted = [o for o in owed if o.due <= day or done_in(o) is not None]
    last_done = max((done_in(o) for o in finished), default=None)
    if any(done_in(o) is None for o in past):
        state = OVERDUE
        percent = _percent_in(known, current) if current else 0
    elif current is not None and done_in(current) is None:
        percent = _percent_in(known, current)
        state = IN_PROGRESS if percent or finished else NOT_STARTED
    elif finished:
        state, percent = DONE_ON_TIME, 100
    else:
        state, percent = NOT_STARTED, 0
    return Standing(state, percent, last_done, len(counted), len(finished))


def _percent_in(known: list[tuple[dt.date, int]], o: Occurrence) -> int:
    inside = [p for d, p in known if d in o]
    return inside[-1] if inside else 0
