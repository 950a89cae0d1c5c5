"""The register as an Excel workbook: the ten columns of Phụ lục IV out (`xuat-so`) and back in (`nhap-so`).

A commune that kept its register in Excel before kehoach brings that year in with `nhap-so`: every
cell is checked first (sheet, row and column named in each message), and the rows are recorded all
together or not at all — one transaction of `reserve` + `finish` (+ `send`, `cancel`) events per row,
witnessed in the archive like any other row. `xuat-so` writes the same ten columns (deterministic
bytes) so the file reads back unchanged.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import cells
from ..errors import KehoachError, Problem
from ..render.zipout import deterministic_docx
from ..rules.numbering import DocNumber, code_problem, format_number
from ..rules.vn import table_date
from . import issuing
from .book import COLUMN_TITLES, row_cells
from .intake import (
    LETTER,
    LETTER_SERIES,
    refuse_paper_originals,
    type_of_code,
)
from .store import Entry, Request

SHEET = "So {year}"
HEADER_ROW = 3   # column titles; the row under it numbers them (1) … (10), data follow
CANCELLED_PREFIX = "Đã hủy: "
_MARKS = tuple(f"({i})" for i in range(1, 11))
_LETTERS = "ABCDEFGHIJ"
MAX_ROWS = 20000


# -- out --------------------------------------------------------------------------------------------


def export_workbook(rows: list[tuple[Entry, str]], year: int, body: str) -> bytes:
    """Return the register rows of `year` (with their ghi chú) as .xlsx bytes, the same for the same rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET.format(year=year)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([f"SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {year}"])
    ws.append([body])
    ws.append(list(COLUMN_TITLES))
    ws.append(list(_MARKS))
    for entry, remarks in rows:
        cells = list(row_cells(entry, remarks))
        cells[1] = entry.date  # a real date cell: Excel sorts and filters it
        cells[6] = entry.copies
        cells[7] = entry.sent_date or ""
        ws.append(cells)
    ws.merge_cells("A1:J1")
    ws.merge_cells("A2:J2")
    ws["A1"].font = Font(name="Times New Roman", size=14, bold=True)
    ws["A1"].alignment = ws["A2"].alignment = Alignment(horizontal="center")
    widths = (14, 12, 45, 20, 35, 18, 9, 12, 14, 30)
    for letter, width in zip(_LETTERS, widths):
        ws.column_dimensions[letter].width = width
    for r, row in enumerate(ws.iter_rows(min_row=HEADER_ROW), start=HEADER_ROW):
        for cell in row:
            cell.border = box
            cell.font = Font(name="Times New Roman", size=12, bold=r == HEADER_ROW)
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="center" if r <= HEADER_ROW + 1 or cell.column in (1, 2, 7, 8)
                                       else "left")
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = f"A{HEADER_ROW + 2}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buf = io.BytesIO()
    wb.save(buf)
    last = max((e.date for e, _ in rows), default=dt.date(year, 1, 1))
    return deterministic_docx(buf.getvalue(), last, title=f"Sổ đăng ký văn bản đi năm {year}", author=body)


# -- in ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedRow:
    """One row of the workbook, checked: what the register records for it."""

    line: int
    number: DocNumber
    date: dt.date
    type_code: str
    type_name: str
    summary: str
    signer: str
    recipients: tuple[str, ...]
    copies: int | None
    sent_date: dt.date | None
    received_by: str | None
    note: str
    cancel_reason: str | None


def read_workbook(path: Path) -> list[ImportedRow]:
    """Return the rows of the register workbook at `path`, every cell checked.

    Raise KehoachError naming sheet, row and column of every cell that is wrong; nothing is recorded.
    """
    from openpyxl import load_workbook

    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise KehoachError(Problem("không có tệp này", file=where))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise KehoachError(Problem("không phải tệp Excel .xlsx đọc được (tệp .xls cũ: mở bằng Excel và lưu lại "
                                   "dạng .xlsx)", file=where)) from e
    try:
        found = []
        for ws in wb.worksheets:
            start = _data_start(ws)
            if start is not None:
                found.append((ws, start))
        if not found:
            raise KehoachError(Problem("không thấy bảng sổ đăng ký: cần một dòng tiêu đề ghi (1) (2) … (10) hoặc tên "
                                       "mười cột của Phụ lục IV Nghị định 30 (Số, ký hiệu văn bản; Ngày tháng văn "
                                       "bản; …; Ghi chú)", file=where))
        rows, problems = [], []
        for ws, start in found:
            for line, values in enumerate(ws.iter_rows(min_row=start, max_col=10, values_only=True), start=start):
                if line - start > MAX_ROWS:
                    problems.append(Problem(f"trang {ws.title}: quá {MAX_ROWS} dòng; chia sổ thành nhiều tệp",
                                            file=where, line=line))
                    break
                values = tuple(values) + (None,) * (10 - len(values))
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                row, found_problems = _row(values, line, ws.title, where)
                problems += found_problems
                if row is not None:
                    rows.append(row)
    finally:
        wb.close()
    problems += _order_problems(rows, where, found[0][0].title if found else "")
    if problems:
        raise KehoachError(problems + [Problem(f"Tệp {path.name} có {len(problems)} ô sai; chưa dòng nào được "
                                               "nhập vào sổ. Sửa các ô trên rồi chạy lại.")])
    if not rows:
        raise KehoachError(Problem("bảng sổ không có dòng văn bản nào", file=where))
    return rows


