"""a file the register does not know was put into the archive (a hand-made 02 beside 01)."""
import shutil


def apply(root):
    year = root / "van-thu" / "2024"
    shutil.copyfile(root / "out" / "son-giang-2024" / "thong-bao-phan-cong.docx", year / "02-TB-UBND.docx")
