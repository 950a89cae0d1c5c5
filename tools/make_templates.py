#!/usr/bin/env python3
"""Generate the three docxtpl templates of kehoach (ND 30/2020/NĐ-CP layout).

    python tools/make_templates.py            # (re)write templates/*.docx
    python tools/make_templates.py --check    # exit 1 if the files on disk differ

The output is byte-for-byte deterministic: fixed core properties, no rsids,
and the zip is rewritten with a fixed timestamp and a stable member order.

Layout decisions (see shared/spec/nd30.md §1-§9, §15):
  * A4 portrait, margins 20/20/30/15 mm; appendix = A4 landscape section with
    its own page numbering (restarts at 1, first page unnumbered).
  * Times New Roman everywhere (docDefaults + every named style), colour auto,
    lang vi-VN.  All formatting lives in named paragraph styles "KH ..." so a
    clerk restyles the whole document by modifying one style in Word.
  * Template tags are always written as ONE run each (python-docx never splits).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "templates"
sys.path.insert(0, str(ROOT))
from kehoach.rules import fontmetrics, layout  # noqa: E402  (the geometry documents measure against)

# ---------------------------------------------------------------- geometry --
# All lengths in twips (1/20 pt; 1 cm = 567 twips); kehoach/rules/layout.py holds them.
PAGE_W, PAGE_H = layout.PAGE_W, layout.PAGE_H
MARGIN_TOP, MARGIN_BOTTOM = layout.MARGIN_TOP, layout.MARGIN_BOTTOM
MARGIN_LEFT, MARGIN_RIGHT = layout.MARGIN_LEFT, layout.MARGIN_RIGHT
HEADER_DIST = 567                       # 10 mm
TEXT_W, TEXT_W_LANDSCAPE = layout.TEXT_W, layout.TEXT_W_LANDSCAPE

# Header band: left 6.0 cm (issuing body, Số), right 10.5 cm (Quốc hiệu, date).
HDR_LEFT_W, HDR_RIGHT_W = layout.HDR_LEFT_W, layout.HDR_RIGHT_W
# Signature block: left 6.5 cm (Nơi nhận), right 10.0 cm (authority, name).
SIG_LEFT_W = 3685
SIG_RIGHT_W = TEXT_W - SIG_LEFT_W       # 5670
# Both borderless tables use zero left/right cell margins, so a cell's text
# width equals its column width (keeps the rule arithmetic below exact and
# puts "Nơi nhận:" flush with the left page margin).

# Rule lengths.  The motto rule is the width of the motto (PL-I II.1b), measured
# with the bundled Times New Roman widths (kehoach/rules/fontmetrics.py):
#   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" bold 13 pt = 5424 tw (9.57 cm)
#       -> fits the 10.5 cm right column on one line.
#   "Độc lập - Tự do - Hạnh phúc"        bold 14 pt = 3428 tw (6.05 cm)
# The rules under the issuing body and the trích yếu depend on the text: the
# document sets them (5/12 of the longest line, render/ruling.py); the template
# holds the lengths for "ỦY BAN NHÂN DÂN" and a one-line trích yếu of 13.2 cm.
MOTTO_RULE_W = round(fontmetrics.text_width("Độc lập - Tự do - Hạnh phúc", 14, True))
BODY_RULE_W = layout.rule_length(fontmetrics.text_width("ỦY BAN NHÂN DÂN", layout.ISSUER_PT, True))
TRICH_YEU_RULE_W = layout.rule_length(7484)
APPENDIX_RULE_W = 3118                  # 5.5 cm, under "(Kèm theo ...)"


def _side_indents(avail: int, length: int) -> tuple[int, int]:
    """Left/right indents that centre a rule of `length` in `avail` twips."""
    left = (avail - length) // 2
    return left, avail - length - left


# ----------------------------------------------------------------- styles --
FONT = "Times New Roman"
RFONTS = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
          f'w:eastAsia="{FONT}"/>')
LANG = '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'

DOC_DEFAULTS = (
    f'<w:docDefaults {nsdecls("w")}>'
    f'<w:rPrDefault><w:rPr>{RFONTS}<w:color w:val="auto"/>'
    f'<w:sz w:val="28"/><w:szCs w:val="28"/>{LANG}</w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
)


def _style_xml(sid, name, *, size=28, bold=False, italic=False, jc=None,
               first_line=None, before=0, after=0, line=240, rule="auto",
               keep_next=False, keep_lines=False, ind=None, border_top=False,
               based="Normal", next_style=None, ui=20, hidden=False):
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if keep_lines:
        ppr.append("<w:keepLines/>")
    if border_top:
        ppr.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" '
                   'w:color="auto"/></w:pBdr>')
    ppr.append(f'<w:spacing w:before="{before}" w:after="{after}" '
               f'w:line="{line}" w:lineRule="{rule}"/>')
    ind_attrs = []
    if ind:
        ind_attrs += [f'w:left="{ind[0]}"', f'w:right="{ind[1]}"']
    else:
        ind_attrs += ['w:left="0"', 'w:right="0"']
    ind_attrs.append(f'w:firstLine="{first_line or 0}"')
    ppr.append(f'<w:ind {" ".join(ind_attrs)}/>')
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    rpr = [RFONTS]
    if bold:
        rpr.append("<w:b/><w:bCs/>")
    else:
        rpr.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic:
        rpr.append("<w:i/><w:iCs/>")
    else:
        rpr.append('<w:i w:val="0"/><w:iCs w:val="0"/>')
    rpr.append('<w:color w:val="auto"/>')
    rpr.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    next_xml = f'<w:next w:val="{next_style}"/>' if next_style else ""
    hid = "<w:semiHidden/>" if hidden else ""
    return (f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" '
            f'w:styleId="{sid}"><w:name w:val="{name}"/>{based_xml}{next_xml}'
            f'<w:uiPriority w:val="{ui}"/>{hid}<w:qFormat/>'
            f'<w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{"".join(rpr)}</w:rPr></w:style>')


# A rule is an empty 1-pt paragraph whose top border is the line; 3 pt
# before it keep it clear of the descenders of the text above.
RULE = dict(size=2, line=40, rule="exact", border_top=True, jc="center",
            before=60)
_motto_ind = _side_indents(HDR_RIGHT_W, MOTTO_RULE_W)
_body_ind = _side_indents(HDR_LEFT_W, BODY_RULE_W)
_ty_ind = _side_indents(TEXT_W, TRICH_YEU_RULE_W)
_app_ind = _side_indents(TEXT_W_LANDSCAPE, APPENDIX_RULE_W)
BODY = dict(size=28, jc="both", first_line=567, before=120, line=264)

# (styleId, visible name, options).  Order = order in styles.xml.
STYLES = [
    ("KHCoQuanChuQuan", "KH Cơ quan chủ quản", dict(size=26, jc="center")),
    ("KHCoQuan", "KH Cơ quan ban hành", dict(size=26, bold=True, jc="center",
                                            keep_next=True)),
    ("KHQuocHieu", "KH Quốc hiệu", dict(size=26, bold=True, jc="center",
                                         keep_next=True)),
    ("KHTieuNgu", "KH Tiêu ngữ", dict(size=28, bold=True, jc="center",
                                       keep_next=True)),
    ("KHKeCoQuan", "KH Kẻ dưới cơ quan", dict(ind=_body_ind, **RULE)),
    ("KHKeTieuNgu", "KH Kẻ dưới tiêu ngữ", dict(ind=_motto_ind, **RULE)),
    ("KHKeTrichYeu", "KH Kẻ dưới trích yếu", dict(RULE, ind=_ty_ind, before=120, after=60)),
    ("KHKePhuLuc", "KH Kẻ dưới phụ lục", dict(RULE, ind=_app_ind, before=120, after=240)),
    ("KHSo", "KH Số ký hiệu", dict(size=26, jc="center", before=100)),
    ("KHNgay", "KH Địa danh ngày", dict(size=28, italic=True, jc="center",
                                        before=100)),
    ("KHTenLoai", "KH Tên loại", dict(size=28, bold=True, jc="center",
                                      before=360, keep_next=True)),
    ("KHTrichYeu", "KH Trích yếu", dict(size=28, bold=True, jc="center",
                                        keep_next=True)),
    ("KHKinhGui", "KH Kính gửi", dict(size=28, jc="center", before=120)),
    ("KHThan", "KH Thân", dict(BODY)),
    ("KHThanCuoi", "KH Thân cuối", dict(BODY, keep_next=True,
                                        based="KHThan")),
    ("KHMuc", "KH Mục", dict(BODY, bold=True, keep_next=True)),
    ("KHKhoan", "KH Khoản", dict(BODY, bold=True, keep_next=True)),
    ("KHTieuKhoan", "KH Tiểu khoản", dict(BODY, bold=True, italic=True, keep_next=True)),
    ("KHCachKy", "KH Cách chữ ký", dict(size=24, line=240, rule="exact",
                                        keep_next=True)),
    ("KHNoiNhan", "KH Nơi nhận", dict(size=24, bold=True, italic=True,
                                      keep_next=True)),
    ("KHNoiNhanMuc", "KH Nơi nhận mục", dict(size=22, keep_next=True)),
    ("KHChucVuKy", "KH Chức vụ ký", dict(size=28, bold=True, jc="center",
                                         keep_next=True)),
    ("KHNguoiKy", "KH Người ký", dict(size=28, bold=True, jc="center",
                                      keep_next=True)),
    ("KHPhuLucNhan", "KH Phụ lục nhãn", dict(size=28, bold=True, jc="center",
                                              keep_next=True)),
    ("KHPhuLucTieuDe", "KH Phụ lục tiêu đề", dict(size=28, bold=True,
                                                  jc="center", keep_next=True)),
    ("KHPhuLucKemTheo", "KH Phụ lục kèm theo", dict(size=28, italic=True,
                                                    jc="center",
                                                    keep_next=True)),
    ("KHBang", "KH Bảng", dict(size=24, jc="left", before=40, after=40)),
    ("KHBangGiua", "KH Bảng giữa", dict(size=24, jc="center", before=40,
                                        after=40, based="KHBang")),
    ("KHBangTieuDe", "KH Bảng tiêu đề", dict(size=24, bold=True, jc="center",
                                             before=40, after=40,
                                             based="KHBang")),
    ("KHBangNhom", "KH Bảng nhóm", dict(size=24, bold=True, jc="left",
                                        before=40, after=40, based="KHBang",
                                        keep_next=True)),
    ("KHBangNhomSo", "KH Bảng nhóm số", dict(size=24, bold=True, jc="center",
                                             before=40, after=40,
                                             based="KHBang", keep_next=True)),
    ("KHSoTrang", "KH Số trang", dict(size=28, jc="center")),
    ("KHNgatPhan", "KH Ngắt phần", dict(size=2, line=20, rule="exact")),
    ("KHLenh", "KH Lệnh mẫu", dict(size=20, ui=99)),
]
# Styles kept from python-docx's default template (everything else removed).
KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def setup_styles(doc):
    styles = doc.styles.element
    old = styles.find(qn("w:docDefaults"))
    styles.replace(old, parse_xml(DOC_DEFAULTS))
    for st in list(styles.findall(qn("w:style"))):
        if st.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(st)
    normal = styles.xpath('w:style[@w:styleId="Normal"]')[0]
    for child in normal.findall(qn("w:rPr")) + normal.findall(qn("w:pPr")):
        normal.remove(child)
    normal.append(parse_xml(
        f'<w:rPr {nsdecls("w")}>{RFONTS}<w:color w:val="auto"/>'
        f'<w:sz w:val="28"/><w:szCs w:val="28"/>{LANG}</w:rPr>'))
    for sid, name, opts in STYLES:
        styles.append(parse_xml(_style_xml(sid, name, **opts)))


# --------------------------------------------------------------- builders --
W = "{%s}" % "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def P(style, text=None, ppr_extra="", *, bold=False, italic=False):
    """A paragraph with a named style and (optionally) ONE run of text.

    `bold`/`italic` are also set on the run itself: the look ND 30 fixes for a line must
    survive a checker (or a province's tool) that reads direct formatting only.
    """
    run = ""
    if text is not None:
        t = (text.replace("&", "&amp;").replace("<", "&lt;")
             .replace(">", "&gt;"))
        rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
        rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        run = f'<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>'
    return parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/>'
                     f'{ppr_extra}</w:pPr>{run}</w:p>')


def TAG(tag):
    """A docxtpl paragraph/row tag alone in its own paragraph (one run)."""
    return P("KHLenh", tag)


def cell(width, paras, span=1, valign=None):
    # width None: the document decides ({% colspan %}) and the grid gives the cell its width. docxtpl
    # writes that gridSpan first in tcPr, where the schema wants it before everything but tcW: such a
    # cell has no tcW, and keeps a vAlign so that its tcPr is never empty.
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>' if width else ""
    valign = valign or (None if width else "top")
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if valign:
        tcpr += f'<w:vAlign w:val="{valign}"/>'
    tc = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr>{tcpr}</w:tcPr></w:tc>')
    for p in paras:
        tc.append(p)
    return tc


def row(cells, *, header=False, cant_split=True):
    trpr = ""
    if cant_split:
        trpr += "<w:cantSplit/>"
    if header:
        trpr += "<w:tblHeader/>"
    tr = parse_xml(f'<w:tr {nsdecls("w")}><w:trPr>{trpr}</w:trPr></w:tr>')
    for c in cells:
        tr.append(c)
    return tr


def table(widths, rows, *, borders):
    """Fixed-layout table; borderless (header band, signature) or single."""
    if borders:
        b = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                    for s in ("top", "left", "bottom", "right",
                              "insideH", "insideV"))
        mar = ('<w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
               '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>')
    else:
        b = "".join(f'<w:{s} w:val="nil"/>' for s in
                    ("top", "left", "bottom", "right", "insideH", "insideV"))
        mar = ('<w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
               '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
               '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{b}</w:tblBorders><w:tblLayout w:type="fixed"/>{mar}'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>')
    for r in rows:
        tbl.append(r)
    return tbl


def tag_row(widths, tag):
    """A table row holding only a docxtpl `{%tr ...%}` tag (removed at render)."""
    return row([cell(sum(widths), [TAG(tag)], span=len(widths))],
               cant_split=False)


class Body:
    def __init__(self, doc):
        self.doc = doc
        self.body = doc.element.body

    def add(self, el):
        # keep the final w:sectPr last
        self.body.insert(len(self.body) - 1, el)
        return el

    def extend(self, els):
        for el in els:
            self.add(el)


# ---------------------------------------------------------- shared pieces --
def header_band():
    left = [
        TAG("{%p if chu_quan %}"),
        P("KHCoQuanChuQuan", "{{ chu_quan }}"),
        TAG("{%p endif %}"),
        TAG("{%p for c in co_quan %}"),
        P("KHCoQuan", "{{ c }}", bold=True),
        TAG("{%p endfor %}"),
        P("KHKeCoQuan"),
    ]
    right = [
        P("KHQuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True),
        P("KHTieuNgu", "Độc lập - Tự do - Hạnh phúc", bold=True),
        P("KHKeTieuNgu"),
    ]
    widths = [HDR_LEFT_W, HDR_RIGHT_W]
    return table(widths, [
        row([cell(HDR_LEFT_W, left), cell(HDR_RIGHT_W, right)]),
        row([cell(HDR_LEFT_W, [P("KHSo", "{{ so }}")]),
             cell(HDR_RIGHT_W, [P("KHNgay", "{{ dia_danh_ngay }}", italic=True)])]),
    ], borders=False)


def title_block():
    return [
        P("KHTenLoai", "{{ ten_loai }}", bold=True),
        # Rich text: bold on every run, inline italic kept, line breaks that balance the lines.
        P("KHTrichYeu", "{{r trich_yeu }}"),
        P("KHKeTrichYeu"),
        TAG("{%p for k in kinh_gui %}"),
        P("KHKinhGui", "{{ k }}"),
        TAG("{%p endfor %}"),
    ]


def body_loop(extra_blocks=()):
    """`than` loop; extra_blocks = [(loai, [elements...]), ...]."""
    els = [
        TAG("{%p for b in than %}"),
        TAG('{%p if b.loai == "muc" %}'),
        P("KHMuc", "{{r b.noi_dung }}"),
        TAG('{%p elif b.loai == "khoan" %}'),
        P("KHKhoan", "{{r b.noi_dung }}"),
        TAG('{%p elif b.loai == "tieu_khoan" %}'),
        P("KHTieuKhoan", "{{r b.noi_dung }}"),
        # The closing paragraph keeps with the signature block, so the
        # signature never sits alone on the last page.
        TAG('{%p elif b.loai == "doan" and loop.last %}'),
        P("KHThanCuoi", "{{r b.noi_dung }}"),
        TAG('{%p elif b.loai == "doan" %}'),
        P("KHThan", "{{r b.noi_dung }}"),
    ]
    for loai, parts in [("bang", [content_table()]), *extra_blocks]:
        els.append(TAG('{%p elif b.loai == "' + loai + '" %}'))
        els.extend(parts)
    els += [TAG("{%p endif %}"), TAG("{%p endfor %}")]
    return els


def signature_block():
    left = [
        P("KHNoiNhan", "Nơi nhận:", bold=True, italic=True),
        TAG("{%p for r in noi_nhan %}"),
        P("KHNoiNhanMuc", "{{ r }}"),
        TAG("{%p endfor %}"),
    ]
    right = [
        TAG("{%p for t in tham_quyen %}"),
        P("KHChucVuKy", "{{ t }}", bold=True),
        TAG("{%p endfor %}"),
    ] + [P("KHChucVuKy") for _ in range(4)] + [
        P("KHNguoiKy", "{{ nguoi_ky }}", bold=True),
    ]
    return [
        P("KHCachKy"),
        table([SIG_LEFT_W, SIG_RIGHT_W],
              [row([cell(SIG_LEFT_W, left), cell(SIG_RIGHT_W, right)])],
              borders=False),
    ]


def content_table():
    """The table of a `bang` block: its columns, their widths and its rows come from the document.

    The table lies on a grid of layout.TABLE_GRID equal columns; each cell spans as many as the
    document says (docxtpl's `{% colspan %}`), so widths follow the content while the template
    holds no Jinja inside XML attributes (Word refuses those). The header row repeats on every
    page and no row breaks across pages.
    """
    g = layout.TABLE_GRID
    grid = [TEXT_W // g + (1 if k < TEXT_W % g else 0) for k in range(g)]

    def row_of(loop, paras, header=False):
        tags = [cell(grid[0], [TAG("{%tc for c in " + loop + " %}")]),
                cell(None, paras, span=g - 2, valign="center" if header else None),
                cell(grid[-1], [TAG("{%tc endfor %}")])]
        return row(tags, header=header)

    head = row_of("b.cot", [P("KHBangTieuDe", "{{r c.noi_dung }}{% colspan c.rong %}")], header=True)
    data = row_of("r", [
        TAG("{%p if c.giua %}"),
        P("KHBangGiua", "{{r c.noi_dung }}"),
        TAG("{%p else %}"),
        P("KHBang", "{{r c.noi_dung }}"),
        TAG("{%p endif %}{% colspan c.rong %}"),
    ])
    return table(grid, [head, tag_row(grid, "{%tr for r in b.dong %}"), data,
                        tag_row(grid, "{%tr endfor %}")], borders=True)


NOTES = [
    "TRANG HƯỚNG DẪN (chỉ có trong mẫu, không in ra văn bản)",
    "Các thẻ trong ngoặc nhọn là chỗ chương trình kehoach điền nội dung: đừng gõ lại, đừng xóa, "
    "đừng định dạng riêng một phần của thẻ. Muốn đổi phông, cỡ chữ, khoảng cách thì sửa các kiểu "
    "đoạn (style) có tên bắt đầu bằng «KH».",
    "Sửa xong, kiểm tra mẫu bằng lệnh: kehoach lint-template templates/<tên mẫu>.docx. Mẫu hỏng thì "
    "lấy lại mẫu gốc bằng lệnh: kehoach mau --khoi-phuc (bản đang dùng được giữ lại làm bản sao).",
    "Trang này còn giữ cho phần đầu của mẫu dài quá một trang: nhờ vậy khi LibreOffice lưu lại mẫu, "
    "số trang ở đầu trang 2 trở đi không bị mất.",
]


def template_notes():
    """A page only the template shows (between `{%p if false %}` tags, dropped at render)."""
    brk = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="KHLenh"/></w:pPr>'
                    '<w:r><w:br w:type="page"/></w:r></w:p>')
    return [TAG("{%p if false %}"), brk, *(P("KHThan", t) for t in NOTES), TAG("{%p endif %}")]


def grid_table(widths, heads, cells, *, loop_rows, group=False):
    """Bordered data table.

    heads: header texts; cells: [(template text, style)] per column;
    loop_rows: (for-tag, endfor-tag) around the data row;
    group: wrap in a `phu_luc.nhom` group loop with a bold merged group row.
    """
    hdr = row([cell(w, [P("KHBangTieuDe", h)], valign="center")
               for w, h in zip(widths, heads)], header=True)
    data = row([cell(w, [P(st, txt)]) for w, (txt, st) in zip(widths, cells)])
    rows = [hdr]
    if group:
        rows.append(tag_row(widths, "{%tr for g in phu_luc.nhom %}"))
        rows.append(row([
            cell(widths[0], [P("KHBangNhomSo", "{{ g.so }}")]),
            cell(sum(widths[1:]), [P("KHBangNhom", "{{ g.ten }}")],
                 span=len(widths) - 1),
        ]))
    rows.append(tag_row(widths, loop_rows[0]))
    rows.append(data)
    rows.append(tag_row(widths, loop_rows[1]))
    if group:
        rows.append(tag_row(widths, "{%tr endfor %}"))
    return table(widths, rows, borders=True)


def page_number_header(hdr):
    """Default header: centred PAGE field, 14 pt (style KH Số trang)."""
    el = hdr._element
    for child in list(el):
        el.remove(child)
    el.append(parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="KHSoTrang"/></w:pPr>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'))


def empty_header(hdr):
    el = hdr._element
    for child in list(el):
        el.remove(child)
    el.append(P("KHSoTrang"))


def setup_section(section, *, landscape=False, restart=False):
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Twips(PAGE_H), Twips(PAGE_W)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.header_distance = Twips(HEADER_DIST)
    section.footer_distance = Twips(HEADER_DIST)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True   # w:titlePg
    # fresh (unlinked) header parts for this section
    section.header.is_linked_to_previous = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = True
    section.first_page_header.is_linked_to_previous = False
    page_number_header(section.header)
    empty_header(section.first_page_header)
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:pgNumType")):
        sectPr.remove(old)
    if restart:
        pg = parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>')
        # schema order: ... pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols
        cols = sectPr.find(qn("w:cols"))
        if cols is not None:
            cols.addprevious(pg)
        else:
            sectPr.append(pg)


def appendix(b: Body, doc, widths, heads, cells):
    """New landscape section with the Phụ lục title block and task table."""
    # Section break: close the portrait section with a tiny paragraph.
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    # python-docx appended an empty paragraph carrying the previous sectPr;
    # give it a 1-pt style so it never pushes the signature to a new page.
    brk = b.body.findall(qn("w:p"))[-1]
    ppr = brk.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="KHNgatPhan"/>'))
    setup_section(sec, landscape=True, restart=True)
    b.extend([
        P("KHPhuLucNhan", "{{ phu_luc.nhan }}", bold=True),
        P("KHPhuLucTieuDe", "{{ phu_luc.tieu_de }}", bold=True),
        P("KHPhuLucKemTheo", "{{ phu_luc.kem_theo }}", italic=True),
        P("KHKePhuLuc"),
        grid_table(widths, heads, cells, group=True,
                   loop_rows=("{%tr for r in g.dong %}", "{%tr endfor %}")),
        P("KHNgatPhan"),
    ])


# -------------------------------------------------------------- templates --
PLAN_COLS = [700, 5000, 2400, 2600, 1500, 2087]             # = 14287
PLAN_HEADS = ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn",
              "Sản phẩm"]
PLAN_CELLS = [("{{ r.tt }}", "KHBangGiua"), ("{{r r.noi_dung }}", "KHBang"),
              ("{{ r.chu_tri }}", "KHBang"), ("{{ r.phoi_hop }}", "KHBang"),
              ("{{ r.thoi_han }}", "KHBangGiua"),
              ("{{r r.san_pham }}", "KHBang")]

REPORT_COLS = [700, 4400, 2400, 1400, 1300, 1800, 2287]     # = 14287
REPORT_HEADS = ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tiến độ",
                "Tình trạng", "Ghi chú"]
REPORT_CELLS = [("{{ r.tt }}", "KHBangGiua"), ("{{r r.noi_dung }}", "KHBang"),
                ("{{ r.chu_tri }}", "KHBang"),
                ("{{ r.thoi_han }}", "KHBangGiua"),
                ("{{ r.tien_do }}", "KHBangGiua"),
                ("{{ r.tinh_trang }}", "KHBang"),
                ("{{r r.ghi_chu }}", "KHBang")]

# The chart: a picture paragraph, centred, single-spaced so the picture sets the line height.
CHART_PPR = ('<w:spacing w:before="120" w:after="120" w:line="240" '
             'w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
             '<w:jc w:val="center"/>')

for _w, _t in ((PLAN_COLS, TEXT_W_LANDSCAPE), (REPORT_COLS, TEXT_W_LANDSCAPE)):
    assert sum(_w) == _t, (_w, _t)


def body_table(widths, heads, cells):
    return grid_table(widths, heads, cells,
                      loop_rows=("{%tr for r in b.dong %}", "{%tr endfor %}"))


def build(kind: str) -> bytes:
    doc = Document()
    setup_styles(doc)
    _clean_package(doc)
    sec = doc.sections[0]
    # drop python-docx's initial empty paragraph
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    setup_section(sec)
    b = Body(doc)
    b.add(header_band())
    b.extend(title_block())
    # Between the title and the body: the last paragraph of a section must stay an ordinary one
    # (LibreOffice moves a section break onto it, and a tag paragraph vanishes at render).
    b.extend(template_notes())
    if kind == "ke-hoach":
        b.extend(body_loop())
    elif kind == "bao-cao-quy":
        b.extend(body_loop([("bieu_do", [P("KHThan", "{{ bieu_do }}", CHART_PPR)])]))
    elif kind == "thong-bao-phan-cong":
        b.extend(body_loop())
    else:
        raise ValueError(kind)
    b.extend(signature_block())
    if kind == "ke-hoach":
        appendix(b, doc, PLAN_COLS, PLAN_HEADS, PLAN_CELLS)
    elif kind == "bao-cao-quy":
        appendix(b, doc, REPORT_COLS, REPORT_HEADS, REPORT_CELLS)
    else:
        b.add(P("KHNgatPhan"))
    _core_props(doc, kind)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


TITLES = {
    "ke-hoach": "Mẫu Kế hoạch (NĐ 30/2020/NĐ-CP)",
    "bao-cao-quy": "Mẫu Báo cáo kết quả thực hiện kế hoạch (NĐ 30/2020/NĐ-CP)",
    "thong-bao-phan-cong": "Mẫu Thông báo phân công (NĐ 30/2020/NĐ-CP)",
}


def _core_props(doc, kind):
    cp = doc.core_properties
    fixed = _dt.datetime(2024, 1, 1, 0, 0, 0)
    cp.author = "kehoach"
    cp.last_modified_by = "kehoach"
    cp.title = TITLES[kind]
    cp.subject = ""
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = fixed
    cp.modified = fixed


def _clean_package(doc):
    """Remove parts of python-docx's default template we do not want."""
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            part.drop_rel(rid)
    pkg = part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid)
    settings = doc.settings.element
    for tag in ("w:rsids", "w:proofState"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), "vi-VN")
        tfl.set(qn("w:eastAsia"), "vi-VN")


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for n in order:
            zi = zipfile.ZipInfo(n, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(n))
    return out.getvalue()


