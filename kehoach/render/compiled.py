"""Templates compiled once per process: docxtpl's XML clean-up, Jinja's compilation and every part
that never changes are done on first use; each document then costs one Jinja render, one parse of
the rendered body and one zip write.

The output is byte for byte what `DocxTemplate(path).render(context, env)` then `.save()` gives
(then re-packed by `zipout`): the same docxtpl functions clean the XML, python-docx serialises the
untouched template once, and pictures get the part names, relationship ids and drawing XML
python-docx would give them.
"""
from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from .grids import row_shapes
from .zipout import Member, deflate, docx_order, write_zip

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_STORY_RELS = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_TAG = re.compile(r"{{|{%|{#")
_PARA_MARK = re.compile(r"<w:p([ >])")
_LISTING_CHARS = "\t\a\n\f"  # what docxtpl's listing pass turns into runs, tabs, breaks
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's resolve_listing
_PART_NUMBER = re.compile("([a-zA-Z]+)([1-9][0-9]*)?")
# python-docx's reading parser: blank text between tags dropped, no entity expansion.
_OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_RECOVER_PARSER = etree.XMLParser(recover=True)  # docxtpl's, for the rendered body
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _TBL, _TBL_GRID, _GRID_COL, _TR, _TC, _TC_PR, _GRID_SPAN, _VAL = (
    _W + t for t in ("body", "tbl", "tblGrid", "gridCol", "tr", "tc", "tcPr", "gridSpan", "val"))
_DOC_PR = f"{{{_WP}}}docPr"


class Unsupported(Exception):
    """A template or value this renderer does not reproduce exactly; the caller renders it with docxtpl."""


@dataclass
class _Rel:
    rid: str
    reltype: str
    target: str  # as written in the .rels file (relative reference)
    external: bool
    partname: str | None = None  # the target part, for internal relationships


@dataclass
class _Story:
    """A part rendered through Jinja: the document body, a header or a footer."""

    member: str  # zip member name, "word/header1.xml"
    source: str  # cleaned XML as Jinja sees it (for the text near a failing tag)
    template: jinja2.Template | None
    next_id: int  # python-docx's next shape id in the untouched part
    rels: list[_Rel]
    static: bytes | None = None  # the rendered part when it holds no tag at all
    plain: str | None = None  # the part's text when it has no tag (then `template` is None)


@dataclass
class CompiledTemplate:
    """One template, ready to render many documents."""

    name: str
    root: etree._Element  # the document element (python-docx's parse of the template)
    around_body: tuple[bytes, bytes] | None  # the serialised document part before and after its <w:body>
    body: _Story
    stories: list[_Story]  # headers then footers, in docxtpl's order
    members: dict[str, Member]  # every part as python-docx writes the untouched template
    content_types: tuple[dict[str, str], dict[str, str]]  # defaults by extension, overrides by part name
    image_parts: dict[str, str] | None  # existing image part name -> sha1; None: pictures go through docxtpl
    styles_xml: bytes = b""  # the styles part as written
    text_width: int | None = None  # EMU, the first section's text width (a chart is drawn that wide)
    rule_styles: dict = field(default_factory=dict)  # for the caller's finishing of the body

    def render(self, context: Callable[[Pictures], dict], core: bytes,
               finish: Callable[[etree._Element, dict], object] | None = None) -> bytes:
        """Return the .docx bytes for the context `context(pictures)` builds, with `core` as core properties;
        `finish(body, shapes)` changes the rendered body in place before it is written (`shapes`: the
        `row_shapes` of its tables, those known)."""
        pictures = Pictures(self)
        ctx = context(pictures)
        pictures.story = self.body
        body = _render_story(self.body, ctx)
        tree = etree.fromstring(body, _RECOVER_PARSER)
        shapes = _table_shapes(tree)
        if shapes is None:
            tree = DocxTemplate.fix_tables(None, body)
            shapes = {}
        for number, doc_pr in enumerate(tree.iter(_DOC_PR), start=1001):
            doc_pr.set("id", str(number))  # docxtpl renumbers drawings: copies from loops would clash
        if finish is not None:
            finish(tree, shapes)
        parts = {self.body.member: self._document_part(tree), "docProps/core.xml": core}
        for story in self.stories:
            if story.static is not None:
                continue
            pictures.story = story
            xml = _render_story(story, ctx).encode("utf-8")
            parts[story.member] = etree.tostring(etree.fromstring(xml, _OXML_PARSER), encoding="UTF-8",
                                                 standalone=True)
        members = dict(self.members)
        for name, data in pictures.package_parts().items():
            if name in pictures.media:
                members[name] = _deflated_media(name, data)
            else:
                parts[name] = data
        names = docx_order(set(members) | set(parts))
        return write_zip([deflate(n, parts[n]) if n in parts else members[n] for n in names])

    def _document_part(self, body: etree._Element) -> bytes:
        """Return the document part with `body` as python-docx saves it once docxtpl has put the body in."""
        root_ns = self.root.nsmap
        if self.around_body and not body.attrib and all(root_ns.get(k) == v for k, v in body.nsmap.items()):
            # Moved under the document element, lxml drops every namespace declaration that repeats
            # one of the document's; when those are only the body's own, the same bytes come from
            # its serialisation alone, without the cost of moving thousands of elements between trees.
            xml = etree.tostring(body, encoding="UTF-8")
            head_end = xml.index(b">")
            inner = xml[head_end + 1:] if xml[head_end - 1:head_end] != b"/" else None
            if inner is not None and b"xmlns" in inner:
                inner = _as_moved(inner, root_ns)
            if inner is not None:
                before, after = self.around_body
                return b"".join((before, b"<w:body>", inner, after))
        self.root.replace(self.root.find(_BODY), body)
        return etree.tostring(self.root, encoding="UTF-8", standalone=True)


