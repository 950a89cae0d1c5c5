"""The register of outgoing documents (sổ đăng ký văn bản đi): a SQLite file that hands out numbers.

At its core the register is an append-only, hash-chained event log (events.py); the `entries`
table holds the rows the log derives and is rewritten only together with the event that changes
it, in one transaction. The database itself enforces what the law asks of the register (ND 30
Đ 15, Phụ lục IV): number + ký hiệu unique in the year, one number series per year (and per type
code when the body numbers per type), at most one live issue per document id. Each row carries
the ten columns of Phụ lục IV plus what the archive needs (paths and SHA-256 of the frozen
files, SHA-256 of the inputs the document was built from, data and template apart).

A row goes `dang_ban_hanh` (number reserved, file not yet archived) → `da_ban_hanh`; an issued
row may later become `bi_thay_the` (replaced by a newer row that `replaces` it) or `da_huy`
(cancelled; its number is never given again).

Opening never creates or repairs: a file that is missing, empty, not SQLite, damaged, of another
schema or locked too long is a KehoachError naming it. `Register.create` makes a new register
whole (temporary file, then a link that refuses to replace an existing one).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from ..errors import KehoachError, Problem
from ..messages import os_reason, sqlite_name, sqlite_reason
from ..rules.numbering import DocNumber, Issue, format_number, next_number
from ..rules.vn import short_date
from . import events as ev
from . import integrity
from .archive import TEMP_PREFIX, link_new, remove_file, write_refusal
from .book_rules import SERIES_COMMON, SERIES_PER_TYPE, series_name
from .events import (
    CANCEL,
    CANCELLED,
    FINISH,
    ISSUED,
    NOTE,
    PENDING,
    REPLACED,
    RESERVE,
    SEND,
    WAIVE,
    Event,
)

SCHEMA_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
# How long a write waits for another program holding the database (seconds); tests shorten it.
BUSY_TIMEOUT = 60.0

STATE_NAMES = {
    PENDING: "đang ban hành dở",
    ISSUED: "đã ban hành",
    REPLACED: "đã bị thay thế",
    CANCELLED: "đã hủy",
}

WAY_OUT = ("Khôi phục sổ từ bản sao lưu, hoặc dựng lại sổ từ kho lưu bằng `kehoach verify --dung-lai` "
           "(tệp sổ đang có, nếu còn, được giữ lại bên cạnh, không bị xóa).")

_SCHEMA = f"""
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    kind      TEXT    NOT NULL,
    at        TEXT,                              -- local time recorded, ISO
    data      TEXT    NOT NULL,                  -- canonical JSON (events.canonical)
    row_id    INTEGER,                           -- the row the event belongs to
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL UNIQUE
);
CREATE INDEX events_by_row ON events (row_id);
-- The log is append-only; the chain would show any change anyway, this stops one by mistake.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'so dang ky chi duoc ghi them'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'so dang ky chi duoc ghi them'); END;

CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,           -- seq of the row's reserve event
    year          INTEGER NOT NULL,
    series        TEXT    NOT NULL,              -- '{SERIES_COMMON}' or the type code ('KH', 'BC' …)
    number        INTEGER NOT NULL CHECK (number >= 1),
    code          TEXT    NOT NULL,              -- ký hiệu, e.g. 'KH-UBND'
    issue_date    TEXT    NOT NULL,              -- ISO date, year = `year`
    doc_id        TEXT,                          -- NULL: a document kehoach did not make
    state         TEXT    NOT NULL CHECK (state IN ('{PENDING}', '{ISSUED}', '{REPLACED}', '{CANCELLED}')),
    type_name     TEXT    NOT NULL,              -- (3) tên loại …
    summary       TEXT    NOT NULL,              -- (3) … và trích yếu nội dung
    signer        TEXT    NOT NULL,              -- (4) người ký
    recipients    TEXT    NOT NULL,              -- (5) nơi nhận, one per line
    copy_holder   TEXT    NOT NULL,              -- (6) đơn vị, người nhận bản lưu
    copies        INTEGER NOT NULL CHECK (copies >= 1),  -- (7) số lượng bản
    sent_date     TEXT,                          -- (8) ngày chuyển
    received_by   TEXT,                          -- (9) ký nhận
    note          TEXT    NOT NULL DEFAULT '',   -- (10) ghi chú, fixed part
    replaces      INTEGER REFERENCES entries(id) UNIQUE,
    cancel_reason TEXT,
    input_sha256  TEXT,                          -- what the document was built from (data + template)
    data_sha256   TEXT,
    template_sha256 TEXT,
    file_path     TEXT,                          -- relative to the archive folder
    file_sha256   TEXT,
    pdf_path      TEXT,
    pdf_sha256    TEXT,
    waived_data_sha256     TEXT,                 -- inputs the clerk accepted as changed (`bo-qua`)
    waived_template_sha256 TEXT,
    waive_reason  TEXT,
    last_event    INTEGER NOT NULL REFERENCES events(seq),
    CHECK (CAST(substr(issue_date, 1, 4) AS INTEGER) = year),
    CHECK (state = '{PENDING}' OR state = '{CANCELLED}' OR (file_path IS NOT NULL AND file_sha256 IS NOT NULL)
           OR (doc_id IS NULL AND file_path IS NULL AND file_sha256 IS NULL)),  -- an original kept on paper
    CHECK (state <> '{CANCELLED}' OR cancel_reason IS NOT NULL),
    UNIQUE (year, number, code),
    UNIQUE (year, series, number)
);
-- A document id has at most one live issue: issuing it again needs a replacement or a cancel.
CREATE UNIQUE INDEX one_live_issue ON entries (doc_id) WHERE state IN ('{PENDING}', '{ISSUED}');
"""
_EVENT_COLUMNS = ("seq", "kind", "at", "data", "row_id", "prev_hash", "hash")


@dataclass(frozen=True)
class Request:
    """What the register needs to know about a document in order to number it."""

    doc_id: str
    type_code: str  # 'KH'
    code: str  # ký hiệu 'KH-UBND'
    type_name: str  # 'Kế hoạch'
    summary: str
    signer: str
    recipients: tuple[str, ...]  # Nơi nhận items, 'Lưu: VT' included
    date: dt.date
    input_sha256: str
    note: str = ""
    data_sha256: str | None = None
    template_sha256: str | None = None
    # Where a document kehoach did not make came from (intake.py): kind, original's suffix, source name.
    origin: dict | None = None
    copies: int | None = None  # column (7) as an imported register states it; None: one per recipient


@dataclass(frozen=True)
class Entry:
    """One row of the register."""

    rowid: int
    year: int
    series: str
    number: DocNumber
    date: dt.date
    doc_id: str | None
    state: str
    type_name: str
    summary: str
    signer: str
    recipients: tuple[str, ...]
    copy_holder: str
    copies: int
    sent_date: dt.date | None
    received_by: str | None
    note: str
    replaces: int | None
    replaced_by: int | None
    cancel_reason: str | None
    input_sha256: str | None
    file_path: str | None
    file_sha256: str | None
    pdf_path: str | None
    pdf_sha256: str | None
    data_sha256: str | None = None
    template_sha256: str | None = None
    waived_data_sha256: str | None = None
    waived_template_sha256: str | None = None
    waive_reason: str | None = None
    last_event: int | None = None

    @property
    def issue(self) -> Issue:
        return Issue(self.number, self.date)

    @property
    def label(self) -> str:
        """Return `05/KH-UBND ngày 15/3/2024`, how the clerk names a register row."""
        return f"{self.number} ngày {short_date(self.date)}"

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


def copies_for(recipients: tuple[str, ...]) -> int:
    """Return the number of copies made: one per recipient, one per unit in the `Lưu:` item."""
    total = 0
    for item in recipients:
        if item.startswith("Lưu:"):
            total += len([u for u in item[len("Lưu:"):].split(",") if u.strip()])
        else:
            total += 1
    return max(total, 1)


def copy_holder_for(recipients: tuple[str, ...]) -> str:
    """Return column (6), who keeps the file copies: the units of the `Lưu:` item (`VT` = Văn thư)."""
    for item in recipients:
        if item.startswith("Lưu:"):
            units = [u.strip() for u in item[len("Lưu:"):].split(",") if u.strip()]
            return ", ".join("Văn thư (VT)" if u == "VT" else u for u in units)
    return "Văn thư (VT)"


def series_key(series_mode: str, type_code: str) -> str:
    """Return the series a document is numbered in under the body's numbering setting."""
    if series_mode == SERIES_COMMON:
        return SERIES_COMMON
    if series_mode == SERIES_PER_TYPE:
        return type_code
    raise KehoachError(
        f"Cách đánh số '{series_mode}' không hợp lệ: chọn '{SERIES_COMMON}' (một dãy số chung) "
        f"hoặc '{SERIES_PER_TYPE}' (mỗi loại văn bản một dãy số)."
    )


def unreadable(path: Path, why: str) -> KehoachError:
    """Return the error for a register file that cannot be trusted as it is, with the way out."""
    return KehoachError(
        f"Sổ đăng ký {path} {why}. kehoach không dùng sổ này (không cấp số, không trích số) cho đến khi "
        f"sổ được làm lại, để không bao giờ cấp trùng số. {WAY_OUT}"
    )


