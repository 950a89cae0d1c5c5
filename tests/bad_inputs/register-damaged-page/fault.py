"""a page inside the register is overwritten with noise (a bad sector); SQLite's English must not show."""
import random


def apply(root):
    path = root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3"
    data = bytearray(path.read_bytes())
    noise = random.Random(7)
    for i in range(4096, len(data)):  # every page after the first (the header stays: it is an SQLite file)
        data[i] = noise.randrange(256)
    path.write_bytes(bytes(data))