_NS_DECL = re.compile(rb' xmlns(?::([^=\s]+))?="([^"]*)"')


def _as_moved(inner: bytes, root_ns: dict) -> bytes | None:
    """Return the serialised body content `inner` with the namespace declarations that moving the body
    under the document element drops (those the document element already makes, as a picture's
    drawing repeats `wp` and `r`); None when that is not certain (then the body is really moved).

    lxml drops a declaration whose namespace an ancestor declares and points its elements at the
    ancestor's prefix; when that prefix is the same, dropping the text of the declaration is all it does.
    """
    found = [(m.group(1), m.group(2), m.span()) for m in _NS_DECL.finditer(inner)]
    prefixes: dict[bytes, bytes] = {}  # the one prefix each namespace is declared with here
    outside: dict[bytes, int] = {}  # declarations of namespaces the document element lacks
    by_uri: dict[str, list[str]] = {}
    for prefix, uri in root_ns.items():
        by_uri.setdefault(uri, []).append(prefix)
    for prefix, uri, _ in found:
        if prefix is None or prefixes.setdefault(uri, prefix) != prefix:
            return None  # a default namespace, or one namespace under two prefixes: lxml may rename
        text_prefix, text_uri = prefix.decode(), uri.decode()
        if root_ns.get(text_prefix, text_uri) != text_uri:
            return None  # the prefix means something else above: shadowing
        declared = by_uri.get(text_uri)
        if declared is None:
            outside[uri] = outside.get(uri, 0) + 1
        elif declared != [text_prefix]:
            return None
    if any(count > 1 for count in outside.values()):
        return None  # one may sit inside another (then the move drops the inner one): not worth telling
    out, last = [], 0
    for prefix, uri, (start, end) in found:
        if uri not in outside:
            out.append(inner[last:start])
            last = end
    out.append(inner[last:])
    return b"".join(out)


@lru_cache(maxsize=16)
def _deflated_media(name: str, data: bytes) -> Member:
    """Return a picture part compressed: a chart is the same in every report and rebuild that shows it,
    and compressing an already compressed PNG is a good part of writing the document."""
    return deflate(name, data)


def _table_shapes(tree: etree._Element) -> dict | None:
    """Return the `row_shapes` of every table (those read alike by both walks), or None when docxtpl's
    `fix_tables` would change a table's grid: a row with more cells than grid columns (a `{%tc %}`
    loop), or a grid wider than every row (e.g. a loop that made no row)."""
    known = {}
    for table in tree.iter(_TBL):
        grid = table.find(_TBL_GRID)
        if grid is None:
            return None  # let docxtpl's own code meet it
        columns = sum(1 for _ in grid.iterchildren(_GRID_COL))
        shapes = row_shapes(table)
        if shapes is None:
            shapes = _row_shapes_slowly(table)
        else:
            known[table] = shapes
        widest = 0
        for cells, width, _ in shapes:
            if cells > columns:
                return None
            widest = max(widest, width)
        if widest < columns:
            return None
    return known


