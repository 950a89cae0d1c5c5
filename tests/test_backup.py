"""`sao-luu` writes one dated, checked zip of the register and every original; `khoi-phuc` brings back what is
missing or damaged, never overwriting a sound original; `verify` names the newest backup with a good copy."""
from __future__ import annotations

import datetime as dt
import json
import stat
import zipfile

import pytest
from register_cli import DOSSIER, cli, issue_two, rows, state

from kehoach.cli.intake import register_project
from kehoach.register import backup

YESTERDAY = dt.datetime(2024, 3, 18, 17, 30)


def project_of(clerk):
    class Args:
        data = clerk / "data"

    return register_project(Args)


def make_backup(clerk, when=YESTERDAY, target=None):
    return backup.write_backup(project_of(clerk), target, now=when)[0]


def test_acceptance_delete_an_original_corrupt_the_register_restore_from_yesterday(clerk, capsys):
    issue_two(capsys)
    saved = make_backup(clerk)
    assert saved.name == "kehoach-sao-luu-20240318-173000.zip" and saved.parent == clerk / "sao-luu"
    # Today: one more document, then the damage.
    assert cli(capsys, "issue", f"{DOSSIER}/bao-cao-quy-1", "--ngay", "25/03/2024", "--khong-pdf")[0] == 0
    archive = clerk / "van-thu"
    original = archive / "2024" / "01-KH-UBND.docx"
    kept = original.read_bytes()
    original.chmod(0o644)
    original.unlink()
    register = archive / "so-dang-ky-van-ban-di.sqlite3"
    with open(register, "r+b") as fh:
        fh.write(b"this is not a database")
    code, _, err = cli(capsys, "verify")
    assert code == 1 and f"Bản sao lưu gần nhất có sổ đăng ký tốt: {saved}" in err
    code, out, err = cli(capsys, "khoi-phuc", saved)
    assert code == 0, err
    assert "khôi phục từ bản sao lưu" in out and "nối thêm 2 sự kiện" in out  # today's issue, from the witnesses
    assert "Đã khôi phục: 2024/01-KH-UBND.docx" in out
    assert original.read_bytes() == kept and stat.S_IMODE(original.stat().st_mode) == 0o444
    assert cli(capsys, "verify")[0] == 0
    assert [str(e.number) for e in rows(clerk)] == ["01/KH-UBND", "02/TB-UBND", "03/BC-UBND"]
    assert cli(capsys, "issue", f"{DOSSIER}/bao-cao-6-thang", "--ngay", "20/06/2024", "--khong-pdf")[0] == 0
    assert str(rows(clerk)[-1].number) == "04/BC-UBND"
    # The damaged register was kept beside, not deleted.
    assert any(p.name.startswith("so-dang-ky-van-ban-di.sqlite3.hong-") for p in archive.iterdir())


def test_a_backup_holds_every_file_with_its_hash_and_reads_back(clerk, capsys):
    issue_two(capsys)
    code, out, err = cli(capsys, "sao-luu")
    assert code == 0, err
    assert "đã đọc lại và kiểm tra mã băm từng tệp" in out
    (path,) = (clerk / "sao-luu").glob("kehoach-sao-luu-*.zip")
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        names = set(z.namelist())
    assert {"van-thu/2024/01-KH-UBND.docx", "van-thu/2024/01-KH-UBND.json", "van-thu/kho-luu.json",
            "van-thu/so-dang-ky-van-ban-di.sqlite3"} <= names
    assert not any(".ban-hanh.lock" in n or "-wal" in n for n in names)
    assert set(manifest["files"]) == {n.removeprefix("van-thu/") for n in names - {"manifest.json"}}
    assert backup.read_backup(path).head_seq == 5
    assert not list((clerk / "sao-luu").glob(".tmp-*"))


def test_a_backup_never_replaces_another_and_never_goes_inside_the_archive(clerk, capsys):
    issue_two(capsys)
    first = make_backup(clerk)
    second = make_backup(clerk)
    assert second.name == "kehoach-sao-luu-20240318-173000-2.zip" and first.exists()
    code, _, err = cli(capsys, "sao-luu", clerk / "van-thu" / "x")
    assert code == 1 and "Không ghi bản sao lưu vào trong kho lưu" in err


