"""the register file is empty (0 bytes)."""


def apply(root):
    (root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").write_bytes(b"")
