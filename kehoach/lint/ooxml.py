"""Read a .docx into plain values with *effective* formatting: direct properties, then the style chain, then docDefaults.

Everything the rules need (runs, paragraphs, table cells, sections, headers) is resolved here so that
`rules.py` never looks at XML.  Resolution order for a run property (ECMA-376 §17.7.2): direct rPr →
character style (basedOn chain) → paragraph style (basedOn chain) → table style → docDefaults.
Toggle properties (b, i, caps) are treated as "first value found wins", which is what Word shows for
the documents a clerk produces (styles that toggle bold twice are very rare).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from . import scan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W, "r": R, "a": A}
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_normalize = unicodedata.normalize


def nfc(text: str) -> str:
    return _normalize("NFC", text)


@dataclass(frozen=True)
class RunFmt:
    """Effective character formatting of one run (None = not set anywhere)."""

    bold: bool
    italic: bool
    caps: bool
    size: float | None  # points
    fonts: dict  # slot -> font name or None: ascii, hAnsi, cs
    color: str | None
    underline: bool


@dataclass
class Run:
    text: str  # "\n" for a line break, "\t" for a tab
    fmt: RunFmt


@dataclass
class ParaFmt:
    """Effective paragraph formatting (twips; None = not set)."""

    align: str | None
    first_line: int
    hanging: int
    left: int
    right: int
    before: int
    after: int
    line: int | None
    line_rule: str | None
    border_top: bool
    border_bottom: bool


@dataclass
class Paragraph:
    """One paragraph in document order; `index` is its 1-based number (table paragraphs included)."""

    index: int
    runs: list[Run]
    fmt: ParaFmt
    table: int | None = None  # index of the top-level table holding it
    row: int | None = None
    col: int | None = None
    cell_width: int | None = None  # twips, from tcW / gridCol
    section: int = 0
    has_drawing: bool = False
    style_name: str | None = None
    has_page_field: bool = False

    def __getattr__(self, name: str):
        # `text` and `is_blank` are read by almost every rule, and the runs never change once the reader
        # has made the paragraph: worked out on the first read and then kept as plain attributes.
        if name == "text":
            value = self.__dict__["text"] = "".join([r.text for r in self.runs])
            return value
        if name == "is_blank":
            value = self.__dict__["is_blank"] = not self.text.strip()
            return value
        raise AttributeError(name)

    def lines(self) -> list[Line]:
        """Split the paragraph at line breaks into lines, each keeping its runs."""
        out: list[Line] = []
        current: list[Run] = []
        for run in self.runs:
            parts = run.text.split("\n")
            for k, part in enumerate(parts):
                if k > 0:
                    out.append(Line(self, current))
                    current = []
                if part:
                    current.append(Run(part, run.fmt))
        out.append(Line(self, current))
        return out

    if TYPE_CHECKING:  # made on first read by __getattr__
        text: str
        is_blank: bool


@dataclass
class Line:
    """A visual line of text: a paragraph, or one part of it between line breaks."""

    para: Paragraph
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()

    def _inked(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]

    def all(self, attr: str) -> bool | None:
        """True if every inked run has `attr`, False if none, None if mixed or empty."""
        vals = {getattr(r.fmt, attr) for r in self._inked()}
        if vals == {True}:
            return True
        if vals == {False}:
            return False
        return None

    @property
    def sizes(self) -> set:
        return {r.fmt.size for r in self._inked()}


@dataclass
class Section:
    index: int
    width: int | None
    height: int | None
    orient: str | None
    margins: dict  # top, bottom, left, right, header
    title_pg: bool
    headers: dict  # type -> list[Paragraph] (default, first, even); inherited from earlier sections
    page_start: int | None
    first_para: int | None = None  # index of its first paragraph
    has_table: bool = False

    @property
    def text_width(self) -> int:
        return (self.width or 11906) - self.margins.get("left", 1701) - self.margins.get("right", 1134)


@dataclass
class Document:
    paragraphs: list[Paragraph]
    sections: list[Section]
    tables: dict = field(default_factory=dict)  # table index -> list of paragraphs


class _Styles:
    """Style lookup with basedOn chains, theme fonts and docDefaults."""

    def __init__(self, styles_xml, theme_xml):
        self.by_id: dict[str, etree._Element] = {}
        self.by_name: dict[str, str] = {}  # folded name -> id
        self.default_para: str | None = None
        self.default_table: str | None = None
        self.rpr_default = None
        self.ppr_default = None
        self.theme = _theme_fonts(theme_xml)
        # Resolution is done once per distinct (direct properties, style) pair, not once per run:
        # a document repeats a handful of formats over thousands of paragraphs.
        self._chains: dict = {}
        self._para_formats: dict = {}
        self._run_formats: dict = {}
        self._names: dict = {}
        self.plain_formats: dict = {}  # (style, table style) -> (format, style name) of a paragraph without pPr
        self.shapes: dict = {}  # (paragraph shape, table style) -> _Shape, for paragraphs read as text
        self.headers: dict = {}  # header part -> its paragraphs
        if styles_xml is None:
            return
        for st in styles_xml.findall(_w("style")):
            sid = st.get(_w("styleId"))
            self.by_id[sid] = st
            name = st.find(_w("name"))
            if name is not None and name.get(_w("val")):
                self.by_name.setdefault(_fold(name.get(_w("val"))), sid)
            if st.get(_w("default")) in ("1", "true", "on"):
                kind = st.get(_w("type"))
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "table":
                    self.default_table = sid
        dd = styles_xml.find(_w("docDefaults"))
        if dd is not None:
            self.rpr_default = dd.find(f"{_w('rPrDefault')}/{_w('rPr')}")
            self.ppr_default = dd.find(f"{_w('pPrDefault')}/{_w('pPr')}")

    def resolve(self, sid: str | None) -> str | None:
        """Return the id of the style `sid` names: its id, or else its name.

        Word and LibreOffice rename style ids when they save a file (LibreOffice derives them from
        the names); a reference that no id matches is looked up by name, as Word does.
        """
        if sid is None or sid in self.by_id:
            return sid
        return self.by_name.get(_fold(sid), sid)

    def chain(self, sid: str | None, tag: str) -> list:
        """Return the `tag` (rPr/pPr) elements of style `sid` and its ancestors, nearest first."""
        key = (sid, tag)
        found = self._chains.get(key)
        if found is None:
            found = self._chains[key] = self._chain(sid, tag)
        return found

    def _chain(self, sid: str | None, tag: str) -> list:
        out, seen = [], set()
        sid = self.resolve(sid)
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            el = st.find(_w(tag))
            if el is not None:
                out.append(el)
            based = st.find(_w("basedOn"))
            sid = self.resolve(based.get(_w("val"))) if based is not None else None
        return out

    def para_format(self, ppr, psid: str | None, tsid: str | None) -> ParaFmt:
        """Return the effective formatting of a paragraph with direct `ppr` in style `psid` (table style `tsid`)."""
        key = (_props_key(ppr, _PPR_READ) if ppr is not None else (), psid, tsid)
        fmt = self._para_formats.get(key)
        if fmt is None:
            fmt = self._para_formats[key] = _resolve_ppr(
                [ppr, *self.chain(psid, "pPr"), *(self.chain(tsid, "pPr") if tsid else ()), self.ppr_default])
        return fmt

    def run_format(self, rpr, csid: str | None, psid: str | None, tsid: str | None) -> RunFmt:
        """Return the effective formatting of a run with direct `rpr` and character style `csid`."""
        key = (_props_key(rpr, _RPR_READ) if rpr is not None else (), csid, psid, tsid)
        fmt = self._run_formats.get(key)
        if fmt is None:
            chain = [rpr, *self.chain(csid, "rPr"), *self.chain(psid, "rPr"),
                     *(self.chain(tsid, "rPr") if tsid else ()), self.rpr_default]
            fmt = self._run_formats[key] = _resolve_rpr(chain, self)
        return fmt

    def name(self, sid: str | None) -> str | None:
        if sid in self._names:
            return self._names[sid]
        self._names[sid] = self._name(sid)
        return self._names[sid]

    def _name(self, sid: str | None) -> str | None:
        sid = self.resolve(sid)
        if sid and sid in self.by_id:
            n = self.by_id[sid].find(_w("name"))
            return n.get(_w("val")) if n is not None else sid
        return sid


def _fold(name: str) -> str:
    return "".join(unicodedata.normalize("NFC", name).casefold().split())


def _theme_fonts(theme_xml) -> dict:
    fonts = {}
    if theme_xml is None:
        return fonts
    for kind in ("major", "minor"):
        el = theme_xml.find(f".//a:{kind}Font", NS)
        if el is None:
            continue
        for slot, tag in (("HAnsi", "latin"), ("Bidi", "cs"), ("EastAsia", "ea")):
            sub = el.find(f"a:{tag}", NS)
            if sub is not None:
                fonts[f"{kind}{slot}"] = sub.get("typeface") or None
        if f"{kind}HAnsi" in fonts:
            fonts[f"{kind}Ascii"] = fonts[f"{kind}HAnsi"]
    return fonts


_ON = {None, "1", "true", "on"}


def _toggle(el) -> bool | None:
    if el is None:
        return None
    return el.get(_w("val")) in _ON


def _resolve_rpr(chain: list, styles: _Styles) -> RunFmt:
    """First value found along `chain` (list of rPr elements, strongest first) for each property."""

    def first(fn):
        for rpr in chain:
            if rpr is None:
                continue
            v = fn(rpr)
            if v is not None:
                return v
        return None

    bold = first(lambda r: _toggle(r.find(_w("b"))))
    italic = first(lambda r: _toggle(r.find(_w("i"))))
    caps = first(lambda r: _toggle(r.find(_w("caps"))))
    size = first(lambda r: _attr_num(r.find(_w("sz")), "val"))
    color = first(lambda r: (r.find(_w("color")).get(_w("val")) if r.find(_w("color")) is not None else None))
    underline = first(lambda r: (r.find(_w("u")).get(_w("val"), "single") not in ("none",)
                                 if r.find(_w("u")) is not None else None))
    fonts = {}
    for slot in ("ascii", "hAnsi", "cs"):
        def font_of(r, slot=slot):
            rf = r.find(_w("rFonts"))
            if rf is None:
                return None
            theme = rf.get(_w(slot + "Theme")) if slot != "cs" else rf.get(_w("cstheme"))
            if theme:  # a theme attribute wins over the explicit name
                return styles.theme.get(theme, "") or ""
            return rf.get(_w(slot))
        fonts[slot] = first(font_of) or None
    return RunFmt(bool(bold), bool(italic), bool(caps), size / 2 if size is not None else None,
                  fonts, color, bool(underline))


def _attr_num(el, attr: str) -> int | None:
    if el is None:
        return None
    v = el.get(_w(attr))
    if v is None:
        return None
    try:
        return int(float(v))
    except ValueError:
        return None


def _resolve_ppr(chain: list) -> ParaFmt:
    def first(fn):
        for ppr in chain:
            if ppr is None:
                continue
            v = fn(ppr)
            if v is not None:
                return v
        return None

    def jc(p):
        el = p.find(_w("jc"))
        return el.get(_w("val")) if el is not None else None

    def ind(name, alt=None):
        def f(p):
            el = p.find(_w("ind"))
            if el is None:
                return None
            v = _attr_num(el, name)
            if v is None and alt:
                v = _attr_num(el, alt)
            return v
        return f

    def first_line(p):
        el = p.find(_w("ind"))
        if el is None:
            return None
        if el.get(_w("hanging")) is not None:
            return -(_attr_num(el, "hanging") or 0)
        return _attr_num(el, "firstLine")

    def sp(name):
        def f(p):
            el = p.find(_w("spacing"))
            if el is None:
                return None
            if name in ("before", "after") and el.get(_w(name + "Autospacing")) in ("1", "true", "on"):
                return 280
            return _attr_num(el, name)
        return f

    def line_rule(p):
        el = p.find(_w("spacing"))
        if el is None or el.get(_w("line")) is None:
            return None
        return el.get(_w("lineRule"), "auto")

    def border(side):
        def f(p):
            el = p.find(f"{_w('pBdr')}/{_w(side)}")
            if el is None:
                return None
            return el.get(_w("val")) not in ("nil", "none")
        return f

    fl = first(first_line) or 0
    return ParaFmt(
        align=first(jc),
        first_line=max(fl, 0),
        hanging=max(-fl, 0),
        left=first(ind("left", "start")) or 0,
        right=first(ind("right", "end")) or 0,
        before=first(sp("before")) or 0,
        after=first(sp("after")) or 0,
        line=first(sp("line")),
        line_rule=first(line_rule),
        border_top=bool(first(border("top"))),
        border_bottom=bool(first(border("bottom"))),
    )


_P, _P_PR, _P_STYLE, _R, _R_PR, _R_STYLE, _T, _VAL, _DRAWING, _PICT, _SECT_PR, _TBL = (
    _w(t) for t in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t", "val", "drawing", "pict", "sectPr", "tbl"))
_LOCAL_TEXT = {"t": None, "br": "\n", "cr": "\n", "tab": "\t", "noBreakHyphen": "-"}
_BREAKS = {_w(k): v for k, v in _LOCAL_TEXT.items() if v is not None}

# The children of pPr/rPr that resolution reads; anything else (pStyle, rStyle, sectPr, lang …)
# cannot change the result, so it is left out of the cache key.
_PPR_READ = frozenset(_w(t) for t in ("jc", "ind", "spacing", "pBdr"))
_RPR_READ = frozenset(_w(t) for t in ("b", "i", "caps", "sz", "color", "u", "rFonts"))
_PBDR = _w("pBdr")


def _props_key(props, read: frozenset) -> tuple:
    """Return a hashable value equal for two pPr/rPr elements whose read children are the same."""
    if props is None:
        return ()
    return tuple((c.tag, etree.tostring(c) if c.tag == _PBDR else tuple(c.items()))
                 for c in props if c.tag in read)


@dataclass
class _Shape:
    """What every paragraph of one shape reads as, but its texts (see scan.py)."""

    runs: list  # per run: (place of its text among the paragraph's gaps, format) or a Run of fixed text
    fmt: ParaFmt
    style_name: str | None
    has_drawing: bool
    sect: object  # the sectPr in its pPr (read from the shape), or None
    reads_texts: bool  # whether any run takes its text from the paragraph's own


_MAX_SHAPES = 20000  # shapes kept per style table (a long document of all-different paragraphs)


class _Reader:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.counter = 0

    def from_text(self, piece: str, body: scan.BodyText, table_ctx=None, table_style=None) -> tuple:
        """Return the paragraph written as `piece` and the sectPr of its pPr (None when it has none),
        as `paragraph` reads it: its shape is read once, by `paragraph`, then only its texts."""
        shape, texts = scan.split(piece)
        key = (shape, table_style)
        shapes = self.styles.shapes
        known = shapes.get(key)
        if known is None:
            if len(shapes) >= _MAX_SHAPES:
                shapes.clear()
            known = shapes[key] = self._shape(body.parse(scan.marked(shape)), table_style)
        return self._fill(known, texts, table_ctx), known.sect

    def row_from_text(self, piece: str, body: scan.BodyText, table_no: int, row: int, table_style,
                      grid: list[int]) -> list[Paragraph]:
        """Return the paragraphs of the table row written as `piece`, as `_read_table` reads them: the
        row's shape (its cells, their widths, their paragraphs' shapes) is read once, then only its texts."""
        shape, texts = scan.split(piece)
        key = (shape, table_style, tuple(grid))
        shapes = self.styles.shapes
        known = shapes.get(key)
        if known is None:
            if len(shapes) >= _MAX_SHAPES:
                shapes.clear()
            known = shapes[key] = self._row_shape(body.parse(scan.marked(shape)), table_style, grid)
        return [self._fill(p, texts, (table_no, row, col, width)) for col, width, p in known]

    def _fill(self, known: _Shape, texts: list[str], table_ctx) -> Paragraph:
        """Return the next paragraph: one of shape `known` whose texts (between its tags) are `texts`."""
        self.counter += 1
        if known.reads_texts:
            unescape = scan.unescape
            runs = [run if run.__class__ is Run else Run(_normalize("NFC", unescape(texts[run[0]])), run[1])
                    for run in known.runs]
        else:
            runs = list(known.runs)
        para = Paragraph(self.counter, runs, known.fmt, has_drawing=known.has_drawing, style_name=known.style_name)
        if table_ctx:
            para.table, para.row, para.col, para.cell_width = table_ctx
        return para

    def _shape(self, p, table_style) -> _Shape:
        """Read the marked shape `p` (scan.marked) once with `paragraph`."""
        para = self.paragraph(p, None, table_style)
        self.counter -= 1
        runs = []
        for run in para.runs:
            place = scan.gap_of(run.text)
            if place is not None:
                runs.append((place, run.fmt))
            elif scan.has_mark(run.text):
                raise scan.Unreadable("a run reads from more than one text")
            else:
                runs.append(run)
        sect = next((s for ppr in p.iterchildren(_P_PR) for s in ppr.iterchildren(_SECT_PR)), None)
        return _Shape(runs, para.fmt, para.style_name, para.has_drawing, sect,
                      any(type(run) is not Run for run in runs))

    def _row_shape(self, tr, table_style, grid: list[int]) -> list[tuple]:
        """Read the marked row `tr` once as `_read_table` reads a row: (column, width, shape) of each
        of its paragraphs."""
        found: list[tuple] = []
        for col, width, p in _row_paragraphs(tr, grid):
            found.append((col, width, self._shape(p, table_style)))
        return found

    def paragraph(self, p, table_ctx=None, table_style=None) -> Paragraph:
        # Hot loop (a long document has 100 000 paragraphs): iterchildren() instead of find(),
        # which goes through lxml's Python path parser on every call, and one walk for runs and drawings.
        self.counter += 1
        styles = self.styles
        ppr = next(p.iterchildren(_P_PR), None)
        psid = None
        if ppr is not None:
            ps = next(ppr.iterchildren(_P_STYLE), None)
            if ps is not None:
                psid = ps.get(_VAL)
        if psid is None:
            psid = styles.default_para
        plain = styles.plain_formats.get((psid, table_style)) if ppr is None else None
        if plain is None:
            pfmt = styles.para_format(ppr, psid, table_style)
            name = styles.name(psid)
            if ppr is None:
                styles.plain_formats[(psid, table_style)] = (pfmt, name)
        else:
            pfmt, name = plain
        runs: list[Run] = []
        has_drawing = False
        for r in p.iter(_R, _DRAWING, _PICT):
            if r.tag != _R:
                has_drawing = True
                continue
            # Skip runs of text boxes / deleted text: only runs whose nearest paragraph is `p`.
            if r.getparent() is not p and _nearest_para(r) is not p:
                continue
            rpr = next(r.iterchildren(_R_PR), None)
            csid = None
            if rpr is not None:
                rs = next(rpr.iterchildren(_R_STYLE), None)
                if rs is not None:
                    csid = rs.get(_VAL)
            fmt = styles.run_format(rpr, csid, psid, table_style)
            for child in r:
                tag = child.tag
                if tag == _T:
                    runs.append(Run(_normalize("NFC", child.text or ""), fmt))
                elif tag in _BREAKS:
                    runs.append(Run(_BREAKS[tag], fmt))
                elif tag != _R_PR and isinstance(tag, str):  # the same words in another namespace read the same
                    local = tag.rpartition("}")[2]
                    if local in _LOCAL_TEXT:
                        runs.append(Run(nfc(child.text or "") if local == "t" else _LOCAL_TEXT[local], fmt))
        para = Paragraph(self.counter, runs, pfmt, has_drawing=has_drawing, style_name=name)
        if table_ctx:
            para.table, para.row, para.col, para.cell_width = table_ctx
        return para


def _nearest_para(el):
    parent = el.getparent()
    while parent is not None and parent.tag != _w("p"):
        if parent.tag in (_w("del"), _w("txbxContent")):
            return None
        parent = parent.getparent()
    return parent


def _read_part(zf: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(zf.read(name))
    except KeyError:
        return None


def _rels(zf: zipfile.ZipFile, part: str) -> dict:
    folder, base = part.rsplit("/", 1)
    root = _read_part(zf, f"{folder}/_rels/{base}.rels")
    if root is None:
        return {}
    return {r.get("Id"): (folder + "/" + r.get("Target")) if not r.get("Target").startswith("/") else r.get("Target")[1:]
            for r in root.findall(f"{{{REL_NS}}}Relationship")}


_STYLES: OrderedDict[bytes, _Styles] = OrderedDict()  # drafts of one template share their styles part


def _styles(zf: zipfile.ZipFile, theme_name: str | None) -> _Styles:
    """Return the resolved styles of the package, reusing those of an earlier document with the same parts."""
    parts = []
    for name in ("word/styles.xml", theme_name):
        try:
            parts.append(zf.read(name) if name else None)
        except KeyError:
            parts.append(None)
    digest = hashlib.sha1()
    for part in parts:
        digest.update(b"-" if part is None else len(part).to_bytes(8, "big") + part)
    key = digest.digest()
    found = _STYLES.get(key)
    if found is not None:
        _STYLES.move_to_end(key)
        return found
    styles = _Styles(*(etree.fromstring(p) if p is not None else None for p in parts))
    _STYLES[key] = styles
    if len(_STYLES) > 8:
        _STYLES.popitem(last=False)
    return styles


def read_document(path: Path) -> Document:
    """Return the `Document` read from the .docx at `path` (raises zipfile/KeyError/XMLSyntaxError on junk)."""
    with zipfile.ZipFile(path) as zf:
        main_part = "word/document.xml"
        data = zf.read(main_part)
        rels = _rels(zf, main_part)
        theme_name = next((t for t in rels.values() if "theme" in t), None)
        styles = _styles(zf, theme_name)
        text = scan.BodyText.of(data)
        if text is not None:
            try:
                return _read_body(zf, rels, styles, _scanned(text, _Reader(styles), styles))
            except scan.Unreadable:
                pass  # read as a tree, from the start
        body = etree.fromstring(data).find(_w("body"))
        return _read_body(zf, rels, styles, _walked(body, _Reader(styles), styles))


def _walked(body, reader: _Reader, styles: _Styles):
    """Yield the body's paragraphs (with the sectPr of their pPr), tables' paragraphs and sectPr, from its tree."""
    for child in body:
        if child.tag == _P:
            para = reader.paragraph(child)
            yield _P, para, next((s for ppr in child.iterchildren(_P_PR) for s in ppr.iterchildren(_SECT_PR)), None)
        elif child.tag == _TBL:
            yield _TBL, reader, child
        elif child.tag == _SECT_PR:
            yield _SECT_PR, None, child


def _scanned(text: scan.BodyText, reader: _Reader, styles: _Styles):
    """Yield what `_walked` yields, from the body's text: paragraphs by shape, sectPr as trees."""
    for tag, at, stop in text.children():
        if tag == "w:p":
            para, sect = reader.from_text(text.text[at:stop], text)
            yield _P, para, sect
        elif tag == "w:tbl":
            yield _TBL, reader, (text, at, stop)
        elif tag == "w:sectPr":
            yield _SECT_PR, None, text.parse(text.text[at:stop])


