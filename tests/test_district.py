"""The district level ended on 01/7/2025: one rule for which names are district bodies, for check and lint."""
from __future__ import annotations

import pytest

from kehoach.rules.district import after_abolition, names_district


@pytest.mark.parametrize("text", [
    "UBND huyện Hương Sơn", "Ủy ban nhân dân huyện Hương Sơn", "ỦY BAN NHÂN DÂN HUYỆN HƯƠNG SƠN",
    "Uỷ ban nhân dân huyện Hương Sơn", "HĐND huyện Hương Sơn", "Hội đồng nhân dân huyện Hương Sơn",
    "UBND quận Hoàn Kiếm", "UBND thị xã Hồng Lĩnh", "Huyện ủy Hương Sơn", "Huyện uỷ Hương Sơn",
    "HUYỆN ỦY HƯƠNG SƠN", "Ban Thường vụ Huyện ủy", "Văn phòng HĐND và UBND huyện",
])
def test_district_bodies(text):
    assert names_district(text)


@pytest.mark.parametrize("text", [
    "UBND tỉnh Hà Tĩnh", "UBND xã Sơn Giang", "TT Đảng ủy, TT HĐND xã", "Trung tâm Y tế huyện Hương Sơn cũ",
    "Các thôn trên địa bàn huyện", "Đảng ủy xã", "", "Lưu: VT",
])
def test_not_district_bodies(text):
    assert not names_district(text)


@pytest.mark.parametrize("year, month, after", [(2025, 6, False), (2025, 7, True), (2025, 8, True), (2024, 12, False)])
def test_after_abolition(year, month, after):
    assert after_abolition(year, month) is after


def test_check_and_lint_agree_on_a_district_party_committee(project, run):
    folder = project / "data/son-giang-2024"
    for name in ("ke-hoach.yaml", "thong-bao.yaml"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("nam: 2024", "nam: 2025", 1)
                        .replace("thang: 3", "thang: 8", 1), encoding="utf-8")
    plan = folder / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('- "UBND huyện Hương Sơn"', '- "Huyện ủy Hương Sơn"'),
                    encoding="utf-8")
    for name in ("nhiem-vu.yaml", "tien-do.yaml"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace('/2024"', '/2025"'), encoding="utf-8")
    code, _, err = run("--data", project / "data", "check")
    assert code == 0, err
    warned = [ln for ln in err.splitlines() if "ke-hoach.yaml" in ln and "cấp huyện" in ln]
    assert len(warned) == 1 and "Huyện ủy Hương Sơn" in plan.read_text(encoding="utf-8")
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    _, out, err = run("lint", project / "out/son-giang-2024/ke-hoach.docx")
    assert "DATE-1" in out + err and "Huyện ủy Hương Sơn" in out + err
