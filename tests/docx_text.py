"""Read a .docx the way a clerk does: every paragraph in reading order, tables included."""
from __future__ import annotations

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(parent):
    """Yield paragraphs in document order, descending into table cells row by row."""
    body = parent.element.body if hasattr(parent, "element") and hasattr(parent.element, "body") else parent._element
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, parent)
        elif tag == "tbl":
            table = Table(child, parent)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat in python-docx
                        continue
                    seen.add(id(cell._tc))
                    yield from blocks(cell)


def lines(path) -> list[str]:
    """Return the non-empty paragraph texts of the document at `path`, whitespace collapsed."""
    doc = Document(str(path))
    return [" ".join(p.text.split()) for p in blocks(doc) if p.text.strip()]


def paragraph(path, text: str) -> Paragraph:
    """Return the first paragraph whose collapsed text equals `text`."""
    doc = Document(str(path))
    for p in blocks(doc):
        if " ".join(p.text.split()) == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def row_texts(row) -> list[str]:
    """Return the texts of a table row's cells, one per cell however many grid columns it spans."""
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(" ".join(cell.text.split()))
    return out
