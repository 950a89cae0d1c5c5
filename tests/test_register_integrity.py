"""Tamper evidence and the archive as second witness, against the small fake pipeline (test_issuing).

Each test damages the register or the archive the way issue 7 found it could be damaged — with
real SQLite statements and real file operations — and asserts what the clerk is told and that no
number can be given twice.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import stat
import types
from contextlib import closing
from pathlib import Path

import pytest
from filelock import FileLock
from test_issuing import BC, FAKE, KH, TB, _digest, fake_project, issue, verify

from kehoach.errors import KehoachError
from kehoach.register import archive, events, issuing, legacy, store, witness
from kehoach.register.store import (
    CANCELLED,
    ISSUED,
    PENDING,
    REPLACED,
    Register,
    Request,
)

D1, D2, D3, D4 = (dt.date(2024, 3, d) for d in (15, 16, 20, 25))


@pytest.fixture
def project(tmp_path):
    return fake_project(tmp_path)


def reg_path(project) -> Path:
    return issuing.register_path(project)


def db(project):
    return closing(sqlite3.connect(reg_path(project)))


def snapshot(project) -> tuple[dict, list]:
    """Every column of every row, and every event, of the project's register."""
    with Register(reg_path(project)) as reg:
        return reg.rows(), reg.events()


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def refused(fn, *args, **kw) -> str:
    with pytest.raises(KehoachError) as e:
        fn(*args, **kw)
    return "\n".join(str(p) for p in e.value.problems)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def two_issued(project):
    issue(project, KH, D1)
    issue(project, BC, D2)


# -- the log and its chain (pure) ------------------------------------------------------------------


def test_chain_names_an_edited_a_missing_and_a_reordered_event():
    log = [events.genesis("a" * 32)]
    for kind, data in [("cancel", {"row": 9, "reason": "x"}), ("cancel", {"row": 8, "reason": "y"})]:
        log.append(events.make_event(log[-1], kind, "2024-03-15T08:00:00", data))
    assert events.chain_faults(log) == []
    edited = log[:1] + [events.Event(**{**log[1].__dict__, "data": {"row": 9, "reason": "z"}})] + log[2:]
    assert events.chain_faults(edited) == [(2, "nội dung đã bị sửa sau khi ghi (mã băm không khớp)")]
    assert events.chain_faults([log[0], log[2]])[0][0] == 3
    assert events.chain_faults([log[0], log[2], log[1]])[0][0] == 3


def test_replay_refuses_an_event_that_cannot_follow():
    log = [events.genesis("a" * 32)]
    log.append(events.make_event(log[-1], "finish", None, {"row": 7, "file_path": "x", "file_sha256": "y",
                                                            "pdf_path": None, "pdf_sha256": None}))
    rows, faults = events.replay(log)
    assert rows == {} and faults == [(2, "lưu bản gốc một dòng không có trong sổ (dòng 7)")]


# -- every row has a witness beside its original ---------------------------------------------------


def test_each_original_has_a_witness_with_its_row_and_events(project):
    two_issued(project)
    root = project.settings.archive_dir
    data = json.loads((root / "2024" / "02-BC-UBND.json").read_text(encoding="utf-8"))
    rows, log = snapshot(project)
    assert data["row"] == rows[4]
    assert [e["kind"] for e in data["events"]] == ["reserve", "finish"]
    assert [e["hash"] for e in data["events"]] == [e.hash for e in log if e.row == 4]
    assert stat.S_IMODE((root / "2024" / "02-BC-UBND.json").stat().st_mode) == 0o444
    ident = json.loads((root / "kho-luu.json").read_text(encoding="utf-8"))
    assert ident["head"] == {"seq": log[-1].seq, "hash": log[-1].hash}
    # The data folder is bound to the archive, as is the register (its first event).
    assert ident["archive_id"] in (project.data_dir / "cau-hinh.yaml").read_text(encoding="utf-8")
    assert log[0].data == {"archive_id": ident["archive_id"]}


