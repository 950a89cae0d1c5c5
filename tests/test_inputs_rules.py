"""Pure parts of the import: names, deadlines, numbering labels, inline markup from runs."""
from __future__ import annotations

import pytest

from kehoach.inputs.draft import Note
from kehoach.inputs.inline import drop_prefix, markup, split_lines
from kehoach.inputs.names import (
    make_code,
    organisation_case,
    person_case,
    position_case,
    sentence_case,
)
from kehoach.inputs.outline import Outline, classify
from kehoach.inputs.source import Para, Run
from kehoach.inputs.tasks import People, read_deadline, split_names
from kehoach.rules import markup as rules_markup


def para(text: str, *, bold=False, italic=False, label="", where="đoạn 1") -> Para:
    return Para((Run(text, bold, italic),), where, label=label)


@pytest.mark.parametrize("text, expected", [
    ("ỦY BAN NHÂN DÂN XÃ SƠN GIANG", "Ủy ban nhân dân xã Sơn Giang"),
    ("UBND HUYỆN HƯƠNG SƠN", "UBND huyện Hương Sơn"),
    ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ("UBND THÀNH PHỐ HÀ NỘI", "UBND thành phố Hà Nội"),
    ("Ủy ban nhân dân xã Tân Phú", "Ủy ban nhân dân xã Tân Phú"),
])
def test_organisation_case(text, expected):
    assert organisation_case(text) == expected


def test_organisation_line_keeps_its_lower_case_unit_word():
    assert organisation_case("XÃ SƠN GIANG", capitalise=False) == "xã Sơn Giang"