def test_a_broken_register_is_not_backed_up(clerk, capsys):
    issue_two(capsys)
    (clerk / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").write_bytes(b"")
    code, _, err = cli(capsys, "sao-luu")
    assert code == 1 and "rỗng" in err
    assert not list(clerk.glob("sao-luu/*.zip"))


def test_a_damaged_original_is_set_aside_and_a_sound_one_is_never_overwritten(clerk, capsys):
    issue_two(capsys)
    saved = make_backup(clerk)
    damaged = clerk / "van-thu" / "2024" / "02-TB-UBND.docx"
    damaged.chmod(0o644)
    damaged.write_bytes(b"hong")
    sound = clerk / "van-thu" / "2024" / "01-KH-UBND.docx"
    before = (sound.read_bytes(), sound.stat().st_mtime_ns, sound.stat().st_ino)
    code, _, err = cli(capsys, "verify")
    assert code == 1 and f"Bản sao lưu gần nhất có bản đúng của 2024/02-TB-UBND.docx: {saved}" in err
    code, out, err = cli(capsys, "khoi-phuc", saved)
    assert code == 0, err
    assert "sổ đăng ký hiện tại còn nguyên vẹn" in out and "Đã khôi phục: 2024/02-TB-UBND.docx" in out
    assert (sound.read_bytes(), sound.stat().st_mtime_ns, sound.stat().st_ino) == before
    aside = next(clerk.glob("khoi-phuc-*/2024/02-TB-UBND.docx"))
    assert aside.read_bytes() == b"hong"
    assert cli(capsys, "verify")[0] == 0


def test_a_newer_sound_register_is_kept(clerk, capsys):
    issue_two(capsys)
    saved = make_backup(clerk)
    assert cli(capsys, "chuyen", "02/TB-UBND", "--ngay", "19/03/2024", "--ky-nhan", "A")[0] == 0
    before = state(clerk)
    code, out, _ = cli(capsys, "khoi-phuc", saved)
    assert code == 0 and "giữ nguyên" in out
    assert state(clerk) == before


def test_a_lost_register_and_lost_witnesses_come_back_together(clerk, capsys):
    issue_two(capsys)
    saved = make_backup(clerk)
    (clerk / "van-thu" / "so-dang-ky-van-ban-di.sqlite3").unlink()
    for w in (clerk / "van-thu" / "2024").glob("*.json"):
        w.chmod(0o644)
        w.unlink()
    assert cli(capsys, "verify", "--dung-lai")[0] == 1  # the archive alone cannot rebuild it any more
    code, _, err = cli(capsys, "khoi-phuc", saved)
    assert code == 0, err
    assert (clerk / "van-thu" / "2024" / "02-TB-UBND.json").exists()
    assert cli(capsys, "verify")[0] == 0


def test_a_damaged_backup_is_refused_and_nothing_changes(clerk, capsys, tmp_path):
    issue_two(capsys)
    saved = make_backup(clerk)
    broken = tmp_path / "hong.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"x" + data if info.filename.endswith("01-KH-UBND.docx") else data)
    (clerk / "van-thu" / "2024" / "01-KH-UBND.docx").chmod(0o644)
    (clerk / "van-thu" / "2024" / "01-KH-UBND.docx").unlink()
    before = state(clerk)
    code, _, err = cli(capsys, "khoi-phuc", broken)
    assert code == 1 and "01-KH-UBND.docx trong bản sao lưu bị hỏng" in err and "Traceback" not in err
    assert state(clerk) == before
    (tmp_path / "rac.zip").write_bytes(b"rac")
    code, _, err = cli(capsys, "khoi-phuc", tmp_path / "rac.zip")
    assert code == 1 and "không phải bản sao lưu" in err


def test_another_archives_backup_is_refused(clerk, capsys, tmp_path):
    issue_two(capsys)
    saved = make_backup(clerk)
    other = tmp_path / "xa-khac"
    (other / "data").mkdir(parents=True)
    assert cli(capsys, "vao-so", "--data", other / "data", "--so", "01/QĐ-UBND", "--ngay", "02/01/2024",
               "--trich-yeu", "Về việc A", "--nguoi-ky", "B")[0] == 0
    before = state(other)
    code, _, err = cli(capsys, "khoi-phuc", "--data", other / "data", saved)
    assert code == 1 and "không phải của kho lưu này" in err
    assert state(other) == before


@pytest.mark.parametrize("missing", ["backup", "none"])
def test_verify_says_when_no_backup_holds_it(clerk, capsys, missing):
    issue_two(capsys)
    if missing == "backup":
        make_backup(clerk)
        (clerk / "sao-luu" / "kehoach-sao-luu-20240318-173000.zip").unlink()
    original = clerk / "van-thu" / "2024" / "01-KH-UBND.docx"
    original.chmod(0o644)
    original.unlink()
    code, _, err = cli(capsys, "verify")
    assert code == 1 and "Chưa có bản sao lưu nào" in err


def test_an_original_newer_than_the_backup_is_named_when_it_cannot_be_restored(clerk, capsys):
    """khoi-phuc after the backup missed an issue: the lost original is named as a file, no traceback."""
    assert cli(capsys, "issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf")[0] == 0
    saved = make_backup(clerk)
    assert cli(capsys, "issue", f"{DOSSIER}/thong-bao-phan-cong", "--ngay", "18/03/2024", "--khong-pdf")[0] == 0
    lost = clerk / "van-thu" / "2024" / "02-TB-UBND.docx"
    lost.chmod(0o644)
    lost.unlink()
    code, _, err = cli(capsys, "khoi-phuc", saved)
    assert code == 1 and "Traceback" not in err
    assert f"{lost}: bản sao lưu không có bản đúng của tệp này" in err


def test_a_kehoach_error_given_plain_strings_holds_problems():
    from kehoach.errors import KehoachError, Problem, in_reading_order

    error = KehoachError(["không có tệp", Problem("hỏng", file="a.docx")])
    assert [p.message for p in in_reading_order(error.problems)] == ["hỏng", "không có tệp"]
    assert all(isinstance(p, Problem) for p in error.problems)
