"""thu_muc_mau points at a folder beside the project."""
import shutil


def apply(root):
    shutil.copytree(root / "templates", root.parent / "mau-ngoai")
