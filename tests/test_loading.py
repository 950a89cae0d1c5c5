"""Bad input: each case edits one spot of the seed and expects file, line, field and message."""
from __future__ import annotations

import unicodedata

import pytest

from docx_text import lines
from kehoach.field_words import describe

DOSSIER = "data/son-giang-2024"


def edit(project, file: str, old: str, new: str) -> int:
    """Replace the first `old` in `file` of the seed copy; return the 1-based line it was on."""
    path = project / DOSSIER / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


# (name, file, text to find, replacement, field path in the message, words of the message)
CASES = [
    ("duplicate-key", "co-quan.yaml", 'dia_danh: "Sơn Giang"', 'dia_danh: "Sơn Giang"\ndia_danh: "Sơn Kim"',
     "dia_danh", "bị lặp"),
    ("unknown-key-hint", "nhiem-vu.yaml", 'thoi_han: "30/09/2024"', 'thoi_hann: "30/09/2024"',
     "linh_vuc[1].nhiem_vu[2].thoi_hann", "có phải là “thoi_han”"),
    ("missing-key", "ke-hoach.yaml", "trich_yeu: ", "# trich_yeu: ", "trich_yeu", "thiếu khóa bắt buộc"),
    ("misspelt-required-key", "ke-hoach.yaml", "trich_yeu: ", "trich_yue: ", "trich_yue",
     "sai tên; có phải là “trich_yeu”? (khóa bắt buộc"),
    ("list-expected", "co-quan.yaml", "dong_ten_co_quan:\n  - \"Ủy ban nhân dân\"\n  - \"xã Sơn Giang\"",
     'dong_ten_co_quan: "Ủy ban nhân dân xã Sơn Giang"', "dong_ten_co_quan", "cần một danh sách"),
    ("impossible-date", "nhiem-vu.yaml", '"31/03/2024"', '"31/02/2024"',
     "linh_vuc[2].nhiem_vu[1].thoi_han", "không có trên lịch"),
    ("malformed-date", "tien-do.yaml", '"12/03/2024"', '"2024-03-12"',
     "cap_nhat.2a[1].ngay", "không đúng dạng"),
    ("bad-recurrence", "nhiem-vu.yaml", "thoi_han: hang_quy", "thoi_han: hang_tuan",
     "linh_vuc[1].nhiem_vu[1].thoi_han", "thuong_xuyen"),
    ("unknown-lead-officer", "nhiem-vu.yaml", "chu_tri: tu-phap", "chu_tri: tu-phap-ho-tich",
     "linh_vuc[2].nhiem_vu[1].chu_tri", "không có đơn vị hay công chức mã “tu-phap-ho-tich”"),
    ("unknown-support-officer", "nhiem-vu.yaml", "phoi_hop: [van-phong]", "phoi_hop: [van-phong, ke-toan]",
     "linh_vuc[1].nhiem_vu[1].phoi_hop[2]", "không có đơn vị hay công chức mã “ke-toan”"),
    ("deadline-outside-plan", "nhiem-vu.yaml", '"30/06/2024"', '"30/06/2025"',
     "linh_vuc[3].nhiem_vu[5].thoi_han", "nằm ngoài năm 2024"),
    ("duplicate-task-id", "nhiem-vu.yaml", 'ma: "1b"', 'ma: "1a"', "linh_vuc[1].nhiem_vu[2].ma", "bị trùng"),
    ("area-not-in-plan", "nhiem-vu.yaml", "khoan: 8", "khoan: 9", "linh_vuc[8].khoan", "không có khoản 9"),
    ("percent-over-100", "tien-do.yaml", "tien_do: 30, ghi_chu: \"Ban hành", "tien_do: 130, ghi_chu: \"Ban hành",
     "cap_nhat.1b[1].tien_do", "từ 0 đến 100"),
    ("progress-unknown-task", "tien-do.yaml", '"8b":', '"8c":', "cap_nhat.8c", "không có nhiệm vụ mã “8c”"),
    ("month-13", "ke-hoach.yaml", "thang: 3", "thang: 13", "thang", "từ 1 đến 12"),
    ("unknown-type-code", "ke-hoach.yaml", 'loai: "KH"', 'loai: "KHH"', "loai", "Phụ lục III"),
    ("last-recipient-not-luu", "ke-hoach.yaml", '  - "Lưu: VT"', '  - "Lưu trữ"', "noi_nhan[7]", "Lưu: VT"),
    ("bad-authority", "co-quan.yaml", 'tham_quyen: "TM. Ủy ban nhân dân"', 'tham_quyen: "Thay mặt UBND"',
     "nguoi_ky.tham_quyen", "TM., KT."),
    ("yaml-syntax", "ke-hoach.yaml", 'trich_yeu: "Khắc phục', 'trich_yeu: "Khắc phục""', None, "sai cú pháp YAML"),
    ("broken-markup", "nhiem-vu.yaml", 'san_pham: "Tin, bài tuyên truyền', 'san_pham: "**Tin, bài tuyên truyền',
     "linh_vuc[1].nhiem_vu[1].san_pham", "dấu ** mở in đậm ở vị trí 1 chưa có dấu đóng"),
    ("clause-without-title", "ke-hoach.yaml", '      - tieu_de: "Yêu cầu"\n        diem:', "      - diem:",
     "muc[1].khoan[2]", "tieu_de"),
]


