"""A second, different plan (tests/fixtures/xa-sau-sap-xep-2025): a merged commune after 2025, a KT. signer,
a mục of paragraphs only, tiểu khoản, a targets table, ý, bold and italic, tasks for units — built and read back."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx_text import lines, paragraph, row_texts

from kehoach.lint import lint_docx
from kehoach.rules.fontmetrics import text_width

FIXTURE = Path(__file__).parent / "fixtures" / "xa-sau-sap-xep-2025"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from kehoach.cli.main import main

    root = tmp_path_factory.mktemp("second")
    shutil.copytree(FIXTURE, root / "data" / FIXTURE.name)
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.md"))
    assert main(["--data", str(root / "data"), "--out", str(root / "out")]) == 0
    return root / "out" / FIXTURE.name


def _runs(p):
    return [r for r in p.runs if r.text.strip()]


def _direct(run, tag):
    """True when `run` (python-docx Run or w:r element) sets `tag` itself, not through a style."""
    rpr = getattr(run, "_r", run).rPr
    el = rpr.find(qn(f"w:{tag}")) if rpr is not None else None
    return el is not None and el.get(qn("w:val")) in (None, "1", "true", "on")


def test_every_document_passes_the_format_check(built):
    for path in sorted(built.glob("*.docx")):
        findings = [str(f) for f in lint_docx(path) if f.severity in ("lỗi", "cảnh báo")]
        assert findings == [], (path.name, findings)


def test_plan_structure_reads_in_order(built):
    doc = lines(built / "ke-hoach.docx")
    assert doc[:2] == ["ỦY BAN NHÂN DÂN", "XÃ SƠN GIANG"]  # no supervising-body line
    expected = [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
        "a) Bảo đảm hoạt động của chính quyền xã sau sắp xếp thông suốt, không gián đoạn.",
        "2. Yêu cầu", "II. CHỈ TIÊU", "Phấn đấu đến ngày 31/12/2025 đạt các chỉ tiêu sau:",
        "TT", "Chỉ tiêu", "Năm 2025", "III. NHIỆM VỤ, GIẢI PHÁP", "1. Công tác chỉ đạo, điều hành",
        "1.1. Kiện toàn tổ chức bộ máy",
        "a) Rà soát chức năng, nhiệm vụ của các phòng, ban, đơn vị thuộc Ủy ban nhân dân xã.",
        "b) Ban hành quy chế làm việc của Ủy ban nhân dân xã nhiệm kỳ 2021 - 2026, gồm:",
        "- phân công nhiệm vụ Chủ tịch, các Phó Chủ tịch;", "- quy trình giải quyết công việc giữa các phòng, đơn vị.",
        "1.2. Tuyên truyền", "2. Cải cách thủ tục hành chính",
        "Trung tâm Phục vụ hành chính công là đầu mối tiếp nhận, trả kết quả giải quyết thủ tục hành chính.",
        "a) Niêm yết đầy đủ thủ tục hành chính thuộc thẩm quyền cấp xã.",
        "b) Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        "Hồ sơ trễ hạn phải có văn bản xin lỗi người dân theo quy định (Quyết định số 54/2019/QĐ-UBND).",
        "3. Chuyển đổi số", "IV. KINH PHÍ THỰC HIỆN",
        "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách xã năm 2025 và các nguồn hợp pháp khác.",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    pos = 0
    for text in expected:
        assert text in doc[pos:], text
        pos = doc.index(text, pos) + 1
    assert doc[doc.index("IV. KINH PHÍ THỰC HIỆN") + 2] == "V. TỔ CHỨC THỰC HIỆN"  # a mục of one paragraph
    signer = doc.index("KT. CHỦ TỊCH")
    assert doc[signer:signer + 3] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Hùng"]
    assert not any(re.match(r"^\*|.*\*\*", t) for t in doc)  # no markup left as asterisks


def test_markup_is_printed_as_bold_and_italic(built):
    path = built / "ke-hoach.docx"
    p = paragraph(path, "a) Bảo đảm hoạt động của chính quyền xã sau sắp xếp thông suốt, không gián đoạn.")
    assert [(r.text, _direct(r, "b")) for r in _runs(p)] == [
        ("a) Bảo đảm hoạt động của chính quyền xã sau sắp xếp ", False), ("thông suốt, không gián đoạn", True),
        (".", False)]
    p = paragraph(path, "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;")
    assert [r.text for r in _runs(p) if _direct(r, "i")] == ["Luật Tổ chức chính quyền địa phương"]
    p = paragraph(path, "1.1. Kiện toàn tổ chức bộ máy")
    assert p.style.name == "KH Tiểu khoản" and p.style.font.bold and p.style.font.italic


def test_targets_table_repeats_its_header_and_fits_its_content(built):
    doc = Document(str(built / "ke-hoach.docx"))
    (table,) = [t for t in doc.tables if row_texts(t.rows[0]) == ["TT", "Chỉ tiêu", "Năm 2025"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [row_texts(r) for r in table.rows[1:3]] == [
        ["1", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "100%"],
        ["2", "Tỷ lệ hồ sơ nộp trực tuyến trên tổng số hồ sơ", "≥ 80%"]]
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(grid) == 9355
    spans = [int(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val"))) for tc in table.rows[0]._tr.tc_lst]
    assert sum(spans) == len(grid) and spans[1] > spans[2] > spans[0]  # text column widest, "TT" narrowest
    cell = table.rows[1]._tr.tc_lst[2]
    assert [(r.text, _direct(r, "b")) for r in cell.iter(qn("w:r")) if r.text] == [("100%", True)]


def test_tasks_go_to_units_and_the_notice_says_so(built):
    text = lines(built / "thong-bao-phan-cong.docx")
    intro = next(t for t in text if t.startswith("Thực hiện Kế hoạch"))
    assert intro.endswith("thông báo phân công nhiệm vụ cho các đơn vị, công chức như sau:")
    assert "1. Văn phòng HĐND và UBND" in text and "4. Trung tâm Phục vụ hành chính công" in text
    assert text.index("5. Chỉ huy trưởng Ban Chỉ huy Quân sự xã") < text.index("6. Trưởng Công an xã")
    doc = Document(str(built / "ke-hoach.docx"))
    appendix = doc.tables[-1]
    leads = {row_texts(r)[2] for r in appendix.rows[1:] if row_texts(r)[0].isdigit()}
    assert leads == {"Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công"}


def _rule_ratio(doc, rule_style: str, text_paras, size, room):
    """Length of the rule paragraph of `rule_style` over the longest line of `text_paras` (printed)."""
    rule = next(p for p in doc.paragraphs + [p for t in doc.tables for c in t._cells for p in c.paragraphs]
                if p.style.name == rule_style)
    ind = rule._p.pPr.find(qn("w:ind"))
    length = room - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))
    longest = max(text_width(line, size, True) for p in text_paras for line in p.text.split("\n"))
    return length / longest


def test_rules_are_a_third_to_a_half_of_the_line_above(built):
    doc = Document(str(built / "ke-hoach.docx"))
    title = [p for p in doc.paragraphs if p.style.name == "KH Trích yếu"]
    assert 1 / 3 <= _rule_ratio(doc, "KH Kẻ dưới trích yếu", title, 14, 9355) <= 1 / 2
    issuer = [p for p in doc.tables[0]._cells[0].paragraphs if p.style.name == "KH Cơ quan ban hành"]
    assert 1 / 3 <= _rule_ratio(doc, "KH Kẻ dưới cơ quan", issuer, 13, 3402) <= 1 / 2


def test_title_lines_are_balanced(built):
    for name in ("ke-hoach", "thong-bao-phan-cong", "bao-cao-quy-3"):
        doc = Document(str(built / f"{name}.docx"))
        (title,) = [p for p in doc.paragraphs if p.style.name == "KH Trích yếu"]
        lines_ = title.text.split("\n")
        assert len(lines_) >= 2 and all(len(ln.split()) >= 2 for ln in lines_), lines_
        widths = [text_width(ln, 14, True) for ln in lines_]
        assert max(widths) - min(widths) < 0.25 * max(widths), lines_


def test_fixed_lines_carry_direct_formatting(built):
    path = built / "ke-hoach.docx"
    for text, tags in (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ("b",)), ("Độc lập - Tự do - Hạnh phúc", ("b",)),
                       ("ỦY BAN NHÂN DÂN", ("b",)), ("Sơn Giang, ngày tháng 9 năm 2025", ("i",)),
                       ("KẾ HOẠCH", ("b",)), ("Nơi nhận:", ("b", "i")), ("KT. CHỦ TỊCH", ("b",)),
                       ("PHÓ CHỦ TỊCH", ("b",)), ("Lê Văn Hùng", ("b",)), ("Phụ lục", ("b",))):
        runs = _runs(paragraph(path, text))
        assert runs and all(_direct(r, t) for r in runs for t in tags), text
    doc = Document(str(path))
    (title,) = [p for p in doc.paragraphs if p.style.name == "KH Trích yếu"]
    assert all(_direct(r, "b") for r in _runs(title))


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice/poppler chưa cài")
def test_printed_titles_keep_two_words_on_their_last_line(built, tmp_path):
    """Rendered by LibreOffice, each trích yếu prints on the lines the model chose: none ends with a lone word."""
    from kehoach.lint.layout import read_words
    from kehoach.render.pdf import convert_to_pdf

    names = ["ke-hoach", "thong-bao-phan-cong", "bao-cao-quy-3"]
    pdfs = convert_to_pdf([built / f"{n}.docx" for n in names], tmp_path)
    for name, pdf in zip(names, pdfs):
        doc = Document(str(built / f"{name}.docx"))
        (title,) = [p for p in doc.paragraphs if p.style.name == "KH Trích yếu"]
        words = [w for w in read_words(pdf) if w.page == 1]
        printed: dict[int, list[str]] = {}
        for chosen in title.text.split("\n"):
            first = chosen.split()[0]
            start = next(i for i, w in enumerate(words) if w.text == first and
                         [x.text for x in words[i:i + len(chosen.split())]] == chosen.split())
            printed[words[start].line] = [w.text for w in words if w.line == words[start].line]
        assert [" ".join(v) for v in printed.values()] == title.text.split("\n"), name
        assert all(len(v) >= 2 for v in printed.values())
