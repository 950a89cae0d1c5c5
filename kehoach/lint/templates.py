"""Lint docxtpl templates: Jinja tags broken by Word (split runs, curly quotes), misplaced `{%p`, unbalanced blocks, unknown variables.

Rule ids: TPL-1 tag split across runs, TPL-2 curly quotes inside a tag, TPL-3 paragraph tag not alone
(two `{%p` in one paragraph), TPL-4 unbalanced `{% for %}`/`{% if %}` or Jinja syntax error,
TPL-5 variable the document models do not provide, TPL-6 access to Python internals (`_`-names,
`__globals__`, `mro` …) that the sandboxed renderer refuses and no document needs.
For a template of one of kehoach's documents (a `Contract` is given), what the built document needs:
TPL-10 page numbers (none on page 1, centred PAGE field from page 2, appendix numbered from 1),
TPL-11 a variable of the document the template never shows, TPL-12 a kind of body block the body
loop drops, TPL-13 a style the program finds by name, or a paragraph naming a style that does not exist.
(TPL-14, a document built from the template failing ND 30, comes from `kehoach lint-template`, which
has the data to build one.)
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import KehoachError, Problem
from ..render.template_errors import template_message
from .checker import open_docx, standalone
from .findings import ERROR, WARNING, Finding, snippet
from .ooxml import Paragraph

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
BLOCK = re.compile(r"\{%-?\s*(?:[prct]|tr|tc)?\s*(for|if|endfor|endif)\b")
PARA_TAG = re.compile(r"\{%-?\s*p\s")
CURLY = "“”‘’„«»"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _at(rule, severity, p: Paragraph, message, found="", required="") -> Finding:
    if p.index == 0:
        return Finding(rule, severity, message, found, required, None, "(đầu trang) " + snippet(p.text))
    return Finding(rule, severity, message, found, required, p.index, snippet(p.text))


def _paragraphs(path: Path) -> list[Paragraph]:
    doc = open_docx(path)
    paras = list(doc.paragraphs)
    seen = set()
    for sec in doc.sections:
        for hdr in sec.headers.values():
            for p in hdr:
                if id(p) not in seen:
                    seen.add(id(p))
                    paras.append(p)
    return paras


@dataclass(frozen=True)
class Contract:
    """What a template of one kind of kehoach document must hold."""

    required: frozenset[str]   # variables the template must show
    blocks: frozenset[str]     # `loai` values of body blocks the body loop must print
    appendix: bool             # a landscape appendix section numbered from 1 follows the body
    rules: frozenset[str] = frozenset({"KH Kẻ dưới cơ quan", "KH Kẻ dưới trích yếu"})  # NAMED_STYLES it uses


# Styles the program looks up by name in the rendered document (render/ruling.py).
NAMED_STYLES = {"KH Kẻ dưới cơ quan": "đường kẻ dưới tên cơ quan ban hành",
                "KH Kẻ dưới trích yếu": "đường kẻ dưới trích yếu"}


def lint_template(path: Path | str, known_variables: set[str] | None = None,
                  contract: Contract | None = None) -> list[Finding]:
    """Return the findings on the docxtpl template at `path`.

    Variable names are checked only when `known_variables` is given; with a `contract`, also
    what the built document needs (page numbers, variables shown, body blocks, named styles).
    Raise KehoachError when the file is missing or is not a .docx.
    """
    path = Path(path)
    paras = _paragraphs(path)
    findings: list[Finding] = []
    stack: list[tuple[str, Paragraph]] = []
    for p in paras:
        text = p.text
        if "{" not in text and "}" not in text:
            continue
        findings.extend(_split_tags(p))
        findings.extend(_internals_in(p))
        for m in TAG.finditer(text):
            tag = m.group(0)
            bad = [c for c in tag if c in CURLY]
            if bad:
                findings.append(_at("TPL-2", ERROR, p, "thẻ Jinja chứa dấu nháy cong do Word tự đổi", tag,
                                    "dấu nháy thẳng \" hoặc '"))
            b = BLOCK.match(tag)
            if b:
                kw = b.group(1)
                if kw in ("for", "if"):
                    stack.append((kw, p))
                else:
                    want = kw[3:]
                    if stack and stack[-1][0] == want:
                        stack.pop()
                    else:
                        opened = stack[-1][0] if stack else None
                        findings.append(_at("TPL-4", ERROR, p, f"thẻ {{% {kw} %}} không khớp khối đang mở",
                                            tag, f"{{% end{opened} %}}" if opened else f"một {{% {want} … %}} trước đó"))
                        if stack and want in [k for k, _ in stack]:
                            while stack and stack[-1][0] != want:
                                stack.pop()
                            stack.pop()
        if len(PARA_TAG.findall(text)) > 1:
            findings.append(_at("TPL-3", ERROR, p, "một đoạn chứa hai thẻ {%p …%}: thẻ đoạn phải đứng riêng một đoạn",
                                text.strip()[:80], "mỗi thẻ {%p …%} một đoạn riêng"))
        elif PARA_TAG.search(text):
            rest = TAG.sub("", text).strip()
            if rest:
                findings.append(_at("TPL-3", WARNING, p, "đoạn có thẻ {%p …%} còn chứa chữ khác: chữ này sẽ bị mất",
                                    rest[:60], "thẻ {%p …%} đứng riêng một đoạn"))
    for kw, p in stack:
        findings.append(_at("TPL-4", ERROR, p, f"khối {{% {kw} %}} không có thẻ đóng", f"{{% {kw} … %}}",
                            f"{{% end{kw} %}}"))
    findings.extend(_internals_elsewhere(path, findings))
    if not any(f.is_error for f in findings):  # broken tags would only repeat as Jinja syntax errors
        findings.extend(_syntax_and_variables(path, paras, known_variables))
        if contract is not None:
            findings.extend(_completeness(path, paras, contract))
    return findings


def _completeness(path: Path, paras: list[Paragraph], contract: Contract) -> list[Finding]:
    from docxtpl import DocxTemplate

    out = list(_page_numbers(path, contract))
    shown = DocxTemplate(str(path)).get_undeclared_template_variables()
    for name in sorted(contract.required - set(shown)):
        out.append(Finding("TPL-11", ERROR, f"mẫu không dùng biến «{name}»: văn bản dựng ra sẽ thiếu phần này",
                           "không có", "{{ " + name + " }} (xem templates/README.md)"))
    text = "\n".join(p.text for p in paras)
    for kind in sorted(contract.blocks):
        if not re.search(r"\.loai\s*==\s*[\"']" + re.escape(kind) + r"[\"']", text):
            out.append(Finding("TPL-12", ERROR, f"vòng lặp thân văn bản không có nhánh cho khối «{kind}»: "
                               "phần nội dung loại này sẽ bị bỏ mất", "không có",
                               f'{{%p elif b.loai == "{kind}" %}} …'))
    out.extend(_styles(path, contract.rules))
    return out


def _page_numbers(path: Path, contract: Contract):
    doc = open_docx(path)
    sections = doc.sections
    if not sections:
        return
    groups = [("phần chính", sections[0])]
    if contract.appendix:
        if len(sections) < 2:
            yield Finding("TPL-10", ERROR, "mẫu không có phần phụ lục riêng (ngắt phần, trang ngang, đánh số lại)",
                          f"{len(sections)} phần", "2 phần: văn bản và phụ lục")
        else:
            groups.append(("phụ lục", sections[-1]))
    for where, sec in groups:
        numbered = [p for p in sec.headers.get("default", []) if p.has_page_field]
        first = sec.headers.get("first", [])
        if not numbered:
            yield Finding("TPL-10", ERROR, f"{where}: đầu trang không có số trang (trường PAGE) từ trang 2",
                          "không có số trang", "số trang giữa lề trên, từ trang 2")
        if not sec.title_pg or any(p.has_page_field or not p.is_blank for p in first):
            yield Finding("TPL-10", ERROR, f"{where}: trang đầu phải không có số trang (đầu trang 1 để trống)",
                          "trang đầu có số trang" if sec.title_pg else "không bật «trang đầu khác»",
                          "bật «Different first page», đầu trang 1 để trống")
        if where == "phụ lục" and sec.page_start != 1:
            yield Finding("TPL-10", ERROR, "phụ lục phải đánh số trang lại từ 1", "số trang nối tiếp", "bắt đầu từ 1")


def _styles(path: Path, rules: frozenset[str]) -> list[Finding]:
    """Named styles the program relies on, and paragraphs that name a style the file does not have."""
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names = {}
    for st in styles.iter(f"{w}style"):
        name = st.find(f"{w}name")
        names[st.get(f"{w}styleId")] = name.get(f"{w}val") if name is not None else ""
    used = [ps.get(f"{w}val") for ps in document.iter(f"{w}pStyle")]
    out = []
    for sid in sorted(set(used) - set(names)):
        out.append(Finding("TPL-13", ERROR, f"đoạn dùng kiểu (style) «{sid}» không có trong mẫu: Word sẽ trình bày "
                           "đoạn đó theo kiểu Normal", sid, "một kiểu có trong mẫu"))
    used_names = {names.get(sid) for sid in used}
    for name, what in NAMED_STYLES.items():
        if name in rules and name not in used_names:
            out.append(Finding("TPL-13", WARNING, f"không thấy đoạn kiểu «{name}» ({what}): chương trình không "
                               "chỉnh được độ dài đường kẻ theo chữ", "không có", name))
    return out


def _split_tags(p: Paragraph) -> list[Finding]:
    """Find tags whose characters lie in more than one run (Word splits them on spell-check or edits)."""
    out = []
    bounds = []
    pos = 0
    for run in p.runs:
        pos += len(run.text)
        bounds.append(pos)
    text = p.text
    for m in TAG.finditer(text):
        inner = [b for b in bounds[:-1] if m.start() < b < m.end()]
        if inner:
            delim = any(b in (m.start() + 1, m.end() - 1) for b in inner)
            out.append(_at("TPL-1", ERROR if delim else WARNING, p,
                           "thẻ Jinja bị Word cắt thành nhiều đoạn định dạng (run)" +
                           (", cắt ngay giữa dấu mở/đóng thẻ" if delim else ""),
                           m.group(0), "gõ lại cả thẻ một lần, cùng một định dạng"))
    # An opening "{" and "{"/"%" in different runs never form a tag for our regex: catch them too.
    for k in range(len(p.runs) - 1):
        a, b = p.runs[k].text, p.runs[k + 1].text
        if a.endswith("{") and b[:1] in "{%#":
            out.append(_at("TPL-1", ERROR, p, "dấu mở thẻ Jinja bị cắt giữa hai run", a[-1] + b[:1],
                           "gõ lại cả thẻ một lần"))
    return out


def _syntax_and_variables(path: Path, paras: list[Paragraph], known: set[str] | None) -> list[Finding]:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    try:
        names = DocxTemplate(str(path)).get_undeclared_template_variables()
    except (KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError) as e:
        raise KehoachError(Problem("không phải tệp Word .docx hợp lệ (hoặc tệp bị hỏng)", file=str(path))) from e
    except TemplateSyntaxError as e:
        return [Finding("TPL-4", ERROR, f"mẫu có lỗi cú pháp Jinja: {template_message(e)}", str(e.lineno or ""),
                        "cú pháp Jinja hợp lệ")]
    if known is None:
        return []
    out = []
    for name in sorted(set(names) - set(known)):
        where = next((p for p in paras if re.search(r"\b" + re.escape(name) + r"\b", p.text)), None)
        if where is not None:
            out.append(_at("TPL-5", ERROR, where, f"biến «{name}» không có trong dữ liệu văn bản", name,
                           "một trong các biến đã khai báo"))
        else:
            out.append(Finding("TPL-5", ERROR, f"biến «{name}» không có trong dữ liệu văn bản", name,
                               "một trong các biến đã khai báo"))
    return out


# Names a template has no business reaching: private and dunder attributes, and the handles CPython and
# old Jinja escapes go through (a method's `__globals__`, a class's `mro`, a frame's `f_globals` …).
_INTERNAL = {"mro", "func_globals", "func_code", "func_closure", "func_defaults", "func_dict", "im_func",
             "im_self", "im_class", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
             "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "tb_frame", "tb_next", "co_code"}
_ATTR = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_STRING = re.compile(r"(['\"])(.*?)\1")


def _internal(name: str) -> bool:
    return name.startswith("_") or name in _INTERNAL or "__" in name


def _internals_in(p: Paragraph) -> list[Finding]:
    """Find tags of `p` that reach for Python internals (TPL-6), reading them as Jinja does when it can."""
    out = []
    for m in TAG.finditer(p.text):
        names = _internal_names(m.group(0))
        if names:
            out.append(_at("TPL-6", ERROR, p, "thẻ truy cập vào bên trong chương trình ("
                           + ", ".join(f"«{n}»" for n in names) + "): việc này bị chặn khi dựng văn bản; mẫu chỉ "
                           "được dùng biến của văn bản, vòng lặp và điều kiện", m.group(0)[:80],
                           "chỉ tên biến và thuộc tính không bắt đầu bằng “_”"))
    return out


def _internals_elsewhere(path: Path, found: list[Finding]) -> list[Finding]:
    """Find TPL-6 names the paragraph scan missed: in footers, or in tags spread over several paragraphs."""
    import jinja2

    try:
        tree = jinja2.Environment().parse(_template_source(path))
    except (jinja2.TemplateSyntaxError, KeyError, ValueError, etree.XMLSyntaxError):
        return []  # a broken template is reported by the other rules
    seen = {f.message for f in found if f.rule == "TPL-6"}
    return [Finding("TPL-6", ERROR, f"mẫu truy cập vào bên trong chương trình («{name}», ở chân trang hoặc trong thẻ "
                    "trải qua nhiều đoạn): việc này bị chặn khi dựng văn bản", name,
                    "chỉ tên biến và thuộc tính không bắt đầu bằng “_”")
            for name in _names_in(tree) if not any(f"«{name}»" in m for m in seen)]


def _template_source(path: Path) -> str:
    """Return the Jinja source docxtpl renders from the template: body, headers and footers."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    doc = Document(str(path))
    source = tpl.patch_xml(tpl.xml_to_string(doc.element.body))
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            source += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return source


def _names_in(tree) -> list[str]:
    """Return the internal names a parsed template uses: attributes, and strings used as names (`attr('_x')`)."""
    from jinja2 import nodes

    found = [n.attr for n in tree.find_all(nodes.Getattr) if _internal(n.attr)]
    found += [n.value for n in tree.find_all(nodes.Const) if isinstance(n.value, str) and _internal(n.value)]
    return list(dict.fromkeys(found))


def _internal_names(tag: str) -> list[str]:
    """Return the internal names one tag uses, reading it as Jinja does when it parses on its own."""
    import jinja2

    source = standalone(tag)
    if source is not None:
        try:
            return _names_in(jinja2.Environment().parse(source))
        except jinja2.TemplateSyntaxError:
            pass
    # Not Jinja on its own (`{% else %}`, a broken tag): fall back to what it spells.
    found = [n for n in _ATTR.findall(tag) if _internal(n)]
    found += [s for _, s in _STRING.findall(tag) if _internal(s)]
    return list(dict.fromkeys(found))