@pytest.mark.parametrize("name, file, old, new, field, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(project, run, name, file, old, new, field, words):
    line = edit(project, file, old, new)
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    assert "Traceback" not in err
    assert f"{DOSSIER}/{file}" in err
    message = next(m for m in err.splitlines() if words in m)
    if field is not None:
        assert f", {describe(field)}:" in message
    expected_line = line + (1 if name == "duplicate-key" else 0)
    if name != "missing-key":  # a missing key has no line of its own
        assert f"dòng {expected_line}" in message, message
    assert not (project / "out").exists()


def test_every_problem_is_reported_at_once(project, run):
    edit(project, "nhiem-vu.yaml", "chu_tri: tu-phap", "chu_tri: khong-ai")
    edit(project, "tien-do.yaml", '"12/03/2024"', '"31/02/2024"')
    edit(project, "ke-hoach.yaml", "thang: 3", "thang: 0")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    assert "khong-ai" in err and "31/02/2024" in err and "tháng" in err
    assert "Tổng cộng: 3 lỗi" in err


def test_bad_input_leaves_existing_drafts_untouched(project, run):
    assert run("--data", project / "data", "--out", project / "out")[0] == 0
    before = {p: p.read_bytes() for p in (project / "out").rglob("*.docx")}
    edit(project, "nhiem-vu.yaml", "chu_tri: tu-phap", "chu_tri: khong-ai")
    assert run("--data", project / "data", "--out", project / "out")[0] == 1
    assert {p: p.read_bytes() for p in (project / "out").rglob("*.docx")} == before


def test_missing_mandatory_file(project, run):
    (project / DOSSIER / "co-quan.yaml").unlink()
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1 and "thiếu tệp dữ liệu co-quan.yaml" in err


def test_numbers_stay_strings(project, run):
    # `no` and `012` must not turn into False / 10: ids are text.
    edit(project, "nhiem-vu.yaml", 'ma: "4"', "ma: 012")
    edit(project, "tien-do.yaml", '"4":', "'012':")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    # The progress keyed '012' still reaches task 012: the Quý III report shows its 60%.
    report = lines(project / "out/son-giang-2024/bao-cao-quy-3.docx")
    assert any(t.startswith("- Rà soát, sắp xếp tổ chức bộ máy") and "quá hạn, đạt 60%" in t for t in report)


def test_special_characters_and_decomposed_text_come_out_right(project, run):
    odd = "Q&A <kiểm tra> \"trích\" > 5"
    nfd = unicodedata.normalize("NFD", "Phòng chống thiên tai")
    edit(project, "ke-hoach.yaml", 'trich_yeu: "Khắc phục', f'trich_yeu: "{odd.replace(chr(34), chr(92) + chr(34))} {nfd} Khắc phục')
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    text = lines(project / "out/son-giang-2024/ke-hoach.docx")
    title = next(t for t in text if t.startswith("Q&A"))
    assert title.startswith(f"{odd} Phòng chống thiên tai Khắc phục")
    assert unicodedata.is_normalized("NFC", title)


def test_warnings_do_not_stop_a_draft_but_strict_does(project, run):
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0 and "dữ liệu mẫu" in err
    code, _, err = run("--data", project / "data", "--out", project / "out", "build", "--nghiem")
    assert code == 1 and "--nghiem" in err


def test_district_named_after_july_2025_is_a_warning(project, run):
    org = project / DOSSIER / "co-quan.yaml"  # the seed names no supervising body: give it the district
    org.write_text('co_quan_chu_quan: "UBND huyện Hương Sơn"\n' + org.read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("ke-hoach.yaml", "thong-bao.yaml"):
        edit(project, name, "nam: 2024", "nam: 2025")
        edit(project, name, "thang: 3", "thang: 8")
    for name, old, new in (("nhiem-vu.yaml", "/2024\"", "/2025\""), ("tien-do.yaml", "/2024\"", "/2025\"")):
        path = project / DOSSIER / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err  # a warning: the draft is still built
    warned = [l for l in err.splitlines() if "không còn cấp huyện" in l]
    assert any(f", {describe('co_quan_chu_quan')}:" in l for l in warned)
    assert any("ke-hoach.yaml" in l and f", {describe('noi_nhan[1]')}:" in l for l in warned)
    assert any("bao-cao.yaml" in l and f", {describe('kinh_gui[1]')}:" in l for l in warned)


# A number the reader cannot read is unknown, never a stand-in (year 1945, month 1): only the clerk's own
# mistake is reported, not the checks that would have compared against the stand-in.
UNREADABLE_NUMBERS = [
    ("plan-year", "ke-hoach.yaml", "nam: 2024", 'nam: "20x4"', "nam"),
    ("plan-year-too-small", "ke-hoach.yaml", "nam: 2024", "nam: 1900", "nam"),
    ("plan-month", "ke-hoach.yaml", "thang: 3", "thang: 13", "thang"),
    ("notice-year", "thong-bao.yaml", "nam: 2024", "nam: ²⁰²⁴", "nam"),
    ("notice-month", "thong-bao.yaml", "thang: 3", "thang: ba", "thang"),
    ("task-section", "nhiem-vu.yaml", "tieu_de:", "muc: hai\ntieu_de:", "muc"),
    ("area", "nhiem-vu.yaml", "khoan: 8", "khoan: tám", "linh_vuc[8].khoan"),
    ("percent", "tien-do.yaml", "tien_do: 30, ghi_chu: \"Ban hành", "tien_do: ba mươi, ghi_chu: \"Ban hành",
     "cap_nhat.1b[1].tien_do"),
]


@pytest.mark.parametrize("name, file, old, new, field", UNREADABLE_NUMBERS, ids=[c[0] for c in UNREADABLE_NUMBERS])
def test_an_unreadable_number_is_one_error_without_follow_on_errors(project, name, file, old, new, field):
    from kehoach.dossier.loading import load_dossier
    from kehoach.dossier.validation import check_dossier

    line = edit(project, file, old, new)
    dossier, marks, problems = load_dossier(project / DOSSIER)
    problems += check_dossier(dossier, marks)
    errors = [p for p in problems if p.is_error]
    assert [(p.file.endswith(file), p.line, p.field) for p in errors] == [(True, line, field)], errors
    assert "cần một số nguyên" in errors[0].message


def test_an_unreadable_plan_year_is_unknown_not_1945(project):
    from kehoach.dossier.loading import load_dossier

    edit(project, "ke-hoach.yaml", "nam: 2024", 'nam: "20x4"')
    edit(project, "thong-bao.yaml", "thang: 3", "thang: 0")
    dossier, _, problems = load_dossier(project / DOSSIER)
    assert (dossier.plan.year, dossier.plan.month) == (None, 3)
    assert (dossier.notice.year, dossier.notice.month) == (2024, None)
    assert sorted(p.field for p in problems) == ["nam", "thang"]


def test_a_readable_year_is_still_compared_when_the_other_is_unknown(project):
    from kehoach.dossier.loading import load_dossier
    from kehoach.dossier.validation import check_dossier

    edit(project, "ke-hoach.yaml", "thang: 3", "thang: 13")   # the plan's month unknown, its year known
    edit(project, "thong-bao.yaml", "nam: 2024", "nam: 2025")
    dossier, marks, problems = load_dossier(project / DOSSIER)
    problems += check_dossier(dossier, marks)
    assert sorted(p.field for p in problems if p.is_error) == ["nam", "thang"]
    assert any("năm 2025 khác năm 2024" in p.message for p in problems)


@pytest.mark.parametrize("value", ['"ubnd"', '"UBND VP"', '"UBND/VP"', '"Ủy ban"'])
def test_a_ky_hieu_issuing_would_refuse_is_an_error_at_check(project, value):
    from kehoach.dossier.loading import load_dossier
    from kehoach.dossier.validation import check_dossier

    line = edit(project, "co-quan.yaml", 'ky_hieu: "UBND"', f"ky_hieu: {value}")
    dossier, marks, problems = load_dossier(project / DOSSIER)
    problems += check_dossier(dossier, marks)
    errors = [p for p in problems if p.is_error]
    assert [(p.file, p.line, p.field) for p in errors] == [(str(project / DOSSIER / "co-quan.yaml"), line, "ky_hieu")]
    assert "KH-" in errors[0].message  # the plan's ký hiệu it would make


def test_a_ky_hieu_of_two_groups_is_accepted(project):
    from kehoach.dossier.loading import load_dossier
    from kehoach.dossier.validation import check_dossier

    edit(project, "co-quan.yaml", 'ky_hieu: "UBND"', 'ky_hieu: "UBND-VP"')
    dossier, marks, problems = load_dossier(project / DOSSIER)
    assert not [p for p in problems + check_dossier(dossier, marks) if p.is_error]


def test_a_misspelt_required_key_is_one_problem_at_its_line(project, run):
    # Not also "thiếu khóa bắt buộc": the clerk wrote the key, with a typo; one message says both.
    line = edit(project, "ke-hoach.yaml", "trich_yeu: ", "trich_yue: ")
    code, _, err = run("check", "--data", project / "data")
    assert code == 1
    errors = [m for m in err.splitlines() if m.startswith("[lỗi]")]
    assert len(errors) == 1 and f"dòng {line}" in errors[0] and "“trich_yeu”" in errors[0]
    assert "thiếu khóa bắt buộc" not in err


def test_a_superscript_area_number_is_a_located_error(project, run):
    # "²" is a digit to str.isdigit() but not to int(): it used to end in a traceback.
    line = edit(project, "bao-cao.yaml", "  quy-3:\n    de_xuat:", "  quy-3:\n    linh_vuc:\n      \"²\": [\"x\"]\n    de_xuat:")
    code, _, err = run("check", "--data", project / "data")
    assert code == 1 and "Traceback" not in err
    assert "lĩnh vực “²” cần là số khoản" in err and f"dòng {line + 2}" in err
