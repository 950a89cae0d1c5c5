"""out/son-giang-2024 is a file."""
import shutil


def apply(root):
    shutil.rmtree(root / "out" / "son-giang-2024")
    (root / "out" / "son-giang-2024").write_text("x\n", encoding="utf-8")
