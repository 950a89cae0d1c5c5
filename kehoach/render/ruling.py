"""Give the rules under the issuing body and the trích yếu the length the document model measured.

A rule is an empty paragraph whose top border is the line; its length is the room left between
its left and right indents. The template cannot carry a per-document indent (Word refuses Jinja
inside XML attributes), so the rendered document's rule paragraphs are found by style name (ids
change when LibreOffice or Word re-saves a template, names do not) and centred in their cell or
page at the measured length.
"""
from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Style name of each rule paragraph → key of the context's `ke_duoi`.
RULE_STYLES = {"KH Kẻ dưới cơ quan": "co_quan", "KH Kẻ dưới trích yếu": "trich_yeu"}
# pPr children that come after w:ind (ECMA-376 §17.3.1.26 order): w:ind goes before the first of them.
_AFTER_IND = ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def style_ids(styles_xml: bytes, names) -> dict[str, str]:
    """Return {style id: name} for the paragraph styles of `styles_xml` whose name is in `names`."""
    root = etree.fromstring(styles_xml)
    out = {}
    for st in root.iter(_w("style")):
        name = st.find(_w("name"))
        if name is not None and name.get(_w("val")) in names:
            out[st.get(_w("styleId"))] = name.get(_w("val"))
    return out


def size_rules(document_xml: bytes, styles_xml: bytes, lengths: dict[str, int]) -> bytes:
    """Return `document_xml` with every rule paragraph centred at its length from `lengths` (twips)."""
    ids = style_ids(styles_xml, RULE_STYLES)
    if not ids or not lengths:
        return document_xml
    root = etree.fromstring(document_xml)
    if not size_rules_tree(root.find(_w("body")), ids, lengths):
        return document_xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def size_rules_tree(body, ids: dict[str, str], lengths: dict[str, int]) -> bool:
    """Centre, in place, every rule paragraph of `body` (rule styles `ids`, see `style_ids`) at its length;
    return whether any changed."""
    changed = False
    p_tag, ppr_tag = _w("p"), _w("pPr")
    # Only paragraphs whose style is a rule style can change: reach them from their w:pStyle.
    styled = list(dict.fromkeys(
        s.getparent().getparent() for s in body.iter(_w("pStyle"))
        if s.get(_w("val")) in ids and s.getparent().tag == ppr_tag and s.getparent().getparent().tag == p_tag))
    for p in styled:
        ppr = p.find(_w("pPr"))
        pstyle = ppr.find(_w("pStyle")) if ppr is not None else None
        sid = pstyle.get(_w("val")) if pstyle is not None else None
        key = RULE_STYLES.get(ids.get(sid, ""))
        if key is None or key not in lengths:
            continue
        room = _room(p, body)
        if room is None:
            continue
        length = min(int(lengths[key]), room)
        left = (room - length) // 2
        _set_indent(ppr, left, room - length - left)
        changed = True
    return changed


def _room(p, body) -> int | None:
    """Return the width a paragraph of `p`'s container has: its cell, or the text width of its section."""
    tc = next((a for a in p.iterancestors(_w("tc"))), None)
    if tc is not None:
        width = _cell_width(tc)
        if width is None:
            return None
        tbl = next(tc.iterancestors(_w("tbl")))
        mar = tbl.find(f"{_w('tblPr')}/{_w('tblCellMar')}")
        pad = 0
        for side in ("left", "right"):
            el = mar.find(_w(side)) if mar is not None else None
            pad += int(el.get(_w("w"), "0")) if el is not None else 108  # Word's default cell margin
        return width - pad
    sect = _section_of(p, body)
    if sect is None:
        return None
    size, mar = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    if size is None or mar is None:
        return None
    return int(size.get(_w("w"))) - int(mar.get(_w("left"), "0")) - int(mar.get(_w("right"), "0"))


def _cell_width(tc) -> int | None:
    tcw = tc.find(f"{_w('tcPr')}/{_w('tcW')}")
    if tcw is not None and tcw.get(_w("type"), "dxa") == "dxa" and int(tcw.get(_w("w"), "0")) > 0:
        return int(tcw.get(_w("w")))
    # No fixed cell width: the grid columns the cell covers.
    tr = tc.getparent()
    tbl = tr.getparent()
    grid = [int(g.get(_w("w"), "0")) for g in tbl.iter(_w("gridCol"))]
    col = 0
    for other in tr.findall(_w("tc")):
        span_el = other.find(f"{_w('tcPr')}/{_w('gridSpan')}")
        span = int(span_el.get(_w("val"))) if span_el is not None else 1
        if other is tc:
            return sum(grid[col:col + span]) or None
        col += span
    return None


def _section_of(p, body):
    """Return the sectPr that governs the body-level element holding `p`."""
    top = p
    while top.getparent() is not body:
        top = top.getparent()
    # The first of `top` and the elements after it that ends a section (in C: a body has hundreds).
    found = _SECTION_END(top)
    if not found:
        return None
    el = found[0]
    return el if el.tag == _w("sectPr") else el.find(f"{_w('pPr')}/{_w('sectPr')}")


_SECTION_END = etree.XPath("(self::*|following-sibling::*)[self::w:sectPr or self::w:p[w:pPr/w:sectPr]][1]",
                          namespaces={"w": W})


def _set_indent(ppr, left: int, right: int) -> None:
    ind = ppr.find(_w("ind"))
    if ind is None:
        ind = etree.Element(_w("ind"))
        following = next((c for c in ppr if etree.QName(c).localname in _AFTER_IND), None)
        if following is not None:
            following.addprevious(ind)
        else:
            ppr.append(ind)
    for attr in list(ind.attrib):
        if etree.QName(attr).localname in ("left", "right", "start", "end", "hanging", "firstLine"):
            del ind.attrib[attr]
    ind.set(_w("left"), str(left))
    ind.set(_w("right"), str(right))
    ind.set(_w("firstLine"), "0")
