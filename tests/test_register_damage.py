"""Issue 7's register failures through the real CLI on a copy of the seed: each damage refused by every
command with a message naming the file and the way out, nothing changed on disk, and `verify --dung-lai`
bringing back the very register that was lost."""
from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import REPO, SEED, mark_as_real

from kehoach.cli.main import main
from kehoach.errors import KehoachError
from kehoach.pipeline import load_project
from kehoach.register import events, issuing
from kehoach.register.archive import REGISTER_FILE
from kehoach.register.store import Register

DOSSIER = SEED.name
PLAN, NOTICE, REPORT = (f"{DOSSIER}/{d}" for d in ("ke-hoach", "thong-bao-phan-cong", "bao-cao-quy-1"))


def cli(capsys, root: Path, *args) -> tuple[int, str, str]:
    code = main(["--data", str(root / "data"), "--out", str(root / "out"), *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def make_seed(root: Path) -> None:
    shutil.copytree(SEED, root / "data" / DOSSIER)
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.md"))
    mark_as_real(root / "data" / DOSSIER)


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    """A seed project with the plan (01) and the notice (02) issued; `old.sqlite3` is the register after 01."""
    root = tmp_path_factory.mktemp("issued")
    make_seed(root)
    assert main(["--data", str(root / "data"), "issue", PLAN, "--ngay", "15/03/2024", "--khong-pdf"]) == 0
    shutil.copy(root / "van-thu" / REGISTER_FILE, root / "old.sqlite3")
    assert main(["--data", str(root / "data"), "issue", NOTICE, "--ngay", "18/03/2024", "--khong-pdf"]) == 0
    other = tmp_path_factory.mktemp("other")
    make_seed(other)
    assert main(["--data", str(other / "data"), "issue", PLAN, "--ngay", "15/03/2024", "--khong-pdf"]) == 0
    shutil.copy(other / "van-thu" / REGISTER_FILE, root / "other.sqlite3")
    return root


@pytest.fixture
def project(issued, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(issued, root)
    return root


def state(root: Path) -> dict[str, bytes]:
    """Every file of the data and the archive, byte for byte (what a refused command must leave alone)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for top in ("data", "van-thu", "out") if (root / top).exists() for p in sorted((root / top).rglob("*"))}


def snapshot(root: Path) -> tuple[dict, list]:
    with Register(root / "van-thu" / REGISTER_FILE) as reg:
        return reg.rows(), reg.events()


def damage(root: Path, how: str) -> None:
    path = root / "van-thu" / REGISTER_FILE
    if how == "xoa":
        path.unlink()
    elif how == "rong":
        path.write_bytes(b"")
    elif how == "cat-ngan":
        data = path.read_bytes()
        assert len(data) > 8192
        path.write_bytes(data[:8192])
    elif how == "hong":
        path.write_bytes(b"day khong phai so dang ky\n" * 40)
    elif how == "thu-muc":
        path.unlink()
        path.mkdir()
    elif how == "sai-luoc-do":
        path.unlink()
        with closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE ghi_chu (noi_dung TEXT)")
            db.commit()
    elif how == "mat-dong-cuoi":
        shutil.copy(root / "old.sqlite3", path)
    elif how == "so-khac":
        shutil.copy(root / "other.sqlite3", path)
    else:
        raise AssertionError(how)


DAMAGES = ["xoa", "rong", "cat-ngan", "hong", "thu-muc", "sai-luoc-do", "mat-dong-cuoi", "so-khac"]
WORDS = {"xoa": "Không có sổ đăng ký", "rong": "rỗng (0 byte)", "cat-ngan": "bị hỏng",
         "hong": "không phải tệp cơ sở dữ liệu SQLite", "thu-muc": "là một thư mục",
         "sai-luoc-do": "không phải sổ đăng ký của kehoach", "mat-dong-cuoi": "sổ cũ hơn kho lưu",
         "so-khac": "sổ này thuộc kho lưu mã"}
COMMANDS = {
    "issue": ("issue", REPORT, "--ngay", "20/03/2024", "--khong-pdf"),
    "build": ("build",),
    "list": ("list",),
    "register": ("register", "--nam", "2024"),
    "cancel": ("cancel", "--so", "01/KH-UBND", "--nam", "2024", "--ly-do", "Nhầm"),
    "verify": ("verify",),
    "verify --sua": ("verify", "--sua", "--khong-pdf"),
    "bo-qua": ("bo-qua", PLAN, "--ly-do", "Không đổi"),
}


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("command", ["issue", "build", "list"])
def test_a_damaged_register_is_refused_and_nothing_changes(project, capsys, how, command):
    damage(project, how)
    before = state(project)
    code, out, err = cli(capsys, project, *COMMANDS[command])
    assert code == 1, out
    assert WORDS[how] in err and REGISTER_FILE in err and "kehoach verify --dung-lai" in err, err
    assert "Traceback" not in err
    assert state(project) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_a_corrupt_register(project, capsys, command):
    damage(project, "cat-ngan")
    before = state(project)
    code, _, err = cli(capsys, project, *COMMANDS[command])
    assert code == 1 and "bị hỏng" in err and "--dung-lai" in err, err
    assert state(project) == before


@pytest.mark.parametrize("how", DAMAGES)
def test_dung_lai_brings_back_the_lost_register_and_numbering_continues(project, capsys, how):
    rows, log = snapshot(project)
    damage(project, how)
    code, out, err = cli(capsys, project, "verify", "--dung-lai")
    assert code == 0, err
    assert "Đã dựng lại sổ đăng ký" in out and "số lớn nhất đã cấp 02/TB-UBND" in out
    assert snapshot(project) == (rows, log)
    code, out, err = cli(capsys, project, *COMMANDS["issue"])
    assert code == 0, err
    assert "số 03/BC-UBND ngày 20/03/2024" in out


def test_acceptance_delete_refuse_rebuild_equal_and_03(project, capsys):
    """Issue 7's acceptance: two issued, register deleted, issue refused; --dung-lai; the same register; 03."""
    rows, log = snapshot(project)
    (project / "van-thu" / REGISTER_FILE).unlink()
    before = state(project)
    code, _, err = cli(capsys, project, *COMMANDS["issue"])
    assert code == 1 and "Không có sổ đăng ký" in err and "2024/02-TB-UBND.json" in err
    assert state(project) == before and not (project / "van-thu" / REGISTER_FILE).exists()

    code, out, err = cli(capsys, project, "verify", "--dung-lai")
    assert code == 0, err
    again_rows, again_log = snapshot(project)
    assert sorted(again_rows) == sorted(rows) == [2, 4]
    for row_id, row in rows.items():  # every column of every row
        assert again_rows[row_id] == row, row_id
    assert [e.as_dict() for e in again_log] == [e.as_dict() for e in log]
    assert events.chain_faults(again_log) == []
    with Register(project / "van-thu" / REGISTER_FILE) as reg:
        assert reg.faults() == [] and reg.check() == []

    code, out, err = cli(capsys, project, *COMMANDS["issue"])
    assert code == 0, err
    assert "Đã ban hành son-giang-2024/bao-cao-quy-1: số 03/BC-UBND" in out
    assert cli(capsys, project, "verify")[0] == 0


def test_pointing_thu_muc_luu_at_a_new_folder_is_refused(project, capsys):
    settings = project / "data" / "cau-hinh.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "thu_muc_luu: van-thu-moi\n", encoding="utf-8")
    before = state(project)
    for command in ("issue", "build", "list"):
        code, _, err = cli(capsys, project, *COMMANDS[command])
        assert code == 1 and "không có sổ đăng ký và kho lưu đó" in err and "van-thu-moi" in err, err
    assert state(project) == before
    assert not (project / "van-thu-moi").exists()
    with pytest.raises(KehoachError) as e:
        issuing.current_issues(load_project(project / "data"))
    (problem,) = e.value.problems
    assert (Path(problem.file).name, problem.field) == ("cau-hinh.yaml", "ma_kho_luu")


def test_tampered_rows_are_named_by_verify_and_refused_by_issue(project, capsys):
    with closing(sqlite3.connect(project / "van-thu" / REGISTER_FILE)) as db, db:
        db.execute("UPDATE entries SET summary = 'Trích yếu đã sửa', signer = 'Người khác' WHERE number = 2")
    code, _, err = cli(capsys, project, "verify")
    assert code == 1
    assert "dòng 02/TB-UBND ngày 18/3/2024 đã bị sửa ngoài kehoach" in err
    assert "trích yếu: sổ ghi “Trích yếu đã sửa”" in err and "người ký: sổ ghi “Người khác”" in err
    before = state(project)
    code, _, err = cli(capsys, project, *COMMANDS["issue"])
    assert code == 1 and "đã bị sửa ngoài kehoach" in err and "--dung-lai" in err
    assert state(project) == before
    assert cli(capsys, project, "verify", "--dung-lai")[0] == 0
    assert cli(capsys, project, "verify")[0] == 0


def test_files_outside_the_year_folders_are_named(project, capsys):
    (project / "van-thu" / "tam").mkdir()
    (project / "van-thu" / "tam" / "03-BC-UBND.docx").write_bytes(b"x")
    (project / "van-thu" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    code, _, err = cli(capsys, project, "verify")
    assert code == 1
    assert "tam/03-BC-UBND.docx nằm trong kho lưu" in err and "ghi-chu.txt nằm trong kho lưu" in err


def test_renamed_dossier_folder_keeps_its_documents_issued(project, capsys):
    plan = project / "data" / DOSSIER / "ke-hoach.yaml"
    assert "ma_ho_so: son-giang-2024" in plan.read_text(encoding="utf-8")  # written at the first issue
    (project / "data" / DOSSIER).rename(project / "data" / "ke-hoach-cchc-cu")
    code, out, err = cli(capsys, project, "list", "--json")
    assert code == 0, err
    listed = {d["id"]: d for d in json.loads(out)}
    assert (listed[PLAN]["state"], listed[PLAN]["number"]) == ("đã ban hành", "01/KH-UBND")
    assert listed[PLAN]["folder"].endswith("ke-hoach-cchc-cu") and listed[PLAN]["ma_ho_so"] == DOSSIER
    before = state(project)
    code, _, err = cli(capsys, project, "issue", PLAN, "--ngay", "20/03/2024", "--khong-pdf")
    assert code == 1 and "đã ban hành: số 01/KH-UBND" in err and "--thay-the" in err
    assert state(project) == before


def test_two_dossiers_with_one_id_are_an_error_naming_both(project, capsys):
    shutil.copytree(project / "data" / DOSSIER, project / "data" / "ban-sao")
    code, _, err = cli(capsys, project, "build")
    assert code == 1 and "cùng mã hồ sơ" in err
    assert not (project / "out").exists()
    with pytest.raises(KehoachError) as e:
        load_project(project / "data")
    (problem,) = [p for p in e.value.problems if p.is_error]
    assert (Path(problem.file), problem.field) == (project / "data" / DOSSIER / "ke-hoach.yaml", "ma_ho_so")
    assert str(project / "data" / "ban-sao") in problem.message


def test_a_bad_ma_ho_so_is_located(project, capsys):
    plan = project / "data" / DOSSIER / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("ma_ho_so: son-giang-2024", "ma_ho_so: Sơn Giang"),
                    encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        load_project(project / "data")
    (problem,) = [p for p in e.value.problems if p.is_error]
    assert (Path(problem.file).name, problem.field) == ("ke-hoach.yaml", "ma_ho_so")
    assert problem.line and "mã hồ sơ chỉ gồm chữ thường" in problem.message


@pytest.mark.parametrize("args, words", [
    ((), "dự kiến ký tháng 3/2024 nhưng hôm nay là"),
    (("--ngay", "15/03/2204"), "ở tương lai"),
    (("--ngay", "15/03/2025"), "ngoài năm 2024 của văn bản"),
    (("--ngay", "1²/03/2024"), "không đúng dạng ngày/tháng/năm"),
])
def test_issue_dates_that_need_a_second_look_burn_no_number(project, capsys, args, words):
    before = state(project)
    code, _, err = cli(capsys, project, "issue", REPORT, "--khong-pdf", *args)
    assert code == 1 and words in err, err
    assert state(project) == before


def test_the_next_january_needs_no_confirmation(project, capsys):
    code, out, err = cli(capsys, project, "issue", f"{DOSSIER}/bao-cao-nam", "--ngay", "10/01/2025", "--khong-pdf")
    assert code == 0, err
    assert "sẽ nhận số 01/BC-UBND, ngày 10/01/2025" in out


def test_xac_nhan_confirms_a_date_outside_the_documents_year(project, capsys):
    code, out, err = cli(capsys, project, *COMMANDS["issue"][:3], "15/03/2025", "--khong-pdf", "--xac-nhan")
    assert code == 0, err
    assert "sẽ nhận số 01/BC-UBND, ngày 15/03/2025" in out


def test_bo_qua_settles_the_changed_data_warning(project, capsys):
    plan = project / "data" / DOSSIER / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("xếp thứ 19/25", "xếp thứ 18/25", 1), encoding="utf-8")
    code, _, err = cli(capsys, project, "build")
    assert code == 0 and "ke-hoach đã ban hành (số 01/KH-UBND" in err and "dữ liệu của nó đã thay đổi" in err
    assert f"kehoach bo-qua {PLAN}" in err
    code, out, err = cli(capsys, project, "bo-qua", PLAN, "--ly-do", "Sửa số liệu trong dữ liệu cho khớp bản đã ký")
    assert code == 0 and "Đã ghi vào sổ" in out, err
    code, _, err = cli(capsys, project, "build")
    assert code == 0 and "đã ban hành (số 01/KH-UBND" not in err
    assert cli(capsys, project, "verify")[0] == 0


@pytest.mark.parametrize("raw, said", [
    ([1, "open"], "không phải một sự kiện"),
    ({"seq": 1, "kind": "open", "at": None, "data": {}}, "thiếu trường prev, hash"),
    ({"seq": "1", "kind": "open", "at": None, "data": {}, "prev": "", "hash": ""}, "trường sai kiểu"),
])
def test_a_damaged_event_in_a_witness_is_named_in_vietnamese(raw, said):
    from kehoach.register.events import Event

    with pytest.raises(ValueError) as caught:
        Event.from_dict(raw)
    assert str(caught.value) == said  # never Python's English ("list indices must be integers …")
