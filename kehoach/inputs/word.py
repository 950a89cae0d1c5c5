"""Read a clerk's Word draft (.docx) into a Source: paragraphs with bold/italic runs, Word's own list
numbers as labels, and tables, in reading order."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..errors import KehoachError, Problem
from ..files import check_zip
from ..rules import vn
from .source import Cell, Para, Run, Source, Table

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
# Containers whose runs are part of the paragraph's text as the clerk sees it.
_TRANSPARENT = {qn(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml",
                                "w:sdt", "w:sdtContent", "w:moveTo", "w:dir", "w:bdo")}
_DRAWINGS = {qn("w:drawing"), qn("w:pict"),
             "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


def read_word(path: Path) -> Source:
    """Return the blocks of the Word document at `path`; KehoachError when it is not a .docx."""
    path = Path(path)
    try:
        check_zip(path)  # a few hundred kilobytes can inflate to gigabytes of XML
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise KehoachError(Problem("không đọc được tệp Word: cần tệp .docx (Word 2007 trở lên); tệp .doc "
                                   "cũ hãy mở bằng Word rồi “Lưu thành” .docx", file=str(path))) from e
    return _Reader(doc, str(path)).read()


class _Reader:
    def __init__(self, doc, file: str):
        self.file = file
        self.styles = {s.get(qn("w:styleId")): s
                       for s in doc.styles.element.findall(qn("w:style"))}
        self.defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.numbering = _Numbering(doc)
        self.body = doc.element.body
        self.count = 0        # non-empty paragraphs so far: "đoạn N" as a clerk counts them
        self.tables = 0
        self.skipped: list[tuple[str, str]] = []

    def read(self) -> Source:
        blocks = list(self._blocks(self.body))
        return Source(tuple(blocks), self.file, tuple(self.skipped))

    def _blocks(self, parent):
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                para = self._para(child, None)
                if para is not None:
                    yield para
            elif child.tag == qn("w:tbl"):
                yield self._table(child)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                yield from self._blocks(child)

    def _table(self, tbl) -> Table:
        self.tables += 1
        where = f"bảng {self.tables}"
        rows = []
        above: dict[int, tuple[Para, ...]] = {}   # grid column → paragraphs of the cell above
        for r, tr in enumerate(_children(tbl, "w:tr"), start=1):
            cells = []
            column = 0
            for c, tc in enumerate(_children(tr, "w:tc"), start=1):
                props = tc.find(qn("w:tcPr"))
                span = _int_val(props, "w:gridSpan", 1)
                vmerge = props.find(qn("w:vMerge")) if props is not None else None
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                paras = []
                for sub in tc.iterchildren():
                    if sub.tag == qn("w:p"):
                        para = self._para(sub, f"{where}, dòng {r}, ô {c}")
                        if para is not None:
                            paras.append(para)
                    elif sub.tag == qn("w:tbl"):
                        text = " ".join("".join(t.text or "" for t in sub.iter(qn("w:t"))).split())
                        if text:
                            self.skipped.append((f"{where}, dòng {r}, ô {c}", f"bảng lồng trong ô: {text}"))
                if continued:
                    cells.append(Cell(above.get(column, ()), span, continued=True))
                else:
                    above[column] = tuple(paras)
                    cells.append(Cell(tuple(paras), span))
                column += span
            rows.append(tuple(cells))
        return Table(tuple(rows), where)

    def _para(self, p, where: str | None) -> Para | None:
        runs: list[Run] = []
        style = _val(p.find(qn("w:pPr")), "w:pStyle")
        self._runs(p, style, runs)
        text = "".join(r.text for r in runs)
        if not text.strip():
            return None
        if where is None:
            self.count += 1
            where = f"đoạn {self.count}"
        return Para(tuple(runs), where, label=self._label(p, style), centered=self._centered(p, style),
                    heading=self._heading(style))

    def _runs(self, parent, pstyle: str | None, out: list[Run]) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:r"):
                self._run(child, pstyle, out)
            elif child.tag in _TRANSPARENT:
                self._runs(child, pstyle, out)

    def _run(self, r, pstyle: str | None, out: list[Run]) -> None:
        rpr = r.find(qn("w:rPr"))
        cstyle = _val(rpr, "w:rStyle")
        bold = self._toggle(rpr, cstyle, pstyle, "w:b")
        italic = self._toggle(rpr, cstyle, pstyle, "w:i")
        parts = []
        for child in r.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) not in ("page", "column"):
                    parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            elif tag in _DRAWINGS:
                self._text_box(child)
        text = vn.nfc("".join(parts))
        if text:
            out.append(Run(text, bold, italic))

    def _text_box(self, el) -> None:
        # A text box is drawn over the page: its text has no place in the flow, so say so.
        for box in el.iter(qn("w:txbxContent")):
            text = " ".join("".join(t.text or "" for t in box.iter(qn("w:t"))).split())
            if text:
                where = f"khung chữ sau đoạn {self.count}" if self.count else "khung chữ đầu văn bản"
                self.skipped.append((where, text))
            break  # Word writes each box twice (drawing and VML fallback): the first is enough

    def _toggle(self, rpr, cstyle: str | None, pstyle: str | None, tag: str) -> bool:
        """Return whether bold/italic (`tag`) applies: direct formatting, then styles, then defaults."""
        direct = _flag(rpr, tag)
        if direct is not None:
            return direct
        for style in (cstyle, pstyle):
            found = self._style_flag(style, tag, "w:rPr")
            if found is not None:
                return found
        return bool(_flag(self.defaults, tag))

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            el = self.styles[style_id]
            yield el
            style_id = _val(el, "w:basedOn")

    def _style_flag(self, style_id, tag, props):
        for el in self._style_chain(style_id):
            found = _flag(el.find(qn(props)), tag)
            if found is not None:
                return found
        return None

    def _centered(self, p, pstyle: str | None) -> bool:
        jc = _val(p.find(qn("w:pPr")), "w:jc")
        if jc is None:
            for el in self._style_chain(pstyle):
                jc = _val(el.find(qn("w:pPr")), "w:jc")
                if jc is not None:
                    break
        return jc == "center"

    def _heading(self, pstyle: str | None) -> int:
        for el in self._style_chain(pstyle):
            name = _val(el, "w:name") or ""
            m = _HEADING.match(name)
            if m:
                return int(m.group(1))
        return 0

    def _label(self, p, pstyle: str | None) -> str:
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is None:
            for el in self._style_chain(pstyle):
                num = el.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if num is not None:
                    break
        if num is None:
            return ""
        num_id = _val(num, "w:numId")
        level = int(_val(num, "w:ilvl") or 0)
        return self.numbering.label(num_id, level) if num_id else ""


class _Numbering:
    """Word's list numbering: the text ("1.", "a)", "-") each numbered paragraph shows."""

    def __init__(self, doc):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        for ab in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in ab.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "",
                    int(_val(lvl, "w:start") or 1))
            self.levels[ab.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for ov in num.findall(qn("w:lvlOverride")):
                start = _val(ov, "w:startOverride")
                if start is not None:
                    overrides[int(ov.get(qn("w:ilvl")))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def label(self, num_id: str, level: int) -> str:
        if num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        starts = [overrides.get(i, levels.get(i, ("", "", 1))[2]) for i in range(9)]
        counters = self.counters.setdefault(num_id, [s - 1 for s in starts])
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = starts[deeper] - 1
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "+" if text.strip() == "+" else "-"
        if fmt == "none":
            return ""

        def value(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            f = levels.get(i, ("decimal", "", 1))[0]
            return _format(max(counters[i], starts[i]), f)

        return re.sub(r"%(\d)", value, text).strip()


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return vn.roman(n)
    if fmt == "lowerRoman":
        return vn.roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _children(el, tag: str):
    """Yield the `tag` children of `el`, looking through content controls Word wraps around them."""
    for child in el.iterchildren():
        if child.tag == qn(tag):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _children(child, tag)


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    sub = el.find(qn(tag))
    return None if sub is None else sub.get(qn("w:val"))


def _int_val(el, tag: str, default: int) -> int:
    value = _val(el, tag)
    return int(value) if value and value.isdigit() else default


def _flag(rpr, tag: str) -> bool | None:
    """Return a toggle property's value (`<w:b/>` true, `w:val="0"` false), None when not set here."""
    if rpr is None:
        return None
    el = rpr.find(qn(tag))
    if el is None:
        return None
    return el.get(qn("w:val")) not in ("0", "false", "off")
