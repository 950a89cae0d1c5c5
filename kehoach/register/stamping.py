"""Write the number and the day into the blanks a Word document leaves for the Văn thư, touching nothing else.

A document drafted in Word reads `Số:      /QĐ-UBND` and `Sơn Giang, ngày      tháng 4 năm 2024`.
Stamping edits only the text inside the `<w:t>` elements that hold those blanks, as a substring of
the raw `word/document.xml`: every other byte of that part — formatting, other paragraphs, the
XML declaration — stays as Word wrote it, and every other member of the package is copied as it
was (same bytes, same order, same zip entry details). The blank may span several runs (Word
splits a line wherever the clerk edited it); the number goes into the run where the blank begins.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from ..errors import KehoachError
from ..messages import reason
from ..rules import vn
from ..rules.header_lines import DATE_BLANKS, NUMBER_BLANKS
from ..rules.numbering import DocNumber, format_number

MAIN_PART = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class _Text:
    """One `<w:t>` element: where it sits in the XML, its decoded text, and its paragraph."""

    start: int
    end: int
    open_tag: str
    text: str
    para: int


@dataclass(frozen=True)
class Stamped:
    """The stamped package and what changed on the date line, for the clerk."""

    data: bytes
    number_line: str
    date_line: str
    changed_month: bool


def stamp(data: bytes, number: DocNumber, day: dt.date, source: str = "văn bản") -> Stamped:
    """Return `data` (a .docx) with `number` in the Số blank and `day` in the place-date line.

    Raise KehoachError (naming `source`) when the package cannot be read, the Số line or the date
    line is not found, or the document already carries a number.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            members = {i.filename: z.read(i.filename) for i in infos}
    except (zipfile.BadZipFile, OSError, KeyError) as e:
        raise KehoachError(f"{source}: không phải tệp Word .docx đọc được ({reason(e)}).") from e
    if MAIN_PART not in members:
        raise KehoachError(f"{source}: tệp .docx không có phần nội dung {MAIN_PART}.")
    try:
        xml = members[MAIN_PART].decode("utf-8")
    except UnicodeDecodeError as e:
        raise KehoachError(f"{source}: phần nội dung không mã hóa UTF-8; mở bằng Word và lưu lại.") from e
    texts = _texts(xml)
    paras = _paragraph_texts(texts)
    edits: dict[int, str] = {}
    number_para = _fill_number(paras, texts, number, edits, source)
    date_para, changed_month = _fill_date(paras, texts, day, edits, source)
    new_xml = _apply(xml, texts, edits)
    members[MAIN_PART] = new_xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            z.writestr(info, members[info.filename])
    after = _paragraph_texts(_texts(new_xml))
    return Stamped(out.getvalue(), _line(after[number_para], "Số"), _line(after[date_para], "ngày"), changed_month)


def _line(text: str, anchor: str) -> str:
    """Return the tab-separated piece of a paragraph's text that holds `anchor` (Số line and date may share one)."""
    for piece in text.split("\t"):
        if anchor in piece:
            return " ".join(piece.split())
    return " ".join(text.split())


def _prefix(xml: str) -> str:
    m = re.search(r'xmlns:(\w+)="' + re.escape(W_NS) + '"', xml)
    return m.group(1) if m else "w"


def _texts(xml: str) -> list[_Text]:
    """Return every `<w:t>` of the part in order, each with the innermost paragraph holding it.

    Text is compared in NFC (Unikey may type decomposed letters); an edited piece is written in NFC.
    """
    w = re.escape(_prefix(xml))
    token = re.compile(rf"<{w}:p(?=[\s>/])[^>]*?(/?)>|(</{w}:p>)|(<{w}:t(?:\s[^>]*)?>)([^<]*)</{w}:t>")
    out, stack, count = [], [], 0
    for m in token.finditer(xml):
        if m.group(2):
            if stack:
                stack.pop()
        elif m.group(3) is not None:
            text = unicodedata.normalize("NFC", html.unescape(m.group(4)))
            out.append(_Text(m.start(), m.end(), m.group(3), text, stack[-1] if stack else -1))
        elif not m.group(1):  # an opening <w:p …> (a self-closing one holds no text)
            stack.append(count)
            count += 1
    return out


