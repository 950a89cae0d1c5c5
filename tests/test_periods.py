import datetime as dt
from itertools import pairwise

import pytest

from kehoach.rules.periods import (
    CCHC,
    DONE_LATE,
    DONE_ON_TIME,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    QUARTERLY,
    RECURRENCES,
    deadline_text,
    occurrences,
    period_ahead,
    period_on,
    periods_for_plan,
    previous_period,
    quarter_window,
    report_periods,
    standing,
)

D = dt.date


@pytest.mark.parametrize("year, q, start, end", [
    (2024, 1, D(2023, 12, 15), D(2024, 3, 14)),
    (2024, 2, D(2024, 3, 15), D(2024, 6, 14)),
    (2024, 3, D(2024, 6, 15), D(2024, 9, 14)),
    (2024, 4, D(2024, 9, 15), D(2024, 12, 14)),
    (2025, 1, D(2024, 12, 15), D(2025, 3, 14)),
])
def test_quarter_window(year, q, start, end):
    w = quarter_window(year, q)
    assert (w.start, w.end) == (start, end)


@pytest.mark.parametrize("q", [0, 5])
def test_quarter_window_rejects(q):
    with pytest.raises(ValueError):
        quarter_window(2024, q)


def test_quarters_tile_the_year_without_gap_or_overlap():
    windows = report_periods(2024, QUARTERLY) + (quarter_window(2025, 1),)
    for a, b in pairwise(windows):
        assert b.start == a.end + dt.timedelta(days=1)


@pytest.mark.parametrize("key, start, end, label", [
    ("quy-1", D(2023, 12, 15), D(2024, 3, 14), "quý I năm 2024"),
    ("6-thang", D(2023, 12, 15), D(2024, 6, 14), "6 tháng đầu năm 2024"),
    ("quy-3", D(2024, 6, 15), D(2024, 9, 14), "quý III năm 2024"),
    ("nam", D(2023, 12, 15), D(2024, 12, 14), "năm 2024"),
])
def test_cchc_periods_are_cumulative_except_quy_3(key, start, end, label):
    period = {p.key: p for p in report_periods(2024, CCHC)}[key]
    assert (period.start, period.end, period.label) == (start, end, label)


def test_quarterly_schedule_keys():
    assert [p.key for p in report_periods(2024, QUARTERLY)] == ["quy-1", "quy-2", "quy-3", "quy-4"]
    assert [p.label for p in report_periods(2024, QUARTERLY)][1] == "quý II năm 2024"


def test_unknown_schedule():
    with pytest.raises(ValueError):
        report_periods(2024, "hang_tuan")


@pytest.mark.parametrize("year, month, schedule, keys", [
    (2024, 3, CCHC, ["quy-1", "6-thang", "quy-3", "nam"]),   # signed in March: Quý I ends 14/3, kept
    (2024, 4, CCHC, ["6-thang", "quy-3", "nam"]),
    (2025, 8, CCHC, ["quy-3", "nam"]),                       # mid-year plan: no Quý I, no 6 tháng
    (2025, 8, QUARTERLY, ["quy-3", "quy-4"]),
    (2025, 10, CCHC, ["nam"]),
    (2025, 12, CCHC, ["nam"]),
])
def test_no_report_for_a_period_that_ended_before_the_plan(year, month, schedule, keys):
    assert [p.key for p in periods_for_plan(year, month, schedule)] == keys


@pytest.mark.parametrize("key, schedule, previous", [
    ("quy-1", CCHC, None), ("6-thang", CCHC, "quy-1"), ("quy-3", CCHC, "6-thang"), ("nam", CCHC, "quy-3"),
    ("quy-2", QUARTERLY, "quy-1"),
])
def test_previous_period(key, schedule, previous):
    period = {p.key: p for p in report_periods(2024, schedule)}[key]
    found = previous_period(period, schedule)
    assert (found.key if found else None) == previous


@pytest.mark.parametrize("key, schedule, label, end", [
    ("quy-1", CCHC, "quý II năm 2024", D(2024, 6, 14)),
    ("6-thang", CCHC, "6 tháng cuối năm 2024", D(2024, 12, 14)),
    ("quy-3", CCHC, "quý IV năm 2024", D(2024, 12, 14)),
    ("nam", CCHC, None, None),
    ("quy-4", QUARTERLY, None, None),
])
def test_period_ahead(key, schedule, label, end):
    period = {p.key: p for p in report_periods(2024, schedule)}[key]
    ahead = period_ahead(period, schedule)
    assert (ahead.label if ahead else None, ahead.end if ahead else None) == (label, end)
    if ahead:
        assert ahead.start == period.end + dt.timedelta(days=1)


@pytest.mark.parametrize("day, key", [
    (D(2024, 1, 10), "quy-1"),
    (D(2024, 3, 14), "quy-1"),
    (D(2024, 3, 15), "6-thang"),
    (D(2024, 6, 14), "6-thang"),
    (D(2024, 6, 15), "quy-3"),
    (D(2024, 10, 1), "nam"),
    (D(2024, 12, 20), "nam"),   # past the last cut-off: the whole year
])
def test_period_on(day, key):
    assert period_on(day, 2024, CCHC).key == key


@pytest.mark.parametrize("rec, count, first, last", [
    ("hang_thang", 12, ("Tháng 1/2024", D(2023, 12, 15), D(2024, 1, 14)), ("Tháng 12/2024", D(2024, 11, 15), D(2024, 12, 14))),
    ("hang_quy", 4, ("Quý I/2024", D(2023, 12, 15), D(2024, 3, 14)), ("Quý IV/2024", D(2024, 9, 15), D(2024, 12, 14))),
    ("hang_nam", 1, ("Năm 2024", D(2023, 12, 15), D(2024, 12, 14)), ("Năm 2024", D(2023, 12, 15), D(2024, 12, 14))),
    ("thuong_xuyen", 0, None, None),
])
def test_occurrences(rec, count, first, last):
    found = occurrences(RECURRENCES[rec], 2024)
    assert len(found) == count
    if count:
        assert (found[0].name, found[0].start, found[0].due) == first
        assert (found[-1].name, found[-1].start, found[-1].due) == last


