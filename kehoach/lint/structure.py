"""Locate the parts of an unknown document (header band, title block, body, signature, Nơi nhận, appendices).

Works on the values of `ooxml.read_document`; the rules then check each part.  Everything is found by
content, never by page: the header band is the table (or the first paragraphs) holding the Quốc hiệu,
the signature block is the table (or paragraphs) holding "Nơi nhận:".
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..rules.doc_types import TITLE_CODES
from .ooxml import Document, Line, Paragraph

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_NAMES = {NATIONAL_NAME, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
MOTTO = "Độc lập - Tự do - Hạnh phúc"

SO_LINE = re.compile(r"^S[ốỐ]\b", re.IGNORECASE)
DATE_LINE = re.compile(r"ngày.*tháng.*năm", re.IGNORECASE)
REC_LINE = re.compile(r"^N[ơƠ]i nh[ậẬ]n\b", re.IGNORECASE)
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
# A Quyết định / Nghị quyết (Phụ lục III, Mẫu 1.1–1.3): after the title, the issuing authority on its own
# centred line ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …"), the legal bases, then the enacting word ("QUYẾT ĐỊNH:").
ENACTING = re.compile(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|BAN HÀNH)\s*:$")
BASIS = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Xét tờ trình|Theo tờ trình|Xét)\b")


_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
              "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONES.update({k.upper(): v.upper() for k, v in list(_OLD_TONES.items())})
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)")


@lru_cache(maxsize=8192)  # a document's header lines and headings come back in every draft of its template
def norm_spelling(text: str) -> str:
    """Fold the old tone placement ND 30 itself mixes (HOÀ → HÒA, UỶ → ỦY) and collapse spaces."""
    text = " ".join(text.split())
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


def is_rule_para(p: Paragraph) -> bool:
    """True for a paragraph that only draws a line: no text, with a border or a drawing."""
    return p.is_blank and (p.fmt.border_top or p.fmt.border_bottom or p.has_drawing)


@dataclass
class Parts:
    national: Line | None = None
    motto: Line | None = None
    band: list[Paragraph] = field(default_factory=list)
    band_table: int | None = None
    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)
    body_names: list[Line] = field(default_factory=list)  # issuing body lines
    supervisor: Line | None = None  # tên cơ quan chủ quản
    number: Line | None = None
    date: Line | None = None
    subject_cv: Line | None = None  # "V/v …" of a công văn
    title: Line | None = None
    summary: list[Line] = field(default_factory=list)
    after_summary: Paragraph | None = None
    kinh_gui: list[Line] = field(default_factory=list)
    authority_line: Line | None = None  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" under a decision's title
    bases: list[Paragraph] = field(default_factory=list)  # Căn cứ …; Theo đề nghị … (before the enacting word)
    enacting: Line | None = None  # "QUYẾT ĐỊNH:" between the bases and Điều 1
    body: list[Paragraph] = field(default_factory=list)
    signature: list[Paragraph] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)  # "Nơi nhận:" line then its items
    appendix: list[Paragraph] = field(default_factory=list)
    pages: int | None = None  # page count of a rendering (LibreOffice), when one was made


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def locate(doc: Document) -> Parts:
    """Return the `Parts` of `doc`; parts that cannot be found are left empty."""
    parts = Parts()
    paras = doc.paragraphs
    _find_national(parts, paras[:60])
    end_of_header = _find_band(parts, doc)
    start = _find_title(parts, paras, end_of_header)
    sig_start, sig_end = _find_signature(parts, doc, start)
    # paras[i].index == i + 1; a rule paragraph is blank, so "not blank" leaves those out too.
    body_paras = [p for p in paras[max(start - 1, 0):max(sig_start - 1, 0)] if p.table is None and not p.is_blank]
    kg = [p for p in body_paras[:1] if p.text.strip().startswith("Kính gửi")]
    if kg:
        parts.kinh_gui = kg[0].lines()
        i = 1
        while i < len(body_paras) and body_paras[i].text.strip().startswith("-") and \
                body_paras[i].fmt.first_line == 0 and body_paras[i].fmt.align != "both":
            parts.kinh_gui.extend(body_paras[i].lines())
            i += 1
        body_paras = body_paras[i:]
    parts.body = _find_preamble(parts, body_paras)
    parts.appendix = [p for p in paras if p.index > sig_end]
    return parts


def _centred_caps(p: Paragraph) -> bool:
    text = p.text.strip()
    return p.fmt.align == "center" and text == text.upper() and any(c.isalpha() for c in text)


def _find_preamble(parts: Parts, body: list[Paragraph]) -> list[Paragraph]:
    """Take a decision's authority line, bases and enacting word off the front of `body`; return the rest.

    Only a document with an enacting word ("QUYẾT ĐỊNH:") has them: a plan's opening "Căn cứ …" paragraph
    is ordinary body text.
    """
    enact = next((k for k, p in enumerate(body[:25]) if ENACTING.match(norm_spelling(p.text.strip()).upper())
                  and p.fmt.align == "center"), None)
    if enact is None:
        return body
    head = body[:enact]
    if head and _centred_caps(head[0]) and not BASIS.match(head[0].text.strip()):
        parts.authority_line = Line(head[0], head[0].runs)
        head = head[1:]
    parts.bases = head
    parts.enacting = Line(body[enact], body[enact].runs)
    return body[enact + 1:]


def _find_national(parts: Parts, paras: list[Paragraph]) -> None:
    for p in paras:
        for line in p.lines():
            text = norm_spelling(line.text)
            if not text:
                continue
            if text.upper() in NATIONAL_NAMES or "CHỦ NGHĨA VIỆT NAM" in text.upper() or \
                    _similar(text, NATIONAL_NAME) >= 0.8:
                parts.national = line
                return


def _find_band(parts: Parts, doc: Document) -> int:
    """Fill the header band; return the index of the first paragraph after it."""
    if parts.national is None:
        return 1
    qh = parts.national.para
    paras = doc.paragraphs
    if qh.table is not None:
        band = list(doc.tables[qh.table])
        parts.band_table = qh.table
        # Số / date may sit in a second table right under the first.
        nxt = _next_block(doc, band[-1].index)
        if nxt is not None and nxt.table is not None and any(
                SO_LINE.match(p.text.strip()) for p in doc.tables[nxt.table]):
            band += doc.tables[nxt.table]
    else:
        band = []
        for p in paras[qh.index - 1:]:
            band.append(p)
            if DATE_LINE.search(p.text) or len(band) > 12:
                break
        before = [p for p in paras[:qh.index - 1]]
        band = before + band
    parts.band = band
    lines = [ln for p in band for ln in _split_tab_lines(p)]
    qh_col = qh.col
    for ln in lines:
        if ln.text and qh.table is not None and ln.para.table == qh.table and ln.para.col is not None:
            (parts.right if ln.para.col == qh_col else parts.left).append(ln)
        elif ln.text and qh.table is not None and ln.para.table is not None:
            (parts.left if ln.para.col == 0 else parts.right).append(ln)
    # Motto: the first non-empty line after the Quốc hiệu.
    seen = False
    for ln in lines:
        if ln.para is qh and ln.text == parts.national.text:
            seen = True
            continue
        if seen and ln.text:
            parts.motto = ln
            break
    for ln in lines:
        t = ln.text
        if parts.number is None and SO_LINE.match(t):
            parts.number = ln
        elif parts.date is None and DATE_LINE.search(t) and not SO_LINE.match(t):
            parts.date = ln
        elif parts.subject_cv is None and t.startswith("V/v"):
            parts.subject_cv = ln
    # Issuing body: text lines before the Số line that are neither Quốc hiệu nor motto nor date.
    skip = {id(parts.national), id(parts.motto), id(parts.date)}
    names = []
    for ln in lines:
        if ln is parts.number:
            break
        if id(ln) in skip or not ln.text:
            continue
        if qh.table is not None and ln.para.table == qh.table and ln.para.col == qh_col:
            continue
        if DATE_LINE.search(ln.text):
            continue
        names.append(ln)
    if len(names) >= 2 and names[0].all("bold") is False and all(n.all("bold") for n in names[1:]) \
            and norm_spelling(names[0].text).upper() not in ("ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN"):
        parts.supervisor, names = names[0], names[1:]
    parts.body_names = names
    return max(p.index for p in band) + 1


def _split_tab_lines(p: Paragraph) -> list[Line]:
    """Lines of `p`, further split at tabs (a Số line and a date line are sometimes one tabbed line)."""
    out = []
    for ln in p.lines():
        pieces: list[list] = [[]]
        for run in ln.runs:
            chunks = run.text.split("\t")
            for k, chunk in enumerate(chunks):
                if k > 0:
                    pieces.append([])
                if chunk:
                    pieces[-1].append(type(run)(chunk, run.fmt))
        for piece in pieces:
            out.append(Line(p, piece))
    return out


def _next_block(doc: Document, after: int) -> Paragraph | None:
    for p in doc.paragraphs[after:]:
        if p.is_blank and p.table is None:
            continue
        return p
    return None


def type_code_of(title: str) -> str | None:
    return TITLE_CODES.get(norm_spelling(title).upper())


def _find_title(parts: Parts, paras: list[Paragraph], start: int) -> int:
    """Find tên loại + trích yếu after the header band; return the index where the body starts."""
    candidates = [p for p in paras[start - 1:start + 10] if p.table is None and not p.is_blank]
    if not candidates:
        return start
    first = candidates[0]
    text = norm_spelling(first.text)
    looks_like_title = type_code_of(text) is not None or (
        text.upper() == text and len(text.split()) <= 6 and not text.startswith("Kính gửi"))
    if parts.subject_cv is not None and type_code_of(text) is None:
        return start  # công văn: no type line
    if not looks_like_title:
        return start
    parts.title = first.lines()[0]
    last = first
    for p in paras[first.index:first.index + 4]:
        if p.table is not None or p.is_blank or is_rule_para(p):
            break
        t = p.text.strip()
        if t.startswith(("Kính gửi", "Căn cứ")) or p.fmt.align not in ("center",):
            break
        parts.summary.extend(ln for ln in p.lines() if ln.text)
        last = p
    nxt = paras[last.index] if last.index < len(paras) else None
    parts.after_summary = nxt
    body_start = last.index + 1
    if nxt is not None and is_rule_para(nxt):
        body_start += 1
    return body_start


def _find_signature(parts: Parts, doc: Document, start: int) -> tuple[int, int]:
    """Find the signature block and Nơi nhận; return (first index of the block, last index)."""
    paras = doc.paragraphs
    rec_para = None
    for p in paras[start - 1:]:
        if REC_LINE.match(p.text.strip()):
            rec_para = p
            break
    if rec_para is None:
        # No Nơi nhận: the signature is the last run of authority lines, if any.
        for p in paras[start - 1:]:
            if AUTHORITY.match(p.text.strip()):
                block = [q for q in paras[p.index - 1:p.index + 8] if q.table == p.table]
                parts.signature = block
                return p.index, block[-1].index
        return len(paras) + 1, len(paras) + 1
    if rec_para.table is not None:
        table = doc.tables[rec_para.table]
        parts.signature = [p for p in table if p.col != rec_para.col]
        parts.recipients = [ln for p in table if p.col == rec_para.col and p.index >= rec_para.index
                            for ln in p.lines() if ln.text]
        return table[0].index, table[-1].index
    # Paragraph layout: signature lines just before "Nơi nhận:", items after it.
    sig_start = rec_para.index
    for p in reversed(paras[start - 1:rec_para.index - 1]):
        if p.table is not None:
            break
        if AUTHORITY.match(p.text.strip()) or (p.text.strip() and p.text.strip().upper() == p.text.strip()
                                               and p.fmt.align == "center"):
            sig_start = p.index
        elif not p.is_blank and sig_start != rec_para.index:
            break
    parts.signature = [p for p in paras[sig_start - 1:rec_para.index - 1]]
    rec_lines = []
    end = rec_para.index
    for p in paras[rec_para.index - 1:]:
        if p.is_blank and rec_lines:
            break
        rec_lines.extend(ln for ln in p.lines() if ln.text)
        end = p.index
    parts.recipients = rec_lines
    # Signer name printed after the Nơi nhận list in paragraph layouts.
    return sig_start, end
