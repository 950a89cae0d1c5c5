"""`xuat-so` writes the register as Excel (the ten columns of Phụ lục IV) and `nhap-so` reads such a workbook
back, every cell checked, all rows or none."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from register_cli import cli, issue_two, state

from kehoach.register.book import COLUMN_TITLES

HEAD = [list(COLUMN_TITLES), [f"({i})" for i in range(1, 11)]]


def workbook(path: Path, data_rows, *, sheet="Sổ 2023", head=HEAD) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2023"])
    for row in head:
        ws.append(row)
    for row in data_rows:
        ws.append(list(row) + [None] * (10 - len(row)))
    wb.save(path)
    return path


GOOD = [
    ("01/QĐ-UBND", dt.datetime(2023, 1, 5), "Quyết định\nVề việc kiện toàn Tổ công tác", "Nguyễn Đức Thắng",
     "- Như Điều 3\n- Đảng ủy xã", "Văn thư (VT), VP", 3),
    ("02/UBND-VP", "12/01/2023", "V/v báo cáo tình hình", "Trần Văn Bình", "UBND huyện Hương Sơn", "VT", 2,
     dt.datetime(2023, 1, 12), "Nguyễn Thị Hoa"),
    ("03/KH-UBND", "20/01/2023", "Kế hoạch\nCải cách hành chính năm 2023", "Nguyễn Đức Thắng", "- UBND huyện", "VT",
     None, None, None, "Đã hủy: Trùng nội dung"),
]


def test_a_good_workbook_is_imported_with_every_column(clerk, capsys):
    code, out, err = cli(capsys, "nhap-so", workbook(clerk / "so-2023.xlsx", GOOD))
    assert code == 0, err
    assert "3 dòng, từ số 01 đến số 03" in out
    got = {str(e.number): e for e in rows_of(clerk, 2023)}
    qd = got["01/QĐ-UBND"]
    assert (qd.type_name, qd.summary, qd.signer, qd.copies) == (
        "Quyết định", "Về việc kiện toàn Tổ công tác", "Nguyễn Đức Thắng", 3)
    assert qd.recipients == ("Như Điều 3", "Đảng ủy xã", "Lưu: VT, VP")
    cv = got["02/UBND-VP"]
    assert (cv.type_name, cv.series, cv.sent_date, cv.received_by) == (
        "Công văn", "chung", dt.date(2023, 1, 12), "Nguyễn Thị Hoa")
    assert (got["03/KH-UBND"].state, got["03/KH-UBND"].cancel_reason) == ("da_huy", "Trùng nội dung")
    assert cli(capsys, "verify")[0] == 0
    # Importing the same workbook again records nothing twice.
    code, out, _ = cli(capsys, "nhap-so", clerk / "so-2023.xlsx")
    assert code == 0 and "3 dòng đã có trong sổ" in out and len(rows_of(clerk, 2023)) == 3


def rows_of(clerk, year):
    from kehoach.cli.intake import register_project
    from kehoach.register import issuing

    class Args:
        data = clerk / "data"

    return [e for e, _ in issuing.register_rows(register_project(Args), year)]


@pytest.mark.parametrize("row, cell, words", [
    (("1/2023", "05/01/2023", "x", "A"), "A5", "nhóm chữ viết tắt"),
    (("Số 1", "05/01/2023", "x", "A"), "A5", "không phải số và ký hiệu"),
    (("01/QĐ UBND", "05/01/2023", "x", "A"), "A5", "không phải số và ký hiệu"),
    (("01/QĐ-UBND", "31/02/2023", "x", "A"), "B5", "31/02/2023"),
    (("01/QĐ-UBND", None, "x", "A"), "B5", "trống"),
    (("01/QĐ-UBND", "05/01/2023", None, "A"), "C5", "trống"),
    (("01/QĐ-UBND", "05/01/2023", "x", None), "D5", "người ký"),
    (("01/QĐ-UBND", "05/01/2023", "x", "A", "", "VT", "ba"), "G5", "không phải số bản"),
    (("01/QĐ-UBND", "05/01/2023", "x", "A", "", "VT", 1, "01/01/2023"), "H5", "sớm hơn ngày văn bản"),
    (("01/QĐ-UBND", "05/01/2023", "x", "A", "", "VT", 1, None, "Hoa"), "I5", "ngày chuyển để trống"),
])
def test_each_wrong_cell_is_named_and_nothing_is_imported(clerk, capsys, row, cell, words):
    issue_two(capsys)
    before = state(clerk)
    code, _, err = cli(capsys, "nhap-so", workbook(clerk / "so.xlsx", [GOOD[1], row]))
    assert code == 1 and "Traceback" not in err
    line = next(ln for ln in err.splitlines() if f"Sổ 2023!{cell}" in ln)
    assert "so.xlsx" in line and words in line
    assert "chưa dòng nào được nhập" in err
    assert state(clerk) == before


def test_the_wrong_cell_is_located_as_file_line_field(tmp_path):
    from kehoach.errors import KehoachError
    from kehoach.register.workbook import read_workbook

    path = workbook(tmp_path / "so.xlsx", [GOOD[0], ("02/QĐ-UBND", "30/02/2023", "x", "A")])
    with pytest.raises(KehoachError) as e:
        read_workbook(path)
    (problem,) = [p for p in e.value.problems if p.field]
    assert (problem.file, problem.line, problem.field) == (str(path), 5, "Sổ 2023!B5")


def test_a_row_that_clashes_with_the_register_stops_the_whole_import(clerk, capsys):
    issue_two(capsys)  # 01/KH-UBND 15/3/2024, 02/TB-UBND 18/3/2024
    before = state(clerk)
    clash = [("03/QĐ-UBND", "20/03/2024", "x", "A"), ("02/QĐ-UBND", "19/03/2024", "y", "B")]
    code, _, err = cli(capsys, "nhap-so", workbook(clerk / "so.xlsx", clash))
    assert code == 1 and "đã có trong sổ: văn bản số 02/TB-UBND" in err
    assert "chưa dòng nào của tệp được nhập" in err
    assert state(clerk) == before


def test_a_number_twice_in_the_workbook_is_named(clerk, capsys):
    code, _, err = cli(capsys, "nhap-so", workbook(clerk / "so.xlsx", [GOOD[0], GOOD[0]]))
    assert code == 1 and "đã có ở dòng 4" in err


def test_not_a_register_workbook(clerk, capsys):
    code, _, err = cli(capsys, "nhap-so", workbook(clerk / "so.xlsx", [], head=[["Họ tên", "Tuổi"]]))
    assert code == 1 and "không thấy bảng sổ đăng ký" in err
    (clerk / "junk.xlsx").write_bytes(b"not a zip")
    code, _, err = cli(capsys, "nhap-so", clerk / "junk.xlsx")
    assert code == 1 and "không phải tệp Excel" in err and "Traceback" not in err


def test_export_is_deterministic_and_reads_back_column_for_column(clerk, capsys, tmp_path):
    issue_two(capsys)
    assert cli(capsys, "vao-so", "--so", "03/UBND-VP", "--ngay", "20/03/2024", "--trich-yeu", "V/v họp giao ban",
               "--nguoi-ky", "Trần Văn Bình", "--noi-nhan", "Các công chức; Lưu: VT, VP")[0] == 0
    assert cli(capsys, "cancel", "--so", "03/UBND-VP", "--nam", "2024", "--ly-do", "Ghi nhầm")[0] == 0
    assert cli(capsys, "xuat-so", "--nam", "2024")[0] == 0
    first = (clerk / "van-thu" / "so-van-ban-di-2024.xlsx").read_bytes()
    assert cli(capsys, "xuat-so", "--nam", "2024", "--out", tmp_path / "again.xlsx")[0] == 0
    assert (tmp_path / "again.xlsx").read_bytes() == first
    ws = load_workbook(tmp_path / "again.xlsx").active
    assert [c.value for c in ws[3]] == list(COLUMN_TITLES)
    assert ws["A5"].value == "01/KH-UBND" and ws["B5"].value == dt.datetime(2024, 3, 15)
    assert ws["J7"].value == "Số cấp ngoài kehoach; Đã hủy: Ghi nhầm"
    assert cli(capsys, "verify")[0] == 0  # the Excel copy in the archive is kehoach's own file
    # Read back into a fresh register: the same ten columns.
    other = tmp_path / "xa-khac"
    (other / "data").mkdir(parents=True)
    code = cli(capsys, "nhap-so", "--data", other / "data", tmp_path / "again.xlsx")[0]
    assert code == 0
    from kehoach.register.book import row_cells

    def cells(data_dir):
        from kehoach.cli.intake import register_project
        from kehoach.register import issuing

        class Args:
            data = data_dir

        return [row_cells(e, note) for e, note in issuing.register_rows(register_project(Args), 2024)]

    assert cells(other / "data") == cells(clerk / "data")
