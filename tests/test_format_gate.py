"""The format gate is about the document, never about the data's text: braces in data are only text."""
from __future__ import annotations

import json

from conftest import mark_as_real
from docx_text import lines

DOSSIER = "data/son-giang-2024"
BRACES = "Kết quả {{ 7*7 }} điểm, {% if %} chưa rõ {# ghi chú #} và {{ cycler.__init__ }} & <b>"
TYPED = BRACES.replace("*", "\\\\*")  # in the YAML's double quotes: \\* is a literal asterisk (markup)


def edit(project, file, old, new):
    path = project / DOSSIER / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_template_syntax_in_data_is_printed_literally_and_the_checker_still_runs(project, run):
    edit(project, "ke-hoach.yaml", "tụt hạng xa so với những năm trước.", TYPED)
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    plan = lines(project / "out" / "son-giang-2024" / "ke-hoach.docx")
    assert any(BRACES in text for text in plan)  # not evaluated (no 49), not dropped, not escaped twice
    assert "TPL-0" not in err
    assert "Kiểm tra thể thức theo NĐ 30/2020: không có lỗi." in out


def test_braces_in_data_do_not_let_a_document_with_format_errors_be_issued(project, run):
    mark_as_real(project / DOSSIER)
    edit(project, "ke-hoach.yaml", "tụt hạng xa so với những năm trước.", TYPED)
    edit(project, "co-quan.yaml", '  ho_ten: "Nguyễn Đức Thắng"\n\n', '  ho_ten: "NGUYỄN ĐỨC THẮNG"\n\n')
    data = ("--data", project / "data")
    code, out, err = run(*data, "--out", project / "out")
    assert code == 0 and "[SIG-2]" in err and "TPL-0" not in err  # the build names the error
    code, out, err = run("issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf", *data)
    assert code == 1 and "SIG-2" in err and "chưa được cấp số" in err
    code, out, _ = run("list", "--json", *data)
    assert {r["id"]: r["number"] for r in json.loads(out)}["son-giang-2024/ke-hoach"] is None
