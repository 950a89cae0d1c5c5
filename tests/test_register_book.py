"""The printed register book, and the Văn thư commands run through the real CLI on a copy of the seed."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import mark_as_real
from docx.oxml.ns import qn
from test_issuing import BC, KH, TB, fake_project, issue

import kehoach
from kehoach.cli.main import main
from kehoach.register.book import COLUMN_TITLES, render_register_book

REPO = Path(kehoach.__file__).resolve().parents[1]
DOSSIER = "son-giang-2024"


# -- the book ------------------------------------------------------------------------------


@pytest.fixture
def rows(tmp_path):
    from kehoach.register import issuing

    project = fake_project(tmp_path)
    issue(project, KH, dt.date(2024, 3, 5))
    issue(project, TB, dt.date(2024, 3, 20))
    issuing.cancel(project, "Nhầm người ký", doc_id=TB)
    issue(project, BC, dt.date(2024, 4, 2))
    return issuing.register_rows(project, 2024)


def test_book_has_the_cover_of_phu_luc_iv(rows, tmp_path):
    path = tmp_path / "so.docx"
    path.write_bytes(render_register_book(rows, 2024, body="Ủy ban nhân dân xã Sơn Giang",
                                          supervisor="UBND huyện Hương Sơn", volume=1))
    book = docx.Document(str(path))
    text = [p.text for p in book.paragraphs if p.text]
    assert text[:7] == [
        "UBND HUYỆN HƯƠNG SƠN", "ỦY BAN NHÂN DÂN XÃ SƠN GIANG", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2024",
        "Từ ngày 05/03/2024 đến ngày 02/04/2024", "Từ số 01 đến số 03", "Quyển số: 01",
    ]
    cover, body = book.sections
    assert (cover.page_width.mm, cover.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (body.page_width.mm, body.page_height.mm) == pytest.approx((297, 210), abs=0.1)
    assert body.orientation == 1  # landscape


def test_book_table_has_ten_columns_repeated_header_and_every_row(rows, tmp_path):
    path = tmp_path / "so.docx"
    path.write_bytes(render_register_book(rows, 2024, body="Ủy ban nhân dân xã Sơn Giang"))
    (table,) = docx.Document(str(path)).tables
    assert [c.text for c in table.rows[0].cells] == list(COLUMN_TITLES)
    assert [c.text for c in table.rows[1].cells] == [f"({i})" for i in range(1, 11)]
    for header in table.rows[:2]:
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    body = [[c.text for c in r.cells] for r in table.rows[2:]]
    assert [r[0] for r in body] == ["01/KH-UBND", "02/TB-UBND", "03/BC-UBND"]
    assert body[0][1:5] == ["05/03/2024", "Kế hoạch\nCải cách hành chính năm 2024", "Nguyễn Đức Thắng",
                            "- UBND huyện Hương Sơn\n- Đảng ủy xã"]
    assert body[0][5:7] == ["Văn thư (VT)", "3"]
    assert body[1][9] == "Đã hủy: Nhầm người ký"


def test_book_is_times_new_roman_and_byte_identical(rows):
    one = render_register_book(rows, 2024, body="UBND xã Sơn Giang")
    assert one == render_register_book(rows, 2024, body="UBND xã Sơn Giang")
    import io

    book = docx.Document(io.BytesIO(one))
    assert book.styles["Normal"].font.name == "Times New Roman"
    fonts = book.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}


# -- the real CLI on a copy of the seed -------------------------------------------------------


@pytest.fixture
def seed(tmp_path, monkeypatch):
    """A clerk's folder: data/ (the seed dossier) and templates/, working directory set there."""
    shutil.copytree(REPO / "data" / DOSSIER, tmp_path / "data" / DOSSIER)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    mark_as_real(tmp_path / "data" / DOSSIER)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sample_data_is_not_issued(seed, capsys):
    (seed / "data" / DOSSIER / "tien-do.yaml").write_text(
        (seed / "data" / DOSSIER / "tien-do.yaml").read_text(encoding="utf-8").replace(
            "du_lieu_mau: false", "du_lieu_mau: true"), encoding="utf-8")
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf") == 1
    err = capsys.readouterr().err
    assert "dữ liệu mẫu" in err and "Chưa ban hành" in err
    assert not (seed / "van-thu" / "2024").exists()


