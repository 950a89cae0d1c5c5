"""Progress sheets in Excel: write one .xlsx per officer or unit for a report period (their tasks, and the
cells they fill: state, % done, completion date, result, difficulties), then read the filled sheets back,
check every cell and write what changed into tien-do.yaml — all or nothing, keeping the clerk's comments."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..cells import Cells
from ..dossier.editing import CommentedMap, CommentedSeq, edit_yaml
from ..dossier.model import Dossier, Update
from ..errors import KehoachError, Problem
from ..files import check_zip
from ..render.zipout import deterministic_docx
from ..rules import markup, vn
from ..rules.periods import Period, Recurrence, report_periods
from ..tracking.progress import (
    CHOICES,
    Row,
    Values,
    check,
    describe,
    sheet_rows,
    update_for,
)
from ..tracking.status import assignee_name, leads, schedule, tasks

SHEET, META = "Tiến độ", "kehoach"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
FONT = "Times New Roman"
# (key, header, width, filled by the officer)
COLUMNS = (
    ("ma", "Mã", 7, False),
    ("noi_dung", "Nhiệm vụ", 42, False),
    ("lan", "Lần (kỳ)", 12, False),
    ("thoi_han", "Thời hạn", 12, False),
    ("san_pham", "Sản phẩm", 26, False),
    ("phoi_hop", "Phối hợp", 18, False),
    ("tinh_trang", "Tình trạng", 16, True),
    ("phan_tram", "% hoàn thành", 11, True),
    ("ngay", "Ngày hoàn thành", 12, True),
    ("ket_qua", "Kết quả", 32, True),
    ("kho_khan", "Khó khăn, vướng mắc", 32, True),
)
COL = {key: i + 1 for i, (key, *_rest) in enumerate(COLUMNS)}
HEADS = {key: head for key, head, *_rest in COLUMNS}
_FILL = PatternFill("solid", fgColor="FFF2CC")      # cells to fill: light yellow
_LOCKED = PatternFill("solid", fgColor="EDEDED")    # rows finished before the period: grey
_HEAD = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MAX_NAME = 50  # the province's e-office system takes ASCII file names of at most 50 characters


def sheet_file_name(period: Period, lead: str) -> str:
    """Return the file name of `lead`'s sheet: `tien-do-6-thang-2024-van-phong.xlsx` (ASCII, ≤ 50)."""
    head = f"tien-do-{period.key}-{period.year}-"
    room = _MAX_NAME - len(head) - len(".xlsx")
    return f"{head}{vn.ascii_name(lead, limit=room) or 'x'}.xlsx"


def export_sheets(d: Dossier, period: Period) -> dict[str, bytes]:
    """Return one workbook per lead of `d` for `period`, by file name; the same data give the same bytes."""
    out: dict[str, bytes] = {}
    for lead in leads(d):
        name = sheet_file_name(period, lead)
        if name in out:  # two codes that read the same in ASCII
            name = name[:-5][:_MAX_NAME - 8] + f"-{len(out) + 1}.xlsx"
        out[name] = _workbook(d, period, lead, sheet_rows(d, period, lead))
    return out


