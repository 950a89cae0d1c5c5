"""The appendix of tasks: deadlines as typed (`30/6/2024`, `Quý II/2024`, `Hằng quý`), officers and units
named in the table, and the table's rows as tasks. No I/O."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..rules import vn
from ..rules.periods import RECURRENCES
from .draft import Note, Person, TaskRow
from .names import lower_ascii, make_code
from .source import Cell, Table

# Recurrence words as clerks type them (after ascii folding), → data key.
_RECURRING = {
    "thuong xuyen": "thuong_xuyen", "hang thang": "hang_thang", "hang quy": "hang_quy",
    "hang nam": "hang_nam", "dinh ky hang thang": "hang_thang", "dinh ky hang quy": "hang_quy",
    "dinh ky hang nam": "hang_nam", "moi thang": "hang_thang", "moi quy": "hang_quy",
    "moi nam": "hang_nam", "thuong xuyen, lien tuc": "thuong_xuyen", "thuong xuyen lien tuc": "thuong_xuyen",
}
_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_QUARTER = re.compile(r"^quy\s+(i{1,3}|iv|[1-4])(?:\s*(?:/|nam)\s*(\d{4}))?$")
_MONTH = re.compile(r"^thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?$")
_HALF = re.compile(r"^6 thang (dau|cuoi) nam(?:\s+(\d{4}))?$")
_YEAR = re.compile(r"^(?:trong\s+|ca\s+)?nam\s+(\d{4})$")
_BEFORE = re.compile(r"^(?:hoan thanh\s+)?(?:truoc|cham nhat|han cuoi|den)(?:\s+ngay)?\s+")
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """A deadline read from a cell: the data value, or why it could not be read; `note` when interpreted."""

    value: str = ""
    note: str = ""
    error: str = ""


def read_deadline(text: str, year: int | None) -> Deadline:
    """Return the data value of a typed deadline (`30/06/2024` or a recurrence key).

    A period (`Quý II/2024`, `Tháng 6/2024`, `6 tháng đầu năm`, `Năm 2024`) becomes its last day,
    with a note saying so; `year` stands in when the period names none.
    """
    raw = " ".join(vn.nfc(text).split())
    folded = lower_ascii(raw).strip(" .;")
    if not folded:
        return Deadline(error="chưa ghi thời hạn")
    if folded in _RECURRING:
        return Deadline(_RECURRING[folded])
    if folded.replace(" ", "_") in RECURRENCES:
        return Deadline(folded.replace(" ", "_"))
    stripped = _BEFORE.sub("", folded)
    m = _DATE.fullmatch(stripped)
    if m:
        day, month, y = (int(g) for g in m.groups())
        try:
            return Deadline(vn.table_date(dt.date(y, month, day)))
        except ValueError:
            return Deadline(error=f"ngày “{raw}” không có trên lịch")
    period = _period_end(stripped, year)
    if period is None:
        return Deadline(error=f"không hiểu thời hạn “{raw}”: cần ngày/tháng/năm (ví dụ 30/6/2024), "
                              "Quý II/2024, Tháng 6/2024, hoặc Thường xuyên, Hằng tháng, Hằng quý, Hằng năm")
    if isinstance(period, str):
        return Deadline(error=period)
    return Deadline(vn.table_date(period), note=f"đã hiểu thời hạn “{raw}” là ngày {vn.table_date(period)}")


def _period_end(folded: str, year: int | None) -> dt.date | str | None:
    def pick(y: str | None) -> int | None:
        return int(y) if y else year

    no_year = "thời hạn không ghi năm và kế hoạch chưa rõ năm"
    if m := _QUARTER.match(folded):
        q = _ROMAN_Q.get(m.group(1)) or int(m.group(1))
        y = pick(m.group(2))
        if y is None:
            return no_year
        return dt.date(y, q * 3, calendar.monthrange(y, q * 3)[1])
    if m := _MONTH.match(folded):
        month, y = int(m.group(1)), pick(m.group(2))
        if not 1 <= month <= 12:
            return f"không có tháng {month}"
        if y is None:
            return no_year
        return dt.date(y, month, calendar.monthrange(y, month)[1])
    if m := _HALF.match(folded):
        y = pick(m.group(2))
        if y is None:
            return no_year
        return dt.date(y, 6, 30) if m.group(1) == "dau" else dt.date(y, 12, 31)
    if m := _YEAR.match(folded):
        return dt.date(int(m.group(1)), 12, 31)
    return None


# How a name starts tells a unit from an officer (after ascii folding).
_UNIT_WORDS = ("phong ", "van phong", "trung tam", "ban ", "doi ", "hoi ", "doan ", "cong an", "ubnd",
               "uy ban", "hdnd", "mat tran", "ubmttq", "tram ", "truong ", "dang uy", "bo phan",
               "quan su", "chi cuc", "hop tac xa", "buu dien", "thon", "to dan pho", "cac thon",
               "cac don vi", "cac phong", "cac ban", "cac hoi", "cac doan the")
_OFFICER_WORDS = ("cong chuc", "can bo", "chu tich", "pho chu tich", "chi huy", "truong cong an",
                  "truong ban", "truong phong", "pho truong", "bi thu", "pho bi thu", "ke toan",
                  "thu quy", "van thu", "chuyen vien", "giam doc", "pho giam doc", "chanh van phong",
                  "pho chanh van phong", "ong ", "ba ")


class People:
    """The officers and units named in a draft: one code per name, reused on every mention."""

    def __init__(self, unplaced: list[Note], notes: list[Note]):
        self.by_key: dict[str, Person] = {}
        self.order: list[Person] = []
        self.unplaced = unplaced
        self.notes = notes

    def code(self, name: str, where: str) -> str:
        """Return the code of `name`, creating an officer or a unit the first time it is seen."""
        name = " ".join(vn.nfc(name).split()).strip(" ;,.")
        key = lower_ascii(name)
        if key in self.by_key:
            return self.by_key[key].code
        kind = _kind(key)
        if kind is None:
            kind = "don_vi"
            self.notes.append(Note(where, name, "không rõ là đơn vị hay công chức; đã ghi vào danh sách đơn vị "
                                                "(don_vi) — chuyển sang can_bo nếu là một công chức"))
        person = Person(make_code(name, {p.code for p in self.order}), name, kind)
        self.by_key[key] = person
        self.order.append(person)
        return person.code

    def known(self, name: str) -> bool:
        return lower_ascii(" ".join(name.split()).strip(" ;,.")) in self.by_key


def _kind(key: str) -> str | None:
    if key.startswith(_OFFICER_WORDS):
        return "can_bo"
    if key.startswith(_UNIT_WORDS):
        return "don_vi"
    return None


def split_names(text: str, people: People) -> list[str]:
    """Return the names in a Phối hợp cell: one a line, or separated by `;` or `,`.

    A comma inside a name already seen (`Phòng Kinh tế, Hạ tầng và Đô thị`) does not split it.
    """
    out: list[str] = []
    for line in re.split(r"[\n;]+", text):
        pieces = [p.strip(" .-–") for p in line.split(",")]
        pieces = [p for p in pieces if p]
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i + 1, -1):
                joined = ", ".join(pieces[i:j])
                if people.known(joined):
                    out.append(joined)
                    i = j
                    break
            else:
                out.append(pieces[i])
                i += 1
    return out


# -- the table --------------------------------------------------------------------------------------
_COLUMNS = (  # (key, words any of which a header cell holds), checked in this order
    ("chu_tri", ("chu tri",)),
    ("phoi_hop", ("phoi hop",)),
    ("thoi_han", ("thoi han", "thoi gian")),
    ("san_pham", ("san pham", "ket qua")),
    ("noi_dung", ("noi dung", "nhiem vu", "cong viec")),
    ("ghi_chu", ("ghi chu",)),
)
COLUMN_NAMES = {"tt": "TT", "noi_dung": "Nội dung", "chu_tri": "Chủ trì", "phoi_hop": "Phối hợp",
                "thoi_han": "Thời hạn", "san_pham": "Sản phẩm", "ghi_chu": "Ghi chú"}


def grid(row: tuple[Cell, ...]) -> list[str]:
    """Return a row's texts by grid column (a merged cell fills the columns it spans)."""
    out: list[str] = []
    for cell in row:
        out.extend([cell.text] * max(cell.span, 1))
    return out


