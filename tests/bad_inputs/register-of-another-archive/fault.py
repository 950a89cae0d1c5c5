"""the register of another commune's archive was copied over this one."""
import shutil

from kehoach.cli.main import main


def apply(root):
    other = root.parent / "xa-khac"
    shutil.copytree(root / "data", other / "data")
    shutil.copytree(root / "templates", other / "templates")
    (other / "data" / "cau-hinh.yaml").unlink()  # a fresh project: its own archive id
    assert main(["--data", str(other / "data"), "issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024",
                 "--khong-pdf"]) == 0
    shutil.copyfile(other / "van-thu" / "so-dang-ky-van-ban-di.sqlite3",
                    root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3")
