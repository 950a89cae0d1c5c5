"""thu_muc_mau is an absolute path outside the project."""
import shutil


def apply(root):
    shutil.copytree(root / "templates", root.parent / "mau-tuyet-doi")
    (root / "data" / "cau-hinh.yaml").write_text(f"thu_muc_mau: {(root.parent / 'mau-tuyet-doi').as_posix()}\n",
                                                 encoding="utf-8")