def _column_key(text: str) -> str | None:
    folded = lower_ascii(" ".join(text.split()))
    if folded in ("tt", "stt", "so tt", "so thu tu"):
        return "tt"
    for key, words in _COLUMNS:
        if any(w in folded for w in words):
            return key
    return None


def task_columns(table: Table) -> tuple[dict[str, int], int] | None:
    """Return (column key → grid index, rows of header) when `table` is an appendix of tasks, else None."""
    columns: dict[str, int] = {}
    header_rows = 0
    for row in table.rows[:3]:
        # A header cell is short; a task whose output says "kết quả" is not a header.
        keys = [(_column_key(t) if len(t) <= 40 else None, i) for i, t in enumerate(grid(row))]
        if sum(1 for k, _ in keys if k) < 2:
            break
        header_rows += 1
        for key, i in keys:
            if key and (key not in columns or key in ("chu_tri", "phoi_hop")):
                columns.setdefault(key, i)
                if key in ("chu_tri", "phoi_hop"):
                    columns[key] = i  # "Đơn vị thực hiện" spans both: the lower row names each
    if "noi_dung" in columns and "chu_tri" in columns:
        return columns, header_rows
    return None


def group_title(row: tuple[Cell, ...], columns: dict[str, int]) -> str | None:
    """Return the title of an area row (`I | Công tác chỉ đạo …` across the row), None for a task row."""
    cells = grid(row)
    tt = cells[columns["tt"]].strip() if "tt" in columns else ""
    rest = [t for t in dict.fromkeys(c.strip() for i, c in enumerate(cells) if i != columns.get("tt")) if t]
    merged = len(row) < len(cells)
    if len(rest) == 1 and (merged or not tt or re.fullmatch(r"[IVXLC]+\.?", tt)):
        return re.sub(r"^([IVXLC]+|\d+)\.\s*", "", rest[0])
    return None


