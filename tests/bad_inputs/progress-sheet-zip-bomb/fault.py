"""nhap-tien-do of a workbook whose sheet inflates to 60 MB (from about 60 kB)."""
import zipfile


def apply(root):
    with zipfile.ZipFile(root / "bom.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 10_000_000, compresslevel=9)
