"""the register file was overwritten with text."""


def apply(root):
    (root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").write_bytes(b"day khong phai so dang ky\n" * 400)
