"""The appendix tasks as an Excel workbook: written for the clerk to edit (drop-downs, dates as dates) and
read back with every cell checked, naming sheet, row and column."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from .. import cells
from ..dossier.model import Dossier
from ..errors import KehoachError, Problem
from ..files import check_zip
from ..render.zipout import deterministic_docx
from ..rules import vn
from ..rules.periods import RECURRENCES, Recurrence
from ..tracking.status import area_names, tasks
from .tasks import read_deadline

SHEET = "Nhiệm vụ"
LISTS = "Danh mục"
# Column key → header; the sheet is read back by header, so a clerk may move columns around.
COLUMNS = (("ma", "Mã"), ("linh_vuc", "Lĩnh vực"), ("noi_dung", "Nội dung nhiệm vụ"), ("chu_tri", "Chủ trì"),
           ("thoi_han", "Thời hạn"), ("san_pham", "Sản phẩm"))
SUPPORT = "Phối hợp"          # then "Phối hợp 1", "Phối hợp 2" …: one name a cell, each with its drop-down
MIN_SUPPORT_COLUMNS = 3
WIDTHS = {"ma": 8, "linh_vuc": 30, "noi_dung": 60, "chu_tri": 30, "thoi_han": 14, "san_pham": 40, SUPPORT: 30}
SPARE_ROWS = 200             # rows below the data that keep the drop-downs, for tasks added in Excel
DATE_FORMAT = "DD/MM/YYYY"
_CODE = re.compile(r"^[0-9a-zđ][0-9a-zđ.\-]*$")


@dataclass(frozen=True)
class SheetTask:
    """One task row read back from the workbook, checked against the dossier."""

    row: int
    code: str                   # "" for a row added in Excel (a code is made when it is written)
    area: int
    content: str
    lead: str
    support: tuple[str, ...]
    deadline: dt.date | Recurrence
    output: str


# -- names the sheet shows --------------------------------------------------------------------------
def area_titles(d: Dossier) -> list[str]:
    """Return the drop-down entries of the Lĩnh vực column: `1. <khoản title>` for each area."""
    return [f"{n}. {name}" for n, name in area_names(d).items()]


def assignee_names(d: Dossier) -> dict[str, str]:
    """Return code → the name a cell shows (an officer's post, a unit's name; made unique when two share it)."""
    people = d.organisation.assignees
    labels = [a.label for a in people]
    out = {}
    for a, label in zip(people, labels):
        if labels.count(label) > 1:
            label = f"{label} ({getattr(a, 'name', '') or a.id})"
        out[a.id] = label
    return out


def _key(text: str) -> str:
    return " ".join(vn.nfc(str(text)).split()).casefold()


# -- writing ----------------------------------------------------------------------------------------
def export_tasks(d: Dossier) -> bytes:
    """Return the workbook of `d`'s appendix tasks as .xlsx bytes that depend only on the data."""
    names = assignee_names(d)
    areas = area_titles(d)
    support_columns = max([MIN_SUPPORT_COLUMNS] + [len(t.support) for t in tasks(d)])
    headers = [h for _, h in COLUMNS] + [f"{SUPPORT} {i}" for i in range(1, support_columns + 1)]
    keys = [k for k, _ in COLUMNS] + [SUPPORT] * support_columns

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers)
    for task in tasks(d):
        deadline = task.deadline.label if isinstance(task.deadline, Recurrence) else task.deadline
        ws.append([task.id, areas[task.area - 1] if task.area <= len(areas) else str(task.area), task.content,
                   names.get(task.lead, task.lead), deadline, task.output]
                  + [names.get(s, s) for s in task.support] + [None] * (support_columns - len(task.support)))
    last = ws.max_row + SPARE_ROWS
    _style(ws, keys, last)
    _lists(wb, ws, keys, areas, list(names.values()), last)
    wb.properties.creator = d.organisation.short_name
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_docx(buf.getvalue(), dt.date(d.plan.year, d.plan.month, 1),
                              title=f"Nhiệm vụ Phụ lục - {d.name}", author=d.organisation.short_name)


def _style(ws, keys: list[str], last: int) -> None:
    thin = Side(style="thin", color="999999")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for col, key in enumerate(keys, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = WIDTHS[key]
        head = ws.cell(row=1, column=col)
        head.font = Font(bold=True)
        head.fill = head_fill
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.border = Border(bottom=thin)
        for row in range(2, last + 1):
            cell = ws.cell(row=row, column=col)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if key == "thoi_han":
                cell.number_format = DATE_FORMAT
            elif key == "ma":
                cell.number_format = "@"  # a code such as 1.10 must stay text, not become a number
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}1"


