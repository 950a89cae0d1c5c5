"""a register row was edited outside kehoach (summary and signer changed in a database viewer)."""
import sqlite3
from contextlib import closing


def apply(root):
    with closing(sqlite3.connect(root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3")) as db, db:
        db.execute("UPDATE entries SET summary = 'Trích yếu đã sửa', signer = 'Người khác' WHERE number = 1")