def _read_body(zf: zipfile.ZipFile, rels: dict, styles: _Styles, items) -> Document:
    paragraphs: list[Paragraph] = []
    tables: dict[int, list[Paragraph]] = {}
    sect_elems: list = []
    sect_first: list[int | None] = [None]
    sect_tables: list[bool] = [False]
    table_no = 0
    for tag, para, element in items:
        if tag == _P:
            para.section = len(sect_elems)
            paragraphs.append(para)
            if sect_first[-1] is None:
                sect_first[-1] = para.index
            if element is not None:
                sect_elems.append(element)
                sect_first.append(None)
                sect_tables.append(False)
        elif tag == _TBL:
            table_no += 1
            sect_tables[-1] = True
            cell_paras = (_read_table(element, table_no, para, styles) if type(element) is not tuple
                          else _read_table_text(*element, table_no, para, styles))
            for cell_para in cell_paras:
                cell_para.section = len(sect_elems)
                if sect_first[-1] is None:
                    sect_first[-1] = cell_para.index
            paragraphs.extend(cell_paras)
            tables[table_no] = cell_paras
        else:
            sect_elems.append(element)
    if len(sect_elems) < len(sect_first):
        sect_first.pop()
        sect_tables.pop()
    sections = []
    inherited: dict = {}
    for i, sp in enumerate(sect_elems):
        headers = dict(inherited)
        for ref in sp.findall(_w("headerReference")):
            target = rels.get(ref.get(f"{{{R}}}id"))
            kind = ref.get(_w("type"), "default")
            headers[kind] = _header(zf, target, styles) if target else []
        inherited = headers
        sections.append(_section(i, sp, headers, sect_first[i] if i < len(sect_first) else None,
                                 sect_tables[i] if i < len(sect_tables) else False))
    return Document(paragraphs, sections, tables)


