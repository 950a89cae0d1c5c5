"""`kehoach moi`: a new dossier builds at once, from the skeleton or from last year's dossier."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from docx_text import lines

from kehoach.dossier.rollover import roll_forward, shift_years

SEED = "son-giang-2024"


def build(run, project) -> tuple[int, str, str]:
    return run("--data", project / "data", "--out", project / "out")


@pytest.mark.parametrize("day, years, expected", [
    (dt.date(2024, 9, 30), 1, dt.date(2025, 9, 30)),
    (dt.date(2024, 2, 29), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
    (dt.date(2023, 2, 28), 1, dt.date(2024, 2, 28)),
    (dt.date(2024, 12, 31), 2, dt.date(2026, 12, 31)),
])
def test_shift_years(day, years, expected):
    assert shift_years(day, years) == expected


def test_skeleton_in_an_empty_data_folder_builds_a_plan(tmp_path, project, run):
    data = tmp_path / "empty"
    code, out, err = run("--data", data, "moi", "xa-moi-2025")
    assert code == 0, err
    assert "Tên Xã" in out  # no dossier to take the organisation from: the clerk is told what to replace
    code, out, err = run("--data", data, "--out", tmp_path / "out")
    assert code == 0, err
    assert "[lỗi]" not in err
    plan = lines(tmp_path / "out/xa-moi-2025/ke-hoach.docx")
    assert "KẾ HOẠCH" in plan
    assert any("năm 2025" in t for t in plan)
    assert (tmp_path / "out/xa-moi-2025/thong-bao-phan-cong.docx").exists()
    assert not list((tmp_path / "out/xa-moi-2025").glob("bao-cao-*"))  # no bao-cao.yaml, no reports


def test_skeleton_takes_the_organisation_of_the_latest_dossier(project, run):
    code, _, err = run("--data", project / "data", "moi", "xa-moi-2025")
    assert code == 0, err
    new = project / "data/xa-moi-2025"
    assert (new / "co-quan.yaml").read_text(encoding="utf-8") == \
        (project / "data" / SEED / "co-quan.yaml").read_text(encoding="utf-8")
    assert 'ma_ho_so: "xa-moi-2025"' in (new / "ke-hoach.yaml").read_text(encoding="utf-8")
    code, _, err = build(run, project)
    assert code == 0, err
    assert "[lỗi]" not in err
    # The header names the organisation taken over (co-quan.yaml's dong_ten_co_quan), not a placeholder.
    assert lines(project / "out/xa-moi-2025/ke-hoach.docx")[:2] == ["ỦY BAN NHÂN DÂN", "XÃ SƠN GIANG"]


def test_skeleton_signed_after_july_2025_drops_the_district_supervisor(project, run):
    org = project / "data" / SEED / "co-quan.yaml"  # the seed names no supervising body: give it the district
    org.write_text('co_quan_chu_quan: "UBND huyện Hương Sơn"\n' + org.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("--data", project / "data", "moi", "xa-moi-2026")
    assert code == 0, err
    assert "UBND huyện Hương Sơn" in out  # the note names what was removed
    assert 'co_quan_chu_quan: ""' in (project / "data/xa-moi-2026/co-quan.yaml").read_text(encoding="utf-8")
    code, _, err = build(run, project)
    assert code == 0 and "cấp huyện" not in err, err


def test_from_last_year(project, run):
    code, out, err = run("--data", project / "data", "moi", "son-giang-2025", "--tu", SEED)
    assert code == 0, err
    assert "dời 16 thời hạn" in out and "xóa tiến độ của 23 nhiệm vụ" in out
    assert "bỏ kính gửi “Ủy ban nhân dân huyện Hương Sơn”" in out
    new = project / "data/son-giang-2025"
    tasks = (new / "nhiem-vu.yaml").read_text(encoding="utf-8")
    assert '"30/09/2025"' in tasks and "/2024\"" not in tasks
    assert "# Mỗi nhiệm vụ:" in tasks  # comments kept
    plan_text = (new / "ke-hoach.yaml").read_text(encoding="utf-8")
    assert "nam: 2025" in plan_text and 'ma_ho_so: "son-giang-2025"' in plan_text
    assert "huyện Hương Sơn" not in (new / "co-quan.yaml").read_text(encoding="utf-8")
    assert (project / "data" / SEED / "tien-do.yaml").read_text(encoding="utf-8").count("ngay:") > 0  # source untouched

    code, _, err = build(run, project)
    assert code == 0, err
    assert "[lỗi]" not in err and "cấp huyện" not in err
    plan = lines(project / "out/son-giang-2025/ke-hoach.docx")
    assert "30/09/2025" in plan
    assert plan[0] == "ỦY BAN NHÂN DÂN"  # no supervisor line above the issuing body any more
    seed_plan = lines(project / "out" / SEED / "ke-hoach.docx")
    summary = next(t for t in seed_plan if t.startswith("Khắc phục những tồn tại"))
    assert summary in plan  # texts kept as written
    report = lines(project / "out/son-giang-2025/bao-cao-nam.docx")
    assert not any("HUYỆN" in t or "huyện Hương Sơn" in t for t in report[:12])
    summary = next(t for t in report if t.startswith("Kế hoạch có 25 nhiệm vụ"))
    assert "đã hoàn thành 0 nhiệm vụ (0%)" in summary  # progress cleared
    assert not any(t.startswith("Ủy ban nhân dân xã tổ chức hội nghị triển khai") for t in
                   lines(project / "out/son-giang-2025/bao-cao-6-thang.docx"))  # last year's words cleared


def test_from_last_year_moves_29_february_and_clears_closing(project, run):
    seed = project / "data" / SEED
    tasks = seed / "nhiem-vu.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace('"31/03/2024"', '"29/02/2024"', 1), encoding="utf-8")
    plan = seed / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "dong: true\n", encoding="utf-8")
    code, _, err = run("--data", project / "data", "moi", "son-giang-2025", "--tu", SEED)
    assert code == 0, err
    new = project / "data/son-giang-2025"
    assert '"28/02/2025"' in (new / "nhiem-vu.yaml").read_text(encoding="utf-8")
    assert "\ndong:" not in (new / "ke-hoach.yaml").read_text(encoding="utf-8")  # the key (comments may say "dong:")


def test_from_last_year_two_years_on(project, run):
    code, out, err = run("--data", project / "data", "moi", "son-giang-hai-nam", "--tu", SEED, "--nam", "2026")
    assert code == 0, err
    new = project / "data/son-giang-hai-nam"
    assert '"30/09/2026"' in (new / "nhiem-vu.yaml").read_text(encoding="utf-8")
    assert "nam: 2026" in (new / "thong-bao.yaml").read_text(encoding="utf-8")
    assert "bỏ nơi nhận “UBND huyện Hương Sơn”" in out  # a plan signed in 03/2026 has no district recipient
    code, _, err = build(run, project)
    assert code == 0 and "[lỗi]" not in err, err


def test_roll_forward_keeps_unchanged_files_byte_for_byte(project):
    seed = project / "data" / SEED
    files = {p.name: p.read_text(encoding="utf-8") for p in seed.glob("*.yaml")}
    files["ghi-chu.txt"] = "không phải YAML"
    result = roll_forward(files, "son-giang-2023", 2024)  # same year, no district line to drop
    assert result.files["co-quan.yaml"] == files["co-quan.yaml"]
    assert result.files["ghi-chu.txt"] == files["ghi-chu.txt"]


@pytest.mark.parametrize("args, words", [
    (("moi", "Sơn Giang 2025"), "ví dụ “son-giang-2025”"),
    (("moi", "xa-moi-2025-"), "ví dụ “xa-moi-2025”"),  # the id loading accepts, not one `check` then refuses
    (("moi", "x" * 41), "tối đa 40 ký tự"),
    (("moi", SEED), "đã có hồ sơ"),
    (("moi", "son-giang-2025", "--tu", "son-giang-2042"), "có phải là “son-giang-2024”"),
])
def test_refusals_write_nothing(project, run, args, words):
    before = sorted(p.relative_to(project) for p in (project / "data").rglob("*"))
    code, _, err = run("--data", project / "data", *args)
    assert code == 1 and words in err, err
    assert "Traceback" not in err
    assert sorted(p.relative_to(project) for p in (project / "data").rglob("*")) == before


def test_skeleton_writes_the_general_plan_form(tmp_path, run):
    """schema.md's general form: every mục holds `noi_dung`; numbering comes out as the legacy form's did."""
    from kehoach.dossier.editing import load_yaml

    data = tmp_path / "data"
    assert run("--data", data, "moi", "xa-moi-2025")[0] == 0
    plan = load_yaml((data / "xa-moi-2025" / "ke-hoach.yaml").read_text(encoding="utf-8"))
    assert [sorted(m) for m in plan["muc"]] == [["noi_dung", "tieu_de"]] * 3
    assert run("--data", data, "--out", tmp_path / "out")[0] == 0
    text = lines(tmp_path / "out/xa-moi-2025/ke-hoach.docx")
    start = text.index("I. MỤC ĐÍCH, YÊU CẦU")
    assert text[start:start + 10] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Mục đích của kế hoạch.", "2. Yêu cầu",
        "Yêu cầu đối với việc thực hiện kế hoạch.", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "1. Lĩnh vực thứ nhất",
        "a) Giải pháp thứ nhất của lĩnh vực.", "III. TỔ CHỨC THỰC HIỆN",
        ("1. Các công chức được giao nhiệm vụ tại Phụ lục kèm theo Kế hoạch này chủ động tổ chức thực hiện, báo "
         "cáo kết quả về Văn phòng UBND xã.")]


def test_skeleton_units_example_builds_once_uncommented(tmp_path, run):
    """The commented `don_vi:` of the skeleton is ready to use: remove the “# ” and assign a task to a unit."""
    data = tmp_path / "data"
    assert run("--data", data, "moi", "xa-moi-2025")[0] == 0
    org = data / "xa-moi-2025" / "co-quan.yaml"
    text = org.read_text(encoding="utf-8")
    example = text[text.index("# don_vi:"): text.index("can_bo:")]
    org.write_text(text.replace(example, "\n".join(line[2:] for line in example.splitlines()) + "\n"),
                   encoding="utf-8")
    tasks = data / "xa-moi-2025" / "nhiem-vu.yaml"
    tasks.write_text(re.sub(r"chu_tri: \S+", "chu_tri: phong-kinh-te", tasks.read_text(encoding="utf-8")),
                     encoding="utf-8")
    code, _, err = run("--data", data, "--out", tmp_path / "out")
    assert code == 0 and "[lỗi]" not in err, err
    assert "Phòng Kinh tế" in lines(tmp_path / "out/xa-moi-2025/ke-hoach.docx")