def _data_start(ws) -> int | None:
    """Return the first data row of a sheet holding the register table, None when it holds none."""
    for line, values in enumerate(ws.iter_rows(min_row=1, max_row=15, max_col=10, values_only=True), start=1):
        texts = [" ".join(str(v).split()) if v is not None else "" for v in values]
        if tuple(texts[:10]) == _MARKS:
            return line + 1
        if texts and texts[0].lower().startswith("số") and "ký hiệu" in texts[0].lower() and len(texts) >= 10 \
                and texts[9].lower().startswith("ghi chú"):
            nxt = next(ws.iter_rows(min_row=line + 1, max_row=line + 1, max_col=10, values_only=True), ())
            marks = tuple(" ".join(str(v).split()) if v is not None else "" for v in nxt)
            return line + 2 if marks[:10] == _MARKS else line + 1
    return None


def _row(values: tuple, line: int, sheet: str, where: str) -> tuple[ImportedRow | None, list[Problem]]:
    problems: list[Problem] = []

    cell = cells.Cells(where, sheet, problems)

    def bad(col: int, message: str) -> None:
        cell(line, col + 1, f"({col + 1}) {COLUMN_TITLES[col]}", message)

    number = None
    text = cells.text(values[0])
    m = re.fullmatch(r"(\d{1,4})\s*/\s*(\S+)", text)
    if not text:
        bad(0, "trống (cần số và ký hiệu, ví dụ 05/KH-UBND)")
    elif not m or int(m.group(1)) < 1:
        bad(0, f"“{text[:40]}” không phải số và ký hiệu (ví dụ 05/KH-UBND)")
    else:
        why = code_problem(m.group(2))
        if why:
            bad(0, f"ký hiệu “{m.group(2)[:40]}” {why}")
        else:
            number = DocNumber(int(m.group(1)), m.group(2))
    date = _date(values[1], lambda msg: bad(1, msg), required=True)
    type_code, type_name = type_of_code(number.code) if number else (None, "")
    lines = [ln.strip() for ln in cells.text(values[2], keep_lines=True).split("\n") if ln.strip()]
    if not lines:
        bad(2, "trống (cần tên loại và trích yếu nội dung)")
        summary = ""
    elif len(lines) > 1 and (lines[0].lower() == type_name.lower() or lines[0] == LETTER):
        type_name, summary = lines[0], " ".join(lines[1:])
    else:
        summary = " ".join(lines)
    signer = cells.text(values[3])
    if not signer:
        bad(3, "trống (cần họ tên người ký)")
    recipients = [_TRAIL.sub("", ln.lstrip("-–• ").strip())
                  for part in cells.text(values[4], keep_lines=True).split("\n")
                  for ln in part.split(";") if ln.strip(" -–•")]
    holders = [u.strip() for u in cells.text(values[5]).split(",") if u.strip()]
    units = ["VT" if re.fullmatch(r"(Văn thư( \(VT\))?|VT)", u, re.IGNORECASE) else u for u in holders] or ["VT"]
    recipients.append("Lưu: " + ", ".join(dict.fromkeys(units)))
    copies = None
    if values[6] is not None and cells.text(values[6]):
        try:
            copies = int(str(values[6]).strip())
            if copies < 1:
                raise ValueError
        except ValueError:
            bad(6, f"“{cells.text(values[6])[:20]}” không phải số bản (số nguyên từ 1)")
    sent = _date(values[7], lambda msg: bad(7, msg), required=False)
    if sent is not None and date is not None and sent < date:
        bad(7, f"ngày chuyển {table_date(sent)} sớm hơn ngày văn bản {table_date(date)}")
    received = cells.text(values[8]) or None
    if received and sent is None:
        bad(8, "có ký nhận nhưng cột (8) ngày chuyển để trống")
    remarks = cells.text(values[9])
    cancel = None
    head, sep, tail = remarks.partition(CANCELLED_PREFIX)
    if sep:
        remarks, cancel = head.rstrip("; "), tail.strip() or "không ghi lý do"
    if problems or number is None or date is None:
        return None, problems
    return ImportedRow(line, number, date, type_code or LETTER_SERIES, type_name, summary, signer, tuple(recipients),
                       copies, sent, received, remarks, cancel), problems


