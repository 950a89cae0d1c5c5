"""Render a template with a document's context into deterministic .docx bytes; the only user of docxtpl/jinja2."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import fields, is_dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from docx.shared import Emu
from docxtpl import DocxTemplate, InlineImage, RichText
from lxml import etree

from ..documents.common import Block, Chart, styled
from ..errors import KehoachError, Problem
from .chart import render_chart

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def jinja_env() -> jinja2.Environment:
    """Return our Jinja environment: sandboxed (a template cannot reach Python internals or change
    values), autoescaped (`&`, `<` stay text) and strict about missing names."""
    return ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def _rich(text: str) -> RichText:
    rt = RichText()
    for part, italic in styled(text):
        rt.add(part, italic=italic)
    return rt


def _chart_image(tpl: DocxTemplate, chart: Chart) -> InlineImage:
    """Return `chart` drawn as a picture as wide as the text of the template's first section."""
    tpl.init_docx(reload=False)
    section = tpl.docx.sections[0]
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    return InlineImage(tpl, io.BytesIO(render_chart(chart, width.mm)), width=width)


def _prepare(value, tpl: DocxTemplate):
    """Turn model values into what docxtpl wants: Blocks into dicts, body text into RichText, a Chart
    into an inline picture."""
    if isinstance(value, Block):
        return {"loai": value.loai, "noi_dung": _rich(value.noi_dung),
                "dong": [_prepare(r, tpl) for r in value.dong]}
    if isinstance(value, Chart):
        return _chart_image(tpl, value)
    if is_dataclass(value):
        return {f.name: _prepare(getattr(value, f.name), tpl) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _prepare(v, tpl) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(v, tpl) for v in value]
    return value


def render_docx(template: Path, context: dict, *, when: dt.date, title: str = "",
                author: str = "", omit_last_section: bool = False) -> bytes:
    """Render `template` with `context`; return .docx bytes that depend only on the inputs.

    `omit_last_section` drops the template's last section (a plan's Phụ lục when it has no tasks)
    before rendering, so its tags need no values. Raise KehoachError naming the template when it
    is broken or asks for a missing value.
    """
    template = Path(template)
    if not template.is_file():
        raise KehoachError(Problem(f"không tìm thấy mẫu văn bản {template.name}", file=str(template)))
    try:
        tpl = DocxTemplate(str(template))
        if omit_last_section:
            tpl.init_docx()
            _drop_last_section(tpl.docx.element.body)
        tpl.render(_prepare(context, tpl), jinja_env=jinja_env(), autoescape=True)
    except jinja2.UndefinedError as e:
        raise KehoachError(Problem(f"mẫu dùng biến không có trong dữ liệu: {e.message}{_near(e)}",
                                   file=str(template))) from e
    except jinja2.exceptions.SecurityError as e:
        raise KehoachError(Problem("mẫu dùng thẻ bị cấm (truy cập vào bên trong chương trình); chỉ dùng các biến "
                                   f"của văn bản, vòng lặp và điều kiện: {e}", file=str(template))) from e
    except jinja2.TemplateSyntaxError as e:
        raise KehoachError(Problem(f"mẫu bị lỗi cú pháp thẻ {{% %}}/{{{{ }}}}: {e.message}{_near(e)}; "
                                   f"chạy “kehoach lint-template {template}” để tìm chỗ sai",
                                   file=str(template))) from e
    buf = io.BytesIO()
    tpl.save(buf)
    return deterministic_docx(buf.getvalue(), when, title=title, author=author)


def _drop_last_section(body) -> None:
    """Remove everything after the last section break; that break's settings become the document's."""
    breaks = body.findall(f"{_W}p/{_W}pPr/{_W}sectPr")
    if not breaks:
        return
    last_break = breaks[-1]
    paragraph = last_break.getparent().getparent()
    for element in list(paragraph.itersiblings()):
        if element.tag != f"{_W}sectPr":
            body.remove(element)
    final = body.find(f"{_W}sectPr")
    final.getparent().replace(final, last_break)
    body.remove(paragraph)


def _near(error: jinja2.TemplateError) -> str:
    """Return the text around the failing tag, which docxtpl attaches when Jinja knows the line."""
    context = " ".join(" ".join(getattr(error, "docx_context", ())).split())
    return f" (gần đoạn: «{context[:120]}»)" if context else ""


def deterministic_docx(data: bytes, when: dt.date, *, title: str = "", author: str = "") -> bytes:
    """Re-pack .docx `data` with fixed zip timestamps and core properties dated `when`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = src.namelist()
    # [Content_Types].xml first, as Word writes it; the rest in a stable order.
    names.sort(key=lambda n: (n != "[Content_Types].xml", n))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            payload = src.read(name)
            if name == "docProps/core.xml":
                payload = _core_properties(when, title, author)
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, payload)
    return out.getvalue()


def _core_properties(when: dt.date, title: str, author: str) -> bytes:
    stamp = f"{when.isoformat()}T00:00:00Z"
    root = etree.Element(f"{{{_CP}}}coreProperties",
                         nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI})
    for tag, text in ((f"{{{_DC}}}title", title), (f"{{{_DC}}}creator", author),
                      (f"{{{_CP}}}lastModifiedBy", author), (f"{{{_CP}}}revision", "1")):
        etree.SubElement(root, tag).text = text
    for tag in ("created", "modified"):
        el = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}")
        el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        el.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