def test_rebuild_restores_every_column_every_event_cancellation_replacement_and_waiver(project):
    issue(project, KH, D1)
    issue(project, BC, D2)
    issuing.cancel(project, "Ký nhầm người ký", doc_id=BC)
    (project.data_dir / f"{KH}.txt").write_text("Sửa nội dung\n", encoding="utf-8")
    issue(project, KH, D3, replace=True)
    (project.data_dir / f"{KH}.txt").write_text("Sửa câu chữ\n", encoding="utf-8")
    issuing.waive(project, KH, "Chỉ sửa lỗi chính tả trong dữ liệu, văn bản đã ban hành vẫn đúng", builder=FAKE)
    rows, log = snapshot(project)
    reg_path(project).unlink()

    assert "--dung-lai" in refused(issue, project, TB, D4)
    done = issuing.rebuild(project)
    assert (len(done.entries), done.events, done.set_aside) == (3, len(log), [])
    again_rows, again_log = snapshot(project)
    assert again_rows == rows  # every column of every row
    assert again_log == log  # every event: seq, kind, time, data, previous hash, hash
    assert events.chain_faults(again_log) == []
    with Register(reg_path(project)) as reg:
        assert reg.faults() == []
        states = {str(e.number): e.state for e in reg.entries()}
    assert states == {"01/KH-UBND": REPLACED, "02/BC-UBND": CANCELLED, "03/KH-UBND": ISSUED}
    assert verify(project) == []
    assert issuing.changed_since_issue(project, FAKE) == []  # the waiver survived
    assert str(issue(project, TB, D4).number) == "04/TB-UBND"


def test_rebuild_keeps_a_crashed_pending_row_and_its_number(project):
    issue(project, KH, D1)
    with Register(reg_path(project)) as reg:
        pending = reg.reserve(Request(BC, "BC", "BC-UBND", "Báo cáo", "x", "y", ("Lưu: VT",), D2,
                                      _digest(project, BC)), "chung")
        witness.catch_up(project.settings.archive_dir, reg, witness.read_identity(project.settings.archive_dir))
    reg_path(project).unlink()
    issuing.rebuild(project)
    assert [(str(e.number), e.state) for e, _ in issuing.register_rows(project, 2024)] == [
        ("01/KH-UBND", ISSUED), ("02/BC-UBND", PENDING)]
    assert pending.rowid == 4
    assert verify(project, repair=True) == []
    assert str(issue(project, TB, D3).number) == "03/TB-UBND"


def test_rebuild_is_refused_when_the_register_is_sound(project):
    two_issued(project)
    assert "không cần dựng lại" in refused(issuing.rebuild, project)


def test_rebuild_sets_a_broken_register_aside_instead_of_deleting_it(project):
    two_issued(project)
    rows, _ = snapshot(project)
    reg_path(project).write_bytes(b"not a database at all")
    done = issuing.rebuild(project)
    (aside,) = done.set_aside
    assert aside.read_bytes() == b"not a database at all" and aside.name.startswith(archive.REGISTER_FILE + ".hong-")
    assert snapshot(project)[0] == rows
    assert verify(project) == []  # the set-aside file is kehoach's own, not a stray


def test_rebuild_names_a_missing_witness_rather_than_guessing(project):
    two_issued(project)
    issue(project, TB, D3)
    root = project.settings.archive_dir
    archive.remove_file(root / "2024" / "02-BC-UBND.json")
    reg_path(project).unlink()
    message = refused(issuing.rebuild, project)
    assert "02-BC-UBND" not in message and "sự kiện số 4 thiếu" in message
    assert not reg_path(project).exists()


# -- a register that is not the archive's, or older than it, is never numbered from ---------------


def test_register_restored_from_an_older_copy_is_refused(project):
    issue(project, KH, D1)
    old = reg_path(project).read_bytes()
    issue(project, BC, D2)
    reg_path(project).write_bytes(old)
    before = files(project.settings.archive_dir)
    message = refused(issue, project, TB, D3)
    assert "sổ cũ hơn kho lưu" in message and "2024/02-BC-UBND.json" in message and "--dung-lai" in message
    assert files(project.settings.archive_dir) == before
    issuing.rebuild(project)
    assert str(issue(project, TB, D3).number) == "03/TB-UBND"


