import datetime as dt

import pytest

from kehoach.rules.periods import (DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE, RECURRENCES,
                             quarter_window, status)

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


def test_windows_tile_the_year_without_gap_or_overlap():
    windows = [quarter_window(2024, q) for q in (1, 2, 3, 4)] + [quarter_window(2025, 1)]
    for a, b in zip(windows, windows[1:]):
        assert b.start == a.end + dt.timedelta(days=1)


Q2 = quarter_window(2024, 2)  # 15/3 – 14/6
HQ, TX = RECURRENCES["hang_quy"], RECURRENCES["thuong_xuyen"]


@pytest.mark.parametrize("deadline, percent, done, expected", [
    (D(2024, 5, 31), 100, D(2024, 5, 28), DONE_ON_TIME),
    (D(2024, 5, 31), 100, D(2024, 5, 31), DONE_ON_TIME),
    (D(2024, 5, 31), 100, D(2024, 6, 1), DONE_LATE),
    (D(2024, 5, 31), 60, None, OVERDUE),
    (D(2024, 5, 31), 0, None, OVERDUE),
    (D(2024, 6, 14), 0, None, NOT_STARTED),     # due on the cut-off day: not late yet
    (D(2024, 6, 30), 40, None, IN_PROGRESS),
    (D(2024, 12, 31), 0, None, NOT_STARTED),
    (HQ, 100, D(2024, 4, 1), DONE_ON_TIME),
    (HQ, 100, D(2024, 3, 1), OVERDUE),          # done last quarter does not count for this one
    (HQ, 50, None, IN_PROGRESS),
    (HQ, 0, None, OVERDUE),
    (TX, 30, None, IN_PROGRESS),
    (TX, 0, None, NOT_STARTED),
    (TX, 100, D(2024, 6, 1), DONE_ON_TIME),
])
def test_status(deadline, percent, done, expected):
    assert status(deadline, percent, done, Q2) == expected
