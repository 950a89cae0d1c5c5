"""The SQLite register on its own: schema, allocation, constraints the database enforces, self-checks."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kehoach.errors import KehoachError
from kehoach.register.events import COLUMNS
from kehoach.register.store import (
    CANCELLED,
    ISSUED,
    PENDING,
    SCHEMA_VERSION,
    Register,
    Request,
    copies_for,
    copy_holder_for,
)


def request(doc_id: str, day=dt.date(2024, 3, 15), type_code="KH", **kw) -> Request:
    return Request(doc_id=doc_id, type_code=type_code, code=f"{type_code}-UBND", type_name="Kế hoạch",
                   summary="CCHC năm 2024", signer="Nguyễn Đức Thắng",
                   recipients=("UBND huyện Hương Sơn", "Lưu: VT"), date=day, input_sha256="0" * 64, **kw)


ARCHIVE_ID = "a" * 32


@pytest.fixture
def reg(tmp_path):
    with Register.create(tmp_path / "so.sqlite3", ARCHIVE_ID) as r:
        yield r


def raw(path: Path):
    return closing(sqlite3.connect(path))


def test_schema_is_versioned_and_uses_wal(tmp_path):
    with Register.create(tmp_path / "so.sqlite3", ARCHIVE_ID):
        pass
    with raw(tmp_path / "so.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path):
    with raw(tmp_path / "so.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(KehoachError, match="phiên bản kehoach mới hơn"):
        Register(tmp_path / "so.sqlite3")


def test_numbers_follow_order_and_restart_each_year(reg):
    got = [reg.reserve(request(f"d{i}", dt.date(2024, 3, 10 + i)), "chung").number.number for i in range(11)]
    assert got == list(range(1, 12))
    assert str(reg.entries(2024)[8].number) == "09/KH-UBND"
    assert str(reg.entries(2024)[10].number) == "11/KH-UBND"
    assert str(reg.reserve(request("new", dt.date(2025, 1, 2)), "chung").number) == "01/KH-UBND"


def test_database_enforces_unique_number_and_code_in_the_year(reg, tmp_path):
    reg.reserve(request("a"), "chung")
    with raw(tmp_path / "so.sqlite3") as db:
        row = db.execute("SELECT * FROM entries").fetchone()
        for series, doc in (("other", "b"), ("chung", "c")):
            values = list(row)
            values[0], values[2], values[6] = None, series, doc
            with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
                db.execute(f"INSERT INTO entries VALUES ({', '.join('?' * len(values))})", values)


def test_database_allows_one_live_issue_per_document(reg, tmp_path):
    reg.reserve(request("a"), "chung")
    with raw(tmp_path / "so.sqlite3") as db, pytest.raises(sqlite3.IntegrityError, match="one_live_issue|UNIQUE"):
        # Same document, a free number: only the partial unique index stops it.
        db.execute("INSERT INTO entries (year, series, number, code, issue_date, doc_id, state, type_name,"
                   " summary, signer, recipients, copy_holder, copies, input_sha256, last_event) SELECT year,"
                   " series, 2, code, issue_date, doc_id, state, type_name, summary, signer, recipients,"
                   " copy_holder, copies, input_sha256, last_event FROM entries")


def test_per_type_series_allows_same_number_for_different_codes(reg):
    a = reg.reserve(request("a", type_code="KH"), "theo_loai")
    b = reg.reserve(request("b", type_code="BC"), "theo_loai")
    assert (str(a.number), str(b.number)) == ("01/KH-UBND", "01/BC-UBND")
    assert reg.check() == []


def test_unknown_series_setting_is_a_user_error(reg):
    with pytest.raises(KehoachError, match="Cách đánh số 'moi' không hợp lệ"):
        reg.reserve(request("a"), "moi")


def test_cancel_needs_a_reason_and_keeps_the_number(reg):
    e = reg.reserve(request("a"), "chung")
    with pytest.raises(KehoachError, match="lý do"):
        reg.cancel(e, "  ")
    assert reg.cancel(e, "Nhầm").state == CANCELLED
    assert reg.reserve(request("a", dt.date(2024, 3, 16)), "chung").number.number == 2


def test_check_names_rows_deleted_or_edited_in_the_table(reg, tmp_path):
    for i in range(3):
        reg.finish(reg.reserve(request(f"d{i}", dt.date(2024, 3, 10 + i)), "chung"), f"f{i}", "h")
    assert reg.check() == []
    with raw(tmp_path / "so.sqlite3") as db, db:
        db.execute("DELETE FROM entries WHERE number = 2")
        db.execute("UPDATE entries SET issue_date = '2024-03-01' WHERE number = 3")
    messages = [p.message for p in reg.check()]
    assert any("02/KH-UBND ngày 11/3/2024 có trong nhật ký nhưng đã bị xóa" in m for m in messages), messages
    assert any("03/KH-UBND ngày 12/3/2024 đã bị sửa" in m and "ngày văn bản: sổ ghi “2024-03-01”" in m
               for m in messages), messages


def test_book_rules_report_gaps_and_order():
    from kehoach.register.book_rules import book_problems
    from kehoach.register.store import entries_of

    rows = {}
    for i, (n, day) in enumerate([(1, 10), (3, 1)], start=2):
        rows[i] = {**dict.fromkeys(COLUMNS), "id": i, "year": 2024, "series": "chung", "number": n, "code": "KH-UBND",
                   "issue_date": f"2024-03-{day:02d}", "doc_id": f"d{n}", "state": "da_ban_hanh", "type_name": "Kế hoạch",
                   "summary": "x", "signer": "y", "recipients": "Lưu: VT", "copy_holder": "VT", "copies": 1,
                   "note": "", "last_event": i}
    messages = [p.message for p in book_problems(entries_of(rows), "so")]
    assert any("thiếu số 02" in m for m in messages)
    assert any("03/KH-UBND ngày 01/3/2024 có ngày sớm hơn văn bản số 01/KH-UBND" in m for m in messages)


def test_finish_only_from_pending(reg):
    e = reg.reserve(request("a"), "chung")
    assert e.state == PENDING
    done = reg.finish(e, "2024/01-KH-UBND.docx", "ab" * 32)
    assert done.state == ISSUED
    with pytest.raises(KehoachError, match="không còn ở trạng thái đang ban hành"):
        reg.finish(e, "x", "y")


@pytest.mark.parametrize("items,copies,holder", [
    (("UBND huyện", "Đảng ủy xã", "Lưu: VT"), 3, "Văn thư (VT)"),
    (("UBND huyện", "Lưu: VT, VP"), 3, "Văn thư (VT), VP"),
    (("UBND huyện",), 1, "Văn thư (VT)"),
])
def test_copies_and_copy_holder(items, copies, holder):
    assert (copies_for(items), copy_holder_for(items)) == (copies, holder)


def _reserve_many(path: str, worker: int, count: int, start) -> list[int]:
    start.wait()
    got = []
    with Register(Path(path)) as r:
        for i in range(count):
            got.append(r.reserve(request(f"w{worker}-{i}"), "chung").number.number)
    return got


def test_concurrent_processes_get_distinct_consecutive_numbers(tmp_path):
    """No lock file here: the database transaction alone must hand out each number once."""
    path = str(tmp_path / "so.sqlite3")
    Register.create(Path(path), ARCHIVE_ID).close()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_reserve_many, [(path, w, 10, start) for w in range(4)])
    every = sorted(n for got in results for n in got)
    assert every == list(range(1, 41))
    assert all(got == sorted(got) for got in results)
    with Register(Path(path)) as r:
        assert r.check() == []