def test_a_lost_last_cancellation_is_noticed(project):
    two_issued(project)
    old = reg_path(project).read_bytes()
    issuing.cancel(project, "Sai thẩm quyền", doc_id=BC)
    reg_path(project).write_bytes(old)
    assert "kho lưu đã ghi đến sự kiện 6, sổ chỉ có đến sự kiện 5" in refused(issuing.current_issues, project)
    issuing.rebuild(project)
    assert [e.state for e, _ in issuing.register_rows(project, 2024)] == [ISSUED, CANCELLED]


def test_another_archives_register_is_refused(project, tmp_path):
    two_issued(project)
    other = fake_project(tmp_path / "khac")
    issue(other, KH, D1)
    shutil.copy(reg_path(other), reg_path(project))
    message = refused(issue, project, TB, D3)
    assert "sổ này thuộc kho lưu mã" in message and "kho-luu.json" in message


def test_another_archives_register_with_the_same_numbers_is_refused_even_without_the_id_file(project, tmp_path):
    two_issued(project)
    other = fake_project(tmp_path / "khac")
    two_issued(other)  # same numbers, same file names: only the archive id tells them apart
    shutil.copy(reg_path(other), reg_path(project))
    (project.settings.archive_dir / "kho-luu.json").unlink()
    before = files(project.settings.archive_dir)
    assert "thuộc kho lưu mã" in refused(issue, project, TB, D3)
    assert files(project.settings.archive_dir) == before


def test_pointing_the_archive_elsewhere_never_restarts_numbering(project):
    two_issued(project)
    moved = fake_project(project.data_dir.parent)
    moved.settings.archive_dir = project.data_dir.parent / "kho-moi"
    message = refused(issue, moved, TB, D3)
    assert "không có sổ đăng ký và kho lưu đó" in message
    assert "kho-moi" in message and "ma_kho_luu" in message
    assert not moved.settings.archive_dir.exists() or not any(moved.settings.archive_dir.iterdir())
    # Readers refuse too: a build would otherwise show the issued plan as a draft.
    assert "ma_kho_luu" in refused(issuing.current_issues, moved)


def test_data_bound_to_another_archive_is_refused(project, tmp_path):
    two_issued(project)
    other = fake_project(tmp_path / "khac")
    issue(other, KH, D1)
    shutil.copy(other.data_dir / "cau-hinh.yaml", project.data_dir / "cau-hinh.yaml")
    assert "thu_muc_luu đang trỏ sang kho lưu khác" in refused(issue, project, TB, D3)


# -- tamper evidence ----------------------------------------------------------------------------


@pytest.mark.parametrize("sql, column", [
    ("UPDATE entries SET summary = 'Trích yếu khác' WHERE number = 2", "trích yếu"),
    ("UPDATE entries SET issue_date = '2024-03-17' WHERE number = 2", "ngày văn bản"),
    ("UPDATE entries SET signer = 'Người khác' WHERE number = 2", "người ký"),
    ("UPDATE entries SET state = 'da_huy', cancel_reason = 'x' WHERE number = 2", "trạng thái"),
    ("UPDATE entries SET number = 3 WHERE number = 2", "số"),
])
def test_a_row_edited_in_the_database_is_named_and_refused(project, sql, column):
    two_issued(project)
    with db(project) as conn, conn:
        conn.execute(sql)
    found = messages(verify(project))
    assert any("02/BC-UBND ngày 16/3/2024 đã bị sửa ngoài kehoach" in m and f"{column}:" in m for m in found), found
    assert any("đã bị sửa" in m for m in found)
    message = refused(issue, project, TB, D3)
    assert "đã bị sửa ngoài kehoach" in message and "--dung-lai" in message


