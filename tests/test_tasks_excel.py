"""The task list in Excel: `xuat-excel` writes what a clerk edits, `nhap-excel` reads it back or changes nothing."""
from __future__ import annotations

import datetime as dt
import difflib
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kehoach.dossier.loading import load_dossier
from kehoach.errors import KehoachError
from kehoach.inputs.tasks_excel import read_tasks
from kehoach.render.pdf import find_libreoffice
from kehoach.rules.periods import RECURRENCES

DOSSIER = "son-giang-2024"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def exported(project, run) -> Path:
    out = project / "nv.xlsx"
    code, stdout, err = run("--data", project / "data", "xuat-excel", DOSSIER, "--out", out)
    assert code == 0, err
    assert "Đã ghi 25 nhiệm vụ" in stdout
    return out


def edit(path: Path, change, target: Path | None = None) -> Path:
    wb = load_workbook(path)
    change(wb["Nhiệm vụ"])
    target = target or path.with_name("sua.xlsx")
    wb.save(target)
    return target


def row_of(ws, code: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_workbook_is_ready_to_edit(exported):
    wb = load_workbook(exported)
    ws = wb["Nhiệm vụ"]
    assert [c.value for c in ws[1]] == ["Mã", "Lĩnh vực", "Nội dung nhiệm vụ", "Chủ trì", "Thời hạn", "Sản phẩm",
                                       "Phối hợp 1", "Phối hợp 2", "Phối hợp 3"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    assert ws.column_dimensions["C"].width == 60 and ws["C2"].alignment.wrap_text
    b = row_of(ws, "1b")
    assert [ws.cell(b, c).value for c in range(1, 10)] == [
        "1b", "1. Công tác chỉ đạo điều hành cải cách hành chính",
        "Kiểm tra, hướng dẫn, đôn đốc việc triển khai CCHC; xử lý các vấn đề phát hiện qua kiểm tra",
        "Phó Chủ tịch UBND xã", dt.datetime(2024, 9, 30), "Kế hoạch kiểm tra và thông báo kết luận kiểm tra",
        "Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", None]
    assert ws.cell(b, 5).number_format == "DD/MM/YYYY"
    assert ws.cell(row_of(ws, "1a"), 5).value == "Hằng quý"
    lists = wb["Danh mục"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["B"]][1:4] == ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã",
                                                  "Công chức Văn phòng - Thống kê"]
    rules = {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert rules["B2:B226"] == ("list", "'Danh mục'!$A$2:$A$9")
    assert rules["D2:D226 G2:G226 H2:H226 I2:I226"] == ("list", "'Danh mục'!$B$2:$B$10")
    assert rules["E2:E226"][0] == "custom" and "ISNUMBER(E2)" in rules["E2:E226"][1]


def test_same_data_gives_the_same_bytes(project, run, exported):
    again = project / "nv2.xlsx"
    run("--data", project / "data", "xuat-excel", DOSSIER, "--out", again)
    assert again.read_bytes() == exported.read_bytes()
    with zipfile.ZipFile(io.BytesIO(exported.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2024-03-01T00:00:00Z" in z.read("docProps/core.xml")


def test_default_output_goes_beside_the_drafts(project, run):
    code, _out, _ = run("--data", project / "data", "--out", project / "out", "xuat-excel", DOSSIER)
    assert code == 0 and (project / "out" / DOSSIER / "nhiem-vu.xlsx").is_file()


def test_round_trip_without_edits_changes_nothing(project, run, exported):
    before = tree(project / "data")
    saved = edit(exported, lambda ws: None)  # opened and saved again, as Excel would
    code, out, err = run("--data", project / "data", "nhap-excel", DOSSIER, saved)
    assert code == 0, err
    assert "không có gì thay đổi" in out
    assert tree(project / "data") == before


def _calc() -> bool:
    exe = find_libreoffice()
    return exe is not None and any((Path(exe).resolve().parent / n).exists() for n in ("libsclo.so", "sclo.dll"))


@pytest.mark.skipif(not _calc(), reason="cần LibreOffice Calc (gói libreoffice-calc)")
def test_round_trip_through_libreoffice_changes_nothing(project, run, exported, tmp_path):
    before = tree(project / "data")
    subprocess.run([find_libreoffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo-out"),
                    str(exported)], check=True, capture_output=True, timeout=180)
    code, out, err = run("--data", project / "data", "nhap-excel", DOSSIER, tmp_path / "lo-out" / "nv.xlsx")
    assert code == 0, err
    assert "không có gì thay đổi" in out and tree(project / "data") == before


@pytest.mark.parametrize("cell, value, header, reason", [
    ("E7", "31/02/2024", "Thời hạn", "ngày “31/02/2024” không có trên lịch"),
    ("E7", "sớm", "Thời hạn", "không hiểu thời hạn “sớm”"),
    ("D7", "Ông Ba", "Chủ trì", "không có công chức hay đơn vị “Ông Ba”"),
    ("C7", None, "Nội dung nhiệm vụ", "không được để trống"),
    ("B7", "9. Lĩnh vực lạ", "Lĩnh vực", "không có lĩnh vực “9. Lĩnh vực lạ”"),
    ("A7", "1a", "Mã", "mã “1a” trùng với dòng 2"),
    ("A7", "Mã Lạ", "Mã", "chỉ được gồm chữ thường"),
    ("G7", "Công chức Tư pháp - Hộ tịch", "Phối hợp 1", "không đồng thời là nơi phối hợp"),
    ("F7", "  ", "Sản phẩm", "sản phẩm không được để trống"),
])
def test_one_bad_cell_changes_nothing_and_names_the_cell(project, run, exported, cell, value, header, reason):
    before = tree(project / "data")

    def change(ws):
        assert ws["D7"].value == "Công chức Tư pháp - Hộ tịch"  # row 7 is task 2c
        ws[cell] = value

    workbook = edit(exported, change)
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    with pytest.raises(KehoachError) as e:
        read_tasks(workbook, dossier)
    (problem,) = e.value.problems
    assert (problem.file, problem.line, problem.field) == (str(workbook), 7, f"Nhiệm vụ!{cell}")
    assert header in problem.message and reason in problem.message
    code, _out, err = run("--data", project / "data", "nhap-excel", DOSSIER, workbook)
    assert code == 1 and err.count("\n") == 1 and reason in err
    assert tree(project / "data") == before


@pytest.mark.parametrize("typed, deadline", [
    ("Quý II/2024", dt.date(2024, 6, 30)),   # read as `nhap` reads a Word appendix
    ("30-9-2024", dt.date(2024, 9, 30)),
    ("Trước ngày 15/10/2024", dt.date(2024, 10, 15)),
    ("Hàng quý", RECURRENCES["hang_quy"]),
    ("hang_nam", RECURRENCES["hang_nam"]),
])
def test_a_deadline_typed_as_in_a_word_appendix_is_read(project, exported, typed, deadline):
    workbook = edit(exported, lambda ws: ws.__setitem__("E7", typed))
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    (row,) = [t for t in read_tasks(workbook, dossier) if t.row == 7]
    assert row.deadline == deadline


def test_edits_are_shown_field_by_field_and_written_keeping_comments(project, run, exported):
    path = project / "data" / DOSSIER / "nhiem-vu.yaml"
    before = path.read_text(encoding="utf-8")

    def change(ws):
        b = row_of(ws, "1b")
        ws.cell(b, 5).value = dt.datetime(2024, 10, 31)
        ws.cell(b, 7).value, ws.cell(b, 8).value = "Công chức Tư pháp - Hộ tịch", None
        ws.cell(row_of(ws, "2b"), 4).value = "Phó Chủ tịch UBND xã"
        ws.delete_rows(row_of(ws, "8a"))  # no progress recorded for it
        ws.cell(27, 2).value = "2. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật"
        ws.cell(27, 3).value = "Nhiệm vụ thêm trong Excel"
        ws.cell(27, 4).value = "Công chức Tư pháp - Hộ tịch"
        ws.cell(27, 5).value = "30/11/2024"
        ws.cell(27, 6).value = "Báo cáo"
        ws.cell(27, 7).value = "công chức văn phòng - thống kê"  # case and spacing do not matter

    code, out, err = run("--data", project / "data", "nhap-excel", DOSSIER, edit(exported, change))
    assert code == 0, err
    assert out.splitlines()[1:-1] == [
        ("  - Sửa nhiệm vụ 1b (dòng 3): phối hợp Công chức Văn phòng - Thống kê, Công chức Tư pháp - Hộ tịch → "
        "Công chức Tư pháp - Hộ tịch; thời hạn 30/09/2024 → 31/10/2024"),
        "  - Sửa nhiệm vụ 2b (dòng 7): chủ trì Công chức Tư pháp - Hộ tịch → Phó Chủ tịch UBND xã",
        "  - Thêm nhiệm vụ 2.1 (dòng 27, khoản 2): Nhiệm vụ thêm trong Excel",
        ("  - Bỏ nhiệm vụ 8a: Đề xuất cơ chế, chính sách hỗ trợ doanh nghiệp, khởi nghiệp; tăng số doanh nghiệp "
        "thành lập mới")]
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == [
        "-        phoi_hop: [van-phong, tu-phap]", '-        thoi_han: "30/09/2024"',
        "+        phoi_hop: [tu-phap]", '+        thoi_han: "31/10/2024"',
        "-        chu_tri: tu-phap", "+        chu_tri: pho-chu-tich",
        '+      - ma: "2.1"', '+        noi_dung: "Nhiệm vụ thêm trong Excel"', "+        chu_tri: tu-phap",
        "+        phoi_hop: [van-phong]", '+        thoi_han: "30/11/2024"', '+        san_pham: "Báo cáo"',
        '-      - ma: "8a"',
        ('-        noi_dung: "Đề xuất cơ chế, chính sách hỗ trợ doanh nghiệp, khởi nghiệp; tăng số doanh nghiệp '
        'thành lập mới"'),
        "-        chu_tri: dia-chinh", "-        phoi_hop: [tai-chinh]", '-        thoi_han: "31/10/2024"',
        '-        san_pham: "Văn bản đề xuất; số doanh nghiệp thành lập mới trong năm"']
    assert "hãy xuất lại tệp" in out.splitlines()[-1]
    # Importing the same workbook again would add the new row twice: refused, naming the row.
    again = exported.with_name("sua.xlsx")
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    with pytest.raises(KehoachError) as e:
        read_tasks(again, dossier)
    (problem,) = e.value.problems
    assert (problem.file, problem.line, problem.field) == (str(again), 27, "Nhiệm vụ!A27")
    assert "dòng chưa có mã nhưng trùng nội dung nhiệm vụ 2.1" in problem.message
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER, again)
    assert code == 1 and "trùng nội dung nhiệm vụ 2.1" in err


def test_reordering_rows_is_reported(project, run, exported):
    def change(ws):
        a, b = row_of(ws, "6a"), row_of(ws, "6b")
        for col in range(1, 10):
            ws.cell(a, col).value, ws.cell(b, col).value = ws.cell(b, col).value, ws.cell(a, col).value

    code, out, _ = run("--data", project / "data", "nhap-excel", DOSSIER, edit(exported, change))
    assert code == 0 and "Đổi thứ tự nhiệm vụ trong khoản 6: 6b, 6a" in out
    text = (project / "data" / DOSSIER / "nhiem-vu.yaml").read_text(encoding="utf-8")
    assert text.index('ma: "6b"') < text.index('ma: "6a"')


def test_removing_a_task_with_progress_is_refused(project, run, exported):
    before = tree(project / "data")
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER,
                       edit(exported, lambda ws: ws.delete_rows(row_of(ws, "3b"))))
    assert code == 1
    assert "tien-do.yaml" in err and "3b" in err and "chưa thay đổi gì" in err
    assert str(project / "data" / DOSSIER / "tien-do.yaml") in err  # the real file, not a temporary copy
    assert tree(project / "data") == before


def test_not_a_workbook_or_wrong_sheet(project, run, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER, bad)
    assert code == 1 and "không đọc được tệp Excel" in err
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(bad)
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER, bad)
    assert code == 1 and "không có sheet “Nhiệm vụ”" in err


def test_missing_column_is_named(project, run, exported):
    workbook = edit(exported, lambda ws: ws.delete_cols(5))
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    with pytest.raises(KehoachError) as e:
        read_tasks(workbook, dossier)
    (problem,) = e.value.problems
    assert (problem.file, problem.line) == (str(workbook), 1) and "thiếu cột “Thời hạn”" in problem.message
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER, workbook)
    assert code == 1 and "thiếu cột “Thời hạn”" in err