KINDS = ("ke-hoach", "bao-cao-quy", "thong-bao-phan-cong")


# ------------------------------------------------ công văn (Mẫu 1.5) --
# The letter kehoach writes for the register itself (a công văn đính chính, documents/correction.py):
# no type name; the trích yếu "V/v …" sits under the number in the left column (PL-I II.5b: 12-13 pt,
# upright, not bold, 6 pt below the Số line), then Kính gửi, the body, the signature. Built from the
# shared pieces above without changing them; its one style of its own is added here.
LETTER = "cong-van"
LETTER_STYLE = ("KHVv", "KH Trích yếu công văn", {"size": 24, "jc": "center", "before": 120})


def letter_band():
    """Header band of a công văn: the shared band, with the V/v line under the Số line in the left column."""
    band = header_band()
    number_cell = band.findall(qn("w:tr"))[1].findall(qn("w:tc"))[0]
    number_cell.append(P(LETTER_STYLE[0], "{{ trich_yeu }}"))
    return band


def build_letter() -> bytes:
    """Return the công văn template (Mẫu 1.5): one portrait section, page numbers from page 2."""
    doc = Document()
    setup_styles(doc)
    sid, name, opts = LETTER_STYLE
    doc.styles.element.append(parse_xml(_style_xml(sid, name, **opts)))
    _clean_package(doc)
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    setup_section(doc.sections[0])
    b = Body(doc)
    b.add(letter_band())
    b.extend([TAG("{%p for k in kinh_gui %}"), P("KHKinhGui", "{{ k }}"), TAG("{%p endfor %}")])
    b.extend(template_notes())
    b.extend(body_loop())
    b.extend(signature_block())
    b.add(P("KHNgatPhan"))
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "kehoach"
    cp.title = "Mẫu Công văn (NĐ 30/2020/NĐ-CP)"
    cp.subject = cp.comments = cp.keywords = cp.category = ""
    cp.revision = 1
    cp.created = cp.modified = _dt.datetime(2024, 1, 1, 0, 0, 0)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; fail if templates/ is out of date")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    stale = []
    builders = [(kind, lambda kind=kind: build(kind)) for kind in KINDS] + [(LETTER, build_letter)]
    for kind, make in builders:
        data = make()
        path = args.out / f"{kind}.docx"
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path}")
    if stale:
        for p in stale:
            print(f"out of date: {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
