"""Render a template with a document's context into deterministic .docx bytes; the only user of docxtpl/jinja2.

Each template is compiled once per process (`compiled.py`) and reused for every document; what that
renderer does not reproduce exactly (footnotes, sub-documents) goes through docxtpl itself, with
the same bytes either way.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import OrderedDict
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import RichText
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from ..documents.common import Block, Chart, Rich
from ..documents.picture import Picture
from ..errors import KehoachError, Problem
from ..files import check_zip
from ..rules import markup
from .compiled import CompiledTemplate, Pictures, Unsupported, compile_template, section_text_width
from .grids import repair_grids, repair_tree
from .ruling import RULE_STYLES, size_rules, size_rules_tree, style_ids
from .template_errors import template_message
from .zipout import core_properties, deterministic_docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CACHE_SIZE = 16  # templates kept compiled per process


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with `b.loai` on a context dict answered without first failing `getattr` (a raised
    and caught AttributeError per tag): for a key that is no dict attribute the answer is the same."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def jinja_env() -> jinja2.Environment:
    """Return our Jinja environment: sandboxed (a template cannot reach Python internals or change
    values), autoescaped (`&`, `<` stay text) and strict about missing names."""
    return _Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _rich(text: str, bold: bool = False, italic: bool = False):
    """Return the runs of a marked-up text; `bold`/`italic` are set on every run (direct formatting)."""
    rt = RichText()  # imported at the top (compiled.py loads docxtpl anyway): an import per text costs
    rt.xml = _rich_xml(text, bold, italic)
    return rt


@lru_cache(maxsize=4096)  # a dossier's task texts come back in the plan, every report and the notice
def _rich_xml(text: str, bold: bool, italic: bool) -> str:
    rt = RichText()
    try:
        spans = markup.parse(text)
    except markup.MarkupError:
        # Loading reports broken markup in the clerk's fields; a text the program composed from a
        # field it does not read as markup prints as written.
        spans = (markup.Span(text),)
    for span in spans:
        rt.add(span.text, bold=bold or span.bold, italic=italic or span.italic)
    return rt.xml


def _prepare(value, picture):
    """Turn model values into what docxtpl wants: Blocks into dicts, marked-up text into RichText; pictures
    (our Picture, docxtpl's InlineImage or Subdoc) into what `picture` makes of them."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:  # most values: nothing to turn
        return value
    if kind is dict:
        return {k: _prepare(v, picture) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_prepare(v, picture) for v in value]
    if kind is Rich:
        return _rich(value.text, value.bold, value.italic)
    if kind is Block:
        return {"loai": value.loai, "noi_dung": _rich(value.noi_dung),
                "dong": [_prepare(r, picture) for r in value.dong], "cot": [_prepare(c, picture) for c in value.cot]}
    if kind is Picture or kind is Chart or kind.__name__ in ("InlineImage", "Subdoc"):
        return picture(value)
    if is_dataclass(value):
        return {f.name: _prepare(getattr(value, f.name), picture) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _prepare(v, picture) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(v, picture) for v in value]
    return value


@lru_cache(maxsize=32)  # issuing renders a report twice (provisional number, then its own)
def _chart_png(chart: Chart, width_emu: int, cache: Path | None = None) -> tuple[bytes, object]:
    """Return `chart` drawn as a PNG as wide as `width_emu` (the text width), and that width as a Length;
    `cache` is a folder keeping charts already drawn (see chart.chart_png)."""
    from docx.shared import Emu

    from .chart import chart_png  # matplotlib loads only when a chart is drawn

    width = Emu(width_emu)
    return chart_png(chart, width.mm, cache), width


def _chart_image(tpl, chart: Chart, cache: Path | None = None):
    """Return `chart` drawn as a picture as wide as the text of the template's first section."""
    from docxtpl import InlineImage

    tpl.init_docx(reload=False)
    data, width = _chart_png(chart, section_text_width(tpl.docx), cache)
    return InlineImage(tpl, io.BytesIO(data), width=width)


def _size(picture: Picture):
    from docx.shared import Mm

    return (None if picture.width_mm is None else Mm(picture.width_mm),
            None if picture.height_mm is None else Mm(picture.height_mm))


class _Drawing:
    """A picture in the compiled renderer: becomes its drawing XML where the template prints it."""

    def __init__(self, pictures: Pictures, descriptor, width, height):
        self.pictures, self.descriptor, self.width, self.height = pictures, descriptor, width, height

    def __html__(self) -> str:
        return self.pictures.drawing(self.descriptor, self.width, self.height)

    __str__ = __html__


def _compiled_picture(pictures: Pictures, chart_cache: Path | None = None):
    def picture(value):
        if isinstance(value, Picture):
            return _Drawing(pictures, io.BytesIO(value.data), *_size(value))
        if isinstance(value, Chart):
            data, width = _chart_png(value, pictures.template.text_width, chart_cache)
            return _Drawing(pictures, io.BytesIO(data), width, None)
        if type(value).__name__ == "InlineImage":  # built elsewhere for docxtpl: same drawing, our package
            return _Drawing(pictures, value.image_descriptor, value.width, value.height)
        raise Unsupported(type(value).__name__)  # a Subdoc needs docxtpl's own document
    return picture


_templates: OrderedDict[tuple, CompiledTemplate | None] = OrderedDict()


_files: OrderedDict[str, tuple[tuple, bytes, str]] = OrderedDict()


def _template_data(template: Path) -> tuple[bytes, str]:
    """Return the bytes of `template` and their sha1, checked (zip bomb) and read again only when the
    file changes on disk: a build renders each template many times."""
    st = template.stat()
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    key = str(template)
    found = _files.get(key)
    if found is not None and found[0] == stamp:
        _files.move_to_end(key)
        return found[1], found[2]
    check_zip(template)
    data = template.read_bytes()
    _files[key] = (stamp, data, hashlib.sha1(data).hexdigest())
    if len(_files) > _CACHE_SIZE:
        _files.popitem(last=False)
    return data, _files[key][2]


def _compiled(data: bytes, digest: str, name: str, omit_last_section: bool = False) -> CompiledTemplate | None:
    """Return the compiled template for `data` (sha1 `digest`; None: render it with docxtpl), compiling
    on first use."""
    key = (digest, omit_last_section)
    if key in _templates:
        _templates.move_to_end(key)
        return _templates[key]

    def edit_body(body) -> None:  # what render_with_docxtpl does to the template before rendering
        _keep_section_breaks(body)
        if omit_last_section:
            _drop_last_section(body)

    try:
        compiled = compile_template(data, name, _env(), edit_body)
        compiled.rule_styles = style_ids(compiled.styles_xml, RULE_STYLES)
    except Unsupported:
        compiled = None
    _templates[key] = compiled
    if len(_templates) > _CACHE_SIZE:
        _templates.popitem(last=False)
    return compiled


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja_env()


def render_docx(template: Path, context: dict, *, when: dt.date, title: str = "",
                author: str = "", omit_last_section: bool = False, chart_cache: Path | None = None) -> bytes:
    """Render `template` with `context`; return .docx bytes that depend only on the inputs.

    `omit_last_section` drops the template's last section (a plan's Phụ lục when it has no tasks)
    before rendering, so its tags need no values. `chart_cache` is a folder where charts are kept once
    drawn (see chart.chart_png). Raise KehoachError naming the template when it is broken or asks for
    a missing value.
    """
    template = Path(template)
    if not template.is_file():
        raise KehoachError(Problem(f"không tìm thấy mẫu văn bản {template.name}", file=str(template)))
    try:
        data, digest = _template_data(template)
        compiled = _compiled(data, digest, template.name, omit_last_section)
        if compiled is not None:
            lengths = context.get("ke_duoi") or {}

            def finish(body, shapes) -> None:  # what render_with_docxtpl does to the saved document part
                repair_tree(body, shapes)
                if compiled.rule_styles and lengths:
                    size_rules_tree(body, compiled.rule_styles, lengths)

            try:
                return compiled.render(lambda pictures: _prepare(context, _compiled_picture(pictures, chart_cache)),
                                       core_properties(when, title, author), finish)
            except Unsupported:
                pass
        return render_with_docxtpl(template, context, when=when, title=title, author=author,
                                   omit_last_section=omit_last_section, chart_cache=chart_cache)
    except jinja2.UndefinedError as e:
        raise KehoachError(Problem(f"{template_message(e)}{_near(e)}", file=str(template))) from e
    except jinja2.exceptions.SecurityError as e:
        raise KehoachError(Problem(f"mẫu dùng thẻ bị cấm ({template_message(e)}); chỉ dùng các biến "
                                   "của văn bản, vòng lặp và điều kiện", file=str(template))) from e
    except jinja2.TemplateSyntaxError as e:
        raise KehoachError(Problem(f"mẫu bị lỗi cú pháp thẻ {{% %}}/{{{{ }}}}: {template_message(e)}{_near(e)}; "
                                   f"chạy “kehoach lint-template {template}” để tìm chỗ sai",
                                   file=str(template))) from e
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError, OSError) as e:
        # Not a zip, a part missing (word/document.xml …) or broken XML: say so, never a traceback.
        raise KehoachError(Problem("mẫu văn bản không phải tệp Word .docx hợp lệ (tệp hỏng hoặc thiếu phần bên "
                                   "trong); hãy lấy lại mẫu gốc, hoặc mở bằng Word và lưu lại dạng .docx",
                                   file=str(template))) from e