Q2 = quarter_window(2024, 2)  # 15/3 – 14/6
PLAN_START = D(2024, 3, 1)
HT, HQ, HN, TX = (RECURRENCES[k] for k in ("hang_thang", "hang_quy", "hang_nam", "thuong_xuyen"))


def judge(deadline, progress, day=Q2.end, since=Q2.start, begins=PLAN_START):
    return standing(deadline, progress, day, since, begins, 2024)


@pytest.mark.parametrize("deadline, progress, expected", [
    (D(2024, 5, 31), [(D(2024, 5, 28), 100)], DONE_ON_TIME),
    (D(2024, 5, 31), [(D(2024, 5, 31), 100)], DONE_ON_TIME),
    (D(2024, 5, 31), [(D(2024, 6, 1), 100)], DONE_LATE),
    (D(2024, 5, 31), [(D(2024, 4, 1), 60)], OVERDUE),
    (D(2024, 5, 31), [], OVERDUE),
    (D(2024, 6, 14), [], NOT_STARTED),     # due on the cut-off day: not late yet
    (D(2024, 6, 30), [(D(2024, 4, 1), 40)], IN_PROGRESS),
    (D(2024, 12, 31), [], NOT_STARTED),
    (D(2024, 12, 31), [(D(2024, 7, 1), 100)], NOT_STARTED),  # a report after the day does not count
    (D(2024, 4, 30), [(D(2024, 1, 25), 100)], DONE_ON_TIME),  # done before the plan: on time
    (TX, [(D(2024, 4, 1), 30)], IN_PROGRESS),
    (TX, [], NOT_STARTED),
    (TX, [(D(2024, 6, 1), 100)], DONE_ON_TIME),
])
def test_standing_of_a_dated_or_ongoing_task(deadline, progress, expected):
    assert judge(deadline, progress).state == expected


def test_percent_is_the_latest_known():
    assert judge(D(2024, 12, 31), [(D(2024, 4, 1), 30), (D(2024, 6, 1), 60), (D(2024, 7, 1), 90)]).percent == 60


def test_nothing_is_late_before_the_plan_existed():
    # A plan signed in August: on 01/04 a (wrongly dated) 31/03 deadline is not yet anybody's fault.
    assert standing(D(2025, 3, 31), [], D(2025, 4, 1), D(2024, 12, 15), D(2025, 8, 1), 2025).state == NOT_STARTED
    assert standing(D(2025, 3, 31), [], D(2025, 8, 2), D(2024, 12, 15), D(2025, 8, 1), 2025).state == OVERDUE


@pytest.mark.parametrize("progress, expected, owed, done", [
    ([(D(2024, 4, 1), 100)], DONE_ON_TIME, 1, 1),
    ([(D(2024, 3, 1), 100)], NOT_STARTED, 1, 0),    # done last quarter does not count for this one
    ([(D(2024, 5, 1), 50)], IN_PROGRESS, 1, 0),     # due on the cut-off day: still under way
    ([], NOT_STARTED, 1, 0),
])
def test_quarterly_task_in_its_own_quarter(progress, expected, owed, done):
    s = judge(HQ, progress)
    assert (s.state, s.owed, s.done) == (expected, owed, done)


def test_quarterly_task_misses_a_quarter_of_a_cumulative_period():
    six_months = report_periods(2024, CCHC)[1]
    progress = [(D(2024, 3, 1), 50), (D(2024, 6, 1), 100)]  # Quý I never finished, Quý II done
    s = standing(HQ, progress, six_months.end, six_months.start, D(2024, 1, 1), 2024)
    assert (s.state, s.owed, s.done) == (OVERDUE, 2, 1)


def test_monthly_task_owes_only_months_after_the_plan_began():
    six_months = report_periods(2024, CCHC)[1]
    progress = [(D(2024, m, 10), 100) for m in (3, 4, 5, 6)]
    s = standing(HT, progress, six_months.end, six_months.start, PLAN_START, 2024)
    assert (s.state, s.owed, s.done) == (DONE_ON_TIME, 4, 4)  # March … June: Jan and Feb predate the plan


def test_monthly_task_mid_month():
    progress = [(D(2024, 3, 10), 100), (D(2024, 4, 10), 100), (D(2024, 4, 20), 40)]
    s = judge(HT, progress, day=D(2024, 4, 25))
    assert (s.state, s.percent, s.owed, s.done) == (IN_PROGRESS, 40, 1, 1)  # April done; May under way


def test_yearly_task_is_under_way_until_its_cut_off():
    s = judge(HN, [(D(2024, 5, 1), 20)])
    assert (s.state, s.percent, s.owed) == (IN_PROGRESS, 20, 0)
    year = report_periods(2024, CCHC)[3]
    s = standing(HN, [(D(2024, 11, 1), 100)], year.end, year.start, PLAN_START, 2024)
    assert (s.state, s.owed, s.done) == (DONE_ON_TIME, 1, 1)


@pytest.mark.parametrize("deadline, shown", [
    (dt.date(2024, 6, 30), "30/06/2024"),
    (dt.date(2025, 1, 5), "05/01/2025"),
    (RECURRENCES["hang_quy"], "Hằng quý"),
    (RECURRENCES["thuong_xuyen"], "Thường xuyên"),
])
def test_deadline_text_as_a_table_cell_shows_it(deadline, shown):
    assert deadline_text(deadline) == shown