def _header(zf: zipfile.ZipFile, target: str, styles: _Styles) -> list[Paragraph]:
    """Return the paragraphs of the header part `target` (none when it is missing); the drafts of one
    template share their headers, which are read once (rules never change a paragraph)."""
    try:
        data = zf.read(target)
    except KeyError:
        return []
    found = styles.headers.get(data)
    if found is None:
        if len(styles.headers) >= 64:
            styles.headers.clear()
        found = styles.headers[data] = _header_paragraphs(etree.fromstring(data), _Reader(styles))
    return found


def _header_paragraphs(hdr_xml, reader: _Reader) -> list:
    paras = []
    for p in hdr_xml.iter(_w("p")):
        para = reader.paragraph(p)
        para.index = 0  # header paragraphs are not numbered with the body
        para.has_page_field = _has_page_field(p)
        paras.append(para)
    return paras


def _has_page_field(p) -> bool:
    for fs in p.iter(_w("fldSimple")):
        if re.search(r"\bPAGE\b", fs.get(_w("instr"), "")):
            return True
    for it in p.iter(_w("instrText")):
        if re.search(r"\bPAGE\b", it.text or ""):
            return True
    return False


def _child(el, tag: str):
    """Return the first child of `el` with `tag` (as `find`, without lxml's path parser)."""
    return next(el.iterchildren(tag), None)