@pytest.mark.parametrize("text, expected", [
    ("MỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu"),
    ("NHIỆM VỤ CCHC VÀ TTHC NĂM 2024", "Nhiệm vụ CCHC và TTHC năm 2024"),
    ("Chỉ số CCHC", "Chỉ số CCHC"),  # typed in mixed case: the clerk's case wins
])
def test_sentence_case(text, expected):
    assert sentence_case(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"), ("CHỦ TỊCH", "Chủ tịch"), ("Chủ tịch", "Chủ tịch")])
def test_position_case(text, expected):
    assert position_case(text) == expected


def test_person_case():
    assert person_case("NGUYỄN ĐỨC THẮNG") == "Nguyễn Đức Thắng"
    assert person_case("Lê Thị Hoa") == "Lê Thị Hoa"


@pytest.mark.parametrize("name, expected", [
    ("Văn phòng HĐND và UBND", "van-phong-hdnd-ubnd"),
    ("Công chức Văn phòng - Thống kê", "van-phong-thong-ke"),
    ("Trung tâm Phục vụ hành chính công", "trung-tam-phuc-vu-hanh-chinh-cong"),
    ("Phòng Kinh tế", "phong-kinh-te"),
    ("Đội Thuế số 2", "doi-thue-so-2"),
])
def test_codes_from_names(name, expected):
    assert make_code(name, set()) == expected


def test_codes_stay_unique_and_short():
    assert make_code("Phòng Kinh tế", {"phong-kinh-te"}) == "phong-kinh-te-2"
    long = make_code("Công chức Địa chính - Xây dựng - Nông nghiệp - Môi trường", set())
    assert len(long) <= 40 and not long.endswith("-")


@pytest.mark.parametrize("typed, value", [
    ("30/6/2024", "30/06/2024"), ("30/06/2024", "30/06/2024"), ("30-6-2024", "30/06/2024"),
    ("Trước ngày 15/3/2024", "15/03/2024"), ("Thường xuyên", "thuong_xuyen"), ("Hằng quý", "hang_quy"),
    ("Hàng quý", "hang_quy"), ("Định kỳ hằng tháng", "hang_thang"), ("hằng năm", "hang_nam"),
])
def test_deadlines_read_as_typed(typed, value):
    d = read_deadline(typed, 2024)
    assert (d.value, d.note, d.error) == (value, "", "")


@pytest.mark.parametrize("typed, value", [
    ("Quý II/2024", "30/06/2024"), ("Quý 4/2024", "31/12/2024"), ("Quý I", "31/03/2024"),
    ("Tháng 6/2024", "30/06/2024"), ("Tháng 2 năm 2024", "29/02/2024"), ("6 tháng đầu năm", "30/06/2024"),
    ("Năm 2024", "31/12/2024"),
])
def test_periods_become_their_last_day_with_a_note(typed, value):
    d = read_deadline(typed, 2024)
    assert d.value == value and value in d.note and not d.error


@pytest.mark.parametrize("typed, reason", [
    ("31/02/2024", "không có trên lịch"), ("", "chưa ghi"), ("Khi có chỉ đạo", "không hiểu"),
    ("Tháng 13/2024", "không có tháng 13"),
])
def test_unreadable_deadlines_say_why(typed, reason):
    d = read_deadline(typed, 2024)
    assert d.value == "" and reason in d.error


def test_period_without_a_year_needs_the_plan_year():
    assert "không ghi năm" in read_deadline("Quý II", None).error


def test_people_reuse_one_code_per_name_and_tell_units_from_officers():
    notes: list[Note] = []
    people = People([], notes)
    a = people.code("Văn phòng HĐND và UBND", "bảng 1, dòng 2")
    assert people.code(" văn phòng  HĐND và UBND; ", "bảng 1, dòng 3") == a
    people.code("Công chức Tư pháp - Hộ tịch", "bảng 1, dòng 3")
    people.code("Tổ công nghệ số cộng đồng", "bảng 1, dòng 4")
    assert [(p.kind, p.name) for p in people.order] == [
        ("don_vi", "Văn phòng HĐND và UBND"), ("can_bo", "Công chức Tư pháp - Hộ tịch"),
        ("don_vi", "Tổ công nghệ số cộng đồng")]
    assert [n.where for n in notes] == ["bảng 1, dòng 4"]  # the guess is said, not silent


def test_support_cells_split_without_cutting_a_known_name():
    people = People([], [])
    people.code("Phòng Kinh tế, Hạ tầng và Đô thị", "x")
    assert split_names("Phòng Kinh tế, Hạ tầng và Đô thị, Công an xã", people) == [
        "Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"]
    assert split_names("Công an xã\nPhòng Văn hóa - Xã hội; Văn phòng", people) == [
        "Công an xã", "Phòng Văn hóa - Xã hội", "Văn phòng"]


@pytest.mark.parametrize("text, kind, label, rest", [
    ("I. MỤC ĐÍCH", "muc", "I.", "MỤC ĐÍCH"),
    ("IV. KINH PHÍ", "muc", "IV.", "KINH PHÍ"),
    ("1. Mục đích", "khoan", "1.", "Mục đích"),
    ("1.2. Giải quyết TTHC", "tieu_khoan", "1.2.", "Giải quyết TTHC"),
    ("1.2 Giải quyết TTHC", "tieu_khoan", "1.2", "Giải quyết TTHC"),
    ("đ) Thực hiện", "diem", "đ)", "Thực hiện"),
    ("- Niêm yết", "y", "-", "Niêm yết"),
    ("– Niêm yết", "y", "–", "Niêm yết"),
    ("+ Chi tiết", "cong", "+", "Chi tiết"),
    ("1) Kiểu khác", "khac", "1)", "1) Kiểu khác"),
    ("2025 là năm", "doan", "", "2025 là năm"),
    ("Căn cứ Luật", "doan", "", "Căn cứ Luật"),
])
def test_classify_typed_numbers(text, kind, label, rest):
    k, lab, runs = classify(para(text))
    assert (k, lab, "".join(r.text for r in runs)) == (kind, label, rest)


@pytest.mark.parametrize("label, kind", [("I.", "muc"), ("3.", "khoan"), ("1.1.", "tieu_khoan"),
                                         ("b)", "diem"), ("-", "y"), ("+", "cong"), ("(1)", "khac")])
def test_classify_word_list_numbers(label, kind):
    assert classify(para("Nội dung", label=label))[:2] == (kind, label)


def test_markup_keeps_bold_and_italic_and_escapes_asterisks():
    runs = (Run("Tiếp nhận "), Run("100%", bold=True), Run(" hồ sơ, "), Run("trừ 5*3 thủ tục", italic=True),
            Run(";  "))
    text = markup(runs)
    assert text == "Tiếp nhận **100%** hồ sơ, *trừ 5\\*3 thủ tục*;"
    assert [(s.text, s.bold, s.italic) for s in rules_markup.parse(text)] == [
        ("Tiếp nhận ", False, False), ("100%", True, False), (" hồ sơ, ", False, False),
        ("trừ 5*3 thủ tục", False, True), (";", False, False)]


def test_markup_can_drop_a_headings_bold():
    assert markup((Run("1. Mục đích ", bold=True),), bold=False) == "1. Mục đích"


def test_split_lines_and_drop_prefix_keep_looks():
    p = Para((Run("TM. ỦY BAN\nCHỦ TỊCH", bold=True),), "đoạn 9")
    lines = split_lines(p)
    assert [(x.text, x.runs[0].bold, x.where) for x in lines] == [("TM. ỦY BAN", True, "đoạn 9"),
                                                                  ("CHỦ TỊCH", True, "đoạn 9")]
    assert drop_prefix((Run("a) ", True), Run("Nội", True), Run(" dung")), 3) == (Run("Nội", True),
                                                                                  Run(" dung"))


def build(lines: list[Para]):
    unplaced, notes = [], []
    outline = Outline(unplaced, notes)
    for p in lines:
        outline.add_line(p)
    preamble, sections = outline.finish()
    return preamble, sections, unplaced, notes


def shape(items, depth=0):
    out = []
    for item in items:
        out.append(("  " * depth) + f"{item.kind}:{item.heading_text}")
        out.extend(shape(item.children, depth + 1))
    return out


def test_outline_nests_every_level_and_keeps_order():
    preamble, sections, unplaced, _notes = build([
        para("Căn cứ Luật;"), para("- Ý ở phần mở đầu"),
        para("I. MỤC ĐÍCH", bold=True), para("1. Mục đích", bold=True), para("Đoạn của khoản."),
        para("1.1. Tiểu khoản", bold=True), para("a) Điểm một:"), para("- Ý một;"), para("- Ý hai."),
        para("b) Điểm hai."), para("Đoạn sau các điểm."), para("1.2. Tiểu khoản hai", bold=True),
        para("II. KINH PHÍ", bold=True), para("Kinh phí từ ngân sách."),
    ])
    assert [i.kind for i in preamble] == ["doan", "y"]
    assert [s.title for s in sections] == ["Mục đích", "Kinh phí"]
    assert shape(sections[0].items) == [
        "khoan:Mục đích", "  doan:Đoạn của khoản.", "  tieu_khoan:Tiểu khoản", "    diem:Điểm một:",
        "      y:Ý một;", "      y:Ý hai.", "    diem:Điểm hai.", "    doan:Đoạn sau các điểm.",
        "  tieu_khoan:Tiểu khoản hai"]
    assert shape(sections[1].items) == ["doan:Kinh phí từ ngân sách."]
    assert not unplaced


def test_outline_a_sentence_khoan_hands_the_next_paragraph_to_its_mục():
    _, sections, _, _ = build([para("III. TỔ CHỨC THỰC HIỆN", bold=True), para("1. Văn phòng theo dõi."),
                               para("2. Các công chức báo cáo."), para("Yêu cầu thực hiện./.")])
    assert shape(sections[0].items) == ["khoan:Văn phòng theo dõi.", "khoan:Các công chức báo cáo.",
                                        "doan:Yêu cầu thực hiện./."]


def test_outline_notes_numbers_out_of_order_and_headings_decided_by_content():
    _, _, unplaced, notes = build([para("I. A", bold=True), para("1. Khoản một"), para("a) x"), para("c) y"),
                                   para("3. Khoản hai", bold=True)])
    messages = [n.message for n in notes]
    assert any("“c)” nhưng theo thứ tự là “b)”" in m for m in messages)
    assert any("“3.” nhưng theo thứ tự là “2.”" in m for m in messages)
    assert any("không in đậm nhưng có nội dung" in m for m in messages)
    assert any("in đậm nhưng không có nội dung" in m for m in messages)
    assert not unplaced


def test_outline_lists_what_has_no_level():
    preamble, sections, unplaced, _ = build([
        para("1. Khoản trước mục I"), para("I. A", bold=True), para("1.1. Tiểu khoản không có khoản"),
        para("1. Khoản", bold=True), para("- Ý"), para("+ Dòng cộng"), para("(1) Kiểu số khác")])
    assert [u.where for u in unplaced] == ["đoạn 1"] * 4
    reasons = " | ".join(u.message for u in unplaced)
    assert "trước mục I" in reasons and "tiểu khoản không thể đứng ngay dưới mục" in reasons
    assert "dòng “+”" in reasons and "“(1)”" in reasons
    assert preamble[0].text == "1. Khoản trước mục I"  # kept, with its number, never dropped
    assert shape(sections[0].items) == ["doan:1.1. Tiểu khoản không có khoản", "khoan:Khoản", "  y:Ý",
                                        "  doan:+ Dòng cộng", "  doan:(1) Kiểu số khác"]
