"""Open a .docx, locate its parts and run every rule: the entry point of the static (non-PDF) checks."""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..errors import KehoachError, Problem
from .findings import WARNING, Finding, merge_repeats, snippet, sort_key
from .ooxml import Document, read_document
from .rules import ALL_RULES
from .structure import locate


def open_docx(path: Path) -> Document:
    """Return the parsed document; raise KehoachError when `path` is missing or not a Word .docx file."""
    path = Path(path)
    if not path.exists():
        raise KehoachError(Problem("không tìm thấy tệp", file=str(path)))
    if path.is_dir():
        raise KehoachError(Problem("đây là thư mục, không phải tệp .docx", file=str(path)))
    if path.suffix.lower() == ".doc":
        raise KehoachError(Problem("tệp .doc (Word 97–2003) không đọc được; hãy mở bằng Word/LibreOffice và "
                                   "lưu lại dưới dạng .docx", file=str(path)))
    try:
        return read_document(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as e:
        raise KehoachError(Problem("không phải tệp Word .docx hợp lệ (hoặc tệp bị hỏng)", file=str(path))) from e


def lint_docx(path: Path | str, pages: int | None = None) -> list[Finding]:
    """Return the findings of every ND 30 rule on the .docx at `path`, in document order.

    `pages` is the page count of a rendering when one was made (else the checker estimates it).

    Raise KehoachError when the file is missing or is not a .docx.
    """
    doc = open_docx(Path(path))
    tagged = [p for p in doc.paragraphs if "{{" in p.text or "{%" in p.text]
    if tagged:
        # A docxtpl template, not a document: its Jinja tags would make every rule misfire.
        return [Finding("TPL-0", WARNING, "tệp chứa thẻ Jinja nên là mẫu docxtpl, không phải văn bản: hãy kiểm tra "
                        "bằng lệnh «kehoach lint-template», hoặc kiểm tra văn bản đã dựng từ mẫu",
                        tagged[0].text.strip()[:60], "văn bản không còn thẻ {{ … }} / {% … %}",
                        tagged[0].index, snippet(tagged[0].text))]
    parts = locate(doc)
    parts.pages = pages
    findings: list[Finding] = []
    for rule in ALL_RULES:
        findings.extend(rule(doc, parts))
    return sorted(merge_repeats(findings), key=sort_key)
