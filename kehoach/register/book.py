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
from docx.shared import Mm, Pt, Twips

from ..render.zipout import deterministic_docx
from ..rules.fontmetrics import text_width
from ..rules.numbering import format_number
from ..rules.vn import table_date, upper
from .store import CANCELLED, Entry

COLUMN_TITLES = (
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký", "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
)
# Short names for the terminal table (the printed book keeps the decree's full headings).
SHORT_TITLES = ("Số, ký hiệu", "Ngày", "Tên loại, trích yếu", "Người ký", "Nơi nhận", "Bản lưu", "Số bản",
                "Ngày chuyển", "Ký nhận", "Ghi chú")
LINE_MM = 252.0  # a landscape A4 line between the 30 mm and 15 mm margins
CELL_MARGIN_MM = 1.0  # left and right inside each cell (Word's default 1.9 mm wastes 2 cm of a ten-column line)
CELL_PAD_MM = 2 * CELL_MARGIN_MM + 0.8  # both margins and a little room for rounding
TEXT_PT = 11
# Room a recipient needs to sign in, in a column that is empty until the document is sent (mm).
HANDWRITING_MM = {8: 22.0}
# What these columns must hold unbroken even before any row is written (a book filled in by hand).
SAMPLE_WORDS = {0: ("99/QĐ-UBND",), 1: ("15/03/2024",), 7: ("15/03/2024",)}
# How a register's line is usually shared out (the trích yếu and Nơi nhận write most), for room left over.
TYPICAL_SHARE = (1.0, 1.0, 3.0, 1.2, 2.2, 1.1, 0.6, 1.0, 1.0, 1.6)
# A column whose longest line would need more than this share of the line wraps instead of growing.
MAX_SHARE = 0.34
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


def column_widths(rows: list[tuple[str, ...]], total_mm: float = LINE_MM) -> tuple[float, ...]:
    """Return the ten column widths (mm) for the book's cells `rows`, filling `total_mm`.

    The rule of an automatic table layout (CSS 2.1 §17.5.2.2): every column gets at least its
    widest word — a heading never breaks inside a word, nor does a number or a date — and the
    room left is shared in proportion to how much more each column's longest line would need.
    Columns filled in by hand keep room to write in.
    """
    floor, natural = [], []
    for i, title in enumerate(COLUMN_TITLES):
        words = [(w, True) for w in title.split()]  # a heading wraps between its words, never inside one
        words += [(w, False) for w in SAMPLE_WORDS.get(i, ())]
        lines = [(w, True) for w in title.split()]
        for cells in rows:
            for line in cells[i].split("\n"):
                words += [(w, False) for w in line.split()]
                lines.append((line, False))
        widest_word = max(_mm(w, bold) for w, bold in words)
        floor.append(max(widest_word + CELL_PAD_MM, HANDWRITING_MM.get(i, 0.0)))
        natural.append(min(max(_mm(t, bold) for t, bold in lines) + CELL_PAD_MM, total_mm * MAX_SHARE))
    room = total_mm - sum(floor)
    if room <= 0:  # more long words than the line holds: shrink evenly (words then break)
        return tuple(w * total_mm / sum(floor) for w in floor)
    want = [max(n - f, 0.0) for n, f in zip(natural, floor)]
    if sum(want) <= room:  # everything fits on one line: what is left goes where a register usually writes most
        extra = room - sum(want)
        return tuple(f + w + extra * k / sum(TYPICAL_SHARE) for f, w, k in zip(floor, want, TYPICAL_SHARE))
    return tuple(f + room * w / sum(want) for f, w in zip(floor, want))


def _mm(text: str, bold: bool) -> float:
    return text_width(text, TEXT_PT, bold) / 56.69


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
    if not rows:
        note = _centered(document, space_before=12)
        note.add_run(f"Năm {year} sổ chưa có văn bản nào được đăng ký.").italic = True

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
    cells_of = [row_cells(entry, remarks) for entry, remarks in rows]
    widths = column_widths(cells_of)
    table = document.add_table(rows=2, cols=len(COLUMN_TITLES))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, CELL_MARGIN_MM)
    for i, heading in enumerate(COLUMN_TITLES):
        _fill(table.rows[0].cells[i], heading, bold=True, center=True)
        _fill(table.rows[1].cells[i], f"({i + 1})", center=True)
    for header in table.rows[:2]:
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
    for (entry, _), texts in zip(rows, cells_of):
        cells = table.add_row().cells
        for i, text in enumerate(texts):
            # A cancelled number keeps its row (the series stays whole), printed in italics beside its "Đã hủy".
            _fill(cells[i], text, center=i in (0, 1, 6, 7), italic=entry.state == CANCELLED)
    # Word reads the cell widths, LibreOffice the table grid: set both (whole twips, summing to the line).
    twips = [round(w * 56.69) for w in widths]
    twips[-1] += round(LINE_MM * 56.69) - sum(twips)
    for column, width in zip(table.columns, twips):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, twips):
            cell.width = Twips(width)


def _cell_margins(table, mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(mm * 56.69)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


def _fill(cell, text: str, *, bold: bool = False, center: bool = False, italic: bool = False) -> None:
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = paragraph if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(line)
        run.bold = bold
        run.italic = italic or None
        run.font.size = Pt(11)

