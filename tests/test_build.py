"""End to end: build the seed like a clerk and read the documents back."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

import json

from conftest import mark_as_real
from docx_text import lines, paragraph, row_texts
from kehoach.lint import lint_docx

SEED_TEXT = Path(__file__).parent / "seed" / "ke-hoach-cchc-son-giang-2024.md"
GOLDEN = Path(__file__).parent / "golden"
DOCS = ["ke-hoach", "bao-cao-quy-1", "bao-cao-6-thang", "bao-cao-quy-3", "bao-cao-nam",
        "thong-bao-phan-cong"]


@pytest.fixture
def built(project, run) -> Path:
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    return project / "out" / "son-giang-2024"


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs as a reader sees them: markdown marks gone, a page-break split mended."""
    raw = [l.strip() for l in SEED_TEXT.read_text(encoding="utf-8").splitlines()]
    paras: list[str] = []
    open_end = False
    for line in raw:
        if not line:
            continue
        text = re.sub(r"^#+\s*", "", line).replace("**", "").replace("*", "")
        text = " ".join(text.split()).replace(" ;", ";")
        if open_end and text[:1].islower():  # "... đảm" / "bảo ..." is one paragraph cut by a page
            paras[-1] += " " + text
        else:
            paras.append(text)
        open_end = not line.startswith("#") and not text.endswith((".", ";", ":"))
    return paras


def test_builds_every_document(built):
    assert sorted(p.stem for p in built.glob("*.docx")) == sorted(DOCS)


def test_every_seed_paragraph_is_in_the_plan_in_order(built):
    doc = lines(built / "ke-hoach.docx")
    pos = 0
    for para in seed_paragraphs():
        assert para in doc[pos:], f"missing or out of order: {para[:70]}"
        pos = doc.index(para, pos) + 1


def test_plan_numbering_is_generated(built):
    doc = lines(built / "ke-hoach.docx")
    headings = [l for l in doc if re.match(r"^[IVX]+\. ", l)]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"]
    assert "đ) Nâng cao chất lượng việc rà soát, đánh giá TTHC và xây dựng phương án đơn giản hóa TTHC " \
           "phù hợp với điều kiện và yêu cầu thực tế của địa phương." in doc
    assert "8. Tác động của cải cách hành chính đến sự phát triển KTXH của địa phương" in doc


def test_plan_header_and_signature_as_a_clerk_checks(built):
    path = built / "ke-hoach.docx"
    doc = lines(path)
    # A UBND xã has no supervising-body line (domain.md, "The commune's header").
    assert doc[:6] == ["ỦY BAN NHÂN DÂN", "XÃ SƠN GIANG",
                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                       "Số: /KH-UBND", "Sơn Giang, ngày tháng 3 năm 2024"]
    number = paragraph(path, "Số: /KH-UBND")
    assert "Số:      /KH-UBND" in number.text  # the blank is kept for the Văn thư
    assert _size(number) == Pt(13)
    assert _italic(paragraph(path, "Sơn Giang, ngày tháng 3 năm 2024"))
    i = doc.index("Nơi nhận:")
    assert doc[i:i + 11] == ["Nơi nhận:", "- UBND huyện Hương Sơn;", "- TT Đảng ủy, TT HĐND xã;",
                             "- Chủ tịch, các PCT UBND xã;", "- Thủ trưởng các đoàn thể;",
                             "- Các công chức chuyên môn có liên quan;", "- Trang thông tin điện tử xã;",
                             "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Đức Thắng"]
    label = paragraph(path, "Nơi nhận:")
    assert _size(label) == Pt(12) and _bold(label) and _italic(label)
    assert _size(paragraph(path, "- Lưu: VT.")) == Pt(11)
    assert _bold(paragraph(path, "Nguyễn Đức Thắng"))