def test_a_deleted_row_and_an_added_row_are_named(project):
    two_issued(project)
    with db(project) as conn, conn:
        conn.execute("DELETE FROM entries WHERE number = 2")
        conn.execute("INSERT INTO entries SELECT 99, year, series, 7, code, issue_date, 'khac', state, type_name,"
                     " summary, signer, recipients, copy_holder, copies, sent_date, received_by, note, NULL,"
                     " cancel_reason, input_sha256, data_sha256, template_sha256, file_path || '7', file_sha256,"
                     " pdf_path, pdf_sha256, waived_data_sha256, waived_template_sha256, waive_reason, last_event"
                     " FROM entries WHERE number = 1")
    found = messages(verify(project))
    assert any("02/BC-UBND ngày 16/3/2024 có trong nhật ký nhưng đã bị xóa" in m for m in found), found
    assert any("07/KH-UBND ngày 15/3/2024 không có trong nhật ký" in m for m in found), found


def test_an_edited_event_breaks_the_chain_at_that_event(project):
    two_issued(project)
    with db(project) as conn, conn:
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET data = replace(data, 'Cải cách', 'Cai cach') WHERE seq = 4")
    found = messages(verify(project))
    assert any("sự kiện 4 (cấp số): nội dung đã bị sửa" in m for m in found), found


def test_the_log_refuses_edits_by_mistake(project):
    two_issued(project)
    with db(project) as conn, pytest.raises(sqlite3.IntegrityError, match="chi duoc ghi them"):
        conn.execute("DELETE FROM events WHERE seq = 5")


def test_a_consistent_forgery_is_caught_by_the_archive(project):
    """Rewrite an event and re-hash the whole chain (what a careful forger does): the witnesses disagree."""
    two_issued(project)
    with Register(reg_path(project)) as reg:
        log = reg.events()
    forged = [log[0]]
    for e in log[1:]:
        data = {**e.data, "signer": "Người khác"} if e.seq == 4 else e.data
        forged.append(events.make_event(forged[-1], e.kind, e.at, data))
    with db(project) as conn, conn:
        conn.execute("DROP TRIGGER events_no_update")
        for e in forged:
            conn.execute("UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                         (events.canonical(e.data), e.prev, e.hash, e.seq))
        conn.execute("UPDATE entries SET signer = 'Người khác' WHERE number = 2")
    found = messages(verify(project))
    assert any("02/BC-UBND" in m and "sổ và bản chứng" in m and "ghi khác nhau" in m for m in found), found
    assert "sổ đã bị thay bằng sổ khác hoặc bị sửa" in refused(issue, project, TB, D3)


def test_a_stray_file_anywhere_in_the_archive_is_named(project):
    issue(project, KH, D1)
    root = project.settings.archive_dir
    (root / "ghi-chu.txt").write_text("x", encoding="utf-8")
    (root / "cu" / "2023").mkdir(parents=True)
    (root / "cu" / "2023" / "01-KH-UBND.docx").write_bytes(b"x")
    (root / "2024" / "Thumbs.db").write_bytes(b"x")  # Windows' own, not the clerk's
    found = messages(verify(project))
    assert any("ghi-chu.txt nằm trong kho lưu" in m for m in found)
    assert any("cu/2023/01-KH-UBND.docx nằm trong kho lưu" in m for m in found)
    assert not any("Thumbs.db" in m for m in found)


def test_a_deleted_witness_is_written_again_by_verify_sua(project):
    two_issued(project)
    root = project.settings.archive_dir
    before = (root / "2024" / "01-KH-UBND.json").read_bytes()
    archive.remove_file(root / "2024" / "01-KH-UBND.json")
    assert any("thiếu bản chứng" in m and "--sua" in m for m in messages(verify(project)))
    assert verify(project, repair=True) == []
    assert (root / "2024" / "01-KH-UBND.json").read_bytes() == before


def test_verify_sua_never_overwrites_a_witness_that_disagrees(project):
    two_issued(project)
    path = project.settings.archive_dir / "2024" / "01-KH-UBND.json"
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace("Nguyễn Đức Thắng", "Người khác"), encoding="utf-8")
    tampered = path.read_bytes()
    assert any("ghi khác nhau" in m for m in messages(verify(project, repair=True)))
    assert path.read_bytes() == tampered


