"""Progress sheets: export one .xlsx per lead, fill it as an officer would (openpyxl), import, rebuild."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from docx_text import row_texts
from openpyxl import load_workbook

from kehoach.dossier.loading import load_dossier
from kehoach.errors import KehoachError
from kehoach.inputs.progress_excel import COL, FIRST_ROW, SHEET, read_sheets
from kehoach.rules.periods import IN_PROGRESS, NOT_STARTED, report_periods
from kehoach.tracking.progress import DONE, check, sheet_rows

DOSSIER = "son-giang-2024"


def export(run, project, ky="quy-3") -> Path:
    code, _, err = run("xuat-tien-do", DOSSIER, "--ky", ky, "--data", project / "data", "--out", project / "out")
    assert code == 0, err
    return project / "out" / DOSSIER / f"tien-do-{ky}"


def rows_by_id(ws) -> dict[str, int]:
    """Sheet row number of each task (the first occurrence row for recurring work)."""
    out = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        out.setdefault(ws.cell(r, COL["ma"]).value, r)
    return out


def fill(path: Path, task: str, **cells) -> int:
    """Fill `task`'s row as an officer does in Excel; return the row number."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    r = rows_by_id(ws)[task]
    for key, value in cells.items():
        ws.cell(r, COL[key]).value = value
    wb.save(path)
    return r


def test_one_workbook_per_lead_with_ascii_names_and_same_bytes(run, project):
    folder = export(run, project)
    names = sorted(p.name for p in folder.glob("*.xlsx"))
    assert names == sorted(f"tien-do-quy-3-2024-{c}.xlsx" for c in
                           ("van-hoa", "pho-chu-tich", "van-phong", "tu-phap", "chu-tich", "tai-chinh", "dia-chinh"))
    assert all(n.isascii() and len(n) <= 50 for n in names)
    first = {p.name: p.read_bytes() for p in folder.glob("*.xlsx")}
    export(run, project)
    assert {p.name: p.read_bytes() for p in folder.glob("*.xlsx")} == first


def test_sheet_lists_the_leads_tasks_and_protects_all_but_the_cells_to_fill(run, project):
    path = export(run, project) / "tien-do-quy-3-2024-tu-phap.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames[0] == SHEET and wb[wb.sheetnames[1]].sheet_state == "veryHidden"
    ws = wb[SHEET]
    ids = [ws.cell(r, COL["ma"]).value for r in range(FIRST_ROW, ws.max_row + 1)]
    assert ids == ["2a", "2b", "2c", "3đ"]  # the tasks Tư pháp leads, in plan order
    assert ws.protection.sheet
    for r in range(FIRST_ROW, ws.max_row + 1):
        for key in COL:
            editable = key in ("tinh_trang", "phan_tram", "ngay", "ket_qua", "kho_khan") and ids[r - FIRST_ROW] != "2a"
            assert ws.cell(r, COL[key]).protection.locked is not editable, (r, key)
    # 2a was done on 12/03, before Quý III: shown, not to be filled again
    assert ws.cell(FIRST_ROW, COL["tinh_trang"]).value == DONE
    assert ws.cell(FIRST_ROW, COL["ngay"]).value == dt.datetime(2024, 3, 12)
    # 3đ finished late on 10/07: the date is a real date cell, shown dd/mm/yyyy
    r = FIRST_ROW + 3
    assert ws.cell(r, COL["ngay"]).value == dt.datetime(2024, 7, 10)
    assert ws.cell(r, COL["ngay"]).number_format == "DD/MM/YYYY"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"Chưa triển khai,Đang thực hiện,Hoàn thành"'
    assert str(lists[0].sqref) == f"G{FIRST_ROW}:G{ws.max_row}"


