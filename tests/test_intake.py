"""Documents kehoach did not make enter the one register: Word files issued with `vao-so`, numbers given
elsewhere (`vao-so --so`), in one series with kehoach's own documents."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from register_cli import DOSSIER, cli, issue_two, rows, state
from word_docs import build_decision, build_letter, build_sloppy_letter

import kehoach
from kehoach.errors import KehoachError
from kehoach.register import issuing
from kehoach.register.stamping import stamp
from kehoach.rules.numbering import DocNumber

REPO = Path(kehoach.__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- stamping: number and day, nothing else ----------------------------------------------------------


def paragraphs_xml(data: bytes) -> list[bytes]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [etree.tostring(p) for p in root.iter(f"{W}p")]


def without_text(p: bytes) -> bytes:
    el = etree.fromstring(p)
    for t in el.iter(f"{W}t"):
        t.text = ""
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(el)


def test_stamping_writes_number_and_day_and_leaves_everything_else(tmp_path):
    original = build_decision(tmp_path / "qd.docx").read_bytes()
    done = stamp(original, DocNumber(3, "QĐ-UBND"), dt.date(2024, 4, 2))
    assert (done.number_line, done.date_line) == ("Số: 03/QĐ-UBND", "Sơn Giang, ngày 02 tháng 4 năm 2024")
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(done.data))
    assert [i.filename for i in after.infolist()] == [i.filename for i in before.infolist()]
    for info in before.infolist():
        twin = after.getinfo(info.filename)
        assert (twin.date_time, twin.compress_type, twin.external_attr) == (
            info.date_time, info.compress_type, info.external_attr)
        if info.filename != "word/document.xml":
            assert after.read(info.filename) == before.read(info.filename), info.filename
    old, new = paragraphs_xml(original), paragraphs_xml(done.data)
    changed = [k for k, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(changed) == 2  # the Số line and the place-date line
    for k in changed:  # … and there only the text: same runs, same formatting
        assert without_text(old[k]) == without_text(new[k])
    text = [p.text for p in docx.Document(io.BytesIO(done.data)).tables[0].rows[0].cells[0].paragraphs]
    assert "Số: 03/QĐ-UBND" in text


def test_stamping_is_byte_identical_for_the_same_input(tmp_path):
    original = build_letter(tmp_path / "cv.docx").read_bytes()
    one = stamp(original, DocNumber(12, "UBND-VP"), dt.date(2024, 6, 5)).data
    assert one == stamp(original, DocNumber(12, "UBND-VP"), dt.date(2024, 6, 5)).data


def test_stamping_corrects_the_month_when_signed_in_another_month(tmp_path):
    original = build_decision(tmp_path / "qd.docx", month="4").read_bytes()
    done = stamp(original, DocNumber(3, "QĐ-UBND"), dt.date(2024, 5, 6))
    assert done.date_line == "Sơn Giang, ngày 06 tháng 5 năm 2024" and done.changed_month


def test_stamping_reads_decomposed_vietnamese(tmp_path):
    import unicodedata

    path = build_decision(tmp_path / "qd.docx")
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = unicodedata.normalize("NFD", data.decode()).encode()
            z.writestr(info, data)
    done = stamp(out.getvalue(), DocNumber(3, "QĐ-UBND"), dt.date(2024, 4, 2))
    assert done.number_line == "Số: 03/QĐ-UBND"


def test_stamping_refuses_a_document_that_already_has_a_number(tmp_path):
    numbered = stamp(build_decision(tmp_path / "qd.docx").read_bytes(), DocNumber(3, "QĐ-UBND"),
                     dt.date(2024, 4, 2)).data
    with pytest.raises(KehoachError, match="đã có số.*--so"):
        stamp(numbered, DocNumber(4, "QĐ-UBND"), dt.date(2024, 4, 3))


# -- vao-so TỆP.docx ---------------------------------------------------------------------------------


def test_acceptance_word_decision_after_two_kehoach_documents_gets_03(clerk, capsys):
    issue_two(capsys)
    word = build_decision(clerk / "QD khen thuong.docx")
    clerks_file = word.read_bytes()
    code, out, err = cli(capsys, "vao-so", word, "--ngay", "02/04/2024", "--khong-pdf")
    assert code == 0, err
    assert "số 03/QĐ-UBND ngày 02/04/2024" in out
    archived = clerk / "van-thu" / "2024" / "03-QD-UBND.docx"
    assert stat.S_IMODE(archived.stat().st_mode) == 0o444
    band = docx.Document(str(archived)).tables[0].rows[0].cells
    assert [p.text for p in band[0].paragraphs][3] == "Số: 03/QĐ-UBND"
    assert [p.text for p in band[1].paragraphs][3] == "Sơn Giang, ngày 02 tháng 4 năm 2024"
    old, new = paragraphs_xml(word.read_bytes()), paragraphs_xml(archived.read_bytes())
    assert sum(a != b for a, b in zip(old, new, strict=True)) == 2
    assert word.read_bytes() == clerks_file  # the clerk's own file is left as it was
    entry = rows(clerk)[2]
    assert (entry.type_name, entry.summary, entry.signer) == (
        "Quyết định", "Về việc khen thưởng thành tích cải cách hành chính năm 2023", "Nguyễn Đức Thắng")
    assert entry.recipients == ("Như Điều 3", "Thường trực Đảng ủy xã", "Lưu: VT, VP")
    assert (entry.doc_id, entry.series, entry.copies) == (None, "chung", 4)
    assert entry.file_sha256 == hashlib.sha256(archived.read_bytes()).hexdigest()
    assert entry.input_sha256 == hashlib.sha256(word.read_bytes()).hexdigest()
    assert cli(capsys, "verify")[0] == 0
    # Numbering goes on in the one series.
    assert cli(capsys, "issue", f"{DOSSIER}/bao-cao-quy-1", "--ngay", "20/04/2024", "--khong-pdf")[0] == 0
    assert str(rows(clerk)[3].number) == "04/BC-UBND"


def test_a_letter_takes_the_next_number_with_its_unit_code(clerk, capsys):
    issue_two(capsys)
    code, _out, err = cli(capsys, "vao-so", build_letter(clerk / "cv.docx"), "--ngay", "20/06/2024", "--khong-pdf")
    assert code == 0, err
    entry = rows(clerk)[2]
    assert (str(entry.number), entry.type_name) == ("03/UBND-VP", "Công văn")
    assert entry.summary == "V/v tổ chức Hội nghị sơ kết cải cách hành chính 6 tháng đầu năm 2024"
    assert entry.signer == "Trần Văn Bình"
    text = [p.text for c in docx.Document(str(clerk / "van-thu/2024/03-UBND-VP.docx")).tables[0].rows[0].cells
            for p in c.paragraphs]
    assert "Số: 03/UBND-VP" in text and "Sơn Giang, ngày 20 tháng 6 năm 2024" in text


def test_a_sloppy_letter_is_refused_with_its_findings_and_nothing_changes(clerk, capsys):
    issue_two(capsys)
    before = state(clerk)
    code, _out, err = cli(capsys, "vao-so", build_sloppy_letter(clerk / "cv.docx"), "--ngay", "20/06/2024")
    assert code == 1 and "Traceback" not in err
    for rule in ("[PAGE-2]", "[FONT-1]", "[TTL-2]", "[BODY-1]", "[REC-1]"):
        assert rule in err
    assert "Văn bản cv.docx có 9 lỗi thể thức nên chưa được cấp số" in err and "--bo-qua-kiem-tra" in err
    assert state(clerk) == before


def test_an_override_is_recorded_in_the_register(clerk, capsys):
    issue_two(capsys)
    code, _out, err = cli(capsys, "vao-so", build_sloppy_letter(clerk / "cv.docx"), "--ngay", "20/06/2024",
                         "--bo-qua-kiem-tra", "--khong-pdf")
    assert code == 0, err
    entry = rows(clerk)[2]
    assert str(entry.number) == "03/UBND-VP"
    assert entry.note.startswith("Ban hành không qua kiểm tra thể thức (") and "--bo-qua-kiem-tra" in entry.note
    assert cli(capsys, "verify")[0] == 0


def test_the_same_file_is_not_entered_twice(clerk, capsys):
    word = build_decision(clerk / "qd.docx")
    assert cli(capsys, "vao-so", word, "--ngay", "02/04/2024", "--khong-pdf")[0] == 0
    before = state(clerk)
    code, _, err = cli(capsys, "vao-so", word, "--ngay", "03/04/2024", "--khong-pdf")
    assert code == 1 and "đã vào sổ với số 01/QĐ-UBND" in err
    assert state(clerk) == before


def test_per_type_numbering_gives_letters_their_own_series(clerk, capsys):
    (clerk / "data" / "cau-hinh.yaml").write_text("danh_so: theo_loai\n", encoding="utf-8")
    issue_two(capsys)
    assert cli(capsys, "vao-so", build_decision(clerk / "qd.docx"), "--ngay", "02/04/2024", "--khong-pdf")[0] == 0
    assert cli(capsys, "vao-so", build_letter(clerk / "cv.docx"), "--ngay", "20/06/2024", "--khong-pdf")[0] == 0
    assert sorted((str(e.number), e.series) for e in rows(clerk)) == [
        ("01/KH-UBND", "KH"), ("01/QĐ-UBND", "QĐ"), ("01/TB-UBND", "TB"), ("01/UBND-VP", "CV")]


def test_without_ngay_a_document_of_another_month_is_refused(clerk, capsys):
    code, _, err = cli(capsys, "vao-so", build_decision(clerk / "qd.docx", month="4"))
    assert code == 1 and "--ngay" in err
    assert not (clerk / "van-thu").exists()


def test_a_document_without_its_parts_names_them(clerk, capsys):
    doc = docx.Document()
    doc.add_paragraph("Biên bản họp")
    doc.save(clerk / "x.docx")
    code, _, err = cli(capsys, "vao-so", clerk / "x.docx", "--ngay", "02/04/2024")
    assert code == 1
    assert "Số:" in err and "tên loại" in err and "Nơi nhận" in err and "Traceback" not in err


def test_a_crash_after_the_number_is_taken_is_finished_by_running_again(clerk, capsys):
    issue_two(capsys)
    word = build_decision(clerk / "qd.docx")
    env = {**os.environ, "PYTHONPATH": str(REPO), issuing.CRASH_ENV: "after-reserve"}
    crashed = subprocess.run([sys.executable, "-m", "kehoach", "vao-so", str(word), "--ngay", "02/04/2024",
                              "--khong-pdf"], check=False, cwd=clerk, env=env, capture_output=True, text=True)
    assert crashed.returncode == -9
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "03/QĐ-UBND" in err and "chạy lại lệnh đã cấp số này" in err
    code, out, err = cli(capsys, "vao-so", word, "--ngay", "02/04/2024", "--khong-pdf")
    assert code == 0, err
    assert "Đã hoàn tất lần vào sổ bị ngắt" in out and "số 03/QĐ-UBND" in out
    assert [str(e.number) for e in rows(clerk)] == ["01/KH-UBND", "02/TB-UBND", "03/QĐ-UBND"]
    assert cli(capsys, "verify")[0] == 0


@pytest.mark.skipif(not issuing.pdf.find_libreoffice(), reason="LibreOffice not installed")
def test_the_pdf_is_archived_and_the_page_count_comes_from_it(clerk, capsys):
    code, _out, err = cli(capsys, "vao-so", build_decision(clerk / "qd.docx"), "--ngay", "02/04/2024")
    assert code == 0, err
    entry = rows(clerk)[0]
    pdf = clerk / "van-thu" / entry.pdf_path
    assert pdf.read_bytes().startswith(b"%PDF") and stat.S_IMODE(pdf.stat().st_mode) == 0o444
    assert cli(capsys, "verify")[0] == 0


# -- vao-so --so: a number given elsewhere ----------------------------------------------------------


def test_acceptance_after_15_from_elsewhere_the_next_kehoach_document_gets_16(clerk, capsys):
    issue_two(capsys)
    code, out, err = cli(capsys, "vao-so", "--so", "15/QĐ-UBND", "--ngay", "02/04/2024",
                         "--trich-yeu", "Về việc thành lập Tổ công tác cải cách hành chính",
                         "--nguoi-ky", "Nguyễn Đức Thắng", "--noi-nhan", "Như Điều 3; Lưu: VT, VP")
    assert code == 0, err
    assert "chưa có các số 03, 04" in out and "nhap-so" in out
    assert cli(capsys, "issue", f"{DOSSIER}/bao-cao-quy-1", "--ngay", "15/04/2024", "--khong-pdf")[0] == 0
    got = [(str(e.number), e.doc_id) for e in rows(clerk)]
    assert got[-2:] == [("15/QĐ-UBND", None), ("16/BC-UBND", f"{DOSSIER}/bao-cao-quy-1")]
    outside = rows(clerk)[2]
    assert (outside.type_name, outside.file_path, outside.state) == ("Quyết định", None, "da_ban_hanh")
    assert outside.recipients == ("Như Điều 3", "Lưu: VT, VP") and outside.note == "Số cấp ngoài kehoach"
    # The witness holds it: the register rebuilt from the archive still continues after 16.
    (clerk / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").unlink()
    assert cli(capsys, "verify", "--dung-lai")[0] == 1  # rebuilt; verify then names the gap 03–14
    assert [str(e.number) for e in rows(clerk)][-2:] == ["15/QĐ-UBND", "16/BC-UBND"]


def test_filling_the_gap_with_numbers_from_elsewhere_makes_the_book_whole(clerk, capsys):
    issue_two(capsys)
    assert cli(capsys, "vao-so", "--so", "04/QĐ-UBND", "--ngay", "25/03/2024", "--trich-yeu", "Về việc A",
               "--nguoi-ky", "Nguyễn Đức Thắng")[0] == 0
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "thiếu số 03" in err
    assert cli(capsys, "vao-so", "--so", "03/UBND-VP", "--ngay", "20/03/2024", "--trich-yeu", "V/v B",
               "--nguoi-ky", "Nguyễn Đức Thắng")[0] == 0
    assert cli(capsys, "verify")[0] == 0
    assert [str(e.number) for e in rows(clerk)] == ["01/KH-UBND", "02/TB-UBND", "03/UBND-VP", "04/QĐ-UBND"]
    assert rows(clerk)[2].type_name == "Công văn"


@pytest.mark.parametrize("args, words", [
    (("--so", "02/QĐ-UBND", "--ngay", "20/03/2024"), "đã có trong sổ: văn bản số 02/TB-UBND"),
    (("--so", "03/QĐ-UBND", "--ngay", "10/03/2024"), "không khớp thứ tự trong sổ"),
    (("--so", "03/QĐ UBND", "--ngay", "20/03/2024"), "không phải số và ký hiệu"),
    (("--so", "03/QĐ-UBND"), "cần --ngay"),
])
def test_a_number_from_elsewhere_that_does_not_fit_is_refused(clerk, capsys, args, words):
    issue_two(capsys)
    before = state(clerk)
    code, _, err = cli(capsys, "vao-so", *args, "--trich-yeu", "Về việc A", "--nguoi-ky", "Nguyễn Đức Thắng")
    assert code == 1 and words in err and "Traceback" not in err
    assert state(clerk) == before


def test_a_signed_pdf_from_elsewhere_is_archived_as_the_original(clerk, capsys):
    signed = clerk / "15-QD-UBND-da-ky.pdf"
    signed.write_bytes(b"%PDF-1.4\n% ban ky so\n%%EOF\n")
    code, _out, err = cli(capsys, "vao-so", "--so", "01/QĐ-UBND", "--ngay", "02/04/2024", "--trich-yeu", "Về việc A",
                         "--nguoi-ky", "Nguyễn Đức Thắng", "--ban-goc", signed)
    assert code == 0, err
    archived = clerk / "van-thu" / "2024" / "01-QD-UBND.pdf"
    assert archived.read_bytes() == signed.read_bytes() and stat.S_IMODE(archived.stat().st_mode) == 0o444
    assert rows(clerk)[0].file_path == "2024/01-QD-UBND.pdf"
    assert cli(capsys, "verify")[0] == 0
    archived.chmod(0o644)
    archived.write_bytes(b"%PDF-1.4\nsua\n")
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "01-QD-UBND.pdf đã bị thay đổi" in err


def test_a_register_made_before_paper_originals_refuses_them_cleanly(clerk, capsys):
    """A register created with the earlier, stricter table (every issued row has a file) says so, no traceback."""
    import sqlite3
    from contextlib import closing

    issue_two(capsys)
    path = clerk / "van-thu" / "so-dang-ky-van-ban-di.sqlite3"
    with closing(sqlite3.connect(path)) as db:  # the table as the register of integrity's first version made it
        db.execute("PRAGMA writable_schema = ON")
        db.execute("UPDATE sqlite_master SET sql = replace(sql, 'OR (doc_id IS NULL AND file_path IS NULL AND "
                   "file_sha256 IS NULL)', '') WHERE name = 'entries'")
        db.commit()
    before = state(clerk)
    code, _, err = cli(capsys, "vao-so", "--so", "03/QĐ-UBND", "--ngay", "20/03/2024", "--trich-yeu", "Về việc A",
                       "--nguoi-ky", "B")
    assert code == 1 and "phiên bản kehoach trước" in err and "--ban-goc" in err and "Traceback" not in err
    assert state(clerk) == before


@pytest.mark.parametrize("argv, option", [
    (("xuat-so", "--nam", "12"), "--nam"),
    (("chuyen", "01/KH-UBND", "--nam", "24", "--ngay", "03/04/2024", "--ky-nhan", "Hoa"), "--nam"),
    (("chuyen", "01/KH-UBND", "--ngay", "31/02/2024", "--ky-nhan", "Hoa"), "--ngay"),
    (("dinh-chinh", "01/KH-UBND", "--ngay", "3.4.2024", "--noi-dung", "Tại A; nay là B."), "--ngay"),
    (("vao-so", "cv.docx", "--ngay", "1²/04/2024"), "--ngay"),
])
def test_command_line_years_and_dates_are_checked_where_they_are_typed(clerk, capsys, argv, option):
    """A year of 12 is no year ("Sổ năm 12"), a date not on the calendar no date: one message, nothing written."""
    issue_two(capsys)
    before = state(clerk)
    code, out, err = cli(capsys, *argv)
    assert code == 1 and option in err and "Traceback" not in err and out == ""
    assert state(clerk) == before


def test_a_date_option_names_itself_as_the_field():
    from kehoach.cli.values import day

    assert day("--ngay")("3/4/2024") == dt.date(2024, 4, 3)
    with pytest.raises(KehoachError) as caught:
        day("--ngay")("31/02/2024")
    (problem,) = caught.value.problems
    assert problem.field == "--ngay" and "không có trên lịch" in problem.message
