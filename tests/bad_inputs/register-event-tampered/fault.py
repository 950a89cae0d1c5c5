"""an event of the register's log was edited outside kehoach (the date of the issue changed)."""
import sqlite3
from contextlib import closing


def apply(root):
    with closing(sqlite3.connect(root / "van-thu" / "so-dang-ky-van-ban-di.sqlite3")) as db, db:
        db.execute("DROP TRIGGER events_no_update")  # what someone editing the file by hand does first
        (seq, data), = db.execute("SELECT seq, data FROM events WHERE data LIKE '%2024-03-15%' ORDER BY seq LIMIT 1")
        db.execute("UPDATE events SET data = ? WHERE seq = ?", (data.replace("2024-03-15", "2024-03-14"), seq))
