"""data/cau-hinh.yaml: where originals are kept and how numbers run."""
from __future__ import annotations

from conftest import mark_as_real


def test_archive_folder_and_per_type_series(project, run):
    mark_as_real(project / "data" / "son-giang-2024")
    (project / "data" / "cau-hinh.yaml").write_text(
        "# cài đặt chung\nthu_muc_luu: luu-tru\ndanh_so: theo_loai\n", encoding="utf-8")
    data = ("--data", project / "data")
    assert run("issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf", *data)[0] == 0
    assert run("issue", "son-giang-2024/bao-cao-quy-1", "--ngay", "15/03/2024", "--khong-pdf", *data)[0] == 0
    kept = sorted(p.name for p in (project / "luu-tru" / "2024").glob("*.docx"))
    assert kept == ["01-BC-UBND.docx", "01-KH-UBND.docx"]  # each type numbers from 01
    assert not (project / "van-thu").exists()


def test_bad_setting_is_located(project, run):
    (project / "data" / "cau-hinh.yaml").write_text("thu_muc_luu: luu-tru\ndanh_so: rieng\n", encoding="utf-8")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    assert "cau-hinh.yaml, dòng 2, cách đánh số:" in err and "theo_loai" in err


def test_settings_file_is_not_a_dossier(project, run):
    (project / "data" / "cau-hinh.yaml").write_text("danh_so: chung\n", encoding="utf-8")
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    assert "Đã dựng 6 văn bản" in out