def test_recurring_work_gets_one_row_per_occurrence(run, project):
    path = export(run, project) / "tien-do-quy-3-2024-van-phong.xlsx"
    ws = load_workbook(path)[SHEET]
    monthly = [(ws.cell(r, COL["lan"]).value, ws.cell(r, COL["tinh_trang"]).value)
               for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, COL["ma"]).value == "3c"]
    assert monthly == [("Tháng 7/2024", DONE), ("Tháng 8/2024", IN_PROGRESS), ("Tháng 9/2024", DONE)]


def test_round_trip_fills_the_next_report(run, project):
    data = project / "data" / DOSSIER
    before_yaml = (data / "tien-do.yaml").read_text(encoding="utf-8")
    folder = export(run, project)
    # Officers fill their sheets as they would in Excel.
    fill(folder / "tien-do-quy-3-2024-pho-chu-tich.xlsx", "3d", tinh_trang="Đang thực hiện", phan_tram=50,
         ket_qua="Đã kiểm tra 02/05 thôn")
    fill(folder / "tien-do-quy-3-2024-dia-chinh.xlsx", "8a", tinh_trang="Hoàn thành", phan_tram=100,
         ngay=dt.datetime(2024, 9, 5), ket_qua="Văn bản đề xuất gửi UBND huyện")
    fill(folder / "tien-do-quy-3-2024-tu-phap.xlsx", "2c", tinh_trang="hoàn thành", ngay="12/09/2024")
    fill(folder / "tien-do-quy-3-2024-van-phong.xlsx", "7đ", tinh_trang="Hoàn thành", phan_tram=None,
         ngay=dt.datetime(2024, 9, 10), kho_khan=None)
    code, out, err = run("nhap-tien-do", DOSSIER, *sorted(folder.glob("*.xlsx")), "--data", project / "data")
    assert code == 0, err
    assert "Đã ghi 4 thay đổi" in out
    assert "8a (Công chức Địa chính - Xây dựng - Nông nghiệp - Môi trường): Chưa triển khai → Hoàn thành " \
           "ngày 05/09/2024 — Văn bản đề xuất gửi UBND huyện" in out
    after = (data / "tien-do.yaml").read_text(encoding="utf-8")
    # Comments and untouched lines are kept; new updates are one line each, in date order.
    assert after.startswith(before_yaml[:before_yaml.index("cap_nhat:")])
    assert '    - {ngay: "05/09/2024", tien_do: 100, ghi_chu: "Văn bản đề xuất gửi UBND huyện"}' in after
    assert '  "8a":\n' in after
    seven = after[after.index('  "7đ":'):].split("\n")[1:3]
    assert seven == ['    - {ngay: "01/06/2024", tien_do: 30, ghi_chu: "Đang rà soát quy trình nội bộ"}',
                     '    - {ngay: "10/09/2024", tien_do: 100, ghi_chu: "Đang rà soát quy trình nội bộ"}']
    # The next report shows the filled states: table by area and the chart's values.
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    doc = Document(str(project / "out" / DOSSIER / "bao-cao-quy-3.docx"))
    table = next(t for t in doc.tables if row_texts(t.rows[0])[:2] == ["TT", "Lĩnh vực"])
    rows = {row_texts(r)[1]: row_texts(r)[2:] for r in table.rows[1:]}
    # was 25, 7, 1, 12, 3, 2: 2c, 7đ, 8a done on time; 3d now under way
    assert rows["Tổng cộng"] == ["25", "10", "1", "12", "0", "2", "44%"]
    assert rows["Tác động của cải cách hành chính đến sự phát triển KTXH của địa phương"][:2] == ["2", "1"]
    dossier, _, _ = load_dossier(data)
    from kehoach.documents.report import completion_chart
    from kehoach.tracking.status import snapshot
    q3 = report_periods(2024)[2]
    chart = completion_chart(snapshot(dossier, q3.end, q3))
    assert chart.ends[-1] == "1/2 (50%)"  # area VIII, as the table says
    assert dict(chart.series)["Đúng hạn"][-1] == 1