def test_unknown_dossier(project, run):
    code, _, err = run("--data", project / "data", "xuat-excel", "khong-co")
    assert code == 1 and "không có hồ sơ “khong-co”" in err


def test_units_of_a_merged_commune_in_the_drop_down(tmp_path, run):
    shutil.copytree(Path(__file__).parent.parent / "data" / DOSSIER, tmp_path / DOSSIER)
    org = tmp_path / DOSSIER / "co-quan.yaml"
    org.write_text(org.read_text(encoding="utf-8") + '\ndon_vi:\n  - ma: phong-kinh-te\n    ten: "Phòng Kinh tế"\n',
                   encoding="utf-8")
    out = tmp_path / "nv.xlsx"
    assert run("--data", tmp_path, "xuat-excel", DOSSIER, "--out", out)[0] == 0
    names = [c.value for c in load_workbook(out)["Danh mục"]["B"]][1:]
    assert names[0] == "Phòng Kinh tế" and "Chủ tịch UBND xã" in names


def test_a_dossier_without_tasks_exports_an_empty_list_and_asks_for_the_file(project, run):
    (project / "data" / DOSSIER / "nhiem-vu.yaml").unlink()
    (project / "data" / DOSSIER / "tien-do.yaml").unlink()
    out = project / "nv.xlsx"
    code, stdout, err = run("--data", project / "data", "xuat-excel", DOSSIER, "--out", out)
    assert code == 0, err
    ws = load_workbook(out)["Nhiệm vụ"]
    assert ws.cell(2, 1).value is None and "Đã ghi 0 nhiệm vụ" in stdout
    assert [c.value for c in load_workbook(out)["Danh mục"]["A"]][1] == "1. Công tác chỉ đạo điều hành cải cách hành chính"
    code, _, err = run("--data", project / "data", "nhap-excel", DOSSIER, out)
    assert code == 1 and "hồ sơ chưa có nhiem-vu.yaml" in err