def _read_table(tbl, table_no: int, reader: _Reader, styles: _Styles, read=None) -> list[Paragraph]:
    """Return the paragraphs of the table `tbl`, each read by `read(p, table context, table style)`
    (by default the reader's `paragraph`)."""
    read = read or reader.paragraph
    tsid, grid = _table_style_and_grid(_child(tbl, _w("tblPr")), tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}"),
                                       styles)
    out = []
    for r_i, tr in enumerate(tbl.iterchildren(_w("tr"))):
        out += [read(p, (table_no, r_i, c_i, width), tsid) for c_i, width, p in _row_paragraphs(tr, grid)]
    return out


def _table_style_and_grid(tpr, cols, styles: _Styles) -> tuple[str | None, list[int]]:
    """Return a table's style (its own, else the default table style) and its grid column widths."""
    tsid = None
    if tpr is not None and _child(tpr, _w("tblStyle")) is not None:
        tsid = _child(tpr, _w("tblStyle")).get(_VAL)
    return tsid or styles.default_table, [_attr_num(g, "w") or 0 for g in cols]


def _row_paragraphs(tr, grid: list[int]):
    """Yield (cell index, cell width, paragraph) for each paragraph of the row `tr`, in order; a nested
    table's paragraphs belong to the outer cell, with no width."""
    col = 0
    tc_pr, grid_span, tc_w, w_type = _w("tcPr"), _w("gridSpan"), _w("tcW"), _w("type")
    for c_i, tc in enumerate(tr.iterchildren(_w("tc"))):
        tcpr = _child(tc, tc_pr)
        span = 1
        width = None
        if tcpr is not None:
            gs = _child(tcpr, grid_span)
            if gs is not None:
                span = _attr_num(gs, "val") or 1
            tcw = _child(tcpr, tc_w)
            if tcw is not None and tcw.get(w_type, "dxa") == "dxa":
                width = _attr_num(tcw, "w")
        if not width and grid[col:col + span]:
            width = sum(grid[col:col + span])
        for el in tc:
            if el.tag == _P:
                yield c_i, width, el
            elif el.tag == _TBL:  # nested table: keep its text, owned by the outer cell
                for p in el.iter(_P):
                    yield c_i, None, p
        col += span


