"""Impossible dates typed inside the data's texts are a warning with file, line and field."""
from __future__ import annotations

import pytest

from kehoach.dossier.loading import load_dossier
from kehoach.dossier.validation import check_dossier

OLD = "tụt hạng xa so với những năm trước."

CASES = [
    ("ngày 31/02/2023", True),
    ("31/02/2023", True),
    ("ngày 30 tháng 2 năm 2024", True),
    ("ngày 29 tháng 2 năm 2023", True),
    ("Ngày 32 tháng 1 năm 2024", True),
    ("ngày 30 tháng 2", True),          # no year: no February has 30 days
    ("31-04-2024", True),
    ("31.06.2024", True),
    ("00/01/2024", True),
    ("15/13/2024", True),
    ("ngày 29 tháng 2 năm 2024", False),
    ("ngày 29 tháng 2", False),        # no year: a leap year may be meant
    ("15/03/2024", False),
    ("1/2/2024", False),
    ("xếp thứ 19/25", False),
    ("84,40 điểm", False),
    ("số 0912.345.678", False),
    ("Quyết định số 7169/QĐ-UBND", False),
    ("ngày ３１/02/2023", False),       # not ASCII digits: not a date we read
]


@pytest.mark.parametrize("text, warned", CASES, ids=[c[0] for c in CASES])
def test_impossible_date_in_prose(project, text, warned):
    folder = project / "data" / "son-giang-2024"
    path = folder / "ke-hoach.yaml"
    source = path.read_text(encoding="utf-8")
    line = source[: source.index(OLD)].count("\n") + 1
    path.write_text(source.replace(OLD, f"tụt hạng xa so với {text} trước.", 1), encoding="utf-8")
    data, marks, problems = load_dossier(folder)
    found = [p for p in problems + check_dossier(data, marks) if "không có trên lịch" in p.message]
    if not warned:
        assert found == []
        return
    (p,) = found
    assert (p.file, p.line, p.field, p.is_error) == (str(path), line, "mo_dau[1]", False)


def test_a_date_field_is_reported_once_as_an_error_not_again_as_prose(project):
    folder = project / "data" / "son-giang-2024"
    path = folder / "nhiem-vu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"31/03/2024"', '"31/02/2024"', 1), encoding="utf-8")
    data, marks, problems = load_dossier(folder)
    found = [p for p in problems + check_dossier(data, marks) if "không có trên lịch" in p.message]
    assert [(p.field, p.is_error) for p in found] == [("linh_vuc[2].nhiem_vu[1].thoi_han", True)]
