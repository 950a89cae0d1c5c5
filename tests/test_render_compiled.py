"""The compiled renderer gives the very bytes a new DocxTemplate per document gives (the reference).

Every template is rendered with the seed's documents and the hand-made contexts, then with what
other kinds of value a template may receive: rich text runs, body tables, pictures in the body
and in a header, `{%tr %}`/`{%tc %}`/`{%p %}` loops.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import template_context as tc
from docx import Document
from docx.shared import Mm
from docxtpl import InlineImage, RichText

from kehoach.documents.common import Block, table_block
from kehoach.documents.picture import Picture
from kehoach.errors import KehoachError
from kehoach.pipeline import load_project
from kehoach.render.docx import render_docx, render_with_docxtpl

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
DAY = dt.date(2024, 3, 1)


def both(template: Path, context: dict, **kw) -> tuple[bytes, bytes]:
    kw = {"when": DAY, "title": "Kế hoạch thử", "author": "UBND xã", **kw}
    return render_docx(template, context, **kw), render_with_docxtpl(template, context, **kw)


def png(width: int, height: int, dpi: int | None = None, colour: bytes = b"\x00\x80\xff") -> bytes:
    """Return a small valid PNG (RGB), with a pHYs chunk when `dpi` is given."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if dpi:
        ppm = round(dpi / 0.0254)
        out += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    return out + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def seed_models():
    project = load_project(REPO / "data")
    return project, [m for d in project.dossiers for m in d.documents]


def test_every_seed_document_is_byte_identical(seed_models):
    project, models = seed_models
    for m in models:
        ours, reference = both(project.settings.templates_dir / m.template, m.context, when=m.date,
                               title=f"{m.type_name} {m.summary}", author=m.issuer_short)
        assert ours == reference, m.id


@pytest.mark.parametrize("kind", sorted(tc.CONTEXTS))
def test_every_template_with_the_hand_made_contexts(kind):
    ours, reference = both(TEMPLATES / f"{kind}.docx", tc.CONTEXTS[kind]())
    assert ours == reference


def test_rendering_twice_in_one_process_gives_the_same_bytes(seed_models):
    project, models = seed_models
    m = models[0]
    path = project.settings.templates_dir / m.template
    first = render_docx(path, m.context, when=m.date)
    for other in models[1:]:  # other documents of the same template in between
        render_docx(project.settings.templates_dir / other.template, other.context, when=other.date)
    assert render_docx(path, m.context, when=m.date) == first


def test_rich_text_runs_and_body_tables(seed_models):
    project, models = seed_models
    plan = next(m for m in models if m.kind == "ke-hoach")
    rich = RichText()
    rich.add("Đậm ", bold=True)
    rich.add("nghiêng ", italic=True)
    rich.add("đậm nghiêng & <thẻ>", bold=True, italic=True)
    body = [Block("muc", "I. MỤC *MỘT*"), {"loai": "doan", "noi_dung": rich, "dong": [], "cot": []},
            table_block(["TT", "Chỉ tiêu **chính**", "Năm 2025"],
                        [["1", "a & b", "84,40"], ["2", "<c> *nghiêng*", "100%"], ["3", "thiếu ô"]])]
    context = {**plan.context, "than": body}
    ours, reference = both(project.settings.templates_dir / plan.template, context)
    assert ours == reference