def _row_shapes_slowly(table: etree._Element) -> list[tuple[int, int, bool]]:
    """`row_shapes` read as docxtpl reads them, for the odd shapes it leaves alone."""
    shapes = []
    for row in table.iter(_TR):
        cells = list(row.iterchildren(_TC))
        width = 0
        for cell in cells:
            props = cell.find(_TC_PR)
            span = props.find(_GRID_SPAN) if props is not None else None
            width += int(span.get(_VAL)) if span is not None else 1
        shapes.append((len(cells), width, row.getparent() is table))
    return shapes


def _render_story(story: _Story, context: dict) -> str:
    """Render one part the way docxtpl's `render_xml_part` does."""
    if story.template is None:
        xml = story.plain
    else:
        try:
            xml = story.template.render(context)
        except jinja2.TemplateError as e:
            raise _located(e, story.source) from None
    # The template was compiled without docxtpl's line breaks before each paragraph (they only
    # number lines for error messages), so there is nothing to take out unless a value brought some.
    listing = _has_listing_chars(xml)
    if listing and "\n<w:p" in xml:
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml or "%_" in xml:  # docxtpl's escapes of a literal {{ }} / {% %}
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if listing and _has_listing_chars(xml):  # without these characters the listing pass changes nothing
        xml = _resolve_listing(xml)
    return xml


def _has_listing_chars(xml: str) -> bool:
    # = re.search("[\t\a\n\f]", xml); `in` is some forty times quicker on a long text
    return "\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml


def _listing_marks(xml: str) -> list[int]:
    """Return the positions of the listing characters in `xml`, in order."""
    marks = []
    for char in _LISTING_CHARS:
        at = xml.find(char)
        while at >= 0:
            marks.append(at)
            at = xml.find(char, at + 1)
    marks.sort()
    return marks


def _resolve_listing(xml: str) -> str:
    """docxtpl's listing pass (line breaks, tabs, new paragraphs from characters in the text), run only on
    the paragraphs that hold such a character: it leaves every other paragraph as it is."""
    from docxtpl import DocxTemplate

    marks = _listing_marks(xml)  # few: a title's line break or two, a drawing's lines
    if "txbxContent" in xml:  # paragraphs inside a text box nest: follow docxtpl's own scan
        spans = [m.span() for m in _PARAGRAPH.finditer(xml) if any(m.start() <= k < m.end() for k in marks)]
    else:  # paragraphs do not nest: each mark's paragraph is the one that opened last before it
        spans = []
        for k in marks:
            if spans and spans[-1][0] < k < spans[-1][1]:
                continue  # in the paragraph just found (a drawing's lines, a title's two breaks)
            start = max(xml.rfind("<w:p ", 0, k), xml.rfind("<w:p>", 0, k))
            end = xml.find("</w:p>", start) + len("</w:p>") if start >= 0 else -1
            if start >= 0 and k < end and (not spans or spans[-1] != (start, end)):
                spans.append((start, end))
    out, last = [], 0
    for start, end in spans:
        out += (xml[last:start], DocxTemplate.resolve_listing(None, xml[start:end]))
        last = end
    out.append(xml[last:])
    return "".join(out)


def _located(error: jinja2.TemplateError, source: str) -> jinja2.TemplateError:
    """Attach the text around the failing line, as docxtpl does, for the message that names the tag."""
    if getattr(error, "lineno", None) is not None:
        start = max(error.lineno - 4, 0)
        error.docx_context = [re.sub(r"<[^>]+>", "", line) for line in source.splitlines()[start:start + 7]]
    return error


