"""Estimate how many pages a document prints on, from its text and formatting, when no rendering is at hand.

ND 30 asks for page numbers only from page 2 (PL-I I.7), so the checker must tell a one-page decision
from a two-page one. Without LibreOffice the estimate sets each paragraph's words in Times New Roman
widths at its own size, in the width it has (page or table cell, less indents), and stacks the lines
(single spacing = 1.15 × the font size, the line-spacing multiple, space before and after). A table row
is as tall as its tallest cell. Each later section starts on a new page.
"""
from __future__ import annotations

from ..rules import fontmetrics
from ..rules.fontmetrics import text_width
from .ooxml import Document, Paragraph

LINE_FACTOR = 1.15  # height of a single-spaced line of Times New Roman, in font sizes
DEFAULT_SIZE = 10.0  # what Word uses when no size is set anywhere
CELL_PADDING = 216  # default left + right cell margins (0.19 cm each)


def estimated_pages(doc: Document) -> float:
    """Return the estimated page count of `doc` (fractional: 0.8 is most of one page)."""
    sizes = [r.fmt.size for p in doc.paragraphs for r in p.runs if r.fmt.size and r.text.strip()]
    # An empty paragraph has no run to read its size from: take the size most of the text has.
    usual = max(set(sizes), key=sizes.count) if sizes else DEFAULT_SIZE
    heights: dict[int, float] = {}
    rows: dict[tuple[int, int], dict[int, float]] = {}
    for p in doc.paragraphs:
        section = min(p.section, len(doc.sections) - 1) if doc.sections else 0
        width = _width(doc, p, section)
        h = paragraph_height(p, width, usual)
        if p.table is None:
            heights[section] = heights.get(section, 0.0) + h
        else:
            cells = rows.setdefault((p.table, p.row), {})
            cells[p.col] = cells.get(p.col, 0.0) + h
            rows[(p.table, p.row)]["_section"] = section
    for cells in rows.values():
        section = int(cells.pop("_section"))
        heights[section] = heights.get(section, 0.0) + max(cells.values(), default=0.0)
    total = 0.0
    for index, height in sorted(heights.items()):
        room = _room(doc, index)
        pages = height / room if room > 0 else 1.0
        total += pages if index == 0 else max(pages, 1.0)
    return total


def paragraph_height(p: Paragraph, width: float, empty_size: float = DEFAULT_SIZE) -> float:
    """Return the height of `p` set in `width` twips, spacing before and after included (twips).

    `empty_size` is the size taken for a paragraph with no text (its mark's size is not read).
    """
    size = max(((r.fmt.size or DEFAULT_SIZE) for r in p.runs if r.text.strip()), default=None)
    if size is None:
        size = next((r.fmt.size for r in p.runs if r.fmt.size), None) or empty_size
    bold = all(r.fmt.bold for r in p.runs if r.text.strip())
    lines = sum(_lines(part, width, p, size, bold) for part in p.text.split("\n"))
    f = p.fmt
    if f.line is None or (f.line_rule or "auto") == "auto":
        line = size * 20 * LINE_FACTOR * ((f.line or 240) / 240)
    elif f.line_rule == "exact":
        line = f.line
    else:
        line = max(f.line, size * 20 * LINE_FACTOR)
    return lines * line + f.before + f.after


def _lines(text: str, width: float, p: Paragraph, size: float, bold: bool) -> int:
    words = text.replace("\t", " ").split()
    if not words:
        return 1
    space = text_width(" ", size, bold)
    first = width - p.fmt.first_line + p.fmt.hanging
    lines, used, room = 1, 0.0, first
    # = text_width(word, size, bold) for each word, without a call per word (a long document has millions)
    upem, units, look = fontmetrics._table()[0], fontmetrics._units, fontmetrics.face(bold, False)
    for w in [units(word, look) * size * 20 / upem for word in words]:
        if used and used + space + w > room:
            lines += 1
            used, room = w, width
        else:
            used += (space if used else 0) + w
    return lines


def _width(doc: Document, p: Paragraph, section: int) -> float:
    if p.table is not None and p.cell_width:
        width = p.cell_width - CELL_PADDING
    else:
        width = doc.sections[section].text_width if doc.sections else 9355
    return max(width - p.fmt.left - p.fmt.right, 567)


def _room(doc: Document, section: int) -> float:
    if not doc.sections:
        return 16838 - 2 * 1134
    sec = doc.sections[section]
    return (sec.height or 16838) - sec.margins.get("top", 1134) - sec.margins.get("bottom", 1134)
