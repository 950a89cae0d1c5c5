"""Give a rendered table the grid its cells ask for.

A body table lies on a grid of equal columns and each cell spans what the document gives it
(`{% colspan %}`). Word and LibreOffice rebuild a table's grid when they save a template, keeping
only the columns its template cells use; docxtpl then pads the grid with equal columns and the
widths chosen from the content are lost. This puts back a grid of equal columns, as many as the
widest row spans, over the table's original width.
"""
from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_TBL, _TR, _TC, _TC_PR, _GRID_SPAN, _VAL = (_w(t) for t in ("tbl", "tr", "tc", "tcPr", "gridSpan", "val"))


def row_shapes(table) -> list[list] | None:
    """Return `[cells, columns spanned, is a row of table itself]` for every row under `table`, nested
    tables' rows too, in document order: what docxtpl's `fix_tables` and `repair_tree` count, read in
    one walk. None for a shape only their own walks read alike (two tcPr in a cell, a span that is not
    a number)."""
    rows: dict = {}  # row element -> its shape; a parent found again is the same Python object
    for el in table.iter(_TR, _TC, _GRID_SPAN):
        tag = el.tag
        if tag == _TR:
            rows[el] = [0, 0, el.getparent() is table]
        elif tag == _TC:
            row = rows.get(el.getparent())
            if row is not None:  # a cell of a row (not one inside a content control)
                row[0] += 1
                row[1] += 1
        else:
            props = el.getparent()
            cell = props.getparent() if props.tag == _TC_PR else None
            row = rows.get(cell.getparent()) if cell is not None and cell.tag == _TC else None
            if row is None:
                continue  # not a cell's span: neither walk reads it
            if next(cell.iterchildren(_TC_PR)) is not props or next(props.iterchildren(_GRID_SPAN)) is not el:
                return None
            try:
                row[1] += int(el.get(_VAL)) - 1
            except (TypeError, ValueError):
                return None
    return list(rows.values())


def _span(tc) -> int:
    # = tc.find("w:tcPr/w:gridSpan"), without lxml's path parser (run for every cell of every table)
    el = next((g for props in tc.iterchildren(_w("tcPr")) for g in props.iterchildren(_w("gridSpan"))), None)
    try:
        return int(el.get(_w("val"))) if el is not None else 1
    except (TypeError, ValueError):
        return 1


def repair_grids(document_xml: bytes) -> bytes:
    """Return `document_xml` with the grid of every table whose rows span more columns than it has rebuilt."""
    root = etree.fromstring(document_xml)
    if not repair_tree(root):
        return document_xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def repair_tree(root, known: dict | None = None) -> bool:
    """Rebuild, in place, the grid of every table under `root` whose rows span more columns than it has;
    return whether any changed. `known` holds the `row_shapes` of tables already read."""
    changed = False
    for tbl in root.iter(_w("tbl")):
        grid = tbl.find(_w("tblGrid"))
        if grid is None:
            continue
        cols = grid.findall(_w("gridCol"))
        shapes = known.get(tbl) if known else None
        if shapes is None:
            shapes = row_shapes(tbl)
        if shapes is not None:
            need = max((width for _, width, own in shapes if own), default=0)
        elif next(tbl.iter(_w("gridSpan")), None) is None:  # every cell spans one column: count them
            need = max((sum(1 for _ in tr.iterchildren(_w("tc"))) for tr in tbl.iterchildren(_w("tr"))), default=0)
        else:
            need = max((sum(_span(tc) for tc in tr.findall(_w("tc"))) for tr in tbl.findall(_w("tr"))), default=0)
        widths = [int(float(c.get(_w("w"), "0"))) for c in cols]
        if need <= len(cols) or need == 0:
            continue
        total = sum(widths)
        for c in cols:
            grid.remove(c)
        for i in range(need):
            col = etree.SubElement(grid, _w("gridCol"))
            col.set(_w("w"), str(total // need + (1 if i < total % need else 0)))
        changed = True
    return changed
