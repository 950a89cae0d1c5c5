"""An officer's progress sheet with one bad cell: a completion date after the period; a good sheet beside it."""
import datetime as dt

from openpyxl import load_workbook

from kehoach.dossier.loading import load_dossier
from kehoach.inputs.progress_excel import export_sheets
from kehoach.rules.periods import report_periods


def apply(root):
    dossier, _, _ = load_dossier(root / "data" / "son-giang-2024")
    sheets = export_sheets(dossier, report_periods(2024)[2])  # quý III
    folder = root / "phieu"
    folder.mkdir()
    for name in ("tien-do-quy-3-2024-dia-chinh.xlsx", "tien-do-quy-3-2024-pho-chu-tich.xlsx"):
        (folder / name).write_bytes(sheets[name])
    path = folder / "tien-do-quy-3-2024-dia-chinh.xlsx"
    wb = load_workbook(path)
    ws = wb["Tiến độ"]
    ws["G7"], ws["I7"] = "Hoàn thành", dt.datetime(2024, 9, 20)  # 8a, done after 14/09
    wb.save(path)
    good = folder / "tien-do-quy-3-2024-pho-chu-tich.xlsx"
    wb = load_workbook(good)
    wb["Tiến độ"]["H8"] = 60  # 3d, 0 % → 60 %: a change that must not be written either
    wb["Tiến độ"]["G8"] = "Đang thực hiện"
    wb.save(good)


def verify(root, done):
    progress = (root / "data" / "son-giang-2024" / "tien-do.yaml").read_text(encoding="utf-8")
    assert '"8a"' not in progress and "tien_do: 60}" not in progress.split('"3d":')[1].split('"3đ":')[0]