# -- validate before reserving ---------------------------------------------------------------------


@pytest.mark.parametrize("type_code, words", [
    ("K\0H", "ký tự điều khiển (mã U+0000)"),
    ("K" * 295, "dài 300 ký tự, quá 30 ký tự"),
    ("K/H", "dấu “/”"),
    ("K H", "dấu cách"),
    ("KH:", "chỉ được có chữ cái, chữ số"),
])
def test_a_bad_ky_hieu_is_refused_before_any_number(project, type_code, words):
    import dataclasses

    docs = project.dossiers[0].documents
    docs[0] = dataclasses.replace(docs[0], type_code=type_code)
    message = refused(issue, project, KH, D1)
    assert words in message and "chưa số nào được cấp" in message
    assert "\0" not in message
    assert not issuing.register_path(project).exists()


def test_verify_sua_reports_a_pending_row_with_a_bad_ky_hieu_instead_of_crashing(project):
    issue(project, KH, D1)
    with Register(reg_path(project)) as reg:
        reg.reserve(Request(BC, "BC", "BC-U\0BND", "Báo cáo", "x", "y", ("Lưu: VT",), D2, "0" * 64), "chung")
    found = messages(verify(project, repair=True))
    assert any("02/BC-U" in m and "bị ngắt" in m for m in found), found


def test_a_full_archive_drive_is_refused_before_any_number(project, monkeypatch):
    monkeypatch.setattr(archive, "MIN_FREE_BYTES", 1 << 62)
    message = refused(issue, project, KH, D1)
    assert "MB trống" in message and "chưa số nào được cấp" in message
    with Register(reg_path(project)) as reg:
        assert reg.entries() == []


def test_an_unwritable_archive_folder_is_refused_before_any_number(project):
    (project.settings.archive_dir).mkdir(parents=True)
    (project.settings.archive_dir / "2024").write_bytes(b"a file where the year folder goes")
    message = refused(issue, project, KH, D1)
    assert "không ghi được" in message and "chưa số nào được cấp" in message
    with Register(reg_path(project)) as reg:
        assert reg.entries() == []


def test_the_number_and_date_are_said_before_they_are_taken(project):
    said = []
    issuing.issue(project, KH, D1, builder=FAKE, make_pdf=False, say=said.append)
    assert said[0] == "Văn bản xa-2024/ke-hoach sẽ nhận số 01/KH-UBND, ngày 15/03/2024."


def test_a_date_refusal_comes_before_the_number_is_announced(project):
    issue(project, KH, D3)
    said = []
    with pytest.raises(KehoachError, match="sớm hơn"):
        issuing.issue(project, BC, D1, builder=FAKE, make_pdf=False, say=said.append)
    assert not any("sẽ nhận số" in m for m in said)


# -- locks ------------------------------------------------------------------------------------


def test_archive_locked_longer_than_the_timeout_is_a_message(project, monkeypatch):
    issue(project, KH, D1)
    monkeypatch.setattr(issuing, "LOCK_TIMEOUT", 0.05)
    with FileLock(project.settings.archive_dir / archive.LOCK_FILE):
        message = refused(issue, project, BC, D2)
    assert "đang bị một lệnh khác giữ quá 0.05 giây" in message and "chưa có gì thay đổi" in message


