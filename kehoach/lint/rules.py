"""The ND 30 format rules: each a small function over the located document that yields `Finding`s.

Rule ids follow the checklist of shared/spec/nd30.md §15 (plus DATE-1 for district bodies after the
2025 reform); sizes are checked as the ranges the decree allows, never as one sample value.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from ..rules.district import ABOLISHED, DISTRICT
from ..rules.doc_types import COPY_CODES, TYPE_NAMES
from ..rules.fontmetrics import text_width
from ..rules.header_lines import DATE_DRAFT, DATE_ISSUED, NUMBER_DRAFT, NUMBER_ISSUED
from .findings import ERROR, INFO, WARNING, Finding, Pending, snippet
from .ooxml import Document, Line, Paragraph
from .pages import estimated_pages
from .structure import AUTHORITY, MOTTO, NATIONAL_NAMES, Parts, is_rule_para, norm_spelling, type_code_of

FONT = "Times New Roman"
A4 = (11906, 16838)
TOL = 2  # twips of rounding accepted on page size and margins
MARGINS = {"top": (1134, 1417), "bottom": (1134, 1417), "left": (1701, 1984), "right": (850, 1134)}
MARGIN_NAMES = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
FIRST_LINE = (567, 720)
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]
# The page estimate (pages.py) is within a few percent of LibreOffice's count: above SURE the document
# surely runs onto a second page, between UNSURE and SURE it may.
PAGES_SURE, PAGES_UNSURE = 1.05, 0.97
# PL-I II.2b, II.5b: the rules under the issuing body and the trích yếu are 1/3–1/2 of the text line;
# one percent either side absorbs rounding to whole twips.
RULE_SHARE = (1 / 3 - 0.01, 1 / 2 + 0.01)

LUU_LINE = re.compile(r"^- Lưu: VT(, .+)?\.$")
DRAFTER_LINE = re.compile(r"^[A-ZĐ]{1,6}\.?\s?\(\d+\)\.?$")
MUC = re.compile(r"^([IVXLC]+)\.\s")
KHOAN = re.compile(r"^(\d+)\.\s")
DIEU = re.compile(r"^Điều (\d+)\.\s")
TIEU_KHOAN = re.compile(r"^(\d+)\.(\d+)\.\s")
DIEM = re.compile(r"^([a-zđ])\)\s")
APPENDIX_LABEL = re.compile(r"^ph[ụỤ] l[ụỤ]c\b", re.IGNORECASE)


_snippet = lru_cache(maxsize=256)(snippet)  # several findings often land on one paragraph


def realize(pending: Pending) -> Finding:
    """Return the finding a `Pending` stands for, located as `_at` locates it."""
    (rule, severity, message, found, required), _, where = pending
    return _at(rule, severity, where, message, found, required)


def _at(rule: str, severity: str, where: Line | Paragraph | None, message: str,
        found: str = "", required: str = "") -> Finding:
    if where is None:
        return Finding(rule, severity, message, found, required)
    para = where.para if isinstance(where, Line) else where
    text = where.text
    if para.index == 0:
        return Finding(rule, severity, message, found, required, None, "(đầu trang) " + _snippet(text))
    return Finding(rule, severity, message, found, required, para.index, _snippet(text))


def _size_problem(line: Line, lo: float, hi: float) -> str | None:
    """Return the found sizes as text when any inked run of `line` is outside [lo, hi] points."""
    sizes = {10.0 if s is None else s for s in line.sizes}
    if sizes and all(lo <= s <= hi for s in sizes):
        return None
    if not sizes:
        return None
    return ", ".join(f"{s:g}" for s in sorted(sizes)) + " pt"


def _rng(lo: float, hi: float) -> str:
    return f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"


def _style_checks(rule: str, line: Line | None, what: str, lo: float, hi: float, *,
                  bold: bool | None = None, italic: bool | None = None, upper: bool | None = None,
                  center: bool = False) -> Iterator[Finding]:
    """Yield findings for the common case/size/bold/italic/alignment demands of one element."""
    if line is None or not line.text:
        return
    bad = _size_problem(line, lo, hi)
    if bad:
        yield _at(rule, ERROR, line, f"{what}: cỡ chữ không đúng", bad, _rng(lo, hi))
    if bold is not None and line.all("bold") is not bold:
        yield _at(rule, ERROR, line, f"{what}: {'phải in đậm' if bold else 'không được in đậm'}",
                  "in đậm" if line.all("bold") else ("đậm một phần" if line.all("bold") is None else "chữ thường (không đậm)"),
                  "in đậm" if bold else "không đậm")
    if italic is not None and line.all("italic") is not italic:
        yield _at(rule, ERROR, line, f"{what}: {'phải in nghiêng' if italic else 'phải là chữ đứng'}",
                  "nghiêng" if line.all("italic") else ("nghiêng một phần" if line.all("italic") is None else "đứng"),
                  "nghiêng" if italic else "đứng")
    if upper is not None:
        text = line.text
        is_upper = text == text.upper() or line.all("caps") is True
        if upper and not is_upper:
            yield _at(rule, ERROR, line, f"{what}: phải viết in hoa", text, text.upper())
        if upper is False and is_upper and any(c.isalpha() for c in text):
            yield _at(rule, ERROR, line, f"{what}: không được viết toàn chữ in hoa", text, "chữ thường, viết hoa chữ đầu")
    if center and line.para.fmt.align not in ("center",):
        yield _at(rule, ERROR, line, f"{what}: phải căn giữa", _align_name(line.para.fmt.align), "căn giữa")


def _align_name(jc: str | None) -> str:
    return {"both": "căn đều hai bên", "center": "căn giữa", "right": "căn phải", "end": "căn phải",
            "left": "căn trái", "start": "căn trái", None: "căn trái (mặc định)"}.get(jc, jc or "")


# ---------------------------------------------------------------- page & font

def check_page(doc: Document, parts: Parts) -> Iterator[Finding]:
    for sec in doc.sections:
        where = f"mục trang (section) {sec.index + 1}"
        w, h = sec.width, sec.height
        if w is None or h is None:
            yield Finding("PAGE-1", ERROR, f"{where}: không khai báo khổ giấy", "không rõ", "A4 (210 × 297 mm)")
            continue
        portrait = abs(w - A4[0]) <= 20 and abs(h - A4[1]) <= 20
        landscape = abs(w - A4[1]) <= 20 and abs(h - A4[0]) <= 20
        if not (portrait or landscape):
            yield Finding("PAGE-1", ERROR, f"{where}: khổ giấy không phải A4",
                          f"{w / 56.69:.0f} × {h / 56.69:.0f} mm", "A4 (210 × 297 mm)")
            continue
        if landscape and not sec.has_table:
            yield Finding("PAGE-1", WARNING, f"{where}: trang nằm ngang nhưng không chứa bảng biểu",
                          "A4 nằm ngang", "A4 đứng (chỉ để ngang cho bảng, phụ lục)")
        yield from _check_margins(sec, where, landscape)


def _check_margins(sec, where: str, landscape: bool) -> Iterator[Finding]:
    m = sec.margins

    def ok(assign: dict) -> bool:
        return all(m.get(side) is not None and lo - TOL <= m[side] <= hi + TOL
                   for side, (lo, hi) in assign.items())

    if ok(MARGINS):
        return
    if landscape:
        # A landscape page may keep the binding edge on the left or turn it to the top/bottom.
        turned1 = {"top": MARGINS["left"], "bottom": MARGINS["right"], "left": MARGINS["top"], "right": MARGINS["bottom"]}
        turned2 = {"top": MARGINS["right"], "bottom": MARGINS["left"], "left": MARGINS["top"], "right": MARGINS["bottom"]}
        if ok(turned1) or ok(turned2):
            return
    for side, (lo, hi) in MARGINS.items():
        v = m.get(side)
        if v is None or not (lo - TOL <= v <= hi + TOL):
            found = "không đặt" if v is None else f"{v / 56.69:.1f} mm"
            yield Finding("PAGE-2", ERROR, f"{where}: {MARGIN_NAMES[side]} ngoài khoảng cho phép",
                          found, f"{lo / 56.69:.0f}–{hi / 56.69:.0f} mm")


def check_fonts(doc: Document, parts: Parts) -> Iterator[Finding]:
    paras = list(doc.paragraphs)
    for sec in doc.sections:
        for hdr in sec.headers.values():
            paras.extend(hdr)
    seen_hdr = set()
    judged: dict[tuple, list[tuple]] = {}  # the formats of a paragraph's inked runs -> its faults
    for p in paras:
        if id(p) in seen_hdr:
            continue
        seen_hdr.add(id(p))
        fmts = [run.fmt for run in p.runs if run.text.strip()]
        key = tuple(map(id, fmts))
        faults = judged.get(key)
        if faults is None:
            faults = judged[key] = _font_faults(fmts)
        for fault in faults:
            yield (fault, p.index or None, p)


def _font_faults(fmts: list) -> list[tuple]:
    """Return the faults (rule, severity, message, found, required) of run formats `fmts`' fonts and colours."""
    fonts_bad: dict = {}
    colours_bad = set()
    for fmt in fmts:
        for slot in ("ascii", "hAnsi", "cs"):
            name = fmt.fonts.get(slot)
            if slot == "cs" and not name:
                continue  # complex-script slot unset: never used for Vietnamese text
            if (name or "").strip().casefold() != FONT.casefold():
                fonts_bad.setdefault(name or "không đặt", set()).add(slot)
        c = (fmt.color or "auto").lower()
        if c not in ("auto", "000000"):
            colours_bad.add(c)
    faults = [("FONT-1", ERROR, "phông chữ không phải Times New Roman", f"{name} (ô {', '.join(sorted(slots))})",
               FONT) for name, slots in fonts_bad.items()]
    faults += [("FONT-1", ERROR, "màu chữ không phải màu đen", f"#{c}", "đen (auto/000000)")
               for c in sorted(colours_bad)]
    return faults