def compile_template(data: bytes, name: str, env: jinja2.Environment,
                     edit_body: Callable | None = None) -> CompiledTemplate:
    """Compile the .docx template `data` (named `name` in messages) for rendering with `env`;
    `edit_body(body)`, when given, first changes the template's body (as done before docxtpl renders).

    Raise a Jinja error for a broken tag and `Unsupported` for what only docxtpl itself renders.
    """
    from docx import Document
    from docx.opc.oxml import parse_xml as parse_opc

    doc = Document(io.BytesIO(data))
    if edit_body is not None:
        edit_body(doc.element.body)
    props = doc.core_properties  # docxtpl's render reads them, which adds the part to a template lacking it
    package = doc.part.package
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        if _TAG.search(getattr(props, prop) or ""):
            raise Unsupported("tags in core properties")
    parts = list(package.iter_parts())
    if any(p.content_type == _FOOTNOTES for p in parts):
        raise Unsupported("footnotes")
    saved = io.BytesIO()
    doc.save(saved)
    import zipfile

    with zipfile.ZipFile(saved) as z:
        written = {n: z.read(n) for n in z.namelist()}

    body_source = DocxTemplate.patch_xml(None, etree.tostring(doc.element.body, encoding="unicode"))
    body = _story(doc.part, "word/document.xml", body_source, env)
    stories = []
    for uri in _STORY_RELS:
        for rel in doc.part.rels.values():
            if rel.reltype == uri and not rel.is_external and rel.target_part.blob:
                part = rel.target_part
                xml = etree.tostring(parse_opc(part.blob), encoding="unicode")
                story = _story(part, part.partname[1:], DocxTemplate.patch_xml(None, xml), env)
                if not _TAG.search(story.source):
                    story.static = etree.tostring(
                        etree.fromstring(_render_story(story, {}).encode("utf-8"), _OXML_PARSER),
                        encoding="UTF-8", standalone=True)
                    written[story.member] = story.static
                stories.append(story)

    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    types = etree.fromstring(written["[Content_Types].xml"])
    for el in types:
        if el.tag == f"{{{_CT_NS}}}Default":
            defaults[el.get("Extension").lower()] = el.get("ContentType")
        else:
            overrides[el.get("PartName")] = el.get("ContentType")
    images = {p.partname[1:]: hashlib.sha1(p.blob).hexdigest() for p in getattr(package, "image_parts", [])}
    text_width = section_text_width(doc)  # read before the body (and its section properties) is set aside
    root = doc.element
    root.replace(root.body, etree.Element(_BODY))
    before, found, after = etree.tostring(root, encoding="UTF-8", standalone=True).partition(b"<w:body/>")
    compiled = CompiledTemplate(
        name=name, root=root, around_body=(before, after) if found else None, body=body, stories=stories,
        members={n: deflate(n, b) for n, b in written.items()},
        content_types=(defaults, overrides), image_parts=images, styles_xml=written.get("word/styles.xml", b""),
        text_width=text_width)
    # Check our writers of the package lists against python-docx's before trusting them with pictures.
    if _content_types_xml(defaults, overrides) != written["[Content_Types].xml"] or any(
            _rels_xml(s.rels) != written[_rels_member(s.member)] for s in [body, *stories] if s.rels):
        compiled.image_parts = None  # type: ignore[assignment]  # pictures then go through docxtpl
    return compiled


def section_text_width(doc) -> int | None:
    """Return the text width (EMU) of the first section of a python-docx document: a chart's width."""
    try:
        section = doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin
    except (IndexError, TypeError):  # no section or sizes: only a chart needs it, and says so then
        return None


def _story(part, member: str, source: str, env: jinja2.Environment) -> _Story:
    ids = [int(v) for v in part._element.xpath("//@id") if v.isdigit()]
    rels = [_Rel(r.rId, r.reltype, r.target_ref, r.is_external,
                 None if r.is_external else r.target_part.partname[1:]) for r in part.rels.values()]
    # docxtpl breaks the line before each paragraph so that Jinja's line numbers point at one; the
    # output is the same without, so only a template that fails is compiled again to say where.
    marked = _PARA_MARK.sub(r"\n<w:p\1", source)
    if not _TAG.search(source) and "\r" not in source and not source.endswith("\n"):
        # Jinja gives such a text back unchanged (it only rewrites line ends and a final newline).
        return _Story(member, marked, None, max(ids) + 1 if ids else 1, rels, plain=source)
    try:
        template = env.from_string(source)
    except jinja2.TemplateError:
        try:
            env.from_string(marked)
        except jinja2.TemplateError as e:
            raise _located(e, marked) from None
        raise
    return _Story(member, marked, template, max(ids) + 1 if ids else 1, rels)


