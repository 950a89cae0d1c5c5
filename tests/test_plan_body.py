"""The plan body: both data forms load into one tree; items are numbered as ND 30 does; bad shapes are located."""
from __future__ import annotations

import textwrap

import pytest

from kehoach.documents.common import body_blocks
from kehoach.dossier.loading import load_dossier
from kehoach.dossier.model import DIEM, KHOAN, TIEU_KHOAN, Item, Para, Table, Y

DOSSIER = "data/son-giang-2024"
HEAD = """\
loai: "KH"
thang: 3
nam: 2024
trich_yeu: "Thử"
noi_nhan: ["Lưu: VT"]
"""


def load_plan(project, body: str):
    """Write ke-hoach.yaml with `body` (YAML for `muc:` and friends) into the seed copy; return (plan, problems)."""
    path = project / DOSSIER / "ke-hoach.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    dossier, _, problems = load_dossier(project / DOSSIER)
    return dossier.plan, problems, path


GENERAL = """\
mo_dau:
  - "Căn cứ *Luật Tổ chức chính quyền địa phương*;"
muc:
  - tieu_de: "Kinh phí thực hiện"
    noi_dung:
      - "Kinh phí từ ngân sách xã."
  - tieu_de: "Nhiệm vụ"
    noi_dung:
      - khoan: "Tuyên truyền"
        noi_dung:
          - "Đoạn đầu của khoản."
          - tieu_khoan: "Trên cổng thông tin"
            noi_dung:
              - diem: "Đăng tin"
                noi_dung:
                  - y: "hằng tuần"
                  - y: "hằng tháng"
              - diem: "Trả lời"
          - tieu_khoan: "Câu không tên của tiểu khoản."
          - "Đoạn kết của khoản."
      - khoan: "Câu của khoản không tên."
      - khoan: "Chỉ tiêu"
        noi_dung:
          - bang:
              cot: ["TT", "Chỉ tiêu", "Năm 2025"]
              dong:
                - ["1", "Hồ sơ đúng hạn", "**100%**"]
"""


def test_general_form_loads_in_document_order(project):
    plan, problems, _ = load_plan(project, GENERAL)
    assert [p for p in problems if p.is_error] == []
    first, second = plan.sections
    assert first.content == (Para("Kinh phí từ ngân sách xã."),)
    khoan = second.content[0]
    assert (khoan.level, khoan.text, khoan.titled) == (KHOAN, "Tuyên truyền", True)
    assert [type(n).__name__ for n in khoan.content] == ["Para", "Item", "Item", "Para"]
    assert khoan.content[1].level == TIEU_KHOAN and khoan.content[1].content[0].level == DIEM
    assert khoan.content[1].content[0].content == (Item(Y, "hằng tuần"), Item(Y, "hằng tháng"))
    assert second.content[2].content == (Table(("TT", "Chỉ tiêu", "Năm 2025"), (("1", "Hồ sơ đúng hạn", "**100%**"),)),)
    assert [c.text for c in second.clauses] == ["Tuyên truyền", "Câu của khoản không tên.", "Chỉ tiêu"]


def test_items_are_numbered_in_order(project):
    plan, _, _ = load_plan(project, GENERAL)
    blocks = [(b.loai, b.noi_dung) for b in body_blocks(plan.sections[1].content)]
    assert blocks[:9] == [
        ("khoan", "1. Tuyên truyền"),
        ("doan", "Đoạn đầu của khoản."),
        ("tieu_khoan", "1.1. Trên cổng thông tin"),
        ("doan", "a) Đăng tin"),
        ("doan", "- hằng tuần"),
        ("doan", "- hằng tháng"),
        ("doan", "b) Trả lời"),
        ("doan", "1.2. Câu không tên của tiểu khoản."),
        ("doan", "Đoạn kết của khoản."),
    ]
    assert blocks[9] == ("doan", "2. Câu của khoản không tên.")
    assert blocks[10] == ("khoan", "3. Chỉ tiêu")
    assert blocks[11][0] == "bang"


def test_legacy_form_keeps_paragraphs_before_points(project):
    plan, problems, _ = load_plan(project, """\
    muc:
      - tieu_de: "Mục đích"
        khoan:
          - tieu_de: "Mục đích"
            diem: ["Một", "Hai"]
            doan: ["Đoạn"]
          - noi_dung: "Câu."
    """)
    assert not problems
    assert [(b.loai, b.noi_dung) for b in body_blocks(plan.sections[0].content)] == [
        ("khoan", "1. Mục đích"), ("doan", "Đoạn"), ("doan", "a) Một"), ("doan", "b) Hai"), ("doan", "2. Câu.")]


def test_table_block_widths_follow_the_content(project):
    plan, _, _ = load_plan(project, GENERAL)
    (table,) = [b for b in body_blocks(plan.sections[1].content) if b.loai == "bang"]
    spans = [c["rong"] for c in table.cot]
    assert sum(spans) == 50 and spans[1] == max(spans)  # the text column is the widest
    assert [c["giua"] for c in table.dong[0]] == [True, False, True]  # short values centred
    assert table.dong[0][2]["noi_dung"].text == "**100%**"


@pytest.mark.parametrize("body, field, words", [
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - "Chữ **đậm chưa đóng."
    """, "muc[1].noi_dung[1]", "dấu ** mở in đậm"),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - tieu_khoan: "Không có khoản cha"
    """, "muc[1].noi_dung[1].tieu_khoan", "không đặt tiểu khoản (1.1.) trong một mục"),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - khoan: "Một"
          - diem: "Hai"
    """, "muc[1].noi_dung[2].diem", "không xen điểm (a)) cùng cấp"),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - bang:
              cot: ["TT", "Chỉ tiêu"]
              dong:
                - ["1"]
    """, "muc[1].noi_dung[1].bang.dong[1]", "dòng có 1 ô nhưng bảng có 2 cột"),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - khoan: "Một"
            diem: "Hai"
    """, "muc[1].noi_dung[1]", "đúng một trong các khóa"),
    ("""\
    muc:
      - tieu_de: "Kinh phí"
    """, "muc[1].noi_dung", "mục cần có “noi_dung”"),
])
def test_bad_body_is_located(project, body, field, words):
    _, problems, path = load_plan(project, body)
    errors = [p for p in problems if p.is_error]
    match = [p for p in errors if p.field == field]
    assert match, [str(p) for p in errors]
    assert words in match[0].message
    assert match[0].file == str(path)
    text = path.read_text(encoding="utf-8").splitlines()
    assert match[0].line is not None and 1 <= match[0].line <= len(text)


@pytest.mark.parametrize("body, field, typed", [
    ("""\
    muc:
      - tieu_de: "II. Nhiệm vụ"
        noi_dung: ["Một đoạn."]
    """, "muc[1].tieu_de", "II."),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - khoan: "**1.2. Tuyên truyền**"
    """, "muc[1].noi_dung[1].khoan", "1.2."),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - diem: "Một"
            noi_dung:
              - y: "- hai"
    """, "muc[1].noi_dung[1].noi_dung[1].y", "-"),
    ("""\
    muc:
      - tieu_de: "Nhiệm vụ"
        noi_dung:
          - "a) gõ tay"
    """, "muc[1].noi_dung[1]", "a)"),
])
def test_typed_numbering_is_a_warning_where_it_was_typed(project, body, field, typed):
    """Typed numbering prints twice (or outside the numbering): a warning, so drafts still build."""
    _, problems, path = load_plan(project, body)
    (p,) = problems
    assert (p.is_error, p.field, p.file) == (False, field, str(path))
    assert f"“{typed}”" in p.message and p.line is not None