def check_file(path: Path) -> None:
    """Raise KehoachError unless `path` is a non-empty SQLite file that can be read."""
    if path.is_dir():
        raise unreadable(path, "là một thư mục, không phải tệp sổ")
    if not path.exists():
        raise unreadable(path, "không có")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise unreadable(path, f"không mở được ({os_reason(e)})") from e
    if not head:
        raise unreadable(path, "rỗng (0 byte)")
    if head != SQLITE_MAGIC:
        raise unreadable(path, "không phải tệp cơ sở dữ liệu SQLite (đã bị ghi đè hoặc hỏng)")


class Register:
    """An open register file; use as a context manager so the connection is always closed."""

    def __init__(self, path: Path, timeout: float | None = None):
        self.path = Path(path)
        self.timeout = BUSY_TIMEOUT if timeout is None else timeout
        check_file(self.path)
        try:
            # mode=rw: never create a file here (a vanished register must not become an empty one).
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True,
                                       isolation_level=None, timeout=self.timeout)
        except sqlite3.Error as e:
            raise self._cannot_open(e) from e
        # Bytes that are not UTF-8 (a damaged or edited file) read as U+FFFD: the chain check then names them.
        self._db.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
        try:
            self._exec(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self._check_schema()  # before anything that writes: a file that is not our register stays as it is
            self._exec("PRAGMA journal_mode = WAL")
            self._exec("PRAGMA synchronous = FULL")
            self._exec("PRAGMA foreign_keys = ON")
        except BaseException:
            self._db.close()
            raise

    @classmethod
    def create(cls, path: Path, archive_id: str, timeout: float | None = None) -> Register:
        """Create a new, empty register bound to `archive_id` at `path` and open it.

        Built whole in a temporary file, then linked into place: a crash leaves no half
        register, and an existing register is never replaced.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".sqlite3", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.executescript(_SCHEMA)
                first = ev.genesis(archive_id)
                db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", _event_values(first))
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("PRAGMA journal_mode = WAL")
            finally:
                db.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp made it private; the register is an ordinary office file
            try:
                link_new(tmp, path)
            except FileExistsError:
                raise KehoachError(f"Sổ đăng ký {path} đã có; không tạo sổ mới đè lên.") from None
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                remove_file(leftover)
        return cls(path, timeout)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- SQLite access: every error becomes a message naming the file ---------------------------

    def _exec(self, sql: str, params: tuple = ()) -> _Rows:
        try:
            # Fetched here: SQLite finds a damaged page, or undecodable text, only while rows are read.
            return _Rows(self._db.execute(sql, params).fetchall())
        except sqlite3.IntegrityError:
            raise  # a refused write: the caller says which
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise KehoachError(
                    f"Sổ đăng ký {self.path} đang bị một chương trình khác giữ quá {self.timeout:g} giây "
                    "(một lần ban hành khác, hoặc sổ đang mở trong chương trình xem cơ sở dữ liệu). "
                    "Đóng chương trình đó hoặc chờ lần ban hành kia xong, rồi chạy lại; chưa có gì thay đổi."
                ) from e
            raise self._cannot_open(e, "không đọc được") from e
        except sqlite3.DatabaseError as e:
            raise unreadable(self.path, f"bị hỏng ({sqlite_reason(e)})") from e
        except UnicodeDecodeError as e:  # a damaged schema: even a column name is not text
            raise unreadable(self.path, "bị hỏng (tên bảng hoặc cột không đọc được)") from e

    def _cannot_open(self, error: sqlite3.Error, what: str = "không mở được") -> KehoachError:
        """Return the refusal for a register SQLite cannot open or read, blaming the folder when it is read-only.

        SQLite writes side files (`-wal`, `-shm`) beside the register even to read it: in a read-only
        folder it only says it cannot open the file, which is not a damaged register.
        """
        if sqlite_name(error) in ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY",
                                  "SQLITE_IOERR_SHMOPEN", "SQLITE_READONLY_CANTINIT"):
            refused = write_refusal(self.path.parent)
            if refused is not None:
                return KehoachError(
                    f"Sổ đăng ký {self.path} không mở được vì thư mục chứa sổ không ghi được "
                    f"({os_reason(refused)}): kehoach cần ghi tệp phụ bên cạnh sổ, kể cả khi chỉ đọc sổ. Sổ không "
                    f"bị hỏng và chưa có gì thay đổi. Kiểm tra quyền ghi của thư mục {self.path.parent} (hoặc sửa "
                    "thu_muc_luu trong data/cau-hinh.yaml) rồi chạy lại.")
        return unreadable(self.path, f"{what} ({sqlite_reason(error)})")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._db.in_transaction:  # inside `batch`: the outer transaction commits or rolls back
            yield
            return
        self._exec("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._exec("COMMIT")

    def _check_schema(self) -> None:
        version = self._exec("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise KehoachError(
                f"Sổ đăng ký {self.path} được tạo bởi phiên bản kehoach mới hơn "
                f"(lược đồ {version}, phiên bản này hiểu đến {SCHEMA_VERSION}); hãy cập nhật kehoach."
            )
        if version == 1:
            raise KehoachError(
                f"Sổ đăng ký {self.path} theo lược đồ cũ (1), chưa có nhật ký chống sửa và bản chứng trong kho lưu. "
                "Chạy `kehoach verify --dung-lai` một lần để chuyển sổ sang lược đồ mới (giữ nguyên mọi dòng, số "
                "và mã băm; tệp sổ cũ được giữ lại bên cạnh)."
            )
        if version != SCHEMA_VERSION:
            raise unreadable(self.path, "không phải sổ đăng ký của kehoach (không có lược đồ sổ)")
        for table, wanted in (("events", _EVENT_COLUMNS), ("entries", ev.COLUMNS)):
            found = tuple(r[1] for r in self._exec(f"PRAGMA table_info({table})"))
            if found != wanted:
                raise unreadable(self.path, f"sai cấu trúc (bảng {table} không đúng lược đồ {SCHEMA_VERSION})")
        check = self._exec("PRAGMA quick_check").fetchone()[0]
        if check != "ok":  # SQLite's own list of damaged pages, in English: not for the clerk
            raise unreadable(self.path, "bị hỏng (SQLite tìm thấy trang dữ liệu hỏng khi tự kiểm tra)")
        first = self._exec("SELECT * FROM events WHERE seq = 1").fetchone()
        if first is None or first[1] != ev.OPEN:
            raise unreadable(self.path, "thiếu sự kiện mở sổ (dòng đầu của nhật ký)")
        try:
            self.archive_id = str(json.loads(first[3])["archive_id"])
        except (ValueError, KeyError, TypeError) as e:
            raise unreadable(self.path, "có sự kiện mở sổ hỏng") from e

    # -- the log ---------------------------------------------------------------------------------

    def events(self, after: int = 0) -> list[Event]:
        """Return the events with seq > `after`, in order; a row whose data is not JSON is kept as `{}`."""
        return [_event(r) for r in self._exec("SELECT * FROM events WHERE seq > ? ORDER BY seq", (after,))]

    def events_of(self, row_id: int) -> list[Event]:
        return [_event(r) for r in self._exec("SELECT * FROM events WHERE row_id = ? ORDER BY seq", (row_id,))]

    def last_event(self) -> Event:
        return _event(self._exec("SELECT * FROM events ORDER BY seq DESC LIMIT 1").fetchone())

    def event(self, seq: int) -> Event | None:
        row = self._exec("SELECT * FROM events WHERE seq = ?", (seq,)).fetchone()
        return _event(row) if row else None

    def rows(self) -> dict[int, dict]:
        """Return the row table as stored, every column, by id."""
        cols = ", ".join(ev.COLUMNS)
        return {r[0]: dict(zip(ev.COLUMNS, r)) for r in self._exec(f"SELECT {cols} FROM entries ORDER BY id")}

    def row(self, row_id: int) -> dict | None:
        """Return one row as stored, every column; None when there is no such row."""
        cols = ", ".join(ev.COLUMNS)
        r = self._exec(f"SELECT {cols} FROM entries WHERE id = ?", (row_id,)).fetchone()
        return dict(zip(ev.COLUMNS, r)) if r else None

    def _append(self, kind: str, data: dict) -> Event:
        """Add one event and the rows it changes (caller holds the transaction)."""
        event = ev.make_event(self.last_event(), kind, dt.datetime.now().replace(microsecond=0).isoformat(), data)
        self._record(event)
        return event

    def _record(self, event: Event) -> None:
        try:
            changed = ev.apply(event, self.row)
        except ValueError as e:
            raise KehoachError(f"Sổ đăng ký {self.path} không ghi được: {e}.") from e
        self._exec("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", _event_values(event))
        cols = ev.COLUMNS
        for row_id, row in sorted(changed.items(), key=lambda kv: kv[0] == event.seq):
            # Existing rows first: a replacement frees its document id before the new row takes it.
            values = tuple(row[c] for c in cols)
            if self.row(row_id) is None:
                self._exec(f"INSERT INTO entries ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)
            else:
                self._exec(f"UPDATE entries SET {', '.join(f'{c} = ?' for c in cols[1:])} WHERE id = ?",
                           values[1:] + (row_id,))

    def adopt(self, log: list[Event]) -> None:
        """Append the events of `log` this register does not have yet, verbatim (rebuilding from the archive).

        Raise KehoachError when `log` does not continue this register's chain.
        """
        try:
            with self._transaction():
                last = self.last_event()
                for e in log:
                    if e.seq <= last.seq:
                        if self.event(e.seq) != e:
                            raise KehoachError(f"Sự kiện {e.seq} khác với sổ {self.path}; không dựng lại được.")
                        continue
                    if (e.seq, e.prev, e.hash) != (last.seq + 1, last.hash, ev.event_hash(e.prev, e.seq, e.kind, e.at, e.data)):
                        raise KehoachError(f"Sự kiện {e.seq} không nối tiếp sổ {self.path}; không dựng lại được.")
                    self._record(e)
                    last = e
        except sqlite3.IntegrityError as e:
            raise KehoachError(f"Sổ đăng ký {self.path} từ chối các sự kiện dựng lại ({sqlite_reason(e)}).") from e

    # -- reading ---------------------------------------------------------------------------------

    def entries(self, year: int | None = None) -> list[Entry]:
        """Return the rows (of `year`, or all), in register order: year, then number, then ký hiệu."""
        sql = _SELECT + (" WHERE e.year = ?" if year is not None else "") + " ORDER BY e.year, e.number, e.code"
        return [_entry(r) for r in self._exec(sql, (year,) if year is not None else ())]

    def entry(self, rowid: int) -> Entry:
        return _entry(self._exec(_SELECT + " WHERE e.id = ?", (rowid,)).fetchone())

    def live_entry(self, doc_id: str) -> Entry | None:
        """Return the pending or issued row of `doc_id`, if any."""
        row = self._exec(
            _SELECT + " WHERE e.doc_id = ? AND e.state IN (?, ?)", (doc_id, PENDING, ISSUED)
        ).fetchone()
        return _entry(row) if row else None

    def find(self, number: int, code: str, year: int) -> Entry | None:
        row = self._exec(
            _SELECT + " WHERE e.number = ? AND e.code = ? AND e.year = ?", (number, code, year)
        ).fetchone()
        return _entry(row) if row else None

    def pending(self) -> list[Entry]:
        return [_entry(r) for r in self._exec(_SELECT + " WHERE e.state = ? ORDER BY e.id", (PENDING,))]

    def years(self) -> list[int]:
        return [r[0] for r in self._exec("SELECT DISTINCT year FROM entries ORDER BY year")]

    def peek_number(self, request: Request, series_mode: str) -> int:
        """Return the number `reserve` would give now (for a provisional render before reserving)."""
        key = series_key(series_mode, request.type_code)
        return next_number(self._last_number(request.date.year, key))

    def _last_number(self, year: int, key: str) -> int | None:
        return self._exec(
            "SELECT max(number) FROM entries WHERE year = ? AND series = ?", (year, key)
        ).fetchone()[0]

    # -- writing ---------------------------------------------------------------------------------

    def reserve(self, request: Request, series_mode: str, replaces: Entry | None = None) -> Entry:
        """Give `request` the next number of its year and series and record it as pending.

        When `replaces` is given, that issued row is marked replaced in the same transaction.
        Raise KehoachError when the document already has a live issue, when the date is earlier
        than a number already given in the series, or when the numbering setting changed mid-year.
        """
        key = series_key(series_mode, request.type_code)
        try:
            with self._transaction():
                last = self._refusal(request, key, replaces)
                event = self._append(RESERVE, _reserve_data(request, key, next_number(last[0] if last else None),
                                                            replaces))
        except sqlite3.IntegrityError as e:
            raise KehoachError(
                f"Sổ đăng ký từ chối ghi văn bản {request.doc_id} ({sqlite_reason(e)}); không số nào được cấp. "
                "Chạy `kehoach verify` để xem sổ."
            ) from e
        return self.entry(event.seq)

    def record(self, request: Request, series_mode: str, number: int) -> Entry:
        """Record `request` under `number`, given outside kehoach (paper, the province's e-office); pending.

        Numbering goes on after the highest number of the series. Raise KehoachError when the number
        (or number + ký hiệu) is taken in the year, or the date does not fit between its neighbours.
        """
        key = series_key(series_mode, request.type_code)
        try:
            with self._transaction():
                self.precheck_number(request, series_mode, number)
                event = self._append(RESERVE, _reserve_data(request, key, number, None))
        except sqlite3.IntegrityError as e:
            raise KehoachError(f"Sổ đăng ký từ chối ghi số {format_number(number)}/{request.code} ({sqlite_reason(e)}).") from e
        return self.entry(event.seq)

    def precheck_number(self, request: Request, series_mode: str, number: int) -> None:
        """Raise KehoachError when `number` cannot be recorded for `request` (taken, or out of date order)."""
        key = series_key(series_mode, request.type_code)
        year = request.date.year
        self._check_series_mode(year, key)
        label = f"{format_number(number)}/{request.code}"
        taken = self._exec("SELECT id FROM entries WHERE year = ? AND ((series = ? AND number = ?) OR "
                           "(number = ? AND code = ?))", (year, key, number, number, request.code)).fetchone()
        if taken is not None:
            raise KehoachError(f"Số {format_number(number)} năm {year} ({series_name(key)}) đã có trong sổ: "
                               f"văn bản số {self.entry(taken[0]).label}. Không ghi số {label} lần nữa.")
        before = self._exec("SELECT number, code, issue_date FROM entries WHERE year = ? AND series = ? AND number < ? "
                            "ORDER BY number DESC LIMIT 1", (year, key, number)).fetchone()
        after = self._exec("SELECT number, code, issue_date FROM entries WHERE year = ? AND series = ? AND number > ? "
                           "ORDER BY number LIMIT 1", (year, key, number)).fetchone()
        for row, wrong in ((before, lambda d: d > request.date), (after, lambda d: d < request.date)):
            if row is not None and wrong(dt.date.fromisoformat(row[2])):
                raise KehoachError(
                    f"Số {label} ngày {short_date(request.date)} không khớp thứ tự trong sổ: văn bản số "
                    f"{format_number(row[0])}/{row[1]} đề ngày {short_date(dt.date.fromisoformat(row[2]))}. "
                    "Số văn bản phải theo thứ tự ngày ban hành trong năm; kiểm tra lại số và ngày.")

    def keeps_paper_originals(self) -> bool:
        """Return whether this register accepts an issued row whose original is kept elsewhere (paper, e-office).

        Registers made before that was allowed keep the stricter CHECK of their table.
        """
        sql = self._exec("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone()[0]
        return "doc_id IS NULL AND file_path IS NULL" in sql

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold one transaction around several writes: all of them are recorded, or none (`nhap-so`)."""
        with self._transaction():
            yield

    def send(self, entry: Entry, sent_date: dt.date | None, received_by: str | None) -> Entry:
        """Record columns (8) ngày chuyển and (9) ký nhận of an issued row."""
        with self._transaction():
            if self._state(entry.rowid) not in (ISSUED, REPLACED):
                raise KehoachError(f"Văn bản số {entry.label} {self.entry(entry.rowid).state_name}; "
                                   "chỉ ghi ngày chuyển cho văn bản đã ban hành.")
            self._append(SEND, {"row": entry.rowid, "sent_date": sent_date.isoformat() if sent_date else None,
                                "received_by": received_by})
        return self.entry(entry.rowid)

    def annotate(self, entry: Entry, text: str) -> Entry:
        """Add `text` to the ghi chú (column 10) of a settled row."""
        with self._transaction():
            if self._state(entry.rowid) == PENDING:
                raise KehoachError(f"Văn bản số {entry.label} đang ban hành dở; chưa ghi chú được.")
            self._append(NOTE, {"row": entry.rowid, "text": text})
        return self.entry(entry.rowid)

    def precheck(self, request: Request, series_mode: str, replaces: Entry | None = None) -> None:
        """Raise KehoachError now for what `reserve` would refuse, before the clerk is told the number."""
        self._refusal(request, series_key(series_mode, request.type_code), replaces)

    def _refusal(self, request: Request, key: str, replaces: Entry | None) -> tuple | None:
        """Raise KehoachError when `request` cannot be numbered in series `key`; return the series' last row."""
        year = request.date.year
        live = self.live_entry(request.doc_id)
        if live is not None and (replaces is None or live.rowid != replaces.rowid):
            raise KehoachError(already_issued_message(live))
        self._check_series_mode(year, key)
        last = self._exec(
            "SELECT number, code, issue_date FROM entries WHERE year = ? AND series = ? "
            "ORDER BY number DESC LIMIT 1",
            (year, key),
        ).fetchone()
        if last is not None and dt.date.fromisoformat(last[2]) > request.date:
            raise KehoachError(
                f"Ngày ban hành {short_date(request.date)} sớm hơn ngày của văn bản số "
                f"{format_number(last[0])}/{last[1]} ({short_date(dt.date.fromisoformat(last[2]))}) "
                "đã vào sổ: số văn bản phải theo thứ tự ngày ban hành trong năm."
            )
        return last

    def _check_series_mode(self, year: int, key: str) -> None:
        common = key == SERIES_COMMON
        clash = self._exec(
            "SELECT count(*) FROM entries WHERE year = ? AND (series = ?) <> ?", (year, SERIES_COMMON, common)
        ).fetchone()[0]
        if clash:
            raise KehoachError(
                f"Năm {year} sổ đã đánh số theo cách "
                f"'{SERIES_PER_TYPE if common else SERIES_COMMON}'; không đổi cách đánh số giữa năm "
                "(đặt lại cài đặt dãy số, hoặc áp dụng cách mới từ ngày 01 tháng 01 năm sau)."
            )

    def finish(self, entry: Entry, file_path: str, file_sha256: str,
               pdf_path: str | None = None, pdf_sha256: str | None = None) -> Entry:
        """Record that the original of a pending row is archived; the row becomes issued."""
        with self._transaction():
            if self._state(entry.rowid) != PENDING:
                raise KehoachError(f"Văn bản số {entry.label} không còn ở trạng thái đang ban hành.")
            self._append(FINISH, {"row": entry.rowid, "file_path": file_path, "file_sha256": file_sha256,
                                  "pdf_path": pdf_path, "pdf_sha256": pdf_sha256})
        return self.entry(entry.rowid)

    def cancel(self, entry: Entry, reason: str, moved: tuple[str | None, str | None] | None = None) -> Entry:
        """Mark a pending or issued row cancelled with `reason`; its number stays taken.

        `moved` gives the new paths (original, PDF) its files are about to be moved to (`da-huy/`).
        """
        if not reason.strip():
            raise KehoachError("Cần ghi lý do hủy (--ly-do \"…\").")
        with self._transaction():
            if self._state(entry.rowid) not in (PENDING, ISSUED):
                current = self.entry(entry.rowid)
                raise KehoachError(f"Không hủy được văn bản số {entry.label}: văn bản {current.state_name}.")
            data = {"row": entry.rowid, "reason": reason.strip()}
            if moved is not None:
                data.update(file_path=moved[0], pdf_path=moved[1])
            self._append(CANCEL, data)
        return self.entry(entry.rowid)

    def waive(self, entry: Entry, data_sha256: str | None, template_sha256: str | None, reason: str) -> Entry:
        """Record the clerk's decision to keep an issued document although its inputs changed."""
        if not reason.strip():
            raise KehoachError("Cần ghi lý do giữ nguyên văn bản đã ban hành (--ly-do \"…\").")
        with self._transaction():
            if self._state(entry.rowid) != ISSUED:
                raise KehoachError(f"Văn bản số {entry.label} không ở trạng thái đã ban hành.")
            self._append(WAIVE, {"row": entry.rowid, "data_sha256": data_sha256,
                                 "template_sha256": template_sha256, "reason": reason.strip()})
        return self.entry(entry.rowid)

    def _state(self, rowid: int) -> str | None:
        row = self._exec("SELECT state FROM entries WHERE id = ?", (rowid,)).fetchone()
        return row[0] if row else None

    # -- checking (integrity.py holds the checks) ------------------------------------------------

    def faults(self) -> list[Problem]:
        """Return every sign that the register was changed other than by kehoach (chain, derivation)."""
        return integrity.faults(self)

    def check(self) -> list[Problem]:
        """Return what is wrong with the register: damage, tampering (`faults`) and the book rules (REG-1)."""
        return integrity.check(self)

    def sqlite_verdict(self) -> str:
        """Return SQLite's own verdict on the file (`ok` when sound)."""
        return self._exec("PRAGMA integrity_check").fetchone()[0]

    def event_rows(self) -> dict[int, int | None]:
        """Return the row column of every event as stored, by seq (the log check compares it with the data)."""
        return dict(self._exec("SELECT seq, row_id FROM events").fetchall())

    def derived_entries(self) -> list[Entry]:
        """Return the rows as the log derives them (the truth when the table was edited), in register order."""
        rows, _ = ev.replay(self.events())
        return entries_of(rows)


def _reserve_data(request: Request, key: str, number: int, replaces: Entry | None) -> dict:
    """Return what a `reserve` event records for `request` numbered `number` in series `key`."""
    data = {
        "year": request.date.year, "series": key, "number": number,
        "code": request.code, "issue_date": request.date.isoformat(), "doc_id": request.doc_id,
        "type_name": request.type_name, "summary": request.summary, "signer": request.signer,
        "recipients": list(request.recipients), "copy_holder": copy_holder_for(request.recipients),
        "copies": request.copies or copies_for(request.recipients), "note": request.note,
        "replaces": replaces.rowid if replaces else None, "input_sha256": request.input_sha256,
        "data_sha256": request.data_sha256, "template_sha256": request.template_sha256,
    }
    if request.origin is not None:
        data["origin"] = request.origin
    return data


def entries_of(rows: dict[int, dict]) -> list[Entry]:
    """Return `rows` (raw, by id) as entries in register order; a row too damaged to read is left out."""
    replaced_by = {r["replaces"]: r["id"] for r in rows.values() if r.get("replaces") is not None}
    out = []
    for row_id, row in rows.items():
        try:
            out.append(_entry(tuple(row[c] for c in ev.COLUMNS) + (replaced_by.get(row_id),)))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return sorted(out, key=lambda e: (e.year, e.number.number, e.number.code))


class _Rows(list):
    """The rows a statement returned, already fetched, with the two cursor methods the register uses."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


def _event_values(e: Event) -> tuple:
    return (e.seq, e.kind, e.at, ev.canonical(e.data), e.row, e.prev, e.hash)


def _event(row: tuple) -> Event:
    seq, kind, at, data, _row_id, prev, digest = row
    try:
        parsed = json.loads(data)
    except (TypeError, ValueError):
        parsed = {"_khong_doc_duoc": str(data)}  # keeps the chain check honest: the hash will not match
    return Event(seq, kind, at, parsed if isinstance(parsed, dict) else {"_khong_doc_duoc": parsed}, prev, digest)


_SELECT = (
    f"SELECT {', '.join('e.' + c for c in ev.COLUMNS)}, "
    "(SELECT r.id FROM entries r WHERE r.replaces = e.id) AS replaced_by FROM entries e"
)


def _entry(row: tuple) -> Entry:
    r = dict(zip(ev.COLUMNS + ("replaced_by",), row))
    return Entry(
        rowid=r["id"], year=r["year"], series=r["series"], number=DocNumber(r["number"], r["code"]),
        date=dt.date.fromisoformat(r["issue_date"]), doc_id=r["doc_id"], state=r["state"],
        type_name=r["type_name"], summary=r["summary"], signer=r["signer"],
        recipients=tuple(r["recipients"].split("\n")) if r["recipients"] else (),
        copy_holder=r["copy_holder"], copies=r["copies"],
        sent_date=dt.date.fromisoformat(r["sent_date"]) if r["sent_date"] else None,
        received_by=r["received_by"], note=r["note"], replaces=r["replaces"], replaced_by=r["replaced_by"],
        cancel_reason=r["cancel_reason"], input_sha256=r["input_sha256"], file_path=r["file_path"],
        file_sha256=r["file_sha256"], pdf_path=r["pdf_path"], pdf_sha256=r["pdf_sha256"],
        data_sha256=r["data_sha256"], template_sha256=r["template_sha256"],
        waived_data_sha256=r["waived_data_sha256"], waived_template_sha256=r["waived_template_sha256"],
        waive_reason=r["waive_reason"], last_event=r["last_event"],
    )


def already_issued_message(live: Entry) -> str:
    """Return why `live` cannot be issued again, and what the clerk may lawfully do instead."""
    if live.state == PENDING:
        return (f"Văn bản {live.doc_id} đang ban hành dở với số {live.label}; "
                f"chạy lại `kehoach issue {live.doc_id}` hoặc `kehoach verify --sua` để hoàn tất.")
    return (
        f"Văn bản {live.doc_id} đã ban hành: số {live.label}. Văn bản đã ban hành không được sửa hay "
        f"ban hành lại. Nếu nội dung sai: ban hành văn bản thay thế (số mới) bằng "
        f"`kehoach issue {live.doc_id} --thay-the`; nếu chỉ sai thể thức: ban hành công văn đính chính."
    )


def remarks(entry: Entry, register: Register | None = None) -> str:
    """Return column (10), ghi chú: the fixed note, the replacement link and the cancellation."""
    parts = [entry.note] if entry.note else []
    if entry.replaced_by is not None and register is not None:
        parts.append(f"Bị thay thế bởi văn bản số {register.entry(entry.replaced_by).label}")
    if entry.state == CANCELLED:
        parts.append(f"Đã hủy: {entry.cancel_reason}")
    if entry.state == PENDING:
        parts.append("Đang ban hành dở")
    return "; ".join(parts)
