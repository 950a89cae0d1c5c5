"""Documents a clerk makes in Word, built with python-docx for the intake tests: a one-page Quyết định of
the Chairman (Căn cứ lines, Điều 1/2/3), a công văn with V/v and Kính gửi, and a sloppy công văn.

Each is drafted the way ND 30's samples are (Phụ lục III, Mẫu 1.2 and 1.5): number and day left blank
for the Văn thư. The builders split the Số and date lines over several runs on purpose, as Word does
after a clerk edits them, so the intake's stamping cannot rely on one run per line.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips
from lint_docs import _cell_width, _no_borders, _page_field, _rule, _set_fonts

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
BLANK = "      "

QD_BASES = (
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
     "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"),
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật Thi đua, khen thưởng;"),
    "Theo đề nghị của công chức Văn phòng - Thống kê.",
)
QD_ARTICLES = (
    ("Điều 1. ", ("Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 03 tập thể và 05 cá nhân đã có thành "
                  "tích xuất sắc trong thực hiện công tác cải cách hành chính năm 2023 (có danh sách kèm theo).")),
    ("Điều 2. ", ("Tiền thưởng kèm theo Giấy khen thực hiện theo quy định hiện hành, trích từ Quỹ thi đua, "
                  "khen thưởng của xã năm 2024.")),
    ("Điều 3. ", ("Quyết định này có hiệu lực kể từ ngày ký. Công chức Văn phòng - Thống kê, công chức Tài chính "
                  "- Kế toán, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")),
)
CV_BODY = (
    ("Thực hiện Kế hoạch số 01/KH-UBND ngày 15/3/2024 của Ủy ban nhân dân xã về cải cách hành chính năm 2024, "
     "Ủy ban nhân dân xã tổ chức Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2024 như sau:"),
    "1. Thời gian: 08 giờ 00 phút, ngày 28 tháng 6 năm 2024.",
    "2. Địa điểm: Hội trường Ủy ban nhân dân xã.",
    "3. Thành phần: các công chức chuyên môn xã; Trưởng thôn các thôn.",
    ("Đề nghị các công chức chuẩn bị báo cáo kết quả thực hiện nhiệm vụ được giao, gửi về Văn phòng Ủy ban "
     "nhân dân xã trước ngày 25 tháng 6 năm 2024 để tổng hợp./."),
)


def _para(container, runs=(), *, size=14, align=None, first_line=None, before=None, after=None,
          line=None):
    """Add a paragraph of `runs` — (text, bold, italic) tuples or plain strings — and return it."""
    p = container.add_paragraph()
    for run in runs:
        text, bold, italic = (run, None, None) if isinstance(run, str) else run
        r = p.add_run(text)
        r.font.size = Pt(size)
        if bold is not None:
            r.bold = bold
        if italic is not None:
            r.italic = italic
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    if first_line is not None:
        pf.first_line_indent = Twips(first_line)
    if before is not None:
        pf.space_before = Twips(before)
    if after is not None:
        pf.space_after = Twips(after)
    if line is not None:
        pf.line_spacing = line
    return p


def _table(doc, widths):
    t = doc.add_table(rows=1, cols=len(widths))
    _no_borders(t)
    _cell_width(t, widths)
    for cell in t.rows[0].cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return t.rows[0].cells


def _page_numbers(doc) -> None:
    """Centred PAGE field in the header from page 2 (page 1 has its own, empty header)."""
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    p = sec.header.paragraphs[0]
    p.alignment = CENTER
    _page_field(p, 14)
    sec.first_page_header.paragraphs[0].text = ""


def more_articles(n: int) -> tuple[tuple[str, str], ...]:
    """Return the decision's articles with `n` more in the middle (each about three lines)."""
    extra = tuple((f"Điều {3 + i}. ", ("Giao công chức Văn phòng - Thống kê theo dõi, đôn đốc việc thực hiện, tổng "
                   "hợp kết quả, báo cáo Chủ tịch Ủy ban nhân dân xã theo quy định hiện hành của pháp luật về thi "
                   "đua, khen thưởng.")) for i in range(n))
    last = (f"Điều {3 + n}. ", QD_ARTICLES[2][1])
    return QD_ARTICLES[:2] + extra + (last,)


def _document(font: str, margins=(1134, 1134, 1701, 850)):
    doc = Document()
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), font))
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Twips(0)
    normal.paragraph_format.line_spacing = 1.0
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Twips(m) for m in margins)
    core = doc.core_properties
    core.author = "Văn phòng UBND xã"
    import datetime as dt
    core.created = core.modified = dt.datetime(2024, 3, 28, 8, 30)
    return doc


