"""The report as a province receives it: chart in the document and in the PDF, schedule and clerk's texts."""
from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from docx_text import lines

from kehoach.documents.common import Chart
from kehoach.dossier.loading import load_dossier
from kehoach.render.chart import DPI, render_chart

DOSSIER = "son-giang-2024"


def build(run, project) -> Path:
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    return project / "out" / DOSSIER


def media(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}


def png_size_and_dpi(data: bytes) -> tuple[int, int, float]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    ppm = struct.unpack(">I", data[at + 4:at + 8])[0]
    return width, height, ppm * 0.0254


def test_report_holds_the_chart_as_wide_as_the_text(run, project):
    out = build(run, project)
    path = out / "bao-cao-6-thang.docx"
    doc = Document(str(path))
    (shape,) = doc.inline_shapes
    section = doc.sections[0]
    assert shape.width == section.page_width - section.left_margin - section.right_margin  # 16,5 cm
    (png,) = media(path).values()
    width, _, dpi = png_size_and_dpi(png)
    assert dpi >= 200 and width == round(shape.width / Mm(25.4) * DPI)
    assert b"tEXt" not in png and b"iTXt" not in png  # no metadata: the bytes depend on the values only
    # The chart sits in the results section, right before the sentence that points to the appendix.
    text = lines(path)
    ref = text.index("Kết quả thực hiện từng nhiệm vụ chi tiết tại Phụ lục kèm theo Báo cáo này.")
    assert "II. KẾT QUẢ THỰC HIỆN" in text[:ref] and "2. Kết quả theo từng lĩnh vực" in text[ref:]


def test_each_report_draws_its_own_chart_and_rebuilds_to_the_same_bytes(run, project):
    out = build(run, project)
    names = ("bao-cao-quy-1", "bao-cao-6-thang", "bao-cao-quy-3", "bao-cao-nam")
    first = {n: (out / f"{n}.docx").read_bytes() for n in names}
    pngs = {n: next(iter(media(out / f"{n}.docx").values())) for n in names}
    assert len(set(pngs.values())) == 4
    render_chart.cache_clear()  # draw again from scratch, as a new process would
    shutil.rmtree(out)
    out = build(run, project)
    assert {n: (out / f"{n}.docx").read_bytes() for n in names} == first


def test_chart_bytes_depend_on_the_values_only():
    chart = Chart("Kết quả thực hiện nhiệm vụ theo lĩnh vực", ("I. Công tác chỉ đạo", "II. Cải cách TTHC"),
                  (("Đúng hạn", (1, 2)), ("Quá hạn", (1, 0))), ("1/2 (50%)", "2/2 (100%)"))
    first = render_chart(chart, 165.0)
    render_chart.cache_clear()
    assert render_chart(chart, 165.0) == first
    other = Chart(chart.title, chart.categories, (("Đúng hạn", (2, 2)), ("Quá hạn", (0, 0))), chart.ends)
    assert render_chart(other, 165.0) != first


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice/poppler chưa cài")
def test_chart_is_visible_in_the_pdf(run, project, tmp_path):
    from PIL import Image

    from kehoach.render.pdf import convert_to_pdf
    out = build(run, project)
    (pdf,) = convert_to_pdf([out / "bao-cao-6-thang.docx"], tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "p")],
                   check=True)
    green = 0
    for page in sorted(tmp_path.glob("p-*.png")):
        raw = Image.open(page).convert("RGB").tobytes()
        # The "Đúng hạn" bars are dark green (#2e7d32): count pixels near that colour.
        green += sum(1 for i in range(0, len(raw), 3)
                     if abs(raw[i] - 46) < 25 and abs(raw[i + 1] - 125) < 25 and abs(raw[i + 2] - 50) < 25)
    assert green > 300


def test_quarterly_schedule_builds_four_quarters(run, project):
    path = project / "data" / DOSSIER / "bao-cao.yaml"
    text = path.read_text(encoding="utf-8").replace("ky_bao_cao: cchc", "ky_bao_cao: theo_quy")
    text = text.replace("  6-thang:", "  quy-2:")
    path.write_text(text, encoding="utf-8")
    out = build(run, project)
    assert sorted(p.stem for p in out.glob("bao-cao-*.docx")) == \
        ["bao-cao-quy-1", "bao-cao-quy-2", "bao-cao-quy-3", "bao-cao-quy-4"]
    q2 = lines(out / "bao-cao-quy-2.docx")
    assert any("(số liệu tính từ ngày 15/3/2024 đến ngày 14/6/2024)" in t for t in q2)
    assert "IV. NHIỆM VỤ TRỌNG TÂM QUÝ III NĂM 2024" in q2


