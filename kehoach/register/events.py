"""The register's append-only event log: canonical events, their hash chain, and the rows they derive. No I/O.

Every change to the register is an event — `open` (the register is created for one archive),
`reserve` (a number is given), `finish` (its original is archived), `cancel`, `waive` (the
clerk settled a "data changed since issue" warning). Each event's hash covers its sequence
number, kind, time and data and the previous event's hash, so editing, removing or reordering
any event breaks the chain from that event on. The row table (the ten columns of the printed
book and the archive paths) is derived from the log by `replay`; a row edited in the table
and not in the log no longer matches its derivation. Later kinds are new entries in `_APPLY`
that change row columns — `send` (columns (8) ngày chuyển and (9) ký nhận), `note` (a line added
to the ghi chú, e.g. "corrected by …") — so the chain never needs rewriting for a lawful change.
A document kehoach did not make (a Word file, a number given elsewhere) is an ordinary `reserve`
with no document id, whose data says where it came from (`origin`); its `finish` may name no
file when the original is kept on paper. A `cancel` may carry the originals' new paths once they
are moved aside into the year's `da-huy/` folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..rules.numbering import DocNumber
from ..rules.vn import short_date

OPEN, RESERVE, FINISH, CANCEL, WAIVE = "open", "reserve", "finish", "cancel", "waive"
SEND, NOTE = "send", "note"  # columns (8)/(9) filled in; a line added to a row's ghi chú (issue 10)

PENDING = "dang_ban_hanh"
ISSUED = "da_ban_hanh"
REPLACED = "bi_thay_the"
CANCELLED = "da_huy"

GENESIS_PREV = "0" * 64

# The row table's columns, in table order; `id` is the seq of the row's `reserve` event.
COLUMNS = (
    "id", "year", "series", "number", "code", "issue_date", "doc_id", "state", "type_name", "summary",
    "signer", "recipients", "copy_holder", "copies", "sent_date", "received_by", "note", "replaces",
    "cancel_reason", "input_sha256", "data_sha256", "template_sha256", "file_path", "file_sha256",
    "pdf_path", "pdf_sha256", "waived_data_sha256", "waived_template_sha256", "waive_reason", "last_event",
)
# What a `reserve` event carries (the rest of a row starts empty and is filled by later events).
RESERVE_FIELDS = (
    "year", "series", "number", "code", "issue_date", "doc_id", "type_name", "summary", "signer",
    "recipients", "copy_holder", "copies", "note", "replaces", "input_sha256", "data_sha256",
    "template_sha256",
)

# Vietnamese names of the columns, for messages that say which column of a row was changed.
COLUMN_NAMES = {
    "id": "mã dòng", "year": "năm", "series": "dãy số", "number": "số", "code": "ký hiệu",
    "issue_date": "ngày văn bản", "doc_id": "mã văn bản", "state": "trạng thái", "type_name": "tên loại",
    "summary": "trích yếu", "signer": "người ký", "recipients": "nơi nhận", "copy_holder": "đơn vị lưu",
    "copies": "số lượng bản", "sent_date": "ngày chuyển", "received_by": "ký nhận", "note": "ghi chú",
    "replaces": "văn bản được thay thế", "cancel_reason": "lý do hủy", "input_sha256": "mã băm dữ liệu",
    "data_sha256": "mã băm nội dung", "template_sha256": "mã băm mẫu", "file_path": "tệp lưu",
    "file_sha256": "mã băm tệp lưu", "pdf_path": "tệp PDF", "pdf_sha256": "mã băm tệp PDF",
    "waived_data_sha256": "nội dung đã chấp nhận", "waived_template_sha256": "mẫu đã chấp nhận",
    "waive_reason": "lý do bỏ qua cảnh báo", "last_event": "sự kiện cuối",
}

KIND_NAMES = {OPEN: "mở sổ", RESERVE: "cấp số", FINISH: "lưu bản gốc", CANCEL: "hủy số",
              WAIVE: "bỏ qua cảnh báo", SEND: "ghi ngày chuyển, ký nhận", NOTE: "ghi chú"}


@dataclass(frozen=True)
class Event:
    """One entry of the log, as stored in the register and in the archive's witness files."""

    seq: int
    kind: str
    at: str | None  # local time the event was recorded (ISO, seconds); None for `open`
    data: dict
    prev: str
    hash: str

    def as_dict(self) -> dict:
        return {"seq": self.seq, "kind": self.kind, "at": self.at, "data": self.data,
                "prev": self.prev, "hash": self.hash}

    @classmethod
    def from_dict(cls, d: Mapping) -> Event:
        """Return the event `d` describes; raise ValueError when a field is missing or of the wrong kind."""
        if not isinstance(d, Mapping):
            raise ValueError("không phải một sự kiện")  # noqa: TRY004 (every damage is one ValueError to the reader)
        missing = [name for name in _FIELDS if name not in d]
        if missing:  # named by the witness file's own keys: the clerk's support reads them there
            raise ValueError(f"thiếu trường {', '.join(missing)}")
        event = cls(*(d[name] for name in _FIELDS))
        if not (isinstance(event.seq, int) and isinstance(event.kind, str) and isinstance(event.data, dict)
                and isinstance(event.prev, str) and isinstance(event.hash, str)
                and (event.at is None or isinstance(event.at, str))):
            raise ValueError("trường sai kiểu")
        return event

    @property
    def row(self) -> int | None:
        """Return the id of the row this event belongs to (None for `open`)."""
        return row_of(self.kind, self.seq, self.data)