def _paragraph_texts(texts: list[_Text]) -> dict[int, str]:
    paras: dict[int, str] = {}
    for t in texts:
        paras[t.para] = paras.get(t.para, "") + t.text
    return paras


def _pieces(texts: list[_Text], para: int) -> list[tuple[int, int, int]]:
    """Return (index in `texts`, start, end) of the paragraph's text pieces, as offsets in its text."""
    out, pos = [], 0
    for i, t in enumerate(texts):
        if t.para == para:
            out.append((i, pos, pos + len(t.text)))
            pos += len(t.text)
    return out


def _replace(texts: list[_Text], para: int, start: int, end: int, new: str, edits: dict[int, str]) -> None:
    """Replace characters [start, end) of paragraph `para` by `new`, editing only the pieces they span."""
    pieces = _pieces(texts, para)
    current = {i: edits.get(i, texts[i].text) for i, _, _ in pieces}
    placed = False
    for i, a, b in pieces:
        touches = a < end and b > start if end > start else a < start <= b
        if not touches:
            continue
        text = current[i]
        lo, hi = max(start, a) - a, min(end, b) - a
        edits[i] = text[:lo] + ("" if placed else new) + text[hi:]
        placed = True
    if not placed:
        raise ValueError("span outside the paragraph")


def _fill_number(paras: dict[int, str], texts, number: DocNumber, edits: dict[int, str], source: str) -> int:
    for para, text in paras.items():
        m = NUMBER_BLANKS.search(text)
        if m is None or not text.lstrip().startswith("Số"):
            continue
        if m.group(2):
            raise KehoachError(
                f"{source}: dòng «{' '.join(text.split())}» đã có số. Văn bản đã được cấp số ở nơi khác thì vào sổ "
                "bằng `kehoach vao-so --so SỐ/KÝ-HIỆU --ngay … --ban-goc TỆP`; nếu không, xóa số để trống rồi "
                "chạy lại.")
        code = text[m.end():].split()[0] if text[m.end():].split() else ""
        if code.rstrip(".,;") != number.code:
            raise KehoachError(f"{source}: ký hiệu trên văn bản là «{code}», không phải «{number.code}».")
        _replace(texts, para, m.start(1), m.end(3), f" {format_number(number.number)}", edits)
        return para
    raise KehoachError(f"{source}: không thấy dòng «Số:      /…» để trống số ở phần đầu văn bản "
                       "(ô số, ký hiệu theo Nghị định 30).")


def _fill_date(paras: dict[int, str], texts, day: dt.date, edits: dict[int, str], source: str) -> tuple[int, bool]:
    for para, text in paras.items():
        m = DATE_BLANKS.search(text)
        if m is None or "," not in text[:m.start()]:
            continue
        given_month = re.sub(r"\D", "", m.group("m"))
        given_year = re.sub(r"\D", "", m.group("y"))
        changed = bool(given_month) and int(given_month) != day.month or bool(given_year) and int(given_year) != day.year
        # Right to left, so earlier offsets stay valid; a month or year already right is left alone.
        if not given_year or int(given_year) != day.year:
            _replace(texts, para, m.start("y"), m.end("y"), f" {day.year}", edits)
        if not given_month or int(given_month) != day.month:
            _replace(texts, para, m.start("m"), m.end("m"), f" {vn.month_text(day.month)} ", edits)
        _replace(texts, para, m.start("d"), m.end("d"), f" {vn.day_text(day.day)} ", edits)
        return para, changed
    raise KehoachError(f"{source}: không thấy dòng địa danh, ngày tháng («…, ngày      tháng … năm …») ở phần đầu "
                       "văn bản.")


def _apply(xml: str, texts: list[_Text], edits: dict[int, str]) -> str:
    close = f"</{_prefix(xml)}:t>"
    out, pos = [], 0
    for i in sorted(edits):
        t = texts[i]
        new = edits[i]
        tag = t.open_tag
        if new != new.strip() and "xml:space" not in tag:
            tag = tag[:-1] + ' xml:space="preserve">'
        out.append(xml[pos:t.start])
        out.append(f"{tag}{_escape(new)}{close}")
        pos = t.end
    out.append(xml[pos:])
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
