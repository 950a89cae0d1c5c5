"""Open a .docx, locate its parts and run every rule: the entry point of the static (non-PDF) checks."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import KehoachError, Problem
from ..files import check_zip
from .findings import WARNING, Finding, merge_repeats, snippet, sort_key
from .ooxml import Document, read_document
from .rules import ALL_RULES, realize
from .structure import locate


def open_docx(path: Path) -> Document:
    """Return the parsed document; raise KehoachError when `path` is missing or not a Word .docx file."""
    path = Path(path)
    if not path.exists():
        raise KehoachError(Problem("không tìm thấy tệp", file=str(path)))
    if path.is_dir():
        raise KehoachError(Problem("đây là thư mục, không phải tệp .docx", file=str(path)))
    if not path.is_file():  # a pipe or a device would block or never end
        raise KehoachError(Problem("đây không phải một tệp thường, không đọc như tệp .docx được", file=str(path)))
    if path.suffix.lower() == ".doc":
        raise KehoachError(Problem("tệp .doc (Word 97–2003) không đọc được; hãy mở bằng Word/LibreOffice và "
                                   "lưu lại dưới dạng .docx", file=str(path)))
    try:
        check_zip(path)
        return read_document(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, etree.XMLSyntaxError, EOFError, ValueError,
            NotImplementedError, RuntimeError, OSError) as e:
        raise KehoachError(Problem("không phải tệp Word .docx hợp lệ (hoặc tệp bị hỏng)", file=str(path))) from e


def lint_docx(path: Path | str, spot_templates: bool = False, pages: int | None = None) -> list[Finding]:
    """Return the findings of every ND 30 rule on the .docx at `path`, in document order.

    With `spot_templates` (the `lint` command on a file of unknown origin), a docxtpl template
    is answered with one TPL-0 finding instead. Without it — every document kehoach built —
    the rules always run in full, whatever braces the text holds. `pages` is the page count of
    a rendering when one was made (else the checker estimates it). Raise KehoachError when
    the file is missing or is not a .docx.
    """
    doc = open_docx(Path(path))
    tagged = [p for p in doc.paragraphs if template_tag(p.text)] if spot_templates else []
    if tagged:
        # A docxtpl template, not a document: its Jinja tags would make every rule misfire.
        return [Finding("TPL-0", WARNING, "tệp chứa thẻ Jinja nên là mẫu docxtpl, không phải văn bản: hãy kiểm tra "
                        "bằng lệnh «kehoach lint-template», hoặc kiểm tra văn bản đã dựng từ mẫu",
                        tagged[0].text.strip()[:60], "văn bản không còn thẻ {{ … }} / {% … %}",
                        tagged[0].index, snippet(tagged[0].text))]
    parts = locate(doc)
    parts.pages = pages
    findings: list = []  # Findings, and Pending tuples of the rules that report on many paragraphs
    for rule in ALL_RULES:
        findings.extend(rule(doc, parts))
    return sorted(merge_repeats(findings, realize), key=sort_key)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_DOCXTPL_PREFIX = re.compile(r"^(\{[{%])-?\s*(?:p|r|tr|tc)\s")
_OPENERS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro", "block": "endblock",
            "filter": "endfilter", "call": "endcall"}


def template_tag(text: str) -> str | None:
    """Return the first docxtpl tag of `text` that Jinja parses and that uses a template variable.

    `{{ trich_yeu }}` or `{%p for t in nhiem_vu %}` make a template; `{{ 7*7 }}` or `{% if %}`
    typed in a document's prose do not.
    """
    if "{" not in text:
        return None
    import jinja2
    from jinja2 import meta

    env = jinja2.Environment()
    for m in _TAG.finditer(text):
        source = standalone(m.group(0))
        if source is None:
            continue  # a closing or middle tag (endfor, else) only counts with its opener
        try:
            names = meta.find_undeclared_variables(env.parse(source))
        except jinja2.TemplateSyntaxError:
            continue
        if names:
            return m.group(0)
    return None


def standalone(tag: str) -> str | None:
    """Return one docxtpl `tag` as Jinja source that can parse on its own; None for a closing or middle tag.

    docxtpl's paragraph/run/row/cell marks (`{%p`, `{{r`, `{%tr`, `{%tc`) are dropped, and an
    opening block (`{% for … %}`) gets its end tag.
    """
    source = _DOCXTPL_PREFIX.sub(r"\1 ", tag)
    keyword = source[2:].strip(" -").split(" ", 1)[0] if source.startswith("{%") else ""
    if keyword in _OPENERS:
        return source + "{% " + _OPENERS[keyword] + " %}"
    return None if keyword else source