def test_a_bad_cell_changes_nothing_and_is_named(run, project):
    data = project / "data" / DOSSIER
    before = (data / "tien-do.yaml").read_bytes()
    folder = export(run, project)
    fill(folder / "tien-do-quy-3-2024-dia-chinh.xlsx", "8a", tinh_trang="Hoàn thành", ngay="20/09/2024")
    good = folder / "tien-do-quy-3-2024-pho-chu-tich.xlsx"
    fill(good, "3d", tinh_trang="Đang thực hiện", phan_tram=50)
    code, _, err = run("nhap-tien-do", DOSSIER, folder / "tien-do-quy-3-2024-dia-chinh.xlsx", good,
                         "--data", project / "data")
    assert code == 1
    assert "ngày hoàn thành 20/09/2024 nằm ngoài kỳ báo cáo (15/06/2024 – 14/09/2024)" in err
    assert "Traceback" not in err
    dossier, _, _ = load_dossier(data)
    with pytest.raises(KehoachError) as e:
        read_sheets(dossier, [folder / "tien-do-quy-3-2024-dia-chinh.xlsx", good], dt.date(2024, 12, 31))
    (problem,) = e.value.problems
    assert (problem.file, problem.line, problem.field) == \
        (str(folder / "tien-do-quy-3-2024-dia-chinh.xlsx"), 7, "Tiến độ!I7")
    assert "Ngày hoàn thành" in problem.message and "nằm ngoài kỳ báo cáo" in problem.message
    assert (data / "tien-do.yaml").read_bytes() == before


@pytest.mark.parametrize("cells, column, words", [
    ({"tinh_trang": None}, "G", "chưa chọn tình trạng"),
    ({"tinh_trang": "Xong rồi"}, "G", "tình trạng “Xong rồi” không có"),
    ({"tinh_trang": "Đang thực hiện", "phan_tram": 100}, "H", "từ 1 đến 99"),
    ({"tinh_trang": "Chưa triển khai", "phan_tram": 40}, "H", "chưa triển khai thì % hoàn thành là 0"),
    ({"tinh_trang": "Đang thực hiện", "phan_tram": "nhiều"}, "H", "số nguyên từ 0 đến 100"),
    ({"tinh_trang": "Hoàn thành", "ngay": None}, "I", "phải ghi ngày hoàn thành"),
    ({"tinh_trang": "Hoàn thành", "ngay": "31/02/2024"}, "I", "không có trên lịch"),
    ({"tinh_trang": "Đang thực hiện", "phan_tram": 20, "ngay": "01/09/2024"}, "I", "chỉ ghi ngày hoàn thành khi"),
    ({"ma": "9z"}, "A", "không có nhiệm vụ mã “9z”"),
    ({"ma": "1b"}, "A", "không do người nhận phiếu này chủ trì"),
])
def test_each_bad_cell_is_located(run, project, cells, column, words):
    folder = export(run, project)
    path = folder / "tien-do-quy-3-2024-dia-chinh.xlsx"
    r = fill(path, "8a", **cells)
    code, _, err = run("nhap-tien-do", DOSSIER, path, "--data", project / "data")
    assert code == 1 and words in err, err
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    with pytest.raises(KehoachError) as e:
        read_sheets(dossier, [path], dt.date(2024, 12, 31))
    (problem,) = e.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), r, f"Tiến độ!{column}{r}")
    assert words in problem.message


def test_a_sheet_of_another_dossier_or_file_type_is_refused(run, project, tmp_path):
    folder = export(run, project)
    path = folder / "tien-do-quy-3-2024-dia-chinh.xlsx"
    wb = load_workbook(path)
    wb["kehoach"]["B1"] = "xa-khac-2024"
    wb.save(path)
    other = tmp_path / "ghi-chu.xlsx"
    other.write_bytes(b"not a workbook")
    code, _, err = run("nhap-tien-do", DOSSIER, path, other, "--data", project / "data")
    assert code == 1
    assert "phiếu của hồ sơ “xa-khac-2024”" in err and "ghi-chu.xlsx: không đọc được tệp Excel" in err
    assert "Traceback" not in err and "File is not a zip file" not in err