def _custom_template(path: Path) -> Path:
    """A template using what docxtpl offers beyond our three: pictures in the body and a header,
    `{%tc %}` columns, `{%tr %}` rows that may come out empty, `{%p %}` paragraphs and listing text."""
    doc = Document()
    doc.add_paragraph("{{ tieu_de }}")
    doc.add_paragraph("{%p if hinh %}")
    doc.add_paragraph("Hình: {{ hinh }} và lần nữa {{ hinh }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for h in cac_hinh %}")
    doc.add_paragraph("{{ h }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tc for c in cot %}"
    table.cell(0, 1).text = "{{ c }}{%tc endfor %}"
    table.cell(1, 0).text = "{%tr for r in dong %}"
    table.cell(2, 0).text = "{{ r }}"
    table.cell(2, 1).text = "{%tr endfor %}"
    doc.add_paragraph("{{ ghi_chu }}")
    header = doc.sections[0].header
    header.paragraphs[0].text = "Đầu trang {{ tieu_de }} {{ logo }}"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("case", ["pictures", "no picture", "empty loops", "same picture twice", "sized"])
def test_docxtpl_features_beyond_our_templates(tmp_path, case):
    template = _custom_template(tmp_path / "mau.docx")
    chart, logo = png(40, 20, dpi=96), png(8, 8, colour=b"\xff\x00\x00")
    from docxtpl import Listing

    context = {"tieu_de": "Báo cáo & biểu đồ", "hinh": Picture(chart, width_mm=120), "logo": Picture(logo),
               "cac_hinh": [Picture(logo, height_mm=10), Picture(chart)], "cot": ["A", "B", "C"],
               "dong": ["một", "hai"], "ghi_chu": Listing("dòng 1\ndòng 2\tcột")}
    if case == "no picture":
        context.update(hinh=None, logo="", cac_hinh=[])
    elif case == "empty loops":
        context.update(cot=[], dong=[], cac_hinh=[])
    elif case == "same picture twice":
        context.update(logo=Picture(chart, width_mm=120), cac_hinh=[Picture(chart, width_mm=120)])
    elif case == "sized":
        context.update(hinh=Picture(chart, width_mm=50.5, height_mm=10))
    ours, reference = both(template, context)
    assert ours == reference
    names = zipfile.ZipFile(io.BytesIO(ours)).namelist()
    media = [n for n in names if n.startswith("word/media/")]
    expected = {"pictures": 2, "no picture": 0, "empty loops": 2, "same picture twice": 1, "sized": 2}[case]
    assert len(media) == expected


def test_a_docxtpl_inline_image_draws_like_our_picture(tmp_path):
    template = _custom_template(tmp_path / "mau.docx")
    chart = png(30, 30)
    base = {"tieu_de": "x", "logo": "", "cac_hinh": [], "cot": [], "dong": [], "ghi_chu": ""}
    ours = render_docx(template, {**base, "hinh": Picture(chart, width_mm=40)}, when=DAY)
    theirs = render_docx(template, {**base, "hinh": InlineImage(None, io.BytesIO(chart), width=Mm(40))}, when=DAY)
    assert ours == theirs


@pytest.mark.parametrize("tag", ["{{ bien_la }}", "{% for x in than %}", "{{ a.b( }}"])
def test_errors_name_the_template_and_the_text_near_the_tag(tmp_path, tag):
    path = tmp_path / "thong-bao-phan-cong.docx"
    shutil.copy(TEMPLATES / path.name, path)
    doc = Document(str(path))
    doc.add_paragraph("Đoạn trước thẻ")
    doc.add_paragraph(tag)
    doc.save(str(path))
    context = tc.CONTEXTS["thong-bao-phan-cong"]()
    with pytest.raises(KehoachError) as ours:
        render_docx(path, context, when=DAY)
    (problem,) = ours.value.problems
    assert problem.file == str(path)
    if "bien_la" in tag:
        assert "bien_la" in problem.message
    else:
        assert "Đoạn trước thẻ" in problem.message  # the text near the failing tag
    # The same message as docxtpl's own rendering gives.
    from kehoach.render import docx as rendering

    with pytest.raises(Exception) as reference:
        render_with_docxtpl(path, context, when=DAY)
    assert rendering._near(reference.value) in problem.message


def test_a_template_with_footnotes_still_renders_through_docxtpl(tmp_path):
    """What the compiled renderer does not reproduce goes to docxtpl: same result, nothing lost."""
    path = tmp_path / "mau.docx"
    src = zipfile.ZipFile(TEMPLATES / "thong-bao-phan-cong.docx")
    with zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"'
                                    b'/></Types>')
            if name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(name, data)
        dst.writestr("word/footnotes.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                     '<w:footnote w:id="1"><w:p><w:r><w:t>{{ nguoi_ky }}</w:t></w:r></w:p></w:footnote>'
                     '</w:footnotes>')
    ours, reference = both(path, tc.CONTEXTS["thong-bao-phan-cong"]())
    assert ours == reference


def test_a_plan_without_tasks_drops_its_appendix_section_the_same_way(seed_models):
    project, models = seed_models
    plan = next(m for m in models if m.kind == "ke-hoach")
    context = {**plan.context, "phu_luc": None}
    kw = {"when": DAY, "omit_last_section": True}
    ours = render_docx(project.settings.templates_dir / plan.template, context, **kw)
    assert ours == render_with_docxtpl(project.settings.templates_dir / plan.template, context, **kw)
    assert "Phụ lục" not in Document(io.BytesIO(ours)).paragraphs[-1].text