def test_register_locked_by_another_program_is_a_message(project, monkeypatch):
    issue(project, KH, D1)
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.05)
    with closing(sqlite3.connect(reg_path(project), isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        message = refused(issue, project, BC, D2)
        other.execute("ROLLBACK")
    assert "đang bị một chương trình khác giữ quá 0.05 giây" in message
    assert str(issue(project, BC, D2).number) == "02/BC-UBND"


# -- settled warnings -----------------------------------------------------------------------------


def test_changed_data_or_template_is_named_and_can_be_settled(project):
    issue(project, KH, D1)
    (project.data_dir / f"{KH}.txt").write_text("Sửa\n", encoding="utf-8")
    (warning,) = issuing.changed_since_issue(project, FAKE)
    assert "nhưng dữ liệu của nó đã thay đổi" in warning.message and "kehoach bo-qua" in warning.message
    issuing.waive(project, KH, "Sửa lỗi gõ trong dữ liệu", builder=FAKE)
    assert issuing.changed_since_issue(project, FAKE) == []
    with pytest.raises(KehoachError, match="không thay đổi"):
        issuing.waive(project, KH, "lần nữa", builder=FAKE)
    (project.data_dir / "mau.txt").write_text("mẫu mới", encoding="utf-8")
    (warning,) = issuing.changed_since_issue(project, FAKE)
    assert "nhưng mẫu văn bản của nó đã thay đổi" in warning.message
    (e, _), = issuing.register_rows(project, 2024)
    assert e.waive_reason == "Sửa lỗi gõ trong dữ liệu"


# -- Windows ---------------------------------------------------------------------------------------


def fake_os(name: str):
    """The os module as kehoach's archive code sees it on Windows (`nt`), or on a POSIX drive without hard links."""
    import os

    fake = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    fake.name = name

    def link(src, dst):
        raise OSError(1, "Operation not permitted")  # what vfat answers; Windows never gets here

    fake.link = link
    return fake


@pytest.mark.parametrize("system, mode", [("nt", stat.S_IREAD), ("posix", 0o444)])
def test_issue_cancel_verify_rebuild_with_windows_or_fat_file_rules(project, monkeypatch, system, mode):
    monkeypatch.setattr(archive, "os", fake_os(system))
    two_issued(project)
    original = project.settings.archive_dir / "2024" / "01-KH-UBND.docx"
    assert stat.S_IMODE(original.stat().st_mode) == mode  # S_IREAD: what os.chmod sets on Windows
    issuing.cancel(project, "Nhầm", doc_id=BC)
    assert verify(project) == []
    rows, _ = snapshot(project)
    reg_path(project).unlink()
    issuing.rebuild(project)
    assert snapshot(project)[0] == rows
    assert str(issue(project, TB, D3).number) == "03/TB-UBND"
    assert verify(project) == []
    assert not list(project.settings.archive_dir.rglob(".tmp-*"))


def test_archive_names_are_ascii_and_short_for_ntfs():
    from kehoach.rules.numbering import DocNumber, Issue

    rel = archive.relative_path(Issue(DocNumber(125, "QĐ-UBND"), D1), ".docx")
    assert rel == "2024/125-QD-UBND.docx" and rel.isascii()
    longest = archive.relative_path(Issue(DocNumber(9999, "Q" * 30), D1), ".docx")
    assert len(longest.split("/")[1]) <= 50 and ":" not in longest


# -- a register from before the log is upgraded, never dropped ------------------------------------

V1_SCHEMA = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, year INTEGER NOT NULL, series TEXT NOT NULL, number INTEGER NOT NULL,
    code TEXT NOT NULL, issue_date TEXT NOT NULL, doc_id TEXT NOT NULL, state TEXT NOT NULL,
    type_name TEXT NOT NULL, summary TEXT NOT NULL, signer TEXT NOT NULL, recipients TEXT NOT NULL,
    copy_holder TEXT NOT NULL, copies INTEGER NOT NULL, sent_date TEXT, received_by TEXT,
    note TEXT NOT NULL DEFAULT '', replaces INTEGER REFERENCES entries(id) UNIQUE, cancel_reason TEXT,
    input_sha256 TEXT NOT NULL, file_path TEXT, file_sha256 TEXT, pdf_path TEXT, pdf_sha256 TEXT
);
PRAGMA user_version = 1;
"""


def test_a_schema_1_register_is_upgraded_by_dung_lai_keeping_every_row(project):
    root = project.settings.archive_dir
    (root / "2024").mkdir(parents=True)
    digests = {}
    for name in ("01-KH-UBND.docx", "03-KH-UBND.docx"):
        (root / "2024" / name).write_bytes(name.encode())
        archive.make_read_only(root / "2024" / name)
        digests[name] = archive.sha256_file(root / "2024" / name)
    common = ("Kế hoạch", "CCHC năm 2024", "Nguyễn Đức Thắng", "UBND huyện\nLưu: VT", "Văn thư (VT)", 2)
    with closing(sqlite3.connect(root / archive.REGISTER_FILE)) as conn, conn:
        conn.executescript(V1_SCHEMA)
        conn.executemany("INSERT INTO entries VALUES (?, 2024, 'chung', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL,"
                         " ?, ?, ?, ?, ?, ?, NULL, NULL)", [
            (1, 1, "KH-UBND", "2024-03-15", KH, REPLACED, *common, "", None, None, "a" * 64,
             "2024/01-KH-UBND.docx", digests["01-KH-UBND.docx"]),
            (2, 2, "BC-UBND", "2024-03-16", BC, CANCELLED, *common, "", None, "Nhầm", "b" * 64, None, None),
            (3, 3, "KH-UBND", "2024-03-20", KH, ISSUED, *common, "Thay thế văn bản số 01/KH-UBND ngày 15/3/2024", 1,
             None, "c" * 64, "2024/03-KH-UBND.docx", digests["03-KH-UBND.docx"]),
        ])
    assert "lược đồ cũ (1)" in refused(issue, project, TB, D4)
    done = issuing.rebuild(project)
    (aside,) = done.set_aside  # the old file is kept, under another name
    assert aside.name.startswith(f"{archive.REGISTER_FILE}.hong-") and legacy.schema_version(aside) == 1
    rows = [(str(e.number), e.state, e.replaces is not None, e.cancel_reason, e.input_sha256[:1])
            for e, _ in issuing.register_rows(project, 2024)]
    assert rows == [("01/KH-UBND", REPLACED, False, None, "a"), ("02/BC-UBND", CANCELLED, False, "Nhầm", "b"),
                    ("03/KH-UBND", ISSUED, True, None, "c")]
    assert verify(project) == []
    assert sorted(p.name for p in (root / "2024").glob("*.json")) == ["01-KH-UBND.json", "02-BC-UBND.json",
                                                                      "03-KH-UBND.json"]
    assert str(issue(project, TB, D4).number) == "04/TB-UBND"


# -- random damage: always the one user error, never a traceback ---------------------------------


def test_random_damage_to_the_register_or_a_witness_is_always_a_message(tmp_path):
    """Flip or cut bytes of the register or a witness; every command answers or refuses (KEHOACH_FUZZ=1000: more)."""
    import random

    base = tmp_path / "base"
    project = fake_project(base)
    two_issued(project)
    issuing.cancel(project, "Nhầm", doc_id=BC)
    outcomes = {"ok": 0, "refused": 0}
    for seed in range(int(os.environ.get("KEHOACH_FUZZ", "25"))):
        rnd = random.Random(seed)
        root = tmp_path / f"r{seed}"
        shutil.copytree(base, root)
        copy = fake_project(root)
        target = rnd.choice([reg_path(copy), *sorted(copy.settings.archive_dir.rglob("*.json"))])
        data = bytearray(target.read_bytes())
        if rnd.random() < 0.3:
            del data[rnd.randrange(len(data)):]
        else:
            for _ in range(rnd.randint(1, 8)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        target.chmod(0o644)
        target.write_bytes(bytes(data))
        steps = (issuing.current_issues, verify, lambda p: verify(p, repair=True), issuing.rebuild,
                 lambda p: issue(p, TB, D3))
        for step in steps:
            try:
                step(copy)
                outcomes["ok"] += 1
            except KehoachError as e:
                assert e.problems and all(str(p) for p in e.problems)
                outcomes["refused"] += 1
    assert outcomes["refused"] > 0