_FIELDS = ("seq", "kind", "at", "data", "prev", "hash")  # Event's fields, in order


def canonical(value) -> str:
    """Return the one JSON text of `value` that is hashed (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(prev: str, seq: int, kind: str, at: str | None, data: dict) -> str:
    """Return the chain hash of an event: SHA-256 over the previous hash and the event's canonical form."""
    body = canonical({"seq": seq, "kind": kind, "at": at, "data": data})
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def make_event(prev: Event | None, kind: str, at: str | None, data: dict) -> Event:
    """Return the event that follows `prev` (None: the first event of a register)."""
    seq = 1 if prev is None else prev.seq + 1
    prev_hash = GENESIS_PREV if prev is None else prev.hash
    data = json.loads(canonical(data))  # what is hashed is exactly what a reader will load back
    return Event(seq, kind, at, data, prev_hash, event_hash(prev_hash, seq, kind, at, data))


def genesis(archive_id: str) -> Event:
    """Return the first event of the register bound to `archive_id` (fixed, so it can be rebuilt)."""
    return make_event(None, OPEN, None, {"archive_id": archive_id})


def row_of(kind: str, seq: int, data: Mapping) -> int | None:
    if kind == OPEN:
        return None
    if kind == RESERVE:
        return seq
    row = data.get("row")
    return row if isinstance(row, int) else None


def chain_faults(events: Iterable[Event]) -> list[tuple[int, str]]:
    """Return (seq, Vietnamese reason) for each event that breaks the chain, in order."""
    faults = []
    prev_hash, expected = GENESIS_PREV, 1
    for e in events:
        if e.seq != expected:
            what = "thiếu" if e.seq > expected else "trùng hoặc sai thứ tự"
            faults.append((e.seq, f"sự kiện số {expected} {what} (gặp số {e.seq} ở vị trí đó)"))
        elif e.prev != prev_hash:
            faults.append((e.seq, "không nối với sự kiện đứng trước (thứ tự hoặc nội dung sự kiện trước đã bị đổi)"))
        elif e.hash != event_hash(e.prev, e.seq, e.kind, e.at, e.data):
            faults.append((e.seq, "nội dung đã bị sửa sau khi ghi (mã băm không khớp)"))
        prev_hash, expected = e.hash, e.seq + 1
    return faults


def empty_row() -> dict:
    return dict.fromkeys(COLUMNS)


def _reserve(event: Event, lookup: Callable[[int], dict | None]) -> dict[int, dict]:
    d = event.data
    missing = [k for k in RESERVE_FIELDS if k not in d]
    if missing:
        raise ValueError(f"sự kiện cấp số thiếu {', '.join(missing)}")
    row = {**empty_row(), **{k: d[k] for k in RESERVE_FIELDS}}
    row.update(id=event.seq, state=PENDING, recipients="\n".join(d["recipients"]), last_event=event.seq)
    changed = {event.seq: row}
    if d["replaces"] is not None:
        old = _row(lookup, d["replaces"], (ISSUED,), "thay thế")
        changed[old["id"]] = {**old, "state": REPLACED, "last_event": event.seq}
    return changed


