"""nhap-so of a register workbook with one impossible date among good rows."""
from openpyxl import load_workbook

from kehoach.cli.main import main


def apply(root):
    book = root / "so-2024.xlsx"
    assert main(["--data", str(root / "data"), "xuat-so", "--nam", "2024", "--out", str(book)]) == 0
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    rows = [r for r in ws.iter_rows() if r[0].value is not None and str(r[0].value).strip() == "01/KH-UBND"]
    assert rows, "the exported book lists 01/KH-UBND"
    row = rows[0][0].row
    # A second document, numbered 02, on a day that does not exist.
    for col in range(1, ws.max_column + 1):
        ws.cell(row + 1, col).value = ws.cell(row, col).value
    ws.cell(row + 1, 1).value = "02/TB-UBND"
    ws.cell(row + 1, 2).value = "31/02/2024"
    wb.save(book)
