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
DOCS = ["ke-hoach", "bao-cao-quy-1", "bao-cao-quy-2", "bao-cao-quy-3", "bao-cao-quy-4",
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


def _summary_table(path) -> dict[str, tuple[str, str]]:
    doc = Document(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    return {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:]}


# Worked out by hand from data/son-giang-2024/tien-do.yaml and the ND 09 cut-off windows.
@pytest.mark.parametrize("quarter, expected", [
    (1, {"Hoàn thành đúng hạn": ("5", "20%"), "Hoàn thành trễ hạn": ("0", "0%"),
         "Đang thực hiện": ("5", "20%"), "Chưa triển khai": ("15", "60%"), "Quá hạn": ("0", "0%"),
         "Tổng số": ("25", "100%")}),
    (4, {"Hoàn thành đúng hạn": ("11", "44%"), "Hoàn thành trễ hạn": ("3", "12%"),
         "Đang thực hiện": ("7", "28%"), "Chưa triển khai": ("1", "4%"), "Quá hạn": ("3", "12%"),
         "Tổng số": ("25", "100%")}),
])
def test_report_figures_are_computed_from_progress(built, quarter, expected):
    assert _summary_table(built / f"bao-cao-quy-{quarter}.docx") == expected


def test_report_reads_like_a_report(built):
    text = lines(built / "bao-cao-quy-4.docx")
    assert "Số: /BC-UBND" in text and "Sơn Giang, ngày tháng 12 năm 2024" in text
    assert "Kính gửi: Ủy ban nhân dân huyện Hương Sơn." in text
    assert any("số liệu tính từ ngày 15/9/2024 đến ngày 14/12/2024" in t for t in text)
    assert any(t.startswith("Thực hiện Kế hoạch số /KH-UBND ngày /3/2024 của UBND xã Sơn Giang") for t in text)
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "2. Tồn tại, hạn chế và nguyên nhân",
                    "III. NHIỆM VỤ TIẾP TỤC THỰC HIỆN", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in text
    assert "Còn 3 nhiệm vụ quá hạn và 3 nhiệm vụ hoàn thành trễ hạn:" in text
    assert text[text.index("Nơi nhận:") + 1] == "- Như trên;"
    progress = Document(str(built / "bao-cao-quy-4.docx")).tables[-1]
    assert [c.text for c in progress.rows[0].cells] == ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tiến độ",
                                                        "Tình trạng", "Ghi chú"]
    rows = {r.cells[1].text: r.cells[4].text + " " + r.cells[5].text for r in progress.rows[1:]}
    assert rows["Xây dựng và thực hiện kế hoạch chuyển đổi số năm 2024"] == "100% Hoàn thành đúng hạn"
    assert rows["Kiểm tra, giám sát việc tuân thủ TTHC theo cơ chế một cửa, một cửa liên thông"] == "40% Quá hạn"


def test_report_next_quarter_lists_what_falls_due(built):
    text = lines(built / "bao-cao-quy-1.docx")
    start = text.index("III. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024")
    section = text[start:text.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert "- Xây dựng và thực hiện kế hoạch chuyển đổi số năm 2024 (chủ trì: Công chức Văn phòng - " \
           "Thống kê; thời hạn: 15/04/2024)." in section
    assert not any("30/09/2024" in t for t in section)  # not due until Quý III


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
             "bao-cao-quy-2": "14/06/2024", "bao-cao-quy-3": "16/09/2024", "bao-cao-quy-4": "16/12/2024"}
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
    draft = lines(project / "out" / "son-giang-2024" / "bao-cao-quy-4.docx")
    assert "Số: /BC-UBND" in draft
    assert any(t.startswith("Thực hiện Kế hoạch số 01/KH-UBND ngày 15/3/2024") for t in draft)
    code, out, _ = run("list", "--json", *data)
    states = {row["id"]: (row["state"], row["number"]) for row in json.loads(out)}
    assert states["son-giang-2024/bao-cao-quy-4"][1] == "06/BC-UBND"


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
