"""The register of outgoing documents (sổ đăng ký văn bản đi): a SQLite file that hands out numbers.

The database itself enforces what the law asks of the register (ND 30 Đ 15, Phụ lục IV):
number + ký hiệu unique in the year, one number series per year (and per type code when the
body numbers per type), at most one live issue per document id. Each row carries the ten
columns of Phụ lục IV plus what the archive needs (paths and SHA-256 of the frozen files,
SHA-256 of the inputs the document was built from).

A row goes `dang_ban_hanh` (number reserved, file not yet archived) → `da_ban_hanh`; an issued
row may later become `bi_thay_the` (replaced by a newer row that `replaces` it) or `da_huy`
(cancelled; its number is never given again).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import KehoachError, Problem
from ..rules.numbering import DocNumber, Issue, format_number, next_number
from ..rules.vn import short_date

SCHEMA_VERSION = 1

PENDING = "dang_ban_hanh"
ISSUED = "da_ban_hanh"
REPLACED = "bi_thay_the"
CANCELLED = "da_huy"

STATE_NAMES = {
    PENDING: "đang ban hành dở",
    ISSUED: "đã ban hành",
    REPLACED: "đã bị thay thế",
    CANCELLED: "đã hủy",
}

# One series for every administrative document, or one per type code (spec §13.2, A5).
SERIES_COMMON = "chung"
SERIES_PER_TYPE = "theo_loai"

_SCHEMA = f"""
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    series        TEXT    NOT NULL,              -- '{SERIES_COMMON}' or the type code ('KH', 'BC' …)
    number        INTEGER NOT NULL CHECK (number >= 1),
    code          TEXT    NOT NULL,              -- ký hiệu, e.g. 'KH-UBND'
    issue_date    TEXT    NOT NULL,              -- ISO date, year = `year`
    doc_id        TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('{PENDING}', '{ISSUED}', '{REPLACED}', '{CANCELLED}')),
    type_name     TEXT    NOT NULL,              -- (3) tên loại …
    summary       TEXT    NOT NULL,              -- (3) … và trích yếu nội dung
    signer        TEXT    NOT NULL,              -- (4) người ký
    recipients    TEXT    NOT NULL,              -- (5) nơi nhận, one per line
    copy_holder   TEXT    NOT NULL,              -- (6) đơn vị, người nhận bản lưu
    copies        INTEGER NOT NULL CHECK (copies >= 1),  -- (7) số lượng bản
    sent_date     TEXT,                          -- (8) ngày chuyển (written by the clerk)
    received_by   TEXT,                          -- (9) ký nhận (signed on paper)
    note          TEXT    NOT NULL DEFAULT '',   -- (10) ghi chú, fixed part
    replaces      INTEGER REFERENCES entries(id) UNIQUE,
    cancel_reason TEXT,
    input_sha256  TEXT    NOT NULL,
    file_path     TEXT,                          -- relative to the archive folder
    file_sha256   TEXT,
    pdf_path      TEXT,
    pdf_sha256    TEXT,
    CHECK (CAST(substr(issue_date, 1, 4) AS INTEGER) = year),
    CHECK (state = '{PENDING}' OR state = '{CANCELLED}' OR (file_path IS NOT NULL AND file_sha256 IS NOT NULL)),
    CHECK (state <> '{CANCELLED}' OR cancel_reason IS NOT NULL),
    UNIQUE (year, number, code),
    UNIQUE (year, series, number)
);
-- A document id has at most one live issue: issuing it again needs a replacement or a cancel.
CREATE UNIQUE INDEX one_live_issue ON entries (doc_id) WHERE state IN ('{PENDING}', '{ISSUED}');
"""


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


@dataclass(frozen=True)
class Entry:
    """One row of the register."""

    rowid: int
    year: int
    series: str
    number: DocNumber
    date: dt.date
    doc_id: str
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
    input_sha256: str
    file_path: str | None
    file_sha256: str | None
    pdf_path: str | None
    pdf_sha256: str | None

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


class Register:
    """An open register file; use as a context manager so the connection is always closed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below opens its own explicit transaction.
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        try:
            self._db.execute("PRAGMA busy_timeout = 60000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                # Statement by statement: executescript() would COMMIT our transaction.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version > SCHEMA_VERSION:
                raise KehoachError(
                    f"Sổ đăng ký {self.path} được tạo bởi phiên bản kehoach mới hơn "
                    f"(lược đồ {version}, phiên bản này hiểu đến {SCHEMA_VERSION}); hãy cập nhật kehoach."
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- reading -----------------------------------------------------------------------------

    def entries(self, year: int | None = None) -> list[Entry]:
        """Return the rows (of `year`, or all), in register order: year, then number, then ký hiệu."""
        sql = _SELECT + (" WHERE e.year = ?" if year is not None else "") + " ORDER BY e.year, e.number, e.code"
        return [_entry(r) for r in self._db.execute(sql, (year,) if year is not None else ())]

    def entry(self, rowid: int) -> Entry:
        return _entry(self._db.execute(_SELECT + " WHERE e.id = ?", (rowid,)).fetchone())

    def live_entry(self, doc_id: str) -> Entry | None:
        """Return the pending or issued row of `doc_id`, if any."""
        row = self._db.execute(
            _SELECT + " WHERE e.doc_id = ? AND e.state IN (?, ?)", (doc_id, PENDING, ISSUED)
        ).fetchone()
        return _entry(row) if row else None

    def find(self, number: int, code: str, year: int) -> Entry | None:
        row = self._db.execute(
            _SELECT + " WHERE e.number = ? AND e.code = ? AND e.year = ?", (number, code, year)
        ).fetchone()
        return _entry(row) if row else None

    def pending(self) -> list[Entry]:
        return [_entry(r) for r in self._db.execute(_SELECT + " WHERE e.state = ? ORDER BY e.id", (PENDING,))]

    def years(self) -> list[int]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT year FROM entries ORDER BY year")]

    def peek_number(self, request: Request, series_mode: str) -> int:
        """Return the number `reserve` would give now (for a provisional render before reserving)."""
        key = series_key(series_mode, request.type_code)
        return next_number(self._last_number(request.date.year, key))

    def _last_number(self, year: int, key: str) -> int | None:
        return self._db.execute(
            "SELECT max(number) FROM entries WHERE year = ? AND series = ?", (year, key)
        ).fetchone()[0]

    # -- writing -----------------------------------------------------------------------------

    def reserve(self, request: Request, series_mode: str, replaces: Entry | None = None) -> Entry:
        """Give `request` the next number of its year and series and record it as pending.

        When `replaces` is given, that issued row is marked replaced in the same transaction.
        Raise KehoachError when the document already has a live issue, when the date is earlier
        than a number already given in the series, or when the numbering setting changed mid-year.
        """
        key = series_key(series_mode, request.type_code)
        year = request.date.year
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            live = self.live_entry(request.doc_id)
            if live is not None and (replaces is None or live.rowid != replaces.rowid):
                raise KehoachError(already_issued_message(live))
            self._check_series_mode(year, key)
            last = db.execute(
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
            number = next_number(last[0] if last else None)
            if replaces is not None:
                db.execute("UPDATE entries SET state = ? WHERE id = ? AND state = ?", (REPLACED, replaces.rowid, ISSUED))
            cur = db.execute(
                "INSERT INTO entries (year, series, number, code, issue_date, doc_id, state, type_name, summary,"
                " signer, recipients, copy_holder, copies, note, replaces, input_sha256)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    year, key, number, request.code, request.date.isoformat(), request.doc_id, PENDING,
                    request.type_name, request.summary, request.signer, "\n".join(request.recipients),
                    copy_holder_for(request.recipients), copies_for(request.recipients), request.note,
                    replaces.rowid if replaces else None, request.input_sha256,
                ),
            )
            db.execute("COMMIT")
        except sqlite3.IntegrityError as e:
            db.execute("ROLLBACK")
            raise KehoachError(
                f"Sổ đăng ký từ chối ghi văn bản {request.doc_id} ({e}); không số nào được cấp. "
                "Chạy `kehoach verify` để xem sổ."
            ) from e
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return self.entry(cur.lastrowid)

    def _check_series_mode(self, year: int, key: str) -> None:
        common = key == SERIES_COMMON
        clash = self._db.execute(
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
        self._db.execute("BEGIN IMMEDIATE")
        try:
            cur = self._db.execute(
                "UPDATE entries SET state = ?, file_path = ?, file_sha256 = ?, pdf_path = ?, pdf_sha256 = ?"
                " WHERE id = ? AND state = ?",
                (ISSUED, file_path, file_sha256, pdf_path, pdf_sha256, entry.rowid, PENDING),
            )
            if cur.rowcount != 1:
                raise KehoachError(f"Văn bản số {entry.label} không còn ở trạng thái đang ban hành.")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return self.entry(entry.rowid)

    def cancel(self, entry: Entry, reason: str) -> Entry:
        """Mark a pending or issued row cancelled with `reason`; its number stays taken."""
        if not reason.strip():
            raise KehoachError("Cần ghi lý do hủy (--ly-do \"…\").")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            cur = self._db.execute(
                "UPDATE entries SET state = ?, cancel_reason = ? WHERE id = ? AND state IN (?, ?)",
                (CANCELLED, reason.strip(), entry.rowid, PENDING, ISSUED),
            )
            if cur.rowcount != 1:
                current = self.entry(entry.rowid)
                raise KehoachError(
                    f"Không hủy được văn bản số {entry.label}: văn bản {current.state_name}."
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return self.entry(entry.rowid)

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Return what is wrong with the register as a book (REG-1): gaps, duplicates, order, links."""
        where = str(self.path)
        problems = []
        integrity = self._db.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(Problem(f"tệp cơ sở dữ liệu bị hỏng: {integrity}", file=where))
        for year, number, code, n in self._db.execute(
            "SELECT year, number, code, count(*) FROM entries GROUP BY year, number, code HAVING count(*) > 1"
        ):
            problems.append(Problem(f"số {format_number(number)}/{code} năm {year} bị trùng ({n} dòng).", file=where))
        for year, series, number, n in self._db.execute(
            "SELECT year, series, number, count(*) FROM entries GROUP BY year, series, number HAVING count(*) > 1"
        ):
            problems.append(Problem(f"số {format_number(number)} năm {year} ({_series_name(series)}) bị cấp {n} lần.", file=where))
        series_rows: dict[tuple[int, str], list[Entry]] = {}
        for e in self.entries():
            series_rows.setdefault((e.year, e.series), []).append(e)
        for (year, series), rows in series_rows.items():
            numbers = sorted({e.number.number for e in rows})
            missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            if missing:
                listed = ", ".join(format_number(n) for n in missing)
                problems.append(Problem(
                    f"năm {year} ({_series_name(series)}) thiếu số {listed}: số đã cấp phải liên tục từ 01, "
                    "số hủy vẫn phải còn dòng trong sổ.", file=where))
            previous = None
            for e in rows:
                if previous is not None and e.date < previous.date:
                    problems.append(Problem(
                        f"văn bản số {e.label} có ngày sớm hơn văn bản số {previous.label} đứng trước nó.",
                        file=where))
                previous = e
        for e in self.entries():
            if e.state == REPLACED and e.replaced_by is None:
                problems.append(Problem(f"văn bản số {e.label} ghi là đã bị thay thế nhưng không có văn bản thay thế.", file=where))
            if e.replaces is not None and self.entry(e.replaces).state != REPLACED:
                problems.append(Problem(
                    f"văn bản số {e.label} thay thế văn bản số {self.entry(e.replaces).label}, "
                    "nhưng văn bản đó không được ghi là đã bị thay thế.", file=where))
        return problems


_SELECT = (
    "SELECT e.*, (SELECT r.id FROM entries r WHERE r.replaces = e.id) AS replaced_by FROM entries e"
)


def _entry(row: tuple) -> Entry:
    (rowid, year, series, number, code, issue_date, doc_id, state, type_name, summary, signer, recipients,
     copy_holder, copies, sent_date, received_by, note, replaces, cancel_reason, input_sha256,
     file_path, file_sha256, pdf_path, pdf_sha256, replaced_by) = row
    return Entry(
        rowid=rowid, year=year, series=series, number=DocNumber(number, code),
        date=dt.date.fromisoformat(issue_date), doc_id=doc_id, state=state, type_name=type_name,
        summary=summary, signer=signer, recipients=tuple(recipients.split("\n")) if recipients else (),
        copy_holder=copy_holder, copies=copies,
        sent_date=dt.date.fromisoformat(sent_date) if sent_date else None, received_by=received_by,
        note=note, replaces=replaces, replaced_by=replaced_by, cancel_reason=cancel_reason,
        input_sha256=input_sha256, file_path=file_path, file_sha256=file_sha256,
        pdf_path=pdf_path, pdf_sha256=pdf_sha256,
    )


def _series_name(series: str) -> str:
    return "dãy số chung" if series == SERIES_COMMON else f"dãy số {series}"


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