def _workbook(d: Dossier, period: Period, lead: str, rows: list[Row]) -> bytes:
    org = d.organisation
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last_col = get_column_letter(len(COLUMNS))
    title_lines = (
        (vn.upper(org.name), Font(name=FONT, size=12, bold=True)),
        (f"PHIẾU CẬP NHẬT TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH {vn.upper(period.label)}", Font(name=FONT, size=13, bold=True)),
        ((f"Số liệu tính từ ngày {vn.short_date(period.start)} đến ngày {vn.short_date(period.end)}. "
          f"Chủ trì: {assignee_name(org, lead)}."), Font(name=FONT, size=12, italic=True)),
        (("Chỉ điền các ô nền vàng: Tình trạng (chọn trong danh sách), % hoàn thành (0 – 100), Ngày hoàn thành "
          "(ngày/tháng/năm, khi đã hoàn thành), Kết quả, Khó khăn. Dòng nền xám đã hoàn thành trước kỳ này."),
         Font(name=FONT, size=11)),
    )
    for r, (text, font) in enumerate(title_lines, start=1):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        cell = ws.cell(r, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if r > 2 else "center")
    ws.row_dimensions[4].height = 32
    for key, head, width, _ in COLUMNS:
        c = ws.cell(HEADER_ROW, COL[key], head)
        c.font = Font(name=FONT, size=11, bold=True)
        c.fill, c.border = _HEAD, _BOX
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(COL[key])].width = width
    body = Font(name=FONT, size=11)
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        v = row.values
        values = {
            "ma": row.task.id, "noi_dung": markup.plain(row.task.content),
            "lan": row.occurrence.name if row.occurrence else "",
            "thoi_han": (vn.table_date(row.task.deadline) if isinstance(row.task.deadline, dt.date)
                         else row.task.deadline.label),
            "san_pham": markup.plain(row.task.output),
            "phoi_hop": ", ".join(assignee_name(org, s) for s in row.task.support),
            "tinh_trang": v.state, "phan_tram": v.percent, "ngay": v.done_on,
            "ket_qua": v.result or None, "kho_khan": v.difficulty or None,
        }
        for key, _, _, filled in COLUMNS:
            c = ws.cell(r, COL[key], values[key])
            c.font, c.border = body, _BOX
            c.alignment = Alignment(wrap_text=True, vertical="top",
                                    horizontal="center" if key in ("ma", "lan", "thoi_han", "phan_tram", "ngay")
                                    else "left")
            if key == "ngay":
                c.number_format = "DD/MM/YYYY"
            if row.locked:
                c.fill = _LOCKED
            elif filled:
                c.fill = _FILL
                c.protection = Protection(locked=False)
        ws.row_dimensions[r].height = _height(values)
    last = FIRST_ROW + max(len(rows), 1) - 1
    _validations(ws, period, last)
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Locked cells stay selectable (to read and copy); columns and rows may be resized.
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False

    meta = wb.create_sheet(META)
    for r, (key, value) in enumerate((("ho_so", d.name), ("ky", period.key), ("nam", period.year),
                                      ("chu_tri", lead), ("phien_ban", 1)), start=1):
        meta.cell(r, 1, key)
        meta.cell(r, 2, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet added, removed or unhidden
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the zip and the document properties with the time of saving: fix both.
    return deterministic_docx(buf.getvalue(), period.end, title=f"Tiến độ {period.label} - {assignee_name(org, lead)}",
                              author=org.short_name)


def _height(values: dict) -> float:
    """Return a row height that shows every wrapped cell: openpyxl cannot measure text, so count lines."""
    lines = 1
    for key, _, width, _ in COLUMNS:
        text = values[key]
        if isinstance(text, str) and text:
            lines = max(lines, -(-len(text) // (width - 2)))  # about one character width per letter
    return 15.0 * lines + 3


def _validations(ws, period: Period, last: int) -> None:
    def add(key: str, dv: DataValidation) -> None:
        col = get_column_letter(COL[key])
        dv.add(f"{col}{FIRST_ROW}:{col}{last}")
        dv.showErrorMessage = True
        dv.errorTitle = "Giá trị không hợp lệ"
        ws.add_data_validation(dv)

    add("tinh_trang", DataValidation(type="list", formula1='"' + ",".join(CHOICES) + '"', allow_blank=True,
                                     error="Chọn một tình trạng trong danh sách."))
    add("phan_tram", DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                                    allow_blank=True, error="Ghi số nguyên từ 0 đến 100."))
    s, e = period.start, period.end
    add("ngay", DataValidation(type="date", operator="between", formula1=f"DATE({s.year},{s.month},{s.day})",
                               formula2=f"DATE({e.year},{e.month},{e.day})", allow_blank=True,
                               error=f"Ghi ngày trong kỳ: {vn.table_date(s)} – {vn.table_date(e)}."))


# ------------------------------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class Change:
    """One row whose filled values differ from the progress data: the update it becomes."""

    row: Row
    before: Values
    after: Values
    update: Update
    source: str  # file and row, for the change list


def read_sheets(d: Dossier, files: list[Path], today: dt.date) -> list[Change]:
    """Read filled sheets of `d`; return what changed. Raise KehoachError naming every bad cell."""
    problems: list[Problem] = []
    changes: list[Change] = []
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        changes += _read_one(d, Path(path), today, problems, seen)
    if problems:
        raise KehoachError(problems)
    return changes


def _read_one(d: Dossier, path: Path, today: dt.date, problems: list[Problem],
              seen: dict[tuple[str, str], str]) -> list[Change]:
    shown = str(path)
    if not path.is_file():
        problems.append(Problem("không tìm thấy tệp", file=shown))
        return []
    try:
        check_zip(path)  # a few hundred kilobytes can inflate to gigabytes of XML
        wb = load_workbook(path, data_only=True)
    except KehoachError as e:
        problems.extend(e.problems)
        return []
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        problems.append(Problem("không đọc được tệp Excel: cần phiếu .xlsx do kehoach xuat-tien-do ghi ra",
                                file=shown))
        return []
    if META not in wb.sheetnames or SHEET not in wb.sheetnames:
        problems.append(Problem("không phải phiếu tiến độ do kehoach xuất (thiếu trang “Tiến độ”)", file=shown))
        return []
    meta = {str(r[0]): r[1] for r in wb[META].iter_rows(values_only=True) if r and r[0] is not None}
    periods = {p.key: p for p in report_periods(d.plan.year, schedule(d))}
    if meta.get("ho_so") != d.name:
        problems.append(Problem(f"phiếu của hồ sơ “{meta.get('ho_so')}”, không phải của hồ sơ “{d.name}”",
                                file=shown))
        return []
    period = periods.get(str(meta.get("ky")))
    if period is None or str(meta.get("nam")) != str(d.plan.year):
        problems.append(Problem(f"kỳ báo cáo của phiếu (“{meta.get('ky')}” năm {meta.get('nam')}) không có "
                                f"trong lịch báo cáo của hồ sơ", file=shown))
        return []
    lead = str(meta.get("chu_tri"))
    rows = {row.key: row for row in sheet_rows(d, period, lead)}
    ws = wb[SHEET]
    changes = []

    bad = Cells(shown, SHEET, problems)

    def fail(r: int, key: str, message: str) -> None:
        bad(r, COL[key], HEADS[key], message)

    for r in range(FIRST_ROW, ws.max_row + 1):
        cells = {key: ws.cell(r, COL[key]).value for key in COL}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        task_id = vn.nfc(str(cells["ma"] or "")).strip()
        lan = vn.nfc(str(cells["lan"] or "")).strip()
        row = rows.get((task_id, lan))
        if row is None:
            fail(r, "ma", _unknown(d, task_id, lan, lead))
            continue
        where = f"{path.name}, dòng {r}"
        if row.key in seen:
            fail(r, "ma", f"nhiệm vụ “{task_id}” {lan} đã có ở {seen[row.key]}")
            continue
        seen[row.key] = where
        if row.locked:
            continue
        values, found = check(row, cells["tinh_trang"], cells["phan_tram"], cells["ngay"], cells["ket_qua"],
                              cells["kho_khan"], today)
        for key, message in found:
            fail(r, key, message)
        if values is None or values == row.values:
            continue
        update = update_for(row, values, today)
        if isinstance(update, str):
            fail(r, "tinh_trang", update)
            continue
        changes.append(Change(row, row.values, values, update, where))
    return changes


def _unknown(d: Dossier, task_id: str, lan: str, lead: str) -> str:
    task = next((t for t in tasks(d) if t.id == task_id), None)
    if task is None:
        return f"không có nhiệm vụ mã “{task_id}” trong nhiem-vu.yaml"
    if task.lead != lead:
        return f"nhiệm vụ “{task_id}” không do người nhận phiếu này chủ trì"
    if isinstance(task.deadline, Recurrence) and task.deadline.unit:
        return f"nhiệm vụ “{task_id}” không có lần “{lan}” trong kỳ báo cáo này"
    return f"nhiệm vụ “{task_id}” không chia theo lần (cột “{HEADS['lan']}” phải để trống)"


def describe_change(c: Change, org) -> str:
    """Return one line of the change list: `1b (Phó Chủ tịch UBND xã): Đang thực hiện 30% → Hoàn thành …`."""
    what = f"{c.row.task.id}" + (f" {c.row.occurrence.name}" if c.row.occurrence else "")
    line = f"{what} ({assignee_name(org, c.row.task.lead)}): {describe(c.before)} → {describe(c.after)}"
    extra = [t for t in (c.after.result, c.after.difficulty) if t]
    return line + (f" — {'; '.join(extra)}" if extra else "")


def write_changes(progress_file: Path, changes: list[Change], order: list[str]) -> bool:
    """Write `changes` into tien-do.yaml atomically, keeping its comments; return True when it changed.

    A task met for the first time gets its own key, placed by `order` (the plan's task ids).
    """
    rank = {task_id: i for i, task_id in enumerate(order)}

    def change(tree: CommentedMap) -> None:
        updates = tree.get("cap_nhat")
        if updates is None:
            updates = tree["cap_nhat"] = CommentedMap()
        for c in changes:
            task_id = c.row.task.id
            key = next((k for k in updates if str(k) == task_id), None)
            if key is None:
                key = DoubleQuotedScalarString(task_id)
                at = sum(1 for k in updates if rank.get(str(k), len(rank)) < rank.get(task_id, len(rank)))
                updates.insert(at, key, CommentedSeq())
            _replace(updates[key], c)

    return edit_yaml(progress_file, change)


def _replace(entries: CommentedSeq, c: Change) -> None:
    """Drop the completions inside the row's window and any entry on the new date, then insert in order."""
    def day(entry) -> dt.date | None:
        try:
            return vn.parse_date(str(entry.get("ngay", "")))
        except ValueError:
            return None

    def percent(entry) -> str:
        return str(entry.get("tien_do", "")).strip()

    new = c.update
    for i in reversed(range(len(entries))):
        d = day(entries[i])
        if d is not None and (d == new.date or (percent(entries[i]) == "100" and c.row.start <= d <= c.row.end)):
            del entries[i]
    item = CommentedMap()
    item["ngay"] = DoubleQuotedScalarString(vn.table_date(new.date))
    item["tien_do"] = new.percent
    if new.note:
        item["ghi_chu"] = DoubleQuotedScalarString(new.note)
    if new.difficulty:
        item["kho_khan"] = DoubleQuotedScalarString(new.difficulty)
    item.fa.set_flow_style()  # one line per update, as the clerk writes them
    at = next((i for i, e in enumerate(entries) if (day(e) or dt.date.max) > new.date), len(entries))
    entries.insert(at, item)