def render_with_docxtpl(template: Path, context: dict, *, when: dt.date, title: str = "",
                        author: str = "", omit_last_section: bool = False, chart_cache: Path | None = None) -> bytes:
    """Render with a new DocxTemplate, as kehoach always did: the reference the compiled renderer matches.

    Jinja errors propagate as they are (`render_docx` turns them into messages).
    """
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    _keep_section_breaks(tpl.docx.element.body)
    if omit_last_section:
        _drop_last_section(tpl.docx.element.body)

    def picture(value):
        if isinstance(value, Chart):
            return _chart_image(tpl, value, chart_cache)
        return InlineImage(tpl, io.BytesIO(value.data), *_size(value)) if isinstance(value, Picture) else value

    tpl.render(_prepare(context, picture), jinja_env=jinja_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = repair_grids(z.read("word/document.xml"))
        document = size_rules(document, z.read("word/styles.xml"), context.get("ke_duoi") or {})
    return deterministic_docx(data, when, title=title, author=author, parts={"word/document.xml": document})


def _keep_section_breaks(body) -> None:
    """Move a section break off a `{%p …%}` tag paragraph, which rendering removes with everything on it.

    Word and LibreOffice put a section break on the last paragraph of its section; when a clerk's
    edit leaves a tag paragraph there, the break (page size, orientation, page numbers) would vanish.
    """
    from docx.oxml.ns import qn

    for p in body.iterchildren(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if sect is None or not re.search(r"\{%-?\s*p\s|\{\{-?\s*p\s", text):
            continue
        holder = etree.Element(qn("w:p"))
        ppr_new = etree.SubElement(holder, qn("w:pPr"))
        spacing = etree.SubElement(ppr_new, qn("w:spacing"))  # a 1-pt line: nothing moves to the next page
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "20")
        spacing.set(qn("w:lineRule"), "exact")
        ppr_new.append(sect)  # sectPr is the last child of pPr
        p.addnext(holder)


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
