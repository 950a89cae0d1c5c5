"""the register file lost its end (copied half-way, a full USB stick)."""


def apply(root):
    path = root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3"
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[:8192])
