"""The rest of a document's life: sent (columns 8 and 9), cancelled (originals moved to `da-huy/`), replaced
(the text says what it replaces; citing documents listed), corrected by a công văn đính chính."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from register_cli import DOSSIER, cli, issue_two, rows, state
from test_issuing import BC, KH, fake_project, issue, verify

import kehoach
from kehoach.register import issuing
from kehoach.register.store import Register

REPO = os.path.dirname(os.path.dirname(kehoach.__file__))


def body_text(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


# -- chuyen: columns (8) and (9) -----------------------------------------------------------------------


def test_chuyen_fills_columns_8_and_9_through_the_log(clerk, capsys):
    issue_two(capsys)
    code, out, err = cli(capsys, "chuyen", "02/TB-UBND", "--ngay", "19/03/2024", "--ky-nhan", "Nguyễn Thị Hoa")
    assert code == 0, err
    assert "(8) ngày chuyển 19/03/2024, (9) ký nhận Nguyễn Thị Hoa" in out
    row = rows(clerk)[1]
    assert (row.sent_date, row.received_by) == (dt.date(2024, 3, 19), "Nguyễn Thị Hoa")
    witness = json.loads((clerk / "van-thu" / "2024" / "02-TB-UBND.json").read_text(encoding="utf-8"))
    assert witness["events"][-1]["kind"] == "send"
    assert cli(capsys, "verify")[0] == 0
    assert cli(capsys, "register", "--nam", "2024")[0] == 0
    table = docx.Document(str(clerk / "van-thu" / "so-van-ban-di-2024.docx")).tables[0]
    assert [c.text for c in table.rows[3].cells][7:9] == ["19/03/2024", "Nguyễn Thị Hoa"]
    # The register rebuilt from the archive keeps them.
    (clerk / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").unlink()
    assert cli(capsys, "verify", "--dung-lai")[0] == 0
    assert rows(clerk)[1].received_by == "Nguyễn Thị Hoa"


def test_chuyen_again_keeps_the_first_in_the_log(clerk, capsys):
    issue_two(capsys)
    assert cli(capsys, "chuyen", "02/TB-UBND", "--ngay", "19/03/2024", "--ky-nhan", "A")[0] == 0
    code, out, _ = cli(capsys, "chuyen", "02/TB-UBND", "--ngay", "20/03/2024", "--ky-nhan", "B")
    assert code == 0 and "Thay cho lần ghi trước: ngày chuyển 19/03/2024, ký nhận A" in out
    assert rows(clerk)[1].received_by == "B"


@pytest.mark.parametrize("args, words", [
    (("02/TB-UBND", "--ngay", "17/03/2024"), "sớm hơn ngày của văn bản số 02/TB-UBND"),
    (("09/TB-UBND", "--ngay", "19/03/2024"), "không có văn bản số 09/TB-UBND"),
    (("02/TB-UBND", "--ngay", "19/03/2099"), "ở tương lai"),
])
def test_chuyen_refusals_change_nothing(clerk, capsys, args, words):
    issue_two(capsys)
    before = state(clerk)
    code, _, err = cli(capsys, "chuyen", *args, "--ky-nhan", "A")
    assert code == 1 and words in err and "Traceback" not in err
    assert state(clerk) == before


def test_a_cancelled_document_is_not_sent(clerk, capsys):
    issue_two(capsys)
    assert cli(capsys, "cancel", "--so", "02/TB-UBND", "--nam", "2024", "--ly-do", "Nhầm")[0] == 0
    code, _, err = cli(capsys, "chuyen", "02/TB-UBND", "--ngay", "19/03/2024", "--ky-nhan", "A")
    assert code == 1 and "đã hủy" in err


# -- cancel: the archive shows it --------------------------------------------------------------------


def test_a_cancelled_original_moves_to_da_huy_and_stays_verified(tmp_path):
    project = fake_project(tmp_path)
    issue(project, KH, dt.date(2024, 3, 15))
    e = issue(project, BC, dt.date(2024, 3, 16))
    root = project.settings.archive_dir
    digest = hashlib.sha256((root / e.file_path).read_bytes()).hexdigest()
    done = issuing.cancel(project, "Ký nhầm", doc_id=BC)
    assert done.file_path == "2024/da-huy/02-BC-UBND.docx"
    moved = root / done.file_path
    assert not (root / "2024" / "02-BC-UBND.docx").exists()
    assert hashlib.sha256(moved.read_bytes()).hexdigest() == digest == done.file_sha256
    assert stat.S_IMODE(moved.stat().st_mode) == 0o444
    assert (root / "2024" / "02-BC-UBND.json").exists()  # the row's witness stays beside the others
    assert verify(project) == []
    with Register(issuing.register_path(project)) as reg:
        before = reg.rows()
    issuing.register_path(project).unlink()
    issuing.rebuild(project)
    with Register(issuing.register_path(project)) as reg:
        assert reg.rows() == before
    assert verify(project) == []


def test_an_interrupted_move_is_named_and_finished_by_verify_sua(tmp_path):
    from kehoach.register import archive

    project = fake_project(tmp_path)
    e = issue(project, KH, dt.date(2024, 3, 15))
    with issuing.locked(project) as reg:  # the cancel event is written, the process dies before the move
        reg.cancel(reg.entry(e.rowid), "Nhầm", (archive.cancelled_path(e.file_path), None))
        issuing.write_witnesses(project, reg)
    messages = [str(p) for p in verify(project)]
    assert len(messages) == 1 and "chưa được chuyển vào thư mục da-huy" in messages[0]
    said = []
    issuing.verify(project, repair=True, builder=None, make_pdf=False, say=said.append)
    assert any("Đã chuyển bản gốc" in m for m in said)
    assert (project.settings.archive_dir / "2024" / "da-huy" / "01-KH-UBND.docx").exists()
    assert verify(project) == []


def test_the_book_prints_a_cancelled_row_in_italics(clerk, capsys):
    issue_two(capsys)
    assert cli(capsys, "cancel", "--so", "02/TB-UBND", "--nam", "2024", "--ly-do", "Nhầm")[0] == 0
    assert cli(capsys, "register", "--nam", "2024")[0] == 0
    table = docx.Document(str(clerk / "van-thu" / "so-van-ban-di-2024.docx")).tables[0]
    cancelled, kept = table.rows[3], table.rows[2]
    assert cancelled.cells[9].text == "Đã hủy: Nhầm"
    assert all(r.italic for c in cancelled.cells for p in c.paragraphs for r in p.runs if r.text)
    assert not any(r.italic for c in kept.cells for p in c.paragraphs for r in p.runs)


# -- replacement ---------------------------------------------------------------------------------------


def edit_plan(clerk, old="xếp thứ 19/25", new="xếp thứ 18/25"):
    plan = clerk / "data" / DOSSIER / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


SENTENCE = "Kế hoạch này thay thế Kế hoạch số 01/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang./."


def test_a_replacement_says_what_it_replaces_and_lists_who_cites_it(clerk, capsys):
    issue_two(capsys)
    edit_plan(clerk)
    code, out, err = cli(capsys, "issue", f"{DOSSIER}/ke-hoach", "--ngay", "20/03/2024", "--khong-pdf", "--thay-the")
    assert code == 0, err
    text = body_text(clerk / "van-thu" / "2024" / "03-KH-UBND.docx")
    end = text.index(SENTENCE)
    assert text[end - 1].endswith("giải quyết.")  # the closing's "./." moved to the new last sentence
    assert not any(t.endswith("./.") for t in text[:end])
    assert "Các văn bản đã ban hành trích dẫn văn bản số 01/KH-UBND ngày 15/3/2024" in out
    assert "Số 02/TB-UBND ngày 18/3/2024: Thông báo" in out
    # The replaced original is untouched and says nothing of it.
    assert SENTENCE not in body_text(clerk / "van-thu" / "2024" / "01-KH-UBND.docx")
    assert cli(capsys, "verify")[0] == 0


def test_a_replacement_finished_after_a_crash_still_says_what_it_replaces(clerk, capsys):
    issue_two(capsys)
    edit_plan(clerk)
    env = {**os.environ, "PYTHONPATH": REPO, issuing.CRASH_ENV: "after-reserve"}
    crashed = subprocess.run([sys.executable, "-m", "kehoach", "issue", f"{DOSSIER}/ke-hoach", "--ngay",
                              "20/03/2024", "--khong-pdf", "--thay-the"], cwd=clerk, env=env, capture_output=True,
                             text=True, check=False)
    assert crashed.returncode == -9
    assert cli(capsys, "verify", "--sua", "--khong-pdf")[0] == 0
    assert SENTENCE in body_text(clerk / "van-thu" / "2024" / "03-KH-UBND.docx")


# -- công văn đính chính -----------------------------------------------------------------------------

FIX = ("Tại dòng Nơi nhận, đã ghi «Các công chức có tên tại Thông báo»; nay đính chính là «Các công chức "
       "chuyên môn có tên tại Thông báo».")


def test_dinh_chinh_issues_a_letter_that_cites_the_document_and_notes_it(clerk, capsys):
    issue_two(capsys)
    code, out, err = cli(capsys, "dinh-chinh", "02/TB-UBND", "--ngay", "22/03/2024", "--noi-dung", FIX,
                         "--khong-pdf")
    assert code == 0, err
    assert "Đã ban hành công văn đính chính số 03/UBND-VP ngày 22/03/2024" in out
    letter, target = rows(clerk)[2], rows(clerk)[1]
    assert (str(letter.number), letter.type_name, letter.doc_id) == ("03/UBND-VP", "Công văn", None)
    assert letter.summary == "V/v đính chính Thông báo số 02/TB-UBND ngày 18/3/2024"
    assert letter.note == "Đính chính văn bản số 02/TB-UBND ngày 18/3/2024"
    assert target.note == "Đã đính chính bằng công văn số 03/UBND-VP ngày 22/3/2024"
    path = clerk / "van-thu" / letter.file_path
    band = [p.text for c in docx.Document(str(path)).tables[0].rows[1].cells for p in c.paragraphs]
    assert band == ["Số: 03/UBND-VP", letter.summary, "Sơn Giang, ngày 22 tháng 3 năm 2024"]
    text = body_text(path)
    assert text[0] == "Kính gửi:"
    assert any("ban hành Thông báo số 02/TB-UBND ngày 18/3/2024 của UBND xã Sơn Giang về phân công" in t for t in text)
    assert FIX in text and text[-1].endswith("biết và thực hiện./.")
    # Columns (5)/(6) of the row are the letter's own Nơi nhận, read back from the archived original.
    from docx_text import lines

    sent = lines(path)[lines(path).index("Nơi nhận:") + 1:]
    assert letter.recipients == ("Như trên", "Lưu: VT, VP")
    assert [t.strip("-;. ") for t in sent[:2]] == list(letter.recipients)
    from kehoach.lint import lint_docx

    assert [f for f in lint_docx(path) if f.is_error] == []
    assert cli(capsys, "verify")[0] == 0
    # The same correction again gives no second number.
    before = state(clerk)
    assert cli(capsys, "dinh-chinh", "02/TB-UBND", "--ngay", "22/03/2024", "--noi-dung", FIX, "--khong-pdf")[0] == 0
    assert state(clerk) == before


@pytest.mark.parametrize("args, words", [
    (("09/TB-UBND", "--noi-dung", FIX), "không có văn bản số 09/TB-UBND"),
    (("02/TB-UBND", "--noi-dung", " "), "Cần nội dung đính chính"),
    (("02/TB-UBND", "--noi-dung", FIX, "--ky-hieu", "VP"), "nhóm chữ viết tắt"),
    (("02/TB-UBND", "--noi-dung", FIX, "--ngay", "10/03/2024"), "không thể ký trước"),
])
def test_dinh_chinh_refusals_burn_no_number(clerk, capsys, args, words):
    issue_two(capsys)
    before = state(clerk)
    code, _, err = cli(capsys, "dinh-chinh", *args)
    assert code == 1 and words in err and "Traceback" not in err
    assert state(clerk) == before


def test_a_cancelled_document_is_not_corrected(clerk, capsys):
    issue_two(capsys)
    assert cli(capsys, "cancel", "--so", "02/TB-UBND", "--nam", "2024", "--ly-do", "Nhầm")[0] == 0
    code, _, err = cli(capsys, "dinh-chinh", "02/TB-UBND", "--ngay", "22/03/2024", "--noi-dung", FIX)
    assert code == 1 and "chỉ đính chính văn bản" in err


def test_the_letter_template_is_generated_and_checked(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_templates", os.path.join(REPO, "tools", "make_templates.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = tool.build_letter()
    assert built == Path(REPO, "templates", "cong-van.docx").read_bytes()
    from docxtpl import DocxTemplate

    from kehoach.documents.correction import CONTEXT_KEYS

    (tmp_path / "cv.docx").write_bytes(built)
    assert DocxTemplate(str(tmp_path / "cv.docx")).get_undeclared_template_variables() <= CONTEXT_KEYS