_TRAIL = re.compile(r"[;.,]+$")


def _date(value, bad, required: bool) -> dt.date | None:
    day, why = cells.date(value)
    if why:
        bad(why)
    elif day is None and required:
        bad("trống (cần ngày, ví dụ 15/03/2024)")
    return day


def _order_problems(rows: list[ImportedRow], where: str, sheet: str) -> list[Problem]:
    """Return the rows that repeat a number or break date order within the workbook (per type code too)."""
    problems = []
    seen: dict[tuple[int, str], ImportedRow] = {}
    for r in rows:
        key = (r.date.year, str(r.number))
        if key in seen:
            problems.append(Problem(f"số {r.number} năm {r.date.year} đã có ở dòng {seen[key].line}", file=where,
                                    line=r.line, field=f"{sheet}!A{r.line}"))
        seen.setdefault(key, r)
    return problems


def import_rows(project, rows: list[ImportedRow], source: str, *, say: Callable[[str], None]) -> list[Entry]:
    """Record `rows` in the register, all in one transaction; return the new rows.

    A row already in the register with the same number, ký hiệu, date and summary is left as it is
    (importing the same workbook twice records nothing twice). Raise KehoachError naming each row
    that cannot be recorded (number taken by another document, date out of order); nothing is recorded.
    """
    series = project.settings.series
    done = []
    with issuing.locked(project) as reg:
        refuse_paper_originals(reg, "sổ này chỉ nhận văn bản kèm bản gốc (`kehoach vao-so --so … --ban-goc TỆP`)")
        problems, todo = [], []
        for r in rows:
            existing = reg.find(r.number.number, r.number.code, r.date.year)
            if existing is not None and existing.date == r.date and existing.summary == r.summary:
                continue
            todo.append(r)
        # The register's own checks run row by row inside one transaction: rows may fill gaps in any order,
        # and the first refusal leaves the register as it was.
        with reg.batch():
            for r in sorted(todo, key=lambda r: (r.date.year, r.number.number)):
                request = _request(r, source)
                try:
                    reg.precheck_number(request, series, r.number.number)
                except KehoachError as e:
                    problems += [Problem(p.message, file=source, line=r.line) for p in e.problems]
                    continue
                entry = reg.finish(reg.record(request, series, r.number.number), None, None)
                if r.sent_date is not None:
                    entry = reg.send(entry, r.sent_date, r.received_by)
                if r.cancel_reason is not None:
                    entry = reg.cancel(entry, r.cancel_reason)
                done.append(entry)
            if problems:
                raise KehoachError(problems + [Problem(
                    f"{len(problems)} dòng không vào sổ được; chưa dòng nào của tệp được nhập.")])
        if done:
            issuing.write_witnesses(project, reg)
    skipped = len(rows) - len(todo)
    if skipped:
        say(f"{skipped} dòng đã có trong sổ (cùng số, ngày và trích yếu), không nhập lại.")
    return done


def _request(r: ImportedRow, source: str) -> Request:
    digest = hashlib.sha256(f"{r.number}|{r.date.isoformat()}|{r.summary}".encode()).hexdigest()
    return Request(
        doc_id=None, type_code=r.type_code, code=r.number.code, type_name=r.type_name, summary=r.summary,
        signer=r.signer, recipients=r.recipients, date=r.date, input_sha256=digest, note=r.note,
        origin={"kind": "nhap-so", "original": None, "source": Path(source).name, "line": r.line},
        copies=r.copies,
    )


def summary_line(entries: list[Entry]) -> str:
    """Return `12 dòng, từ số 01 đến số 12 (15/01/2024 – 28/03/2024)` for the clerk."""
    if not entries:
        return "0 dòng"
    numbers = sorted(e.number.number for e in entries)
    dates = sorted(e.date for e in entries)
    return (f"{len(entries)} dòng, từ số {format_number(numbers[0])} đến số {format_number(numbers[-1])} "
            f"({table_date(dates[0])} – {table_date(dates[-1])})")