def test_plan_appendix_has_one_row_per_task(built):
    doc = Document(str(built / "ke-hoach.docx"))
    section = doc.sections[-1]
    assert section.orientation == 1  # landscape
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp",
                                                     "Thời hạn", "Sản phẩm"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    tasks = [r for r in rows if r[0].isdigit()]
    groups = [r for r in rows if not r[0].isdigit()]
    assert len(tasks) == 25
    assert [g[0] for g in groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert tasks[0] == ["1", "Tuyên truyền về CCHC; khảo sát, đo lường sự hài lòng của người dân, tổ chức, "
                        "doanh nghiệp", "Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê",
                        "Hằng quý", "Tin, bài tuyên truyền; phiếu khảo sát và báo cáo kết quả khảo sát"]
    assert ["1", "Xây dựng và triển khai quy chế chi tiêu nội bộ"] != tasks[0][:2]
    text = lines(built / "ke-hoach.docx")
    assert "(Kèm theo Kế hoạch số /KH-UBND ngày tháng 3 năm 2024 của Ủy ban nhân dân xã Sơn Giang)" in text


def _area_table(path) -> dict[str, list[str]]:
    """The report's table of results by area: row label → the seven figures."""
    doc = Document(str(path))
    table = next(t for t in doc.tables if row_texts(t.rows[0])[:2] == ["TT", "Lĩnh vực"])
    return {row_texts(r)[1]: row_texts(r)[2:] for r in table.rows[1:]}


# Worked out by hand from data/son-giang-2024/tien-do.yaml, the cut-off windows and the plan's month
# (March 2024: a monthly task owes March … December). Columns: total, on time, late, in progress,
# not started, overdue, % done.
@pytest.mark.parametrize("name, totals", [
    ("bao-cao-quy-1", ["25", "5", "0", "5", "15", "0", "20%"]),
    ("bao-cao-6-thang", ["25", "8", "0", "8", "8", "1", "32%"]),   # 7b missed Quý I
    ("bao-cao-quy-3", ["25", "7", "1", "12", "3", "2", "32%"]),    # 3đ late; 4 overdue, 3c missed August
    ("bao-cao-nam", ["25", "9", "3", "6", "1", "6", "48%"]),
])
def test_report_figures_are_computed_from_progress(built, name, totals):
    table = _area_table(built / f"{name}.docx")
    assert table["Tổng cộng"] == totals
    assert sum(int(row[0]) for label, row in table.items() if label != "Tổng cộng") == 25


def test_report_reads_like_a_report(built):
    text = lines(built / "bao-cao-nam.docx")
    assert "Số: /BC-UBND" in text and "Sơn Giang, ngày tháng 12 năm 2024" in text
    assert "Kết quả thực hiện Kế hoạch khắc phục tồn tại, hạn chế và nâng cao Chỉ số cải cách hành chính " \
           "năm 2024" in text
    assert "Kính gửi: Ủy ban nhân dân huyện Hương Sơn." in text
    assert any("số liệu tính từ ngày 15/12/2023 đến ngày 14/12/2024" in t for t in text)
    assert any(t.startswith("Thực hiện Kế hoạch số /KH-UBND ngày /3/2024 của UBND xã Sơn Giang") for t in text)
    headings = [t for t in text if re.match(r"^[IVX]+\. ", t)]
    assert headings == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
                        "IV. NHIỆM VỤ TIẾP TỤC THỰC HIỆN", "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert "Kết quả thực hiện từng nhiệm vụ chi tiết tại Phụ lục kèm theo Báo cáo này." in text
    assert "So với quý III năm 2024: tăng 4 nhiệm vụ hoàn thành (từ 8 lên 12); tăng 4 nhiệm vụ quá hạn " \
           "(từ 2 lên 6)." in text
    assert "Còn 6 nhiệm vụ quá hạn và 3 nhiệm vụ hoàn thành trễ hạn:" in text
    assert "- Kiểm tra, giám sát việc tuân thủ TTHC theo cơ chế một cửa, một cửa liên thông (chủ trì: Phó Chủ " \
           "tịch UBND xã): quá hạn, đạt 40%; nguyên nhân: chưa kiểm tra xong do trùng đợt phòng chống bão lụt." in text
    assert text[text.index("Nơi nhận:") + 1] == "- Như trên;"
    progress = Document(str(built / "bao-cao-nam.docx")).tables[-1]
    assert [c.text for c in progress.rows[0].cells] == ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tiến độ",
                                                        "Tình trạng", "Ghi chú"]
    rows = {r.cells[1].text: r.cells[4].text + " " + r.cells[5].text for r in progress.rows[1:]}
    assert rows["Xây dựng và thực hiện kế hoạch chuyển đổi số năm 2024"] == "100% Hoàn thành đúng hạn"
    assert rows["Kiểm tra, giám sát việc tuân thủ TTHC theo cơ chế một cửa, một cửa liên thông"] == "40% Quá hạn"
    assert rows["Tuyên truyền về CCHC; khảo sát, đo lường sự hài lòng của người dân, tổ chức, doanh nghiệp"] == \
        "3/4 quý Quá hạn"  # Quý III was missed


