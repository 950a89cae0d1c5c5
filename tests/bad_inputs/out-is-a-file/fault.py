"""out is a file, not a folder."""
import shutil


def apply(root):
    shutil.rmtree(root / "out")
    (root / "out").write_text("ghi chú của văn thư\n", encoding="utf-8")