def _finish(event: Event, lookup) -> dict[int, dict]:
    d = event.data
    row = _row(lookup, d.get("row"), (PENDING,), "lưu bản gốc")
    return {row["id"]: {**row, "state": ISSUED, "file_path": d["file_path"], "file_sha256": d["file_sha256"],
                        "pdf_path": d["pdf_path"], "pdf_sha256": d["pdf_sha256"], "last_event": event.seq}}


def _cancel(event: Event, lookup) -> dict[int, dict]:
    row = _row(lookup, event.data.get("row"), (PENDING, ISSUED), "hủy")
    changed = {**row, "state": CANCELLED, "cancel_reason": event.data["reason"], "last_event": event.seq}
    if "file_path" in event.data:  # the originals were moved aside (`da-huy/`) so the archive shows it too
        changed.update(file_path=event.data["file_path"], pdf_path=event.data["pdf_path"])
    return {row["id"]: changed}


def _send(event: Event, lookup) -> dict[int, dict]:
    d = event.data
    row = _row(lookup, d.get("row"), (ISSUED, REPLACED), "ghi ngày chuyển")
    return {row["id"]: {**row, "sent_date": d["sent_date"], "received_by": d["received_by"], "last_event": event.seq}}


def _note(event: Event, lookup) -> dict[int, dict]:
    row = _row(lookup, event.data.get("row"), (ISSUED, REPLACED, CANCELLED), "ghi chú")
    note = "; ".join(filter(None, [row["note"], event.data["text"]]))
    return {row["id"]: {**row, "note": note, "last_event": event.seq}}


def _waive(event: Event, lookup) -> dict[int, dict]:
    d = event.data
    row = _row(lookup, d.get("row"), (ISSUED,), "bỏ qua cảnh báo")
    return {row["id"]: {**row, "waived_data_sha256": d["data_sha256"], "waived_template_sha256": d["template_sha256"],
                        "waive_reason": d["reason"], "last_event": event.seq}}


def _row(lookup, row_id, states: tuple[str, ...], action: str) -> dict:
    row = lookup(row_id) if isinstance(row_id, int) else None
    if row is None:
        raise ValueError(f"{action} một dòng không có trong sổ (dòng {row_id})")
    if row["state"] not in states:
        raise ValueError(f"{action} dòng {row_id} đang ở trạng thái {row['state']}")
    return row


_APPLY = {RESERVE: _reserve, FINISH: _finish, CANCEL: _cancel, WAIVE: _waive, SEND: _send, NOTE: _note}


def apply(event: Event, lookup: Callable[[int], dict | None]) -> dict[int, dict]:
    """Return the rows `event` creates or changes (by id), given `lookup` of the current rows.

    Raise ValueError (Vietnamese reason) when the event cannot follow the rows as they are.
    """
    if event.kind == OPEN:
        if event.seq != 1:
            raise ValueError("sự kiện mở sổ chỉ được là sự kiện đầu tiên")
        return {}
    if event.seq == 1:
        raise ValueError("sự kiện đầu tiên phải là mở sổ")
    step = _APPLY.get(event.kind)
    if step is None:
        raise ValueError(f"loại sự kiện “{event.kind}” không biết (sổ do phiên bản kehoach mới hơn ghi?)")
    try:
        return step(event, lookup)
    except KeyError as e:
        raise ValueError(f"sự kiện thiếu trường {e}") from e


def replay(events: Iterable[Event]) -> tuple[dict[int, dict], list[tuple[int, str]]]:
    """Return the rows the log derives (by id) and (seq, reason) for each event that could not apply."""
    rows: dict[int, dict] = {}
    faults = []
    for e in events:
        try:
            rows.update(apply(e, rows.get))
        except ValueError as err:
            faults.append((e.seq, str(err)))
    return rows, faults


def row_label(row: dict) -> str:
    """Return `02/BC-UBND ngày 20/3/2024` for a raw row, whatever its columns hold."""
    try:
        return f"{DocNumber(int(row['number']), str(row['code']))} ngày {short_date(dt.date.fromisoformat(row['issue_date']))}"
    except (ValueError, TypeError, KeyError):
        return f"số {row.get('number')}/{row.get('code')} (mã dòng {row.get('id')})"