# ---------------------------------------------------------------- header band

def check_header(doc: Document, parts: Parts) -> Iterator[Finding]:
    if parts.national is None:
        yield Finding("HDR-2", ERROR, "không tìm thấy Quốc hiệu ở đầu văn bản", "không có",
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        return
    yield from _check_band_layout(parts)
    yield from _check_national(parts)
    yield from _check_motto(doc, parts)
    yield from _check_issuer(doc, parts)
    yield from _check_number(parts)
    yield from _check_date(parts)
    if parts.subject_cv is not None:
        yield from _style_checks("TTL-2", parts.subject_cv, "trích yếu công văn (V/v)", 12, 13, bold=False, italic=False)


def _check_band_layout(parts: Parts) -> Iterator[Finding]:
    qh = parts.national
    if parts.band_table is None:
        yield _at("HDR-1", WARNING, qh, "phần đầu văn bản không trình bày bằng bảng hai cột: không kiểm tra được "
                  "vị trí trái/phải", "đoạn văn liền nhau", "bảng 2 cột không viền (như mẫu Phụ lục III)")
        if parts.number is not None and parts.date is not None and parts.number.para is not parts.date.para:
            yield _at("HDR-1", ERROR, parts.number, "số, ký hiệu và địa danh, ngày tháng không cùng một dòng",
                      "hai dòng khác nhau", "cùng một dòng")
        return
    ids_left = {id(x) for x in parts.left}
    ids_right = {id(x) for x in parts.right}
    for line, side, what in ((parts.number, ids_left, "Số, ký hiệu"), (parts.date, ids_right, "địa danh, ngày tháng"),
                             (parts.motto, ids_right, "Tiêu ngữ")):
        if line is not None and id(line) not in side:
            yield _at("HDR-1", ERROR, line, f"{what} đặt sai cột của phần đầu văn bản",
                      "cột phải" if side is ids_left else "cột trái", "cột trái" if side is ids_left else "cột phải")
    for line in parts.body_names:
        if id(line) not in ids_left:
            yield _at("HDR-1", ERROR, line, "tên cơ quan ban hành phải ở cột trái", "cột phải", "cột trái")
    n, d = parts.number, parts.date
    if n is not None and d is not None and n.para.table is not None and d.para.table is not None:
        if (n.para.table, n.para.row) != (d.para.table, d.para.row):
            yield _at("HDR-1", ERROR, n, "số, ký hiệu và địa danh, ngày tháng không cùng một dòng",
                      "khác hàng của bảng", "cùng hàng")
    if n is None:
        yield _at("HDR-5", ERROR, qh, "không tìm thấy dòng «Số:» trong phần đầu văn bản", "không có", "Số: 05/KH-UBND")
    if d is None:
        yield _at("HDR-7", ERROR, qh, "không tìm thấy dòng địa danh, ngày tháng năm", "không có",
                  "Sơn Giang, ngày 05 tháng 3 năm 2024")


def _check_national(parts: Parts) -> Iterator[Finding]:
    line = parts.national
    text = " ".join(line.text.split())
    if text not in NATIONAL_NAMES and not (line.all("caps") and text.upper() in NATIONAL_NAMES):
        yield _at("HDR-2", ERROR, line, "Quốc hiệu viết sai", text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    yield from _style_checks("HDR-2", line, "Quốc hiệu", 12, 13, bold=True, italic=False)


def _rule_below(doc: Document, line: Line) -> tuple[str, int | None]:
    """Return (kind, length in twips or None) of the line drawn under `line`, kind '' when none."""
    p = line.para
    if p.fmt.border_bottom:
        return "viền dưới", _para_width(doc, p)
    nxt = doc.paragraphs[p.index] if p.index < len(doc.paragraphs) else None
    if nxt is not None and (nxt.table, nxt.row, nxt.col) == (p.table, p.row, p.col) and is_rule_para(nxt):
        if nxt.has_drawing:
            return "hình vẽ", None
        return "đường kẻ", _para_width(doc, nxt)
    if p.has_drawing:
        return "hình vẽ", None
    if line.all("underline"):
        return "gạch chân", None
    return "", None


def _para_width(doc: Document, p: Paragraph) -> int | None:
    if p.table is not None:
        if not p.cell_width:
            return None
        width = p.cell_width - 216  # default cell margins 0.19 cm each side
    else:
        width = doc.sections[min(p.section, len(doc.sections) - 1)].text_width if doc.sections else 9071
    return width - p.fmt.left - p.fmt.right


def _line_width(line: Line, limit: int | None = None) -> float:
    """Printed width of `line`, run by run in each run's face and size (Times New Roman widths)."""
    runs = list(line.runs)
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    w = 0.0
    for k, run in enumerate(runs):
        text = run.text
        if k == 0:
            text = text.lstrip()
        if k == len(runs) - 1:
            text = text.rstrip()
        w += text_width(text, run.fmt.size or 10.0, run.fmt.bold, run.fmt.italic)
    return min(w, limit) if limit else w


def _check_motto(doc: Document, parts: Parts) -> Iterator[Finding]:
    line = parts.motto
    if line is None:
        yield _at("HDR-3", ERROR, parts.national, "thiếu Tiêu ngữ dưới Quốc hiệu", "không có", MOTTO)
        return
    text = " ".join(line.text.split())
    if text != MOTTO:
        if text.upper() == text:
            msg = "Tiêu ngữ không được viết toàn chữ in hoa"
        elif text.replace(" ", "") == MOTTO.replace(" ", "") or re.sub(r"\s*[-–—]\s*", " - ", text) == MOTTO:
            msg = "Tiêu ngữ: các cụm từ phải nối bằng gạch nối có cách chữ hai bên (« - »)"
        else:
            msg = "Tiêu ngữ viết sai"
        yield _at("HDR-3", ERROR, line, msg, text, MOTTO)
    elif line.all("caps"):
        yield _at("HDR-3", ERROR, line, "Tiêu ngữ không được viết toàn chữ in hoa", "định dạng chữ hoa (caps)", MOTTO)
    yield from _style_checks("HDR-3", line, "Tiêu ngữ", 13, 14, bold=True, italic=False)
    kind, length = _rule_below(doc, line)
    if not kind:
        yield _at("HDR-3", ERROR, line, "thiếu đường kẻ ngang dưới Tiêu ngữ", "không có",
                  "đường kẻ liền, dài bằng dòng Tiêu ngữ")
    elif length is not None:
        text_w = _line_width(line)
        ratio = length / text_w if text_w else 1
        if not 0.85 <= ratio <= 1.2:
            yield _at("HDR-3", WARNING, line, "đường kẻ dưới Tiêu ngữ không dài bằng dòng chữ",
                      f"{length / 567:.1f} cm (chữ khoảng {text_w / 567:.1f} cm)", "bằng độ dài dòng Tiêu ngữ")


def _check_issuer(doc: Document, parts: Parts) -> Iterator[Finding]:
    if parts.supervisor is not None:
        yield from _style_checks("HDR-4", parts.supervisor, "tên cơ quan chủ quản", 12, 13, bold=False,
                                 italic=False, upper=True)
    if not parts.body_names:
        yield _at("HDR-4", ERROR, parts.national, "không tìm thấy tên cơ quan ban hành", "không có",
                  "ỦY BAN NHÂN DÂN / XÃ …")
        return
    for line in parts.body_names:
        yield from _style_checks("HDR-4", line, "tên cơ quan ban hành", 12, 13, bold=True, italic=False, upper=True)
    last = parts.body_names[-1]
    kind, length = _rule_below(doc, last)
    if not kind:
        yield _at("HDR-4", ERROR, last, "thiếu đường kẻ ngang dưới tên cơ quan ban hành", "không có",
                  "đường kẻ liền, dài 1/3–1/2 dòng chữ")
    elif kind == "gạch chân":
        yield _at("HDR-4", WARNING, last, "dùng gạch chân thay cho đường kẻ dưới tên cơ quan ban hành",
                  "gạch chân cả dòng", "đường kẻ riêng dài 1/3–1/2 dòng chữ")
    elif length is not None:
        text_w = max(_line_width(ln, _para_width(doc, ln.para)) for ln in parts.body_names)
        ratio = length / text_w if text_w else 0.4
        if not RULE_SHARE[0] <= ratio <= RULE_SHARE[1]:
            yield _at("HDR-4", WARNING, last, "đường kẻ dưới tên cơ quan ban hành phải dài 1/3–1/2 dòng chữ",
                      f"{length / 567:.1f} cm, bằng {ratio:.0%} dòng chữ", "1/3–1/2 dòng chữ")


def _check_number(parts: Parts) -> Iterator[Finding]:
    line = parts.number
    if line is None:
        return
    raw = line.text.replace("\u00a0", " ")
    m = NUMBER_ISSUED.match(raw)
    d = NUMBER_DRAFT.match(raw)
    if m:
        code = m.group(2)
    elif d:
        code = d.group(1)
    else:
        code = None
        hint = "Số: 05/KH-UBND (số dưới 10 thêm 0, sau «Số» có dấu hai chấm, ký hiệu không có cách chữ)"
        yield _at("HDR-5", ERROR, line, "số, ký hiệu văn bản viết sai quy cách", raw, hint)
    yield from _style_checks("HDR-5", line, "số, ký hiệu", 13, 13, bold=False, italic=False)
    if code is None:
        return
    first = code.split("-")[0]
    if parts.title is not None:
        expected = type_code_of(parts.title.text)
        if first not in TYPE_NAMES and first not in COPY_CODES:
            yield _at("HDR-6", ERROR, line, f"chữ viết tắt tên loại «{first}» không có trong Phụ lục III",
                      first, expected or "KH, BC, TB, QĐ …")
        elif expected and first != expected:
            yield _at("HDR-6", ERROR, line, "chữ viết tắt tên loại không khớp tên loại văn bản",
                      first, f"{expected} ({parts.title.text})")
    elif parts.subject_cv is not None and first in TYPE_NAMES:
        yield _at("HDR-6", WARNING, line, "công văn không ghi chữ viết tắt tên loại trong ký hiệu",
                  first, "Số: 15/UBND-VP")


def document_date(parts: Parts) -> dt.date | None:
    """Return the date of the place-date line (day 1 for a draft's blank day), or None."""
    if parts.date is None:
        return None
    text = " ".join(parts.date.text.split())
    m = DATE_ISSUED.match(text)
    try:
        if m:
            return dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        d = DATE_DRAFT.match(parts.date.text.strip())
        if d:
            return dt.date(int(d.group(3)), int(d.group(2)), 1)
    except ValueError:
        return None
    return None


def _check_date(parts: Parts) -> Iterator[Finding]:
    line = parts.date
    if line is None:
        return
    raw = line.text.replace("\u00a0", " ")
    text = " ".join(raw.split())
    m = DATE_ISSUED.match(text)
    draft = DATE_DRAFT.match(raw.strip())
    if m:
        try:
            dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        except ValueError:
            yield _at("HDR-7", ERROR, line, "ngày tháng không có thật", text, "ngày có trong lịch")
    elif draft:
        yield _at("HDR-7", INFO, line, "bản dự thảo: ngày ban hành còn để trống (Văn thư ghi khi ban hành)",
                  text, "ngày DD tháng M năm YYYY")
    else:
        yield _at("HDR-7", ERROR, line, "dòng địa danh, ngày tháng viết sai quy cách", text,
                  "Sơn Giang, ngày 05 tháng 3 năm 2024 (ngày dưới 10 và tháng 1, 2 thêm số 0; tháng 3–12 không thêm)")
    yield from _style_checks("HDR-7", line, "địa danh, ngày tháng", 13, 14, bold=False, italic=True)
    if parts.number is not None and NUMBER_DRAFT.match(parts.number.text.replace("\u00a0", " ")):
        yield _at("HDR-5", INFO, parts.number, "bản dự thảo: số văn bản còn để trống (Văn thư ghi khi ban hành)",
                  parts.number.text, "Số: <số>/" + parts.number.text.split("/", 1)[-1].strip())


# ---------------------------------------------------------------- title

def check_title(doc: Document, parts: Parts) -> Iterator[Finding]:
    if parts.title is None:
        if parts.subject_cv is None and parts.national is not None:
            yield _at("TTL-1", ERROR, parts.national, "không tìm thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO …) "
                      "hay trích yếu «V/v …» của công văn", "không có", "tên loại in hoa, đậm, căn giữa")
        return
    t = parts.title
    yield from _style_checks("TTL-1", t, "tên loại văn bản", 13, 14, bold=True, italic=False, upper=True, center=True)
    if not parts.summary:
        yield _at("TTL-1", WARNING, t, "không thấy trích yếu nội dung dưới tên loại", "không có",
                  "trích yếu chữ thường, đậm, căn giữa")
        return
    for line in parts.summary:
        yield from _style_checks("TTL-1", line, "trích yếu nội dung", 13, 14, bold=True, italic=False, center=True)
    if all(ln.text == ln.text.upper() for ln in parts.summary) and any(c.isalpha() for ln in parts.summary for c in ln.text):
        yield _at("TTL-1", ERROR, parts.summary[0], "trích yếu phải viết chữ thường, không in hoa toàn bộ",
                  parts.summary[0].text, "chữ thường")
    last = parts.summary[-1]
    kind, length = _rule_below(doc, last)
    if not kind:
        yield _at("TTL-1", ERROR, last, "thiếu đường kẻ ngang dưới trích yếu", "không có",
                  "đường kẻ liền, dài 1/3–1/2 dòng chữ")
    elif length is not None:
        limit = _para_width(doc, last.para)
        text_w = max(_line_width(ln, limit) for ln in parts.summary)
        ratio = length / text_w if text_w else 0.4
        if not RULE_SHARE[0] <= ratio <= RULE_SHARE[1]:
            yield _at("TTL-1", WARNING, last, "đường kẻ dưới trích yếu phải dài 1/3–1/2 dòng chữ",
                      f"{length / 567:.1f} cm, bằng {ratio:.0%} dòng chữ", "1/3–1/2 dòng chữ")


# ---------------------------------------------------------------- decision preamble (Mẫu 1.1–1.3)

def check_preamble(doc: Document, parts: Parts) -> Iterator[Finding]:
    """The issuing authority line, the legal bases and the enacting word of a Quyết định / Nghị quyết."""
    if parts.authority_line is not None:
        yield from _style_checks("TTL-3", parts.authority_line, "thẩm quyền ban hành", 13, 14, bold=True,
                                 italic=False, upper=True, center=True)
    if parts.enacting is not None:
        yield from _style_checks("TTL-3", parts.enacting, "từ ban hành («QUYẾT ĐỊNH:»)", 13, 14, bold=True,
                                 italic=False, upper=True, center=True)
    bases = [p for p in parts.bases if not p.is_blank]
    for k, p in enumerate(bases):
        line = Line(p, p.runs)
        yield from _style_checks("BODY-3", line, "căn cứ ban hành", 13, 14, italic=True)
        text = p.text.strip()
        want = "." if k == len(bases) - 1 else ";"
        if not text.endswith(want):
            yield _at("BODY-3", WARNING, p, "mỗi căn cứ kết thúc bằng «;», căn cứ cuối bằng «.»",
                      text[-1:] or "—", want)


# ---------------------------------------------------------------- body

def check_body(doc: Document, parts: Parts) -> Iterator[Finding]:
    # A long body repeats a few formats: judge each (format, sizes, heading) once, locate it on every paragraph.
    judged: dict[tuple, list[tuple]] = {}
    for p in parts.body:
        text = p.text.strip()
        heading = bool(MUC.match(text)) or text.startswith(("Phần ", "PHẦN ", "Chương ", "CHƯƠNG ")) or text == "./."
        key = (heading, id(p.fmt), frozenset([r.fmt.size for r in p.runs if r.text.strip()]))  # = Line.sizes
        faults = judged.get(key)
        if faults is None:
            faults = judged[key] = list(_body_faults(p.fmt, Line(p, p.runs), heading))
        for fault in faults:
            yield (fault, p.index or None, p)
    yield from _check_numbering(parts)


def _body_faults(f, line: Line, heading: bool) -> Iterator[tuple]:
    """Yield (rule, severity, message, found, required) for a body paragraph of format `f`."""
    bad = _size_problem(line, 13, 14)
    if bad:
        yield ("BODY-1", ERROR, "cỡ chữ phần nội dung không đúng", bad, "13–14 pt")
    if heading:
        return
    if f.align not in ("both", "distribute", "justify"):
        yield ("BODY-1", ERROR, "đoạn nội dung phải căn đều hai bên", _align_name(f.align), "căn đều hai bên")
    if not any(abs(f.first_line - v) <= 15 for v in FIRST_LINE):
        found = f"{f.first_line / 567:.2f} cm" if f.first_line else ("treo" if f.hanging else "không thụt")
        yield ("BODY-1", ERROR, "dòng đầu đoạn phải thụt vào 1 cm hoặc 1,27 cm", found, "1 cm hoặc 1,27 cm")
    if f.before + f.after < 118:
        yield ("BODY-1", ERROR, "khoảng cách giữa các đoạn phải từ 6 pt trở lên",
               f"trước {f.before / 20:g} pt, sau {f.after / 20:g} pt", "tối thiểu 6 pt")
    problem = _line_spacing_problem(f, line)
    if problem:
        yield ("BODY-1", ERROR, "khoảng cách dòng phải từ 1 dòng (single) đến 1,5 dòng", problem, "từ 1 đến 1,5 dòng")


def _line_spacing_problem(f, line: Line) -> str | None:
    if f.line is None:
        return None
    rule = f.line_rule or "auto"
    if rule == "auto":
        if 236 <= f.line <= 364:
            return None
        return f"{f.line / 240:.2f} dòng"
    size = max((s or 10.0) for s in line.sizes) if line.sizes else 14.0
    # Exact / at-least spacing: single ≈ 1.15 × the font size in Times New Roman.
    if size * 20 <= f.line <= size * 20 * 1.15 * 1.5 + 10:
        return None
    return f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {f.line / 20:g} pt"


def _check_numbering(parts: Parts) -> Iterator[Finding]:
    muc_expected = 1
    dieu_expected = 1
    khoan_expected = 1
    sub_expected = 1
    letter_expected = 0
    for p in parts.body:
        text = p.text.strip()
        m = MUC.match(text)
        if m:
            line = Line(p, p.runs)
            roman = m.group(1)
            want = ROMAN[muc_expected - 1] if muc_expected <= len(ROMAN) else None
            if roman != want and want is not None:
                yield _at("BODY-2", ERROR, p, "số thứ tự mục (La Mã) không liên tục", roman, want)
            muc_expected = (ROMAN.index(roman) + 2) if roman in ROMAN else muc_expected + 1
            khoan_expected, sub_expected, letter_expected = 1, 1, 0
            title = text[m.end():]
            if title != title.upper():
                yield _at("BODY-2", ERROR, p, "tên mục phải viết in hoa", text, text.upper())
            if line.all("bold") is not True:
                yield _at("BODY-2", ERROR, p, "tên mục phải in đậm", "không đậm", "in đậm")
            continue
        dieu = DIEU.match(text)
        if dieu:
            n = int(dieu.group(1))
            if n != dieu_expected:
                yield _at("BODY-2", ERROR, p, "số thứ tự điều không liên tục", f"Điều {n}.", f"Điều {dieu_expected}.")
            dieu_expected = n + 1
            khoan_expected, sub_expected, letter_expected = 1, 1, 0
            label = next((r for r in p.runs if r.text.strip()), None)
            if label is not None and not label.fmt.bold:
                yield _at("BODY-2", ERROR, p, "chữ «Điều …» phải in đậm", "không đậm", "in đậm")
            continue
        t = TIEU_KHOAN.match(text)
        if t:
            major, minor = int(t.group(1)), int(t.group(2))
            want = (khoan_expected - 1, sub_expected)
            if (major, minor) != want:
                yield _at("BODY-2", ERROR, p, "số thứ tự tiểu khoản không liên tục (phải theo số khoản đứng trên)",
                          f"{major}.{minor}.", f"{want[0]}.{want[1]}.")
            sub_expected = minor + 1
            letter_expected = 0  # điểm letters restart under each tiểu khoản
            continue
        k = KHOAN.match(text)
        if k:
            n = int(k.group(1))
            if n != khoan_expected:
                yield _at("BODY-2", ERROR, p, "số thứ tự khoản không liên tục", f"{n}.", f"{khoan_expected}.")
            khoan_expected = n + 1
            sub_expected = 1
            letter_expected = 0
            continue
        d = DIEM.match(text)
        if d:
            letter = d.group(1)
            if letter not in LETTERS:
                yield _at("BODY-2", ERROR, p, f"chữ «{letter})» không có trong bảng chữ cái tiếng Việt dùng đánh số điểm",
                          f"{letter})", "a) b) c) d) đ) e) g) h) i) k) …")
                letter_expected += 1
                continue
            want = LETTERS[letter_expected] if letter_expected < len(LETTERS) else None
            if letter != want:
                yield _at("BODY-2", ERROR, p, "thứ tự điểm không đúng bảng chữ cái tiếng Việt",
                          f"{letter})", f"{want})" if want else "không quá y)")
            letter_expected = LETTERS.index(letter) + 1


# ---------------------------------------------------------------- signature & recipients

def check_signature(doc: Document, parts: Parts) -> Iterator[Finding]:
    if not parts.signature:
        if parts.national is not None:
            yield Finding("SIG-1", ERROR, "không tìm thấy phần ký (quyền hạn, chức vụ, họ tên người ký)",
                          "không có", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH …")
        return
    groups: list[list[Line]] = [[]]
    for p in parts.signature:
        if p.is_blank:
            if groups[-1]:
                groups.append([])
            continue
        for ln in p.lines():
            if ln.text:
                groups[-1].append(ln)
            elif groups[-1]:
                groups.append([])
    groups = [g for g in groups if g]
    if not groups:
        return
    authority = groups[0]
    name = groups[-1][-1] if len(groups) > 1 else None
    if name is None and len(authority) > 1 and authority[-1].text != authority[-1].text.upper():
        name = authority.pop()
    first = authority[0].text
    if re.match(r"^(T/M|TM|KT|K/T|TL|T/L|TUQ|Q)\b(?!\.\s)", first, re.IGNORECASE) and not AUTHORITY.match(first):
        yield _at("SIG-1", ERROR, authority[0], "viết sai chữ viết tắt quyền hạn ký", first.split()[0],
                  "TM. / KT. / Q. / TL. / TUQ.")
    elif not AUTHORITY.match(first) and len(authority) > 1 and re.search(
            r"ỦY BAN|UBND|HỘI ĐỒNG|BAN CHỈ ĐẠO", norm_spelling(first).upper()):
        yield _at("SIG-1", ERROR, authority[0], "thiếu chữ viết tắt quyền hạn ký trước tên tập thể",
                  first, "TM. " + first.upper())
    for ln in authority:
        yield from _style_checks("SIG-1", ln, "quyền hạn, chức vụ người ký", 13, 14, bold=True, italic=False, upper=True)
    if name is None:
        yield _at("SIG-2", WARNING, authority[-1], "không thấy họ tên người ký", "không có", "Họ và tên, in đậm")
        return
    text = name.text
    if text == text.upper() and any(c.isalpha() for c in text):
        yield _at("SIG-2", ERROR, name, "họ tên người ký không viết toàn chữ in hoa", text, text.title())
    yield from _style_checks("SIG-2", name, "họ tên người ký", 13, 14, bold=True, italic=False, center=True)


def check_recipients(doc: Document, parts: Parts) -> Iterator[Finding]:
    if not parts.recipients:
        if parts.signature or parts.national is not None:
            yield Finding("REC-1", ERROR, "không tìm thấy «Nơi nhận:»", "không có", "Nơi nhận: … - Lưu: VT, …")
        return
    head, items = parts.recipients[0], parts.recipients[1:]
    if head.text.rstrip() != "Nơi nhận:" and not head.text.startswith("Nơi nhận:"):
        yield _at("REC-1", ERROR, head, "viết sai «Nơi nhận:»", head.text, "Nơi nhận:")
    yield from _style_checks("REC-1", head, "«Nơi nhận:»", 12, 12, bold=True, italic=True)
    if items and DRAFTER_LINE.match(items[-1].text):
        items = items[:-1]
    if not items:
        yield _at("REC-1", ERROR, head, "danh sách nơi nhận trống", "không có", "- …;  - Lưu: VT, ….")
        return
    for k, ln in enumerate(items):
        text = ln.text
        last = k == len(items) - 1
        if not text.startswith("- "):
            yield _at("REC-1", ERROR, ln, "mỗi nơi nhận phải bắt đầu bằng gạch đầu dòng «- »", text, "- …")
        if last:
            if not LUU_LINE.match(text):
                yield _at("REC-1", ERROR, ln, "dòng cuối Nơi nhận phải là «- Lưu: VT, …»", text, "- Lưu: VT, VP.")
        elif not text.endswith(";"):
            yield _at("REC-1", ERROR, ln, "mỗi nơi nhận phải kết thúc bằng dấu chấm phẩy", text, text.rstrip(".,") + ";")
        yield from _style_checks("REC-1", ln, "dòng nơi nhận", 11, 11, bold=False, italic=False)
    yield from _check_kinh_gui(parts)


def _check_kinh_gui(parts: Parts) -> Iterator[Finding]:
    kg = [ln for ln in parts.kinh_gui if ln.text]
    if parts.subject_cv is not None and not kg:
        yield _at("REC-2", WARNING, parts.subject_cv, "công văn thiếu dòng «Kính gửi:»", "không có", "Kính gửi: …")
        return
    if not kg:
        return
    for ln in kg:
        yield from _style_checks("REC-2", ln, "Kính gửi", 13, 14, italic=False)
    items = kg[1:]
    for k, ln in enumerate(items):
        want = "." if k == len(items) - 1 else ";"
        if not ln.text.startswith("-") or not ln.text.endswith(want):
            yield _at("REC-2", ERROR, ln, f"mỗi nơi được kính gửi bắt đầu bằng «-», kết thúc bằng «{want}»",
                      ln.text, f"- …{want}")


# ---------------------------------------------------------------- page numbers, appendix, 2025 reform

def check_page_numbers(doc: Document, parts: Parts) -> Iterator[Finding]:
    if not doc.sections:
        return
    sec = doc.sections[0]
    default = sec.headers.get("default", [])
    first = sec.headers.get("first", [])
    numbered = [p for p in default if p.has_page_field]
    if not numbered:
        yield from _unnumbered(doc, parts)
        return
    if not sec.title_pg:
        yield _at("PGN-1", ERROR, numbered[0], "trang 1 không được hiện số trang",
                  "số trang hiện cả ở trang đầu", "bật «Different first page», đầu trang 1 để trống")
    elif any(p.has_page_field or not p.is_blank for p in first):
        yield _at("PGN-1", ERROR, numbered[0], "đầu trang của trang 1 phải để trống",
                  "trang 1 có nội dung đầu trang", "để trống")
    p = numbered[0]
    if p.fmt.align != "center":
        yield Finding("PGN-1", ERROR, "số trang phải căn giữa ở lề trên", _align_name(p.fmt.align), "căn giữa")
    line = Line(p, p.runs) if p.runs else None
    if line is not None and line.text:
        bad = _size_problem(line, 13, 14)
        if bad:
            yield Finding("PGN-1", ERROR, "cỡ chữ số trang không đúng", bad, "13–14 pt")


def _unnumbered(doc: Document, parts: Parts) -> Iterator[Finding]:
    """Page numbers are due from page 2 only: ask for them when the document is (likely) longer than a page."""
    required = "số trang giữa lề trên, từ trang 2"
    if parts.pages is not None:
        if parts.pages > 1:
            yield Finding("PGN-1", ERROR, f"văn bản {parts.pages} trang (theo bản dàn trang LibreOffice) nhưng "
                          "không đánh số trang", "không có trường PAGE ở đầu trang", required)
        return
    pages = estimated_pages(doc)
    if pages > PAGES_SURE:
        shown = f"{pages:.1f}".replace(".", ",")
        yield Finding("PGN-1", ERROR, f"văn bản dài khoảng {shown} trang (ước tính) nhưng không đánh số trang",
                      "không có trường PAGE ở đầu trang", required)
    elif pages > PAGES_UNSURE:
        yield Finding("PGN-1", WARNING, "văn bản gần kín một trang (ước tính) và không đánh số trang: nếu in ra "
                      "hơn một trang thì phải đánh số từ trang 2 (xem bản in thử hoặc bản PDF)",
                      "không có trường PAGE ở đầu trang", required)


def check_appendix(doc: Document, parts: Parts) -> Iterator[Finding]:
    labels = [p for p in parts.appendix if p.table is None and APPENDIX_LABEL.match(p.text.strip())
              and len(p.text.split()) <= 4]
    many = len(labels) >= 2
    # The non-blank paragraphs outside tables, found after a label by bisection (a long appendix
    # with many labels would otherwise be scanned once per label).
    texts = [q for q in parts.appendix if q.table is None and not q.is_blank]
    positions = [q.index for q in texts]
    for p in labels:
        line = Line(p, p.runs)
        text = " ".join(p.text.split())
        m = re.match(r"^Phụ lục( ([IVXLC]+))?$", text)
        if not m:
            want = "Phụ lục I" if many else "Phụ lục (hoặc Phụ lục I)"
            yield _at("APP-1", ERROR, p, "nhãn phụ lục viết sai (chữ thường, số La Mã)", text, want)
        elif many and not m.group(2):
            yield _at("APP-1", ERROR, p, "có từ hai phụ lục trở lên thì phải đánh số La Mã", text, "Phụ lục I, Phụ lục II …")
        yield from _style_checks("APP-1", line, "nhãn phụ lục", 14, 14, bold=True, italic=False, center=True)
        start = bisect.bisect_right(positions, p.index)
        following = texts[start:start + 2]
        if following:
            title = following[0]
            tl = Line(title, title.runs)
            yield from _style_checks("APP-1", tl, "tên phụ lục", 13, 14, bold=True, upper=True, center=True)
        if len(following) > 1 and following[1].text.strip().startswith("(Kèm theo"):
            kl = Line(following[1], following[1].runs)
            yield from _style_checks("APP-1", kl, "dòng «(Kèm theo …)»", 13, 14, italic=True, center=True)
        sec = doc.sections[p.section] if p.section < len(doc.sections) else None
        if sec is not None and sec.first_para == p.index and sec.page_start != 1:
            yield _at("APP-1", WARNING, p, "phụ lục phải đánh số trang riêng (bắt đầu lại từ 1)",
                      "số trang nối tiếp văn bản", "bắt đầu từ 1")
    yield from _check_appendix_referred(parts, labels)


def _check_appendix_referred(parts: Parts, labels: list[Paragraph]) -> Iterator[Finding]:
    """APP-2: the body points to each appendix [PL-I III.1a]: "Phụ lục", or "Phụ lục II" when numbered."""
    body = _FoldedText([" ".join(p.text.split()) for p in parts.body])
    for p in labels:
        m = re.match(r"^Phụ lục ([IVXLC]+)$", " ".join(p.text.split()))
        wanted = f"phụ lục {m.group(1)}".casefold() if m else "phụ lục"
        if not body.has_word(wanted):
            label = " ".join(p.text.split())
            yield _at("APP-2", ERROR, p, f"thân văn bản không nhắc tới {label}: phải chỉ dẫn tới từng phụ lục",
                      "không có", f"… chi tiết tại {label} kèm theo …")


class _FoldedText:
    """`" ".join(pieces).casefold()`, folded only as far as a search needs to read: a long body that
    names its appendix early is not folded whole."""

    _CHUNK = 256  # pieces folded at a time

    def __init__(self, pieces: list[str]):
        self.pieces = pieces
        self.folded = ""
        self.done = 0  # pieces folded so far

    def _more(self) -> bool:
        if self.done >= len(self.pieces):
            return False
        chunk = " ".join(self.pieces[self.done:self.done + self._CHUNK]).casefold()
        self.folded = f"{self.folded} {chunk}" if self.done else chunk  # casefold maps each character alone
        self.done += self._CHUNK
        return True

    def has_word(self, word: str) -> bool:
        """Return whether `word` occurs in the folded text not followed by a letter or digit, as
        `re.search(word + "(?![\\w])", text)` finds it in the whole text folded at once."""
        pattern = re.compile(rf"{re.escape(word)}(?![\w])")
        start = 0
        while True:
            # Every piece after the folded ones is joined by a space, so a match may end the text so far.
            if pattern.search(self.folded, start) is not None:
                return True
            start = max(len(self.folded) - len(word), 0)  # a match may yet run into the next pieces
            if not self._more():
                return False


def check_district(doc: Document, parts: Parts) -> Iterator[Finding]:
    day = document_date(parts)
    if day is None or day < ABOLISHED:
        return
    lines = list(parts.left) + list(parts.right) if parts.band_table is not None else \
        [ln for p in parts.band for ln in p.lines()]
    lines += [ln for ln in parts.recipients] + list(parts.kinh_gui)
    for ln in lines:
        m = DISTRICT.search(ln.text)
        if m:
            yield _at("DATE-1", WARNING, ln, "văn bản ban hành sau 01/7/2025 nhưng còn nêu cơ quan cấp huyện "
                      "(cấp huyện đã bỏ từ 01/7/2025)", m.group(0), "cơ quan cấp tỉnh hoặc cấp xã")


ALL_RULES = (check_page, check_fonts, check_header, check_title, check_preamble, check_body, check_signature,
             check_recipients, check_page_numbers, check_appendix, check_district)
