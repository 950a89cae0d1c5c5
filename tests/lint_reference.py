"""The checker's reader as it was before its caches (resolution per run, `find` paths, a fresh style
table per document), kept to prove that the fast reader in kehoach/lint/ooxml.py reads every
document to the very same values."""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from kehoach.lint.ooxml import (
    Document,
    Paragraph,
    R,
    Run,
    _attr_num,
    _header_paragraphs,
    _nearest_para,
    _read_part,
    _rels,
    _resolve_ppr,
    _resolve_rpr,
    _section,
    _Styles,
    _w,
    nfc,
)


def _chain(styles: _Styles, sid, tag):
    return styles._chain(sid, tag)  # the uncached walk up the basedOn chain


class _Reader:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.counter = 0

    def paragraph(self, p, table_ctx=None, table_style=None) -> Paragraph:
        self.counter += 1
        ppr = p.find(_w("pPr"))
        psid = None
        if ppr is not None and ppr.find(_w("pStyle")) is not None:
            psid = ppr.find(_w("pStyle")).get(_w("val"))
        if psid is None:
            psid = self.styles.default_para
        pstyle_ppr = _chain(self.styles, psid, "pPr")
        pstyle_rpr = _chain(self.styles, psid, "rPr")
        tstyle_ppr = _chain(self.styles, table_style, "pPr") if table_style else []
        tstyle_rpr = _chain(self.styles, table_style, "rPr") if table_style else []
        pfmt = _resolve_ppr([ppr, *pstyle_ppr, *tstyle_ppr, self.styles.ppr_default])
        runs: list[Run] = []
        for r in p.iter(_w("r")):
            # Skip runs of text boxes / deleted text: only runs whose nearest paragraph is `p`.
            if _nearest_para(r) is not p:
                continue
            rpr = r.find(_w("rPr"))
            csid = None
            if rpr is not None and rpr.find(_w("rStyle")) is not None:
                csid = rpr.find(_w("rStyle")).get(_w("val"))
            chain = [rpr, *_chain(self.styles, csid, "rPr"), *pstyle_rpr, *tstyle_rpr, self.styles.rpr_default]
            fmt = _resolve_rpr(chain, self.styles)
            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    runs.append(Run(nfc(child.text or ""), fmt))
                elif tag in ("br", "cr"):
                    runs.append(Run("\n", fmt))
                elif tag == "tab":
                    runs.append(Run("\t", fmt))
                elif tag == "noBreakHyphen":
                    runs.append(Run("-", fmt))
        has_drawing = bool(p.findall(f".//{_w('drawing')}")) or bool(p.findall(f".//{_w('pict')}"))
        para = Paragraph(self.counter, runs, pfmt, has_drawing=has_drawing, style_name=self.styles.name(psid))
        if table_ctx:
            para.table, para.row, para.col, para.cell_width = table_ctx
        return para




def read_document(path: Path) -> Document:
    """Return the `Document` read from the .docx at `path` (raises zipfile/KeyError/XMLSyntaxError on junk)."""
    with zipfile.ZipFile(path) as zf:
        main_part = "word/document.xml"
        body_xml = etree.fromstring(zf.read(main_part))
        rels = _rels(zf, main_part)
        styles_xml = _read_part(zf, "word/styles.xml")
        theme_name = next((t for t in rels.values() if "theme" in t), None)
        theme_xml = _read_part(zf, theme_name) if theme_name else None
        styles = _Styles(styles_xml, theme_xml)  # never shared between documents
        reader = _Reader(styles)
        body = body_xml.find(_w("body"))
        paragraphs: list[Paragraph] = []
        tables: dict[int, list[Paragraph]] = {}
        sect_elems: list = []
        sect_first: list[int | None] = [None]
        sect_tables: list[bool] = [False]
        table_no = 0
        for child in body:
            if child.tag == _w("p"):
                para = reader.paragraph(child)
                para.section = len(sect_elems)
                paragraphs.append(para)
                if sect_first[-1] is None:
                    sect_first[-1] = para.index
                sp = child.find(f"{_w('pPr')}/{_w('sectPr')}")
                if sp is not None:
                    sect_elems.append(sp)
                    sect_first.append(None)
                    sect_tables.append(False)
            elif child.tag == _w("tbl"):
                table_no += 1
                sect_tables[-1] = True
                cell_paras = _read_table(child, table_no, reader, styles)
                for para in cell_paras:
                    para.section = len(sect_elems)
                    if sect_first[-1] is None:
                        sect_first[-1] = para.index
                paragraphs.extend(cell_paras)
                tables[table_no] = cell_paras
            elif child.tag == _w("sectPr"):
                sect_elems.append(child)
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
                hdr_xml = _read_part(zf, target) if target else None
                hdr_reader = _Reader(styles)
                hdr_reader.counter = 0
                headers[kind] = _header_paragraphs(hdr_xml, hdr_reader) if hdr_xml is not None else []
            inherited = headers
            sections.append(_section(i, sp, headers, sect_first[i] if i < len(sect_first) else None,
                                     sect_tables[i] if i < len(sect_tables) else False))
    return Document(paragraphs, sections, tables)




def _read_table(tbl, table_no: int, reader: _Reader, styles: _Styles) -> list[Paragraph]:
    tpr = tbl.find(_w("tblPr"))
    tsid = None
    if tpr is not None and tpr.find(_w("tblStyle")) is not None:
        tsid = tpr.find(_w("tblStyle")).get(_w("val"))
    tsid = tsid or styles.default_table
    grid = [_attr_num(g, "w") or 0 for g in tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}")]
    out = []
    for r_i, tr in enumerate(tbl.findall(_w("tr"))):
        col = 0
        for c_i, tc in enumerate(tr.findall(_w("tc"))):
            tcpr = tc.find(_w("tcPr"))
            span = 1
            width = None
            if tcpr is not None:
                gs = tcpr.find(_w("gridSpan"))
                if gs is not None:
                    span = _attr_num(gs, "val") or 1
                tcw = tcpr.find(_w("tcW"))
                if tcw is not None and tcw.get(_w("type"), "dxa") == "dxa":
                    width = _attr_num(tcw, "w")
            if not width and grid[col:col + span]:
                width = sum(grid[col:col + span])
            for el in tc:
                if el.tag == _w("p"):
                    out.append(reader.paragraph(el, (table_no, r_i, c_i, width), tsid))
                elif el.tag == _w("tbl"):  # nested table: keep its text, owned by the outer cell
                    for p in el.iter(_w("p")):
                        out.append(reader.paragraph(p, (table_no, r_i, c_i, None), tsid))
            col += span
    return out