def test_a_period_can_have_its_own_addressee_and_recipients(run, project):
    path = project / "data" / DOSSIER / "bao-cao.yaml"
    text = path.read_text(encoding="utf-8").replace("  quy-3:\n", "  quy-3:\n    kinh_gui:\n"
                                                    "      - \"Sở Nội vụ tỉnh Hà Tĩnh\"\n"
                                                    "      - \"Ủy ban nhân dân huyện Hương Sơn\"\n"
                                                    "    noi_nhan: [\"Như trên\", \"Lưu: VT\"]\n")
    path.write_text(text, encoding="utf-8")
    out = build(run, project)
    q3 = lines(out / "bao-cao-quy-3.docx")
    assert q3[q3.index("Kính gửi:") + 1:q3.index("Kính gửi:") + 3] == \
        ["- Sở Nội vụ tỉnh Hà Tĩnh;", "- Ủy ban nhân dân huyện Hương Sơn."]
    assert q3[q3.index("Nơi nhận:") + 1:q3.index("Nơi nhận:") + 3] == ["- Như trên;", "- Lưu: VT."]
    assert "Kính gửi: Ủy ban nhân dân huyện Hương Sơn." in lines(out / "bao-cao-nam.docx")


def test_clerks_texts_replace_the_computed_sentences(run, project):
    path = project / "data" / DOSSIER / "bao-cao.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "  nam:\n"
        "    linh_vuc:\n"
        "      \"4\": [\"Đã hoàn thành việc rà soát tổ chức bộ máy theo hướng dẫn của huyện.\"]\n"
        "    ket_qua: [\"Công tác CCHC có chuyển biến rõ nét.\"]\n"
        "    ton_tai: [\"Một số nhiệm vụ còn chậm.\"]\n"
        "    nguyen_nhan: [\"Công chức kiêm nhiệm nhiều việc.\"]\n"
        "    nhiem_vu: [\"Tiếp tục hoàn thành các nhiệm vụ còn lại trong quý I năm 2025.\"]\n"), encoding="utf-8")
    text = lines(build(run, project) / "bao-cao-nam.docx")
    area = text.index("d) Cải cách tổ chức bộ máy hành chính: 1 nhiệm vụ; đã hoàn thành 1 nhiệm vụ (100%), trong đó "
                      "đúng hạn 0, trễ hạn 1.")  # the figures stay computed
    assert text[area + 1] == "Đã hoàn thành việc rà soát tổ chức bộ máy theo hướng dẫn của huyện."
    i = text.index("1. Kết quả đạt được")
    assert text[i + 1:i + 2] == ["Công tác CCHC có chuyển biến rõ nét."]
    i = text.index("2. Tồn tại, hạn chế và nguyên nhân")
    assert text[i + 1:i + 3] == ["Một số nhiệm vụ còn chậm.", "Công chức kiêm nhiệm nhiều việc."]
    i = text.index("IV. NHIỆM VỤ TIẾP TỤC THỰC HIỆN")
    assert text[i + 1] == "Tiếp tục hoàn thành các nhiệm vụ còn lại trong quý I năm 2025."


@pytest.mark.parametrize("yaml_text, line, field, words", [
    ("ky_bao_cao: hang_thang\n", 4, "ky_bao_cao", "kỳ báo cáo “hang_thang” không có"),
    ("ky:\n  quy-2:\n    de_xuat: [\"x\"]\n", 5, "ky.quy-2", "kỳ “quy-2” không có trong lịch báo cáo"),
    ("ky:\n  nam:\n    ket_luan: [\"x\"]\n", 6, "ky.nam.ket_luan", "khóa “ket_luan” không được dùng"),
    ("ky:\n  nam:\n    linh_vuc: {\"hai\": [\"x\"]}\n", 6, "ky.nam.linh_vuc.hai", "cần là số khoản"),
])
def test_bad_report_settings_are_located(project, yaml_text, line, field, words):
    path = project / "data" / DOSSIER / "bao-cao.yaml"
    path.write_text('loai: "BC"\ntrich_yeu: "Kết quả"\nnoi_nhan: ["Lưu: VT"]\n' + yaml_text, encoding="utf-8")
    _, _, problems = load_dossier(path.parent)
    found = [p for p in problems if p.field == field]
    assert found, [str(p) for p in problems]
    assert found[0].file == str(path) and found[0].line == line and words in found[0].message


def test_legacy_proposals_by_quarter_still_load(project):
    path = project / "data" / DOSSIER / "bao-cao.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[:text.index("ky:\n")] + "de_xuat:\n  \"2\":\n    - \"Đề xuất cũ của quý II.\"\n"
    path.write_text(text, encoding="utf-8")
    dossier, _, problems = load_dossier(path.parent)
    assert not [p for p in problems if p.is_error]
    assert dossier.report.texts("6-thang").proposals == ("Đề xuất cũ của quý II.",)


def test_template_renders_a_chart_from_the_model_only(project):
    """The chart reaches the template as one context value: a Chart, turned into a picture at render time."""
    from kehoach.documents.catalog import all_documents
    dossier, _, _ = load_dossier(project / "data" / DOSSIER)
    report = next(d for d in all_documents(dossier) if d.id.endswith("/bao-cao-nam"))
    assert isinstance(report.context["bieu_do"], Chart)
    assert [b.loai for b in report.context["than"]].count("bieu_do") == 1
    assert io.BytesIO(render_chart(report.context["bieu_do"], 165.0)).getvalue()[:4] == b"\x89PNG"