def read_tasks(table: Table, columns: dict[str, int], header_rows: int, areas: list[str],
               year: int | None, people: People, unplaced: list[Note], notes: list[Note]) -> list[TaskRow]:
    """Return the tasks of the appendix table, each under the khoản (`areas`, by title) of its group row."""
    tasks: list[TaskRow] = []
    area: int | None = None
    group_no = 0
    counts: dict[int, int] = {}
    norm_areas = [_norm(a) for a in areas]
    for r, row in enumerate(table.rows[header_rows:], start=header_rows + 1):
        cells = grid(row)
        where = f"{table.where}, dòng {r}"
        if not any(cells) or all(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in cells if c):
            continue  # empty or the "(1) (2) (3)" row some tables put under the header
        title = group_title(row, columns)
        if title is not None:
            group_no += 1
            if _norm(title) in norm_areas:
                area = norm_areas.index(_norm(title)) + 1
            elif group_no <= len(areas):
                area = group_no
                notes.append(Note(where, title, f"nhóm không trùng tên khoản nào của mục nhiệm vụ; đã xếp vào "
                                                f"khoản {area} ({areas[area - 1]}) theo thứ tự nhóm"))
            else:
                area = None
                unplaced.append(Note(where, title, "nhóm nhiệm vụ không ứng với khoản nào của mục nhiệm vụ; "
                                                   "các nhiệm vụ trong nhóm chưa được nhập"))
            continue

        def cell(key: str, cells=cells) -> str:
            return " ".join(cells[columns[key]].split()) if key in columns and columns[key] < len(cells) else ""

        content = cell("noi_dung")
        if not content:
            unplaced.append(Note(where, " | ".join(c for c in cells if c), "dòng không có nội dung nhiệm vụ"))
            continue
        if area is None:
            if group_no == 0 and areas:
                area = 1
                notes.append(Note(where, content, "bảng nhiệm vụ không chia nhóm theo lĩnh vực; các nhiệm vụ "
                                                  f"đầu tiên được xếp vào khoản 1 ({areas[0]})"))
            else:
                unplaced.append(Note(where, content, "nhiệm vụ không thuộc nhóm lĩnh vực nào"))
                continue
        for key in ("ghi_chu",):
            if cell(key):
                unplaced.append(Note(where, cell(key), f"cột “{COLUMN_NAMES[key]}” không có chỗ trong dữ liệu"))
        lead_names = split_names(cells[columns["chu_tri"]], people)
        lead = ""
        if lead_names:
            lead = people.code(lead_names[0], where)
            if len(lead_names) > 1:
                notes.append(Note(where, cell("chu_tri"), f"cột Chủ trì ghi nhiều nơi: “{lead_names[0]}” chủ trì, "
                                                          "các nơi sau được ghi là phối hợp"))
        else:
            unplaced.append(Note(where, content, "chưa ghi nơi chủ trì"))
        support = [people.code(n, where) for n in lead_names[1:]]
        raw_support = cells[columns["phoi_hop"]] if "phoi_hop" in columns else ""
        support += [people.code(n, where) for n in split_names(raw_support, people)]
        support = [s for s in dict.fromkeys(support) if s != lead]
        deadline = read_deadline(cell("thoi_han"), year)
        if deadline.error:
            unplaced.append(Note(where, cell("thoi_han") or content, deadline.error))
        elif deadline.note:
            notes.append(Note(where, cell("thoi_han"), deadline.note))
        output = cell("san_pham")
        if not output:
            unplaced.append(Note(where, content, "chưa ghi sản phẩm (cột Sản phẩm trống)"))
        counts[area] = counts.get(area, 0) + 1
        tasks.append(TaskRow(f"{area}.{counts[area]}", area, content, lead, tuple(support), deadline.value,
                             output, where))
    return tasks


def _norm(title: str) -> str:
    return lower_ascii(" ".join(re.sub(r"\*", "", title).split())).strip(" .:;")