def _lists(wb, ws, keys: list[str], areas: list[str], names: list[str], last: int) -> None:
    """Write the drop-down lists on a hidden sheet and attach them to the columns."""
    lists = wb.create_sheet(LISTS)
    lists.append(["Lĩnh vực", "Công chức, đơn vị", "Thời hạn lặp lại"])
    recurrences = [r.label for r in RECURRENCES.values()]
    for i in range(max(len(areas), len(names), len(recurrences))):
        lists.append([areas[i] if i < len(areas) else None, names[i] if i < len(names) else None,
                      recurrences[i] if i < len(recurrences) else None])
    lists.sheet_state = "hidden"
    ref = f"'{LISTS}'!${{col}}$2:${{col}}${{end}}"

    def column_of(key: str) -> list[str]:
        return [get_column_letter(i) for i, k in enumerate(keys, start=1) if k == key]

    def add(dv: DataValidation, letters: list[str]) -> None:
        for letter in letters:
            dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)

    add(_validation("list", ref.format(col="A", end=len(areas) + 1), "Lĩnh vực",
                    "Chọn lĩnh vực (khoản của mục nhiệm vụ) trong danh sách."), column_of("linh_vuc"))
    add(_validation("list", ref.format(col="B", end=len(names) + 1), "Công chức, đơn vị",
                    "Chọn trong danh sách; muốn thêm người hay đơn vị mới thì thêm vào co-quan.yaml trước."),
        column_of("chu_tri") + column_of(SUPPORT))
    first = column_of("thoi_han")[0]
    rec = ref.format(col="C", end=len(recurrences) + 1)
    add(_validation("custom", f"OR(ISNUMBER({first}2),COUNTIF({rec},{first}2)>0)", "Thời hạn",
                    "Gõ ngày (ngày/tháng/năm) hoặc chọn: " + ", ".join(recurrences) + "."),
        [first])


def _validation(kind: str, formula: str, title: str, prompt: str) -> DataValidation:
    dv = DataValidation(type=kind, formula1=formula, allow_blank=True, showErrorMessage=True,
                        showInputMessage=True, errorStyle="stop")
    dv.promptTitle, dv.prompt = title, prompt
    dv.errorTitle, dv.error = title, "Giá trị không có trong danh sách. " + prompt
    return dv