def _read_table_text(text: scan.BodyText, at: int, stop: int, table_no: int, reader: _Reader,
                     styles: _Styles) -> list[Paragraph]:
    """`_read_table` of the table written from `at` to `stop` in `text`, row by row by shape (scan.py)."""
    body = text.text
    children = list(text.children(*text.inside("w:tbl", at, stop)))
    props = [text.parse(body[a:b]) for tag, a, b in children if tag in ("w:tblPr", "w:tblGrid")]
    tsid, grid = _table_style_and_grid(next((el for el in props if el.tag == _w("tblPr")), None),
                                       [g for el in props if el.tag == _w("tblGrid")
                                        for g in el.iterchildren(_w("gridCol"))], styles)
    rows = (body[a:b] for tag, a, b in children if tag == "w:tr")
    return [p for r_i, row in enumerate(rows) for p in reader.row_from_text(row, text, table_no, r_i, tsid, grid)]


def _section(i, sp, headers, first_para, has_table) -> Section:
    pgsz = sp.find(_w("pgSz"))
    mar = sp.find(_w("pgMar"))
    margins = {}
    if mar is not None:
        for k in ("top", "bottom", "left", "right", "header"):
            v = _attr_num(mar, k)
            if v is not None:
                margins[k] = abs(v)
    title_pg = _toggle(sp.find(_w("titlePg"))) or False
    pnt = sp.find(_w("pgNumType"))
    return Section(
        index=i,
        width=_attr_num(pgsz, "w"),
        height=_attr_num(pgsz, "h"),
        orient=pgsz.get(_w("orient")) if pgsz is not None else None,
        margins=margins,
        title_pg=title_pg,
        headers=headers,
        page_start=_attr_num(pnt, "start"),
        first_para=first_para,
        has_table=has_table,
    )
