"""The printed register book (Phụ lục IV, ND 30): cover page and the ten-column table, as .docx bytes.

A register kept in a system must be printed with all the book's fields and bound (spec §13.3):
cover in portrait, then a landscape A4 section whose table repeats its header rows on every page.
"""
from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..rules.numbering import format_number
from .store import Entry
from ..render.docx import deterministic_docx
from ..rules.vn import table_date, upper

COLUMNS = (  # (heading, width in mm); widths fill the 252 mm of a landscape A4 line
    ("Số, ký hiệu văn bản", 24),
    ("Ngày tháng văn bản", 22),
    ("Tên loại và trích yếu nội dung", 58),
    ("Người ký", 25),
    ("Nơi nhận văn bản", 45),
    ("Đơn vị, người nhận bản lưu", 22),
    ("Số lượng bản", 13),
    ("Ngày chuyển", 16),
    ("Ký nhận", 13),
    ("Ghi chú", 14),
)
FONT = "Times New Roman"


def row_cells(entry: Entry, remarks: str) -> tuple[str, ...]:
    """Return the ten columns of one register row as printed (also used for the terminal table)."""
    recipients = [r for r in entry.recipients if not r.startswith("Lưu:")]
    return (
        str(entry.number),
        table_date(entry.date),
        f"{entry.type_name}\n{entry.summary}",
        entry.signer,
        "\n".join(f"- {r}" for r in recipients),
        entry.copy_holder,
        str(entry.copies),
        table_date(entry.sent_date) if entry.sent_date else "",
        entry.received_by or "",
        remarks,
    )


def render_register_book(rows: list[tuple[Entry, str]], year: int, *, body: str, supervisor: str = "",
                         volume: int = 1) -> bytes:
    """Return the register book of `year` as deterministic .docx bytes.

    `rows` are the register's rows with their ghi chú, in register order; `body` the issuing
    body's full name, `supervisor` its directly supervising body ("" when none), `volume` the
    quyển số.
    """
    document = docx.Document()
    _set_font(document)
    cover = document.sections[0]
    _page(cover, landscape=False)
    _cover(document, rows, year, body, supervisor, volume)

    table_section = document.add_section()
    _page(table_section, landscape=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {year}").bold = True
    _table(document, rows)

    buf = io.BytesIO()
    document.save(buf)
    last = max((e.date for e, _ in rows), default=dt.date(year, 1, 1))
    return deterministic_docx(buf.getvalue(), last, title=f"Sổ đăng ký văn bản đi năm {year}", author=body)


def _set_font(document) -> None:
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    document.styles["Normal"].font.size = Pt(13)
    fmt = document.styles["Normal"].paragraph_format
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _centered(document, text: str = "", *, bold: bool = False, size: int = 13, space_before: int = 0):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(space_before)
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    return p


def _cover(document, rows, year: int, body: str, supervisor: str, volume: int) -> None:
    if supervisor:
        _centered(document, upper(supervisor), size=13)
    _centered(document, upper(body), bold=True, size=13)
    _centered(document, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", bold=True, size=22, space_before=180)
    _centered(document, f"Năm: {year}", bold=True, size=14, space_before=24)
    dates = [e.date for e, _ in rows]
    numbers = [e.number.number for e, _ in rows]
    first_date, last_date = (table_date(min(dates)), table_date(max(dates))) if dates else ("…", "…")
    first_no, last_no = (format_number(min(numbers)), format_number(max(numbers))) if numbers else ("…", "…")
    _centered(document, f"Từ ngày {first_date} đến ngày {last_date}", size=14, space_before=60)
    _centered(document, f"Từ số {first_no} đến số {last_no}", size=14, space_before=6)
    _centered(document, f"Quyển số: {volume:02d}", size=14, space_before=6)


def _table(document, rows) -> None:
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, (heading, _) in enumerate(COLUMNS):
        _fill(table.rows[0].cells[i], heading, bold=True, center=True)
        _fill(table.rows[1].cells[i], f"({i + 1})", center=True)
    for header in table.rows[:2]:
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
    for entry, remarks in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row_cells(entry, remarks)):
            _fill(cells[i], text, center=i in (0, 1, 6, 7))
    # Word reads the cell widths, LibreOffice the table grid: set both.
    for column, (_, width) in zip(table.columns, COLUMNS):
        column.width = Mm(width)
    for row in table.rows:
        for cell, (_, width) in zip(row.cells, COLUMNS):
            cell.width = Mm(width)


def _fill(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = paragraph if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(line)
        run.bold = bold
        run.font.size = Pt(11)