# -- reading ----------------------------------------------------------------------------------------
def read_tasks(path: Path, d: Dossier) -> list[SheetTask]:
    """Return the tasks of the workbook at `path`; KehoachError naming every bad cell (sheet, row, column)."""
    path = Path(path)
    try:
        check_zip(path)  # a few hundred kilobytes can inflate to gigabytes of XML
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise KehoachError(Problem("không đọc được tệp Excel: cần tệp .xlsx (Excel 2007 trở lên)",
                                   file=str(path))) from e
    if SHEET not in wb.sheetnames:
        raise KehoachError(Problem(f"tệp không có sheet “{SHEET}” (tạo tệp bằng lệnh kehoach xuat-excel)",
                                   file=str(path)))
    ws = wb[SHEET]
    problems: list[Problem] = []
    columns = _header(ws, path, problems)
    if problems:
        raise KehoachError(problems)
    areas = {_key(a): i for i, a in enumerate(area_titles(d), start=1)}
    areas.update({_key(re.sub(r"^\d+\.\s*", "", a)): i for i, a in enumerate(area_titles(d), start=1)})
    names = assignee_names(d)
    people = {_key(label): code for code, label in names.items()}
    people.update({_key(code): code for code in names})
    bad = cells.Cells(str(path), ws.title, problems)
    tasks: list[SheetTask] = []
    seen: dict[str, int] = {}
    for row in range(2, ws.max_row + 1):
        values = {key: ws.cell(row=row, column=col).value for key, col in columns.items() if key != SUPPORT}
        support_cells = [(col, ws.cell(row=row, column=col).value) for col in columns.get(SUPPORT, [])]
        if all(cells.blank(v) for v in values.values()) and all(cells.blank(v) for _, v in support_cells):
            continue
        before = len(problems)
        code = cells.text(values.get("ma"))
        if code and not _CODE.match(code):
            bad(row, columns["ma"], "Mã", f"mã “{code}” chỉ được gồm chữ thường, số, dấu “.” và “-”")
        elif code in seen:
            bad(row, columns["ma"], "Mã", f"mã “{code}” trùng với dòng {seen[code]}")
        elif code:
            seen[code] = row
        area_text = cells.text(values.get("linh_vuc"))
        area = areas.get(_key(area_text))
        if area is None:
            bad(row, columns["linh_vuc"], "Lĩnh vực", f"không có lĩnh vực “{area_text}”; chọn trong danh sách"
                if area_text else "chưa chọn lĩnh vực")
        content = cells.text(values.get("noi_dung"))
        if not content:
            bad(row, columns["noi_dung"], "Nội dung nhiệm vụ", "nội dung nhiệm vụ không được để trống")
        lead_text = cells.text(values.get("chu_tri"))
        lead = people.get(_key(lead_text), "")
        if not lead:
            bad(row, columns["chu_tri"], "Chủ trì", _unknown(lead_text))
        support: list[str] = []
        for col, value in support_cells:
            text = cells.text(value)
            if not text:
                continue
            code_of = people.get(_key(text))
            header = cells.text(ws.cell(row=1, column=col).value)
            if code_of is None:
                bad(row, col, header, _unknown(text))
            elif code_of == lead:
                bad(row, col, header, "nơi chủ trì không đồng thời là nơi phối hợp")
            elif code_of in support:
                bad(row, col, header, f"“{text}” đã ghi ở một cột phối hợp khác")
            else:
                support.append(code_of)
        deadline, why = _deadline(values.get("thoi_han"), d.plan.year)
        if why:
            bad(row, columns["thoi_han"], "Thời hạn", why)
        output = cells.text(values.get("san_pham"))
        if not output:
            bad(row, columns["san_pham"], "Sản phẩm", "sản phẩm không được để trống")
        if len(problems) == before:
            tasks.append(SheetTask(row, code, area, content, lead, tuple(support), deadline, output))
    _imported_twice(tasks, d, bad, columns["ma"])
    if problems:
        raise KehoachError(problems)
    return tasks


def _imported_twice(rows: list[SheetTask], d: Dossier, bad: cells.Cells, column: int) -> None:
    """Refuse a new row that repeats a task the sheet no longer lists: the same workbook imported again."""
    listed = {t.code for t in rows if t.code}
    dropped = {(t.area, _key(t.content)): t.id for t in tasks(d) if t.id not in listed}
    for task in rows:
        old = dropped.get((task.area, _key(task.content)))
        if not task.code and old:
            bad(task.row, column, "Mã", f"dòng chưa có mã nhưng trùng nội dung nhiệm vụ {old} đã có: có lẽ tệp này "
                f"đã được nhập một lần; hãy xuất lại tệp (kehoach xuat-excel), hoặc ghi mã {old} vào ô này")


def _header(ws, path: Path, problems: list[Problem]) -> dict:
    wanted = {_key(h): k for k, h in COLUMNS}
    columns: dict = {}
    for col in range(1, ws.max_column + 1):
        text = _key(cells.text(ws.cell(row=1, column=col).value))
        if text in wanted and wanted[text] not in columns:
            columns[wanted[text]] = col
        elif text.startswith(_key(SUPPORT)):
            columns.setdefault(SUPPORT, []).append(col)
    for key, head in COLUMNS:
        if key not in columns:
            problems.append(Problem(f"trang “{ws.title}” thiếu cột “{head}” (dòng 1 giữ tên các cột như khi xuất "
                                    "tệp)", file=str(path), line=1))
    return columns


def _deadline(value, year: int | None) -> tuple[dt.date | Recurrence | None, str]:
    """Return the deadline of a Thời hạn cell (a date cell, or typed as `nhap` reads it), or why it is none."""
    if isinstance(value, (dt.date, dt.datetime)):
        return cells.date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, f"“{cells.text(value)}” không phải ngày; gõ ngày dạng ngày/tháng/năm"
    read = read_deadline(cells.text(value), year)
    if read.error:
        return None, read.error
    return RECURRENCES.get(read.value) or vn.parse_date(read.value), ""


def _unknown(text: str) -> str:
    if not text:
        return "chưa ghi nơi chủ trì"
    return f"không có công chức hay đơn vị “{text}” trong co-quan.yaml; chọn trong danh sách (muốn thêm thì ghi " \
           "vào co-quan.yaml, mục can_bo hoặc don_vi, rồi xuất lại tệp Excel)"
