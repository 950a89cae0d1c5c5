"""The format gate is about the document, never about the data's text: braces in data are only text."""
from __future__ import annotations

import json
import re

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


REFUSAL = re.compile(r"(Văn bản \S+|Công văn đính chính) có (\d+) lỗi thể thức nên chưa được cấp số \(chưa có gì "
                     r"thay đổi\)\. [^\n]*, hoặc thêm --bo-qua-kiem-tra nếu người ký đã chấp thuận \(sổ sẽ ghi chú "
                     r"việc này\)\.")


def test_issue_vao_so_and_dinh_chinh_pass_the_one_gate(clerk, capsys):
    """A format error refuses all three the same way, burning no number; overridden, each row says it alike."""
    from register_cli import DOSSIER as SEED
    from register_cli import cli, rows, state
    from word_docs import build_sloppy_letter

    from kehoach.register.issuing import FORMAT_OVERRIDE

    assert cli(capsys, "issue", f"{SEED}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf")[0] == 0
    # The signer's name in capitals (SIG-2) is a format error of every document kehoach writes from now on.
    path = clerk / "data" / SEED / "co-quan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('ho_ten: "Nguyễn Đức Thắng"', 'ho_ten: "NGUYỄN ĐỨC THẮNG"'),
                    encoding="utf-8")
    letter = build_sloppy_letter(clerk / "cv.docx")
    commands = {
        "issue": ("issue", f"{SEED}/thong-bao-phan-cong", "--ngay", "18/03/2024"),
        "vao-so": ("vao-so", letter, "--ngay", "20/03/2024"),
        "dinh-chinh": ("dinh-chinh", "01/KH-UBND", "--ngay", "22/03/2024", "--noi-dung", "Tại dòng A; nay là B."),
    }
    before = state(clerk)
    counts = {}
    for name, argv in commands.items():
        code, _, err = cli(capsys, *argv, "--khong-pdf")
        (found,) = REFUSAL.findall(err)
        assert code == 1 and "Traceback" not in err, name
        counts[name] = int(found[1])
        assert state(clerk) == before, name  # no number taken, nothing archived
    assert counts["issue"] >= 1 and counts["dinh-chinh"] >= 1 and counts["vao-so"] >= 1
    for name, argv in commands.items():
        code, _, err = cli(capsys, *argv, "--khong-pdf", "--bo-qua-kiem-tra")
        assert code == 0, (name, err)
    issued, entered, letter_row = rows(clerk)[1:]
    assert issued.note == FORMAT_OVERRIDE.format(n=counts["issue"])
    assert entered.note == FORMAT_OVERRIDE.format(n=counts["vao-so"])
    assert letter_row.note == f"Đính chính văn bản số 01/KH-UBND ngày 15/3/2024; {FORMAT_OVERRIDE.format(n=counts['dinh-chinh'])}"
    assert cli(capsys, "verify")[0] == 0
