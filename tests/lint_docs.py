"""Build ND 30 test documents with python-docx: one clean Kế hoạch, and variants that each differ by one fault.

`build_plan(path, **changes)` writes the clean document; every keyword changes one element (see DEFAULTS).
Sizes are in points, lengths in twips.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from kehoach.rules.fontmetrics import text_width

DEFAULTS = dict(
    page=(11906, 16838),
    margins=dict(top=1134, bottom=1134, left=1701, right=850),
    normal_fonts=dict(ascii="Times New Roman", hAnsi="Times New Roman", cs="Times New Roman",
                      eastAsia="Times New Roman"),
    supervisor=None,  # e.g. "UBND HUYỆN HƯƠNG SƠN" (not bold)
    issuer=("ỦY BAN NHÂN DÂN", "XÃ SƠN GIANG"),
    issuer_bold=True,
    issuer_size=13,
    issuer_rule=True,
    national="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    national_bold=True,
    national_size=12,
    motto="Độc lập - Tự do - Hạnh phúc",
    motto_size=13,
    motto_rule="border",  # "border", "underline", None
    motto_rule_indent=1185,
    number="Số: 05/KH-UBND",
    number_size=13,
    date="Sơn Giang, ngày 05 tháng 3 năm 2024",
    date_italic=True,
    date_size=13,
    title="KẾ HOẠCH",
    title_bold=True,
    summary="Cải cách hành chính năm 2024 của xã Sơn Giang",
    summary_rule=True,
    body_align="both",
    first_line=567,
    space_before=120,
    body_size=14,
    body_run_font=None,  # font name given to one body run
    body_run_color=None,  # RGB hex given to one body run
    letters=("a", "b", "c", "d", "đ", "e", "g"),
    khoan=(1, 2, 3),
    authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    signer="Nguyễn Văn An",
    rec_head_bold=True,
    rec_head_italic=True,
    recipients=("- Thường trực Đảng ủy xã;", "- Thường trực HĐND xã;", "- Các công chức chuyên môn xã;",
                "- Lưu: VT, VP."),
    page_number="header",  # "header", None, "all-pages"
    appendix_label="Phụ lục",
    appendix_ref="tại Phụ lục kèm theo Kế hoạch này",  # how the body points to the appendix
    extra_body_paragraphs=(),
    band_widths=(3600, 5755),
    signer_page_break=False,  # push the signer's name onto the next page
)

FILLER = ("Tiếp tục nâng cao chất lượng công tác cải cách hành chính, tập trung cải cách thủ tục hành "
          "chính, nâng cao tinh thần trách nhiệm, đạo đức công vụ của đội ngũ cán bộ, công chức xã; "
          "bảo đảm giải quyết hồ sơ đúng hạn, công khai, minh bạch, tạo thuận lợi cho người dân.")


def _set_fonts(rpr, fonts: dict) -> None:
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    for k in list(rf.attrib):
        del rf.attrib[k]
    for slot, name in fonts.items():
        rf.set(qn(f"w:{slot}"), name)


def _border(paragraph, side: str = "top") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        el.set(qn(f"w:{k}"), v)
    bdr.append(el)
    ppr.append(bdr)


def _para(container, text: str = "", *, size=None, bold=None, italic=None, align=None, first_line=None,
          before=None, after=None, underline=None, font=None, color=None):
    p = container.add_paragraph()
    if text:
        r = p.add_run(text)
        if size is not None:
            r.font.size = Pt(size)
        if bold is not None:
            r.bold = bold
        if italic is not None:
            r.italic = italic
        if underline:
            r.underline = True
        if font:
            _set_fonts(r._r.get_or_add_rPr(), dict(ascii=font, hAnsi=font, cs=font))
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    if first_line is not None:
        pf.first_line_indent = Twips(first_line)
    if before is not None:
        pf.space_before = Twips(before)
    if after is not None:
        pf.space_after = Twips(after)
    return p


def _rule(container, left: int, right: int) -> None:
    p = _para(container, before=0, after=0)
    p.paragraph_format.left_indent = Twips(left)
    p.paragraph_format.right_indent = Twips(right)
    _border(p)


def _cell_width(table, widths) -> None:
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Twips(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _page_field(paragraph, size) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(size * 2))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def build_plan(path: Path, **changes) -> Path:
    """Write a Kế hoạch following ND 30 to `path`, with `changes` applied to DEFAULTS; return `path`."""
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown changes: {unknown}")
    o = {**DEFAULTS, **changes}
    doc = Document()
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), o["normal_fonts"])
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Twips(0)
    normal.paragraph_format.line_spacing = 1.0

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(o["page"][0]), Twips(o["page"][1])
    for side, v in o["margins"].items():
        setattr(sec, f"{side}_margin", Twips(v))

    center = WD_ALIGN_PARAGRAPH.CENTER
    # Header band: borderless 2-column table.
    band = doc.add_table(rows=1, cols=2)
    _no_borders(band)
    _cell_width(band, o["band_widths"])
    left, right = band.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if o["supervisor"]:
        _para(left, o["supervisor"], size=o["issuer_size"], bold=False, align=center)
    for line in o["issuer"]:
        _para(left, line, size=o["issuer_size"], bold=o["issuer_bold"], align=center)
    if o["issuer_rule"]:
        # 5/12 of the widest issuer line, centred in the cell (default cell margins 108 each side).
        rule = round(max(text_width(line, o["issuer_size"], o["issuer_bold"]) for line in o["issuer"]) * 5 / 12)
        side = (o["band_widths"][0] - 216 - rule) // 2
        _rule(left, side, side)
    _para(left, o["number"], size=o["number_size"], align=center, before=120)
    _para(right, o["national"], size=o["national_size"], bold=o["national_bold"], align=center)
    _para(right, o["motto"], size=o["motto_size"], bold=True, align=center, underline=o["motto_rule"] == "underline")
    if o["motto_rule"] == "border":
        _rule(right, o["motto_rule_indent"], o["motto_rule_indent"])
    _para(right, o["date"], size=o["date_size"], italic=o["date_italic"], align=center, before=120)

    _para(doc, before=240)
    _para(doc, o["title"], size=14, bold=o["title_bold"], align=center)
    _para(doc, o["summary"], size=14, bold=True, align=center)
    if o["summary_rule"]:
        # 4.5 cm, about 2/5 of the summary line, whatever the margins leave for the text.
        side = (o["page"][0] - o["margins"]["left"] - o["margins"]["right"] - 2555) // 2
        _rule(doc, side, side)

    def body(text, bold=None):
        p = _para(doc, text, size=o["body_size"], bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY
                  if o["body_align"] == "both" else WD_ALIGN_PARAGRAPH.LEFT,
                  first_line=o["first_line"], before=o["space_before"])
        if o["body_align"] is None:
            p.paragraph_format.alignment = None
        return p

    body("Căn cứ Kế hoạch số 12/KH-UBND ngày 29/12/2023 của Ủy ban nhân dân huyện Hương Sơn về cải cách "
         "hành chính năm 2024; Ủy ban nhân dân xã xây dựng Kế hoạch như sau:")
    body("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    body(f"{o['khoan'][0]}. Mục đích", bold=True)
    p = body(FILLER)
    if o["body_run_font"] or o["body_run_color"]:
        r = p.add_run(" Nội dung bổ sung.")
        r.font.size = Pt(o["body_size"])
        if o["body_run_font"]:
            _set_fonts(r._r.get_or_add_rPr(), dict(ascii=o["body_run_font"], hAnsi=o["body_run_font"]))
        if o["body_run_color"]:
            r.font.color.rgb = RGBColor.from_string(o["body_run_color"])
    body(f"{o['khoan'][1]}. Yêu cầu", bold=True)
    body(FILLER)
    body("II. NHIỆM VỤ TRỌNG TÂM", bold=True)
    body("1. Công tác chỉ đạo, điều hành", bold=True)
    for letter in o["letters"]:
        body(f"{letter}) {FILLER}")
    body("2. Cải cách thể chế", bold=True)
    body(FILLER)
    body(f"{o['khoan'][2]}. Cải cách thủ tục hành chính", bold=True)
    for text in o["extra_body_paragraphs"]:
        body(text)
    body("III. TỔ CHỨC THỰC HIỆN", bold=True)
    body(f"Các công chức chuyên môn căn cứ nhiệm vụ được giao {o['appendix_ref']} tổ chức "
         "thực hiện, báo cáo kết quả về Ủy ban nhân dân xã trước ngày 14 hằng quý./.")

    _para(doc)
    sig = doc.add_table(rows=1, cols=2)
    _no_borders(sig)
    _cell_width(sig, (4200, 5155))
    rec, who = sig.rows[0].cells
    rec.paragraphs[0]._p.getparent().remove(rec.paragraphs[0]._p)
    who.paragraphs[0]._p.getparent().remove(who.paragraphs[0]._p)
    _para(rec, "Nơi nhận:", size=12, bold=o["rec_head_bold"], italic=o["rec_head_italic"])
    for item in o["recipients"]:
        _para(rec, item, size=11)
    for line in o["authority"]:
        _para(who, line, size=14, bold=True, align=center)
    for _ in range(3):
        _para(who)
    name = _para(who, o["signer"], size=14, bold=True, align=center)
    name.paragraph_format.page_break_before = o["signer_page_break"]

    # Page numbers: centred PAGE field in the header, none on page 1.
    if o["page_number"]:
        sec.different_first_page_header_footer = o["page_number"] == "header"
        hp = sec.header.paragraphs[0]
        hp.alignment = center
        _page_field(hp, 14)
        if o["page_number"] == "header":
            sec.first_page_header.paragraphs[0].text = ""

    # Appendix: landscape section with its own page numbering.
    app = doc.add_section()
    app.orientation = WD_ORIENT.LANDSCAPE
    app.page_width, app.page_height = Twips(16838), Twips(11906)
    app.top_margin, app.bottom_margin = Twips(1701), Twips(850)
    app.left_margin, app.right_margin = Twips(1134), Twips(1134)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    app._sectPr.append(pg)
    _para(doc, o["appendix_label"], size=14, bold=True, align=center)
    _para(doc, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024", size=14, bold=True, align=center)
    _para(doc, "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 3 năm 2024 của Ủy ban nhân dân xã Sơn Giang)",
          size=14, italic=True, align=center)
    t = doc.add_table(rows=2, cols=3)
    for i, text in enumerate(("TT", "Nhiệm vụ", "Thời hạn")):
        t.rows[0].cells[i].text = text
    for i, text in enumerate(("1", "Rà soát thủ tục hành chính", "Hằng quý")):
        t.rows[1].cells[i].text = text
    doc.save(path)
    return path


def build_template(path: Path, paragraphs) -> Path:
    """Write a docxtpl template whose paragraphs are given as lists of run texts (a str = one run)."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for text in ([runs] if isinstance(runs, str) else runs):
            p.add_run(text)
    doc.save(path)
    return path