def test_unchanged_sheets_change_nothing(run, project):
    data = project / "data" / DOSSIER
    before = (data / "tien-do.yaml").read_bytes()
    folder = export(run, project, "6-thang")
    code, out, err = run("nhap-tien-do", DOSSIER, *folder.glob("*.xlsx"), "--data", project / "data")
    assert code == 0, err
    assert "Không có thay đổi" in out
    assert (data / "tien-do.yaml").read_bytes() == before


def test_export_refuses_a_period_the_plan_has_no_report_for(run, project):
    code, _, err = run("xuat-tien-do", DOSSIER, "--ky", "quy-2", "--data", project / "data", "--out", project / "out")
    assert code == 1 and "quy-1, 6-thang, quy-3, nam" in err


# The checks themselves, without Excel.
SEED = Path(__file__).resolve().parent.parent / "data" / DOSSIER


@pytest.fixture(scope="module")
def q3_row():
    dossier, _, _ = load_dossier(SEED)
    q3 = report_periods(2024)[2]
    return next(r for r in sheet_rows(dossier, q3, "dia-chinh") if r.task.id == "8a")


@pytest.mark.parametrize("state, percent, day, today, ok", [
    ("Hoàn thành", None, dt.date(2024, 9, 1), dt.date(2024, 9, 10), True),
    ("Hoàn thành", 100, dt.date(2024, 9, 11), dt.date(2024, 9, 10), False),   # in the future
    ("Hoàn thành", 90, dt.date(2024, 9, 1), dt.date(2024, 9, 10), False),
    ("Hoàn thành", None, dt.date(2024, 6, 14), dt.date(2024, 9, 10), False),  # before the period
    ("ĐANG THỰC HIỆN", "45%", None, dt.date(2024, 9, 10), True),
    ("Chưa triển khai", None, None, dt.date(2024, 9, 10), True),
    (NOT_STARTED, 0, None, dt.date(2024, 9, 10), True),
    ("ĐANG THỰC HIỆN", "4²", None, dt.date(2024, 9, 10), False),  # a superscript is no percent (was a crash)
])
def test_check(q3_row, state, percent, day, today, ok):
    values, problems = check(q3_row, state, percent, day, "", "", today)
    assert (values is not None) == ok, problems
    assert bool(problems) != ok


def test_future_date_message(q3_row):
    _, problems = check(q3_row, "Hoàn thành", None, dt.date(2024, 9, 11), "", "", dt.date(2024, 9, 10))
    assert problems == [("ngay", "ngày hoàn thành 11/09/2024 chưa tới (hôm nay là 10/09/2024)")]
    assert re.search("hôm nay", problems[0][1])


def test_import_creates_tien_do_yaml_when_there_was_none(run, project):
    data = project / "data" / DOSSIER
    (data / "tien-do.yaml").unlink()
    folder = export(run, project)
    fill(folder / "tien-do-quy-3-2024-dia-chinh.xlsx", "8a", tinh_trang="Đang thực hiện", phan_tram=20)
    code, _, err = run("nhap-tien-do", DOSSIER, folder / "tien-do-quy-3-2024-dia-chinh.xlsx",
                         "--data", project / "data")
    assert code == 0, err
    dossier, _, problems = load_dossier(data)
    assert not problems
    (update,) = dossier.progress["8a"]
    assert (update.percent, update.date) == (20, dt.date(2024, 9, 14))  # filled after the period: dated its end


def test_a_closed_dossier_takes_no_more_progress(run, project):
    data = project / "data" / DOSSIER
    folder = export(run, project)
    plan = data / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "dong: true\n", encoding="utf-8")
    before = (data / "tien-do.yaml").read_bytes()
    code, _, err = run("nhap-tien-do", DOSSIER, *folder.glob("*.xlsx"), "--data", project / "data")
    assert code == 1 and "đã đóng" in err
    assert (data / "tien-do.yaml").read_bytes() == before
