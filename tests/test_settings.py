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


def test_template_folder_inside_the_project(project, run):
    import shutil

    shutil.copytree(project / "templates", project / "mau-rieng")
    (project / "data" / "cau-hinh.yaml").write_text("thu_muc_mau: mau-rieng\n", encoding="utf-8")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    assert "ngoài dự án" not in err


def test_template_folder_outside_the_project_needs_an_explicit_setting(project, run):
    import shutil

    import pytest

    from kehoach.dossier.settings import load_settings
    from kehoach.errors import KehoachError

    outside = project.parent / "mau-ngoai"
    shutil.copytree(project / "templates", outside)
    settings = project / "data" / "cau-hinh.yaml"
    for value in ("../mau-ngoai", outside.as_posix()):
        settings.write_text(f"# mẫu dùng chung của huyện\nthu_muc_mau: {value}\n", encoding="utf-8")
        with pytest.raises(KehoachError) as e:
            load_settings(project / "data")
        (p,) = e.value.problems
        assert (p.file, p.line, p.field) == (str(settings), 2, "thu_muc_mau")
        assert "cho_phep_mau_ngoai: true" in p.message
        assert run("--data", project / "data", "--out", project / "out")[0] == 1
        assert not (project / "out").exists()
    settings.write_text("thu_muc_mau: ../mau-ngoai\ncho_phep_mau_ngoai: true\n", encoding="utf-8")
    (warning,) = load_settings(project / "data").warnings
    assert (warning.file, warning.line, warning.field, warning.is_error) == (str(settings), 1, "thu_muc_mau", False)
    for _ in range(2):  # the warning comes back on every build
        code, _, err = run("--data", project / "data", "--out", project / "out")
        assert code == 0, err
        assert str(outside) in err and "ngoài dự án" in err


def test_missing_template_folder_is_located(project):
    import pytest

    from kehoach.dossier.settings import load_settings
    from kehoach.errors import KehoachError

    (project / "data" / "cau-hinh.yaml").write_text("thu_muc_mau: khong-co\n", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        load_settings(project / "data")
    (p,) = e.value.problems
    assert (p.line, p.field) == (1, "thu_muc_mau") and "không có thư mục mẫu" in p.message