def kehoach_cli(*argv) -> int:
    return main(list(argv))


def archive_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "van-thu").rglob("*")) if p.is_file()}


def test_cli_issue_list_register_verify(seed, capsys):
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf") == 0
    assert kehoach_cli("issue", f"{DOSSIER}/thong-bao-phan-cong", "--ngay", "18/03/2024", "--khong-pdf") == 0
    capsys.readouterr()
    notice = docx.Document(str(seed / "van-thu" / "2024" / "02-TB-UBND.docx"))
    text = "\n".join(p.text for p in notice.paragraphs)
    assert "Kế hoạch số 01/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang" in text
    all_text = text + "\n".join(c.text for t in notice.tables for r in t.rows for c in r.cells)
    assert "Số: 02/TB-UBND" in all_text

    assert kehoach_cli("list", "--json") == 0
    listed = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert listed[f"{DOSSIER}/ke-hoach"] | {"path": None} == {
        "id": f"{DOSSIER}/ke-hoach", "ma_ho_so": DOSSIER, "folder": f"data/{DOSSIER}", "kind": "ke-hoach",
        "state": "đã ban hành", "number": "01/KH-UBND", "date": "2024-03-15", "path": None}
    assert listed[f"{DOSSIER}/bao-cao-quy-1"]["state"] == "nháp"

    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "19/03/2024") == 1
    assert "--thay-the" in capsys.readouterr().err

    assert kehoach_cli("register", "--nam", "2024") == 0
    out = capsys.readouterr().out
    assert "01/KH-UBND" in out and "02/TB-UBND" in out
    assert (seed / "van-thu" / "so-van-ban-di-2024.docx").exists()

    assert kehoach_cli("verify") == 0
    path = seed / "van-thu" / "2024" / "01-KH-UBND.docx"
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"\0")
    assert kehoach_cli("verify") == 1
    assert "01-KH-UBND.docx đã bị thay đổi" in capsys.readouterr().err


def test_cli_cancel_by_number_and_replacement(seed, capsys):
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf") == 0
    assert kehoach_cli("cancel", "--so", "01/KH-UBND", "--nam", "2024", "--ly-do", "Ký nhầm") == 0
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "16/03/2024", "--khong-pdf") == 0
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "20/03/2024", "--khong-pdf", "--thay-the") == 0
    assert "Ghi chú trong sổ: Thay thế văn bản số 02/KH-UBND ngày 16/3/2024" in capsys.readouterr().out
    assert kehoach_cli("verify") == 0


def test_rebuild_after_data_edit_keeps_the_archive_and_warns(seed):
    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf") == 0
    before = archive_bytes(seed)
    plan = seed / "data" / DOSSIER / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "xếp thứ 19/25" in text
    plan.write_text(text.replace("xếp thứ 19/25", "xếp thứ 18/25", 1), encoding="utf-8")
    from kehoach.pipeline import builder, load_project
    from kehoach.register import issuing

    (warning,) = issuing.changed_since_issue(load_project(Path("data")), builder())
    assert "--thay-the" in warning.message
    build = subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(seed / "out")], check=False,
                           cwd=seed, capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert build.returncode == 0, build.stderr
    assert archive_bytes(seed) == before
    assert (seed / "out" / DOSSIER / "ke-hoach.docx").exists()
    assert "--thay-the" in build.stderr and "công văn đính chính" in build.stderr


def test_register_records_file_and_input_hashes(seed):
    from kehoach.pipeline import input_digest, load_project
    from kehoach.register import issuing

    assert kehoach_cli("issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf") == 0
    project = load_project(Path("data"))
    ((entry, _),) = issuing.register_rows(project, 2024)
    archived = seed / "van-thu" / entry.file_path
    assert entry.file_sha256 == hashlib.sha256(archived.read_bytes()).hexdigest()
    assert entry.input_sha256 == input_digest(project, f"{DOSSIER}/ke-hoach")