def _rels_member(member: str) -> str:
    folder, _, base = member.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _content_types_xml(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    for ext in sorted(defaults):
        etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension=ext, ContentType=defaults[ext])
    for name in sorted(overrides):
        etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName=name, ContentType=overrides[name])
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _rels_xml(rels: list[_Rel]) -> bytes:
    root = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    for rel in rels:
        el = etree.SubElement(root, f"{{{_REL_NS}}}Relationship", Id=rel.rid, Type=rel.reltype, Target=rel.target)
        if rel.external:
            el.set("TargetMode", "External")
    return etree.tostring(root, encoding="UTF-8", standalone=True)


class Pictures:
    """The pictures one render adds: media parts, relationships and content types, as python-docx adds them."""

    def __init__(self, template: CompiledTemplate):
        self.template = template
        self.story: _Story | None = None
        self.media: dict[str, bytes] = {}  # new part name -> bytes
        self.sha1: dict[str, str] = dict(template.image_parts or {})  # part name -> sha1, existing first
        self.rels: dict[str, list[_Rel]] = {}  # story member -> its relationships, when pictures added some
        self.types: dict[str, str] = {}  # new defaults by extension
        self.overrides: dict[str, str] = {}

    def drawing(self, image_descriptor, width: int | None, height: int | None) -> str:
        """Return the `w:drawing` run XML docxtpl's InlineImage inserts for `image_descriptor` (path or stream)."""
        if self.template.image_parts is None:
            raise Unsupported("pictures in a template whose package lists we do not rewrite exactly")
        from docx.image.image import Image
        from docx.oxml.shape import CT_Inline

        image = Image.from_file(image_descriptor)
        partname = next((n for n, s in self.sha1.items() if s == image.sha1), None)
        if partname is None:
            used = {_index(n) for n in self.sha1}
            number = next((n for n in range(1, len(self.sha1) + 1) if n not in used), len(self.sha1) + 1)
            partname = f"word/media/image{number}.{image.ext}"
            self.sha1[partname] = image.sha1
            self.media[partname] = image.blob
            ext = image.ext
            if (ext.lower(), image.content_type) in _default_types():
                self.types[ext.lower()] = image.content_type
            else:
                self.overrides["/" + partname] = image.content_type
        story = self.story
        rels = self.rels.setdefault(story.member, list(story.rels))
        rel = next((r for r in rels if r.reltype == _RT_IMAGE and not r.external and r.partname == partname), None)
        if rel is None:
            ids = {r.rid for r in rels}
            rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in ids)
            rel = _Rel(rid, _RT_IMAGE, _relative(partname, story.member), False, partname)
            rels.append(rel)
        cx, cy = image.scaled_dimensions(width, height)
        inline = CT_Inline.new_pic_inline(story.next_id, rel.rid, image.filename, cx, cy)
        xml = etree.tostring(inline, encoding="unicode", pretty_print=True)
        return f'</w:t></w:r><w:r><w:drawing>{xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    def package_parts(self) -> dict[str, bytes]:
        """Return the parts pictures added or changed: media, relationships, content types."""
        if not self.media and not self.rels:
            return {}
        parts = dict(self.media)
        for member, rels in self.rels.items():
            parts[_rels_member(member)] = _rels_xml(rels)
        defaults, overrides = self.template.content_types
        parts["[Content_Types].xml"] = _content_types_xml({**defaults, **self.types}, {**overrides, **self.overrides})
        return parts


def _index(partname: str) -> int | None:
    """Return the number python-docx reads in a part name (`image3.png` → 3)."""
    m = _PART_NUMBER.match(partname.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return int(m.group(2)) if m and m.group(2) else None


def _relative(partname: str, source_member: str) -> str:
    import posixpath

    return posixpath.relpath("/" + partname, posixpath.dirname("/" + source_member))


def _default_types():
    from docx.opc.spec import default_content_types

    return default_content_types