def _header(doc, *, number_code: str, month: str, vv: str | None = None, vv_bold=False, date_italic=True):
    left, right = _table(doc, (3600, 5755))
    _para(left, [("ỦY BAN NHÂN DÂN", True, None)], size=13, align=CENTER)
    _para(left, [("XÃ SƠN GIANG", True, None)], size=13, align=CENTER)
    _rule(left, 1150, 1150)
    # "Số:" and the blank and the ký hiệu in three runs, as Word leaves them after an edit.
    _para(left, ["Số:", BLANK, f"/{number_code}"], size=13, align=CENTER, before=120)
    if vv is not None:
        _para(left, [(vv, vv_bold, None)], size=12, align=CENTER, before=120)
    _para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, None)], size=12, align=CENTER)
    _para(right, [("Độc lập - Tự do - Hạnh phúc", True, None)], size=13, align=CENTER)
    _rule(right, 1185, 1185)
    _para(right, [("Sơn Giang, ngày", None, date_italic), (BLANK, None, date_italic),
                  (f"tháng {month} năm 2024", None, date_italic)], size=13, align=CENTER, before=120)


def _signature(doc, recipients, authority, name):
    _para(doc, size=12)
    rec, who = _table(doc, (4200, 5155))
    _para(rec, [("Nơi nhận:", True, True)], size=12)
    for item in recipients:
        _para(rec, [item], size=11)
    for line in authority:
        _para(who, [(line, True, None)], size=14, align=CENTER)
    for _ in range(3):
        _para(who, size=14)
    _para(who, [(name, True, None)], size=14, align=CENTER)


def build_decision(path: Path, *, month: str = "4", summary: str = "Về việc khen thưởng thành tích cải cách "
                   "hành chính năm 2023", articles=QD_ARTICLES, bases_italic: bool = True,
                   page_numbers: bool = False) -> Path:
    """Write a one-page Quyết định of the Chairman (Mẫu 1.2), number and day blank; return `path`.

    `articles` are (label, text) pairs; more of them make the decision run onto a second page.
    """
    doc = _document("Times New Roman")
    _header(doc, number_code="QĐ-UBND", month=month)
    _para(doc, [("QUYẾT ĐỊNH", True, None)], align=CENTER, before=360)
    _para(doc, [(summary, True, None)], align=CENTER)
    _rule(doc, 3400, 3400)
    _para(doc, [("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SƠN GIANG", True, None)], align=CENTER, before=240, after=120)
    for basis in QD_BASES:
        _para(doc, [(basis, None, bases_italic)], align=JUSTIFY, first_line=567, before=120)
    _para(doc, [("QUYẾT ĐỊNH:", True, None)], align=CENTER, before=240, after=120)
    for head, text in articles:
        _para(doc, [(head, True, None), text], align=JUSTIFY, first_line=567, before=120)
    _signature(doc, ("- Như Điều 3;", "- Thường trực Đảng ủy xã;", "- Lưu: VT, VP."), ("CHỦ TỊCH",),
               "Nguyễn Đức Thắng")
    if page_numbers:
        _page_numbers(doc)
    doc.save(path)
    return path


def build_letter(path: Path, *, month: str = "6",
                 vv: str = "V/v tổ chức Hội nghị sơ kết cải cách hành chính 6 tháng đầu năm 2024") -> Path:
    """Write a công văn (Mẫu 1.5) with V/v, Kính gửi and a deputy's signature; return `path`."""
    doc = _document("Times New Roman")
    _header(doc, number_code="UBND-VP", month=month, vv=vv)
    _para(doc, [("Kính gửi: Các công chức chuyên môn Ủy ban nhân dân xã.", None, None)], align=CENTER,
          before=360, after=120)
    for text in CV_BODY:
        _para(doc, [text], align=JUSTIFY, first_line=567, before=120)
    _signature(doc, ("- Như trên;", "- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Lưu: VT, VP."),
               ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Trần Văn Bình")
    doc.save(path)
    return path


def build_sloppy_letter(path: Path) -> Path:
    """Write a công văn with the faults a hurried clerk makes: Arial, narrow left margin, bold V/v,
    ragged body, no `Lưu: VT`; return `path`."""
    doc = _document("Arial", margins=(1134, 1134, 1134, 850))
    _header(doc, number_code="UBND-VP", month="6", vv="V/v tổ chức Hội nghị sơ kết", vv_bold=True,
            date_italic=False)
    _para(doc, [("Kính gửi: Các công chức chuyên môn xã.", None, None)], align=CENTER, before=360)
    for text in CV_BODY:
        _para(doc, [text], size=12, align=None, first_line=None, before=0)
    _signature(doc, ("- Như trên;", "- Chủ tịch UBND xã"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Trần Văn Bình")
    doc.save(path)
    return path