def test_report_sections_use_the_clerks_words_where_written(built):
    text = lines(built / "bao-cao-6-thang.docx")
    direction = text[text.index("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") + 1]
    assert direction.startswith("Ủy ban nhân dân xã tổ chức hội nghị triển khai Kế hoạch")  # bao-cao.yaml
    assert text[text.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 1].startswith("Đề nghị UBND huyện tổ chức tập huấn")
    computed = lines(built / "bao-cao-quy-1.docx")
    assert computed[computed.index("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") + 1].startswith(
        "Ủy ban nhân dân xã đã triển khai Kế hoạch, giao 7 công chức chủ trì thực hiện 25 nhiệm vụ thuộc 8 lĩnh vực")
    assert computed[computed.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == "Không có."


def test_report_next_period_lists_what_falls_due(built):
    text = lines(built / "bao-cao-quy-1.docx")
    start = text.index("IV. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024")
    section = text[start:text.index("V. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert "- Xây dựng và thực hiện kế hoạch chuyển đổi số năm 2024 (chủ trì: Công chức Văn phòng - " \
           "Thống kê; thời hạn: 15/04/2024)." in section
    assert not any("30/09/2024" in t for t in section)  # not due until Quý III
    half = lines(built / "bao-cao-6-thang.docx")
    assert "IV. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2024" in half


def test_notice_lists_each_officers_tasks(built):
    path = built / "thong-bao-phan-cong.docx"
    text = lines(path)
    assert "THÔNG BÁO" in text and "Số: /TB-UBND" in text
    assert "1. Chủ tịch UBND xã (Nguyễn Đức Thắng)" in text
    doc = Document(str(path))
    task_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "TT"]
    officers_with_tasks = 8  # the Chỉ huy trưởng Quân sự has no task in this plan
    assert len(task_tables) == officers_with_tasks
    lead_rows = sum(1 for t in task_tables for r in t.rows[1:] if row_texts(r)[2] == "Chủ trì")
    assert lead_rows == 25  # every task has exactly one lead
    tu_phap = text.index("4. Công chức Tư pháp - Hộ tịch")
    assert text[tu_phap + 1] == "Chủ trì 4 nhiệm vụ, phối hợp 4 nhiệm vụ:"  # 2a 2b 2c 3đ; 1b 3b 3c 7đ
    assert text[-4:] == ["- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Đức Thắng"]


def test_two_builds_are_byte_identical(project, run, built):
    first = {p.name: p.read_bytes() for p in built.glob("*.docx")}
    shutil.rmtree(project / "out")
    assert run("--data", project / "data", "--out", project / "out")[0] == 0
    assert {p.name: p.read_bytes() for p in built.glob("*.docx")} == first


def test_output_passes_the_nd30_checker(built):
    for name in DOCS:
        findings = [f for f in lint_docx(built / f"{name}.docx") if f.severity in ("lỗi", "cảnh báo")]
        assert findings == [], f"{name}: {[str(e) for e in findings]}"


@pytest.mark.parametrize("name", DOCS)
def test_golden_text(built, name):
    """The full text of each document; regenerate with KEHOACH_REGEN_GOLDEN=1 after an intended change."""
    text = "\n".join(lines(built / f"{name}.docx")) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("KEHOACH_REGEN_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice chưa cài")
def test_libreoffice_converts_every_output(built, tmp_path):
    from kehoach.render.pdf import convert_to_pdf
    pdfs = convert_to_pdf(sorted(built.glob("*.docx")), tmp_path / "pdf")
    assert len(pdfs) == 6
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def _effective(p, attr):
    for run in p.runs:
        value = getattr(run.font, attr)
        if value is not None:
            return value
    style = p.style
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


def _size(p):
    return _effective(p, "size")


def _bold(p):
    return bool(_effective(p, "bold"))


def _italic(p):
    return bool(_effective(p, "italic"))


def test_issued_documents_carry_number_and_date_and_pass_the_checker(project, run):
    mark_as_real(project / "data" / "son-giang-2024")
    data = ("--data", project / "data")
    dates = {"ke-hoach": "15/03/2024", "bao-cao-quy-1": "15/03/2024", "thong-bao-phan-cong": "18/03/2024",
             "bao-cao-6-thang": "14/06/2024", "bao-cao-quy-3": "16/09/2024", "bao-cao-nam": "16/12/2024"}
    for name, day in dates.items():
        code, out, err = run("issue", f"son-giang-2024/{name}", "--ngay", day, "--khong-pdf", *data)
        assert code == 0, err
    archive = project / "van-thu" / "2024"
    files = sorted(p.name for p in archive.glob("*.docx"))
    # One series for every type by default: 01 … 06 in issue order, ký hiệu by type.
    assert files == ["01-KH-UBND.docx", "02-BC-UBND.docx", "03-TB-UBND.docx", "04-BC-UBND.docx",
                     "05-BC-UBND.docx", "06-BC-UBND.docx"]
    for path in archive.glob("*.docx"):
        findings = [f for f in lint_docx(path) if f.severity != "thông tin"]
        assert findings == [], f"{path.name}: {[str(f) for f in findings]}"
    plan = lines(archive / "01-KH-UBND.docx")
    assert "Số: 01/KH-UBND" in plan and "Sơn Giang, ngày 15 tháng 3 năm 2024" in plan
    assert "(Kèm theo Kế hoạch số 01/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân xã Sơn Giang)" in plan
    notice = lines(archive / "03-TB-UBND.docx")
    assert "Số: 03/TB-UBND" in notice and "Sơn Giang, ngày 18 tháng 3 năm 2024" in notice
    assert notice[notice.index("THÔNG BÁO") + 2].startswith(
        "Thực hiện Kế hoạch số 01/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang về khắc phục")
    # Drafts rebuilt afterwards cite the issued plan too, and never carry their own number.
    code, _, err = run(*data, "--out", project / "out")
    assert code == 0, err
    draft = lines(project / "out" / "son-giang-2024" / "bao-cao-nam.docx")
    assert "Số: /BC-UBND" in draft
    assert any(t.startswith("Thực hiện Kế hoạch số 01/KH-UBND ngày 15/3/2024") for t in draft)
    code, out, _ = run("list", "--json", *data)
    states = {row["id"]: (row["state"], row["number"]) for row in json.loads(out)}
    assert states["son-giang-2024/bao-cao-nam"][1] == "06/BC-UBND"


@pytest.mark.parametrize("tag, words", [
    ("{{ bien_la }}", "bien_la"),
    ("{% for x in than %}", "lỗi cú pháp"),
])
def test_broken_template_is_named_and_nothing_is_written(project, run, tag, words):
    path = project / "templates" / "thong-bao-phan-cong.docx"
    doc = Document(str(path))
    doc.add_paragraph(tag)
    doc.save(str(path))
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    assert "thong-bao-phan-cong.docx" in err and words in err
    assert "Traceback" not in err
    assert not (project / "out").exists()  # the five good documents are not written either


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice/poppler chưa cài")
def test_pdf_and_preview_by_document_id(project, run):
    data = ("--data", project / "data", "--out", project / "out")
    code, out, err = run(*data, "pdf", "son-giang-2024/ke-hoach", "son-giang-2024/bao-cao-quy-1")
    assert code == 0, err
    folder = project / "out" / "son-giang-2024"
    assert (folder / "ke-hoach.pdf").read_bytes()[:5] == b"%PDF-"
    assert (folder / "bao-cao-quy-1.pdf").exists()
    code, out, err = run(*data, "preview", "son-giang-2024/thong-bao-phan-cong", "--dpi", "30")
    assert code == 0, err
    pages = sorted(folder.glob("thong-bao-phan-cong-trang-*.png"))
    assert len(pages) >= 2 and all(p.read_bytes()[:4] == b"\x89PNG" for p in pages)
