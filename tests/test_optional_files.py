"""Only co-quan.yaml and ke-hoach.yaml are mandatory; `dong: true` closes a dossier."""
from __future__ import annotations

import docx
import pytest
from conftest import mark_as_real
from docx.enum.section import WD_ORIENT
from docx_text import lines

DOSSIER = "data/son-giang-2024"
ALL = {"ke-hoach.docx", "bao-cao-quy-1.docx", "bao-cao-6-thang.docx", "bao-cao-quy-3.docx",
       "bao-cao-nam.docx", "thong-bao-phan-cong.docx"}


def built(project) -> set[str]:
    return {p.name for p in (project / "out" / "son-giang-2024").glob("*.docx")}


@pytest.mark.parametrize("removed, expected", [
    ((), ALL),
    (("tien-do.yaml",), ALL),
    (("thong-bao.yaml",), ALL - {"thong-bao-phan-cong.docx"}),
    (("bao-cao.yaml", "tien-do.yaml"), {"ke-hoach.docx", "thong-bao-phan-cong.docx"}),
    (("nhiem-vu.yaml", "tien-do.yaml"), {"ke-hoach.docx"}),
    (("nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml"), {"ke-hoach.docx"}),
], ids=["all", "no-progress", "no-notice", "no-reports", "no-tasks", "plan-only"])
def test_documents_are_built_when_their_data_exist(project, run, removed, expected):
    for name in removed:
        (project / DOSSIER / name).unlink()
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    assert built(project) == expected


def test_plan_without_tasks_has_no_appendix_section(project, run):
    for name in ("nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml"):
        (project / DOSSIER / name).unlink()
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    path = project / "out/son-giang-2024/ke-hoach.docx"
    document = docx.Document(str(path))
    assert len(document.sections) == 1
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    text = lines(path)
    assert not any(t.startswith("Phụ lục") for t in text)
    assert any(t.startswith("Nguyễn Đức Thắng") for t in text)  # the signature is still there
    assert "Kiểm tra thể thức theo NĐ 30/2020: không có lỗi." in out


def test_progress_without_tasks_is_an_error(project, run):
    (project / DOSSIER / "nhiem-vu.yaml").unlink()
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1 and "không có nhiệm vụ mã “1a”" in err


def close(project) -> None:
    plan = project / DOSSIER / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\ndong: true\n", encoding="utf-8")


def test_closed_dossier_is_not_built_nor_warned_about_but_listed(project, run):
    close(project)
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    assert "dữ liệu mẫu" not in err  # the seed's sample-data warnings are silenced
    assert not (project / "out").exists() or not list((project / "out").rglob("*.docx"))
    code, out, _ = run("--data", project / "data", "--out", project / "out", "list")
    assert code == 0 and "son-giang-2024/ke-hoach" in out


def test_closed_dossier_is_not_issued(project, run):
    mark_as_real(project / DOSSIER)
    close(project)
    code, _, err = run("--data", project / "data", "issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024",
                       "--khong-pdf")
    assert code == 1 and "đã đóng" in err
    assert not (project / "van-thu").exists() or not list((project / "van-thu").rglob("*.docx"))


def test_closed_dossier_still_reports_errors(project, run):
    close(project)
    path = project / DOSSIER / "ke-hoach.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thang: 3", "thang: 13"), encoding="utf-8")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1 and "từ 1 đến 12" in err
