"""a folder stands where the register file should be."""


def apply(root):
    path = root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3"
    path.unlink()
    path.mkdir()
    (path / "ghi-chu.txt").write_text("x", encoding="utf-8")
