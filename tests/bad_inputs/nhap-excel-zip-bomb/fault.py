"""kehoach nhap-excel of a workbook whose sheet inflates to 60 MB."""
import zipfile


def bomb(path, member):
    """Write a zip whose `member` inflates to 60 MB (from about 60 kB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"<w:p/>" * 10_000_000, compresslevel=9)


def apply(root):
    bomb(root / "bom.xlsx", "xl/worksheets/sheet1.xml")
